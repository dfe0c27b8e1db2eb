//! Texts of the owner's data files that differ by language. On a site of more than one
//! language, a text the site shows may be written once for every language, or as one
//! text per language:
//!
//! ```yaml
//! response_time: {en: within a day, fr: sous 24 h}
//! ```
//!
//! A data file is read once for each of the site's languages, with that language set
//! ([`reading_in`]); a [`Text`] then takes its language's text. A text that lacks the
//! language is an error at its place (the YAML reader's location), naming what to add.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};

thread_local! {
    /// The site's languages and the one being read, while a file is read for it.
    static READING: RefCell<Option<(Vec<String>, String)>> = const { RefCell::new(None) };
}

/// Runs `f` (which reads a data file) with `current`, one of the site's `languages`, as
/// the language its [`Text`]s take.
pub fn reading_in<T>(languages: &[String], current: &str, f: impl FnOnce() -> T) -> T {
    let before = READING.with(|r| r.replace(Some((languages.to_vec(), current.to_string()))));
    let out = f();
    READING.with(|r| *r.borrow_mut() = before);
    out
}

/// The language being read on this thread, to hand to work done on other threads
/// ([`reading_as`]): the setting is per thread, and rayon's workers do not share it.
pub fn current() -> Reading {
    Reading(READING.with(|r| r.borrow().clone()))
}

/// What [`current`] returns.
#[derive(Debug, Clone)]
pub struct Reading(Option<(Vec<String>, String)>);

/// Runs `f` on this thread reading as `reading` says (from [`current`] on another).
pub fn reading_as<T>(reading: &Reading, f: impl FnOnce() -> T) -> T {
    let before = READING.with(|r| r.replace(reading.0.clone()));
    let out = f();
    READING.with(|r| *r.borrow_mut() = before);
    out
}

/// A text as the language being read writes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Text(pub String);

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.0
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a text, or one text per language ({en: ..., fr: ...})")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
        Ok(Text(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
        let mut texts: Vec<(String, String)> = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, String>()? {
            texts.push((k, v));
        }
        let reading = READING.with(|r| r.borrow().clone());
        let Some((languages, current)) = reading else {
            return Err(de::Error::custom(
                "one text per language needs the site's languages: list them in site.yaml (`languages: [en, fr]`), or write one text",
            ));
        };
        if languages.len() < 2 {
            return Err(de::Error::custom(format!(
                "one text per language is for a site of more than one language; this site's is {}: write one text, or list the languages in site.yaml (`languages: [{}, ...]`)",
                languages.join(", "),
                languages.first().map_or("en", |s| s.as_str())
            )));
        }
        for (k, _) in &texts {
            if !languages.iter().any(|l| l.eq_ignore_ascii_case(k)) {
                return Err(de::Error::custom(format!(
                    "`{k}` is not one of the site's languages ({}): write the texts of those languages",
                    languages.join(", ")
                )));
            }
        }
        match texts
            .into_iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(&current))
        {
            Some((_, v)) => Ok(Text(v)),
            None => Err(de::Error::custom(format!(
                "this text has no {current} version: add `{current}: ...` beside the others"
            ))),
        }
    }
}

/// `#[serde(deserialize_with = "...::string")]`: a [`Text`] read as a `String`.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    <Text as serde::Deserialize>::deserialize(d).map(String::from)
}

/// `#[serde(default, deserialize_with = "...::option")]`: an optional [`Text`].
pub fn option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    <Option<Text> as serde::Deserialize>::deserialize(d).map(|t| t.map(String::from))
}

/// A [`Text`] read with its place in the file, as a `String` with the same place (for
/// the checks that point at a value: empty, anchors).
pub fn spanned(s: serde_saphyr::Spanned<Text>) -> serde_saphyr::Spanned<String> {
    serde_saphyr::Spanned::new(s.value.0, s.referenced, s.defined)
}

/// `#[serde(default, deserialize_with = "...::strings")]`: a list of [`Text`]s.
pub fn strings<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    <Vec<Text> as serde::Deserialize>::deserialize(d)
        .map(|v| v.into_iter().map(String::from).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct File {
        title: Text,
        note: Option<Text>,
    }

    fn read(langs: &[&str], current: &str, yaml: &str) -> Result<File, String> {
        let langs: Vec<String> = langs.iter().map(|s| s.to_string()).collect();
        reading_in(&langs, current, || {
            serde_saphyr::from_str::<File>(yaml).map_err(|e| e.to_string())
        })
    }

    #[test]
    fn each_language_takes_its_text() {
        let yaml = "title: {en: Hello, fr: Bonjour}\nnote: same\n";
        assert_eq!(read(&["en", "fr"], "en", yaml).unwrap().title.0, "Hello");
        let fr = read(&["en", "fr"], "fr", yaml).unwrap();
        assert_eq!(fr.title.0, "Bonjour");
        assert_eq!(fr.note.unwrap().0, "same");
    }

    #[test]
    fn a_missing_language_is_an_error_at_its_place() {
        let e = read(&["en", "fr"], "fr", "note: x\ntitle:\n  en: Hello\n").unwrap_err();
        assert!(e.contains("no fr version"), "{e}");
        assert!(e.contains("line 3") || e.contains("3:"), "{e}");
        let e = read(&["en", "fr"], "en", "title: {en: a, de: b}\n").unwrap_err();
        assert!(e.contains("`de` is not one of the site's languages"), "{e}");
        let e = read(&["en"], "en", "title: {en: a}\n").unwrap_err();
        assert!(e.contains("more than one language"), "{e}");
    }
}
