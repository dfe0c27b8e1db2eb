//! Machine-readable contact data: the vCard and schema.org JSON-LD.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::config::Config;
use crate::content::Contact;
use crate::content::hours::Hours;
use crate::render::hours;
use crate::text::script_safe;

/// The absolute URL of the contact person's photo as the vCard and the JSON-LD link it:
/// the stripped JPEG (or PNG) the image plan makes for them, else the file as it is.
pub fn photo_url(c: &Contact, config: &Config, images: &crate::image_plan::Plan) -> Option<String> {
    let p = c.person.photo.as_deref()?;
    Some(match images.contact_photo(p) {
        Some(made) => config.file_absolute(&made),
        None => config.file_absolute(p),
    })
}

/// vCard 3.0 (the version phones import most reliably) of the business as an
/// organization, CRLF line endings, folded at 75 octets. The person who answers, the
/// response time and the hours are labelled lines of the note. `photo` is the absolute
/// URL of the person's photo ([`photo_url`]).
pub fn vcard(
    c: &Contact,
    config: &Config,
    photo: Option<&str>,
    lang: &crate::i18n::Language,
) -> String {
    card(c, None, config, photo, lang)
}

/// The vCard of one location of the business: its contact data
/// ([`crate::content::locations::Location::as_contact`]), the location named as the
/// organization's unit (`ORG:Harbor Coffee;Old Port`).
pub fn location_vcard(
    c: &Contact,
    location: &str,
    config: &Config,
    photo: Option<&str>,
    lang: &crate::i18n::Language,
) -> String {
    card(c, Some(location), config, photo, lang)
}

fn card(
    c: &Contact,
    unit: Option<&str>,
    config: &Config,
    photo: Option<&str>,
    lang: &crate::i18n::Language,
) -> String {
    let mut lines = vec!["BEGIN:VCARD".to_string(), "VERSION:3.0".to_string()];
    lines.push("N:;;;;".to_string());
    match unit {
        Some(unit) => {
            lines.push(format!("FN:{} – {}", esc(&c.business), esc(unit)));
            lines.push(format!("ORG:{};{}", esc(&c.business), esc(unit)));
        }
        None => {
            lines.push(format!("FN:{}", esc(&c.business)));
            lines.push(format!("ORG:{}", esc(&c.business)));
        }
    }
    lines.push("X-ABShowAs:COMPANY".to_string());
    if let Some(phone) = &c.phone {
        lines.push(format!("TEL;TYPE=WORK,VOICE:{}", esc(phone)));
    }
    if let Some(email) = &c.email {
        lines.push(format!("EMAIL;TYPE=INTERNET,WORK:{}", esc(email)));
    }
    if let Some(a) = &c.address {
        let f = |s: &Option<String>| esc(s.as_deref().unwrap_or(""));
        lines.push(format!(
            "ADR;TYPE=WORK:;;{};{};{};{};{}",
            f(&a.street),
            f(&a.city),
            f(&a.region),
            f(&a.postal_code),
            f(&a.country)
        ));
    }
    if let Some(g) = &c.geo {
        lines.push(format!("GEO:{};{}", g.lat, g.lon));
    }
    lines.push(format!("URL:{}", esc(config.base_url.as_str())));
    if config.brand.logo.is_some() {
        // The logo as a square PNG: vCard readers do not all show SVG.
        let url = esc(&config.file_absolute(crate::render::icons::Icon::Png512.path()));
        lines.push(format!("LOGO;VALUE=URI:{url}"));
        lines.push(format!("PHOTO;VALUE=URI:{url}"));
    } else if let Some(photo) = photo {
        lines.push(format!("PHOTO;VALUE=URI:{}", esc(photo)));
    }
    let mut person = c.person.name.clone();
    if let Some(role) = &c.person.role {
        person.push_str(&format!(" ({role})"));
    }
    lines.push(format!("item1.X-ABRELATEDNAMES:{}", esc(&c.person.name)));
    let label = |key: &str, value: &str| lang.t(key, &[("value", value)]);
    lines.push(format!(
        "item1.X-ABLabel:{}",
        esc(&lang.t("vcard_contact_person_label", &[]))
    ));
    let mut note = vec![label("vcard_contact_person", &person)];
    if let Some(rt) = &c.response_time {
        note.push(label("vcard_response_time", rt));
    }
    if let Some(h) = &c.hours {
        note.push(label("vcard_opening_hours", &hours::one_line(h, lang)));
    }
    if let Some(b) = &c.booking_url {
        note.push(label("vcard_booking", b));
    }
    lines.push(format!("NOTE:{}", esc(&note.join("\n"))));
    end_card(lines)
}

/// vCard 3.0 of a team member as a person: `FN` their name (`N` holds it whole as the
/// given name: a name's parts are not guessed), `ORG` the business, `TITLE` their role,
/// their work phone and email, `PHOTO` the absolute URL of their photo, and `URL` their
/// place on the team page (`page`, absolute).
pub fn member_vcard(
    m: &crate::content::team::Member,
    business: &str,
    page: &str,
    photo: Option<&str>,
) -> String {
    let mut lines = vec!["BEGIN:VCARD".to_string(), "VERSION:3.0".to_string()];
    lines.push(format!("N:;{};;;", esc(&m.name)));
    lines.push(format!("FN:{}", esc(&m.name)));
    lines.push(format!("ORG:{}", esc(business)));
    if let Some(role) = &m.role {
        lines.push(format!("TITLE:{}", esc(role)));
    }
    if let Some(phone) = &m.phone {
        lines.push(format!("TEL;TYPE=WORK,VOICE:{}", esc(phone)));
    }
    if let Some(email) = &m.email {
        lines.push(format!("EMAIL;TYPE=INTERNET,WORK:{}", esc(email)));
    }
    if let Some(photo) = photo {
        lines.push(format!("PHOTO;VALUE=URI:{}", esc(photo)));
    }
    lines.push(format!("URL:{}", esc(page)));
    end_card(lines)
}

/// The card of `lines` (from `BEGIN:VCARD` on): `END:VCARD` added, each line folded at
/// 75 octets, CR LF after each.
fn end_card(mut lines: Vec<String>) -> String {
    lines.push("END:VCARD".to_string());
    lines
        .iter()
        .map(|l| fold(l))
        .collect::<Vec<_>>()
        .join("\r\n")
        + "\r\n"
}

/// A vCard text value: `\\`, `,` and `;` escaped, every line break (CR LF, LF, or a bare
/// CR, which some parsers also end a line at) written as `\n`, other control characters
/// dropped: no value can start a property of its own.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for ch in line.chars() {
        if width + ch.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += ch.len_utf8();
    }
    out
}

/// schema.org `LocalBusiness` (a place people come to: an address, a position, opening
/// hours or a map, which schema.org gives only to places) or else `Organization`, ready for
/// a `<script>`. Special opening days not over at `now` are included; `photo` is the
/// absolute URL of the person's photo ([`photo_url`]).
pub fn jsonld(
    c: &Contact,
    config: &Config,
    now: DateTime<Utc>,
    photo: Option<&str>,
    lang: &crate::i18n::Language,
) -> String {
    script_safe(
        &serde_json::to_string(&jsonld_value(c, config, now, photo, lang))
            .expect("JSON-LD serializes"),
    )
}

/// The `@id` of the business in the JSON-LD of a site with locations: its departments'
/// `parentOrganization` names it.
pub fn business_id(config: &Config) -> String {
    format!("{}#business", config.base_url.as_str())
}

/// The business of a site with `locations/` as JSON-LD: a `LocalBusiness` with its `@id`
/// and one `LocalBusiness` a location under `department` (schema.org's way for a business
/// of several places), each with its own `@id`, address, position, phone and hours, and
/// `parentOrganization` the business.
pub fn jsonld_with_locations(
    c: &Contact,
    locations: &[crate::content::locations::Location],
    config: &Config,
    now: DateTime<Utc>,
    photo: Option<&str>,
    lang: &crate::i18n::Language,
) -> String {
    let mut v = jsonld_value(c, config, now, photo, lang);
    v["@type"] = json!("LocalBusiness");
    v["@id"] = json!(business_id(config));
    v["department"] = (locations.iter())
        .map(|l| location_node(l, c, config, now, lang))
        .collect();
    script_safe(&serde_json::to_string(&v).expect("JSON-LD serializes"))
}

/// One location as a `LocalBusiness` of its own, `parentOrganization` the business.
pub fn location_node(
    l: &crate::content::locations::Location,
    central: &Contact,
    config: &Config,
    now: DateTime<Utc>,
    lang: &crate::i18n::Language,
) -> Value {
    let page = config.absolute(&crate::routes::location(&l.key));
    let mut v = jsonld_value(&l.as_contact(central), config, now, None, lang);
    if let Some(o) = v.as_object_mut() {
        o.remove("@context");
        o.remove("sameAs");
    }
    v["@type"] = json!("LocalBusiness");
    v["@id"] = json!(format!("{page}#place"));
    v["name"] = json!(format!("{} – {}", central.business, l.name));
    v["url"] = json!(page);
    v["parentOrganization"] = json!({
        "@type": "LocalBusiness",
        "@id": business_id(config),
        "name": central.business,
        "url": config.base_url.as_str(),
    });
    v
}

/// [`jsonld`] as a value.
pub fn jsonld_value(
    c: &Contact,
    config: &Config,
    now: DateTime<Utc>,
    photo: Option<&str>,
    lang: &crate::i18n::Language,
) -> Value {
    let kind = if c.address.is_some() || c.geo.is_some() || c.hours.is_some() || c.map_url.is_some()
    {
        "LocalBusiness"
    } else {
        "Organization"
    };
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": kind,
        "name": c.business,
        "url": config.base_url.as_str(),
    });
    let mut point = json!({ "@type": "ContactPoint", "contactType": "customer service", "name": c.person.name });
    if let Some(p) = &c.phone {
        v["telephone"] = json!(p);
        point["telephone"] = json!(p);
    }
    if let Some(e) = &c.email {
        v["email"] = json!(e);
        point["email"] = json!(e);
    }
    if let Some(rt) = &c.response_time {
        point["description"] = json!(lang.t("contact_response_time", &[("time", rt)]));
    }
    v["contactPoint"] = point;
    if let Some(a) = &c.address {
        let mut addr = json!({ "@type": "PostalAddress" });
        for (k, val) in [
            ("streetAddress", &a.street),
            ("addressLocality", &a.city),
            ("addressRegion", &a.region),
            ("postalCode", &a.postal_code),
            ("addressCountry", &a.country),
        ] {
            if let Some(val) = val {
                addr[k] = json!(val);
            }
        }
        v["address"] = addr;
    }
    if let Some(g) = &c.geo {
        v["geo"] = json!({ "@type": "GeoCoordinates", "latitude": g.lat, "longitude": g.lon });
    }
    match &c.hours {
        Some(Hours::Lines(lines)) if !lines.is_empty() => v["openingHours"] = json!(lines),
        Some(Hours::Week(week)) => {
            v["openingHoursSpecification"] = hours::opening_hours_specification(week);
            let special = hours::special_opening_hours_specification(week, now);
            if special.as_array().is_some_and(|a| !a.is_empty()) {
                v["specialOpeningHoursSpecification"] = special;
            }
        }
        _ => {}
    }
    if let Some(m) = c.map_url.clone().or_else(|| c.geo.map(|g| g.osm_url())) {
        v["hasMap"] = json!(m);
    }
    if let Some(b) = &c.booking_url {
        v["potentialAction"] = json!({
            "@type": "ReserveAction",
            "name": lang.t("contact_book_appointment", &[]),
            "target": { "@type": "EntryPoint", "urlTemplate": b },
        });
    }
    if let Some(logo) = &config.brand.logo {
        v["logo"] = json!(config.file_absolute(&logo.path));
    }
    if let Some(photo) = photo {
        v["employee"] = json!({ "@type": "Person", "name": c.person.name, "jobTitle": c.person.role, "image": photo });
    }
    let same_as: Vec<Value> = c.social.iter().map(|s| json!(s.url)).collect();
    if !same_as.is_empty() {
        v["sameAs"] = Value::Array(same_as);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn contact(extra: &str) -> Contact {
        crate::content::contact::parse(&format!("business: \"Joe's, Ltd; </script>\"\nperson: {{name: Maria, role: Care}}\nphone: \"+1 555\"\nemail: a@b.co\n{extra}"), Path::new("/x")).unwrap().0
    }

    #[test]
    fn vcard_escapes_and_uses_crlf() {
        let config = crate::config::parse("title: T\nbase_url: https://ex.com/\n", None).unwrap();
        let v = vcard(
            &contact(""),
            &config,
            None,
            &crate::i18n::Language::builtin("en"),
        );
        assert!(v.starts_with("BEGIN:VCARD\r\nVERSION:3.0\r\n"));
        assert!(v.contains("FN:Joe's\\, Ltd\\; </script>\r\n"));
        assert!(v.contains("TEL;TYPE=WORK,VOICE:+1 555\r\n"));
        assert!(v.ends_with("END:VCARD\r\n"));
        assert!(v.split("\r\n").all(|l| l.len() <= 75));
    }

    #[test]
    fn jsonld_is_valid_and_cannot_break_out() {
        let config = crate::config::parse("title: T\nbase_url: https://ex.com/\n", None).unwrap();
        let j = jsonld(
            &contact("address: {city: Portland}\n"),
            &config,
            chrono::Utc::now(),
            None,
            &crate::i18n::Language::builtin("en"),
        );
        assert!(!j.contains("</script>"));
        let v: Value = serde_json::from_str(&j).unwrap();
        assert_eq!(v["@type"], "LocalBusiness");
        assert_eq!(v["contactPoint"]["telephone"], "+1 555");
        assert_eq!(v["name"], "Joe's, Ltd; </script>");
    }
}
