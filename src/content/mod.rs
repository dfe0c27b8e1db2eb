//! Load stage: read a site folder into validated, rendered [`Content`].
//!
//! Every file is read and checked, in parallel, and every problem is reported together.

pub mod contact;
pub mod date;
pub mod events;
pub mod faq;
pub mod frontmatter;
pub mod hours;
pub mod links;
pub mod listfile;
pub mod locations;
pub mod menu;
pub mod money;
pub mod newsletter;
pub mod page;
pub mod post;
pub mod redirects;
pub mod services;
pub mod suggestions;
pub mod surveys;
pub mod tags;
pub mod team;
pub mod testimonial;
pub mod update;
/// The site walk lives below every stage; content keeps its old name for it.
pub use crate::walk;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rayon::prelude::*;

use crate::config::{self, Config};
use crate::error::{Diagnostic, Diagnostics, partition};
use crate::markdown;
pub use contact::Contact;
pub use page::PageSource;
pub use post::PostSource;
pub use suggestions::Suggestions;
pub use surveys::Survey;
pub use testimonial::Testimonial;

/// How to load.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Include drafts and future-dated posts.
    pub drafts: bool,
    /// Override `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// The moment that decides which posts are in the future.
    pub now: DateTime<Utc>,
}

impl LoadOptions {
    /// Options for a build made now (the moment [`clock`] gives).
    pub fn now(drafts: bool, base_url: Option<String>) -> Self {
        LoadOptions {
            drafts,
            base_url,
            now: clock().ok().flatten().unwrap_or_else(chrono::Utc::now),
        }
    }
}

/// The variable that sets the build's clock: an RFC 3339 moment, for tests (and for seeing
/// a site as it will be on a day: which events are upcoming, which posts are out).
pub const CLOCK_VAR: &str = "FRONTDESK_NOW";

/// The moment [`CLOCK_VAR`] sets, if it is set; an error when it is not a moment.
pub fn clock() -> Result<Option<DateTime<Utc>>, String> {
    match std::env::var(CLOCK_VAR) {
        Err(_) => Ok(None),
        Ok(v) => DateTime::parse_from_rfc3339(v.trim())
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|e| {
                format!("{CLOCK_VAR}={v:?} is not a moment ({e}): write it as RFC 3339, e.g. 2026-12-12T09:00:00Z, or unset it")
            }),
    }
}

/// A published post, rendered.
#[derive(Debug, Clone)]
pub struct Post {
    /// Front matter and body (shared with the site's keyed store of sources).
    pub src: Arc<PostSource>,
    /// Site path, e.g. `blog/slug/`.
    pub path: String,
    /// Rendered content: in memory, or in the build cache (read when a page shows it).
    pub html: PostHtml,
    /// Rendered summary.
    pub summary_html: String,
    /// Minutes to read.
    pub reading_time: u32,
    /// Where images without alt text are (line, column in the file), for the review.
    pub images_without_alt: Vec<(u32, u32)>,
    /// Characters of the first paragraph (the summary when there is no description).
    pub first_paragraph_chars: usize,
    /// The local image files it shows, relative to the site folder.
    pub images: Vec<PathBuf>,
    /// The local image files a link of it leads to (to their light copy).
    pub linked_images: Vec<PathBuf>,
    /// Images it cannot show (line, column in the file, why): errors.
    pub image_problems: Vec<(u32, u32, String)>,
    /// Links and images left as text (line, column in the file, what), for the review.
    pub text_links: Vec<(u32, u32, markdown::TextLink)>,
    /// Its `.md` links that lead to the default language's page, its own language having
    /// none (as written, and where they lead): the content review notes each.
    pub untranslated_links: Vec<LinkToDefault>,
    /// Hash of everything above: the post's part of a page's inputs.
    pub fingerprint: u64,
}

/// Where a post's rendered HTML is.
#[derive(Debug, Clone)]
pub enum PostHtml {
    /// In memory.
    Ready(String),
    /// In a file of the build cache, with the hash of its bytes.
    Cached(PathBuf, u64),
}

impl Post {
    /// The post's HTML.
    pub fn html(&self) -> Result<std::borrow::Cow<'_, str>, Diagnostic> {
        match &self.html {
            PostHtml::Ready(s) => Ok(s.as_str().into()),
            PostHtml::Cached(file, hash) => {
                let fail = |why: String| {
                    Diagnostic::file(
                        &self.src.source,
                        format!(
                            "cannot read its rendered HTML from the build cache ({}: {why}); build again, or with --no-cache",
                            file.display()
                        ),
                    )
                };
                let text = std::fs::read_to_string(file).map_err(|e| fail(e.to_string()))?;
                if crate::hash::bytes(text.as_bytes()) != *hash {
                    return Err(fail("changed during the build".into()));
                }
                Ok(text.into())
            }
        }
    }
}

/// A page, rendered.
#[derive(Debug, Clone)]
pub struct Page {
    /// Front matter and body.
    pub src: PageSource,
    /// Site path, e.g. `about/`.
    pub path: String,
    /// Rendered content.
    pub html: String,
    /// Where images without alt text are (line, column in the file), for the review.
    pub images_without_alt: Vec<(u32, u32)>,
    /// The local image files it shows, relative to the site folder.
    pub images: Vec<PathBuf>,
    /// The local image files a link of it leads to (to their light copy).
    pub linked_images: Vec<PathBuf>,
    /// Images it cannot show (line, column in the file, why): errors.
    pub image_problems: Vec<(u32, u32, String)>,
    /// Links and images left as text (line, column in the file, what), for the review.
    pub text_links: Vec<(u32, u32, markdown::TextLink)>,
    /// Its `.md` links that lead to the default language's page (see [`Post`]).
    pub untranslated_links: Vec<LinkToDefault>,
    /// Hash of everything above.
    pub fingerprint: u64,
}

/// A file copied as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Absolute source path.
    pub source: PathBuf,
    /// Site path it is written to.
    pub dest: String,
}

/// Everything a site holds, validated and rendered to HTML fragments.
#[derive(Debug, Clone)]
pub struct Content {
    /// The site folder.
    pub site_dir: PathBuf,
    /// `site.yaml`.
    pub config: Config,
    /// Published posts, newest first.
    pub posts: Vec<Arc<Post>>,
    /// Which posts carry each tag.
    pub tags: Arc<tags::Tags>,
    /// Pages, by path.
    pub pages: Vec<Arc<Page>>,
    /// Testimonials, newest first.
    pub testimonials: Vec<Testimonial>,
    /// `contact.yaml`, if present.
    pub contact: Option<Contact>,
    /// `suggestions.yaml`, if present.
    pub suggestions: Option<Suggestions>,
    /// `surveys/*.yaml`, by name.
    pub surveys: Vec<Survey>,
    /// `faq.yaml`, if present, its answers rendered.
    pub faq: Option<faq::Faq>,
    /// `services.yaml`, if present, its descriptions rendered.
    pub services: Option<services::Services>,
    /// `menu.yaml`, if present, its descriptions rendered and its seasons as of `now`.
    pub menu: Option<menu::MenuPage>,
    /// `team/*.yaml`, in the order the team page shows them.
    pub team: Vec<team::Member>,
    /// `locations/*.yaml`, notes rendered, in the order the lists show them (none: a
    /// business of one place, whose place is in `contact.yaml`).
    pub locations: Vec<locations::Location>,
    /// `events/*.md` (and every language's `LANG/events/*.md`), bodies rendered, by first
    /// start.
    pub events: Vec<events::Event>,
    /// The newsletter, if `newsletter.yaml` is present.
    pub newsletter: Option<newsletter::Newsletter>,
    /// `redirects.yaml`'s entries (the aliases are the posts' and pages').
    pub redirects: Vec<redirects::RedirectEntry>,
    /// `static/` files and files of post bundles.
    pub assets: Vec<Asset>,
    /// The home page's intro (`intro` in `site.yaml`), rendered.
    pub intro_html: Option<String>,
    /// The local image files a link of the intro leads to (to their light copy).
    pub intro_linked_images: Vec<PathBuf>,
    /// Problems that do not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// The year of the build (the footer's copyright), from [`LoadOptions::now`].
    pub year: i32,
    /// The moment of the build ([`LoadOptions::now`]), for the review.
    pub now: DateTime<Utc>,
    /// The site's images: their sizes, variants and processed files.
    pub images: Arc<crate::images::Images>,
    /// The data files as the site's further languages read them.
    pub translations: Vec<Translation>,
}

impl Content {
    /// The content of the site's `i`th language: its posts and pages (those in its folder,
    /// `en/posts/`, or outside every language's folder for the first), with the
    /// configuration of that language. Everything else is the whole site's: the files
    /// (every language's pages show the same images), the customer data, the warnings
    /// (reported once, with the first language's).
    pub fn for_language(&self, i: usize, links: &links::SiteLinks) -> Content {
        let config = self.config.for_language(i);
        let translation = i.checked_sub(1).and_then(|k| self.translations.get(k));
        let (intro_html, intro_linked_images) = match translation {
            Some(_) => render_intro(&config, links),
            None => (self.intro_html.clone(), self.intro_linked_images.clone()),
        };
        let ours = |source: &Path| self.config.language_of(source) == i;
        let posts: Vec<Arc<Post>> = (self.posts.iter())
            .filter(|p| ours(&p.src.source))
            .cloned()
            .collect();
        Content {
            site_dir: self.site_dir.clone(),
            tags: Arc::new(tags::Tags::new(&posts)),
            posts,
            pages: (self.pages.iter())
                .filter(|p| ours(&p.src.source))
                .cloned()
                .collect(),
            testimonials: self.testimonials.clone(),
            contact: match translation {
                Some(t) => t.contact.clone(),
                None => self.contact.clone(),
            },
            suggestions: match translation {
                Some(t) => t.suggestions.clone(),
                None => self.suggestions.clone(),
            },
            newsletter: match (translation, &self.newsletter) {
                (
                    Some(Translation {
                        newsletter: Some(settings),
                        issues,
                        ..
                    }),
                    Some(_),
                ) => Some(newsletter::Newsletter {
                    settings: settings.clone(),
                    issues: issues.clone(),
                }),
                _ => self.newsletter.clone(),
            },
            redirects: match i {
                0 => self.redirects.clone(),
                _ => Vec::new(),
            },
            assets: self.assets.clone(),
            intro_html,
            intro_linked_images,
            warnings: match i {
                0 => self.warnings.clone(),
                _ => Vec::new(),
            },
            year: self.year,
            now: self.now,
            images: self.images.clone(),
            translations: Vec::new(),
            surveys: self.surveys.clone(),
            faq: match translation {
                Some(t) => t.faq.as_ref().map(|f| faq::render(f, links)),
                None => self.faq.clone(),
            },
            services: match translation {
                Some(t) => t.services.as_ref().map(|s| services::render(s, links)),
                None => self.services.clone(),
            },
            menu: match translation {
                Some(t) => t.menu.as_ref().map(|m| menu::render(m, links)),
                None => self.menu.clone(),
            },
            team: match translation {
                Some(t) => t.team.clone(),
                None => self.team.clone(),
            },
            locations: match translation {
                Some(t) => locations::render(&t.locations, links),
                None => self.locations.clone(),
            },
            events: {
                // A language with events of its own (`fr/events/`) shows them; another
                // shows the first language's, as it shows the site's shared data files.
                let own = |lang: usize| {
                    (self.events.iter())
                        .filter(|e| self.config.language_of(&e.src.source) == lang)
                        .cloned()
                        .collect::<Vec<_>>()
                };
                match own(i) {
                    none if none.is_empty() && i > 0 => own(0),
                    mine => mine,
                }
            },
            config,
        }
    }
}

/// The checked sources of a site, before any Markdown is rendered.
pub struct Parts {
    /// `site.yaml`.
    pub config: Config,
    /// Every post, drafts and future ones included.
    pub posts: Vec<Arc<PostSource>>,
    /// Pages and the customer data.
    pub extras: Extras,
}

/// How posts are read.
#[derive(Clone, Copy)]
pub enum Reading<'a> {
    /// Keep every post's Markdown in memory (`serve` updates the site later).
    Whole,
    /// Keep no post's Markdown (it is read again when rendered; a build with a cache mostly
    /// never needs it), and take the parsed front matter of unchanged files from `cache`.
    Lean(Option<&'a crate::cache::Cache>),
}

/// Reads `site.yaml`, every post and the extras, reporting every problem at once.
pub fn load_parts(
    site_dir: &Path,
    opts: &LoadOptions,
    reading: Reading,
) -> Result<Parts, Diagnostics> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let config = config::load(site_dir, opts.base_url.as_deref())
        .map_err(|e| errors.extend(e.0))
        .ok();
    let folders = config
        .as_ref()
        .map(crate::config::Config::language_folders)
        .unwrap_or_default();
    let (posts, post_errors) = load_posts(site_dir, &folders, &mut warnings, reading);
    errors.extend(post_errors);
    let languages = config
        .as_ref()
        .map_or_else(|| vec!["en".to_string()], |c| c.languages.clone());
    let extras = load_extras(site_dir, &languages)
        .map_err(|e| errors.extend(e))
        .ok();
    match (config, extras) {
        (Some(config), Some(mut extras)) if errors.is_empty() => {
            extras.warnings.extend(warnings);
            let posts: Vec<Arc<PostSource>> = posts.into_iter().map(Arc::new).collect();
            if let Reading::Lean(Some(cache)) = reading {
                cache.keep_posts(&posts);
            }
            Ok(Parts {
                config,
                posts,
                extras,
            })
        }
        _ => Err(Diagnostics(errors).sorted()),
    }
}

/// Everything but the posts and `site.yaml`: pages and the customer data.
#[derive(Debug, Clone)]
pub struct Extras {
    /// Pages, not yet rendered.
    pub pages: Vec<PageSource>,
    /// Testimonials, newest first.
    pub testimonials: Vec<Testimonial>,
    /// `contact.yaml`.
    pub contact: Option<Contact>,
    /// `suggestions.yaml`.
    pub suggestions: Option<Suggestions>,
    /// `surveys/*.yaml`, by name.
    pub surveys: Vec<Survey>,
    /// `faq.yaml`.
    pub faq: Option<faq::FaqSource>,
    /// `services.yaml`.
    pub services: Option<services::ServicesSource>,
    /// `menu.yaml`.
    pub menu: Option<menu::MenuSource>,
    /// `team/*.yaml`, in order.
    pub team: Vec<team::Member>,
    /// `locations/*.yaml`, in order, notes not yet rendered.
    pub locations: Vec<locations::Location>,
    /// `events/*.md` and `LANG/events/*.md`, by first start.
    pub events: Vec<events::EventSource>,
    /// `newsletter.yaml` and `newsletter/*.md`.
    pub newsletter: Option<newsletter::Newsletter>,
    /// `redirects.yaml`.
    pub redirects: Vec<redirects::RedirectEntry>,
    /// Problems that do not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// The data files as the site's second and further languages read them.
    pub translations: Vec<Translation>,
}

/// The data files as one of the site's further languages reads them: their texts in that
/// language (`response_time: {en: ..., fr: ...}`).
#[derive(Debug, Clone, Default)]
pub struct Translation {
    /// `contact.yaml`.
    pub contact: Option<Contact>,
    /// `suggestions.yaml`.
    pub suggestions: Option<Suggestions>,
    /// `newsletter.yaml`'s settings.
    pub newsletter: Option<newsletter::Settings>,
    /// The language's own issues (`en/newsletter/*.md`), oldest first: each language's
    /// readers get the issues written in it.
    pub issues: Vec<newsletter::Issue>,
    /// `menu.yaml`.
    pub menu: Option<menu::MenuSource>,
    /// `team/*.yaml`, in order.
    pub team: Vec<team::Member>,
    /// `faq.yaml`.
    pub faq: Option<faq::FaqSource>,
    /// `services.yaml`.
    pub services: Option<services::ServicesSource>,
    /// `locations/*.yaml`, in order, notes not yet rendered.
    pub locations: Vec<locations::Location>,
}

/// Reads pages, testimonials, contact and suggestions.
///
/// `languages`: the site's, the default first: the further languages' `pages/` (`en/pages/`)
/// are read too, and the data files once for each language (their texts may differ).
pub fn load_extras(site_dir: &Path, languages: &[String]) -> Result<Extras, Vec<Diagnostic>> {
    let first = languages.first().map_or("en", |l| l.as_str());
    crate::i18n::localized::reading_in(languages, first, || load_extras_in(site_dir, languages))
}

fn load_extras_in(site_dir: &Path, languages: &[String]) -> Result<Extras, Vec<Diagnostic>> {
    let static_dir = site_dir.join(crate::layout::STATIC);
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut page_files = Vec::new();
    let folders: Vec<String> = (languages.iter().skip(1))
        .map(|l| crate::layout::lang_folder(l))
        .collect();
    for dir in source_dirs(crate::layout::PAGES, &folders) {
        page_files.extend(yaml_or_md_files(
            site_dir,
            &dir,
            "md",
            &mut warnings,
            &mut errors,
        ));
    }
    let (pages, page_errors) = partition(
        page_files
            .par_iter()
            .map(|rel| page::parse(rel, &walk::read_text(site_dir, rel)?))
            .collect::<Vec<_>>(),
    );
    errors.extend(page_errors);
    let (mut testimonials, t_errors) = partition(
        yaml_or_md_files(
            site_dir,
            crate::layout::TESTIMONIALS,
            "yaml",
            &mut warnings,
            &mut errors,
        )
        .par_iter()
        .map(|rel| testimonial::parse(rel, &walk::read_text(site_dir, rel)?, &static_dir))
        .collect::<Vec<_>>(),
    );
    errors.extend(t_errors);
    testimonials.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.author.cmp(&b.author)));
    let location_files = yaml_or_md_files(
        site_dir,
        crate::layout::LOCATIONS,
        "yaml",
        &mut warnings,
        &mut errors,
    );
    let has_locations = !location_files.is_empty();
    let contact = optional_file(
        site_dir,
        crate::layout::CONTACT_FILE,
        |text| contact::parse_for(text, &static_dir, has_locations),
        &mut errors,
    )
    .map(|(c, w)| {
        warnings.extend(w);
        c
    });
    let suggestions = optional_file(
        site_dir,
        crate::layout::SUGGESTIONS_FILE,
        suggestions::parse,
        &mut errors,
    )
    .map(|(s, w)| {
        warnings.extend(w);
        s
    });
    let (mut surveys, survey_errors) = partition(
        yaml_or_md_files(
            site_dir,
            crate::layout::SURVEYS,
            "yaml",
            &mut warnings,
            &mut errors,
        )
        .par_iter()
        .map(|rel| surveys::parse(rel, &walk::read_text(site_dir, rel)?))
        .collect::<Vec<_>>(),
    );
    errors.extend(survey_errors);
    surveys.sort_by(|a, b| a.name.cmp(&b.name));
    for pair in surveys.windows(2) {
        if pair[0].name == pair[1].name {
            errors.push(Diagnostic::file(
                &pair[1].source,
                format!(
                    "makes the same page as {}: rename one",
                    pair[0].source.display()
                ),
            ));
        }
    }
    let faq = optional_file(site_dir, crate::layout::FAQ_FILE, faq::parse, &mut errors);
    let services = optional_file(
        site_dir,
        crate::layout::SERVICES_FILE,
        services::parse,
        &mut errors,
    );
    let menu = optional_file(site_dir, crate::layout::MENU_FILE, menu::parse, &mut errors);
    let team_files = yaml_or_md_files(
        site_dir,
        crate::layout::TEAM,
        "yaml",
        &mut warnings,
        &mut errors,
    );
    let team = read_team(site_dir, &team_files, &static_dir, &mut errors);
    let locations = read_locations(
        site_dir,
        &location_files,
        &static_dir,
        &team,
        (&mut warnings, &mut errors),
    );
    if has_locations && contact.is_none() && !site_dir.join(crate::layout::CONTACT_FILE).exists() {
        errors.push(Diagnostic::file(
            crate::layout::CONTACT_FILE,
            format!(
                "not found, and {}/ holds the business's places: add a {} with the business's name and the person who answers (see docs/kinds.md)",
                crate::layout::LOCATIONS,
                crate::layout::CONTACT_FILE
            ),
        ));
    }
    let mut contact = contact;
    if let Some(c) = contact.as_mut()
        && let Err(e) = c.resolve_person(&team)
    {
        errors.push(e);
    }
    let defaults = events::Defaults {
        timezone: contact.as_ref().and_then(|c| match &c.hours {
            Some(hours::Hours::Week(w)) => Some(w.timezone),
            _ => None,
        }),
        currency: services
            .as_ref()
            .and_then(|s| s.services.iter().find_map(|s| s.price.map(|p| p.currency))),
    };
    let mut event_files = Vec::new();
    for dir in source_dirs(crate::layout::EVENTS, &folders) {
        event_files.extend(yaml_or_md_files(
            site_dir,
            &dir,
            "md",
            &mut warnings,
            &mut errors,
        ));
    }
    let (mut events, event_errors) = partition(
        event_files
            .par_iter()
            .map(|rel| events::parse(rel, &walk::read_text(site_dir, rel)?, defaults))
            .collect::<Vec<_>>(),
    );
    errors.extend(event_errors);
    events::sort_and_check(&mut events, &mut errors);
    let redirects = optional_file(
        site_dir,
        crate::layout::REDIRECTS_FILE,
        redirects::parse,
        &mut errors,
    )
    .unwrap_or_default();
    let settings = optional_file(
        site_dir,
        crate::layout::NEWSLETTER_FILE,
        newsletter::parse_settings,
        &mut errors,
    );
    let issues = read_issues(
        site_dir,
        crate::layout::NEWSLETTER,
        &mut warnings,
        &mut errors,
    );
    let newsletter = match settings {
        Some(settings) => Some(newsletter::Newsletter { settings, issues }),
        // A newsletter.yaml that is there but broken has said what is wrong with it.
        None if !issues.is_empty() && !site_dir.join(crate::layout::NEWSLETTER_FILE).exists() => {
            errors.push(Diagnostic::file(crate::layout::NEWSLETTER_FILE, format!("not found, and {}/ holds issues: add a {} saying who sends them and where people sign up (see docs/site-folder.md)", crate::layout::NEWSLETTER, crate::layout::NEWSLETTER_FILE)));
            None
        }
        None => None,
    };
    let translations = (languages.iter().skip(1))
        .map(|lang| {
            let mut t = crate::i18n::localized::reading_in(languages, lang, || Translation {
                contact: optional_file(
                    site_dir,
                    crate::layout::CONTACT_FILE,
                    |text| contact::parse_for(text, &static_dir, has_locations),
                    &mut errors,
                )
                .map(|(c, _)| c),
                suggestions: optional_file(
                    site_dir,
                    crate::layout::SUGGESTIONS_FILE,
                    suggestions::parse,
                    &mut errors,
                )
                .map(|(s, _)| s),
                newsletter: optional_file(
                    site_dir,
                    crate::layout::NEWSLETTER_FILE,
                    newsletter::parse_settings,
                    &mut errors,
                ),
                issues: read_issues(
                    site_dir,
                    &format!(
                        "{}/{}",
                        crate::layout::lang_folder(lang),
                        crate::layout::NEWSLETTER
                    ),
                    &mut warnings,
                    &mut errors,
                ),
                menu: optional_file(site_dir, crate::layout::MENU_FILE, menu::parse, &mut errors),
                team: read_team(site_dir, &team_files, &static_dir, &mut errors),
                faq: optional_file(site_dir, crate::layout::FAQ_FILE, faq::parse, &mut errors),
                services: optional_file(
                    site_dir,
                    crate::layout::SERVICES_FILE,
                    services::parse,
                    &mut errors,
                ),
                locations: Vec::new(),
            });
            t.locations = crate::i18n::localized::reading_in(languages, lang, || {
                read_locations(
                    site_dir,
                    &location_files,
                    &static_dir,
                    &t.team,
                    (&mut Vec::new(), &mut errors),
                )
            });
            if let Some(c) = t.contact.as_mut()
                && let Err(e) = c.resolve_person(&t.team)
            {
                errors.push(e);
            }
            t
        })
        .collect();
    // One problem written once is reported once (each language's reading finds it).
    errors.sort_by_key(|d| d.to_string());
    errors.dedup_by_key(|d| d.to_string());
    if errors.is_empty() {
        Ok(Extras {
            pages,
            testimonials,
            contact,
            suggestions,
            surveys,
            faq,
            services,
            menu,
            team,
            locations,
            events,
            newsletter,
            redirects,
            warnings,
            translations,
        })
    } else {
        Err(errors)
    }
}

/// The newsletter issues in `folder` (`newsletter/`, `en/newsletter/`), oldest first; two
/// issues making the same page are an error at the second.
fn read_issues(
    site_dir: &Path,
    folder: &str,
    warnings: &mut Vec<Diagnostic>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<newsletter::Issue> {
    let issue_files = yaml_or_md_files(site_dir, folder, "md", warnings, errors);
    let (mut issues, issue_errors) = partition(
        issue_files
            .par_iter()
            .map(|rel| newsletter::parse_issue(rel, &walk::read_text(site_dir, rel)?))
            .collect::<Vec<_>>(),
    );
    errors.extend(issue_errors);
    issues.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.slug.cmp(&b.slug)));
    for pair in issues.windows(2) {
        if pair[0].slug == pair[1].slug {
            errors.push(Diagnostic::file(
                &pair[1].source,
                format!(
                    "makes the same page as {}: rename one",
                    pair[0].source.display()
                ),
            ));
        }
    }
    issues
}

/// Renders the published posts and the pages into [`Content`].
pub fn assemble(
    site_dir: &Path,
    config: Config,
    post_sources: Vec<Arc<PostSource>>,
    extras: Extras,
    opts: &LoadOptions,
    cache: Option<&crate::cache::Cache>,
    images: Arc<crate::images::Images>,
) -> Content {
    let published: Vec<Arc<PostSource>> = post_sources
        .into_iter()
        .filter(|p| is_published(p, opts))
        .collect();
    let links = links::SiteLinks::new(
        &config,
        published.iter().map(|p| p.as_ref()),
        &extras.pages,
        Some(images.clone()),
    )
    .with_menu(menu_references(
        &config,
        extras.menu.as_ref(),
        &extras.translations,
        opts.now.date_naive(),
    ));
    let mut posts: Vec<Arc<Post>> = published
        .into_par_iter()
        .map(|src| Arc::new(render_post(src, &links, cache, site_dir)))
        .collect();
    sort_posts(&mut posts);
    let mut pages: Vec<Arc<Page>> = extras
        .pages
        .into_par_iter()
        .map(|src| Arc::new(render_page(src, &links)))
        .collect();
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    let assets = all_assets(site_dir, &posts);
    let (intro_html, intro_linked_images) = render_intro(&config, &links);
    let mut newsletter = extras.newsletter;
    newsletter::prepare(&mut newsletter, &links, opts.drafts);
    let mut translations = extras.translations;
    for t in &mut translations {
        newsletter::prepare_issues(&mut t.issues, &links, opts.drafts);
    }
    Content {
        site_dir: site_dir.to_path_buf(),
        config,
        tags: Arc::new(tags::Tags::new(&posts)),
        posts,
        pages,
        testimonials: extras.testimonials,
        contact: extras.contact,
        suggestions: extras.suggestions,
        surveys: extras.surveys,
        faq: extras.faq.as_ref().map(|f| faq::render(f, &links)),
        services: (extras.services.as_ref()).map(|s| services::render(s, &links)),
        menu: (extras.menu.as_ref()).map(|m| menu::render(m, &links)),
        team: extras.team,
        locations: locations::render(&extras.locations, &links),
        events: (extras.events.iter())
            .map(|e| events::render(e, &links))
            .collect(),
        newsletter,
        redirects: extras.redirects,
        assets,
        intro_html,
        intro_linked_images,
        warnings: extras.warnings,
        year: chrono::Datelike::year(&opts.now),
        now: opts.now,
        images,
        translations,
    }
}

/// `locations/*.yaml` (`files`) as the language being read reads them, in the lists'
/// order, their people named from `team`; one of them the main one.
fn read_locations(
    site_dir: &Path,
    files: &[PathBuf],
    static_dir: &Path,
    team: &[team::Member],
    (warnings, errors): (&mut Vec<Diagnostic>, &mut Vec<Diagnostic>),
) -> Vec<locations::Location> {
    // In this thread: the language being read is this thread's (a few files, no pool).
    let (read, problems) = partition(
        files
            .iter()
            .map(|rel| locations::parse(rel, &walk::read_text(site_dir, rel)?, static_dir))
            .collect::<Vec<_>>(),
    );
    errors.extend(problems);
    let mut all = Vec::new();
    for (l, w) in read {
        warnings.extend(w);
        all.push(l);
    }
    locations::sort_and_check(&mut all, team, errors);
    all
}

/// `team/*.yaml` (`files`) as the language being read reads them, in the page's order.
fn read_team(
    site_dir: &Path,
    files: &[PathBuf],
    static_dir: &Path,
    errors: &mut Vec<Diagnostic>,
) -> Vec<team::Member> {
    // Each file on a worker thread, reading the language this thread reads.
    let reading = crate::i18n::localized::current();
    let (mut members, problems) = partition(
        files
            .par_iter()
            .map(|rel| {
                crate::i18n::localized::reading_as(&reading, || {
                    team::parse(rel, &walk::read_text(site_dir, rel)?, static_dir)
                })
            })
            .collect::<Vec<_>>(),
    );
    errors.extend(problems);
    team::sort(&mut members);
    members
}

/// What `[menu:KEY]` shows in each language's posts and pages, by the language's folder
/// prefix (`""`, `en/`): the menu of `menu.yaml` as that language reads it, its prices
/// as that language writes them, its seasons as of `today`.
pub fn menu_references(
    config: &Config,
    first: Option<&menu::MenuSource>,
    translations: &[Translation],
    today: chrono::NaiveDate,
) -> links::MenuRefs {
    let count = config.languages.len().max(1);
    let refs = (0..count)
        .filter_map(|i| {
            let menu = match i {
                0 => first,
                _ => translations.get(i - 1)?.menu.as_ref(),
            }?;
            let config = config.for_language(i);
            let lang = crate::i18n::Language::builtin(&config.language);
            let url = config.url(crate::routes::MENU);
            Some((
                config.prefix.clone(),
                menu::references(menu, &lang, &url, today),
            ))
        })
        .collect();
    Arc::new(refs)
}

/// Renders `intro` from `site.yaml`; its links resolve as from the home page. Gives the
/// HTML and the image files its links lead to.
pub fn render_intro(config: &Config, links: &links::SiteLinks) -> (Option<String>, Vec<PathBuf>) {
    // The home page of the intro's language (`/`, `/fr/`).
    let home = config.url("");
    let Some(text) = config.intro.as_ref() else {
        return (None, Vec::new());
    };
    let doc = links.for_doc(Path::new(crate::layout::SITE_FILE), &home, false);
    let recorder = markdown::Recorder::new(&doc);
    let html = markdown::render(text, &recorder).html;
    (Some(html), recorder.into_recorded().linked)
}

/// Drafts and future posts are published only with `--drafts`.
pub fn is_published(p: &PostSource, opts: &LoadOptions) -> bool {
    opts.drafts || (!p.draft && !p.date.is_future(opts.now))
}

/// Assets of `static/`.
pub fn static_assets(site_dir: &Path) -> Vec<Asset> {
    walk::files(site_dir, crate::layout::STATIC)
        .into_iter()
        .map(|rel| Asset {
            dest: walk::slash_path(rel.strip_prefix(crate::layout::STATIC).unwrap_or(&rel)),
            source: site_dir.join(&rel),
        })
        .collect()
}

/// Assets of `static/` and of every post bundle.
pub fn all_assets(site_dir: &Path, posts: &[Arc<Post>]) -> Vec<Asset> {
    let mut assets = static_assets(site_dir);
    for post in posts {
        assets.extend(bundle_assets(site_dir, post));
    }
    assets
}

/// Newest first; ties broken by slug, then source path, so the order never depends on
/// threads or on how the posts were gathered.
pub fn sort_posts(posts: &mut [Arc<Post>]) {
    posts.sort_by(|a, b| post_order(a, b));
}

/// The order of the post list: newest first, then by slug, then by file (two posts with
/// one slug are an error reported by path, and still have one order).
pub fn post_order(a: &Post, b: &Post) -> std::cmp::Ordering {
    b.src
        .date
        .cmp(&a.src.date)
        .then_with(|| a.src.slug.cmp(&b.src.slug))
        .then_with(|| a.src.source.cmp(&b.src.source))
}

/// Renders a post's Markdown, or finds it in the build `cache` when nothing it was made
/// from changed (then the HTML stays on disk until a page shows it).
pub fn render_post(
    src: Arc<PostSource>,
    links: &links::SiteLinks,
    cache: Option<&crate::cache::Cache>,
    site_dir: &Path,
) -> Post {
    let path = crate::routes::post(&src.slug);
    let url = links.url_of(&src.source, &path);
    let doc = links.for_doc(&src.source, &url, src.is_bundle());
    if let Some(cache) = cache
        && let Some((entry, file)) = cache.lookup(
            &src.source,
            src.text_hash,
            src.is_bundle(),
            |d| markdown::Links::resolve(&doc, d),
            |d| markdown::image_answer(&markdown::Links::image(&doc, d)),
        )
    {
        let html = PostHtml::Cached(file, entry.html_hash);
        let review = (
            entry.images_without_alt,
            entry.first_paragraph_chars,
            entry.text_links,
        );
        let parts = (excerpt(entry.summary_html, &url), entry.words, entry.more);
        let used = markdown::Recorded {
            links: entry.links,
            images: entry.images,
            files: entry.image_files,
            linked: entry.linked_files,
        };
        let to_default = links.to_default_language(&src.source, &used.links);
        let problems = (entry.image_problems, to_default);
        return finish_post(src, path, used, parts, review, problems, html);
    }
    // A lean load kept no Markdown: read it again (from the page cache, usually).
    let reread;
    let body = if src.body.is_empty() {
        reread = walk::read_text(site_dir, &src.source)
            .ok()
            .and_then(|t| frontmatter::split(&t).ok().map(|s| s.body.to_string()))
            .unwrap_or_default();
        reread.as_str()
    } else {
        src.body.as_str()
    };
    let more = body.contains(markdown::MORE);
    let recorder = markdown::Recorder::new(&doc);
    let rendered = markdown::render(body, &recorder);
    let used = recorder.into_recorded();
    let place = |at: usize| {
        let (line, col) = crate::text::line_col(body, at);
        (line + src.body_line - 1, col)
    };
    let no_alt: Vec<(u32, u32)> = rendered
        .images_without_alt
        .iter()
        .map(|&at| place(at))
        .collect();
    let image_problems: Vec<(u32, u32, String)> = rendered
        .image_problems
        .iter()
        .map(|(at, why)| {
            let (line, col) = place(*at);
            (line, col, why.clone())
        })
        .collect();
    let text_links = placed_text_links(&rendered.text_links, place);
    let html = match cache {
        Some(cache) => {
            let entry = crate::cache::Entry {
                text_hash: src.text_hash,
                bundle: src.is_bundle(),
                links: used.links.clone(),
                images: used.images.clone(),
                image_files: used.files.clone(),
                linked_files: used.linked.clone(),
                image_problems: image_problems.clone(),
                summary_html: rendered.summary_html.clone(),
                words: rendered.words,
                more,
                html_hash: crate::hash::bytes(rendered.html.as_bytes()),
                images_without_alt: no_alt.clone(),
                first_paragraph_chars: rendered.first_paragraph_chars,
                text_links: text_links.clone(),
            };
            let hash = entry.html_hash;
            match cache.store(&src.source, entry, &rendered.html) {
                Ok(file) => PostHtml::Cached(file, hash),
                Err(_) => PostHtml::Ready(rendered.html),
            }
        }
        None => PostHtml::Ready(rendered.html),
    };
    let review = (no_alt, rendered.first_paragraph_chars, text_links);
    let parts = (excerpt(rendered.summary_html, &url), rendered.words, more);
    let to_default = links.to_default_language(&src.source, &used.links);
    finish_post(
        src,
        path,
        used,
        parts,
        review,
        (image_problems, to_default),
        html,
    )
}

/// A post's summary as other pages show it (the blog's pages, tags, home, feeds, newsletter
/// issues): its own-page and relative references resolved against the post's `url`, so
/// `#part` still leads to the post's heading. The build cache keeps the summary as rendered.
fn excerpt(summary: Option<String>, url: &str) -> Option<String> {
    summary.map(|s| crate::html_urls::rebase(&s, url))
}

/// The rest of a post from its rendered parts. Its fingerprint hashes what the HTML was
/// made from (the text, how its links resolved), so it is the same whether the HTML was
/// rendered now or found in the cache.
fn finish_post(
    src: Arc<PostSource>,
    path: String,
    used: markdown::Recorded,
    (summary, words, more): (Option<String>, usize, bool),
    (images_without_alt, first_paragraph_chars, text_links): (
        Vec<(u32, u32)>,
        usize,
        Vec<PlacedTextLink>,
    ),
    (image_problems, untranslated_links): (Vec<PlacedProblem>, Vec<LinkToDefault>),
    html: PostHtml,
) -> Post {
    let summary_html = match (summary, &src.description) {
        (Some(s), _) if more => s,
        (_, Some(d)) => format!("<p>{}</p>\n", escape(d)),
        (Some(s), None) => s,
        (None, None) => String::new(),
    };
    let reading_time = words.div_ceil(200).max(1) as u32;
    let fingerprint = crate::hash::of(&(
        (
            &src.source,
            src.text_hash,
            &src.bundle_files,
            src.is_bundle(),
        ),
        (
            &path,
            &used.links,
            &used.images,
            &summary_html,
            reading_time,
        ),
    ));
    Post {
        untranslated_links,
        reading_time,
        images_without_alt,
        images: used.files,
        linked_images: used.linked,
        image_problems,
        first_paragraph_chars,
        text_links,
        html,
        summary_html,
        path,
        src,
        fingerprint,
    }
}

/// Renders a page's Markdown.
pub fn render_page(src: PageSource, links: &links::SiteLinks) -> Page {
    let path = format!("{}/", src.path);
    let url = links.url_of(&src.source, &path);
    let doc = links.for_doc(&src.source, &url, false);
    let recorder = markdown::Recorder::new(&doc);
    let rendered = markdown::render(&src.body, &recorder);
    let used = recorder.into_recorded();
    let fingerprint = crate::hash::of(&(&src.source, src.text_hash, &path, &rendered.html));
    let place = |at: usize| {
        let (line, col) = crate::text::line_col(&src.body, at);
        (line + src.body_line - 1, col)
    };
    let images_without_alt = rendered
        .images_without_alt
        .iter()
        .map(|&at| place(at))
        .collect();
    let image_problems = rendered
        .image_problems
        .iter()
        .map(|(at, why)| {
            let (line, col) = place(*at);
            (line, col, why.clone())
        })
        .collect();
    Page {
        untranslated_links: links.to_default_language(&src.source, &used.links),
        text_links: placed_text_links(&rendered.text_links, place),
        images_without_alt,
        images: used.files,
        linked_images: used.linked,
        image_problems,
        html: rendered.html,
        path,
        src,
        fingerprint,
    }
}

/// A problem of a document at its line and column, and what it is.
pub type PlacedProblem = (u32, u32, String);

/// A link of a translation that leads to the default language's page: as written, and
/// the URL it leads to ([`links::SiteLinks::to_default_language`]).
pub type LinkToDefault = (String, String);

/// A link left as text, at its line and column in the file.
pub type PlacedTextLink = (u32, u32, markdown::TextLink);

/// Links left as text, at their line and column in the file.
fn placed_text_links(
    found: &[(usize, markdown::TextLink)],
    place: impl Fn(usize) -> (u32, u32),
) -> Vec<(u32, u32, markdown::TextLink)> {
    found
        .iter()
        .map(|(at, link)| {
            let (line, col) = place(*at);
            (line, col, link.clone())
        })
        .collect()
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html_body_text(&mut out, s).ok();
    out
}

/// The files of a post's bundle, published beside it.
pub fn bundle_assets(site_dir: &Path, post: &Post) -> Vec<Asset> {
    if post.src.bundle_files.is_empty() {
        return Vec::new();
    }
    let dir = post.src.source.parent().unwrap_or(Path::new(""));
    post.src
        .bundle_files
        .iter()
        .map(|rel| Asset {
            source: site_dir.join(rel),
            dest: format!(
                "{}{}{}",
                crate::layout::language_prefix(&post.src.source),
                post.path,
                walk::slash_path(rel.strip_prefix(dir).unwrap_or(rel))
            ),
        })
        .collect()
}

/// Finds and parses every post; files beside an `index.md` belong to its bundle.
pub fn load_posts(
    site_dir: &Path,
    languages: &[String],
    warnings: &mut Vec<Diagnostic>,
    reading: Reading,
) -> (Vec<PostSource>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut link_errors = Vec::new();
    for dir in source_dirs(crate::layout::POSTS, languages) {
        let listing = walk::list(site_dir, &dir);
        files.extend(listing.files);
        link_errors.extend(listing.outside);
    }
    let bundle_dirs: HashSet<PathBuf> = files
        .iter()
        .filter(|f| f.file_name().is_some_and(|n| n == "index.md"))
        .filter_map(|f| f.parent().map(Path::to_path_buf))
        // posts/index.md is a post, not a bundle holding every other post.
        .filter(|dir| crate::layout::posts_root(dir).is_some_and(|root| *dir != root))
        .collect();
    let bundle_of = |f: &Path| {
        f.ancestors()
            .skip(1)
            .find(|a| bundle_dirs.contains(*a))
            .map(Path::to_path_buf)
    };
    let mut md = Vec::new();
    let mut extra: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut misnamed = Vec::new();
    for f in files {
        // A name becomes a URL and a key of the build cache: it must be text.
        if f.to_str().is_none() {
            misnamed.push(Diagnostic::file(
                &f,
                "the file's name is not valid UTF-8 (it was written in another encoding): \
                 rename it, e.g. with letters from the Latin alphabet, digits and dashes",
            ));
            continue;
        }
        let is_index = f.file_name().is_some_and(|n| n == "index.md");
        match (is_index, bundle_of(&f)) {
            (true, _) => md.push(f),
            (false, Some(dir)) => extra.push((dir, f)),
            (false, None) if f.extension().is_some_and(|e| e == "md") => md.push(f),
            (false, None) => warnings.push(Diagnostic::file(&f, "not a post and not in a bundle (posts/NAME/index.md): not published; put shared files in static/")),
        }
    }
    let (mut sources, errors) = partition(
        md.par_iter()
            .map(|rel| {
                let cache = match reading {
                    Reading::Lean(cache) => cache,
                    Reading::Whole => None,
                };
                if let Some(cache) = cache
                    && let Some(src) = cache.post(rel, crate::cache::Stamp::of(&site_dir.join(rel)))
                {
                    return Ok(src);
                }
                let mut src = post::parse(rel, &walk::read_text(site_dir, rel)?)?;
                if let Reading::Lean(_) = reading {
                    src.body = String::new();
                }
                Ok(src)
            })
            .collect::<Vec<_>>(),
    );
    for src in &mut sources {
        if src.is_bundle() {
            let dir = src.source.parent().unwrap_or(Path::new(""));
            src.bundle_files = extra
                .iter()
                .filter(|(d, _)| d == dir)
                .map(|(_, f)| f.clone())
                .collect();
        }
    }
    link_errors.extend(errors);
    link_errors.extend(misnamed);
    (sources, link_errors)
}

/// `dir` (`posts`), and the same folder of each language in `languages` (`en/posts`).
fn source_dirs(dir: &str, languages: &[String]) -> Vec<String> {
    std::iter::once(dir.to_string())
        .chain(languages.iter().map(|l| format!("{l}/{dir}")))
        .collect()
}

/// The `.ext` files of `site_dir/sub`; other files are warnings, links leading outside the
/// site folder errors.
fn yaml_or_md_files(
    site_dir: &Path,
    sub: &str,
    ext: &str,
    warnings: &mut Vec<Diagnostic>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let listing = walk::list(site_dir, sub);
    errors.extend(listing.outside);
    for f in listing.files {
        let e = f.extension().and_then(|e| e.to_str()).unwrap_or("");
        if e == ext || (ext == "yaml" && e == "yml") {
            out.push(f);
        } else {
            warnings.push(Diagnostic::file(
                &f,
                format!("ignored: only .{ext} files belong in {sub}/"),
            ));
        }
    }
    out
}

fn optional_file<T>(
    site_dir: &Path,
    name: &str,
    parse: impl FnOnce(&str) -> Result<T, Diagnostics>,
    errors: &mut Vec<Diagnostic>,
) -> Option<T> {
    if !site_dir.join(name).exists() {
        return None;
    }
    let text = walk::read_text(site_dir, Path::new(name))
        .map_err(|e| errors.push(e))
        .ok()?;
    parse(&text).map_err(|e| errors.extend(e.0)).ok()
}
