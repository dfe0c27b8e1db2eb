//! The site's language: every word the theme shows ([`Strings`], from the theme's
//! `i18n/LANG.yaml` and the site's own `i18n/LANG.yaml`), and dates, weekdays and times
//! as the language writes them (CLDR data through ICU4X, never hand-written names).
//!
//! One [`Language`] is made per site language when the theme loads; the views format
//! with it and the templates' `t(key=...)` reads its strings.

pub mod localized;
pub mod strings;

use std::fmt;

use chrono::{Datelike, NaiveDate};
use icu_calendar::{Date, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{E, MD, T, YMD};
use icu_datetime::input::Time;
use icu_decimal::DecimalFormatter;
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};

pub use strings::{Message, Strings};

use crate::content::money::{Amount, Currency};

/// Which way the language's text runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dir {
    /// Left to right.
    Ltr,
    /// Right to left (Arabic, Hebrew, Persian, Urdu...).
    Rtl,
}

/// One language of the site: its tag, its strings, and its formatters.
pub struct Language {
    /// The tag as `site.yaml` gives it (`fr`, `en-US`, `pt-BR`), for `<html lang>`.
    pub tag: String,
    /// `ltr` or `rtl`.
    pub dir: Dir,
    /// The theme's words in this language.
    pub strings: Strings,
    /// Monday = 0 ... Sunday = 6: the first day of the week where the language is spoken.
    pub first_weekday: usize,
    date_long: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    date_medium: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    day_month: FixedCalendarDateTimeFormatter<Gregorian, MD>,
    weekday_long: FixedCalendarDateTimeFormatter<Gregorian, E>,
    weekday_short: FixedCalendarDateTimeFormatter<Gregorian, E>,
    time: FixedCalendarDateTimeFormatter<(), T>,
    plurals: PluralRules,
    /// Counts and numbers in the language's digits and grouping (`1,234`, `1 234`, `١٬٢٣٤`).
    number: DecimalFormatter,
    /// The same digits without grouping: years.
    digits: DecimalFormatter,
    locale: Locale,
}

impl fmt::Debug for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Language").field("tag", &self.tag).finish()
    }
}

/// Whether `tag` is a language tag a page can carry (`en`, `fr-CA`, `pt-BR`,
/// `zh-Hant-TW`), in the canonical case; else why not, with the fix.
pub fn check_tag(tag: &str) -> Result<(), String> {
    let fix = "write a language tag such as en, en-US, fr, fr-CA, de-CH or pt-BR";
    let locale: Locale = match tag.parse() {
        Ok(l) => l,
        Err(_) => {
            let dashed = tag.replace('_', "-");
            return Err(match dashed.parse::<Locale>() {
                Ok(l) if dashed != tag => {
                    format!(
                        "`language` {tag:?}: language tags join their parts with -: write {:?}",
                        l.to_string()
                    )
                }
                _ => format!("`language` {tag:?} is not a language tag: {fix}"),
            });
        }
    };
    if locale.id.language.is_unknown() || !locale.extensions.is_empty() {
        return Err(format!("`language` {tag:?} is not a language tag: {fix}"));
    }
    let canonical = locale.to_string();
    if canonical != tag {
        return Err(format!(
            "`language` {tag:?}: write it as {canonical:?} (language in lower case, region in upper case, joined by -)"
        ));
    }
    Ok(())
}

/// A Monday (2024-01-01), from which weekday names are formatted.
const A_MONDAY: (i32, u8, u8) = (2024, 1, 1);

/// Languages written right to left in their usual script.
const RTL: [&str; 13] = [
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "ug", "ur", "yi",
];

/// Scripts written right to left (a tag may name one: `pa-Arab`, `az-Arab`).
const RTL_SCRIPTS: [&str; 7] = ["Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg"];

impl Language {
    /// The language `tag` (already checked as a BCP 47 tag) with `strings`.
    pub fn new(tag: &str, strings: Strings) -> Result<Language, String> {
        let locale: Locale = tag.parse().map_err(|e| {
            format!("{tag:?} is not a language tag ({e}): write one like en, fr-CA or pt-BR")
        })?;
        let prefs = (&locale).into();
        let fail = |what: &str, e: &dyn fmt::Display| format!("no {what} for {tag:?}: {e}");
        let date_long = FixedCalendarDateTimeFormatter::try_new(prefs, YMD::long())
            .map_err(|e| fail("date format", &e))?;
        let date_medium = FixedCalendarDateTimeFormatter::try_new(prefs, YMD::medium())
            .map_err(|e| fail("date format", &e))?;
        let day_month = FixedCalendarDateTimeFormatter::try_new(prefs, MD::medium())
            .map_err(|e| fail("date format", &e))?;
        let weekday_long = FixedCalendarDateTimeFormatter::try_new(prefs, E::long())
            .map_err(|e| fail("weekday names", &e))?;
        let weekday_short = FixedCalendarDateTimeFormatter::try_new(prefs, E::short())
            .map_err(|e| fail("weekday names", &e))?;
        // `7 AM` where the language's clock has 12 hours and the minutes are 0, `07:00`
        // where it has 24 (CLDR's "minute optional" precision).
        let precision = icu_datetime::options::TimePrecision::MinuteOptional;
        let time =
            FixedCalendarDateTimeFormatter::try_new(prefs, T::hm().with_time_precision(precision))
                .map_err(|e| fail("time format", &e))?;
        let plurals = PluralRules::try_new_cardinal((&locale).into())
            .map_err(|e| fail("plural rules", &e))?;
        let number = DecimalFormatter::try_new(prefs_of(&locale), Default::default())
            .map_err(|e| fail("number format", &e))?;
        let never: DecimalFormatterOptions = GroupingStrategy::Never.into();
        let digits = DecimalFormatter::try_new(prefs_of(&locale), never)
            .map_err(|e| fail("number format", &e))?;
        let week = icu_calendar::week::WeekInformation::try_new((&locale).into())
            .map_err(|e| fail("week data", &e))?;
        let first_weekday = week.first_weekday as usize - 1;
        let script = locale.id.script.map(|s| s.to_string());
        let rtl = match script.as_deref() {
            Some(s) => RTL_SCRIPTS.contains(&s),
            None => RTL.contains(&locale.id.language.as_str()),
        };
        let dir = if rtl { Dir::Rtl } else { Dir::Ltr };
        Ok(Language {
            tag: tag.to_string(),
            dir,
            strings,
            first_weekday,
            date_long,
            date_medium,
            day_month,
            weekday_long,
            weekday_short,
            time,
            plurals,
            number,
            digits,
            locale,
        })
    }

    /// The language `tag` with the built-in theme's strings only (tests, and code that
    /// has no site).
    pub fn builtin(tag: &str) -> Language {
        let layers = strings::Layers {
            layers: vec![strings::builtin()],
        };
        let loaded = strings::load(tag, &layers).expect("the built-in strings are valid");
        Language::new(tag, loaded.strings).expect("a known language")
    }

    /// The name of the time zone `tz` as the language says it at `at` (CLDR's generic
    /// long name: `Eastern Time`, `heure de l’Est nord-américain`, `Mitteleuropäische
    /// Zeit`); the UTC offset (`GMT-04:00`) for a zone CLDR has no name for.
    pub fn zone_name(&self, tz: chrono_tz::Tz, at: chrono::DateTime<chrono::Utc>) -> String {
        use chrono::Offset;
        use icu_datetime::fieldsets::zone::GenericLong;
        use icu_datetime::input::{TimeZone, UtcOffset};
        let offset = at.with_timezone(&tz).offset().fix().local_minus_utc();
        let zone = TimeZone::from_iana_id(tz.name())
            .with_offset(UtcOffset::try_from_seconds(offset).ok())
            .with_zone_name_timestamp(icu_time::zone::ZoneNameTimestamp::from_epoch_seconds(
                at.timestamp(),
            ));
        match icu_datetime::NoCalendarFormatter::try_new((&self.locale).into(), GenericLong) {
            Ok(f) => f.format(&zone).to_string(),
            Err(_) => tz.name().to_string(),
        }
    }

    /// `20 December 2026`, `December 20, 2026`, `20 décembre 2026`.
    pub fn date(&self, d: NaiveDate) -> String {
        self.date_long.format(&gregorian(d)).to_string()
    }

    /// `20 Dec 2026`, `Dec 20, 2026`, `20 déc. 2026`.
    pub fn date_medium(&self, d: NaiveDate) -> String {
        self.date_medium.format(&gregorian(d)).to_string()
    }

    /// `Dec 20`, `20 déc.`: a date in a range whose last date names the year.
    pub fn day_month(&self, d: NaiveDate) -> String {
        self.day_month.format(&gregorian(d)).to_string()
    }

    /// The name of weekday `day` (Monday = 0).
    pub fn weekday(&self, day: usize) -> String {
        self.weekday_long.format(&monday_plus(day)).to_string()
    }

    /// The short name of weekday `day` (Monday = 0): `Mon`, `lun.`, `Mo.`.
    pub fn weekday_short(&self, day: usize) -> String {
        self.weekday_short.format(&monday_plus(day)).to_string()
    }

    /// A time of day given in minutes after midnight (1440, the end of the day, is
    /// midnight): `7:30 AM`, `7 AM`, `07:30`, `07:00`, `7 h 30`.
    pub fn time(&self, minutes: u16) -> String {
        let m = minutes % 1440;
        let t = Time::try_new((m / 60) as u8, (m % 60) as u8, 0, 0).expect("a time of day");
        self.time.format(&t).to_string()
    }

    /// `opens`–`closes` as the language writes a range of times (a day that closes at
    /// the end of the day closes at "midnight", in the language's word).
    pub fn time_range(&self, opens: u16, closes: u16) -> String {
        self.t(
            "time_range",
            &[("from", &self.time(opens)), ("to", &self.closing(closes))],
        )
    }

    /// A closing time: [`Language::time`], or the language's "midnight" at 1440.
    pub fn closing(&self, minutes: u16) -> String {
        if minutes >= 1440 {
            self.t("hours_midnight", &[])
        } else {
            self.time(minutes)
        }
    }

    /// Days `first` to `last` (Monday = 0) in short names, or one day's.
    pub fn day_range(&self, first: usize, last: usize) -> String {
        if first == last {
            self.weekday_short(first)
        } else {
            self.t(
                "day_range",
                &[
                    ("from", &self.weekday_short(first)),
                    ("to", &self.weekday_short(last)),
                ],
            )
        }
    }

    /// `$1,234.50`, `1 234,50 €`, `R$ 1.234,50`: `amount` in `currency` as the language
    /// (and its region) writes it, with CLDR's pattern and symbol through ICU4X; rounded
    /// to the currency's decimals, which are always shown.
    pub fn money(&self, amount: Amount, currency: Currency) -> String {
        use icu_experimental::dimension::currency::CurrencyType;
        use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
        let mut d = fixed_decimal::Decimal::from(amount.units);
        d.multiply_pow10(-i16::from(amount.scale));
        d.pad_end(-i16::from(currency.digits()));
        let code = CurrencyType::try_from_str(&currency.code().to_ascii_lowercase());
        let formatter = code.ok().and_then(|code| {
            CurrencyFormatter::try_new_symbol((&self.locale).into(), code, Default::default()).ok()
        });
        match formatter {
            Some(f) => f.format_fixed_decimal(&d).to_string(),
            // A code CLDR does not know: the code and the number, as CLDR's root writes it.
            None => format!("{} {d}", currency.code()),
        }
    }

    /// `n` as the language writes a count or a number, in its numbering system's digits
    /// and with its grouping (CLDR through ICU4X): `1,234` (en), `1 234` (fr), `١٬٢٣٤`
    /// (ar, whose default digits are Arabic-Indic), `1,234` (ar-MA, Latin digits). Every
    /// number shown inside a text goes through here: [`Language::t_n`], and the numbers
    /// templates give `t(...)` or pass through the `number` filter.
    pub fn number(&self, n: i64) -> String {
        self.number
            .format(&fixed_decimal::Decimal::from(n))
            .to_string()
    }

    /// `n` in the language's digits without grouping: a year (`2026`, `٢٠٢٦`).
    pub fn digits(&self, n: i64) -> String {
        self.digits
            .format(&fixed_decimal::Decimal::from(n))
            .to_string()
    }

    /// The plural category of `n` in this language.
    pub fn plural(&self, n: u64) -> PluralCategory {
        self.plurals.category_for(n)
    }

    /// The string `key` with `args` filled in (`{name}` in the string). A key the theme
    /// does not have is a bug of the caller: it shows as the key itself.
    pub fn t(&self, key: &str, args: &[(&str, &str)]) -> String {
        match self.strings.get(key) {
            Some(m) => m.fill(None, |name| {
                args.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)
            }),
            None => key.to_string(),
        }
    }

    /// The string `key` for the count `n` (its plural form), with `{n}` and `args`.
    pub fn t_n(&self, key: &str, n: u64, args: &[(&str, &str)]) -> String {
        let count = self.number(i64::try_from(n).unwrap_or(i64::MAX));
        match self.strings.get(key) {
            Some(m) => m.fill(Some(self.plural(n)), |name| {
                if name == "n" {
                    Some(count.as_str())
                } else {
                    args.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)
                }
            }),
            None => key.to_string(),
        }
    }
}

impl std::hash::Hash for Language {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.tag.hash(h);
        self.strings.hash(h);
    }
}

/// The formatter preferences of `locale` (its `-u-nu-` numbering system included).
fn prefs_of(locale: &Locale) -> icu_decimal::DecimalFormatterPreferences {
    locale.into()
}

fn gregorian(d: NaiveDate) -> Date<Gregorian> {
    Date::try_new_gregorian(d.year(), d.month() as u8, d.day() as u8).expect("a valid date")
}

fn monday_plus(day: usize) -> Date<Gregorian> {
    let (y, m, d) = A_MONDAY;
    Date::try_new_gregorian(y, m, d + (day % 7) as u8).expect("a valid date")
}

/// The languages the built-in theme is translated into (its `i18n/` files), each
/// complete: a test holds every one to every key of `en.yaml`.
pub const BUNDLED: [&str; 11] = [
    "en", "en-GB", "fr", "de", "es", "it", "nl", "pt", "pt-PT", "pl", "ar",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_hours_in_the_us_twenty_four_in_britain() {
        let us = Language::builtin("en-US");
        let gb = Language::builtin("en-GB");
        assert_eq!(us.time(7 * 60 + 30), "7:30\u{202f}AM");
        assert_eq!(us.time(18 * 60), "6\u{202f}PM");
        assert_eq!(gb.time(7 * 60 + 30), "07:30");
        assert_eq!(gb.time(1440), "00:00");
        assert_eq!(gb.time_range(9 * 60, 1440), "09:00–midnight");
        assert_eq!(us.first_weekday, 6, "the US week starts on Sunday");
        assert_eq!(gb.first_weekday, 0);
    }

    #[test]
    fn dates_and_days_come_from_cldr() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 20).unwrap();
        assert_eq!(Language::builtin("en-GB").date(d), "20 December 2026");
        assert_eq!(Language::builtin("en").date(d), "December 20, 2026");
        assert_eq!(Language::builtin("fr").date(d), "20 décembre 2026");
        assert_eq!(Language::builtin("de").weekday(0), "Montag");
        assert_eq!(Language::builtin("fr").weekday_short(6), "dim.");
    }

    #[test]
    fn right_to_left_languages() {
        assert_eq!(Language::builtin("ar").dir, Dir::Rtl);
        assert_eq!(Language::builtin("fr-CA").dir, Dir::Ltr);
    }

    /// Every bundled language has every text of the English file, in every plural form
    /// its CLDR rules use, with no `{name}` the English lacks.
    #[test]
    fn every_bundled_language_is_complete() {
        let layers = strings::Layers {
            layers: vec![strings::builtin()],
        };
        let tags: Vec<String> = strings::builtin().into_iter().map(|f| f.lang).collect();
        for tag in BUNDLED {
            assert!(tags.iter().any(|t| t == tag), "no i18n/{tag}.yaml");
        }
        for tag in &tags {
            let loaded = strings::load(tag, &layers).unwrap_or_else(|e| panic!("{tag}: {e:?}"));
            assert!(loaded.warnings.is_empty(), "{tag}: {:?}", loaded.warnings);
            let lang = Language::new(tag, loaded.strings).unwrap();
            let needed: Vec<PluralCategory> = lang.plurals.categories().collect();
            for key in lang.strings.keys() {
                if let Message::Plural(_) = lang.strings.get(key).unwrap() {
                    let forms = lang.strings.get(key).unwrap().forms();
                    for c in &needed {
                        assert!(
                            forms.contains(c),
                            "{tag}: `{key}` lacks the plural form {c:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_site_override_replaces_a_text_and_a_typo_is_an_error_at_its_place() {
        let site = |text: &str| strings::Layers {
            layers: vec![
                strings::builtin(),
                vec![strings::File {
                    lang: "fr".into(),
                    shown: "i18n/fr.yaml".into(),
                    text: text.into(),
                    own: true,
                }],
            ],
        };
        let loaded = strings::load("fr", &site("hours_closed: \"Fermé aujourd'hui\"\n")).unwrap();
        let lang = Language::new("fr", loaded.strings).unwrap();
        assert_eq!(lang.t("hours_closed", &[]), "Fermé aujourd'hui");
        let e = strings::load("fr", &site("# ours\nhours_closd: Fermé\n"))
            .err()
            .unwrap();
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].line, e[0].column), (Some(2), Some(1)));
        assert!(
            e[0].message.contains("did you mean `hours_closed`?"),
            "{}",
            e[0].message
        );
        let e = strings::load(
            "fr",
            &site("hours_open_until: \"Ouvert jusqu'à {heure}\"\n"),
        )
        .err()
        .unwrap();
        assert!(
            e[0].message.contains("{heure}") && e[0].message.contains("{time}"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn a_language_without_translation_warns_and_shows_english() {
        let layers = strings::Layers {
            layers: vec![strings::builtin()],
        };
        let loaded = strings::load("sv", &layers).unwrap();
        assert_eq!(loaded.warnings.len(), 1);
        assert!(loaded.warnings[0].message.contains("i18n/sv.yaml"));
        let lang = Language::new("sv", loaded.strings).unwrap();
        assert_eq!(lang.t("hours_closed", &[]), "Closed");
        // Dates are still Swedish.
        assert_eq!(lang.weekday(0), "måndag");
    }

    /// Numbers in the language's digits, as CLDR picks them by language and region.
    #[test]
    fn numbers_follow_the_language_and_region() {
        assert_eq!(Language::builtin("en").number(1234), "1,234");
        assert_eq!(Language::builtin("en").digits(2026), "2026");
        assert_eq!(Language::builtin("de").number(1234), "1.234");
        assert_eq!(Language::builtin("ar-EG").digits(2026), "٢٠٢٦");
        assert_eq!(Language::builtin("ar-MA").digits(2026), "2026");
        assert_eq!(
            Language::builtin("ar-EG").t_n("tags_post_count", 3, &[]),
            "٣ مقالات"
        );
    }

    /// A site's text by count: every form its language uses, and no other.
    #[test]
    fn an_override_needs_the_plural_forms_of_its_language() {
        let site = |lang: &str, text: &str| strings::Layers {
            layers: vec![
                strings::builtin(),
                vec![strings::File {
                    lang: lang.into(),
                    shown: format!("i18n/{lang}.yaml").into(),
                    text: text.into(),
                    own: true,
                }],
            ],
        };
        let e = strings::load("pl", &site("pl", "tags_post_count: {one: a, other: b}\n"))
            .err()
            .unwrap();
        assert_eq!(e.len(), 1);
        assert!(e[0].message.contains("few, many"), "{}", e[0].message);
        let e = strings::load(
            "de",
            &site(
                "de",
                "hours_closed: Zu\ntags_post_count:\n  one: a\n  few: c\n  other: b\n",
            ),
        )
        .err()
        .unwrap();
        let few = e
            .iter()
            .find(|d| d.message.contains("`few` is not a plural form of de"));
        let few = few.unwrap_or_else(|| panic!("{e:?}"));
        assert_eq!((few.line, few.column), (Some(4), Some(3)));
        let ok = "tags_post_count: {one: a, few: b, many: c, other: d}\n";
        assert!(strings::load("pl", &site("pl", ok)).is_ok());
    }

    #[test]
    fn plural_forms_follow_the_language() {
        let pl = Language::builtin("pl");
        assert_eq!(pl.plural(1), PluralCategory::One);
        assert_eq!(pl.plural(3), PluralCategory::Few);
        assert_eq!(pl.plural(5), PluralCategory::Many);
        let en = Language::builtin("en");
        assert_eq!(en.t_n("email_questions", 1, &[]), "1 question");
        assert_eq!(en.t_n("email_questions", 4, &[]), "4 questions");
    }
}
