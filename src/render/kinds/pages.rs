//! The pages of `pages/`, the privacy page and the 404 page.

use std::borrow::Cow;
use std::path::PathBuf;

use serde::Serialize;

use super::{Job, Kind};
use crate::error::Diagnostic;
use crate::output::Body;
use crate::render::Renderer;
use crate::render::site::Site;
use crate::render::views::{PRIVACY_PAGE, PrivacyInputs, PrivacyView};
use crate::routes;

/// A page of `pages/` (but `pages/privacy.md`, which the privacy page shows).
#[derive(Debug)]
pub struct Page<'r>(&'r crate::content::Page);

impl std::hash::Hash for Page<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.0.fingerprint.hash(h);
    }
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    content_html: &'a str,
    extra: &'a serde_json::Map<String, serde_json::Value>,
}

impl<'r> Kind<'r> for Page<'r> {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        (r.content.pages.iter())
            .filter(|p| p.path != PRIVACY_PAGE)
            .map(|p| Page(p))
            .collect()
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(&self.0.path)
    }

    fn file(&self, out: &mut String) {
        out.push_str(&self.0.path);
        out.push_str("index.html");
    }

    fn source(&self, _: &Site) -> PathBuf {
        self.0.src.source.clone()
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let p = self.0;
        site.page(&p.path, |cx| {
            cx.titled(&p.src.title, p.src.description.as_deref());
            cx.insert(
                "page",
                &PageView {
                    title: &p.src.title,
                    content_html: &p.html,
                    extra: &p.src.extra,
                },
            );
            "page.html"
        })
    }

    fn listed(&self) -> Option<Option<crate::content::date::Date>> {
        Some(None)
    }
}

/// `/privacy/`: what the site collects and where it goes, and `pages/privacy.md` if any.
#[derive(Debug)]
pub struct Privacy<'r> {
    own: Option<&'r crate::content::Page>,
    /// The surveys that take answers at the build's moment: their forms are listed.
    surveys: Vec<&'r crate::content::Survey>,
}

impl std::hash::Hash for Privacy<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.own.map(|p| p.fingerprint).hash(h);
        self.surveys.hash(h);
    }
}

impl<'r> Kind<'r> for Privacy<'r> {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        vec![Privacy {
            own: r
                .content
                .pages
                .iter()
                .find(|p| p.path == PRIVACY_PAGE)
                .map(|p| &**p),
            surveys: (r.content.surveys.iter())
                .filter(|s| !s.is_closed(r.content.now))
                .collect(),
        }]
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(routes::PRIVACY)
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        site.page(routes::PRIVACY, |cx| {
            let lang = site.lang();
            cx.titled(
                &lang.t("privacy_title", &[]),
                Some(&lang.t("privacy_description", &[])),
            );
            cx.insert(
                "privacy",
                &PrivacyView::new(
                    PrivacyInputs {
                        config: site.config,
                        lang,
                        contact: site.contact,
                        suggestions: site.suggestions,
                        newsletter: site.newsletter,
                        update_page: crate::render::site::has_update_page(site),
                    },
                    self.own.map(|p| p.html.as_str()),
                    &self.surveys,
                ),
            );
            "privacy.html"
        })
    }

    fn listed(&self) -> Option<Option<crate::content::date::Date>> {
        Some(None)
    }
}

/// `/404.html`.
#[derive(Debug, Hash)]
pub struct NotFound;

impl<'r> Kind<'r> for NotFound {
    fn all(_: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        vec![NotFound]
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(routes::NOT_FOUND)
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        site.page(routes::NOT_FOUND, |cx| {
            let lang = site.lang();
            cx.describe(lang.t("error404_description", &[("site", site.name())]));
            cx.titled(&lang.t("error404_title", &[]), None);
            cx.meta.canonical = site.config.absolute(routes::NOT_FOUND);
            "404.html"
        })
    }
}
