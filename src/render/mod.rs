//! Render stage: [`Content`] + [`Theme`] in, [`Output`]s out. Nothing here touches disk
//! except reading the theme; `build` writes the outputs, `serve` keeps them in memory.
//!
//! The work is split into [`Job`]s, each one output file, so a full build renders
//! them all in parallel and a preview rebuild renders only the jobs a change affects.

pub mod customer;
pub mod feeds;
pub mod filters;
pub mod foreign;
pub mod hours;
pub mod icons;
pub mod jobs;
pub mod newsletter;
mod pages;
mod recursion;
pub mod seo;
pub mod theme;
pub mod views;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::content::{Content, Post};
use crate::error::{Diagnostic, Diagnostics};
use crate::output::{Body, Output};
use crate::routes;
pub use jobs::{IssueJob, Job, page_count};
pub use theme::Theme;
use views::*;

/// Posts shown on the home page.
pub const HOME_POSTS: usize = 5;
/// Featured testimonials on the home page.
pub const HOME_TESTIMONIALS: usize = 3;

/// Marks a post page's input hash, so it never equals another kind of job's.
const POST_KEY: u64 = u64::from_le_bytes(*b"postpage");

/// How to render.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Rendering for `serve`: the form posts to the preview server.
    pub preview: bool,
    /// Image files are not made here: the original stands in for each variant and card
    /// until they are in the cache (`serve` makes them in the background; `check` reads
    /// only pages).
    pub stand_in_images: bool,
}

impl RenderOptions {
    /// How `serve` renders.
    pub const PREVIEW: RenderOptions = RenderOptions {
        preview: true,
        stand_in_images: true,
    };
}

/// Renders a loaded site.
pub struct Renderer<'a> {
    /// The content.
    pub content: &'a Content,
    /// The theme.
    pub theme: &'a Theme,
    /// What each image makes.
    pub images: crate::images::plan::Plan<'a>,
    opts: RenderOptions,
    base: tera::Context,
    /// Hash of what every page shows besides its own content: the configuration, the
    /// theme, the contact data, testimonials and form, the pages (navigation), the home
    /// intro, the year in the footer and this program's version.
    site_key: u64,
    /// What each newsletter issue carries (it depends on the issues before it), assembled
    /// once, and its hash, in the order of the issues.
    pub issues: Vec<newsletter::Assembled<'a>>,
    issue_keys: Vec<u64>,
    /// Each issue's email (see [`IssueJob::email`]).
    emails: Vec<OnceLock<Result<newsletter::Email, Diagnostic>>>,
}

/// The URLs of the contact's and the testimonials' photos as pages, the vCard and the
/// JSON-LD link them: a photo replaced by one of another size changes them.
fn people_photos(
    content: &Content,
    images: &crate::images::plan::Plan,
) -> Vec<(Option<crate::images::plan::Avatar>, Option<String>)> {
    let config = &content.config;
    let contact = content
        .contact
        .as_ref()
        .and_then(|c| c.person.photo.as_deref());
    let testimonials = content
        .testimonials
        .iter()
        .filter_map(|t| t.photo.as_deref());
    contact
        .iter()
        .map(|p| (images.avatar(p, config), images.contact_photo(p)))
        .chain(testimonials.map(|p| (images.avatar(p, config), None)))
        .collect()
}

/// What of the opening hours depends on the day of the build: which special days are not
/// over yet and which are announced (the next 30 days). Pages change when this does.
fn hours_epoch(content: &Content) -> Option<(usize, usize)> {
    match content.contact.as_ref()?.hours.as_ref()? {
        crate::content::hours::Hours::Week(w) => Some((
            w.future(content.now).count(),
            w.upcoming(content.now).count(),
        )),
        crate::content::hours::Hours::Lines(_) => None,
    }
}

impl<'a> Renderer<'a> {
    /// Prepares the values every page shares.
    pub fn new(content: &'a Content, theme: &'a Theme, opts: RenderOptions) -> Self {
        let config = &content.config;
        let has_form = content.suggestions.is_some();
        let images = crate::images::plan::Plan::new(content);
        let mut base = tera::Context::new();
        base.insert("site", &pages::site_view(content));
        match &content.contact {
            Some(c) => base.insert(
                "contact",
                &ContactView::new(c, config, has_form, &images, content.now),
            ),
            None => base.insert("contact", &()),
        }
        let site_key = crate::hash::of(&(
            (
                env!("CARGO_PKG_VERSION"),
                crate::cache::FORMAT,
                theme.fingerprint,
                opts.preview,
            ),
            format!(
                "{:?}{:?}{:?}{:?}",
                config, content.contact, content.testimonials, content.suggestions
            ),
            content
                .pages
                .iter()
                .map(|p| (&p.path, &p.src.title))
                .collect::<Vec<_>>(),
            (&content.intro_html, content.year),
            hours_epoch(content),
            // What a post without its own image shows as its social card.
            images.site_image(config),
            // The photos' files (their names carry their widths).
            people_photos(content, &images),
        ));
        let issues = newsletter::assemble(content);
        let issue_keys = issues.iter().map(issue_key).collect();
        let emails = issues.iter().map(|_| OnceLock::new()).collect();
        Renderer {
            content,
            theme,
            images,
            opts,
            base,
            site_key,
            issues,
            issue_keys,
            emails,
        }
    }

    /// Every job of a full build.
    pub fn jobs(&self) -> Vec<Job<'_>> {
        let c = self.content;
        let per = c.config.posts_per_page;
        let mut jobs = vec![
            Job::Home,
            Job::Tags,
            Job::NotFound,
            Job::Rss,
            Job::Atom,
            Job::JsonFeed,
            Job::Sitemap,
            Job::Robots,
            Job::Manifest,
        ];
        jobs.extend((0..page_count(c.posts.len(), per)).map(|page| Job::Blog { page }));
        jobs.extend(c.posts.iter().enumerate().map(|(i, post)| Job::Post {
            post,
            newer: i.checked_sub(1).map(|j| c.posts[j].as_ref()),
            older: c.posts.get(i + 1).map(|p| p.as_ref()),
        }));
        for tag in &c.tags.list {
            jobs.extend((0..page_count(tag.posts.len(), per)).map(|page| Job::Tag { tag, page }));
        }
        jobs.extend(
            c.pages
                .iter()
                .filter(|p| p.path != views::PRIVACY_PAGE)
                .map(|p| Job::Page(p)),
        );
        if let Some(contact) = &c.contact {
            jobs.extend([Job::Contact(contact), Job::Vcard(contact)]);
        }
        if !c.testimonials.is_empty() {
            jobs.push(Job::Testimonials);
        }
        if let Some(s) = &c.suggestions {
            jobs.extend([Job::Suggestions(s), Job::Thanks(s), Job::YouSaidWeDid(s)]);
        }
        if let Some(n) = &c.newsletter {
            jobs.extend([Job::Newsletter(n), Job::NewsletterThanks(n)]);
            let issues = (self.issues.iter().zip(&self.issue_keys).zip(&self.emails)).map(
                |((assembled, &key), email)| IssueJob {
                    newsletter: n,
                    assembled,
                    key,
                    email,
                },
            );
            jobs.extend(issues.clone().map(Job::NewsletterIssue));
            if self.opts.preview {
                jobs.extend(issues.clone().map(Job::EmailPreview));
                jobs.extend(issues.map(Job::EmailHtml));
            }
        }
        jobs.push(Job::Privacy);
        jobs.extend(
            c.assets
                .iter()
                .filter(|a| !self.images.handles(a, &c.site_dir))
                .map(Job::Asset),
        );
        for image in &self.images.images {
            jobs.extend(
                image
                    .made()
                    .into_iter()
                    .map(|made| Job::Image { image, made }),
            );
        }
        // A site's own static file replaces the theme's file, or the icon, of the same name.
        let replaced: std::collections::HashSet<String> =
            c.assets.iter().map(|a| a.dest.to_lowercase()).collect();
        jobs.extend(
            icons::Icon::ALL
                .into_iter()
                .filter(|i| !replaced.contains(i.path()))
                .map(Job::Icon),
        );
        jobs.extend(
            self.theme
                .statics
                .iter()
                .filter(|(path, _)| !replaced.contains(&path.to_lowercase()))
                .map(|(path, file)| Job::ThemeStatic { path, file }),
        );
        jobs
    }

    /// The site path a job writes, and the source file to blame for it.
    pub fn target(&self, job: &Job) -> (String, PathBuf) {
        (self.path(job), self.source(job))
    }

    /// The route of a job (`blog/x/`, `rss.xml`).
    pub fn route(&self, job: &Job) -> String {
        match job {
            Job::Home => String::new(),
            Job::Blog { page } => routes::list_page(routes::BLOG, *page),
            Job::Post { post, .. } => post.path.clone(),
            Job::Tags => routes::TAGS.into(),
            Job::Tag { tag, page } => routes::list_page(&routes::tag(&tag.slug), *page),
            Job::Page(p) => p.path.clone(),
            Job::NotFound => routes::NOT_FOUND.into(),
            Job::Contact(_) => routes::CONTACT.into(),
            Job::Vcard(_) => routes::VCARD.into(),
            Job::Testimonials => routes::TESTIMONIALS.into(),
            Job::Suggestions(_) => routes::SUGGESTIONS.into(),
            Job::Thanks(_) => routes::THANKS.into(),
            Job::YouSaidWeDid(_) => routes::YOU_SAID_WE_DID.into(),
            Job::Newsletter(_) => routes::NEWSLETTER.into(),
            Job::NewsletterThanks(_) => routes::NEWSLETTER_THANKS.into(),
            Job::NewsletterIssue(i) => i.issue().route(),
            Job::Privacy => routes::PRIVACY.into(),
            Job::EmailPreview(i) => format!("{}{}/", newsletter::PREVIEW_ROUTE, i.issue().slug),
            Job::EmailHtml(i) => {
                format!("{}{}/email.html", newsletter::PREVIEW_ROUTE, i.issue().slug)
            }
            Job::Rss => routes::RSS.into(),
            Job::Atom => routes::ATOM.into(),
            Job::JsonFeed => routes::JSON_FEED.into(),
            Job::Sitemap => routes::SITEMAP.into(),
            Job::Robots => routes::ROBOTS.into(),
            Job::Manifest => routes::MANIFEST.into(),
            Job::Icon(i) => i.path().into(),
            Job::Asset(a) => a.dest.clone(),
            Job::Image { image, made } => image.path(*made),
            Job::ThemeStatic { path, .. } => (*path).to_string(),
        }
    }

    /// The site path a job writes.
    pub fn path(&self, job: &Job) -> String {
        let mut path = String::new();
        self.write_path(job, &mut path);
        path
    }

    /// Writes the site path a job writes into `out` (cleared first): the common cases
    /// without allocating, since this runs for every job of every preview update.
    pub fn write_path(&self, job: &Job, out: &mut String) {
        out.clear();
        match job {
            Job::Post { post, .. } => {
                out.push_str(&post.path);
                out.push_str("index.html");
            }
            Job::Page(p) => {
                out.push_str(&p.path);
                out.push_str("index.html");
            }
            Job::Asset(a) => out.push_str(&a.dest),
            Job::Image { image, made } => out.push_str(&image.path(*made)),
            _ => out.push_str(&routes::file(&self.route(job))),
        }
    }

    /// The source file to blame for a job's output, relative to the site folder.
    pub fn source(&self, job: &Job) -> PathBuf {
        let c = self.content;
        match job {
            Job::Post { post, .. } => post.src.source.clone(),
            Job::Page(p) => p.src.source.clone(),
            Job::Contact(_) | Job::Vcard(_) => PathBuf::from(crate::content::contact::FILE),
            Job::Testimonials => PathBuf::from("testimonials"),
            Job::Suggestions(_) | Job::Thanks(_) | Job::YouSaidWeDid(_) => {
                PathBuf::from(crate::content::suggestions::FILE)
            }
            Job::Newsletter(_) | Job::NewsletterThanks(_) => {
                PathBuf::from(crate::content::newsletter::FILE)
            }
            Job::NewsletterIssue(i) | Job::EmailPreview(i) | Job::EmailHtml(i) => {
                i.issue().source.clone()
            }
            Job::Asset(a) => shown(&c.site_dir, &a.source),
            Job::Image { image, .. } => image.file.clone(),
            Job::ThemeStatic { .. } => PathBuf::from(format!("themes/{}/static", c.config.theme)),
            Job::Icon(_) => match &c.config.brand.icon {
                Some(icon) => PathBuf::from(format!("static/{}", icon.path)),
                None => PathBuf::from(format!(
                    "themes/{}/static/{}",
                    c.config.theme,
                    icons::THEME_FAVICON
                )),
            },
            _ => PathBuf::from(crate::config::FILE),
        }
    }

    /// Tags spelled differently that would share a page are errors.
    pub fn check_tags(&self) -> Result<(), Diagnostics> {
        let errors = self.content_errors();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Diagnostics(errors).sorted())
        }
    }

    /// Tags that clash, and images a post or page shows that cannot be read.
    fn content_errors(&self) -> Vec<Diagnostic> {
        let c = self.content;
        let mut errors: Vec<Diagnostic> = c.tags.clashes().cloned().collect();
        let images = c
            .posts
            .iter()
            .map(|p| (&p.src.source, &p.image_problems))
            .chain(c.pages.iter().map(|p| (&p.src.source, &p.image_problems)));
        errors.extend(self.images.errors.iter().cloned());
        for image in &self.images.images {
            if let Some(why) = c.images.failure(&image.info) {
                errors.extend(crate::images::plan::errors_at(c, &image.file, &why));
            }
        }
        for (source, problems) in images {
            errors.extend(
                problems
                    .iter()
                    .map(|(line, col, why)| Diagnostic::at(source, *line, *col, why.clone())),
            );
        }
        errors
    }

    /// Two sources that would write one file (also when they differ only by case), or two
    /// spellings of one tag, are errors.
    pub fn check_collisions(&self, jobs: &[Job]) -> Result<(), Diagnostics> {
        let mut seen: HashMap<String, (String, PathBuf)> = HashMap::new();
        let mut errors = self.content_errors();
        for job in jobs {
            let (path, source) = self.target(job);
            match seen.get(&path.to_lowercase()) {
                Some((other_path, other)) => errors.push(Diagnostic::file(
                    &source,
                    format!("writes /{path}, which {} also writes{}", other.display(), if *other_path != path { format!(" (as /{other_path}: paths differing only by letter case clash on many hosts)") } else { String::new() }),
                )),
                None => {
                    seen.insert(path.to_lowercase(), (path, source));
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Diagnostics(errors).sorted())
        }
    }

    /// The hash of a job's inputs: the site-wide values every page shows, the job's
    /// route, and the content hashes of what it lists. Equal keys mean equal output, so a
    /// job is rendered again exactly when its key changed (in `serve` and a warm `build`).
    pub fn key(&self, job: &Job) -> u64 {
        use std::hash::{Hash, Hasher};
        let c = self.content;
        let per = c.config.posts_per_page;
        let mut h = crate::hash::ContentHasher::new();
        if let Job::Icon(icon) = job {
            // An icon shows nothing of the site but its source file.
            (env!("CARGO_PKG_VERSION"), icon, &c.config.brand.icon).hash(&mut h);
            if c.config.brand.icon.is_none() {
                self.theme.fingerprint.hash(&mut h);
            }
            return h.finish();
        }
        if let Job::Post { post, newer, older } = job {
            // Most jobs are posts, and this runs for each on every update: a few words,
            // hashed at once. The fingerprint names the post's path and everything it
            // shows; the site's own social card is part of the site key.
            let fp = |p: &Option<&Post>| p.map_or(0, |p| p.fingerprint);
            let image = (self.images.own_post_image(post, &c.config))
                .map_or(0, |image| crate::hash::of(&image));
            return crate::hash::words(&[
                self.site_key,
                POST_KEY,
                post.fingerprint,
                fp(newer),
                fp(older),
                image,
            ]);
        }
        self.site_key.hash(&mut h);
        // The route, named without building its string (this runs for every job).
        std::mem::discriminant(job).hash(&mut h);
        match job {
            Job::Blog { page } => page.hash(&mut h),
            Job::Tag { tag, page } => (&tag.slug, page).hash(&mut h),
            Job::Page(p) => p.path.hash(&mut h),
            Job::Asset(a) => a.dest.hash(&mut h),
            Job::Image { image, made } => image.path(*made).hash(&mut h),
            Job::ThemeStatic { path, .. } => path.hash(&mut h),
            _ => {}
        }
        let slice = |posts: &mut dyn Iterator<Item = &Post>, h: &mut crate::hash::ContentHasher| {
            posts.for_each(|p| p.fingerprint.hash(h))
        };
        match job {
            Job::Blog { page } => {
                page_count(c.posts.len(), per).hash(&mut h);
                slice(
                    &mut c
                        .posts
                        .iter()
                        .skip(page * per)
                        .take(per)
                        .map(|p| p.as_ref()),
                    &mut h,
                );
            }
            Job::Tag { tag, page } => {
                (&tag.name, page_count(tag.posts.len(), per)).hash(&mut h);
                slice(
                    &mut tag
                        .posts
                        .iter()
                        .skip(page * per)
                        .take(per)
                        .map(|p| p.as_ref()),
                    &mut h,
                );
            }
            Job::Home => slice(
                &mut c.posts.iter().take(HOME_POSTS).map(|p| p.as_ref()),
                &mut h,
            ),
            Job::Rss | Job::Atom | Job::JsonFeed => slice(
                &mut c.posts.iter().take(c.config.feed_limit).map(|p| p.as_ref()),
                &mut h,
            ),
            Job::Sitemap => {
                // What it lists, not what the pages show: a post's title or text does not
                // change the sitemap (and it is the one job as long as the site).
                c.posts
                    .iter()
                    .for_each(|p| (&p.path, p.src.updated.unwrap_or(p.src.date)).hash(&mut h));
                (c.tags.list.iter()).for_each(|t| (&t.slug, t.posts.len()).hash(&mut h));
                if let Some(n) = &c.newsletter {
                    n.issues.iter().for_each(|i| (&i.slug, i.date).hash(&mut h));
                }
            }
            Job::Tags => {
                (c.tags.list.iter()).for_each(|t| (&t.name, &t.slug, t.posts.len()).hash(&mut h))
            }
            Job::Page(p) => p.fingerprint.hash(&mut h),
            Job::NewsletterIssue(i) | Job::EmailPreview(i) | Job::EmailHtml(i) => {
                (&i.issue().slug, i.key).hash(&mut h)
            }
            Job::Newsletter(_) => {
                if let Some(n) = &c.newsletter {
                    n.issues
                        .iter()
                        .for_each(|i| (&i.slug, &i.subject, i.date, &i.preheader).hash(&mut h));
                }
            }
            Job::Privacy => c.pages.iter().for_each(|p| p.fingerprint.hash(&mut h)),
            Job::Asset(a) => (&a.dest, &a.source).hash(&mut h),
            Job::Image { image, made } => {
                (&image.info, made, &c.images.settings).hash(&mut h);
                // In the preview, the stand-in is replaced once the files are made.
                if self.opts.stand_in_images {
                    c.images.ready(&image.info, &image.made()).hash(&mut h);
                }
            }
            Job::Post { .. }
            | Job::ThemeStatic { .. }
            | Job::NotFound
            | Job::Contact(_)
            | Job::Vcard(_)
            | Job::Testimonials
            | Job::Suggestions(_)
            | Job::Thanks(_)
            | Job::YouSaidWeDid(_)
            | Job::NewsletterThanks(_)
            | Job::Robots
            | Job::Manifest
            | Job::Icon(_) => {}
        }
        h.finish()
    }

    /// The images whose files are not made yet (the preview serves their originals).
    pub fn images_to_make(&self) -> Vec<crate::images::ToMake> {
        let images = &self.content.images;
        self.images
            .images
            .iter()
            .filter(|i| !images.ready(&i.info, &i.made()))
            .map(|i| crate::images::ToMake {
                file: i.file.clone(),
                info: i.info.clone(),
                made: i.made(),
            })
            .collect()
    }

    /// Renders every job in parallel; reports every failure.
    pub fn render_all(&self, jobs: &[Job]) -> Result<Vec<Output>, Diagnostics> {
        let results: Vec<Result<Output, Diagnostic>> =
            jobs.par_iter().map(|j| self.render(j)).collect();
        let (ok, errors) =
            crate::error::partition(results.into_iter().map(|r| r.map_err(Diagnostics::from)));
        if errors.is_empty() {
            Ok(ok)
        } else {
            Err(Diagnostics(errors).sorted())
        }
    }

    /// Renders one job.
    pub fn render(&self, job: &Job) -> Result<Output, Diagnostic> {
        let path = self.path(job);
        let config = &self.content.config;
        let body = match job {
            Job::Rss => Body::Bytes(feeds::rss(config, &self.feed_posts()?).into_bytes()),
            Job::Atom => Body::Bytes(feeds::atom(config, &self.feed_posts()?).into_bytes()),
            Job::JsonFeed => {
                Body::Bytes(feeds::json_feed(config, &self.feed_posts()?).into_bytes())
            }
            Job::Sitemap => Body::Bytes(seo::sitemap(self).into_bytes()),
            Job::Robots => Body::Bytes(seo::robots(config).into_bytes()),
            Job::Manifest => Body::Bytes(icons::manifest(self.content).into_bytes()),
            Job::EmailPreview(i) | Job::EmailHtml(i) => {
                // Both files show one email: it is rendered once.
                let email = (i.email)
                    .get_or_init(|| self.render_email(i.newsletter, i.assembled))
                    .as_ref()
                    .map_err(Clone::clone)?;
                Body::Bytes(match job {
                    Job::EmailHtml(_) => email.html.clone().into_bytes(),
                    _ => newsletter::preview_page(email).into_bytes(),
                })
            }
            Job::Icon(icon) => {
                let made =
                    icons::Source::find(self.content, self.theme).and_then(|s| icon.make(&s));
                Body::Bytes(made.map_err(|m| {
                    Diagnostic::file(
                        self.source(job),
                        format!(
                            "the icon /{} cannot be made from this file: {m}",
                            icon.path()
                        ),
                    )
                })?)
            }
            Job::Vcard(contact) => {
                let photo = customer::photo_url(contact, config, &self.images);
                Body::Bytes(customer::vcard(contact, config, photo.as_deref()).into_bytes())
            }
            Job::Asset(a) => Body::File(a.source.clone()),
            Job::Image { image, made } => {
                let images = &self.content.images;
                if self.opts.stand_in_images && !images.ready(&image.info, &image.made()) {
                    // The preview never waits for an encoder: the original stands in for
                    // its files until they are made in the background.
                    Body::File(self.content.site_dir.join(&image.file))
                } else {
                    images
                        .make(&image.file, &image.info, &image.made())
                        .map_err(|why| {
                            let mut at =
                                crate::images::plan::errors_at(self.content, &image.file, &why);
                            at.swap_remove(0)
                        })?;
                    Body::File(images.file(&image.info, *made))
                }
            }
            Job::ThemeStatic { file, .. } => match file {
                theme::ThemeFile::Builtin(b) => Body::Static(b),
                theme::ThemeFile::Disk(p) => Body::File(p.clone()),
            },
            Job::Home
            | Job::Blog { .. }
            | Job::Post { .. }
            | Job::Tags
            | Job::Tag { .. }
            | Job::Page(_)
            | Job::NotFound
            | Job::Contact(_)
            | Job::Testimonials
            | Job::Suggestions(_)
            | Job::Thanks(_)
            | Job::YouSaidWeDid(_)
            | Job::Newsletter(_)
            | Job::NewsletterThanks(_)
            | Job::NewsletterIssue(_)
            | Job::Privacy => {
                let post_html = match job {
                    Job::Post { post, .. } => Some(post.html()?),
                    _ => None,
                };
                Body::Bytes(
                    self.render_html(job, &self.route(job), post_html.as_deref())
                        .map_err(|e| match e {
                            pages::RenderError::In(e, template) => {
                                self.theme.diagnose_in(&e, template)
                            }
                            pages::RenderError::NotHtml(m) => Diagnostic::file(self.source(job), m),
                        })?
                        .into_bytes(),
                )
            }
        };
        Ok(Output { path, body })
    }

    /// Every issue's email: the HTML for email clients, the plain text and the message.
    pub fn render_emails(&self) -> Result<Vec<newsletter::Email>, Diagnostics> {
        let Some(n) = &self.content.newsletter else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        let mut errors = Vec::new();
        for a in &self.issues {
            match self.render_email(n, a) {
                Ok(e) => out.push(e),
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(Diagnostics(errors).sorted())
        }
    }

    /// One issue's email.
    pub fn render_email(
        &self,
        n: &crate::content::newsletter::Newsletter,
        a: &newsletter::Assembled,
    ) -> Result<newsletter::Email, Diagnostic> {
        let view = newsletter::IssueView::new(a, self.content, &self.images);
        let mut ctx = self.base.clone();
        ctx.insert("issue", &view);
        let render = |template: &str| {
            self.theme
                .tera
                .render(template, &ctx)
                .map_err(|e| self.theme.diagnose_in(&e, template))
        };
        let html = render("email/newsletter.html")?;
        let text = render("email/newsletter.txt")?;
        if html.len() > newsletter::MAX_EMAIL_HTML {
            return Err(Diagnostic::file(
                &a.issue.source,
                format!(
                    "the email's HTML is {} KB, and Gmail clips messages over {} KB: shorten the note or carry fewer posts",
                    html.len() / 1024,
                    newsletter::MAX_EMAIL_HTML / 1024
                ),
            ));
        }
        let eml = newsletter::eml(&view, n, self.content, &html, &text);
        Ok(newsletter::Email {
            slug: view.slug,
            subject: view.subject,
            counts: (
                a.posts.len(),
                usize::from(a.testimonial.is_some()),
                a.changes.len(),
            ),
            html,
            text,
            eml,
        })
    }

    fn feed_posts(&self) -> Result<Vec<feeds::FeedPost<'_>>, Diagnostic> {
        self.content
            .posts
            .iter()
            .take(self.content.config.feed_limit)
            .map(|p| {
                Ok(feeds::FeedPost {
                    post: p,
                    html: p.html()?,
                })
            })
            .collect()
    }
}

/// What an issue shows besides the site: its note and the fingerprints of the posts,
/// testimonial and changes it carries.
fn issue_key(a: &newsletter::Assembled) -> u64 {
    let issue = a.issue;
    crate::hash::of(&(
        (
            &issue.note_html,
            &issue.subject,
            &issue.preheader,
            issue.date,
        ),
        a.previous.map(|p| p.date),
        a.posts.iter().map(|p| p.fingerprint).collect::<Vec<_>>(),
        a.testimonial.map(|t| format!("{t:?}")),
        a.changes
            .iter()
            .map(|c| format!("{c:?}"))
            .collect::<Vec<_>>(),
    ))
}

/// The file a source path is shown as in errors.
pub fn shown(site_dir: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(site_dir).unwrap_or(p).to_path_buf()
}
