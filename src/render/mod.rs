//! Render stage: [`Content`] + [`Theme`] in, [`Output`]s out. Nothing here touches disk
//! except reading the theme; `build` writes the outputs, `serve` keeps them in memory.
//!
//! The work is split into [`Job`]s, each one output file, so a full build renders
//! them all in parallel and a preview rebuild renders only the jobs a change affects.

pub mod customer;
pub mod feeds;
pub mod filters;
pub mod seo;
pub mod theme;
pub mod views;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::Datelike;
use rayon::prelude::*;
use serde::Serialize;

use crate::content::{Content, Post};
use crate::error::{Diagnostic, Diagnostics};
use crate::output::{Body, Output};
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

/// One output file to produce.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    /// `/`.
    Home,
    /// `/blog/` (page 0) and `/blog/page/N/`.
    Blog(usize),
    /// A post, by index into the newest-first list.
    Post(usize),
    /// `/tags/`.
    Tags,
    /// A tag's page N, by index into [`Index::tags`].
    Tag(usize, usize),
    /// A page, by index.
    Page(usize),
    /// `/404.html`.
    NotFound,
    /// `/contact/`.
    Contact,
    /// `/contact.vcf`.
    Vcard,
    /// `/testimonials/`.
    Testimonials,
    /// `/suggestions/`.
    Suggestions,
    /// `/suggestions/thanks/`.
    Thanks,
    /// `/you-said-we-did/`.
    YouSaidWeDid,
    /// `/rss.xml`.
    Rss,
    /// `/atom.xml`.
    Atom,
    /// `/feed.json`.
    JsonFeed,
    /// `/sitemap.xml`.
    Sitemap,
    /// `/robots.txt`.
    Robots,
    /// A file from `static/` or a bundle, by index.
    Asset(usize),
    /// A file of the theme's `static/`, by index.
    ThemeStatic(usize),
}

/// A tag and the posts that carry it (indices, newest first).
#[derive(Debug, Clone)]
pub struct TagEntry {
    /// The name as first written.
    pub name: String,
    /// URL slug.
    pub slug: String,
    /// Indices into `Content::posts`.
    pub posts: Vec<usize>,
}

/// Lists derived from the content: which posts each list page shows.
#[derive(Debug, Clone)]
pub struct Index {
    /// Tags sorted by slug.
    pub tags: Vec<TagEntry>,
}

impl Index {
    /// Groups posts by tag.
    pub fn new(posts: &[std::sync::Arc<Post>]) -> Self {
        let mut by_slug: BTreeMap<String, TagEntry> = BTreeMap::new();
        for (i, p) in posts.iter().enumerate() {
            for t in &p.src.tags {
                let slug = crate::slug::slugify(t);
                let entry = by_slug.entry(slug.clone()).or_insert_with(|| TagEntry {
                    name: t.clone(),
                    slug,
                    posts: Vec::new(),
                });
                if entry.posts.last() != Some(&i) {
                    entry.posts.push(i);
                }
            }
        }
        Index {
            tags: by_slug.into_values().collect(),
        }
    }
}

/// Number of pages for `n` items, at least one.
pub fn page_count(n: usize, per_page: usize) -> usize {
    n.div_ceil(per_page).max(1)
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
        base.insert("site", &site_view(content));
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
        jobs.extend((0..self.theme.statics.len()).map(Job::ThemeStatic));
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
            let theme_file = matches!(job, Job::ThemeStatic(_));
            match seen.get(&path.to_lowercase()) {
                // A site's own static file may replace a theme's.
                Some(_) if theme_file => {}
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
                (n * per..(n + 1) * per)
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
            Job::Home => (0..HOME_POSTS).map(ptr).for_each(|p| p.hash(&mut h)),
            Job::Rss | Job::Atom | Job::JsonFeed => (0..self.content.config.feed_limit)
                .map(ptr)
                .for_each(|p| p.hash(&mut h)),
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

    fn render_html(&self, job: &Job, path: &str) -> Result<String, tera::Error> {
        let c = self.content;
        let config = &c.config;
        let page_path = path.strip_suffix("index.html").unwrap_or(path);
        let mut ctx = self.base.clone();
        let mut meta = Meta {
            title: config.title.clone(),
            heading: config.title.clone(),
            description: config
                .description
                .clone()
                .unwrap_or_else(|| default_description(c, job)),
            canonical: config.absolute(page_path),
            path: config.url(page_path),
            og_type: "website",
            image: None,
            jsonld: None,
            feed_links: true,
        };
        let titled = |meta: &mut Meta, heading: &str, description: Option<&str>| {
            meta.title = format!("{heading} · {}", config.title);
            meta.heading = heading.to_string();
            if let Some(d) = description {
                meta.description = d.to_string();
            }
        };
        let template = match job {
            Job::Home => {
                meta.jsonld = c.contact.as_ref().map(|ct| customer::jsonld(ct, config));
                ctx.insert(
                    "intro_html",
                    &config
                        .intro
                        .as_ref()
                        .map(|i| crate::markdown::render(i, &crate::markdown::KeepLinks).html),
                );
                ctx.insert(
                    "posts",
                    &self.summaries(c.posts.iter().take(HOME_POSTS).map(|p| p.as_ref())),
                );
                let featured: Vec<_> = c
                    .testimonials
                    .iter()
                    .filter(|t| t.featured)
                    .take(HOME_TESTIMONIALS)
                    .map(|t| TestimonialView::new(t, config))
                    .collect();
                ctx.insert("testimonials", &featured);
                ctx.insert("blog_url", &config.url("blog/"));
                ctx.insert(
                    "testimonials_url",
                    &(!c.testimonials.is_empty()).then(|| config.url("testimonials/")),
                );
                "index.html"
            }
            Job::Blog(n) => {
                let heading = if *n == 0 {
                    "Blog".to_string()
                } else {
                    format!("Blog, page {}", n + 1)
                };
                titled(&mut meta, &heading, None);
                let all: Vec<usize> = (0..c.posts.len()).collect();
                self.insert_list(&mut ctx, &all, *n, "blog/");
                "blog.html"
            }
            Job::Post(i) => {
                let p = &c.posts[*i];
                titled(&mut meta, &p.src.title, p.src.description.as_deref());
                if p.src.description.is_none() {
                    meta.description = plain_summary(&p.summary_html);
                }
                meta.og_type = "article";
                meta.image = p.src.image.as_ref().map(|img| {
                    let base = url::Url::parse(&config.absolute(&p.path)).expect("absolute URL");
                    base.join(img).map(|u| u.to_string()).unwrap_or_default()
                });
                let link = |j: usize| Link {
                    title: c.posts[j].src.title.clone(),
                    url: config.url(&c.posts[j].path),
                };
                ctx.insert(
                    "post",
                    &PostView {
                        summary: PostSummary::new(p, config),
                        content_html: &p.html,
                        prev: (*i + 1 < c.posts.len()).then(|| link(i + 1)),
                        next: (*i > 0).then(|| link(i - 1)),
                    },
                );
                "post.html"
            }
            Job::Tags => {
                titled(&mut meta, "Tags", None);
                let tags: Vec<_> = self
                    .index
                    .tags
                    .iter()
                    .map(|t| TagLink {
                        name: &t.name,
                        url: config.url(&format!("tags/{}/", t.slug)),
                        count: t.posts.len(),
                    })
                    .collect();
                ctx.insert("tags", &tags);
                "tags.html"
            }
            Job::Tag(t, n) => {
                let tag = &self.index.tags[*t];
                let base = format!("tags/{}/", tag.slug);
                let heading = if *n == 0 {
                    format!("Posts tagged “{}”", tag.name)
                } else {
                    format!("Posts tagged “{}”, page {}", tag.name, n + 1)
                };
                titled(&mut meta, &heading, None);
                ctx.insert(
                    "tag",
                    &TagRef {
                        name: tag.name.clone(),
                        url: config.url(&base),
                    },
                );
                self.insert_list(&mut ctx, &tag.posts, *n, &base);
                "tag.html"
            }
            Job::Page(i) => {
                let p = &c.pages[*i];
                titled(&mut meta, &p.src.title, p.src.description.as_deref());
                ctx.insert(
                    "page",
                    &PageView {
                        title: &p.src.title,
                        content_html: &p.html,
                        extra: &p.src.extra,
                    },
                );
                "page.html"
            }
            Job::NotFound => {
                titled(&mut meta, "Page not found", None);
                meta.canonical = config.absolute("404.html");
                "404.html"
            }
            Job::Contact => {
                let ct = c.contact.as_ref().expect("contact job");
                titled(
                    &mut meta,
                    "Contact",
                    Some(&format!(
                        "How to reach {}: phone, email, address and opening hours.",
                        ct.business
                    )),
                );
                meta.jsonld = Some(customer::jsonld(ct, config));
                "contact.html"
            }
            Job::Testimonials => {
                titled(&mut meta, "What our customers say", None);
                let list: Vec<_> = c
                    .testimonials
                    .iter()
                    .map(|t| TestimonialView::new(t, config))
                    .collect();
                ctx.insert("testimonials", &list);
                "testimonials.html"
            }
            Job::Suggestions => {
                let s = c.suggestions.as_ref().expect("suggestions job");
                titled(&mut meta, &s.title, s.intro.as_deref());
                ctx.insert(
                    "form",
                    &FormView::new(s, config, c.contact.as_ref(), self.opts.preview),
                );
                ctx.insert("acted_on", &ActedOnView::list(s, 3));
                ctx.insert("you_said_we_did_url", &config.url("you-said-we-did/"));
                "suggestions.html"
            }
            Job::Thanks => {
                let s = c.suggestions.as_ref().expect("suggestions job");
                titled(&mut meta, "Thank you", None);
                ctx.insert("thank_you", &s.thank_you);
                ctx.insert("acted_on", &ActedOnView::list(s, 3));
                ctx.insert("you_said_we_did_url", &config.url("you-said-we-did/"));
                "thanks.html"
            }
            Job::YouSaidWeDid => {
                let s = c.suggestions.as_ref().expect("suggestions job");
                titled(
                    &mut meta,
                    "You said, we did",
                    Some("What we changed because our customers asked."),
                );
                ctx.insert("acted_on", &ActedOnView::list(s, usize::MAX));
                "you_said_we_did.html"
            }
            _ => unreachable!("not an HTML job: {job:?}"),
        };
        ctx.insert("meta", &meta);
        self.theme.tera.render(template, &ctx)
    }

    fn summaries<'p>(&'p self, posts: impl Iterator<Item = &'p Post>) -> Vec<PostSummary<'p>> {
        posts
            .map(|p| PostSummary::new(p, &self.content.config))
            .collect()
    }

    /// Inserts `posts` and `paginator` for page `n` of a list at `base`.
    fn insert_list(&self, ctx: &mut tera::Context, all: &[usize], n: usize, base: &str) {
        let config = &self.content.config;
        let per = config.posts_per_page;
        let total = page_count(all.len(), per);
        let shown = all
            .iter()
            .skip(n * per)
            .take(per)
            .map(|&i| self.content.posts[i].as_ref());
        ctx.insert("posts", &self.summaries(shown));
        let url = |k: usize| config.url(&list_path(base, k));
        ctx.insert(
            "paginator",
            &Paginator {
                current: n + 1,
                total,
                prev_url: (n > 0).then(|| url(n - 1)),
                next_url: (n + 1 < total).then(|| url(n + 1)),
                first_url: url(0),
                last_url: url(total - 1),
            },
        );
    }
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    content_html: &'a str,
    extra: &'a serde_json::Map<String, serde_json::Value>,
}

/// `base` for page 0, `base/page/N/` after.
pub fn list_path(base: &str, n: usize) -> String {
    if n == 0 {
        base.to_string()
    } else {
        format!("{base}page/{}/", n + 1)
    }
}

/// A description for pages that have none of their own, so every page has one.
fn default_description(c: &Content, job: &Job) -> String {
    let name = c
        .contact
        .as_ref()
        .map_or(c.config.title.as_str(), |ct| ct.business.as_str());
    match job {
        Job::Blog(_) => format!("News and stories from {name}, newest first."),
        Job::Tags => format!("Topics of the {name} blog."),
        Job::Tag(..) => format!("Posts on one topic from {name}."),
        Job::Testimonials => format!("What customers say about {name}."),
        Job::Thanks => format!("Thank you for helping {name} get better."),
        Job::NotFound => format!("This page of {name} does not exist."),
        _ => format!("{name}: how to reach us, what customers say, and our latest news."),
    }
}

fn plain_summary(html: &str) -> String {
    let out = feeds::strip_tags(html);
    let text = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = text
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    match text.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

fn site_view(content: &Content) -> SiteView<'_> {
    let config = &content.config;
    let nav = match &config.nav {
        Some(items) => items
            .iter()
            .map(|n| Link {
                title: n.title.clone(),
                url: resolve_nav(config, &n.url),
            })
            .collect(),
        None => default_nav(content),
    };
    let mut nav: Vec<Link> = nav;
    let contact_url = config.url("contact/");
    if content.contact.is_some() && !nav.iter().any(|l| l.url == contact_url) {
        nav.push(Link {
            title: "Contact".into(),
            url: contact_url,
        });
    }
    SiteView {
        title: &config.title,
        description: config.description.as_deref(),
        language: &config.language,
        author: config.author.as_deref(),
        base_url: config.base_url.as_str(),
        root: config.root(),
        year: chrono::Utc::now().year(),
        feeds: Feeds {
            rss: config.url(feeds::RSS),
            atom: config.url(feeds::ATOM),
            json: config.url(feeds::JSON),
        },
        nav,
        blog_url: config.url("blog/"),
        tags_url: config.url("tags/"),
    }
}

fn resolve_nav(config: &crate::config::Config, url: &str) -> String {
    match url.strip_prefix('/') {
        Some(rest) if !rest.starts_with('/') => config.url(rest),
        _ => url.to_string(),
    }
}

fn default_nav(content: &Content) -> Vec<Link> {
    let config = &content.config;
    let mut nav = vec![Link {
        title: "Blog".into(),
        url: config.url("blog/"),
    }];
    nav.extend(
        content
            .pages
            .iter()
            .filter(|p| !p.path.contains('/') || p.path.matches('/').count() == 1)
            .map(|p| Link {
                title: p.src.title.clone(),
                url: config.url(&p.path),
            }),
    );
    if !content.testimonials.is_empty() {
        nav.push(Link {
            title: "Testimonials".into(),
            url: config.url("testimonials/"),
        });
    }
    if content.suggestions.is_some() {
        nav.push(Link {
            title: "Suggestions".into(),
            url: config.url("suggestions/"),
        });
    }
    nav
}

/// The file a source path is shown as in errors.
pub fn shown(site_dir: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(site_dir).unwrap_or(p).to_path_buf()
}
