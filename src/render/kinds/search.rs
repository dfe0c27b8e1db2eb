//! `/search/` (`search: true`): the search form, the filters by type and tag, and the
//! results, by `search.js` from the Pagefind index of the site's language. The only page
//! that loads the index and its scripts; without JavaScript it links to the blog and
//! the tags instead.

use std::borrow::Cow;

use serde_json::json;

use super::{Job, Kind};
use crate::error::Diagnostic;
use crate::output::Body;
use crate::render::Renderer;
use crate::render::site::Site;
use crate::routes;

/// `/search/`, when `site.yaml` says `search: true`. What it shows is the site's.
#[derive(Debug, Hash)]
pub struct Search;

/// The types of the pages the search finds ([`crate::search::entry`]), with the theme's
/// word for each in the type filter.
const TYPES: [(&str, &str); 6] = [
    ("post", "search_type_post"),
    ("page", "search_type_page"),
    ("service", "search_type_service"),
    ("faq", "search_type_faq"),
    ("contact", "search_type_contact"),
    ("newsletter", "search_type_newsletter"),
];

impl<'r> Kind<'r> for Search {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        if r.content.config.search {
            vec![Search]
        } else {
            Vec::new()
        }
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(routes::SEARCH)
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        site.page(routes::SEARCH, |cx| {
            let lang = site.lang();
            cx.titled(
                &lang.t("search_title", &[]),
                Some(&lang.t("search_description", &[("site", site.name())])),
            );
            let types: serde_json::Map<String, serde_json::Value> = (TYPES.iter())
                .map(|(kind, key)| (kind.to_string(), json!(lang.t(key, &[]))))
                .collect();
            // One index for every language, at the site's root; the script picks the
            // page's language from `<html lang>`.
            cx.insert(
                "bundle_url",
                &format!("{}{}", site.config.root(), crate::search::BUNDLE),
            );
            cx.insert("type_names", &serde_json::to_string(&types).expect("JSON"));
            "search.html"
        })
    }
}
