//! Template filters that Tera 2 does not ship and themes need.

use std::sync::Arc;

use tera::{Kwargs, State, Tera, TeraResult};

use crate::i18n::Language;

/// Registers frontdesk's filters, and `t`, the theme's words in the site's language.
pub fn register(tera: &mut Tera, lang: &Arc<Language>) {
    tera.register_filter("urlencode", |s: &str, _: Kwargs, _: &State| urlencode(s));
    tera.register_filter("capfirst", |s: &str, _: Kwargs, _: &State| capfirst(s));
    tera.register_function("t", Translate(lang.clone()));
}

/// `t(key="footer_talk")`, `t(key="posts_count", n=3)`, `t(key="talk_to", name=...)`:
/// the text `key` of the site's language, its plural form for `n`, every other argument
/// filled in where the text names it (`{name}`). `[words](url)` in a text is a link to
/// the argument `url` (in HTML; the words alone in plain text). The text and the values
/// are escaped here (unless a value is marked safe), so the result is safe HTML. A key
/// the theme does not have is an error at the place of the call.
struct Translate(Arc<Language>);

impl tera::Function<TeraResult<String>> for Translate {
    fn call(&self, kwargs: Kwargs, state: &State) -> TeraResult<String> {
        let lang = &self.0;
        let key: &str = kwargs.must_get("key")?;
        let Some(message) = lang.strings.get(key) else {
            let hint = crate::text::closest(key, lang.strings.keys())
                .map(|c| format!(": did you mean {c:?}?"))
                .unwrap_or_default();
            return Err(tera::Error::message(format!(
                "t: the theme has no text {key:?} (its keys are in i18n/en.yaml){hint}"
            )));
        };
        let html = state.autoescaping_enabled();
        let n: Option<i64> = kwargs.get("n")?;
        let mut args: Vec<(String, String)> = Vec::new();
        for (k, v) in kwargs.iter() {
            let k = k.to_string();
            if k == "key" {
                continue;
            }
            let text = match v.as_str() {
                Some(s) => s.to_string(),
                None => v.to_string(),
            };
            let text = if html && !v.is_safe() {
                state.escape(&text)?
            } else {
                text
            };
            args.push((k, text));
        }
        let form = n.map(|n| lang.plural(n.unsigned_abs()));
        // Escape the text first, then fill in the (escaped) values and the links.
        let text = message.fill(form, |_| None);
        let text = if html { state.escape(&text)? } else { text };
        let filled = crate::i18n::Message::Text(text).fill(None, |name| {
            args.iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        });
        Ok(links(&filled, html, |name| {
            args.iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        }))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `[words](name)` as `<a href="VALUE">words</a>` (or `words` in plain text), where
/// VALUE is `url(name)` (already escaped); anything else as it is.
fn links<'v>(text: &str, html: bool, url: impl Fn(&str) -> Option<&'v str>) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let found = rest[open..].find("](").and_then(|mid| {
            let mid = open + mid;
            let close = mid + rest[mid..].find(')')?;
            let name = &rest[mid + 2..close];
            Some((mid, close, url(name)?))
        });
        match found {
            Some((mid, close, href)) => {
                out.push_str(&rest[..open]);
                let words = &rest[open + 1..mid];
                if html {
                    out.push_str(&format!("<a href=\"{href}\">{words}</a>"));
                } else {
                    out.push_str(words);
                }
                rest = &rest[close + 1..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The first letter in upper case and the rest as written (Tera's `capitalize` lowers
/// the rest, which breaks German nouns and brand names).
pub fn capfirst(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
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
