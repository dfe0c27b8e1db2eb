//! `sitemap.xml` and `robots.txt`.

use std::fmt::Write;

use super::{Job, Renderer, feeds::xml};
use crate::config::Config;

/// Every indexable HTML page (not the 404 or the thank-you page).
pub fn sitemap(r: &Renderer) -> String {
    let config = &r.content.config;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for job in r.jobs() {
        let lastmod = match &job {
            Job::Post { post, .. } => {
                let p = &post.src;
                Some(p.updated.unwrap_or(p.date).iso_date())
            }
            Job::Home
            | Job::Blog { .. }
            | Job::Tags
            | Job::Tag { .. }
            | Job::Page(_)
            | Job::Contact(_)
            | Job::Testimonials
            | Job::Suggestions(_)
            | Job::YouSaidWeDid(_)
            | Job::Newsletter(_)
            | Job::Privacy => None,
            Job::NewsletterIssue(i) => Some(i.issue().date.iso_date()),
            Job::NotFound
            | Job::Thanks(_)
            | Job::NewsletterThanks(_)
            | Job::Vcard(_)
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
            | Job::ThemeStatic { .. } => continue,
        };
        let page = r.route(&job);
        let _ = write!(out, "<url><loc>{}</loc>", xml(&config.absolute(&page)));
        if let Some(d) = lastmod {
            let _ = write!(out, "<lastmod>{d}</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// Allows everything and points at the sitemap.
pub fn robots(config: &Config) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        config.absolute("sitemap.xml")
    )
}
