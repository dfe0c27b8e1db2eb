//! Opening hours as pages, search engines and address books see them: the table and the
//! footer line, the data the "open now" script reads, schema.org `OpeningHoursSpecification`
//! and the vCard's labelled line.
#![allow(missing_docs)] // View fields are documented for theme authors in themes/default/README.md.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Value, json};

use crate::content::hours::{DAYS, Hours, Span, Special, Week, hhmm};
use crate::i18n::Language;

/// `contact.hours`.
#[derive(Serialize)]
pub struct HoursView {
    /// Free-text lines, or the week in short lines (`Mon–Fri 07:00–18:00`), from the
    /// language's first day of the week.
    pub lines: Vec<String>,
    /// One row per day, from the language's first day of the week (empty for free text).
    pub table: Vec<DayRow>,
    /// Special days in the next 30 days.
    pub special: Vec<SpecialRow>,
    /// The IANA time zone name, for structured hours.
    pub timezone: Option<&'static str>,
    /// JSON for the "open now" script (`<script type="application/json">`), script-safe.
    pub data: Option<String>,
}

#[derive(Serialize)]
pub struct DayRow {
    /// 0 for Monday.
    pub day: usize,
    pub name: String,
    pub text: String,
    pub closed: bool,
}

#[derive(Serialize)]
pub struct SpecialRow {
    pub when: String,
    pub text: String,
    pub note: Option<String>,
    pub from: String,
    pub to: String,
    pub closed: bool,
}

impl HoursView {
    pub fn new(hours: &Hours, now: DateTime<Utc>, lang: &Language) -> Self {
        let week = match hours {
            Hours::Lines(lines) => {
                return HoursView {
                    lines: lines.clone(),
                    table: Vec::new(),
                    special: Vec::new(),
                    timezone: None,
                    data: None,
                };
            }
            Hours::Week(w) => w,
        };
        HoursView {
            lines: compact(week, lang),
            table: week_order(lang)
                .map(|day| {
                    let spans = &week.days[day];
                    DayRow {
                        day,
                        name: lang.weekday(day),
                        text: spans_text(spans, lang),
                        closed: spans.is_empty(),
                    }
                })
                .collect(),
            special: week
                .upcoming(now)
                .map(|s| SpecialRow {
                    when: when(s, lang),
                    text: spans_text(&s.spans, lang),
                    note: s.note.clone(),
                    from: s.from.to_string(),
                    to: s.to.to_string(),
                    closed: s.spans.is_empty(),
                })
                .collect(),
            timezone: Some(week.timezone.name()),
            data: Some(crate::text::script_safe(
                &script_data(week, now, lang).to_string(),
            )),
        }
    }
}

/// The days of the week from the language's first (Monday = 0).
fn week_order(lang: &Language) -> impl Iterator<Item = usize> {
    (0..7).map(move |i| (lang.first_weekday + i) % 7)
}

/// `07:00–18:00, 19:00–22:00` (as the language writes times), or `Closed`.
pub fn spans_text(spans: &[Span], lang: &Language) -> String {
    if spans.is_empty() {
        return lang.t("hours_closed", &[]);
    }
    spans
        .iter()
        .map(|s| lang.time_range(s.opens, s.closes))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `Mon–Fri 07:00–18:00`, one line per run of days with the same hours, from the
/// language's first day of the week.
pub fn compact(week: &Week, lang: &Language) -> Vec<String> {
    let mut runs: Vec<(usize, usize, &[Span])> = Vec::new();
    for day in week_order(lang) {
        let spans = week.days[day].as_slice();
        match runs.last_mut() {
            Some((_, last, s)) if *s == spans => *last = day,
            _ => runs.push((day, day, spans)),
        }
    }
    runs.into_iter()
        .map(|(first, last, spans)| {
            lang.t(
                "hours_line",
                &[
                    ("days", &lang.day_range(first, last)),
                    ("hours", &spans_text(spans, lang)),
                ],
            )
        })
        .collect()
}

/// When special hours apply: `Fri, Dec 25, 2026`, or a range of such dates that names
/// the year once when it is the same (`Sat, Dec 23 – Mon, Dec 25, 2026`).
fn when(s: &Special, lang: &Language) -> String {
    use chrono::Datelike;
    let day = |d: chrono::NaiveDate, date: String| {
        let weekday = lang.weekday_short(d.weekday().num_days_from_monday() as usize);
        lang.t(
            "hours_special_day",
            &[("weekday", &weekday), ("date", &date)],
        )
    };
    let to = day(s.to, lang.date_medium(s.to));
    if s.from == s.to {
        return to;
    }
    let from = match s.from.year() == s.to.year() {
        true => day(s.from, lang.day_month(s.from)),
        false => day(s.from, lang.date_medium(s.from)),
    };
    lang.t("hours_special_range", &[("from", &from), ("to", &to)])
}

/// What the script needs: the zone, the week as `[opens, closes]` minutes, special days
/// ahead, and its words: the sentences, the weekday names (Monday first) and every time
/// it may show, as the language writes them.
fn script_data(week: &Week, now: DateTime<Utc>, lang: &Language) -> Value {
    let spans = |s: &[Span]| -> Value { s.iter().map(|s| json!([s.opens, s.closes])).collect() };
    let mut times = serde_json::Map::new();
    let all = week
        .days
        .iter()
        .flatten()
        .chain(week.future(now).flat_map(|s| &s.spans));
    for s in all {
        for m in [s.opens, s.closes] {
            let text = lang.closing(m);
            times.insert(m.to_string(), Value::String(text));
        }
    }
    let words: serde_json::Map<String, Value> = [
        ("open_until", "hours_open_until"),
        ("closed", "hours_closed"),
        ("closed_now", "hours_closed_now"),
        ("closed_today", "hours_closed_today"),
        ("opens_today", "hours_opens_today"),
        ("opens_tomorrow", "hours_opens_tomorrow"),
        ("opens_on", "hours_opens_on"),
    ]
    .into_iter()
    .map(|(name, key)| (name.to_string(), Value::String(lang.t(key, &[]))))
    .collect();
    json!({
        "t": words,
        "days": (0..7).map(|d| lang.weekday(d)).collect::<Vec<_>>(),
        "times": times,
        "tz": week.timezone.name(),
        "week": week.days.iter().map(|d| spans(d)).collect::<Vec<_>>(),
        "special": week.future(now).map(|s| json!({
            "from": s.from.to_string(),
            "to": s.to.to_string(),
            "spans": spans(&s.spans),
            "note": s.note,
        })).collect::<Vec<_>>(),
    })
}

/// schema.org closes at `23:59` for a day open until midnight (`24:00` is not a valid time).
fn schema_time(minutes: u16) -> String {
    hhmm(minutes.min(23 * 60 + 59))
}

/// `openingHoursSpecification`: one entry per run of days and time span.
pub fn opening_hours_specification(week: &Week) -> Value {
    let mut out = Vec::new();
    for (days, spans) in week.groups() {
        let names: Vec<&str> = days.clone().map(|d| DAYS[d]).collect();
        for s in spans {
            out.push(json!({
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": names,
                "opens": schema_time(s.opens),
                "closes": schema_time(s.closes),
            }));
        }
    }
    Value::Array(out)
}

/// `specialOpeningHoursSpecification` for the special days not yet over; a closed day is
/// `opens` = `closes` = `00:00`, as schema.org and search engines read it.
pub fn special_opening_hours_specification(week: &Week, now: DateTime<Utc>) -> Value {
    let one = |s: &Special, opens: String, closes: String| {
        json!({
            "@type": "OpeningHoursSpecification",
            "validFrom": s.from.to_string(),
            "validThrough": s.to.to_string(),
            "opens": opens,
            "closes": closes,
        })
    };
    let mut out = Vec::new();
    for s in week.future(now) {
        if s.spans.is_empty() {
            out.push(one(s, "00:00".into(), "00:00".into()));
        }
        for span in &s.spans {
            out.push(one(s, schema_time(span.opens), schema_time(span.closes)));
        }
    }
    Value::Array(out)
}

/// `Mon–Fri 07:00–18:00; Sat 08:00–17:00 (America/New_York time)`, for the vCard.
pub fn one_line(hours: &Hours, lang: &Language) -> String {
    match hours {
        Hours::Lines(lines) => lines.join("; "),
        Hours::Week(w) => lang.t(
            "hours_in_zone",
            &[
                ("hours", &compact(w, lang).join("; ")),
                ("zone", w.timezone.name()),
            ],
        ),
    }
}
