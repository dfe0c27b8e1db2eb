//! `sitemap.xml`, `robots.txt` and `manifest.webmanifest`.

use std::borrow::Cow;
use std::fmt::Write;

use super::{Job, Kind, Reads};
use crate::content::date::Date;
use crate::error::Diagnostic;
use crate::output::Body;
use crate::render::Renderer;
use crate::render::feeds::xml;
use crate::render::site::Site;
use crate::routes;

/// `/sitemap.xml`: every indexable page before it (not the 404 or thank-you pages), with
/// its date of last change when it has one. What it lists is its input: a post's title
/// or text does not change it (and it is the one job as long as the site).
#[derive(Debug, Hash)]
pub struct Sitemap<'r> {
    pages: Vec<(Cow<'r, str>, Option<Date>)>,
    /// For a site in more than one language: each page's translations (the page's own
    /// language included), as (language tag, route), in the order of `pages`.
    alternates: Vec<Vec<(String, String)>>,
}

impl<'r> Kind<'r> for Sitemap<'r> {
    const READS: Reads = Reads::Config;

    fn all(r: &'r Renderer<'r>, before: &[Job<'r>]) -> Vec<Self> {
        let pages = (before.iter())
            .filter_map(|job| Some((job.route(), job.listed()?)))
            .collect();
        let alternates = match &r.site.languages {
            Some((languages, _)) => (before.iter())
                .filter(|job| job.listed().is_some())
                .map(|job| {
                    let inner = match job {
                        Job::Translated(t) => t.job().route(),
                        other => other.route(),
                    };
                    let has = languages.has(&inner);
                    if has.count_ones() < 2 {
                        return Vec::new();
                    }
                    (languages.list.iter().enumerate())
                        .filter(|(i, _)| has & (1 << i) != 0)
                        .map(|(_, l)| (l.tag.clone(), format!("{}{inner}", l.prefix)))
                        .collect()
                })
                .collect(),
            None => Vec::new(),
        };
        vec![Sitemap { pages, alternates }]
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(routes::SITEMAP)
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"",
        );
        if !self.alternates.is_empty() {
            out.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
        }
        out.push_str(">\n");
        for (i, (route, lastmod)) in self.pages.iter().enumerate() {
            let _ = write!(out, "<url><loc>{}</loc>", xml(&site.config.absolute(route)));
            if let Some(d) = lastmod {
                let _ = write!(out, "<lastmod>{}</lastmod>", d.iso_date());
            }
            for (tag, alt) in self.alternates.get(i).into_iter().flatten() {
                let _ = write!(
                    out,
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    xml(tag),
                    xml(&site.config.file_absolute(alt))
                );
            }
            out.push_str("</url>\n");
        }
        out.push_str("</urlset>\n");
        Ok(Body::Bytes(out.into_bytes()))
    }
}

/// `/robots.txt`: allows everything and points at the sitemap.
#[derive(Debug, Hash)]
pub struct Robots;

impl<'r> Kind<'r> for Robots {
    const READS: Reads = Reads::Config;

    fn all(_: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        vec![Robots]
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(routes::ROBOTS)
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let sitemap = site.config.absolute(routes::SITEMAP);
        Ok(Body::Bytes(
            format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n").into_bytes(),
        ))
    }
}

/// `/manifest.webmanifest`.
#[derive(Debug, Hash)]
pub struct Manifest;

impl<'r> Kind<'r> for Manifest {
    fn all(_: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        vec![Manifest]
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(routes::MANIFEST)
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        Ok(Body::Bytes(
            crate::render::icons::manifest(site.config, site.contact).into_bytes(),
        ))
    }
}
