//! Opening hours (`hours` in `contact.yaml`): a week in the business's time zone with
//! special days ahead (closed for a holiday, shorter hours), or, as older sites wrote it,
//! free-text lines that people can read but search engines cannot.

use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Tz;
use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};

use crate::error::Diagnostic;
use crate::yaml::Positions;

/// The days of the week, Monday first (ISO 8601, and schema.org's names).
pub const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// How many days ahead special hours are announced on the pages.
pub const AHEAD_DAYS: u64 = 30;

/// Opening hours as written.
#[derive(Debug, Clone, Hash)]
pub enum Hours {
    /// Free-text lines (`hours: ["Monday to Friday: 7am to 6pm"]`).
    Lines(Vec<String>),
    /// The structured week.
    Week(Week),
}

/// A week of opening hours and the special days.
#[derive(Debug, Clone, Hash)]
pub struct Week {
    /// The business's time zone.
    pub timezone: Tz,
    /// Monday first; an empty day is closed.
    pub days: [Vec<Span>; 7],
    /// Special days, sorted by date, never overlapping.
    pub special: Vec<Special>,
}

/// Open from `opens` to `closes`, minutes after midnight (`closes` may be 1440, midnight).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    /// Minutes after midnight.
    pub opens: u16,
    /// Minutes after midnight, after `opens`.
    pub closes: u16,
}

/// Different hours (or closed) from `from` to `to`, both included.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Special {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// The hours of those days; empty: closed.
    pub spans: Vec<Span>,
    /// Why, e.g. "Christmas Day".
    pub note: Option<String>,
}

/// `07:00` for 420.
pub fn hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

impl Week {
    /// The business's date at `now`.
    pub fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.timezone).date_naive()
    }

    /// Special days not yet over at `now`.
    pub fn future(&self, now: DateTime<Utc>) -> impl Iterator<Item = &Special> {
        let today = self.today(now);
        self.special.iter().filter(move |s| s.to >= today)
    }

    /// Special days that touch the next [`AHEAD_DAYS`] days, announced on the pages.
    pub fn upcoming(&self, now: DateTime<Utc>) -> impl Iterator<Item = &Special> {
        let horizon = self.today(now) + Days::new(AHEAD_DAYS);
        self.future(now).filter(move |s| s.from <= horizon)
    }

    /// Runs of consecutive days (Monday first) with the same hours: `([0, 1, 2, 3, 4], spans)`.
    pub fn groups(&self) -> Vec<(std::ops::RangeInclusive<usize>, &[Span])> {
        let mut out: Vec<(std::ops::RangeInclusive<usize>, &[Span])> = Vec::new();
        for (i, day) in self.days.iter().enumerate() {
            match out.last_mut() {
                Some((range, spans)) if *spans == day.as_slice() => {
                    *range = *range.start()..=i;
                }
                _ => out.push((i..=i, day.as_slice())),
            }
        }
        out
    }
}

/// `hours` as written: a list of lines or a map.
pub enum RawHours {
    /// Free text.
    Lines(Vec<String>),
    /// The structured form.
    Week(RawWeek),
}

/// `hours: {timezone, weekly, special}` before validation.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWeek {
    timezone: String,
    weekly: IndexMap<String, String>,
    #[serde(default)]
    special: Vec<RawSpecial>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpecial {
    date: Option<String>,
    from: Option<String>,
    to: Option<String>,
    #[serde(default)]
    closed: bool,
    hours: Option<String>,
    note: Option<String>,
}

impl<'de> Deserialize<'de> for RawHours {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawHours;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "opening hours: a map with `timezone` and `weekly` (or a list of lines)",
                )
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, s: A) -> Result<RawHours, A::Error> {
                Vec::<String>::deserialize(SeqAccessDeserializer::new(s)).map(RawHours::Lines)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, m: A) -> Result<RawHours, A::Error> {
                RawWeek::deserialize(MapAccessDeserializer::new(m)).map(RawHours::Week)
            }
        }
        d.deserialize_any(V)
    }
}

/// Where the checks report: the file, its text and the positions of its values.
pub struct Place<'a> {
    /// File name for diagnostics.
    pub file: &'a str,
    /// The file's text.
    pub text: &'a str,
    /// Its positions.
    pub positions: &'a Positions,
}

impl Place<'_> {
    fn at(&self, path: &[&str], msg: String) -> Diagnostic {
        let (l, c) = self.positions.at(path);
        Diagnostic::at(self.file, l, c, msg)
    }

    fn key_at(&self, path: &[&str], key: &str, msg: String) -> Diagnostic {
        let (l, c) = self.positions.key_at(path, key);
        Diagnostic::at(self.file, l, c, msg)
    }

    /// At the `offset`-th byte of the string value at `path` when it is written on one line
    /// (plain or quoted), else at the value.
    fn inside(&self, path: &[&str], value: &str, offset: usize, msg: String) -> Diagnostic {
        let (l, c) = self.positions.at(path);
        let line = self
            .text
            .lines()
            .nth(l.saturating_sub(1) as usize)
            .unwrap_or("");
        let start: usize = line
            .chars()
            .take(c.saturating_sub(1) as usize)
            .map(char::len_utf8)
            .sum();
        let rest = &line[start.min(line.len())..];
        let quote = usize::from(rest.starts_with(['"', '\'']));
        let col = if rest[quote..].starts_with(value) {
            c + value[..offset].chars().count() as u32 + quote as u32
        } else {
            c
        };
        Diagnostic::at(self.file, l, col, msg)
    }
}

/// Checks `hours`, reporting every problem at its value; `None` when there are errors.
pub fn check(
    raw: RawHours,
    place: &Place,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> Option<Hours> {
    let raw = match raw {
        RawHours::Lines(lines) => {
            if !lines.is_empty() {
                warnings.push(place.at(
                    &["hours"],
                    "opening hours as free text can be read by people but not by search engines \
                     or the \"open now\" line; write them as `hours: {timezone: ..., weekly: \
                     {mon-fri: \"09:00-17:00\", sat: closed, sun: closed}}` (see docs/site-folder.md)"
                        .into(),
                ));
            }
            return Some(Hours::Lines(lines));
        }
        RawHours::Week(w) => w,
    };
    let before = errors.len();
    let timezone = match raw.timezone.trim().parse::<Tz>() {
        Ok(tz) => Some(tz),
        Err(_) => {
            errors.push(place.at(
                &["hours", "timezone"],
                format!(
                    "`timezone` {:?} is not a time zone name; write the place's zone as in \
                     America/New_York, Europe/Berlin or Australia/Sydney",
                    raw.timezone
                ),
            ));
            None
        }
    };
    let mut days: [Vec<Span>; 7] = Default::default();
    let mut given: [Option<&str>; 7] = [None; 7];
    for (key, value) in &raw.weekly {
        let path = ["hours", "weekly", key.as_str()];
        let which = match parse_days(key) {
            Ok(d) => d,
            Err(m) => {
                errors.push(place.key_at(&["hours", "weekly"], key, m));
                continue;
            }
        };
        let spans = parse_spans(value)
            .map_err(|(offset, m)| errors.push(place.inside(&path, value, offset, m)))
            .unwrap_or_default();
        for d in which {
            if let Some(first) = given[d] {
                errors.push(place.key_at(
                    &["hours", "weekly"],
                    key,
                    format!("{} is given twice, in `{first}` and in `{key}`", DAYS[d]),
                ));
                break;
            }
            given[d] = Some(key.as_str());
            days[d] = spans.clone();
        }
    }
    let mut special: Vec<(usize, Special)> = Vec::new();
    for (i, s) in raw.special.iter().enumerate() {
        let n = i.to_string();
        let at = |field: &str, msg: String| place.at(&["hours", "special", &n, field], msg);
        let date = |field: &str, v: &str| -> Result<NaiveDate, Diagnostic> {
            NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").map_err(|_| {
                let why = match crate::content::date::Date::parse(v) {
                    Err(m) => m,
                    Ok(_) => format!("{v:?} has a time; give only the day, YYYY-MM-DD"),
                };
                at(field, format!("`{field}`: {why}"))
            })
        };
        let days = match (&s.date, &s.from, &s.to) {
            (Some(d), None, None) => date("date", d).map(|d| (d, d)),
            (None, Some(f), Some(t)) => match (date("from", f), date("to", t)) {
                (Ok(f), Ok(t)) if t < f => Err(at(
                    "to",
                    format!(
                        "`to` {t} is before `from` {f}: the special days end before they start"
                    ),
                )),
                (Ok(f), Ok(t)) => Ok((f, t)),
                (Err(e), _) | (_, Err(e)) => Err(e),
            },
            (None, None, None) => Err(place.at(
                &["hours", "special", &n],
                "a special day needs `date: YYYY-MM-DD`, or `from` and `to` for several days"
                    .into(),
            )),
            _ => Err(place.at(
                &["hours", "special", &n],
                "give either `date`, or both `from` and `to`".into(),
            )),
        };
        let spans = match (s.closed, &s.hours) {
            (true, None) => Ok(Vec::new()),
            (false, Some(h)) => parse_spans(h).map_err(|(offset, m)| {
                place.inside(&["hours", "special", &n, "hours"], h, offset, m)
            }),
            (true, Some(_)) => Err(at(
                "hours",
                "give either `closed: true` or `hours`, not both".into(),
            )),
            (false, None) => Err(place.at(
                &["hours", "special", &n],
                "say `closed: true`, or give the day's `hours`, e.g. hours: \"10:00-14:00\"".into(),
            )),
        };
        match (days, spans) {
            (Ok((from, to)), Ok(spans)) => special.push((
                i,
                Special {
                    from,
                    to,
                    spans,
                    note: s.note.clone().filter(|n| !n.trim().is_empty()),
                },
            )),
            (d, s) => errors.extend(d.err().into_iter().chain(s.err())),
        }
    }
    special.sort_by_key(|(_, s)| s.from);
    for pair in special.windows(2) {
        let ((_, a), (j, b)) = (&pair[0], &pair[1]);
        if b.from <= a.to {
            errors.push(place.at(
                &["hours", "special", &j.to_string()],
                format!(
                    "these special days overlap others ({} to {}): give each day once",
                    a.from, a.to
                ),
            ));
        }
    }
    if errors.len() > before {
        return None;
    }
    if days.iter().all(Vec::is_empty) {
        warnings.push(place.at(
            &["hours", "weekly"],
            "every day of the week is closed; give the days you open, e.g. mon-fri: \"09:00-17:00\"".into(),
        ));
    }
    Some(Hours::Week(Week {
        timezone: timezone?,
        days,
        special: special.into_iter().map(|(_, s)| s).collect(),
    }))
}

/// `mon`, `monday`, `mon-fri`, `sat, sun` (a range may wrap: `fri-mon`).
fn parse_days(key: &str) -> Result<Vec<usize>, String> {
    let day = |s: &str| -> Result<usize, String> {
        let s = s.trim().to_ascii_lowercase();
        DAYS.iter()
            .position(|d| {
                let d = d.to_ascii_lowercase();
                s == d || (s.len() == 3 && d.starts_with(&s))
            })
            .ok_or_else(|| {
                format!(
                    "{key:?} is not a day of the week: write mon, tue, wed, thu, fri, sat or sun, \
                     a range such as mon-fri, or a list such as \"sat, sun\""
                )
            })
    };
    let mut out = Vec::new();
    for part in key.split(',') {
        match part.split_once(['-', '–']) {
            Some((a, b)) => {
                let (a, b) = (day(a)?, day(b)?);
                let mut d = a;
                loop {
                    out.push(d);
                    if d == b {
                        break;
                    }
                    d = (d + 1) % 7;
                }
            }
            None => out.push(day(part)?),
        }
    }
    let mut seen = [false; 7];
    for &d in &out {
        if std::mem::replace(&mut seen[d], true) {
            return Err(format!("{key:?} names {} twice", DAYS[d]));
        }
    }
    Ok(out)
}

/// `closed`, or `07:00-18:00`, or `08:00-12:00, 13:00-17:00`; the error carries the byte
/// offset of the offending part in `value`.
fn parse_spans(value: &str) -> Result<Vec<Span>, (usize, String)> {
    if value.trim().eq_ignore_ascii_case("closed") {
        return Ok(Vec::new());
    }
    let mut spans: Vec<(usize, Span)> = Vec::new();
    let mut offset = 0;
    for part in value.split(',') {
        let lead = part.len() - part.trim_start().len();
        let at = offset + lead;
        offset += part.len() + 1;
        let part = part.trim();
        let Some((a, b)) = part
            .split_once(['-', '–'])
            .or_else(|| part.split_once(" to "))
        else {
            return Err((
                at,
                format!("{part:?} is not a time range: write it as 09:00-17:00 (or `closed`)"),
            ));
        };
        let b_at = at + part.len() - b.trim_start().len();
        if let Some(fix) = twelve_hour(a.trim(), b.trim()) {
            return Err((at, format!("{part:?} {fix}")));
        }
        let opens = time(a.trim()).map_err(|m| (at, m))?;
        let closes = time(b.trim()).map_err(|m| (b_at, m))?;
        if opens == 24 * 60 {
            return Err((
                at,
                "a day's hours cannot start at 24:00; write 00:00".into(),
            ));
        }
        if closes <= opens {
            return Err((
                at,
                format!(
                    "{part:?} ends before it starts; to stay open past midnight, end the day at \
                     24:00 and start the next day at 00:00"
                ),
            ));
        }
        spans.push((at, Span { opens, closes }));
    }
    spans.sort_by_key(|(_, s)| s.opens);
    for pair in spans.windows(2) {
        let ((_, a), (at, b)) = (pair[0], pair[1]);
        if b.opens < a.closes {
            return Err((
                at,
                format!(
                    "{}–{} overlaps {}–{}: give each time of day once",
                    hhmm(b.opens),
                    hhmm(b.closes),
                    hhmm(a.opens),
                    hhmm(a.closes)
                ),
            ));
        }
    }
    Ok(spans.into_iter().map(|(_, s)| s).collect())
}

/// What to write for a range given on the 12-hour clock or in bare hours (`9:00-5:00`,
/// `9-5`, `9-17`): the end 12 hours later when it comes before a morning start. None for a
/// range that is right as written, or that no simple reading fixes (`18:00-07:00` is a
/// night, not a typo).
fn twelve_hour(a: &str, b: &str) -> Option<String> {
    let lenient = |s: &str| match s.split_once(':') {
        Some(_) => time(s).ok(),
        None if !s.is_empty() && s.len() <= 2 => {
            s.parse::<u16>().ok().filter(|h| *h <= 24).map(|h| h * 60)
        }
        None => None,
    };
    let (opens, closes) = (lenient(a)?, lenient(b)?);
    let bare = time(a).is_err() || time(b).is_err();
    if closes <= opens {
        let closes = closes + 12 * 60;
        return (opens < 12 * 60 && closes > opens && closes <= 24 * 60).then(|| {
            format!(
                "ends before it starts: write the times on the 24-hour clock, {}-{}",
                hhmm(opens),
                hhmm(closes)
            )
        });
    }
    bare.then(|| {
        format!(
            "needs hours and minutes: write {}-{}",
            hhmm(opens),
            hhmm(closes)
        )
    })
}

/// `7:00`, `07:00`, `24:00` as minutes after midnight.
fn time(s: &str) -> Result<u16, String> {
    let bad = || format!("{s:?} is not a time of day: write hours and minutes, 00:00 to 24:00");
    let (h, m) = s.split_once(':').ok_or_else(bad)?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return Err(bad());
    }
    let h: u16 = h.parse().map_err(|_| bad())?;
    let m: u16 = m.parse().map_err(|_| bad())?;
    if h > 24 || m > 59 || (h == 24 && m != 0) {
        return Err(format!(
            "{s:?} is not a time of day: hours go from 00 to 23 (24:00 is midnight at the end of the day), minutes from 00 to 59"
        ));
    }
    Ok(h * 60 + m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(yaml: &str) -> (Option<Hours>, Vec<String>, Vec<String>) {
        #[derive(Deserialize)]
        struct Doc {
            hours: RawHours,
        }
        let doc: Doc = crate::yaml::parse(yaml, std::path::Path::new("contact.yaml"), 0).unwrap();
        let positions = Positions::of(yaml);
        let place = Place {
            file: "contact.yaml",
            text: yaml,
            positions: &positions,
        };
        let (mut e, mut w) = (Vec::new(), Vec::new());
        let h = check(doc.hours, &place, &mut e, &mut w);
        let s = |v: Vec<Diagnostic>| v.iter().map(|d| d.to_string()).collect();
        (h, s(e), s(w))
    }

    const GOOD: &str = "hours:\n  timezone: America/New_York\n  weekly: {mon-fri: \"07:00-18:00\", sat: \"08:00-12:00, 13:00-17:00\", sun: closed}\n  special:\n    - {date: 2026-12-25, closed: true, note: Christmas Day}\n    - {from: 2027-01-02, to: 2027-01-09, closed: true, note: Winter break}\n";

    #[test]
    fn the_example_week_parses_and_groups() {
        let (h, e, w) = run(GOOD);
        assert!(e.is_empty() && w.is_empty(), "{e:?} {w:?}");
        let Some(Hours::Week(week)) = h else { panic!() };
        assert_eq!(week.timezone, chrono_tz::America::New_York);
        assert_eq!(
            week.days[0],
            vec![Span {
                opens: 420,
                closes: 1080
            }]
        );
        assert_eq!(week.days[5].len(), 2);
        assert!(week.days[6].is_empty());
        // As pages show it, from each language's first day of the week.
        use crate::i18n::Language;
        let lines = |tag: &str| crate::render::hours::compact(&week, &Language::builtin(tag));
        assert_eq!(
            lines("en-GB"),
            [
                "Mon–Fri 07:00–18:00",
                "Sat 08:00–12:00, 13:00–17:00",
                "Sun Closed"
            ]
        );
        assert_eq!(
            lines("en-US"),
            [
                "Sun Closed",
                "Mon–Fri 7\u{202f}AM–6\u{202f}PM",
                "Sat 8\u{202f}AM–12\u{202f}PM, 1\u{202f}PM–5\u{202f}PM"
            ]
        );
        // 24 Nov 2026 05:00 UTC is still the 24th in New York; the 30-day window reaches
        // Christmas but not the winter break.
        let now = "2026-11-26T03:00:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(week.today(now).to_string(), "2026-11-25");
        let up: Vec<_> = week.upcoming(now).map(|s| s.from.to_string()).collect();
        assert_eq!(up, ["2026-12-25"]);
        let later = "2026-12-26T12:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let up: Vec<_> = week.upcoming(later).map(|s| s.from.to_string()).collect();
        assert_eq!(up, ["2027-01-02"]);
    }

    #[test]
    fn twelve_hour_ranges_get_their_rewrite() {
        let yaml = "hours:\n  timezone: Europe/London\n  weekly:\n    mon: \"9:00-5:00\"\n    tue: 9-5\n    wed: 9-12\n    thu: 18:00-07:00\n";
        let (h, e, _) = run(yaml);
        assert!(h.is_none());
        assert_eq!(
            e,
            [
                "contact.yaml:4:11: \"9:00-5:00\" ends before it starts: write the times on the 24-hour clock, 09:00-17:00",
                "contact.yaml:5:10: \"9-5\" ends before it starts: write the times on the 24-hour clock, 09:00-17:00",
                "contact.yaml:6:10: \"9-12\" needs hours and minutes: write 09:00-12:00",
                "contact.yaml:7:10: \"18:00-07:00\" ends before it starts; to stay open past midnight, end the day at 24:00 and start the next day at 00:00",
            ]
        );
    }

    #[test]
    fn every_mistake_at_its_place() {
        let yaml = "hours:\n  timezone: America/Springfield\n  weekly:\n    mon-fri: \"07:00-25:00\"\n    sat: 18:00-07:00\n    sun: 08:00-12:00, 11:00-13:00\n    fun: closed\n    wed: 09:00-10:00\n  special:\n    - {date: 2026-13-01, closed: true}\n    - {from: 2027-01-09, to: 2027-01-02, closed: true}\n    - {date: 2026-12-24, closed: true, hours: \"10:00-12:00\"}\n    - {date: 2026-12-31}\n";
        let (h, e, _) = run(yaml);
        assert!(h.is_none());
        assert_eq!(
            e,
            [
                "contact.yaml:2:13: `timezone` \"America/Springfield\" is not a time zone name; write the place's zone as in America/New_York, Europe/Berlin or Australia/Sydney",
                "contact.yaml:4:21: \"25:00\" is not a time of day: hours go from 00 to 23 (24:00 is midnight at the end of the day), minutes from 00 to 59",
                "contact.yaml:5:10: \"18:00-07:00\" ends before it starts; to stay open past midnight, end the day at 24:00 and start the next day at 00:00",
                "contact.yaml:6:23: 11:00–13:00 overlaps 08:00–12:00: give each time of day once",
                "contact.yaml:7:5: \"fun\" is not a day of the week: write mon, tue, wed, thu, fri, sat or sun, a range such as mon-fri, or a list such as \"sat, sun\"",
                "contact.yaml:8:5: Wednesday is given twice, in `mon-fri` and in `wed`",
                "contact.yaml:10:14: `date`: impossible date \"2026-13-01\": no such month (months go from 01 to 12)",
                "contact.yaml:11:30: `to` 2027-01-02 is before `from` 2027-01-09: the special days end before they start",
                "contact.yaml:12:47: give either `closed: true` or `hours`, not both",
                "contact.yaml:13:7: say `closed: true`, or give the day's `hours`, e.g. hours: \"10:00-14:00\"",
            ]
        );
    }

    #[test]
    fn overlapping_special_days_and_free_text() {
        let yaml = "hours:\n  timezone: Europe/Berlin\n  weekly: {mon: \"9:00-17:00\"}\n  special:\n    - {from: 2026-12-24, to: 2026-12-26, closed: true}\n    - {date: 2026-12-25, hours: \"10:00-12:00\"}\n";
        let (_, e, _) = run(yaml);
        assert_eq!(
            e,
            [
                "contact.yaml:6:7: these special days overlap others (2026-12-24 to 2026-12-26): give each day once"
            ]
        );
        let (h, e, w) = run("hours:\n  - \"Mon to Fri: 9 to 5\"\n");
        assert!(e.is_empty());
        assert!(matches!(h, Some(Hours::Lines(l)) if l.len() == 1));
        assert!(
            w[0].starts_with("contact.yaml:2:3: opening hours as free text"),
            "{w:?}"
        );
    }

    #[test]
    fn days_and_times() {
        assert_eq!(parse_days("fri-mon").unwrap(), [4, 5, 6, 0]);
        assert_eq!(parse_days("Saturday, sun").unwrap(), [5, 6]);
        assert!(parse_days("mon-fri, wed").is_err());
        assert_eq!(time("7:05").unwrap(), 425);
        assert_eq!(time("24:00").unwrap(), 1440);
        assert!(time("24:30").is_err() && time("7").is_err() && time("07:5").is_err());
        assert_eq!(
            parse_spans("00:00-24:00").unwrap(),
            [Span {
                opens: 0,
                closes: 1440
            }]
        );
    }
}
