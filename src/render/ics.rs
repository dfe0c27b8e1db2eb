//! iCalendar (RFC 5545) for events: one `VEVENT` an event, its times in its IANA zone
//! (`DTSTART;TZID=Europe/Berlin:...`) with a `VTIMEZONE` a zone giving every change of
//! clocks the events span, `RRULE` for a repeating event, lines folded at 75 octets and
//! ended by CRLF.

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, Offset, TimeZone, Utc, Weekday};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use crate::content::events::{Event, RepeatEnd, Rule, Status};

/// What a calendar file says besides its events.
pub struct Calendar<'a> {
    /// The calendar's name (`X-WR-CALNAME`), for a subscribed feed.
    pub name: &'a str,
    /// The site's host, the part of each event's `UID` after `@`.
    pub host: &'a str,
    /// `DTSTAMP`: when the file was made (the build's day).
    pub stamp: DateTime<Utc>,
}

/// One event as the calendar shows it: the event, its page's address and its text.
pub struct Entry<'a> {
    /// The event.
    pub event: &'a Event,
    /// Its page's absolute URL.
    pub url: String,
    /// Its stable id, unique in the site (`events/NAME` with the language's folder).
    pub id: String,
    /// Its description as plain text.
    pub text: String,
}

/// The `VCALENDAR` of `entries`.
pub fn calendar(cal: &Calendar, entries: &[Entry]) -> String {
    let mut out = Lines::default();
    out.line("BEGIN:VCALENDAR");
    out.line("VERSION:2.0");
    out.line("PRODID:-//frontdesk//events//EN");
    out.line("CALSCALE:GREGORIAN");
    out.line("METHOD:PUBLISH");
    out.line(&format!("X-WR-CALNAME:{}", text(cal.name)));
    let mut zones: Vec<(Tz, i32, i32)> = Vec::new();
    for e in entries {
        let ev = e.event;
        let first = ev.src.start.year().min(
            ev.src
                .previous_start
                .map_or(ev.src.start.year(), |p| p.year()),
        );
        let last = ev.starts.last().map_or(first, |s| s.year());
        match zones.iter_mut().find(|(tz, _, _)| *tz == ev.src.timezone) {
            Some(z) => (z.1, z.2) = (z.1.min(first), z.2.max(last)),
            None => zones.push((ev.src.timezone, first, last)),
        }
    }
    zones.sort_by_key(|z| z.0.name());
    for (tz, first, last) in zones {
        vtimezone(&mut out, tz, first, last);
    }
    for e in entries {
        vevent(&mut out, cal, e);
    }
    out.line("END:VCALENDAR");
    out.0
}

fn vevent(out: &mut Lines, cal: &Calendar, e: &Entry) {
    let ev = e.event;
    let src = &ev.src;
    let tz = src.timezone.name();
    out.line("BEGIN:VEVENT");
    out.line(&format!("UID:{}@{}", e.id, cal.host));
    out.line(&format!("DTSTAMP:{}", cal.stamp.format("%Y%m%dT%H%M%SZ")));
    let end = src.start + src.duration;
    out.line(&format!("DTSTART;TZID={tz}:{}", local(src.start)));
    out.line(&format!("DTEND;TZID={tz}:{}", local(end)));
    if let Some(rule) = rrule(src) {
        out.line(&format!("RRULE:{rule}"));
    }
    out.line(&format!("SUMMARY:{}", text(&src.title)));
    if !e.text.is_empty() {
        out.line(&format!("DESCRIPTION:{}", text(&e.text)));
    }
    let location: Vec<&str> = [
        src.venue.place.as_deref(),
        src.venue.address.as_deref(),
        src.venue.online.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !location.is_empty() {
        out.line(&format!("LOCATION:{}", text(&location.join(", "))));
    }
    out.line(&format!("URL:{}", e.url));
    let (status, sequence) = match src.status {
        Status::Scheduled => ("CONFIRMED", 0),
        Status::Rescheduled => ("CONFIRMED", 1),
        Status::Postponed => ("TENTATIVE", 1),
        Status::Cancelled => ("CANCELLED", 1),
    };
    out.line(&format!("STATUS:{status}"));
    out.line(&format!("SEQUENCE:{sequence}"));
    out.line("END:VEVENT");
}

/// `20261212T100000`.
fn local(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

/// The event's repeat rule as RFC 5545 writes it (`FREQ=WEEKLY;BYDAY=SA;COUNT=8`): the
/// calendar files' `RRULE` and the Google Calendar link's `recur`.
pub fn rrule(src: &crate::content::events::EventSource) -> Option<String> {
    let rep = src.repeat.as_ref()?;
    let by_day = match &rep.rule {
        Rule::Weekly(days) => format!(
            "FREQ=WEEKLY;BYDAY={}",
            days.iter().map(|d| day(*d)).collect::<Vec<_>>().join(",")
        ),
        Rule::Monthly(n, d) => format!("FREQ=MONTHLY;BYDAY={n}{}", day(*d)),
    };
    let end = match rep.end {
        // With a DTSTART in a zone, UNTIL is in UTC: the last day's start time.
        RepeatEnd::Until(u) => format!(
            "UNTIL={}",
            crate::content::events::utc(src.timezone, u.and_time(src.start.time()))
                .format("%Y%m%dT%H%M%SZ")
        ),
        RepeatEnd::Count(c) => format!("COUNT={c}"),
    };
    Some(format!("{by_day};{end}"))
}

fn day(d: Weekday) -> &'static str {
    ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][d.num_days_from_monday() as usize]
}

/// A TEXT value: `\`, `;`, `,` and line breaks escaped.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The `VTIMEZONE` of `tz` from the start of year `first - 1` to the end of year `last + 1`:
/// the offset it starts with, then one observance a change of clocks.
fn vtimezone(out: &mut Lines, tz: Tz, first: i32, last: i32) {
    let from = Utc
        .with_ymd_and_hms(first - 1, 1, 1, 0, 0, 0)
        .single()
        .expect("a date");
    let to = Utc
        .with_ymd_and_hms(last + 2, 1, 1, 0, 0, 0)
        .single()
        .expect("a date");
    out.line("BEGIN:VTIMEZONE");
    out.line(&format!("TZID:{}", tz.name()));
    let offset = |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc());
    let seconds = |t: DateTime<Utc>| offset(t).fix().local_minus_utc();
    // The offset before the first change: from the start of time as far as the file goes.
    observance(out, offset(from), None, seconds(from));
    let mut t = from;
    while t < to {
        let next = t + Duration::days(1);
        if seconds(next) != seconds(t) {
            // The change happens in (t, next]: find its second.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if seconds(mid) == seconds(lo) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            observance(out, offset(hi), Some(hi), seconds(lo));
        }
        t = next;
    }
    out.line("END:VTIMEZONE");
}

/// One `STANDARD` or `DAYLIGHT` observance, starting at `at` (None: 1970) having had the
/// offset `before` (seconds east of UTC).
fn observance(
    out: &mut Lines,
    offset: <Tz as TimeZone>::Offset,
    at: Option<DateTime<Utc>>,
    before: i32,
) {
    let kind = if offset.dst_offset().is_zero() {
        "STANDARD"
    } else {
        "DAYLIGHT"
    };
    out.line(&format!("BEGIN:{kind}"));
    // DTSTART is the local time of the change as the clocks showed it before.
    let start = match at {
        Some(at) => local(at.naive_utc() + Duration::seconds(i64::from(before))),
        None => "19700101T000000".into(),
    };
    out.line(&format!("DTSTART:{start}"));
    out.line(&format!("TZOFFSETFROM:{}", utc_offset(before)));
    out.line(&format!(
        "TZOFFSETTO:{}",
        utc_offset(offset.fix().local_minus_utc())
    ));
    if let Some(name) = offset.abbreviation() {
        out.line(&format!("TZNAME:{}", text(name)));
    }
    out.line(&format!("END:{kind}"));
}

/// `+0100`, `-0530` (seconds east of UTC; seconds of an odd old offset are dropped).
fn utc_offset(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let m = secs.abs() / 60;
    format!("{sign}{:02}{:02}", m / 60, m % 60)
}

/// Content lines, each folded to 75 octets (never inside a character) and ended by CRLF.
#[derive(Default)]
struct Lines(String);

impl Lines {
    fn line(&mut self, line: &str) {
        let mut width = 0;
        for c in line.chars() {
            let n = c.len_utf8();
            if width + n > 75 {
                self.0.push_str("\r\n ");
                // The space that starts the continued line counts.
                width = 1;
            }
            self.0.push(c);
            width += n;
        }
        self.0.push_str("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fold_at_75_octets_between_characters() {
        let mut l = Lines::default();
        let long = format!("SUMMARY:{}", "é".repeat(60));
        l.line(&long);
        for line in l.0.split("\r\n").filter(|s| !s.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        }
        let unfolded = l.0.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{long}\r\n"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
        assert_eq!(utc_offset(3600), "+0100");
        assert_eq!(utc_offset(-19800), "-0530");
    }
}
