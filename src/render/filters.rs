//! Template filters that Tera 2 does not ship and themes need.

use std::sync::Arc;

use tera::{Kwargs, State, Tera, TeraResult};

use crate::i18n::Language;

/// Registers frontdesk's filters, and `t`, the theme's words in the site's language.
pub fn register(tera: &mut Tera, lang: &Arc<Language>) {
    tera.register_filter("urlencode", |s: &str, _: Kwargs, _: &State| urlencode(s));
    tera.register_filter("capfirst", |s: &str, _: Kwargs, _: &State| capfirst(s));
    let l = lang.clone();
    tera.register_filter("number", move |n: i64, _: Kwargs, _: &State| l.number(n));
    tera.register_function("t", Translate(lang.clone()));
}

/// `t(key="footer_talk")`, `t(key="posts_count", n=3)`, `t(key="talk_to", name=...)`:
/// the text `key` of the site's language, its plural form for `n`, every other argument
/// filled in where the text names it (`{name}`); a whole number is written in the
/// language's digits and grouping ([`Language::number`]; `site.year` comes already
/// written, without grouping). `{{ n | number }}` writes a number outside a text. `[words](url)` in a text is a link to
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
        let mut args: Vec<Arg> = Vec::new();
        for (k, v) in kwargs.iter() {
            let name = k.to_string();
            if name == "key" {
                continue;
            }
            // A number is shown as the language writes it (its digits and grouping).
            let raw = match (v.as_str(), v.as_i64()) {
                (Some(s), _) => s.to_string(),
                (None, Some(n)) => lang.number(n),
                (None, None) => v.to_string(),
            };
            args.push(Arg {
                name,
                raw,
                safe: v.is_safe(),
            });
        }
        let form = n.map(|n| lang.plural(n.unsigned_abs()));
        // The text is cut into its pieces first (words, `{values}`, `[links](name)`), so a
        // value can never add a link or markup: it only fills its own place.
        let text = message.fill(form, |_| None);
        let esc = |s: &str| -> TeraResult<String> {
            if html {
                state.escape(s)
            } else {
                Ok(s.to_string())
            }
        };
        let mut out = String::with_capacity(text.len() + 32);
        for piece in pieces(&text) {
            match piece {
                Piece::Words(w) => out.push_str(&fill_values(w, &args, html, &esc)?),
                Piece::Link(words, name) => {
                    let words = fill_values(words, &args, html, &esc)?;
                    match args.iter().find(|a| a.name == name) {
                        Some(a)
                            if html && !a.safe && crate::url_policy::check_link(&a.raw).is_ok() =>
                        {
                            out.push_str(&format!("<a href=\"{}\">{words}</a>", esc(&a.raw)?));
                        }
                        _ => out.push_str(&words),
                    }
                }
            }
        }
        Ok(out)
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// A value given to `t`: as written, and whether the template marked it safe HTML.
struct Arg {
    name: String,
    raw: String,
    safe: bool,
}

/// A piece of a text: words (with `{values}`), or the words of a link and the name of
/// the value that holds its address.
enum Piece<'a> {
    Words(&'a str),
    Link(&'a str, &'a str),
}

/// `text` cut at its `[words](name)` links.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut from = 0;
    while let Some(open) = rest[from..].find('[').map(|i| from + i) {
        let link = rest[open..].find("](").and_then(|mid| {
            let mid = open + mid;
            let close = mid + rest[mid..].find(')')?;
            let name = &rest[mid + 2..close];
            let plain =
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
            plain.then_some((mid, close, name))
        });
        match link {
            Some((mid, close, name)) => {
                if open > 0 {
                    out.push(Piece::Words(&rest[..open]));
                }
                out.push(Piece::Link(&rest[open + 1..mid], name));
                rest = &rest[close + 1..];
                from = 0;
            }
            None => from = open + 1,
        }
    }
    if !rest.is_empty() {
        out.push(Piece::Words(rest));
    }
    out
}

/// `words` with each `{name}` replaced by its value: escaped (in HTML) unless marked
/// safe; the words themselves escaped.
fn fill_values(
    words: &str,
    args: &[Arg],
    html: bool,
    esc: &impl Fn(&str) -> TeraResult<String>,
) -> TeraResult<String> {
    let mut out = String::with_capacity(words.len() + 16);
    let mut rest = words;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let named = after.find('}').and_then(|close| {
            let name = &after[..close];
            let a = args.iter().find(|a| a.name == name)?;
            Some((close, a))
        });
        match named {
            Some((close, a)) => {
                out.push_str(&esc(&rest[..open])?);
                if html && !a.safe {
                    out.push_str(&esc(&a.raw)?);
                } else {
                    out.push_str(&a.raw);
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&esc(&rest[..=open])?);
                rest = after;
            }
        }
    }
    out.push_str(&esc(rest)?);
    Ok(out)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str, ctx: &tera::Context) -> String {
        let mut tera = Tera::new();
        tera.autoescape_on([".html"]);
        register(&mut tera, &Arc::new(Language::builtin("en")));
        tera.add_raw_template("x.html", template).unwrap();
        tera.render("x.html", ctx).unwrap()
    }

    #[test]
    fn values_fill_their_place_escaped_and_never_make_a_link() {
        let mut ctx = tera::Context::new();
        ctx.insert("name", "<b>Ann</b> [evil](form)");
        ctx.insert("form", "/suggestions/");
        ctx.insert("email", "mailto:ann@example.com");
        let out = render(
            r#"{{ t(key="testimonial_callout_write_name", name=name, form=form, email=email) }}"#,
            &ctx,
        );
        assert!(
            out.contains(r#"<a href="/suggestions/">Tell us in two minutes</a>"#),
            "{out}"
        );
        assert!(out.contains(r#"<a href="mailto:ann@example.com">write to &lt;b&gt;Ann&lt;/b&gt; [evil](form)</a>"#), "{out}");
        assert_eq!(out.matches("<a ").count(), 2, "{out}");
    }

    #[test]
    fn a_link_address_must_be_a_plain_usable_link() {
        let mut ctx = tera::Context::new();
        ctx.insert("form", "javascript:alert(1)");
        let out = render(r#"{{ t(key="contact_idea", form=form) }}"#, &ctx);
        assert!(
            !out.contains("<a") && out.contains("suggestion form"),
            "{out}"
        );
        let out = render(
            r#"{% set form %}<a href="x">y</a>{% endset %}{{ t(key="contact_idea", form=form) }}"#,
            &ctx,
        );
        assert!(!out.contains("href=\"<a"), "{out}");
    }

    #[test]
    fn plain_text_has_no_markup_and_no_escapes() {
        let mut tera = Tera::new();
        register(&mut tera, &Arc::new(Language::builtin("en")));
        tera.add_raw_template("x.txt", r#"{{ t(key="contact_idea", form="/s/") }} {{ t(key="contact_photo_of", name="A & B") }}"#).unwrap();
        let out = tera.render("x.txt", &tera::Context::new()).unwrap();
        assert_eq!(
            out,
            "Our suggestion form takes about two minutes. Photo of A & B"
        );
    }
}
