//! `contact.yaml`: the business, the named person who answers, and how to reach them.

use std::path::Path;

use serde::Deserialize;

use crate::content::hours::{self, Hours, RawHours};
use crate::error::{Diagnostic, Diagnostics};
use crate::layout::CONTACT_FILE;

/// Contact data, validated.
#[derive(Debug, Clone, Hash)]
pub struct Contact {
    /// The business's name.
    pub business: String,
    /// The person who answers.
    pub person: Person,
    /// Phone number as shown.
    pub phone: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Postal address.
    pub address: Option<Address>,
    /// Opening hours (none: not given).
    pub hours: Option<Hours>,
    /// The response-time promise.
    pub response_time: Option<String>,
    /// Link to a map of the address.
    pub map_url: Option<String>,
    /// Where the business is, for directions and search engines.
    pub geo: Option<Geo>,
    /// An `https://` page where customers book an appointment.
    pub booking_url: Option<String>,
    /// Social profiles.
    pub social: Vec<Social>,
    /// `person: KEY`: the member of `team/` the person is, and where the key is written
    /// (line, column); `person` is theirs once the team is read.
    pub person_key: Option<(String, u32, u32)>,
}

/// `contact.yaml` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    #[serde(deserialize_with = "crate::i18n::localized::string")]
    business: String,
    person: RawPerson,
    phone: Option<String>,
    email: Option<String>,
    address: Option<Address>,
    hours: Option<RawHours>,
    #[serde(default, deserialize_with = "crate::i18n::localized::option")]
    response_time: Option<String>,
    map_url: Option<String>,
    geo: Option<Geo>,
    booking_url: Option<String>,
    #[serde(default)]
    social: Vec<Social>,
}

/// Latitude and longitude in degrees (WGS 84), e.g. `geo: {lat: 43.65626, lon: -70.25274}`.
#[derive(Deserialize, Debug, Clone, Copy, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Geo {
    /// Degrees north, -90 to 90.
    pub lat: f64,
    /// Degrees east, -180 to 180.
    pub lon: f64,
}

impl std::hash::Hash for Geo {
    /// By the bits of the numbers as written (`0.0` and `-0.0` differ, which only renders
    /// again a page that shows the same place).
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (self.lat.to_bits(), self.lon.to_bits()).hash(h);
    }
}

impl Geo {
    /// `43.65626,-70.25274`.
    pub fn pair(&self) -> String {
        format!("{},{}", self.lat, self.lon)
    }

    /// RFC 5870 `geo:` URI: phones open their map app at the place, labelled with `name`.
    pub fn uri(&self, name: &str) -> String {
        let label: String =
            percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        format!("geo:{0}?q={0}({label})", self.pair())
    }

    /// What is wrong with the numbers: the field (`lat`, `lon`) and why.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if !(-90.0..=90.0).contains(&self.lat) {
            out.push((
                "lat",
                format!(
                    "`geo.lat` {} is not a latitude: it goes from -90 (south) to 90 (north)",
                    self.lat
                ),
            ));
        }
        if !(-180.0..=180.0).contains(&self.lon) {
            out.push((
                "lon",
                format!(
                    "`geo.lon` {} is not a longitude: it goes from -180 (west) to 180 (east)",
                    self.lon
                ),
            ));
        }
        out
    }

    /// OpenStreetMap at the place.
    pub fn osm_url(&self) -> String {
        format!(
            "https://www.openstreetmap.org/?mlat={0}&mlon={1}#map=18/{0}/{1}",
            self.lat, self.lon
        )
    }
}

/// `person:` as written: a member of `team/` by key (`person: maria` for
/// `team/maria.yaml`), or the person's own `name:`, `role:` and `photo:`.
pub(super) enum RawPerson {
    /// `person: maria`.
    Member(String),
    /// `person: {name: ..., role: ...}`.
    Inline(Person),
}

impl<'de> Deserialize<'de> for RawPerson {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawPerson;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a member of team/ (`person: maria` for team/maria.yaml), or the person's `name:`, `role:` and `photo:`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawPerson, E> {
                Ok(RawPerson::Member(v.trim().to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RawPerson, A::Error> {
                Person::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(RawPerson::Inline)
            }
        }
        d.deserialize_any(V)
    }
}

/// The named person who answers.
#[derive(Deserialize, Debug, Clone, Hash)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name.
    pub name: String,
    /// Role, e.g. "Customer care".
    #[serde(default, deserialize_with = "crate::i18n::localized::option")]
    pub role: Option<String>,
    /// Photo file in `static/`.
    pub photo: Option<String>,
}

/// Postal address.
#[derive(Deserialize, Debug, Clone, Hash)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// Street and number.
    pub street: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Region or state.
    pub region: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// Country (ISO code or name).
    pub country: Option<String>,
}

impl Address {
    /// `1 Harbor Way, Portland, ME 04101, US`.
    pub fn one_line(&self) -> String {
        let region_code = [self.region.as_deref(), self.postal_code.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        [
            self.street.as_deref(),
            self.city.as_deref(),
            Some(region_code.as_str()),
            self.country.as_deref(),
        ]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// A social profile link.
#[derive(Deserialize, Debug, Clone, Hash)]
#[serde(deny_unknown_fields)]
pub struct Social {
    /// Network name.
    pub name: String,
    /// Profile URL.
    pub url: String,
}

impl Contact {
    /// `tel:` URL: digits and a leading `+` only.
    pub fn phone_href(&self) -> Option<String> {
        self.phone.as_deref().map(phone_href)
    }

    /// With `person: KEY`, the person becomes that member of `team` (an error at the key,
    /// naming the closest one, when the team has no such member).
    pub fn resolve_person(&mut self, team: &[super::team::Member]) -> Result<(), Diagnostic> {
        let Some((key, line, col)) = &self.person_key else {
            return Ok(());
        };
        match super::team::find(team, key) {
            Ok(m) => {
                self.person = Person {
                    name: m.name.clone(),
                    role: m.role.clone(),
                    photo: m.photo.clone(),
                };
                Ok(())
            }
            Err(why) => Err(Diagnostic::at(CONTACT_FILE, *line, *col, why)),
        }
    }
}

/// A phone number's `tel:` URL: digits and a leading `+` only.
pub fn phone_href(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{digits}")
}

/// Parses and validates `contact.yaml` of a site of one place; `static_dir` is checked for
/// the photo. Gives the contact data and its warnings.
pub fn parse(text: &str, static_dir: &Path) -> Result<(Contact, Vec<Diagnostic>), Diagnostics> {
    parse_for(text, static_dir, false)
}

/// What a place has, which `contact.yaml` of a site with `locations/` leaves to them.
const PLACE_FIELDS: [&str; 5] = ["address", "geo", "hours", "map_url", "phone"];

/// Parses and validates `contact.yaml`; with `locations` (the site has `locations/`), the
/// fields of a place ([`PLACE_FIELDS`]) are errors at their keys: each location has its
/// own, and the business's phone is the main location's.
pub fn parse_for(
    text: &str,
    static_dir: &Path,
    locations: bool,
) -> Result<(Contact, Vec<Diagnostic>), Diagnostics> {
    let path = Path::new(CONTACT_FILE);
    let c: RawContact = crate::yaml::parse(text, path, 0)?;
    let positions = crate::yaml::Positions::of(text);
    let pos = |path: &[&str]| positions.at(path);
    let at = |(l, col): (u32, u32), msg: String| Diagnostic::at(CONTACT_FILE, l, col, msg);
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    if locations {
        let given = [
            c.address.is_some(),
            c.geo.is_some(),
            c.hours.is_some(),
            c.map_url.is_some(),
            c.phone.is_some(),
        ];
        for (field, _) in PLACE_FIELDS.iter().zip(given).filter(|(_, g)| *g) {
            errors.push(at(
                positions.key_at(&[], field),
                format!(
                    "`{field}` belongs to a place, and this site has locations/: move it into \
                     the file of the location it is for (locations/NAME.yaml); contact.yaml \
                     keeps what is the whole business's (business, person, email, \
                     response_time, booking_url, social)"
                ),
            ));
        }
    }
    if c.business.trim().is_empty() {
        errors.push(at(
            pos(&["business"]),
            "`business` must not be empty".into(),
        ));
    }
    let (person, person_key) = match c.person {
        RawPerson::Inline(p) => (p, None),
        RawPerson::Member(key) => {
            let (l, col) = pos(&["person"]);
            let p = Person {
                name: key.clone(),
                role: None,
                photo: None,
            };
            (p, Some((key, l, col)))
        }
    };
    if person.name.trim().is_empty() {
        errors.push(at(
            pos(&["person", "name"]),
            "`person.name` must name the person who answers".into(),
        ));
    }
    if c.phone.is_none() && c.email.is_none() && !locations {
        errors.push(Diagnostic::at(
            CONTACT_FILE,
            1,
            1,
            "give at least one of `phone` and `email`, so customers can reach you",
        ));
    }
    if let Some(phone) = &c.phone
        && phone.chars().filter(char::is_ascii_digit).count() < 3
    {
        errors.push(at(
            pos(&["phone"]),
            format!("`phone` {phone:?} has too few digits to dial"),
        ));
    }
    if let Some(email) = &c.email
        && !crate::text::is_email(email)
    {
        errors.push(at(
            pos(&["email"]),
            format!("`email` {email:?} is not an email address"),
        ));
    }
    if let Some(url) = &c.map_url
        && let Err(m) = crate::url_policy::check_https(url)
    {
        errors.push(at(pos(&["map_url"]), format!("`map_url`: {m}")));
    }
    if let Some(url) = &c.booking_url
        && let Err(m) = crate::url_policy::check_https(url)
    {
        errors.push(at(pos(&["booking_url"]), format!("`booking_url`: {m}")));
    }
    for (field, why) in c.geo.iter().flat_map(Geo::problems) {
        errors.push(at(pos(&["geo", field]), why));
    }
    for (i, s) in c.social.iter().enumerate() {
        if let Err(m) = crate::url_policy::check_web(&s.url) {
            let place = pos(&["social", &i.to_string(), "url"]);
            errors.push(at(place, format!("social link {:?}: {m}", s.name)));
        }
    }
    if let Some(photo) = &person.photo
        && let Err(m) = check_static_file(static_dir, photo)
    {
        errors.push(at(pos(&["person", "photo"]), m));
    }
    let place = hours::Place {
        file: CONTACT_FILE,
        text,
        positions: &positions,
    };
    let hours = c
        .hours
        .and_then(|h| hours::check(h, &place, &mut errors, &mut warnings));
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let contact = Contact {
        business: c.business,
        person,
        person_key,
        phone: c.phone,
        email: c.email,
        address: c.address,
        hours,
        response_time: c.response_time,
        map_url: c.map_url,
        geo: c.geo,
        booking_url: c.booking_url,
        social: c.social,
    };
    Ok((contact, warnings))
}

pub use crate::walk::check_static_file;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_contact_and_links() {
        let c = parse(
            "business: B\nperson: {name: Maria}\nphone: \"+1 (555) 0100\"\n",
            Path::new("/nonexistent"),
        )
        .unwrap()
        .0;
        assert_eq!(c.phone_href().unwrap(), "tel:+15550100");
    }

    #[test]
    fn needs_phone_or_email_and_valid_values() {
        let e = parse("business: B\nperson: {name: M}\n", Path::new("/x")).unwrap_err();
        assert!(e.0[0].message.contains("at least one of"));
        let e = parse(
            "business: B\nperson: {name: M}\nemail: nope\nmap_url: javascript:alert(1)\n",
            Path::new("/x"),
        )
        .unwrap_err();
        assert_eq!(e.0.len(), 2);
        assert_eq!(
            e.0[0].to_string(),
            "contact.yaml:3:8: `email` \"nope\" is not an email address"
        );
    }

    #[test]
    fn the_nth_bad_link_is_reported_where_it_is_written() {
        let flow = "business: B\nperson: {name: M}\nemail: a@b.org\nsocial: [{name: A, url: \"https://a.org\"}, {name: X, url: \"javascript:alert(1)\"}]\n";
        let e = parse(flow, Path::new("/x")).unwrap_err();
        assert_eq!(e.0.len(), 1);
        assert!(
            e.0[0]
                .to_string()
                .starts_with("contact.yaml:4:58: social link \"X\""),
            "{}",
            e.0[0]
        );
        let block = "business: B\nperson: {name: M}\nemail: a@b.org\nsocial:\n  - name: A\n    url: https://a.org\n  - name: X\n    url: data:text/html,x\n";
        let e = parse(block, Path::new("/x")).unwrap_err();
        assert!(
            e.0[0]
                .to_string()
                .starts_with("contact.yaml:8:10: social link \"X\""),
            "{}",
            e.0[0]
        );
        let e = parse(
            "business: B\nperson: {name: M}\nemail: a@b.org\nmap_url: http://maps.example/x\n",
            Path::new("/x"),
        )
        .unwrap_err();
        assert!(
            e.0[0]
                .to_string()
                .starts_with("contact.yaml:4:10: `map_url`"),
            "{}",
            e.0[0]
        );
    }

    #[test]
    fn address_one_line() {
        let a = Address {
            street: Some("1 Harbor Way".into()),
            city: Some("Portland".into()),
            region: Some("ME".into()),
            postal_code: Some("04101".into()),
            country: Some("US".into()),
        };
        assert_eq!(a.one_line(), "1 Harbor Way, Portland, ME 04101, US");
    }
}
