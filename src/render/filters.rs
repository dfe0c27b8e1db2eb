//! Template filters that Tera 2 does not ship and themes need.

use tera::{Kwargs, State, Tera};

/// Registers frontdesk's filters.
pub fn register(tera: &mut Tera) {
    tera.register_filter("urlencode", |s: &str, _: Kwargs, _: &State| urlencode(s));
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
