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

/// `n` in `tag`'s digits as ICU4X writes them, without grouping (the numbers compared
/// here are counts below 1,000 and a year).
fn cldr_digits(tag: &str, n: i64) -> String {
    use icu_decimal::DecimalFormatter;
    use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
    let never: DecimalFormatterOptions = GroupingStrategy::Never.into();
    let f = DecimalFormatter::try_new((&locale(tag)).into(), never).unwrap();
    f.format(&fixed_decimal::Decimal::from(n)).to_string()
}

/// `text` with each run of ASCII digits written as `tag` writes that number.
fn in_digits_of(tag: &str, text: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once('\0')) {
        if c.is_ascii_digit() {
            run.push(c);
            continue;
        }
        if !run.is_empty() {
            out.push_str(&cldr_digits(tag, run.parse().unwrap()));
            run.clear();
        }
        if c != '\0' {
            out.push(c);
        }
    }
    out
}

/// Counts and numbers inside the theme's texts (posts per tag, reading times, stars,
/// page numbers, a scale's numbers, the footer's year) are in the language's digits:
/// Egyptian Arabic writes Arabic-Indic digits by CLDR, Arabic without a region and
/// Moroccan Arabic Latin ones. The same site is built in `ar` and in `ar-EG` (the same
/// words, `ar.yaml`), and each number of the first must be ICU4X's digits in the second.
#[test]
fn numbers_inside_texts_are_in_the_language_digits() {
    // Which languages write which digits is CLDR's fact, read from ICU4X here.
    assert_ne!(
        cldr_digits("ar-EG", 7),
        "7",
        "CLDR gives ar-EG Arabic-Indic digits"
    );
    assert_eq!(cldr_digits("ar-MA", 7), "7");
    let places = [
        ("tags/index.html", ".count"),
        ("blog/index.html", ".post-meta span:last-child"),
        ("blog/index.html", ".pagination-status"),
        ("blog/page/2/index.html", "h1"),
        ("testimonials/index.html", ".rating .visually-hidden"),
        ("suggestions/index.html", ".scale label"),
        ("suggestions/index.html", ".field-scale .help"),
        ("index.html", ".footer-bottom p"),
    ];
    let texts = |tag: &str| -> Vec<Vec<String>> {
        let site = example_in(tag);
        let out = site.build_ok(&[]);
        places
            .iter()
            .map(|(file, selector)| {
                let doc = out.html(file);
                let found: Vec<String> = common::select(&doc, selector)
                    .into_iter()
                    .map(common::text)
                    .collect();
                assert!(!found.is_empty(), "{tag}: no {selector} in {file}");
                found
            })
            .collect()
    };
    let latin = texts("ar");
    let mut numbers = 0;
    for (place, found) in places.iter().zip(&latin) {
        // (Arabic writes some counts as words: "مقالان", two posts.)
        for t in found
            .iter()
            .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
        {
            assert_eq!(&in_digits_of("ar", t), t, "{place:?}");
            numbers += 1;
        }
    }
    assert!(numbers > 15, "{numbers}");
    for tag in ["ar-EG", "ar-MA"] {
        let theirs = texts(tag);
        for ((place, ar), other) in places.iter().zip(&latin).zip(&theirs) {
            let expected: Vec<String> = ar.iter().map(|t| in_digits_of(tag, t)).collect();
            assert_eq!(&expected, other, "{tag}: {place:?}");
        }
    }
}

/// A site's text by count gives every plural form its language uses by CLDR's rules
/// (read from ICU4X here), and no other: Polish needs `few` and `many` beside `one` and
/// `other`; French has no `two`.
#[test]
fn an_override_by_count_needs_every_plural_form_of_its_language() {
    let needed = |tag: &str| -> Vec<&'static str> {
        let rules = icu_plurals::PluralRules::try_new_cardinal((&locale(tag)).into()).unwrap();
        let cats: Vec<_> = rules.categories().collect();
        use icu_plurals::PluralCategory as C;
        [
            (C::Zero, "zero"),
            (C::One, "one"),
            (C::Two, "two"),
            (C::Few, "few"),
            (C::Many, "many"),
            (C::Other, "other"),
        ]
        .into_iter()
        .filter(|(c, _)| cats.contains(c))
        .map(|(_, n)| n)
        .collect()
    };
    assert_eq!(needed("pl"), ["one", "few", "many", "other"]);
    let site = example_in("pl");
    site.write(
        "i18n/pl.yaml",
        "# nasze słowa\nhours_closed: Zamknięte\ntags_post_count:\n  one: \"{n} wpis\"\n  other: \"{n} wpisu\"\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("i18n/pl.yaml");
    assert_eq!((line, col), (3, 1), "{msg}");
    assert!(msg.contains("few, many"), "{msg}");
    assert!(msg.contains("`few: ...` and `many: ...`"), "{msg}");
    // Every form given: the build passes and shows them.
    let forms: String = needed("pl")
        .iter()
        .map(|f| format!("  {f}: \"{{n}} wpis-{f}\"\n"))
        .collect();
    site.write("i18n/pl.yaml", format!("tags_post_count:\n{forms}"));
    let out = site.build_ok(&[]);
    assert!(out.read("tags/index.html").contains("wpis-"));
    // A form French does not use is an error at that form.
    assert!(!needed("fr").contains(&"two"));
    let site = example_in("fr");
    site.write(
        "i18n/fr.yaml",
        "tags_post_count: {one: \"{n} article\", two: \"{n} articles\", many: \"{n} d'articles\", other: \"{n} articles\"}\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("i18n/fr.yaml");
    assert_eq!((line, col), (1, 39), "{msg}");
    assert!(msg.contains("`two` is not a plural form of fr"), "{msg}");
}
