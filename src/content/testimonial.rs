//! `testimonials/*.yaml`: one customer's words each, sanitized because customers wrote them.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::contact::check_static_file;
use super::date::Date;
use crate::error::{Diagnostic, Diagnostics};

/// A star rating, a whole number from 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rating(pub u8);

impl<'de> Deserialize<'de> for Rating {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        const WANT: &str = "`rating` must be a whole number from 1 to 5";
        impl serde::de::Visitor<'_> for V {
            type Value = Rating;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a whole number from 1 to 5")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Rating, E> {
                match v {
                    1..=5 => Ok(Rating(v as u8)),
                    _ => Err(E::custom(format!("{WANT}, not {v}"))),
                }
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Rating, E> {
                if v < 0 {
                    Err(E::custom(format!("{WANT}, not {v}")))
                } else {
                    self.visit_u64(v as u64)
                }
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Rating, E> {
                Err(E::custom(format!("{WANT}, not {v}")))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Rating, E> {
                Err(E::custom(format!("{WANT}, not {v:?}")))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Rating, E> {
                Err(E::custom(format!("{WANT}, not {v}")))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    author: String,
    quote: String,
    role: Option<String>,
    company: Option<String>,
    rating: Option<Rating>,
    date: Option<Date>,
    source_url: Option<String>,
    photo: Option<String>,
    #[serde(default)]
    featured: bool,
    lang: Option<String>,
}

/// A testimonial, validated, with its quote rendered and sanitized.
#[derive(Debug, Clone, Hash)]
pub struct Testimonial {
    /// Source file relative to the site folder.
    pub source: PathBuf,
    /// The customer's name.
    pub author: String,
    /// Sanitized HTML of the quote.
    pub quote_html: String,
    /// The customer's role.
    pub role: Option<String>,
    /// The customer's company.
    pub company: Option<String>,
    /// 1-5 stars.
    pub rating: Option<u8>,
    /// When it was given.
    pub date: Option<Date>,
    /// The customer's own post about the business.
    pub source_url: Option<String>,
    /// Photo file in `static/`.
    pub photo: Option<String>,
    /// Shown on the home page.
    pub featured: bool,
    /// The language it was written in, when not the site's (`lang: fr`): it stays in it,
    /// marked so (screen readers read it in that language).
    pub lang: Option<String>,
}

/// Parses one testimonial file.
pub fn parse(rel: &Path, text: &str, static_dir: &Path) -> Result<Testimonial, Diagnostics> {
    let raw: Raw = crate::yaml::parse(text, rel, 0)?;
    let positions = crate::yaml::Positions::of(text);
    let at = |key: &str, msg: String| {
        let (l, c) = positions.at(&[key]);
        Diagnostic::at(rel, l, c, msg)
    };
    let mut errors = Vec::new();
    if raw.author.trim().is_empty() {
        errors.push(at("author", "`author` must not be empty".into()));
    }
    if raw.quote.trim().is_empty() {
        errors.push(at("quote", "`quote` must not be empty".into()));
    }
    if let Some(url) = &raw.source_url
        && let Err(m) = crate::url_policy::check_https(url)
    {
        errors.push(at("source_url", format!("`source_url`: {m}")));
    }
    if let Some(photo) = &raw.photo
        && let Err(m) = check_static_file(static_dir, photo)
    {
        errors.push(at("photo", m));
    }
    if let Some(lang) = &raw.lang
        && let Err(why) = crate::i18n::check_tag(lang)
    {
        errors.push(at("lang", why));
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let rendered = crate::markdown::render(&raw.quote, &crate::markdown::KeepLinks);
    Ok(Testimonial {
        source: rel.to_path_buf(),
        author: raw.author,
        quote_html: sanitize(&rendered.html),
        role: raw.role,
        company: raw.company,
        rating: raw.rating.map(|r| r.0),
        date: raw.date,
        source_url: raw.source_url,
        photo: raw.photo,
        featured: raw.featured,
        lang: raw.lang,
    })
}

/// Keeps text formatting and web links; drops scripts, handlers, styles and other schemes.
pub fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .tags(
            [
                "p",
                "br",
                "em",
                "strong",
                "a",
                "ul",
                "ol",
                "li",
                "code",
                "del",
                "blockquote",
            ]
            .into(),
        )
        .url_schemes(["http", "https", "mailto"].into())
        .link_rel(Some("nofollow noopener noreferrer ugc"))
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Testimonial, Diagnostics> {
        parse(
            Path::new("testimonials/a.yaml"),
            text,
            Path::new("/nonexistent"),
        )
    }

    #[test]
    fn ratings_are_checked() {
        assert_eq!(
            p("author: A\nquote: Q\nrating: 5\n").unwrap().rating,
            Some(5)
        );
        let e = p("author: A\nquote: Q\nrating: 6\n").unwrap_err();
        assert_eq!(
            e.0[0].to_string(),
            "testimonials/a.yaml:3:9: `rating` must be a whole number from 1 to 5, not 6"
        );
        let e = p("author: A\nquote: Q\nrating: five\n").unwrap_err();
        assert!(
            e.0[0]
                .to_string()
                .starts_with("testimonials/a.yaml:3:9: `rating` must be a whole number"),
            "{}",
            e.0[0]
        );
        let e = p("author: A\nrating: 4\n").unwrap_err();
        assert!(e.0[0].message.contains("missing field `quote`"));
        let e = p("author: A\nquote: Q\nstars: 4\n").unwrap_err();
        assert!(e.0[0].message.contains("unknown field `stars`"));
    }

    #[test]
    fn quote_is_sanitized() {
        let t = p("author: A\nquote: |\n  Hi <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) **ok**\n").unwrap();
        let h = t.quote_html.to_lowercase();
        assert!(
            !h.contains("<script")
                && !h.contains("onerror")
                && !h.contains("javascript:")
                && !h.contains("<img"),
            "{h}"
        );
        assert!(h.contains("<strong>ok</strong>"));
    }
}
