//! `/update/`: a short form where customers send the business their new name, email
//! address or phone number, with the newsletter provider's page for subscribers.

use std::borrow::Cow;
use std::path::PathBuf;

use super::{Job, Kind};
use crate::content::date::Date;
use crate::content::suggestions::Endpoint;
use crate::error::Diagnostic;
use crate::output::Body;
use crate::render::Renderer;
use crate::render::site::Site;
use crate::render::views::UpdateView;
use crate::routes;

/// `/update/`. It shows only site-wide values: the form endpoint, the contact data and
/// the newsletter's settings.
#[derive(Debug, Hash)]
pub struct Update;

impl<'r> Kind<'r> for Update {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        if crate::render::site::has_update_page(&r.site) {
            vec![Update]
        } else {
            Vec::new()
        }
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(routes::UPDATE)
    }

    fn source(&self, site: &Site) -> PathBuf {
        PathBuf::from(match site.contact {
            Some(_) => crate::layout::CONTACT_FILE,
            None => crate::layout::SUGGESTIONS_FILE,
        })
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let endpoint = site.suggestions.map_or(&Endpoint::None, |f| &f.endpoint);
        let manage = site.newsletter.and_then(|n| n.manage_url.as_deref());
        site.page(routes::UPDATE, |cx| {
            let lang = site.lang();
            cx.titled(
                &lang.t("update_title", &[]),
                Some(&lang.t("update_description", &[("site", site.name())])),
            );
            let view = UpdateView::new(
                endpoint,
                manage,
                site.config,
                site.contact,
                site.opts.preview,
                lang,
            );
            cx.insert("form", &view);
            "update.html"
        })
    }

    fn listed(&self) -> Option<Option<Date>> {
        Some(None)
    }
}
