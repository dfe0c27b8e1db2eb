//! The customers' pages: contact, the vCard, testimonials, the suggestion form, its
//! thank-you page and "You said, we did". They show only site-wide values.

use std::borrow::Cow;
use std::path::PathBuf;

use super::{Job, Kind};
use crate::error::Diagnostic;
use crate::output::Body;
use crate::render::site::Site;
use crate::render::views::{ActedOnView, FormView, TestimonialView};
use crate::render::{Renderer, customer};
use crate::routes;

/// The one job of a kind that exists when `present`.
fn one<T>(present: bool, job: T) -> Vec<T> {
    if present { vec![job] } else { Vec::new() }
}

/// `/contact/`.
#[derive(Debug, Hash)]
pub struct Contact;

impl<'r> Kind<'r> for Contact {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        one(r.content.contact.is_some(), Contact)
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(routes::CONTACT)
    }

    fn source(&self, _: &Site) -> PathBuf {
        PathBuf::from(crate::layout::CONTACT_FILE)
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        site.page(routes::CONTACT, |cx| {
            let lang = site.lang();
            cx.titled(
                &lang.t("contact_title", &[]),
                Some(&lang.t("contact_description", &[("site", site.name())])),
            );
            cx.meta.jsonld = site.jsonld();
            "contact.html"
        })
    }

    fn listed(&self) -> Option<Option<crate::content::date::Date>> {
        Some(None)
    }
}

/// `/contact.vcf`.
#[derive(Debug, Hash)]
pub struct Vcard;

impl<'r> Kind<'r> for Vcard {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        one(r.content.contact.is_some(), Vcard)
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(routes::VCARD)
    }

    fn source(&self, _: &Site) -> PathBuf {
        PathBuf::from(crate::layout::CONTACT_FILE)
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let contact = site.contact.expect("a vCard job has contact data");
        let photo = customer::photo_url(contact, site.config, &site.images);
        Ok(Body::Bytes(
            customer::vcard(contact, site.config, photo.as_deref(), site.lang()).into_bytes(),
        ))
    }
}

/// `/testimonials/`.
#[derive(Debug, Hash)]
pub struct Testimonials;

impl<'r> Kind<'r> for Testimonials {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        one(!r.content.testimonials.is_empty(), Testimonials)
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(routes::TESTIMONIALS)
    }

    fn source(&self, _: &Site) -> PathBuf {
        PathBuf::from(crate::layout::TESTIMONIALS)
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        site.page(routes::TESTIMONIALS, |cx| {
            let lang = site.lang();
            cx.describe(lang.t("testimonials_description", &[("site", site.name())]));
            cx.titled(&lang.t("testimonials_title", &[]), None);
            let list: Vec<_> = (site.testimonials.iter())
                .map(|t| TestimonialView::new(t, site.config, &site.images, site.lang()))
                .collect();
            cx.insert("testimonials", &list);
            "testimonials.html"
        })
    }

    fn listed(&self) -> Option<Option<crate::content::date::Date>> {
        Some(None)
    }
}

/// The suggestion form's data: every kind of `suggestions.yaml` reads it.
fn form<'s>(site: &Site<'s>) -> &'s crate::content::Suggestions {
    site.suggestions
        .expect("a suggestions job has suggestions.yaml")
}

/// `/suggestions/`.
#[derive(Debug, Hash)]
pub struct Suggestions;

impl<'r> Kind<'r> for Suggestions {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        one(r.content.suggestions.is_some(), Suggestions)
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(routes::SUGGESTIONS)
    }

    fn source(&self, _: &Site) -> PathBuf {
        PathBuf::from(crate::layout::SUGGESTIONS_FILE)
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let s = form(site);
        site.page(routes::SUGGESTIONS, |cx| {
            cx.titled(&s.title(site.lang()), s.intro.as_deref());
            cx.insert(
                "form",
                &FormView::new(s, site.config, site.contact, site.opts.preview, site.lang()),
            );
            cx.insert("acted_on", &ActedOnView::list(s, 3, site.lang()));
            cx.insert(
                "you_said_we_did_url",
                &site.config.url(routes::YOU_SAID_WE_DID),
            );
            "suggestions.html"
        })
    }

    fn listed(&self) -> Option<Option<crate::content::date::Date>> {
        Some(None)
    }
}

/// A form's thank-you page, where the form sends the customer once it is sent:
/// `/suggestions/thanks/`, `/update/thanks/` and `/surveys/NAME/thanks/`, each saying
/// what happens to what they sent.
#[derive(Debug, Hash)]
pub enum Thanks<'r> {
    /// After a suggestion.
    Suggestions,
    /// After new details sent with `/update/`.
    Update,
    /// After a survey's answers.
    Survey(&'r crate::content::Survey),
}

impl<'r> Kind<'r> for Thanks<'r> {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        let mut all = one(r.content.suggestions.is_some(), Thanks::Suggestions);
        all.extend(one(
            crate::render::site::has_update_page(&r.site),
            Thanks::Update,
        ));
        all.extend(r.content.surveys.iter().map(Thanks::Survey));
        all
    }

    fn route(&self) -> Cow<'r, str> {
        match self {
            Thanks::Suggestions => Cow::Borrowed(routes::THANKS),
            Thanks::Update => Cow::Borrowed(routes::UPDATE_THANKS),
            Thanks::Survey(s) => Cow::Owned(routes::survey_thanks(&s.name)),
        }
    }

    fn source(&self, site: &Site) -> PathBuf {
        match self {
            Thanks::Suggestions => PathBuf::from(crate::layout::SUGGESTIONS_FILE),
            Thanks::Update => super::Update.source(site),
            Thanks::Survey(s) => s.source.clone(),
        }
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let lang = site.lang();
        // What the page says, and who reads what was sent.
        let (thank_you, person, team) = match self {
            Thanks::Suggestions => (
                form(site).thank_you(lang),
                "thanks_person_reads",
                "thanks_team_reads",
            ),
            Thanks::Update => (
                lang.t("update_thank_you", &[]),
                "update_thanks_person",
                "update_thanks_team",
            ),
            Thanks::Survey(_) => (
                lang.t("survey_thank_you", &[]),
                "survey_thanks_person",
                "survey_thanks_team",
            ),
        };
        let reads = match site.contact {
            Some(c) => lang.t(person, &[("name", &c.person.name)]),
            None => lang.t(team, &[]),
        };
        site.page(&self.route(), |cx| {
            cx.describe(lang.t("thanks_description", &[("site", site.name())]));
            cx.titled(&lang.t("thanks_title", &[]), None);
            cx.insert("thank_you", &thank_you);
            cx.insert("reads", &reads);
            // A survey asks for no address to answer to.
            cx.insert("hear_back", &!matches!(self, Thanks::Survey(_)));
            if let Some(s) = site.suggestions {
                cx.insert("acted_on", &ActedOnView::list(s, 3, lang));
                cx.insert(
                    "you_said_we_did_url",
                    &site.config.url(routes::YOU_SAID_WE_DID),
                );
            }
            "thanks.html"
        })
    }
}

/// `/you-said-we-did/`.
#[derive(Debug, Hash)]
pub struct YouSaidWeDid;

impl<'r> Kind<'r> for YouSaidWeDid {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        one(r.content.suggestions.is_some(), YouSaidWeDid)
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(routes::YOU_SAID_WE_DID)
    }

    fn source(&self, _: &Site) -> PathBuf {
        PathBuf::from(crate::layout::SUGGESTIONS_FILE)
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let s = form(site);
        site.page(routes::YOU_SAID_WE_DID, |cx| {
            let lang = site.lang();
            cx.titled(
                &lang.t("ysd_title", &[]),
                Some(&lang.t("ysd_description", &[])),
            );
            cx.insert("acted_on", &ActedOnView::list(s, usize::MAX, site.lang()));
            "you_said_we_did.html"
        })
    }

    fn listed(&self) -> Option<Option<crate::content::date::Date>> {
        Some(None)
    }
}
