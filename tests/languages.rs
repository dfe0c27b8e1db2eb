//! The site in each bundled language: no English word of the theme on its pages, its
//! emails or its contact card, and dates, weekdays and times as CLDR writes them
//! (computed here from ICU4X's data, not typed in).

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use common::{Site, frontdesk};
use frontdesk::i18n::{BUNDLED, Language};
use icu_calendar::{Date, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{E, T, YMD};
use icu_datetime::input::Time;
use icu_locale_core::Locale;

/// The example site (`init --example`) written in `tag`.
fn example_in(tag: &str) -> Site {
    let site = Site::fixture("basic");
    fs::remove_dir_all(&site.dir).unwrap();
    frontdesk(
        site.root(),
        &["init", "--example", site.dir.to_str().unwrap()],
    )
    .assert_success();
    let yaml = site
        .read("site.yaml")
        .replace("language: en\n", &format!("language: {tag}\n"));
    assert!(yaml.contains(&format!("language: {tag}\n")));
    site.write("site.yaml", yaml);
    site
}

/// Every text file the build wrote for people: pages, feeds, the vCard, the emails.
fn written(site: &Site) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for root in ["public", ".frontdesk/newsletter"] {
        for e in walkdir(&site.path(root)) {
            let ext = e.extension().and_then(|x| x.to_str()).unwrap_or("");
            if ["html", "txt", "vcf", "xml", "json"].contains(&ext) {
                let rel = e.strip_prefix(&site.dir).unwrap().display().to_string();
                out.push((rel, fs::read_to_string(&e).unwrap()));
            }
        }
    }
    assert!(out.len() > 25, "only {} files", out.len());
    out
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// The pieces of the English texts that a page would show word for word: each text
/// split at its `{values}` and links, pieces of two words or more.
fn english_pieces() -> BTreeSet<String> {
    let en = Language::builtin("en");
    let mut out = BTreeSet::new();
    for key in en.strings.keys() {
        let m = en.strings.get(key).unwrap();
        let text = m.fill(None, |_| Some("\u{0}"));
        for piece in text.split(['\u{0}', '[', ']', '(', ')']) {
            let piece = piece.trim_matches(|c: char| !c.is_alphanumeric());
            if piece.split_whitespace().count() >= 2 && piece.len() >= 6 {
                out.insert(piece.to_string());
            }
        }
    }
    out
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('\'', "&#39;")
        .replace('"', "&quot;")
}

/// A page's text with the character references Tera and the theme write decoded.
fn decoded(s: &str) -> String {
    s.replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The texts of a bundled language, all of them (a piece the language writes as English
/// does is not English left over).
fn own_texts(tag: &str) -> String {
    let lang = Language::builtin(tag);
    let mut all = String::new();
    for key in lang.strings.keys() {
        all.push_str(&lang.strings.get(key).unwrap().fill(None, |_| None));
        if let frontdesk::i18n::Message::Plural(forms) = lang.strings.get(key).unwrap() {
            for (_, t) in forms {
                all.push_str(t);
            }
        }
        all.push('\n');
    }
    all
}

/// The owner's own words in the example site (English posts, contact details, form
/// questions): they may say what a theme text says.
fn sources(site: &Site) -> String {
    let mut all = String::new();
    for e in walkdir(&site.dir) {
        let rel = e.strip_prefix(&site.dir).unwrap();
        if rel.starts_with("public") || rel.starts_with(".frontdesk") {
            continue;
        }
        if let Ok(t) = fs::read_to_string(&e) {
            all.push_str(&t);
        }
    }
    all
}

/// `piece` in `text` as whole words (not "newsletter on" in "newsletter once").
fn has_words(text: &str, piece: &str) -> bool {
    text.match_indices(piece).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + piece.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

fn locale(tag: &str) -> Locale {
    tag.parse().unwrap()
}

fn cldr_date(tag: &str, y: i32, m: u8, d: u8) -> String {
    let f: FixedCalendarDateTimeFormatter<Gregorian, YMD> =
        FixedCalendarDateTimeFormatter::try_new((&locale(tag)).into(), YMD::long()).unwrap();
    f.format(&Date::try_new_gregorian(y, m, d).unwrap())
        .to_string()
}

fn cldr_weekday(tag: &str, monday_plus: u8) -> String {
    let f: FixedCalendarDateTimeFormatter<Gregorian, E> =
        FixedCalendarDateTimeFormatter::try_new((&locale(tag)).into(), E::long()).unwrap();
    f.format(&Date::try_new_gregorian(2024, 1, 1 + monday_plus).unwrap())
        .to_string()
}

/// A time as CLDR writes it with its minutes only when they are not 0 on a 12-hour
/// clock (`7 AM`, `7:30 AM`, `07:00`).
fn cldr_time(tag: &str, h: u8, m: u8) -> String {
    let precision = icu_datetime::options::TimePrecision::MinuteOptional;
    let f: FixedCalendarDateTimeFormatter<(), T> = FixedCalendarDateTimeFormatter::try_new(
        (&locale(tag)).into(),
        T::hm().with_time_precision(precision),
    )
    .unwrap();
    f.format(&Time::try_new(h, m, 0, 0).unwrap()).to_string()
}

fn escaped(s: &str) -> String {
    html_escape(s)
}

#[test]
fn every_bundled_language_leaves_no_english_and_writes_dates_and_times_as_cldr() {
    let english = english_pieces();
    assert!(english.len() > 150, "{} pieces", english.len());
    for tag in BUNDLED.iter().filter(|t| !t.starts_with("en")) {
        let site = example_in(tag);
        site.build_ok(&[]);
        let own = own_texts(tag);
        let theirs = sources(&site);
        let mut left = Vec::new();
        for (file, text) in written(&site) {
            let text = decoded(&text);
            for piece in &english {
                if has_words(&text, piece)
                    && !own.contains(piece.as_str())
                    && !theirs.contains(piece.as_str())
                {
                    left.push(format!("{file}: {piece:?}"));
                }
            }
        }
        assert!(
            left.is_empty(),
            "{tag}: English theme words left:\n{}",
            left.join("\n")
        );
        // The post of 2025-03-10, as CLDR writes the date in this language.
        let blog = site.out().read("blog/index.html");
        let date = escaped(&cldr_date(tag, 2025, 3, 10));
        assert!(blog.contains(&date), "{tag}: {date:?} not on the blog page");
        // The contact page's week: weekday names and opening times as CLDR writes them
        // (the example opens 07:00 on weekdays), and the language's first day first.
        let contact = site.out().read("contact/index.html");
        let monday = escaped(&cldr_weekday(tag, 0));
        let seven = escaped(&cldr_time(tag, 7, 0));
        assert!(
            contact.contains(&format!(">{monday}</th>")),
            "{tag}: no {monday:?} row"
        );
        assert!(contact.contains(&seven), "{tag}: no {seven:?}");
        let first = Language::builtin(tag).first_weekday as u8;
        let first_row = contact.find("<tr data-day=").unwrap();
        assert!(
            contact[first_row..].starts_with(&format!("<tr data-day=\"{first}\"")),
            "{tag}: the table does not start on day {first}"
        );
        let html = site.out().read("index.html");
        assert!(html.contains(&format!("<html lang=\"{tag}\"")), "{tag}");
        assert_eq!(html.contains("dir=\"rtl\""), *tag == "ar", "{tag}");
    }
}

#[test]
fn twelve_hours_in_american_english_twenty_four_in_british() {
    for (tag, seven_am, six_pm) in [
        ("en-US", "7\u{202f}AM", "6\u{202f}PM"),
        ("en-GB", "07:00", "18:00"),
    ] {
        assert_eq!(cldr_time(tag, 7, 0), seven_am);
        let site = example_in(tag);
        let out = site.build_ok(&[]);
        let contact = out.read("contact/index.html");
        assert!(
            contact.contains(seven_am) && contact.contains(six_pm),
            "{tag}"
        );
        let date = cldr_date(tag, 2025, 3, 10);
        assert!(out.read("blog/index.html").contains(&date), "{tag}: {date}");
    }
    // American spelling and wording in en (US), British in en-GB.
    let us = example_in("en-US");
    assert!(
        us.build_ok(&[])
            .read("about/index.html")
            .contains("not a call center")
    );
    let gb = example_in("en-GB");
    assert!(
        gb.build_ok(&[])
            .read("about/index.html")
            .contains("not a call centre")
    );
}

#[test]
fn a_site_override_replaces_a_theme_text_and_an_unknown_key_is_an_error_at_its_place() {
    let site = example_in("fr");
    site.write(
        "i18n/fr.yaml",
        "# nos mots\nfooter_talk: \"Parlez à Marie\"\n",
    );
    let out = site.build_ok(&[]);
    assert!(out.read("index.html").contains("Parlez à Marie"));
    site.write(
        "i18n/fr.yaml",
        "# nos mots\nfooter_tlak: \"Parlez à Marie\"\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("i18n/fr.yaml");
    assert_eq!((line, col), (2, 1), "{msg}");
    assert!(msg.contains("did you mean `footer_talk`?"), "{msg}");
    // A language tag written with _ is an error at its place in site.yaml.
    let yaml = site
        .read("site.yaml")
        .replace("language: fr\n", "language: fr_CA\n");
    site.write("site.yaml", yaml);
    site.remove("i18n/fr.yaml");
    let run = site.build(&[]);
    let (line, _, msg) = run.located_error("site.yaml");
    assert_eq!(line, 4, "{msg}");
    assert!(msg.contains("\"fr-CA\""), "{msg}");
}

#[test]
fn a_language_without_a_translation_warns_once_and_still_writes_its_dates() {
    let site = example_in("sv");
    let run = site.build(&[]);
    run.assert_success();
    assert_eq!(
        run.stderr.matches("i18n/sv.yaml").count(),
        1,
        "{}",
        run.stderr
    );
    let date = cldr_date("sv", 2025, 3, 10);
    assert!(site.out().read("blog/index.html").contains(&date), "{date}");
}
