//! The places of a business with `locations/`: `/locations/` (every place with its
//! address, phone, hours and "open now" in its own time zone), one page a place
//! (`/locations/NAME/`: its hours table and special days, who answers there, directions)
//! and a vCard a place (`/locations/NAME.vcf`). The locations are site-wide values (every
//! page's header and footer show the main one), so the jobs hold only which place they are.

use std::borrow::Cow;
use std::path::PathBuf;

use super::{Job, Kind};
use crate::content::locations::Location as Place;
use crate::error::Diagnostic;
use crate::output::Body;
use crate::render::Renderer;
use crate::render::customer;
use crate::render::site::Site;
use crate::render::views::LocationCard;
use crate::routes;

/// `/locations/`, when the site has `locations/`.
#[derive(Debug, Hash)]
pub struct Locations;

impl<'r> Kind<'r> for Locations {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        match r.content.locations.is_empty() || r.content.contact.is_none() {
            true => Vec::new(),
            false => vec![Locations],
        }
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(routes::LOCATIONS)
    }

    fn source(&self, _: &Site) -> PathBuf {
        PathBuf::from(crate::layout::LOCATIONS)
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        site.page(routes::LOCATIONS, |cx| {
            let lang = site.lang();
            cx.titled(
                &lang.t("locations_title", &[]),
                Some(&lang.t("locations_description", &[("site", site.name())])),
            );
            cx.meta.jsonld = site.jsonld();
            "locations.html"
        })
    }

    fn listed(&self) -> Option<Option<crate::content::date::Date>> {
        Some(None)
    }
}

/// `/locations/NAME/`: one place.
#[derive(Debug, Hash)]
pub struct Location<'r>(&'r Place);

impl<'r> Kind<'r> for Location<'r> {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        match r.content.contact {
            Some(_) => r.content.locations.iter().map(Location).collect(),
            None => Vec::new(),
        }
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Owned(routes::location(&self.0.key))
    }

    fn source(&self, _: &Site) -> PathBuf {
        self.0.source.clone()
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let place = self.0;
        let contact = site.contact.expect("a location's page has contact data");
        site.page(&self.route(), |cx| {
            let lang = site.lang();
            cx.titled(
                &place.name,
                Some(&lang.t(
                    "location_description",
                    &[
                        ("site", site.name()),
                        ("name", &place.name),
                        ("address", &place.address.one_line()),
                    ],
                )),
            );
            let node = customer::location_node(place, contact, site.config, site.now, lang);
            let mut node = node;
            node["@context"] = serde_json::json!("https://schema.org");
            cx.meta.jsonld = Some(super::jsonld_text(&node));
            let card = LocationCard::new(place, site.config, &site.images, site.now, lang);
            cx.insert("location", &card);
            "location.html"
        })
    }

    fn listed(&self) -> Option<Option<crate::content::date::Date>> {
        Some(None)
    }
}

/// `/locations/NAME.vcf`: one place as a contact card.
#[derive(Debug, Hash)]
pub struct LocationVcard<'r>(&'r Place);

impl<'r> Kind<'r> for LocationVcard<'r> {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        match r.content.contact {
            Some(_) => r.content.locations.iter().map(LocationVcard).collect(),
            None => Vec::new(),
        }
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Owned(routes::location_vcard(&self.0.key))
    }

    fn source(&self, _: &Site) -> PathBuf {
        self.0.source.clone()
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let contact = site.contact.expect("a location's vCard has contact data");
        let here = self.0.as_contact(contact);
        let photo = customer::photo_url(&here, site.config, &site.images);
        Ok(Body::Bytes(
            customer::location_vcard(
                &here,
                &self.0.name,
                site.config,
                photo.as_deref(),
                site.lang(),
            )
            .into_bytes(),
        ))
    }
}
