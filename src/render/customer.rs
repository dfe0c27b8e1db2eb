//! Machine-readable contact data: the vCard and schema.org JSON-LD.

use serde_json::{Value, json};

use crate::config::Config;
use crate::content::Contact;

/// vCard 3.0 (the version phones import most reliably), CRLF line endings, folded at 75 octets.
pub fn vcard(c: &Contact, config: &Config) -> String {
    let mut lines = vec!["BEGIN:VCARD".to_string(), "VERSION:3.0".to_string()];
    lines.push(format!("N:{};;;;", esc(&c.business)));
    lines.push(format!("FN:{}", esc(&c.business)));
    lines.push(format!("ORG:{}", esc(&c.business)));
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
    lines.push(format!("URL:{}", esc(config.base_url.as_str())));
    let mut note = format!("Ask for {}", c.person.name);
    if let Some(role) = &c.person.role {
        note.push_str(&format!(" ({role})"));
    }
    note.push('.');
    if let Some(rt) = &c.response_time {
        note.push(' ');
        note.push_str(rt);
    }
    if !c.hours.is_empty() {
        note.push_str(" Hours: ");
        note.push_str(&c.hours.join("; "));
    }
    lines.push(format!("NOTE:{}", esc(&note)));
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

/// schema.org `LocalBusiness` (with an address) or `Organization`, ready for a `<script>`.
pub fn jsonld(c: &Contact, config: &Config) -> String {
    let kind = if c.address.is_some() {
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
        point["description"] = json!(rt);
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
    if !c.hours.is_empty() {
        v["openingHours"] = json!(c.hours);
    }
    if let Some(m) = &c.map_url {
        v["hasMap"] = json!(m);
    }
    if let Some(photo) = &c.person.photo {
        v["employee"] = json!({ "@type": "Person", "name": c.person.name, "jobTitle": c.person.role, "image": config.absolute(photo) });
    }
    let same_as: Vec<Value> = c.social.iter().map(|s| json!(s.url)).collect();
    if !same_as.is_empty() {
        v["sameAs"] = Value::Array(same_as);
    }
    script_safe(&serde_json::to_string(&v).expect("JSON-LD serializes"))
}

/// JSON that cannot close its `<script>` element.
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn contact(extra: &str) -> Contact {
        crate::content::contact::parse(&format!("business: \"Joe's, Ltd; </script>\"\nperson: {{name: Maria, role: Care}}\nphone: \"+1 555\"\nemail: a@b.co\n{extra}"), Path::new("/x")).unwrap()
    }

    #[test]
    fn vcard_escapes_and_uses_crlf() {
        let config = crate::config::parse("title: T\nbase_url: https://ex.com/\n", None).unwrap();
        let v = vcard(&contact(""), &config);
        assert!(v.starts_with("BEGIN:VCARD\r\nVERSION:3.0\r\n"));
        assert!(v.contains("FN:Joe's\\, Ltd\\; </script>\r\n"));
        assert!(v.contains("TEL;TYPE=WORK,VOICE:+1 555\r\n"));
        assert!(v.ends_with("END:VCARD\r\n"));
        assert!(v.split("\r\n").all(|l| l.len() <= 75));
    }

    #[test]
    fn jsonld_is_valid_and_cannot_break_out() {
        let config = crate::config::parse("title: T\nbase_url: https://ex.com/\n", None).unwrap();
        let j = jsonld(&contact("address: {city: Portland}\n"), &config);
        assert!(!j.contains("</script>"));
        let v: Value = serde_json::from_str(&j).unwrap();
        assert_eq!(v["@type"], "LocalBusiness");
        assert_eq!(v["contactPoint"]["telephone"], "+1 555");
        assert_eq!(v["name"], "Joe's, Ltd; </script>");
    }
}
