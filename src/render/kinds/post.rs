//! A post's page.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use super::{Job, Kind, PostRef};
use crate::content::date::Date;
use crate::error::Diagnostic;
use crate::image_plan::SocialImage;
use crate::output::Body;
use crate::render::Renderer;
use crate::render::site::Site;
use crate::render::views::{Link, PostSummary, PostView};

/// A post, with its neighbours in the newest-first list and its own social card.
#[derive(Debug, Hash)]
pub struct Post<'r> {
    /// The post.
    pub post: PostRef<'r>,
    newer: Option<Neighbour<'r>>,
    older: Option<Neighbour<'r>>,
    /// The card made from its own image (None: the site's card); boxed, as most posts
    /// have none and a build holds a job for every post.
    image: Option<Box<SocialImage>>,
}

impl<'r> Kind<'r> for Post<'r> {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        let posts = &r.content.posts;
        let config = &r.content.config;
        (posts.iter().enumerate())
            .map(|(i, post)| Post {
                post: PostRef(post),
                newer: i.checked_sub(1).map(|j| Neighbour(&posts[j])),
                older: posts.get(i + 1).map(|p| Neighbour(p)),
                image: r.site.images.own_post_image(post, config).map(Box::new),
            })
            .collect()
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(&self.post.0.path)
    }

    fn file(&self, out: &mut String) {
        out.push_str(&self.post.path);
        out.push_str("index.html");
    }

    fn source(&self, _: &Site) -> PathBuf {
        self.post.src.source.clone()
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let p = self.post.0;
        let config = site.config;
        let html = p.html()?;
        site.page(&p.path, |cx| {
            cx.titled(&p.src.title, p.src.description.as_deref());
            if p.src.description.is_none() {
                cx.meta.description = plain_summary(&p.summary_html);
            }
            cx.meta.og_type = "article";
            cx.meta.set_image(
                (self.image.as_deref().cloned()).or_else(|| site.images.site_image(config)),
            );
            cx.meta.jsonld = Some(article_jsonld(p, &cx.meta, site));
            let link = |q: &Neighbour| Link {
                title: q.0.src.title.clone(),
                url: config.url(&q.0.path),
            };
            cx.insert(
                "post",
                &PostView {
                    summary: PostSummary::new(p, config, site.lang()),
                    content_html: &html,
                    prev: self.older.as_ref().map(link),
                    next: self.newer.as_ref().map(link),
                },
            );
            "post.html"
        })
    }

    fn listed(&self) -> Option<Option<Date>> {
        let p = &self.post.src;
        Some(Some(p.updated.unwrap_or(p.date)))
    }
}

/// A neighbour in the newest-first list, as the post's page links it: by its title and
/// path, which alone are hashed (its text changes no other post's page). Held by
/// reference: a build holds a job for every post.
#[derive(Debug)]
struct Neighbour<'r>(&'r crate::content::Post);

impl Hash for Neighbour<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.0.src.title.hash(h);
        self.0.path.hash(h);
    }
}

/// schema.org `BlogPosting` for search engines: the headline, dates, author, language
/// (`inLanguage`: each translation says its own), picture and publisher, ready for a
/// `<script>`.
fn article_jsonld(
    p: &crate::content::Post,
    meta: &crate::render::views::Meta,
    site: &Site,
) -> String {
    let config = site.config;
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": p.src.title,
        "description": meta.description,
        "datePublished": p.src.date.iso_date(),
        "url": meta.canonical,
        "mainEntityOfPage": meta.canonical,
        "inLanguage": config.language,
        "publisher": {
            "@type": if site.contact.is_some() { "LocalBusiness" } else { "Organization" },
            "name": site.name(),
            "url": config.base_url.as_str(),
        },
    });
    if let Some(updated) = p.src.updated {
        v["dateModified"] = serde_json::json!(updated.iso_date());
    }
    if let Some(author) = p.src.author.as_ref().or(config.author.as_ref()) {
        v["author"] = serde_json::json!({ "@type": "Person", "name": author });
    }
    if let Some(image) = &meta.image {
        v["image"] = serde_json::json!(image);
    }
    if !p.src.tags.is_empty() {
        v["keywords"] = serde_json::json!(p.src.tags);
    }
    crate::text::script_safe(&serde_json::to_string(&v).expect("JSON-LD serializes"))
}

/// The first 200 characters of a summary, as plain text.
fn plain_summary(html: &str) -> String {
    let text = crate::render::feeds::html_to_text(html);
    match text.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}
