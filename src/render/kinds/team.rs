//! `/team/`: the people of the business, each with a photo, role, what to ask them about
//! and how to reach them, and a `Person` JSON-LD each that `worksFor` the business.

use std::borrow::Cow;
use std::path::PathBuf;

use serde_json::{Value, json};

use super::{Job, Kind};
use crate::content::team::Member;
use crate::error::Diagnostic;
use crate::image_plan::Avatar;
use crate::output::Body;
use crate::render::Renderer;
use crate::render::site::Site;
use crate::routes;

/// `/team/`, when the site has `team/`: its job holds the people it shows and their
/// photos' files (their names change with the image).
#[derive(Debug, Hash)]
pub struct Team<'r>(&'r [Member], Vec<Option<Avatar>>);

impl<'r> Kind<'r> for Team<'r> {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        let team = r.content.team.as_slice();
        if team.is_empty() {
            return Vec::new();
        }
        let config = &r.site.config;
        let photos = (team.iter())
            .map(|m| (m.photo.as_deref()).and_then(|p| r.site.images.avatar(p, config)))
            .collect();
        vec![Team(team, photos)]
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(routes::TEAM)
    }

    fn source(&self, _: &Site) -> PathBuf {
        PathBuf::from(crate::layout::TEAM)
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let (team, photos) = (self.0, &self.1);
        site.page(routes::TEAM, |cx| {
            let lang = site.lang();
            cx.titled(
                &lang.t("team_title", &[]),
                Some(&lang.t("team_description", &[("site", site.name())])),
            );
            cx.meta.jsonld = Some(jsonld(team, site, &cx.meta.canonical));
            let people: Vec<Value> = (team.iter().zip(photos))
                .map(|(m, avatar)| {
                    let (photo, webp) = match (avatar, &m.photo) {
                        (Some(a), _) => (Some(a.src.clone()), Some(a.webp.clone())),
                        (None, Some(p)) => (Some(site.config.file_url(p)), None),
                        (None, None) => (None, None),
                    };
                    json!({
                        "key": m.key,
                        "name": m.name,
                        "role": m.role,
                        "photo_url": photo,
                        "photo_webp": webp,
                        "ask_me_about": m.ask_me_about,
                        "email": m.email,
                        "phone": m.phone,
                        "phone_href": m.phone.as_deref().map(crate::content::contact::phone_href),
                        "vcard_url": has_card(m).then(|| site.config.url(&routes::team_vcard(&m.key))),
                    })
                })
                .collect();
            cx.insert("people", &people);
            "team.html"
        })
    }

    fn listed(&self) -> Option<Option<crate::content::date::Date>> {
        Some(None)
    }
}

/// Whether a member has a vCard: a way to reach them.
fn has_card(m: &Member) -> bool {
    m.email.is_some() || m.phone.is_some()
}

/// `/team/NAME.vcf`, for a member with an email or a phone: their card for an address
/// book, which names the business (`ORG`) and links their photo.
#[derive(Debug, Hash)]
pub struct TeamVcard<'r>(&'r Member);

impl<'r> Kind<'r> for TeamVcard<'r> {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        (r.content.team.iter())
            .filter(|m| has_card(m))
            .map(TeamVcard)
            .collect()
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Owned(routes::team_vcard(&self.0.key))
    }

    fn source(&self, _: &Site) -> PathBuf {
        self.0.source.clone()
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let m = self.0;
        let business = site.contact.map_or(site.name(), |c| c.business.as_str());
        let page = format!("{}#{}", site.config.absolute(routes::TEAM), m.key);
        let photo = m.photo.as_deref().map(|p| site.config.file_absolute(p));
        let card = crate::render::customer::member_vcard(m, business, &page, photo.as_deref());
        Ok(Body::Bytes(card.into_bytes()))
    }
}

/// An `@graph` of one `Person` a member: `jobTitle`, `knowsAbout`, `image`, `email`,
/// `telephone`, and `worksFor` the business.
fn jsonld(team: &[Member], site: &Site, canonical: &str) -> String {
    let business = super::business(site);
    let graph: Vec<Value> = (team.iter())
        .map(|m| {
            let mut v = json!({
                "@type": "Person",
                "name": m.name,
                "url": format!("{canonical}#{}", m.key),
                "worksFor": business,
            });
            if let Some(r) = &m.role {
                v["jobTitle"] = json!(r);
            }
            if !m.ask_me_about.is_empty() {
                v["knowsAbout"] = json!(m.ask_me_about);
            }
            if let Some(p) = &m.photo {
                v["image"] = json!(site.config.file_absolute(p));
            }
            if let Some(e) = &m.email {
                v["email"] = json!(e);
            }
            if let Some(p) = &m.phone {
                v["telephone"] = json!(p);
            }
            v
        })
        .collect();
    super::jsonld_text(&json!({ "@context": "https://schema.org", "@graph": graph }))
}
