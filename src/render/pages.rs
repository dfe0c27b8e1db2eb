//! HTML pages: the values each template receives, and the template it is rendered with.

use std::sync::Arc;

use serde::Serialize;

use super::views::*;
use super::{HOME_POSTS, HOME_TESTIMONIALS, Job, Renderer, customer, feeds, page_count};
use crate::content::{Content, Post};
use crate::routes;

/// Why a page did not render.
pub(super) enum RenderError {
    /// The template `.1` failed.
    In(tera::Error, &'static str),
    /// Not a page (a bug in the caller).
    NotHtml(String),
}

impl Renderer<'_> {
    /// `post_html`: the post's HTML, for a post's page.
    pub(super) fn render_html(
        &self,
        job: &Job,
        page_path: &str,
        post_html: Option<&str>,
    ) -> Result<String, RenderError> {
        let c = self.content;
        let config = &c.config;
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
            image_width: None,
            image_height: None,
            image_alt: None,
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
        meta.set_image(self.images.site_image(config));
        let template = match job {
            Job::Home => {
                meta.jsonld = c.contact.as_ref().map(|ct| self.jsonld(ct));
                ctx.insert("intro_html", &c.intro_html);
                ctx.insert(
                    "posts",
                    &self.summaries(c.posts.iter().take(HOME_POSTS).map(|p| p.as_ref())),
                );
                let featured: Vec<_> = c
                    .testimonials
                    .iter()
                    .filter(|t| t.featured)
                    .take(HOME_TESTIMONIALS)
                    .map(|t| TestimonialView::new(t, config, &self.images))
                    .collect();
                ctx.insert("testimonials", &featured);
                ctx.insert("blog_url", &config.url(routes::BLOG));
                ctx.insert(
                    "testimonials_url",
                    &(!c.testimonials.is_empty()).then(|| config.url(routes::TESTIMONIALS)),
                );
                "index.html"
            }
            Job::Blog { page } => {
                let heading = if *page == 0 {
                    "Blog".to_string()
                } else {
                    format!("Blog, page {}", page + 1)
                };
                titled(&mut meta, &heading, None);
                self.insert_list(&mut ctx, &c.posts, *page, routes::BLOG);
                "blog.html"
            }
            Job::Post {
                post: p,
                newer,
                older,
            } => {
                titled(&mut meta, &p.src.title, p.src.description.as_deref());
                if p.src.description.is_none() {
                    meta.description = plain_summary(&p.summary_html);
                }
                meta.og_type = "article";
                meta.set_image(self.images.post_image(p, config));
                let link = |q: &Post| Link {
                    title: q.src.title.clone(),
                    url: config.url(&q.path),
                };
                ctx.insert(
                    "post",
                    &PostView {
                        summary: PostSummary::new(p, config),
                        content_html: post_html.unwrap_or_default(),
                        prev: older.map(link),
                        next: newer.map(link),
                    },
                );
                "post.html"
            }
            Job::Tags => {
                titled(&mut meta, "Tags", None);
                let tags: Vec<_> = (c.tags.list.iter())
                    .map(|t| TagLink {
                        name: &t.name,
                        url: config.url(&routes::tag(&t.slug)),
                        count: t.posts.len(),
                    })
                    .collect();
                ctx.insert("tags", &tags);
                "tags.html"
            }
            Job::Tag { tag, page } => {
                let base = routes::tag(&tag.slug);
                let heading = if *page == 0 {
                    format!("Posts tagged “{}”", tag.name)
                } else {
                    format!("Posts tagged “{}”, page {}", tag.name, page + 1)
                };
                titled(&mut meta, &heading, None);
                ctx.insert(
                    "tag",
                    &TagRef {
                        name: tag.name.clone(),
                        url: config.url(&base),
                    },
                );
                self.insert_list(&mut ctx, &tag.posts, *page, &base);
                "tag.html"
            }
            Job::Page(p) => {
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
                meta.canonical = config.absolute(routes::NOT_FOUND);
                "404.html"
            }
            Job::Contact(ct) => {
                titled(
                    &mut meta,
                    "Contact",
                    Some(&format!(
                        "How to reach {}: phone, email, address and opening hours.",
                        ct.business
                    )),
                );
                meta.jsonld = Some(self.jsonld(ct));
                "contact.html"
            }
            Job::Testimonials => {
                titled(&mut meta, "What our customers say", None);
                let list: Vec<_> = c
                    .testimonials
                    .iter()
                    .map(|t| TestimonialView::new(t, config, &self.images))
                    .collect();
                ctx.insert("testimonials", &list);
                "testimonials.html"
            }
            Job::Suggestions(s) => {
                titled(&mut meta, &s.title, s.intro.as_deref());
                ctx.insert(
                    "form",
                    &FormView::new(s, config, c.contact.as_ref(), self.opts.preview),
                );
                ctx.insert("acted_on", &ActedOnView::list(s, 3));
                ctx.insert("you_said_we_did_url", &config.url(routes::YOU_SAID_WE_DID));
                "suggestions.html"
            }
            Job::Thanks(s) => {
                titled(&mut meta, "Thank you", None);
                ctx.insert("thank_you", &s.thank_you);
                ctx.insert("acted_on", &ActedOnView::list(s, 3));
                ctx.insert("you_said_we_did_url", &config.url(routes::YOU_SAID_WE_DID));
                "thanks.html"
            }
            Job::YouSaidWeDid(s) => {
                titled(
                    &mut meta,
                    "You said, we did",
                    Some("What we changed because our customers asked."),
                );
                ctx.insert("acted_on", &ActedOnView::list(s, usize::MAX));
                "you_said_we_did.html"
            }
            Job::Newsletter(n) => {
                titled(
                    &mut meta,
                    &n.settings.title,
                    Some(&format!(
                        "Our newsletter, {}: new posts, what customers tell us and what we changed.",
                        n.settings.frequency
                    )),
                );
                ctx.insert("newsletter", &NewsletterView::new(n, c));
                ctx.insert(
                    "signup",
                    &super::newsletter::SignupForm::new(n, c, self.opts.preview),
                );
                "newsletter.html"
            }
            Job::NewsletterThanks(n) => {
                titled(&mut meta, "Thank you for signing up", None);
                ctx.insert("newsletter", &NewsletterView::new(n, c));
                "newsletter_thanks.html"
            }
            Job::NewsletterIssue(job) => {
                let issue = job.issue();
                titled(&mut meta, &issue.subject, issue.preheader.as_deref());
                meta.og_type = "article";
                ctx.insert(
                    "issue",
                    &super::newsletter::IssueView::new(job.assembled, c, &self.images),
                );
                ctx.insert("newsletter_url", &config.url(routes::NEWSLETTER));
                "newsletter_issue.html"
            }
            Job::Privacy => {
                titled(
                    &mut meta,
                    "Privacy",
                    Some("What this site collects, where it goes, and who to ask about it."),
                );
                ctx.insert("privacy", &PrivacyView::new(c));
                "privacy.html"
            }
            Job::Vcard(_)
            | Job::Rss
            | Job::Atom
            | Job::JsonFeed
            | Job::Sitemap
            | Job::Robots
            | Job::Manifest
            | Job::Icon(_)
            | Job::EmailPreview(_)
            | Job::EmailHtml(_)
            | Job::Asset(_)
            | Job::Image { .. }
            | Job::ThemeStatic { .. } => {
                return Err(RenderError::NotHtml(format!(
                    "/{page_path} is not an HTML page"
                )));
            }
        };
        ctx.insert("meta", &meta);
        self.theme
            .tera
            .render(template, &ctx)
            .map_err(|e| RenderError::In(e, template))
    }

    /// The business's JSON-LD, linking the contact photo the plan makes.
    fn jsonld(&self, ct: &crate::content::Contact) -> String {
        let config = &self.content.config;
        let photo = customer::photo_url(ct, config, &self.images);
        customer::jsonld(ct, config, self.content.now, photo.as_deref())
    }

    fn summaries<'p>(&'p self, posts: impl Iterator<Item = &'p Post>) -> Vec<PostSummary<'p>> {
        posts
            .map(|p| PostSummary::new(p, &self.content.config))
            .collect()
    }

    /// Inserts `posts` and `paginator` for page `n` of a list at `base`.
    fn insert_list(&self, ctx: &mut tera::Context, all: &[Arc<Post>], n: usize, base: &str) {
        let config = &self.content.config;
        let per = config.posts_per_page;
        let total = page_count(all.len(), per);
        let shown = all.iter().skip(n * per).take(per).map(|p| p.as_ref());
        ctx.insert("posts", &self.summaries(shown));
        let url = |k: usize| config.url(&routes::list_page(base, k));
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

/// A description for pages that have none of their own, so every page has one.
fn default_description(c: &Content, job: &Job) -> String {
    let name = c
        .contact
        .as_ref()
        .map_or(c.config.title.as_str(), |ct| ct.business.as_str());
    match job {
        Job::Blog { .. } => format!("News and stories from {name}, newest first."),
        Job::Tags => format!("Topics of the {name} blog."),
        Job::Tag { .. } => format!("Posts on one topic from {name}."),
        Job::Testimonials => format!("What customers say about {name}."),
        Job::Thanks(_) => format!("Thank you for helping {name} get better."),
        Job::NotFound => format!("This page of {name} does not exist."),
        _ => format!("{name}: how to reach us, what customers say, and our latest news."),
    }
}

fn plain_summary(html: &str) -> String {
    let text = feeds::html_to_text(html);
    match text.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

pub(super) fn site_view(content: &Content) -> SiteView<'_> {
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
    let contact_url = config.url(routes::CONTACT);
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
        year: content.year,
        feeds: Feeds {
            rss: config.url(feeds::RSS),
            atom: config.url(feeds::ATOM),
            json: config.url(feeds::JSON),
        },
        nav,
        blog_url: config.url(routes::BLOG),
        tags_url: config.url(routes::TAGS),
        brand: BrandView::new(config),
        icons: super::icons::IconsView::new(config),
        newsletter_url: content
            .newsletter
            .as_ref()
            .map(|_| config.url(routes::NEWSLETTER)),
        privacy_url: config.url(routes::PRIVACY),
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
        url: config.url(routes::BLOG),
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
            url: config.url(routes::TESTIMONIALS),
        });
    }
    if content.suggestions.is_some() {
        nav.push(Link {
            title: "Suggestions".into(),
            url: config.url(routes::SUGGESTIONS),
        });
    }
    if let Some(n) = &content.newsletter {
        nav.push(Link {
            title: n.settings.title.clone(),
            url: config.url(routes::NEWSLETTER),
        });
    }
    nav
}
