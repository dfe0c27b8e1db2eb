//! Events (`events/NAME.md`, issue 26): built from a copy of `tests/fixtures/basic` by the
//! real binary with its clock set (`FRONTDESK_NOW`): errors at their positions, the pages,
//! the upcoming and past lists, `Event` JSON-LD, and the calendar files read back by a real
//! iCalendar parser (Debian's python3-icalendar, with dateutil expanding the `RRULE`).

mod common;

use std::process::Command;

use common::*;
use serde_json::Value;

/// `frontdesk build SITE` with the build's clock at `now`.
fn build_at(site: &Site, now: &str) -> Run {
    let out = Command::new(BIN)
        .args(["build", site.dir.to_str().unwrap()])
        .current_dir(site.root())
        .env_remove("RUST_LOG")
        .env("FRONTDESK_NOW", now)
        .output()
        .expect("run frontdesk");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

#[track_caller]
fn build_ok_at(site: &Site, now: &str) -> Out {
    build_at(site, now).assert_success();
    site.out()
}

/// A weekly workshop in Berlin across the end of summer time (25 October 2026).
const WORKSHOP: &str = "\
---
title: Saturday repair workshop
description: Bring your bike, we fix it together.
start: 2026-10-10 10:00
end: \"12:30\"
timezone: Europe/Berlin
place: The workshop
address: Hauptstraße 5, 10827 Berlin
price: 15.50
currency: EUR
capacity: 8
booking_url: https://book.example/repair
repeat:
  every: week
  on: [sat]
  until: 2026-11-07
---
Tools and tea provided. Read [about us](../pages/about.md).
";

/// An online talk on the first Wednesday of three months, in New York.
const TALK: &str = "\
---
title: Bread talk
start: 2027-01-06 19:00
end: \"20:00\"
online: https://meet.example/bread
free: true
repeat: {every: month, on: first wed, count: 3}
---
Questions welcome.
";

const CANCELLED: &str = "\
---
title: Open day
start: 2026-12-19 09:00
end: \"13:00\"
place: The bakery
free: true
status: cancelled
---
The oven is being repaired.
";

const MOVED: &str = "\
---
title: Harvest tasting
start: 2026-10-17 15:00
end: \"17:00\"
timezone: Europe/Berlin
place: The bakery
status: rescheduled
previous_start: 2026-10-10 15:00
---
Moved by a week.
";

fn with_events() -> Site {
    let site = Site::basic();
    site.write("events/repair.md", WORKSHOP);
    site.write("events/talk.md", TALK);
    site.write("events/open-day.md", CANCELLED);
    site.write("events/tasting.md", MOVED);
    site
}

/// The calendar at `path` as python3-icalendar reads it: each event's UID, STATUS,
/// SUMMARY, its TZID and start in UTC, its occurrences in UTC (the RRULE expanded by
/// dateutil from the zoned DTSTART), and each occurrence's UTC offset.
fn read_calendar(path: &std::path::Path) -> Vec<Value> {
    const SCRIPT: &str = r#"
import json, sys
from icalendar import Calendar
from dateutil.rrule import rrulestr
from datetime import timezone
cal = Calendar.from_ical(open(sys.argv[1], 'rb').read())
# The file's own VTIMEZONEs, as time zones (not the system's zone data).
zones = {str(z['TZID']): z.to_tz() for z in cal.walk('VTIMEZONE')}
out = []
for ev in cal.walk('VEVENT'):
    start = ev.decoded('DTSTART')
    end = ev.decoded('DTEND')
    rule = ev.get('RRULE')
    if rule:
        starts = list(rrulestr(rule.to_ical().decode(), dtstart=start))
    else:
        starts = [start]
    def local(t):
        # An RRULE repeats the local wall time: with a pytz zone (whose offset dateutil
        # carries over unchanged) the wall time is placed in the zone again.
        tz = start.tzinfo
        return tz.localize(t.replace(tzinfo=None)) if hasattr(tz, 'localize') else t
    out.append({
        'uid': str(ev['UID']),
        'status': str(ev.get('STATUS')),
        'summary': str(ev['SUMMARY']),
        'tzid': ev['DTSTART'].params.get('TZID'),
        'duration_minutes': (end - start).total_seconds() / 60,
        'starts_utc': [local(s).astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M') for s in starts],
        'offsets': [local(s).utcoffset().total_seconds() / 3600 for s in starts],
        'vtimezone_offsets': [zones[ev['DTSTART'].params['TZID']].localize(s.replace(tzinfo=None)).utcoffset().total_seconds() / 3600 for s in starts],
        'location': str(ev.get('LOCATION', '')),
        'url': str(ev.get('URL', '')),
    })
print(json.dumps(out))
"#;
    let run = Command::new(python())
        .args(["-c", SCRIPT, path.to_str().unwrap()])
        .output()
        .expect("run python3");
    assert!(
        run.status.success(),
        "python3-icalendar could not read {}: {}",
        path.display(),
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_slice(&run.stdout).unwrap()
}

#[track_caller]
fn by_summary<'a>(events: &'a [Value], summary: &str) -> &'a Value {
    events
        .iter()
        .find(|e| e["summary"] == summary)
        .unwrap_or_else(|| panic!("no {summary:?} in {events:#?}"))
}

#[test]
fn calendar_files_read_by_icalendar_keep_local_times_across_a_change_of_clocks() {
    let site = with_events();
    let out = build_ok_at(&site, "2026-10-01T00:00:00Z");
    // Every line of the feed ends in CRLF and is 75 octets at most.
    let bytes = out.bytes("events.ics");
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.ends_with("\r\n"));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(!line.contains('\n'), "a bare LF in {line:?}");
    }
    let feed = read_calendar(&out.path("events.ics"));
    assert_eq!(feed.len(), 4, "{feed:#?}");
    let repair = by_summary(&feed, "Saturday repair workshop");
    assert_eq!(repair["tzid"], "Europe/Berlin");
    assert_eq!(repair["duration_minutes"], 150.0);
    // 10:00 in Berlin is 08:00 UTC in summer time and 09:00 UTC after 25 October.
    assert_eq!(
        repair["starts_utc"],
        serde_json::json!([
            "2026-10-10T08:00",
            "2026-10-17T08:00",
            "2026-10-24T08:00",
            "2026-10-31T09:00",
            "2026-11-07T09:00"
        ])
    );
    assert_eq!(
        repair["offsets"],
        serde_json::json!([2.0, 2.0, 2.0, 1.0, 1.0])
    );
    // The file's own VTIMEZONE says the same.
    assert_eq!(repair["vtimezone_offsets"], repair["offsets"]);
    assert_eq!(repair["status"], "CONFIRMED");
    assert_eq!(
        repair["location"],
        "The workshop, Hauptstraße 5, 10827 Berlin"
    );
    assert_eq!(repair["url"], format!("{BASE}events/repair/"));
    // The talk takes the zone of contact.yaml's hours; the first Wednesday of each month.
    let talk = by_summary(&feed, "Bread talk");
    assert_eq!(talk["tzid"], "America/New_York");
    assert_eq!(
        talk["starts_utc"],
        serde_json::json!(["2027-01-07T00:00", "2027-02-04T00:00", "2027-03-04T00:00"])
    );
    assert_eq!(
        talk["vtimezone_offsets"],
        serde_json::json!([-5.0, -5.0, -5.0])
    );
    // A cancelled event stays in the calendar, as cancelled.
    assert_eq!(by_summary(&feed, "Open day")["status"], "CANCELLED");
    // Each event's own file holds it alone, with the same UID as in the feed.
    let own = read_calendar(&out.path("events/repair.ics"));
    assert_eq!(own.len(), 1);
    assert_eq!(own[0]["uid"], repair["uid"]);
    assert_eq!(own[0]["starts_utc"], repair["starts_utc"]);
    let uids: std::collections::BTreeSet<&str> =
        feed.iter().map(|e| e["uid"].as_str().unwrap()).collect();
    assert_eq!(uids.len(), 4, "UIDs are unique: {uids:?}");
    // The page lists the same dates as the calendar (the first as "when", the rest after).
    let doc = out.html("events/repair/index.html");
    let shown: Vec<String> = select(&doc, ".event-facts time")
        .into_iter()
        .map(|t| t.value().attr("datetime").unwrap().to_string())
        .collect();
    let as_utc: Vec<String> = shown
        .iter()
        .map(|s| {
            chrono::DateTime::parse_from_rfc3339(s)
                .unwrap()
                .with_timezone(&chrono::Utc)
                .format("%Y-%m-%dT%H:%M")
                .to_string()
        })
        .collect();
    assert_eq!(serde_json::json!(as_utc), repair["starts_utc"]);
}

#[test]
fn the_uid_of_an_event_stays_when_its_text_changes() {
    let site = with_events();
    let out = build_ok_at(&site, "2026-10-01T00:00:00Z");
    let before = read_calendar(&out.path("events/repair.ics"));
    site.write(
        "events/repair.md",
        WORKSHOP.replace("Tools and tea", "Tools, cake and tea"),
    );
    let out = build_ok_at(&site, "2026-10-02T00:00:00Z");
    let after = read_calendar(&out.path("events/repair.ics"));
    assert_eq!(before[0]["uid"], after[0]["uid"]);
}

#[test]
fn upcoming_and_past_follow_the_build_clock() {
    let site = with_events();
    let list = |out: &Out| -> (Vec<String>, Vec<String>) {
        let doc = out.html("events/index.html");
        let titles =
            |sel: &str| -> Vec<String> { select(&doc, sel).into_iter().map(text).collect() };
        (
            titles("section[aria-labelledby=events-upcoming] .event h3"),
            titles("section[aria-labelledby=events-past] .event h3"),
        )
    };
    let out = build_ok_at(&site, "2026-10-01T00:00:00Z");
    assert_eq!(
        list(&out),
        (
            vec![
                "Saturday repair workshop".to_string(),
                "Harvest tasting".into(),
                "Open day".into(),
                "Bread talk".into()
            ],
            vec![]
        )
    );
    // On 1 November the tasting is over; the workshop has one more Saturday, shown as next.
    let out = build_ok_at(&site, "2026-11-01T00:00:00Z");
    let (upcoming, past) = list(&out);
    assert_eq!(
        upcoming,
        ["Saturday repair workshop", "Open day", "Bread talk"]
    );
    assert_eq!(past, ["Harvest tasting"]);
    let doc = out.html("events/index.html");
    let first = select(&doc, ".event time")[0];
    assert_eq!(
        first.value().attr("datetime"),
        Some("2026-11-07T10:00:00+01:00")
    );
    // The next build after the last Saturday moves the workshop to the past; the cancelled
    // open day stays listed, as cancelled, after its date too.
    let out = build_ok_at(&site, "2026-12-20T00:00:00Z");
    let (upcoming, past) = list(&out);
    assert_eq!(upcoming, ["Bread talk"]);
    assert_eq!(
        past,
        ["Open day", "Saturday repair workshop", "Harvest tasting"]
    );
    let doc = out.html("events/index.html");
    let cancelled = one(&doc, ".event-cancelled");
    assert!(text(cancelled).contains("Cancelled"), "{}", text(cancelled));
    // Every event keeps its page.
    for name in ["repair", "talk", "open-day", "tasting"] {
        assert!(out.has(&format!("events/{name}/index.html")), "{name}");
    }
}

#[test]
fn event_json_ld_has_status_attendance_location_offers_and_organizer() {
    let site = with_events();
    let out = build_ok_at(&site, "2026-10-20T00:00:00Z");
    let doc = out.html("events/repair/index.html");
    let ld = json_ld(&doc);
    let graph = ld[0]["@graph"].as_array().unwrap();
    // The occurrences still to come: 24 and 31 October, 7 November.
    assert_eq!(graph.len(), 3, "{graph:#?}");
    let e = &graph[0];
    assert_eq!(e["@type"], "Event");
    assert_eq!(e["startDate"], "2026-10-24T10:00:00+02:00");
    assert_eq!(e["endDate"], "2026-10-24T12:30:00+02:00");
    assert_eq!(graph[1]["startDate"], "2026-10-31T10:00:00+01:00");
    assert_eq!(e["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(
        e["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );
    assert_eq!(e["location"]["@type"], "Place");
    assert_eq!(e["location"]["name"], "The workshop");
    assert_eq!(e["location"]["address"], "Hauptstraße 5, 10827 Berlin");
    assert_eq!(e["offers"]["@type"], "Offer");
    assert_eq!(e["offers"]["price"], "15.50");
    assert_eq!(e["offers"]["priceCurrency"], "EUR");
    assert_eq!(e["offers"]["url"], "https://book.example/repair");
    assert_eq!(e["maximumAttendeeCapacity"], 8);
    assert_eq!(e["organizer"]["@type"], "LocalBusiness");
    // Online, free.
    let doc = out.html("events/talk/index.html");
    let e = &json_ld(&doc)[0]["@graph"][0];
    assert_eq!(
        e["eventAttendanceMode"],
        "https://schema.org/OnlineEventAttendanceMode"
    );
    assert_eq!(e["location"]["@type"], "VirtualLocation");
    assert_eq!(e["location"]["url"], "https://meet.example/bread");
    assert_eq!(e["isAccessibleForFree"], true);
    // Cancelled and moved.
    let doc = out.html("events/open-day/index.html");
    assert_eq!(
        json_ld(&doc)[0]["@graph"][0]["eventStatus"],
        "https://schema.org/EventCancelled"
    );
    assert_eq!(text(one(&doc, ".event-status")), "Cancelled");
    assert!(select(&doc, "a[href^=\"https://calendar.google.com/\"]").is_empty());
    let doc = out.html("events/tasting/index.html");
    let e = &json_ld(&doc)[0]["@graph"][0];
    assert_eq!(e["eventStatus"], "https://schema.org/EventRescheduled");
    assert_eq!(e["previousStartDate"], "2026-10-10");
    assert!(text(one(&doc, ".event-status")).contains("10 October 2026"));
}

#[test]
fn event_page_shows_times_in_the_site_language_and_links_to_calendars() {
    let site = with_events();
    let out = build_ok_at(&site, "2026-10-20T00:00:00Z");
    let doc = out.html("events/repair/index.html");
    // en-GB: ICU's long date and 24-hour times.
    assert_eq!(
        text(select(&doc, ".event-facts dd time")[0]),
        "Saturday 24 October 2026, 10:00–12:30"
    );
    assert_eq!(
        attr_of(&doc, ".event-calendar a[download]", "href"),
        "/events/repair.ics"
    );
    let google = attr_of(&doc, "a[href^=\"https://calendar.google.com/\"]", "href");
    assert!(
        google.contains("dates=20261010T100000/20261010T123000"),
        "{google}"
    );
    assert!(google.contains("ctz=Europe%2FBerlin"), "{google}");
    assert!(
        google.contains("recur=RRULE%3AFREQ%3DWEEKLY%3BBYDAY%3DSA%3BUNTIL%3D20261107T090000Z"),
        "{google}"
    );
    assert_eq!(
        attr_of(&doc, ".event-book a", "href"),
        "https://book.example/repair"
    );
    // The body's Markdown link to a page is resolved.
    assert_eq!(attr_of(&doc, ".prose a", "href"), "/about/");
    // The price as the language writes it.
    assert!(text(one(&doc, ".event-facts")).contains("€15.50"));
    // The zone by its name in the language (CLDR's generic name), not its IANA id.
    assert_eq!(
        text(one(&doc, ".event-zone")),
        "Time zone: Central European Time"
    );
    // The body says what happens: the description is not repeated above it.
    assert!(select(&doc, ".page-head .lead").is_empty());
    // In the navigation by default, and in the sitemap.
    let home = out.html("index.html");
    assert!(
        select(&home, "nav a")
            .into_iter()
            .any(|a| a.value().attr("href") == Some("/events/")),
        "no Events link in the navigation"
    );
    let sitemap = out.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://basic.example/events/</loc>"));
    assert!(sitemap.contains("<loc>https://basic.example/events/repair/</loc>"));
    assert!(!sitemap.contains(".ics"));
}

#[test]
fn event_errors_name_the_line_and_column_with_the_fix() {
    let site = Site::basic();
    let cases: &[(&str, (u32, u32), &str)] = &[
        (
            "---\ntitle: Repair\ntimezon: Europe/Berlin\nstart: 2026-10-10 10:00\nend: \"12:00\"\nplace: Shop\n---\n",
            (3, 1),
            "did you mean `timezone`?",
        ),
        (
            "---\ntitle: Repair\nstart: 2026-10-10 10:00\nend: \"12:00\"\ntimezone: Europe/Berln\nplace: Shop\n---\n",
            (5, 11),
            "not a time zone name",
        ),
        (
            "---\ntitle: Repair\nstart: 2026-10-10\nend: \"12:00\"\nplace: Shop\n---\n",
            (3, 8),
            "no time of day",
        ),
        (
            "---\ntitle: Repair\nstart: 2026-10-10 10:00\nend: \"09:00\"\nplace: Shop\n---\n",
            (4, 6),
            "not after `start`",
        ),
        (
            "---\ntitle: Repair\nstart: 2026-10-10 10:00\nend: \"12:00\"\nplace: Shop\nstatus: canceled\n---\n",
            (6, 9),
            "did you mean `cancelled`?",
        ),
        (
            "---\ntitle: Repair\nstart: 2026-10-10 10:00\nend: \"12:00\"\nplace: Shop\nprice: 12\n---\n",
            (6, 8),
            "add `currency:`",
        ),
        (
            // 2:30 on 14 March 2027 does not exist in New York: the clocks skip it.
            "---\ntitle: Repair\nstart: 2027-03-14 02:30\nend: \"04:00\"\nplace: Shop\n---\n",
            (3, 8),
            "the clocks skip that hour",
        ),
        (
            // 10 October 2026 is a Saturday.
            "---\ntitle: Repair\nstart: 2026-10-10 10:00\nend: \"12:00\"\nplace: Shop\nrepeat:\n  every: week\n  on: [sun]\n  count: 4\n---\n",
            (8, 7),
            "add sat to `on`",
        ),
        (
            "---\ntitle: Repair\nstart: 2026-10-10 10:00\nend: \"12:00\"\nplace: Shop\nrepeat:\n  every: fortnight\n  count: 4\n---\n",
            (7, 10),
            "`every` is `week` or `month`",
        ),
        (
            "---\ntitle: Repair\nstart: 2026-10-10 10:00\nend: \"12:00\"\n---\n",
            (2, 8),
            "add `place:`",
        ),
        (
            "---\ntitle: Repair\nstart: 2026-10-10 10:00\nend: \"12:00\"\nplace: Shop\nbooking_url: http://book.example/\n---\n",
            (6, 14),
            "booking_url",
        ),
    ];
    for (text, at, want) in cases {
        site.write("events/repair.md", text);
        let run = site.build(&[]);
        run.assert_failure();
        let (line, col, msg) = run.located_error("events/repair.md");
        assert_eq!((line, col), *at, "{msg}\nfor:\n{text}");
        assert!(msg.contains(want), "{msg:?} does not say {want:?}");
    }
}

#[test]
fn a_bad_clock_is_an_error() {
    let site = with_events();
    let run = build_at(&site, "next tuesday");
    run.assert_failure();
    assert!(run.stderr.contains("FRONTDESK_NOW"), "{}", run.stderr);
}

#[test]
fn a_bilingual_site_has_each_languages_events_under_its_folder() {
    let site = with_events();
    let yaml = site
        .read("site.yaml")
        .replace("language: en-GB\n", "languages: [en-GB, fr]\n");
    site.write("site.yaml", yaml);
    site.write(
        "fr/events/atelier.md",
        "---\ntitle: Atelier de réparation\nstart: 2026-10-10 10:00\nend: \"12:30\"\ntimezone: Europe/Paris\nplace: L'atelier\nfree: true\n---\nOutils fournis.\n",
    );
    let out = build_ok_at(&site, "2026-10-01T00:00:00Z");
    assert!(out.has("events/repair/index.html"));
    assert!(!out.has("events/atelier/index.html"));
    let doc = out.html("fr/events/atelier/index.html");
    assert_eq!(
        text(one(&doc, ".event-facts dd time")),
        "samedi 10 octobre 2026, 10:00 – 12:30"
    );
    assert_eq!(text(one(&doc, "h1")), "Atelier de réparation");
    let list = out.html("fr/events/index.html");
    let titles: Vec<String> = select(&list, ".event h3").into_iter().map(text).collect();
    assert_eq!(titles, ["Atelier de réparation"]);
    assert_eq!(text(one(&list, "h1")), "Événements");
    let feed = read_calendar(&out.path("fr/events.ics"));
    assert_eq!(feed.len(), 1);
    assert_eq!(feed[0]["tzid"], "Europe/Paris");
    assert_eq!(feed[0]["url"], format!("{BASE}fr/events/atelier/"));
    assert_eq!(read_calendar(&out.path("events.ics")).len(), 4);
    // A language without events of its own shows the first language's, in its words.
    site.remove("fr/events/atelier.md");
    let out = build_ok_at(&site, "2026-10-01T00:00:00Z");
    let list = out.html("fr/events/index.html");
    assert_eq!(select(&list, ".event h3").len(), 4);
    assert_eq!(
        text(select(&list, ".event time")[0]),
        "samedi 10 octobre 2026, 10:00 – 12:30"
    );
    assert!(out.has("fr/events/repair/index.html"));
}

/// An event copied from another site often has a one-line `description` and no body (a
/// real rescue's adoption days): its page shows the description, not an empty page.
#[test]
fn an_event_without_a_body_shows_its_description() {
    let site = Site::basic();
    site.write(
        "events/adoption-day.md",
        "---\ntitle: Adoption day\ndescription: Meet the animals looking for a home.\nstart: 2026-11-07 13:00\nend: \"16:00\"\ntimezone: America/New_York\nplace: Pooch N Paws, Suwanee\nfree: true\n---\n",
    );
    let out = build_ok_at(&site, "2026-10-20T00:00:00Z");
    let doc = out.html("events/adoption-day/index.html");
    assert_eq!(
        text(one(&doc, ".page-head .lead")),
        "Meet the animals looking for a home."
    );
    assert!(text(one(&doc, ".event-zone")).ends_with("Eastern Time"));
}
