//! Page kinds: each kind of output file is one unit, a type that implements [`Kind`]. It
//! says which files of its kind a site has, where each goes, which source to blame, and
//! how it is rendered; adding a kind is one file (and its template) plus one line in
//! [`kinds!`].
//!
//! **A job's key is the hash of the job itself**: a job holds exactly what it shows
//! besides the site-wide values of [`Site`] (whose hash is part of every page's key), and
//! its `output` reads nothing else. What a job reads and what its key covers cannot drift:
//! they are the same fields.

mod customer;
mod events;
mod faq;
mod feeds;
mod files;
mod lists;
mod locations;
mod menu;
mod newsletter;
mod pages;
mod post;
mod redirect;
mod search;
mod seo;
mod services;
mod survey;
mod team;
#[cfg(test)]
mod tests;
mod translated;
mod update;

use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use super::Renderer;
use super::site::Site;
use crate::content::date::Date;
use crate::error::Diagnostic;
use crate::output::Body;

pub use customer::{Contact, Suggestions, Testimonials, Thanks, Vcard, YouSaidWeDid};
pub use events::{Event, EventIcs, Events, EventsFeed};
pub use faq::Faq;
pub use feeds::{Atom, JsonFeed, Rss};
pub use files::{Asset, Icon, Image, ThemeStatic};
pub use lists::{Blog, Home, Tag, Tags};
pub use locations::{Location, LocationVcard, Locations};
pub use menu::Menu;
pub use newsletter::{
    EmailHtml, EmailPreview, IssueJob, Newsletter, NewsletterIssue, NewsletterThanks,
};
pub use pages::{NotFound, Page, Privacy};
pub use post::Post;
pub use redirect::{HOST_REDIRECTS, HostRedirects, Redirect};
pub use search::Search;
pub use seo::{Manifest, Robots, Sitemap};
pub use services::Services;
pub use survey::Survey;
pub use team::{Team, TeamVcard};
pub use translated::Translated;
pub use update::Update;

/// One kind of output file.
///
/// The job's own fields are its inputs: its key is their hash (with the hash of the
/// site-wide values it [`Kind::READS`]), and `output` is made from them and those alone.
pub trait Kind<'r>: Hash + Sized {
    /// Which of the [`Site`]'s values its output shows: their hash is part of its key.
    const READS: Reads = Reads::Site;

    /// Every file of this kind in a full build, in order; `before` are the jobs of the
    /// kinds listed before this one.
    fn all(r: &'r Renderer<'r>, before: &[Job<'r>]) -> Vec<Self>;

    /// The route (`blog/x/`, `rss.xml`).
    fn route(&self) -> Cow<'r, str>;

    /// Writes the site path of the file into `out` (empty): the route's `index.html` for a
    /// page. Runs for every job of every preview update: kinds override it to avoid
    /// building the route.
    fn file(&self, out: &mut String) {
        out.push_str(&crate::routes::file(&self.route()));
    }

    /// The source file to blame for the output, relative to the site folder.
    fn source(&self, site: &Site) -> PathBuf {
        let _ = site;
        PathBuf::from(crate::layout::SITE_FILE)
    }

    /// The file's bytes.
    fn output(&self, site: &Site) -> Result<Body, Diagnostic>;

    /// How the sitemap lists it: `None` when it is not an indexable page, else its date of
    /// last change if it has one.
    fn listed(&self) -> Option<Option<Date>> {
        None
    }
}

/// Which site-wide values a kind's output shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    /// All of them: the theme's layout, the navigation, the contact data (every page).
    Site,
    /// `site.yaml` alone (feeds, the sitemap, `robots.txt`).
    Config,
    /// None: a file copied or made from one source (images, icons, the theme's files)
    /// holds what it is made from.
    Nothing,
}

/// A job's key: the program and cache format that made it, its kind, the site-wide values
/// it reads, and its own fields.
fn key_of<'r, K: Kind<'r>>(kind: &K, discriminant: u8, site: &Site) -> u64 {
    let mut h = crate::hash::KeyHasher::default();
    (
        env!("CARGO_PKG_VERSION"),
        crate::cache::FORMAT,
        discriminant,
    )
        .hash(&mut h);
    match K::READS {
        Reads::Site => {
            site.key().hash(&mut h);
            // Which languages have the page: its links to its translations.
            if let Some((languages, _)) = &site.languages {
                languages.has(&kind.route()).hash(&mut h);
            }
        }
        Reads::Config => site.config_key().hash(&mut h),
        Reads::Nothing => {}
    }
    kind.hash(&mut h);
    h.finish()
}

/// Declares every kind, in the order of a build's jobs: [`Job`] with one variant a kind,
/// and the calls that go through it.
macro_rules! kinds {
    ($($(#[$doc:meta])* $name:ident($ty:ty),)*) => {
        /// One output file to produce: a job of one of the [`Kind`]s.
        #[derive(Debug)]
        pub enum Job<'r> {
            $($(#[$doc])* $name($ty),)*
        }

        impl<'r> Job<'r> {
            /// Every job of a full build.
            pub fn all(r: &'r Renderer<'r>) -> Vec<Job<'r>> {
                let mut jobs = Vec::new();
                $(
                    let made = <$ty as Kind>::all(r, &jobs);
                    jobs.extend(made.into_iter().map(Job::$name));
                )*
                jobs
            }

            /// The route (`blog/x/`, `rss.xml`).
            pub fn route(&self) -> Cow<'r, str> {
                match self { $(Job::$name(k) => k.route(),)* }
            }

            /// Writes the site path of the file into `out` (cleared first).
            pub fn write_path(&self, out: &mut String) {
                out.clear();
                match self { $(Job::$name(k) => k.file(out),)* }
            }

            /// The source file to blame for the output, relative to the site folder.
            pub fn source(&self, site: &Site) -> PathBuf {
                match self { $(Job::$name(k) => k.source(site),)* }
            }

            /// The file's bytes.
            pub fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
                match self { $(Job::$name(k) => k.output(site),)* }
            }

            /// The name of its kind (`Post`, `Sitemap`).
            pub fn kind_name(&self) -> &'static str {
                match self { $(Job::$name(_) => stringify!($name),)* }
            }

            /// Which site-wide values it shows (see [`Kind::READS`]).
            pub fn reads(&self) -> Reads {
                match self { $(Job::$name(_) => <$ty as Kind>::READS,)* }
            }

            /// How the sitemap lists it (see [`Kind::listed`]).
            pub fn listed(&self) -> Option<Option<Date>> {
                match self { $(Job::$name(k) => k.listed(),)* }
            }

            /// The hash of its inputs: equal keys mean equal output, so a job is rendered
            /// again exactly when its key changed (in `serve` and a warm `build`).
            pub fn key(&self, site: &Site) -> u64 {
                let mut n = 0u8;
                $(
                    if let Job::$name(k) = self {
                        return key_of(k, n, site);
                    }
                    n += 1;
                )*
                unreachable!("{n} kinds")
            }
        }
    };
}

kinds! {
    /// `/`.
    Home(Home<'r>),
    /// `/blog/` and `/blog/page/N/`.
    Blog(Blog<'r>),
    /// A post.
    Post(Post<'r>),
    /// `/tags/`.
    Tags(Tags<'r>),
    /// A page of a tag's list.
    Tag(Tag<'r>),
    /// A page of `pages/`.
    Page(Page<'r>),
    /// `/contact/`.
    Contact(Contact),
    /// `/contact.vcf`.
    Vcard(Vcard),
    /// `/locations/`: every place of a business with `locations/`.
    Locations(Locations),
    /// A place, `/locations/NAME/`.
    Location(Location<'r>),
    /// A place's vCard, `/locations/NAME.vcf`.
    LocationVcard(LocationVcard<'r>),
    /// `/testimonials/`.
    Testimonials(Testimonials),
    /// `/suggestions/`.
    Suggestions(Suggestions),
    /// A form's thank-you page: `/suggestions/thanks/`, `/update/thanks/`, a survey's.
    Thanks(Thanks<'r>),
    /// `/you-said-we-did/`.
    YouSaidWeDid(YouSaidWeDid),
    /// A survey, `/surveys/NAME/`.
    Survey(Survey<'r>),
    /// `/update/`: customers' new details.
    Update(Update),
    /// `/menu/`.
    Menu(Menu<'r>),
    /// `/services/`.
    Services(Services<'r>),
    /// `/team/`.
    Team(Team<'r>),
    /// A team member's vCard, `/team/NAME.vcf`.
    TeamVcard(TeamVcard<'r>),
    /// `/faq/`.
    Faq(Faq<'r>),
    /// `/events/`: upcoming and past events.
    Events(Events<'r>),
    /// An event, `/events/NAME/`.
    Event(Event<'r>),
    /// An event's calendar file, `/events/NAME.ics`.
    EventIcs(EventIcs<'r>),
    /// `/events.ics`: every event, for calendar apps to subscribe to.
    EventsFeed(EventsFeed<'r>),
    /// `/newsletter/`: the archive and the signup form.
    Newsletter(Newsletter<'r>),
    /// `/newsletter/thanks/`.
    NewsletterThanks(NewsletterThanks<'r>),
    /// An issue's web version, `/newsletter/NAME/`.
    NewsletterIssue(NewsletterIssue<'r>),
    /// In the preview only: the issue's email at 600 px and at phone width, and its text.
    EmailPreview(EmailPreview<'r>),
    /// In the preview only: the issue's email HTML.
    EmailHtml(EmailHtml<'r>),
    /// `/search/`, when the site has search.
    Search(Search),
    /// `/privacy/`.
    Privacy(Privacy<'r>),
    /// `/404.html`.
    NotFound(NotFound),
    /// `/rss.xml`.
    Rss(Rss<'r>),
    /// `/atom.xml`.
    Atom(Atom<'r>),
    /// `/feed.json`.
    JsonFeed(JsonFeed<'r>),
    /// The pages of the site's second and further languages, under their folders.
    Translated(Translated<'r>),
    /// `/sitemap.xml`: every page listed before it.
    Sitemap(Sitemap<'r>),
    /// `/robots.txt`.
    Robots(Robots),
    /// `/manifest.webmanifest`.
    Manifest(Manifest),
    /// A file from `static/` or a bundle.
    Asset(Asset<'r>),
    /// A file made from a raster image: a WebP variant, the light fallback or the card.
    Image(Image<'r>),
    /// A file of the favicon set.
    Icon(Icon<'r>),
    /// A file of the theme's `static/`.
    ThemeStatic(ThemeStatic<'r>),
    /// The page at an old path (an alias or an entry of `redirects.yaml`); after every
    /// other file, so a clash with a page is reported at the redirect.
    Redirect(Redirect<'r>),
    /// `/_redirects`, when the site has redirects.
    HostRedirects(HostRedirects<'r>),
}

impl Job<'_> {
    /// A file copied as it is: its key names it, not its bytes, so it is always copied.
    pub fn is_copied(&self) -> bool {
        matches!(self, Job::Asset(_) | Job::ThemeStatic(_))
    }

    /// The first job of an image, which makes all its files.
    pub fn makes_image(&self) -> bool {
        matches!(self, Job::Image(i) if i.is_first())
    }
}

/// A file the build writes for the host (`_redirects`), which a site's own `static/` file
/// of the same name would clash with.
pub fn is_host_file(job: &Job) -> bool {
    matches!(job, Job::HostRedirects(_))
}

/// The error for a site's own file at the path of the host file `job` writes.
pub fn host_file_clash(job: &Job, theirs: &std::path::Path, jobs: &[Job]) -> Diagnostic {
    match job {
        Job::HostRedirects(_) => redirect::clash(theirs, jobs),
        _ => Diagnostic::file(theirs, format!("clashes with /{}", job.route())),
    }
}

/// The business as schema.org data names it from another item (a service's `provider`, a
/// person's `worksFor`): the `LocalBusiness` of `contact.yaml`, else an `Organization`
/// named by the site's title.
fn business(site: &Site) -> serde_json::Value {
    let url = site.config.base_url.as_str();
    match site.contact {
        Some(c) => serde_json::json!({ "@type": "LocalBusiness", "name": c.business, "url": url }),
        None => serde_json::json!({ "@type": "Organization", "name": site.name(), "url": url }),
    }
}

/// JSON-LD as a page's `<script>` holds it.
fn jsonld_text(v: &serde_json::Value) -> String {
    crate::text::script_safe(&serde_json::to_string(v).expect("JSON-LD serializes"))
}

/// Hashes posts by their fingerprints (which name everything a page shows of them).
fn hash_posts<H: Hasher>(posts: &[std::sync::Arc<crate::content::Post>], h: &mut H) {
    posts.len().hash(h);
    for p in posts {
        p.fingerprint.hash(h);
    }
}

/// A post as a job's input: hashed by its fingerprint.
#[derive(Debug, Clone, Copy)]
pub struct PostRef<'r>(pub &'r crate::content::Post);

impl Hash for PostRef<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.0.fingerprint.hash(h);
    }
}

impl<'r> std::ops::Deref for PostRef<'r> {
    type Target = crate::content::Post;
    fn deref(&self) -> &crate::content::Post {
        self.0
    }
}

/// A slice of posts as a job's input: hashed by their fingerprints.
#[derive(Debug, Clone, Copy)]
pub struct Posts<'r>(pub &'r [std::sync::Arc<crate::content::Post>]);

impl Hash for Posts<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        hash_posts(self.0, h);
    }
}
