//! Render stage: [`Content`] + [`Theme`] in, [`Output`]s out. Nothing here touches disk
//! except reading the theme; `build` writes the outputs, `serve` keeps them in memory.
//!
//! The work is split into [`Job`]s, each one output file, so a full build renders
//! them all in parallel and a preview rebuild renders only the jobs a change affects.

pub mod customer;
pub mod feeds;
pub mod filters;
pub mod jobs;
mod pages;
pub mod seo;
pub mod theme;
pub mod views;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::content::{Content, Post};
use crate::error::{Diagnostic, Diagnostics};
use crate::output::{Body, Output};
pub use jobs::{Index, Job, TagEntry, list_path, page_count};
pub use theme::Theme;
use views::*;

/// Posts shown on the home page.
pub const HOME_POSTS: usize = 5;
/// Featured testimonials on the home page.
pub const HOME_TESTIMONIALS: usize = 3;

/// How to render.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Rendering for `serve`: the form posts to the preview server.
    pub preview: bool,
}

/// Renders a loaded site.
pub struct Renderer<'a> {
    /// The content.
    pub content: &'a Content,
    /// The theme.
    pub theme: &'a Theme,
    /// Tags and lists.
    pub index: Index,
    opts: RenderOptions,
    base: tera::Context,
}

impl<'a> Renderer<'a> {
    /// Prepares the values every page shares.
    pub fn new(content: &'a Content, theme: &'a Theme, opts: RenderOptions) -> Self {
        let config = &content.config;
        let has_form = content.suggestions.is_some();
        let mut base = tera::Context::new();
        base.insert("site", &pages::site_view(content));
        match &content.contact {
            Some(c) => base.insert("contact", &ContactView::new(c, config, has_form)),
            None => base.insert("contact", &()),
        }
        Renderer {
            content,
            theme,
            index: Index::new(&content.posts),
            opts,
            base,
        }
    }

    /// Every job of a full build.
    pub fn jobs(&self) -> Vec<Job> {
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
        ];
        jobs.extend((0..page_count(c.posts.len(), per)).map(Job::Blog));
        jobs.extend((0..c.posts.len()).map(Job::Post));
        for (t, tag) in self.index.tags.iter().enumerate() {
            jobs.extend((0..page_count(tag.posts.len(), per)).map(|n| Job::Tag(t, n)));
        }
        jobs.extend((0..c.pages.len()).map(Job::Page));
        if c.contact.is_some() {
            jobs.extend([Job::Contact, Job::Vcard]);
        }
        if !c.testimonials.is_empty() {
            jobs.push(Job::Testimonials);
        }
        if c.suggestions.is_some() {
            jobs.extend([Job::Suggestions, Job::Thanks, Job::YouSaidWeDid]);
        }
        jobs.extend((0..c.assets.len()).map(Job::Asset));
        // A site's own static file replaces the theme's file of the same name.
        let replaced: std::collections::HashSet<String> =
            c.assets.iter().map(|a| a.dest.to_lowercase()).collect();
        jobs.extend(
            (0..self.theme.statics.len())
                .filter(|&i| !replaced.contains(&self.theme.statics[i].0.to_lowercase()))
                .map(Job::ThemeStatic),
        );
        jobs
    }

    /// The site path a job writes, and the source file to blame for it.
    pub fn target(&self, job: &Job) -> (String, PathBuf) {
        (self.path(job), self.source(job))
    }

    /// The site path a job writes.
    pub fn path(&self, job: &Job) -> String {
        let c = self.content;
        match job {
            Job::Home => "index.html".into(),
            Job::Blog(n) => format!("{}index.html", list_path("blog/", *n)),
            Job::Post(i) => format!("{}index.html", c.posts[*i].path),
            Job::Tags => "tags/index.html".into(),
            Job::Tag(t, n) => format!(
                "{}index.html",
                list_path(&format!("tags/{}/", self.index.tags[*t].slug), *n)
            ),
            Job::Page(i) => format!("{}index.html", c.pages[*i].path),
            Job::NotFound => "404.html".into(),
            Job::Contact => "contact/index.html".into(),
            Job::Vcard => "contact.vcf".into(),
            Job::Testimonials => "testimonials/index.html".into(),
            Job::Suggestions => "suggestions/index.html".into(),
            Job::Thanks => "suggestions/thanks/index.html".into(),
            Job::YouSaidWeDid => "you-said-we-did/index.html".into(),
            Job::Rss => feeds::RSS.into(),
            Job::Atom => feeds::ATOM.into(),
            Job::JsonFeed => feeds::JSON.into(),
            Job::Sitemap => "sitemap.xml".into(),
            Job::Robots => "robots.txt".into(),
            Job::Asset(i) => c.assets[*i].dest.clone(),
            Job::ThemeStatic(i) => self.theme.statics[*i].0.clone(),
        }
    }

    /// The source file to blame for a job's output, relative to the site folder.
    pub fn source(&self, job: &Job) -> PathBuf {
        let c = self.content;
        match job {
            Job::Post(i) => c.posts[*i].src.source.clone(),
            Job::Page(i) => c.pages[*i].src.source.clone(),
            Job::Contact | Job::Vcard => PathBuf::from(crate::content::contact::FILE),
            Job::Testimonials => PathBuf::from("testimonials"),
            Job::Suggestions | Job::Thanks | Job::YouSaidWeDid => {
                PathBuf::from(crate::content::suggestions::FILE)
            }
            Job::Asset(i) => shown(&c.site_dir, &c.assets[*i].source),
            Job::ThemeStatic(_) => PathBuf::from(format!("themes/{}/static", c.config.theme)),
            _ => PathBuf::from(crate::config::FILE),
        }
    }

    /// Two sources that would write one file (also when they differ only by case) are errors.
    pub fn check_collisions(&self, jobs: &[Job]) -> Result<(), Diagnostics> {
        let mut seen: HashMap<String, (String, PathBuf)> = HashMap::new();
        let mut errors = Vec::new();
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

    /// A fingerprint of the posts a job's output depends on. A preview rebuild after a
    /// post edit re-renders only the jobs whose fingerprint changed: everything else a page
    /// shows (config, contact, theme) triggers a full render instead.
    pub fn job_key(&self, job: &Job) -> u64 {
        use std::hash::{Hash, Hasher};
        let posts = &self.content.posts;
        let per = self.content.config.posts_per_page;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let ptr = |i: usize| {
            posts
                .get(i)
                .map_or(0, |p| std::sync::Arc::as_ptr(p) as usize)
        };
        match job {
            Job::Post(i) => [ptr(*i), i.checked_sub(1).map_or(0, ptr), ptr(i + 1)].hash(&mut h),
            Job::Blog(n) => {
                page_count(posts.len(), per).hash(&mut h);
                (0..posts.len())
                    .skip(n.saturating_mul(per))
                    .take(per)
                    .map(ptr)
                    .for_each(|p| p.hash(&mut h));
            }
            Job::Tag(t, n) => {
                let tag = &self.index.tags[*t];
                (&tag.name, page_count(tag.posts.len(), per)).hash(&mut h);
                tag.posts
                    .iter()
                    .skip(n * per)
                    .take(per)
                    .for_each(|&i| ptr(i).hash(&mut h));
            }
            Job::Home => (
                &self.content.intro_html,
                (0..posts.len().min(HOME_POSTS))
                    .map(ptr)
                    .collect::<Vec<_>>(),
            )
                .hash(&mut h),
            Job::Rss | Job::Atom | Job::JsonFeed => {
                (0..posts.len().min(self.content.config.feed_limit))
                    .map(ptr)
                    .for_each(|p| p.hash(&mut h))
            }
            Job::Sitemap => (0..posts.len()).map(ptr).for_each(|p| p.hash(&mut h)),
            Job::Tags => self
                .index
                .tags
                .iter()
                .for_each(|t| (&t.name, t.posts.len()).hash(&mut h)),
            Job::Asset(i) => (
                &self.content.assets[*i].dest,
                &self.content.assets[*i].source,
            )
                .hash(&mut h),
            Job::Page(i) => (std::sync::Arc::as_ptr(&self.content.pages[*i]) as usize).hash(&mut h),
            _ => {}
        }
        h.finish()
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
        let c = self.content;
        let config = &c.config;
        let body = match job {
            Job::Rss => Body::Bytes(feeds::rss(config, &self.feed_posts()).into_bytes()),
            Job::Atom => Body::Bytes(feeds::atom(config, &self.feed_posts()).into_bytes()),
            Job::JsonFeed => Body::Bytes(feeds::json_feed(config, &self.feed_posts()).into_bytes()),
            Job::Sitemap => Body::Bytes(seo::sitemap(self).into_bytes()),
            Job::Robots => Body::Bytes(seo::robots(config).into_bytes()),
            Job::Vcard => Body::Bytes(
                customer::vcard(c.contact.as_ref().expect("contact job"), config).into_bytes(),
            ),
            Job::Asset(i) => Body::File(c.assets[*i].source.clone()),
            Job::ThemeStatic(i) => match &self.theme.statics[*i].1 {
                theme::ThemeFile::Builtin(b) => Body::Static(b),
                theme::ThemeFile::Disk(p) => Body::File(p.clone()),
            },
            _ => Body::Bytes(
                self.render_html(job, &path)
                    .map_err(|e| self.theme.diagnose(&e, &self.source(job)))?
                    .into_bytes(),
            ),
        };
        Ok(Output { path, body })
    }

    fn feed_posts(&self) -> Vec<&Post> {
        self.content
            .posts
            .iter()
            .take(self.content.config.feed_limit)
            .map(|p| p.as_ref())
            .collect()
    }
}

/// The file a source path is shown as in errors.
pub fn shown(site_dir: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(site_dir).unwrap_or(p).to_path_buf()
}
