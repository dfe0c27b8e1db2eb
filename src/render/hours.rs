//! Opening hours as pages, search engines and address books see them: the table and the
//! footer line, the data the "open now" script reads, schema.org `OpeningHoursSpecification`
//! and the vCard's labelled line.
#![allow(missing_docs)] // View fields are documented for theme authors in themes/default/README.md.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Value, json};

use crate::content::hours::{DAYS, Hours, Span, Special, Week, hhmm, spans_text};

/// `contact.hours`.
#[derive(Serialize)]
pub struct HoursView {
    /// Free-text lines, or the week in short lines (`Mon–Fri 07:00–18:00`).
    pub lines: Vec<String>,
    /// One row per day, Monday first (empty for free text).
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
    pub name: &'static str,
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
    pub fn new(hours: &Hours, now: DateTime<Utc>) -> Self {
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
            lines: week.compact(),
            table: week
                .days
                .iter()
                .enumerate()
                .map(|(day, spans)| DayRow {
                    day,
                    name: DAYS[day],
                    text: spans_text(spans),
                    closed: spans.is_empty(),
                })
                .collect(),
            special: week
                .upcoming(now)
                .map(|s| SpecialRow {
                    when: s.when(),
                    text: spans_text(&s.spans),
                    note: s.note.clone(),
                    from: s.from.to_string(),
                    to: s.to.to_string(),
                    closed: s.spans.is_empty(),
                })
                .collect(),
            timezone: Some(week.timezone.name()),
            data: Some(crate::text::script_safe(
                &script_data(week, now).to_string(),
            )),
        }
    }
}

/// What the script needs: the zone, the week as `[opens, closes]` minutes, special days ahead.
fn script_data(week: &Week, now: DateTime<Utc>) -> Value {
    let spans = |s: &[Span]| -> Value { s.iter().map(|s| json!([s.opens, s.closes])).collect() };
    json!({
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
pub fn one_line(hours: &Hours) -> String {
    match hours {
        Hours::Lines(lines) => lines.join("; "),
        Hours::Week(w) => format!("{} ({} time)", w.compact().join("; "), w.timezone.name()),
    }
}
