//! `contact.yaml`: the business, the named person who answers, and how to reach them.

use std::path::Path;

use serde::Deserialize;

use crate::error::{Diagnostic, Diagnostics};

/// The file name.
pub const FILE: &str = "contact.yaml";

/// Contact data, validated.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
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
    /// Opening hours, one line each.
    #[serde(default)]
    pub hours: Vec<String>,
    /// The response-time promise.
    pub response_time: Option<String>,
    /// Link to a map of the address.
    pub map_url: Option<String>,
    /// Social profiles.
    #[serde(default)]
    pub social: Vec<Social>,
}

/// The named person who answers.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name.
    pub name: String,
    /// Role, e.g. "Customer care".
    pub role: Option<String>,
    /// Photo file in `static/`.
    pub photo: Option<String>,
}

/// Postal address.
#[derive(Deserialize, Debug, Clone)]
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
#[derive(Deserialize, Debug, Clone)]
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
        self.phone.as_ref().map(|p| {
            let digits: String = p
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            format!("tel:{digits}")
        })
    }
}

/// Parses and validates `contact.yaml`; `static_dir` is checked for the photo.
pub fn parse(text: &str, static_dir: &Path) -> Result<Contact, Diagnostics> {
    let path = Path::new(FILE);
    let c: Contact = crate::yaml::parse(text, path, 0)?;
    let positions = crate::yaml::Positions::of(text);
    let pos = |path: &[&str]| positions.at(path);
    let at = |(l, col): (u32, u32), msg: String| Diagnostic::at(FILE, l, col, msg);
    let mut errors = Vec::new();
    if c.business.trim().is_empty() {
        errors.push(at(
            pos(&["business"]),
            "`business` must not be empty".into(),
        ));
    }
    if c.person.name.trim().is_empty() {
        errors.push(at(
            pos(&["person", "name"]),
            "`person.name` must name the person who answers".into(),
        ));
    }
    if c.phone.is_none() && c.email.is_none() {
        errors.push(Diagnostic::at(
            FILE,
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
        && !is_email(email)
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
    for (i, s) in c.social.iter().enumerate() {
        if let Err(m) = crate::url_policy::check_web(&s.url) {
            let place = pos(&["social", &i.to_string(), "url"]);
            errors.push(at(place, format!("social link {:?}: {m}", s.name)));
        }
    }
    if let Some(photo) = &c.person.photo
        && let Err(m) = check_static_file(static_dir, photo)
    {
        errors.push(at(pos(&["person", "photo"]), m));
    }
    if errors.is_empty() {
        Ok(c)
    } else {
        Err(errors.into())
    }
}

/// A plausible email address: one `@`, no spaces, a dot in the domain.
pub fn is_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
                && !domain.contains('@')
                && !s.contains(['<', '>', '"', '?', '&'])
        }
        None => false,
    }
}

/// A file named in YAML must exist in `static/` and stay inside it.
pub fn check_static_file(static_dir: &Path, name: &str) -> Result<(), String> {
    let rel = Path::new(name.trim_start_matches('/'));
    if rel
        .components()
        .any(|c| !matches!(c, std::path::Component::Normal(_)))
    {
        return Err(format!("{name:?} must be a file inside static/"));
    }
    if static_dir.join(rel).is_file() {
        Ok(())
    } else {
        Err(format!("{name:?} not found in static/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_contact_and_links() {
        let c = parse(
            "business: B\nperson: {name: Maria}\nphone: \"+1 (555) 0100\"\n",
            Path::new("/nonexistent"),
        )
        .unwrap();
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
