//! A survey's page, `/surveys/NAME/`: its questions as a form sent to the site's form
//! endpoint, or, past its last day, a notice that it has closed.

use std::borrow::Cow;
use std::path::PathBuf;

use super::{Job, Kind};
use crate::content::date::Date;
use crate::content::suggestions::Endpoint;
use crate::error::Diagnostic;
use crate::output::Body;
use crate::render::Renderer;
use crate::render::site::Site;
use crate::render::views::SurveyView;

/// `/surveys/NAME/`.
#[derive(Debug, Hash)]
pub struct Survey<'r> {
    survey: &'r crate::content::Survey,
    /// Past its last day at the build's moment.
    closed: bool,
}

impl<'r> Kind<'r> for Survey<'r> {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        (r.content.surveys.iter())
            .map(|survey| Survey {
                survey,
                closed: survey.is_closed(r.content.now),
            })
            .collect()
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Owned(self.survey.route())
    }

    fn source(&self, _: &Site) -> PathBuf {
        self.survey.source.clone()
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let s = self.survey;
        let endpoint = site.suggestions.map_or(&Endpoint::None, |f| &f.endpoint);
        site.page(&s.route(), |cx| {
            let lang = site.lang();
            let description = s.intro.clone().unwrap_or_else(|| {
                lang.t(
                    "survey_description",
                    &[("site", site.name()), ("group", &s.group)],
                )
            });
            cx.titled(&s.title, Some(&description));
            let view = SurveyView::new(
                s,
                self.closed,
                endpoint,
                site.config,
                site.contact,
                site.opts.preview,
                lang,
            );
            cx.insert("survey", &view);
            "survey.html"
        })
    }

    fn listed(&self) -> Option<Option<Date>> {
        Some(None)
    }
}
