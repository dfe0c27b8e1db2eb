//! `locations/NAME.yaml`: the places of a business with more than one (a café's two shops,
//! a plumber's two depots), each with its address, position, phone, person who answers
//! and opening hours in its own time zone. `NAME` is the location's key and its page,
//! `/locations/NAME/`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::contact::{Address, Geo, Person, RawPerson};
use super::hours::{self, Hours, RawHours};
use crate::error::{Diagnostic, Diagnostics};
use crate::i18n::localized::Text;

/// `locations/NAME.yaml` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    name: Text,
    address: Address,
    geo: Geo,
    phone: String,
    email: Option<String>,
    person: Option<RawPerson>,
    hours: RawHours,
    #[serde(default)]
    main: bool,
    #[serde(default)]
    order: i64,
    note: Option<Text>,
}

/// One place of the business.
#[derive(Debug, Clone, Hash)]
pub struct Location {
    /// `locations/NAME.yaml`.
    pub source: PathBuf,
    /// `NAME`: the key and the page's name.
    pub key: String,
    /// The name shown, e.g. "Old Port".
    pub name: String,
    /// Postal address.
    pub address: Address,
    /// Where it is.
    pub geo: Geo,
    /// Phone number as shown.
    pub phone: String,
    /// Its own email address, if it has one.
    pub email: Option<String>,
    /// The person who answers there (none: the business's, of `contact.yaml`).
    pub person: Option<Person>,
    /// Opening hours in the place's time zone.
    pub hours: Hours,
    /// The main location: the header's phone, the footer's place. Exactly one location of
    /// a site is the main one once they are read ([`sort_and_check`]).
    pub main: bool,
    /// Where `main: true` is written (line, column), to blame a second one.
    main_at: Option<(u32, u32)>,
    /// `person: KEY`: the member of `team/` who answers there, and where the key is
    /// written (line, column).
    person_key: Option<(String, u32, u32)>,
    /// Lower first on the lists, then by key.
    pub order: i64,
    /// How to get there, in Markdown.
    pub note: Option<String>,
    /// `note`, rendered ([`render`]).
    pub note_html: Option<String>,
}

impl Location {
    /// The `tel:` URL of its phone.
    pub fn phone_href(&self) -> String {
        super::contact::phone_href(&self.phone)
    }

    /// The contact data of the place: the business's (`central`), with the place's phone,
    /// email, address, position, hours and person. What the vCard and JSON-LD of one
    /// location are written from.
    pub fn as_contact(&self, central: &super::Contact) -> super::Contact {
        let mut c = central.clone();
        c.phone = Some(self.phone.clone());
        c.email = self.email.clone().or_else(|| central.email.clone());
        c.address = Some(self.address.clone());
        c.geo = Some(self.geo);
        c.hours = Some(self.hours.clone());
        c.map_url = None;
        if let Some(p) = &self.person {
            c.person = p.clone();
        }
        c
    }
}

/// Parses and checks `locations/NAME.yaml` (`rel`, relative to the site folder). Gives
/// the location and its warnings.
pub fn parse(
    rel: &Path,
    text: &str,
    static_dir: &Path,
) -> Result<(Location, Vec<Diagnostic>), Diagnostics> {
    let raw: Raw = crate::yaml::parse(text, rel, 0)?;
    let file = rel.to_string_lossy().into_owned();
    let positions = crate::yaml::Positions::of(text);
    let at = |path: &[&str], msg: String| {
        let (l, c) = positions.at(path);
        Diagnostic::at(rel, l, c, msg)
    };
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let (key, wrong) =
        super::listfile::file_key(rel, "the location's key and the name of its page");
    errors.extend(wrong);
    let name = raw.name.0.trim().to_string();
    if name.is_empty() {
        errors.push(at(
            &["name"],
            "`name` is empty: write the name customers know the place by".into(),
        ));
    }
    let city = raw.address.city.as_deref().unwrap_or("").trim();
    if city.is_empty() {
        errors.push(at(
            &["address"],
            "`address` has no `city`: write at least the street and the city".into(),
        ));
    }
    for (field, why) in raw.geo.problems() {
        errors.push(at(&["geo", field], why));
    }
    if raw.phone.chars().filter(char::is_ascii_digit).count() < 3 {
        errors.push(at(
            &["phone"],
            format!("`phone` {:?} has too few digits to dial", raw.phone),
        ));
    }
    if let Some(e) = &raw.email
        && !crate::text::is_email(e)
    {
        errors.push(at(
            &["email"],
            format!("`email` {e:?} is not an email address"),
        ));
    }
    let (person, person_key) = match raw.person {
        None => (None, None),
        Some(RawPerson::Inline(p)) => {
            if p.name.trim().is_empty() {
                errors.push(at(
                    &["person", "name"],
                    "`person.name` must name the person who answers there".into(),
                ));
            }
            if let Some(photo) = &p.photo
                && let Err(m) = super::contact::check_static_file(static_dir, photo)
            {
                errors.push(at(&["person", "photo"], m));
            }
            (Some(p), None)
        }
        Some(RawPerson::Member(k)) => {
            let (l, c) = positions.at(&["person"]);
            (None, Some((k, l, c)))
        }
    };
    let place = hours::Place {
        file: &file,
        text,
        positions: &positions,
    };
    let hours = hours::check(raw.hours, &place, &mut errors, &mut warnings);
    let main_at = raw.main.then(|| positions.at(&["main"]));
    match hours {
        Some(hours) if errors.is_empty() => Ok((
            Location {
                source: rel.to_path_buf(),
                key,
                name,
                address: raw.address,
                geo: raw.geo,
                phone: raw.phone,
                email: raw.email,
                person,
                hours,
                main: raw.main,
                main_at,
                person_key,
                order: raw.order,
                note: raw.note.map(String::from),
                note_html: None,
            },
            warnings,
        )),
        _ => Err(errors.into()),
    }
}

/// Puts the locations in the order the lists show them (by `order`, then by key), names
/// each `person: KEY` from `team`, and makes exactly one the main one: the one with
/// `main: true`, else the first. A second `main: true` and an unknown person are errors
/// at them.
pub fn sort_and_check(
    locations: &mut [Location],
    team: &[super::team::Member],
    errors: &mut Vec<Diagnostic>,
) {
    locations.sort_by(|a, b| (a.order, &a.key).cmp(&(b.order, &b.key)));
    for l in locations.iter_mut() {
        if let Some((key, line, col)) = &l.person_key {
            match super::team::find(team, key) {
                Ok(m) => {
                    l.person = Some(Person {
                        name: m.name.clone(),
                        role: m.role.clone(),
                        photo: m.photo.clone(),
                    });
                }
                Err(why) => errors.push(Diagnostic::at(&l.source, *line, *col, why)),
            }
        }
    }
    let mains: Vec<usize> = (0..locations.len())
        .filter(|&i| locations[i].main)
        .collect();
    if let Some((&first, others)) = mains.split_first() {
        for &i in others {
            let (line, col) = locations[i].main_at.unwrap_or((1, 1));
            errors.push(Diagnostic::at(
                &locations[i].source,
                line,
                col,
                format!(
                    "`main: true` is already written in {}: one location is the main one (the header's phone, the footer's place); remove one of them",
                    locations[first].source.display()
                ),
            ));
            locations[i].main = false;
        }
    } else if let Some(first) = locations.first_mut() {
        first.main = true;
    }
}

/// The locations with their notes rendered, links resolved as from each one's page.
pub fn render(locations: &[Location], links: &super::links::SiteLinks) -> Vec<Location> {
    (locations.iter())
        .map(|l| {
            let file = l.source.to_string_lossy();
            let route = crate::routes::location(&l.key);
            let note_html = super::listfile::with_markdown(links, &file, &route, |md| {
                l.note.as_deref().map(md)
            });
            Location {
                note_html,
                ..l.clone()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = "name: Old Port\naddress: {street: 1 Fore St, city: Portland, region: ME}\ngeo: {lat: 43.6, lon: -70.2}\nphone: \"+1 207 555 0100\"\nhours:\n  timezone: America/New_York\n  weekly: {mon-fri: \"07:00-18:00\", sat-sun: closed}\n";

    fn parse_text(name: &str, text: &str) -> Result<Location, Diagnostics> {
        parse(
            Path::new(&format!("locations/{name}.yaml")),
            text,
            Path::new("/nonexistent"),
        )
        .map(|(l, _)| l)
    }

    #[test]
    fn a_location_reads_its_fields_and_hours() {
        let l = parse_text("old-port", OK).unwrap();
        assert_eq!(l.key, "old-port");
        assert_eq!(l.phone_href(), "tel:+12075550100");
        assert!(matches!(l.hours, Hours::Week(ref w) if w.timezone.name() == "America/New_York"));
    }

    #[test]
    fn every_problem_is_reported_at_its_value() {
        let bad = OK
            .replace("lat: 43.6", "lat: 143.6")
            .replace("America/New_York", "America/Portland")
            .replace("\"+1 207 555 0100\"", "call us");
        let e = parse_text("old-port", &bad).unwrap_err();
        let lines: Vec<String> = e.0.iter().map(ToString::to_string).collect();
        assert!(
            lines.contains(&"locations/old-port.yaml:3:12: `geo.lat` 143.6 is not a latitude: it goes from -90 (south) to 90 (north)".to_string()),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("locations/old-port.yaml:4:8: `phone`")),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l
                    .starts_with("locations/old-port.yaml:6:13: `timezone` \"America/Portland\"")),
            "{lines:?}"
        );
    }

    #[test]
    fn a_second_main_is_an_error_and_the_first_by_order_is_main_by_default() {
        let mut two = vec![
            parse_text("b", OK).unwrap(),
            parse_text("a", &format!("{OK}order: 5\n")).unwrap(),
        ];
        let mut errors = Vec::new();
        sort_and_check(&mut two, &[], &mut errors);
        assert!(errors.is_empty());
        assert_eq!((two[0].key.as_str(), two[0].main), ("b", true));
        assert!(!two[1].main);
        let mut two = vec![
            parse_text("a", &format!("{OK}main: true\n")).unwrap(),
            parse_text("b", &format!("{OK}main: true\n")).unwrap(),
        ];
        sort_and_check(&mut two, &[], &mut errors);
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].to_string().starts_with(
                "locations/b.yaml:8:7: `main: true` is already written in locations/a.yaml"
            ),
            "{}",
            errors[0]
        );
    }
}
