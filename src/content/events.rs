//! Events: `events/NAME.md` (and `LANG/events/NAME.md` on a site with several languages),
//! each a Markdown text with front matter saying when (local date-times in an IANA time
//! zone), where (a place or an address online), what it costs, how to book, whether it was
//! cancelled or moved, and how it repeats (a few RFC 5545 patterns).

use std::path::{Path, PathBuf};

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;
use serde::Deserialize;
use serde_saphyr::{Location, Spanned};

use super::frontmatter;
use super::money::{Amount, Currency};
use crate::error::{Diagnostic, Diagnostics};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: Spanned<String>,
    description: Option<String>,
    start: Spanned<String>,
    end: Spanned<String>,
    timezone: Option<Spanned<String>>,
    place: Option<Spanned<String>>,
    address: Option<Spanned<String>>,
    online: Option<Spanned<String>>,
    price: Option<Spanned<Amount>>,
    currency: Option<Spanned<Currency>>,
    free: Option<Spanned<bool>>,
    capacity: Option<Spanned<u32>>,
    booking_url: Option<Spanned<String>>,
    status: Option<Spanned<String>>,
    previous_start: Option<Spanned<String>>,
    repeat: Option<Spanned<RawRepeat>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRepeat {
    every: Spanned<String>,
    on: Option<Spanned<OneOrMany>>,
    until: Option<Spanned<String>>,
    count: Option<Spanned<u32>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// Where an event takes place: a place, an address online, or both.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Venue {
    /// The place's name (`The workshop`).
    pub place: Option<String>,
    /// Its address.
    pub address: Option<String>,
    /// The `https://` address of an online event.
    pub online: Option<String>,
}

/// What coming costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Admission {
    /// `free: true`.
    Free,
    /// A price in a currency.
    Price(Amount, Currency),
    /// Not said.
    Unsaid,
}

/// Whether the event takes place as announced (schema.org's `eventStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// As announced.
    Scheduled,
    /// Called off.
    Cancelled,
    /// Put off to a date not yet known.
    Postponed,
    /// Moved to the date of `start` from `previous_start`.
    Rescheduled,
}

impl Status {
    const ALL: [(&'static str, Status); 4] = [
        ("scheduled", Status::Scheduled),
        ("cancelled", Status::Cancelled),
        ("postponed", Status::Postponed),
        ("rescheduled", Status::Rescheduled),
    ];

    /// Its name in front matter.
    pub fn name(self) -> &'static str {
        Status::ALL
            .iter()
            .find(|(_, s)| *s == self)
            .map_or("scheduled", |(n, _)| n)
    }
}

/// How an event repeats: RFC 5545's `FREQ=WEEKLY;BYDAY=...` or `FREQ=MONTHLY;BYDAY=NDD`,
/// ending at a date or after a number of times.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Repeat {
    /// Weekly on some days, or monthly on the Nth weekday.
    pub rule: Rule,
    /// When the repetition stops.
    pub end: RepeatEnd,
}

/// The pattern of a repetition.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Rule {
    /// Every week on these days (Monday first, no repeats).
    Weekly(Vec<Weekday>),
    /// Every month on the Nth (1 to 4, or -1 for the last) of a weekday.
    Monthly(i8, Weekday),
}

/// When a repetition stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RepeatEnd {
    /// The last day an occurrence may start on (the event's own time zone).
    Until(NaiveDate),
    /// How many times it happens, the first included.
    Count(u32),
}

/// The most occurrences one event may have: a weekly class for ten years.
const MAX_OCCURRENCES: usize = 520;

/// An event with its front matter checked, its body still Markdown.
#[derive(Debug, Clone, Hash)]
pub struct EventSource {
    /// The source file, relative to the site folder.
    pub source: PathBuf,
    /// The URL name: the file name (`saturday-workshop`).
    pub slug: String,
    /// What it is called.
    pub title: String,
    /// The meta description and the list's summary.
    pub description: Option<String>,
    /// When the (first) occurrence starts, local time.
    pub start: NaiveDateTime,
    /// How long each occurrence lasts.
    pub duration: Duration,
    /// The event's time zone.
    pub timezone: Tz,
    /// Where.
    pub venue: Venue,
    /// What it costs.
    pub admission: Admission,
    /// How many people may come.
    pub capacity: Option<u32>,
    /// Where to book, `https://`.
    pub booking_url: Option<String>,
    /// Whether it happens as announced.
    pub status: Status,
    /// Where a rescheduled event was first announced to start, local time.
    pub previous_start: Option<NaiveDateTime>,
    /// How it repeats.
    pub repeat: Option<Repeat>,
    /// The Markdown body.
    pub body: String,
    /// The line the body starts on.
    pub body_line: u32,
}

/// An event with its body rendered, as its page, the list, the JSON-LD and the calendar
/// files show it.
#[derive(Debug, Clone, Hash)]
pub struct Event {
    /// Front matter and body.
    pub src: EventSource,
    /// The page's route without a language prefix (`events/NAME/`).
    pub route: String,
    /// The body, as HTML.
    pub html: String,
    /// Every occurrence's start, local time, in order (one for an event that does not
    /// repeat).
    pub starts: Vec<NaiveDateTime>,
}

impl Event {
    /// An occurrence's start and end as instants (`local` a start of [`Event::starts`]).
    pub fn instant(&self, local: NaiveDateTime) -> (DateTime<Tz>, DateTime<Tz>) {
        let start = resolve(self.src.timezone, local);
        (start, start + self.src.duration)
    }

    /// When the last occurrence ends.
    pub fn ends(&self) -> DateTime<Utc> {
        let last = *self.starts.last().expect("an event has an occurrence");
        self.instant(last).1.with_timezone(&Utc)
    }

    /// Its calendar file's route: `events/NAME.ics`.
    pub fn ics_route(&self) -> String {
        format!("{}.ics", self.route.trim_end_matches('/'))
    }

    /// The starts of the occurrences that have not ended at `now`.
    pub fn upcoming(&self, now: DateTime<Utc>) -> impl Iterator<Item = NaiveDateTime> + '_ {
        (self.starts.iter().copied()).filter(move |s| self.instant(*s).1.with_timezone(&Utc) > now)
    }
}

/// `local` in `tz`; a time skipped by a change of clocks was refused when parsed, a time
/// that happens twice is the first.
pub fn resolve(tz: Tz, local: NaiveDateTime) -> DateTime<Tz> {
    tz.from_local_datetime(&local)
        .earliest()
        .unwrap_or_else(|| tz.from_utc_datetime(&local))
}

/// The route of the event page of `slug`: `events/NAME/`.
pub fn route(slug: &str) -> String {
    format!("{}/{slug}/", crate::layout::EVENTS)
}

/// What a site already says that an event file may leave out.
#[derive(Debug, Clone, Copy, Default)]
pub struct Defaults {
    /// The time zone of `contact.yaml`'s opening hours.
    pub timezone: Option<Tz>,
    /// The currency of `services.yaml`.
    pub currency: Option<Currency>,
}

/// Parses and checks `events/NAME.md`.
pub fn parse(rel: &Path, text: &str, defaults: Defaults) -> Result<EventSource, Diagnostics> {
    let split = frontmatter::split(text).map_err(|m| Diagnostic::at(rel, 1, 1, m))?;
    let fm: FrontMatter = crate::yaml::parse(split.yaml, rel, 1)?;
    let mut errors = Vec::new();
    let at = |l: &Location, msg: String| {
        let (line, col) = super::post::place(l);
        Diagnostic::at(rel, line, col, msg)
    };
    let slug = crate::slug::slugify(&rel.file_stem().unwrap_or_default().to_string_lossy());
    if slug.is_empty() {
        errors.push(Diagnostic::file(
            rel,
            "cannot make a URL from this file name",
        ));
    }
    if fm.title.value.trim().is_empty() {
        errors.push(at(
            &fm.title.referenced,
            "`title` is empty: name the event as you would on a poster".into(),
        ));
    }
    let timezone = match (&fm.timezone, defaults.timezone) {
        (Some(tz), _) => match tz.value.trim().parse::<Tz>() {
            Ok(tz) => Some(tz),
            Err(_) => {
                errors.push(at(
                    &tz.referenced,
                    format!(
                        "`timezone` {:?} is not a time zone name; write the place's zone as in America/New_York, Europe/Berlin or Australia/Sydney",
                        tz.value
                    ),
                ));
                None
            }
        },
        (None, Some(tz)) => Some(tz),
        (None, None) => {
            errors.push(at(
                &fm.start.referenced,
                "an event needs its time zone: add `timezone:` (e.g. `timezone: Europe/Berlin`), or give contact.yaml opening hours with a `timezone`".into(),
            ));
            None
        }
    };
    let mut when = |s: &Spanned<String>, key: &str| match parse_local(&s.value) {
        Ok(t) => {
            if let Some(tz) = timezone
                && tz.from_local_datetime(&t).earliest().is_none()
            {
                errors.push(at(
                    &s.referenced,
                    format!(
                        "`{key}` {:?} does not exist in {}: the clocks skip that hour; write a time an hour later or earlier",
                        s.value,
                        tz.name()
                    ),
                ));
            }
            Some(t)
        }
        Err(m) => {
            errors.push(at(&s.referenced, format!("`{key}`: {m}")));
            None
        }
    };
    let start = when(&fm.start, "start");
    let previous_start = fm
        .previous_start
        .as_ref()
        .and_then(|p| when(p, "previous_start"));
    let end = match (start, parse_time(&fm.end.value)) {
        (Some(s), Some(t)) => Some(s.date().and_time(t)),
        _ => when(&fm.end, "end"),
    };
    let duration = match (start, end) {
        (Some(s), Some(e)) if e > s => Some(e - s),
        (Some(_), Some(_)) => {
            errors.push(at(
                &fm.end.referenced,
                "`end` is not after `start`: write when the event ends (a time alone, `end: \"12:00\"`, is on the day it starts)".into(),
            ));
            None
        }
        _ => None,
    };
    let venue = Venue {
        place: fm.place.as_ref().map(|p| p.value.trim().to_string()),
        address: fm.address.as_ref().map(|a| a.value.trim().to_string()),
        online: fm.online.as_ref().map(|o| o.value.trim().to_string()),
    };
    if let Some(o) = &fm.online
        && let Err(m) = crate::url_policy::check_https(&o.value)
    {
        errors.push(at(&o.referenced, format!("`online`: {m}")));
    }
    if venue.place.is_none() && venue.online.is_none() {
        match &fm.address {
            Some(a) => errors.push(at(
                &a.referenced,
                "an address needs the place's name: add `place:` (e.g. `place: The workshop`)".into(),
            )),
            None => errors.push(at(
                &fm.title.referenced,
                "say where the event is: add `place:` (and `address:`), or `online:` with the https:// address people join at".into(),
            )),
        }
    }
    let admission = match (&fm.price, &fm.free) {
        (Some(_), Some(f)) if f.value => {
            errors.push(at(
                &f.referenced,
                "the event has a `price` and `free: true`: keep one of them".into(),
            ));
            Admission::Unsaid
        }
        (Some(p), _) => match fm.currency.as_ref().map(|c| c.value).or(defaults.currency) {
            Some(c) => match c.check(p.value) {
                Ok(()) => Admission::Price(p.value, c),
                Err(m) => {
                    errors.push(at(&p.referenced, m));
                    Admission::Unsaid
                }
            },
            None => {
                errors.push(at(
                    &p.referenced,
                    "a price needs its currency: add `currency:` (an ISO 4217 code: USD, EUR, GBP...), or give services.yaml one".into(),
                ));
                Admission::Unsaid
            }
        },
        (None, Some(f)) if f.value => Admission::Free,
        _ => Admission::Unsaid,
    };
    if let Some(b) = &fm.booking_url
        && let Err(m) = crate::url_policy::check_https(&b.value)
    {
        errors.push(at(&b.referenced, format!("`booking_url`: {m}")));
    }
    if let Some(c) = &fm.capacity
        && c.value == 0
    {
        errors.push(at(
            &c.referenced,
            "`capacity` is how many people may come: 1 or more".into(),
        ));
    }
    let status = match &fm.status {
        None => Status::Scheduled,
        Some(s) => match Status::ALL.iter().find(|(n, _)| *n == s.value.trim()) {
            Some((_, st)) => *st,
            None => {
                let names: Vec<&str> = Status::ALL.iter().map(|(n, _)| *n).collect();
                let hint = crate::text::closest(s.value.trim(), names.iter().copied())
                    .map(|n| format!(": did you mean `{n}`?"))
                    .unwrap_or_default();
                errors.push(at(
                    &s.referenced,
                    format!(
                        "unknown `status` {:?}{hint} (write scheduled, cancelled, postponed or rescheduled)",
                        s.value
                    ),
                ));
                Status::Scheduled
            }
        },
    };
    match (&fm.previous_start, status) {
        (Some(_), Status::Rescheduled) | (None, Status::Scheduled | Status::Cancelled | Status::Postponed) => {}
        (None, Status::Rescheduled) => errors.push(at(
            &fm.status.as_ref().expect("a status").referenced,
            "a rescheduled event says when it was to start: add `previous_start:` (and `start:` is the new time)".into(),
        )),
        (Some(p), _) => errors.push(at(
            &p.referenced,
            "`previous_start` is for a moved event: add `status: rescheduled`, or remove it".into(),
        )),
    }
    let repeat = match (&fm.repeat, start, timezone) {
        (Some(r), Some(start), Some(_)) => match repeat(&r.value, start) {
            Ok(rep) => Some(rep),
            Err((l, m)) => {
                errors.push(at(l.unwrap_or(&r.referenced), m));
                None
            }
        },
        _ => None,
    };
    match (start, duration, timezone, errors.is_empty()) {
        (Some(start), Some(duration), Some(timezone), true) => Ok(EventSource {
            source: rel.to_path_buf(),
            slug,
            title: fm.title.value.trim().to_string(),
            description: fm.description,
            start,
            duration,
            timezone,
            venue,
            admission,
            capacity: fm.capacity.map(|c| c.value),
            booking_url: fm.booking_url.map(|b| b.value),
            status,
            previous_start,
            repeat,
            body: split.body.to_string(),
            body_line: split.body_line,
        }),
        _ => Err(errors.into()),
    }
}

const WHEN: &str = "write a local date and time as YYYY-MM-DD HH:MM, e.g. 2026-12-12 10:00 (the zone is `timezone:`)";

/// `2026-12-12 10:00`, `2026-12-12T10:00`, with or without seconds.
fn parse_local(s: &str) -> Result<NaiveDateTime, String> {
    let s = s.trim();
    for f in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Ok(t);
        }
    }
    if DateTime::parse_from_rfc3339(s).is_ok() {
        return Err(format!(
            "{s:?} has a UTC offset: {WHEN}, and the offset follows from the zone"
        ));
    }
    if NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() {
        return Err(format!("{s:?} has no time of day: {WHEN}"));
    }
    Err(format!("{s:?} is not a date and time: {WHEN}"))
}

/// `12:00` or `9:30`: a time alone.
fn parse_time(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M").ok()
}

const DAYS: [(&str, Weekday); 7] = [
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

/// `sat`, `saturday`, `Sat`.
fn weekday(s: &str) -> Option<Weekday> {
    let s = s.trim().to_ascii_lowercase();
    DAYS.iter()
        .find(|(short, d)| {
            s == *short || s == format!("{d:?}").to_ascii_lowercase() || s == long_name(*d)
        })
        .map(|(_, d)| *d)
}

fn long_name(d: Weekday) -> &'static str {
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ][d.num_days_from_monday() as usize]
}

/// `first sat`, `2nd saturday`, `last fri`.
fn nth_weekday(s: &str) -> Option<(i8, Weekday)> {
    let lower = s.trim().to_ascii_lowercase();
    let (n, day) = lower.split_once(char::is_whitespace)?;
    let n = match n {
        "1st" | "first" => 1,
        "2nd" | "second" => 2,
        "3rd" | "third" => 3,
        "4th" | "fourth" => 4,
        "last" => -1,
        _ => return None,
    };
    Some((n, weekday(day)?))
}

/// Which of the month's weekdays `d` is: 1 to 5 from the start.
fn nth_of_month(d: NaiveDate) -> i8 {
    ((d.day() - 1) / 7 + 1) as i8
}

/// Whether `d` is the last of its weekday in its month.
fn is_last_of_month(d: NaiveDate) -> bool {
    (d + Duration::days(7)).month() != d.month()
}

type RepeatError<'a> = (Option<&'a Location>, String);

fn repeat(r: &RawRepeat, start: NaiveDateTime) -> Result<Repeat, RepeatError<'_>> {
    let date = start.date();
    let on: Vec<&str> = match r.on.as_ref().map(|o| &o.value) {
        None => Vec::new(),
        Some(OneOrMany::One(s)) => s.split(',').map(str::trim).collect(),
        Some(OneOrMany::Many(v)) => v.iter().map(String::as_str).collect(),
    };
    let on_at = r.on.as_ref().map(|o| &o.referenced);
    let rule = match r.every.value.trim() {
        "week" => {
            let mut days = Vec::new();
            for s in &on {
                match weekday(s) {
                    Some(d) if !days.contains(&d) => days.push(d),
                    Some(_) => {}
                    None => {
                        return Err((
                            on_at,
                            format!(
                                "{s:?} is not a day of the week: write mon, tue, wed, thu, fri, sat or sun"
                            ),
                        ));
                    }
                }
            }
            if days.is_empty() {
                days.push(date.weekday());
            }
            if !days.contains(&date.weekday()) {
                return Err((
                    on_at,
                    format!(
                        "the event starts on a {}, which is not one of its days: start it on one of them, or add {} to `on`",
                        long_name(date.weekday()),
                        DAYS[date.weekday().num_days_from_monday() as usize].0
                    ),
                ));
            }
            days.sort_by_key(Weekday::num_days_from_monday);
            Rule::Weekly(days)
        }
        "month" => {
            let (n, day) = match on.as_slice() {
                [] if is_last_of_month(date) && nth_of_month(date) == 5 => (-1, date.weekday()),
                [] => (nth_of_month(date), date.weekday()),
                [one] => nth_weekday(one).ok_or_else(|| {
                    (
                        on_at,
                        format!("{one:?} is not a day of the month: write e.g. `first sat`, `2nd tue`, `last fri`"),
                    )
                })?,
                _ => {
                    return Err((
                        on_at,
                        "a monthly event is on one day of the month: e.g. `on: first sat`".into(),
                    ));
                }
            };
            let fits = date.weekday() == day
                && if n == -1 {
                    is_last_of_month(date)
                } else {
                    nth_of_month(date) == n
                };
            if !fits {
                return Err((
                    on_at.or(Some(&r.every.referenced)),
                    format!(
                        "the event's `start` ({date}) is not on that day of the month: start it on the first day it happens"
                    ),
                ));
            }
            Rule::Monthly(n, day)
        }
        other => {
            return Err((
                Some(&r.every.referenced),
                format!("`every` is `week` or `month`, not {other:?}"),
            ));
        }
    };
    let end = match (&r.until, &r.count) {
        (Some(u), None) => {
            let until = NaiveDate::parse_from_str(u.value.trim(), "%Y-%m-%d").map_err(|_| {
                (
                    Some(&u.referenced),
                    format!("`until` is the last day, as YYYY-MM-DD, not {:?}", u.value),
                )
            })?;
            if until < date {
                return Err((
                    Some(&u.referenced),
                    "`until` is before the event's `start`".into(),
                ));
            }
            RepeatEnd::Until(until)
        }
        (None, Some(c)) if c.value >= 1 && c.value as usize <= MAX_OCCURRENCES => {
            RepeatEnd::Count(c.value)
        }
        (None, Some(c)) => {
            return Err((
                Some(&c.referenced),
                format!("`count` is how many times it happens: from 1 to {MAX_OCCURRENCES}"),
            ));
        }
        (Some(u), Some(_)) => {
            return Err((
                Some(&u.referenced),
                "a repetition ends with `until` or after `count` times, not both: keep one".into(),
            ));
        }
        (None, None) => {
            return Err((
                None,
                "say when the repetition ends: add `until: YYYY-MM-DD` (the last day) or `count:` (how many times)".into(),
            ));
        }
    };
    let rep = Repeat { rule, end };
    if occurrences(start, Some(&rep)).len() > MAX_OCCURRENCES {
        let l = r.until.as_ref().map(|u| &u.referenced);
        return Err((
            l,
            format!("this repeats more than {MAX_OCCURRENCES} times: end it sooner"),
        ));
    }
    Ok(rep)
}

/// Every occurrence's start (local time): `start`, then the days of `repeat` in order,
/// as RFC 5545 expands the same rule (`start` is always the first; the count includes it).
pub fn occurrences(start: NaiveDateTime, repeat: Option<&Repeat>) -> Vec<NaiveDateTime> {
    let Some(rep) = repeat else {
        return vec![start];
    };
    let time = start.time();
    let fits = |d: NaiveDate| match &rep.rule {
        Rule::Weekly(days) => days.contains(&d.weekday()),
        Rule::Monthly(n, day) => {
            d.weekday() == *day
                && if *n == -1 {
                    is_last_of_month(d)
                } else {
                    nth_of_month(d) == *n
                }
        }
    };
    let mut out = Vec::new();
    let mut d = start.date();
    // The limit of the loop: past the longest repetition allowed, in days.
    let last_day = start.date() + Duration::days(31 * (MAX_OCCURRENCES as i64 + 1));
    while d <= last_day {
        match rep.end {
            RepeatEnd::Until(u) if d > u => break,
            RepeatEnd::Count(c) if out.len() >= c as usize => break,
            _ => {}
        }
        if out.len() > MAX_OCCURRENCES {
            break;
        }
        if d == start.date() || fits(d) {
            out.push(d.and_time(time));
        }
        d += Duration::days(1);
    }
    out
}

/// Renders an event's body (its links resolved as from its page) and lists its
/// occurrences.
pub fn render(src: &EventSource, links: &super::links::SiteLinks) -> Event {
    let route = route(&src.slug);
    let url = links.url_of(&src.source, &route);
    let doc = links.for_doc(&src.source, &url, false);
    let html = crate::markdown::render(&src.body, &doc).html;
    Event {
        starts: occurrences(src.start, src.repeat.as_ref()),
        route,
        html,
        src: src.clone(),
    }
}

/// Sorts events by their first start, then by file, and reports two files that make the
/// same page.
pub fn sort_and_check(events: &mut [EventSource], errors: &mut Vec<Diagnostic>) {
    events.sort_by(|a, b| (a.start, &a.source).cmp(&(b.start, &b.source)));
    let mut seen: std::collections::HashMap<(String, &str), &Path> = Default::default();
    for e in events.iter() {
        let key = (crate::layout::language_prefix(&e.source), e.slug.as_str());
        if let Some(first) = seen.insert(key, &e.source) {
            errors.push(Diagnostic::file(
                &e.source,
                format!("makes the same page as {}: rename one", first.display()),
            ));
        }
    }
}

/// The events that have an occurrence not over at `now` (soonest first), and the others
/// (latest first).
pub fn split(events: &[Event], now: DateTime<Utc>) -> (Vec<&Event>, Vec<&Event>) {
    let (mut upcoming, mut past): (Vec<&Event>, Vec<&Event>) =
        events.iter().partition(|e| e.ends() > now);
    upcoming.sort_by_key(|e| {
        (
            e.upcoming(now)
                .next()
                .map(|s| e.instant(s).0.with_timezone(&Utc)),
            e.route.clone(),
        )
    });
    past.sort_by_key(|e| std::cmp::Reverse((e.ends(), e.route.clone())));
    (upcoming, past)
}

/// The UTC moment `local` in `tz` is (for calendar files' `UNTIL`).
pub fn utc(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    resolve(tz, local).with_timezone(&Utc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        parse_local(s).unwrap()
    }

    #[test]
    fn weekly_and_monthly_occurrences() {
        let weekly = Repeat {
            rule: Rule::Weekly(vec![Weekday::Tue, Weekday::Sat]),
            end: RepeatEnd::Until(NaiveDate::from_ymd_opt(2026, 12, 19).unwrap()),
        };
        let got = occurrences(t("2026-12-05 10:00"), Some(&weekly));
        let want: Vec<NaiveDateTime> = [
            "2026-12-05 10:00",
            "2026-12-08 10:00",
            "2026-12-12 10:00",
            "2026-12-15 10:00",
            "2026-12-19 10:00",
        ]
        .iter()
        .map(|s| t(s))
        .collect();
        assert_eq!(got, want);
        let monthly = Repeat {
            rule: Rule::Monthly(-1, Weekday::Fri),
            end: RepeatEnd::Count(3),
        };
        let got = occurrences(t("2026-10-30 18:30"), Some(&monthly));
        assert_eq!(
            got,
            [
                t("2026-10-30 18:30"),
                t("2026-11-27 18:30"),
                t("2026-12-25 18:30")
            ]
        );
        let second = Repeat {
            rule: Rule::Monthly(2, Weekday::Sat),
            end: RepeatEnd::Count(2),
        };
        assert_eq!(
            occurrences(t("2027-01-09 09:00"), Some(&second)),
            [t("2027-01-09 09:00"), t("2027-02-13 09:00")]
        );
    }

    #[test]
    fn local_times_as_people_write_them() {
        assert_eq!(t("2026-12-12T10:00"), t("2026-12-12 10:00"));
        assert!(
            parse_local("2026-12-12")
                .unwrap_err()
                .contains("no time of day")
        );
        assert!(
            parse_local("2026-12-12T10:00:00+01:00")
                .unwrap_err()
                .contains("offset")
        );
        assert_eq!(nth_weekday("2nd Saturday"), Some((2, Weekday::Sat)));
        assert_eq!(nth_weekday("last fri"), Some((-1, Weekday::Fri)));
    }
}
