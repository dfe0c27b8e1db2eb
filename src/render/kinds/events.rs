//! Events: `/events/` (upcoming and past), each event's page `/events/NAME/` with its
//! `Event` JSON-LD and "add to calendar" links, its calendar file `/events/NAME.ics`, and
//! the feed calendar apps subscribe to, `/events.ics`.
//!
//! What is upcoming depends on the build's clock ([`crate::content::LoadOptions::now`]):
//! the jobs hold what they show of it (the upcoming dates, the day of `DTSTAMP`), so a job
//! is rendered again when that changes, and an event that is over leaves the upcoming list
//! on the next build.

use std::borrow::Cow;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};

use super::{Job, Kind};
use crate::content::events::{Admission, Event as EventData, Status};
use crate::error::Diagnostic;
use crate::output::Body;
use crate::render::Renderer;
use crate::render::ics;
use crate::render::site::Site;
use crate::render::when::event as when;
use crate::routes;

/// How many upcoming dates of a repeating event its page and the list show.
const DATES_SHOWN: usize = 8;

/// An event and the starts of its occurrences not over at the build's moment (at most
/// [`DATES_SHOWN`]).
#[derive(Debug, Hash)]
struct Upcoming<'r> {
    event: &'r EventData,
    next: Vec<NaiveDateTime>,
}

impl<'r> Upcoming<'r> {
    fn of(event: &'r EventData, now: DateTime<Utc>) -> Self {
        Upcoming {
            event,
            next: event.upcoming(now).take(DATES_SHOWN).collect(),
        }
    }
}

/// The day of the build, `DTSTAMP` of the calendar files: a file changes once a day at
/// most when its events do not.
fn stamp_day(now: DateTime<Utc>) -> NaiveDate {
    now.date_naive()
}

fn stamp(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0).expect("midnight").and_utc()
}

/// `/events/NAME/`.
#[derive(Debug, Hash)]
pub struct Event<'r>(Upcoming<'r>);

impl<'r> Kind<'r> for Event<'r> {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        (r.content.events.iter())
            .map(|e| Event(Upcoming::of(e, r.content.now)))
            .collect()
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(&self.0.event.route)
    }

    fn source(&self, _: &Site) -> PathBuf {
        self.0.event.src.source.clone()
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let Upcoming { event, next } = &self.0;
        let src = &event.src;
        site.page(&event.route, |cx| {
            let lang = site.lang();
            let summary = src.description.clone().unwrap_or_else(|| {
                let first = next.first().unwrap_or(&src.start);
                format!("{}: {}", src.title, when(event, *first, lang))
            });
            cx.titled(&src.title, Some(&summary));
            cx.meta.jsonld = Some(jsonld(event, next, site, &cx.meta.canonical));
            cx.insert("event", &view(event, next, site));
            cx.insert("content_html", &event.html);
            cx.insert("events_url", &site.config.url(routes::EVENTS));
            "event.html"
        })
    }

    fn listed(&self) -> Option<Option<crate::content::date::Date>> {
        Some(None)
    }
}

/// `/events/NAME.ics`.
#[derive(Debug, Hash)]
pub struct EventIcs<'r> {
    event: &'r EventData,
    day: NaiveDate,
}

impl<'r> Kind<'r> for EventIcs<'r> {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        (r.content.events.iter())
            .map(|event| EventIcs {
                event,
                day: stamp_day(r.content.now),
            })
            .collect()
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Owned(ics_route(self.event))
    }

    fn source(&self, _: &Site) -> PathBuf {
        self.event.src.source.clone()
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let cal = calendar_of(site, self.day, &self.event.src.title);
        let entries = [entry(self.event, site)];
        Ok(Body::Bytes(ics::calendar(&cal, &entries).into_bytes()))
    }
}

/// `/events.ics`: every event, past ones too (a calendar keeps what happened).
#[derive(Debug, Hash)]
pub struct EventsFeed<'r> {
    events: &'r [EventData],
    day: NaiveDate,
}

impl<'r> Kind<'r> for EventsFeed<'r> {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        if r.content.events.is_empty() {
            return Vec::new();
        }
        vec![EventsFeed {
            events: &r.content.events,
            day: stamp_day(r.content.now),
        }]
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(routes::EVENTS_FEED)
    }

    fn source(&self, _: &Site) -> PathBuf {
        PathBuf::from(crate::layout::EVENTS)
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let name = site
            .lang()
            .t("events_calendar_name", &[("site", site.name())]);
        let cal = calendar_of(site, self.day, &name);
        let entries: Vec<ics::Entry> = self.events.iter().map(|e| entry(e, site)).collect();
        Ok(Body::Bytes(ics::calendar(&cal, &entries).into_bytes()))
    }
}

/// `/events/`: the upcoming events, soonest first, then the past ones, latest first.
#[derive(Debug, Hash)]
pub struct Events<'r> {
    upcoming: Vec<Upcoming<'r>>,
    past: Vec<&'r EventData>,
}

impl<'r> Kind<'r> for Events<'r> {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        if r.content.events.is_empty() {
            return Vec::new();
        }
        let now = r.content.now;
        let (upcoming, past) = crate::content::events::split(&r.content.events, now);
        vec![Events {
            upcoming: upcoming.into_iter().map(|e| Upcoming::of(e, now)).collect(),
            past,
        }]
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(routes::EVENTS)
    }

    fn source(&self, _: &Site) -> PathBuf {
        PathBuf::from(crate::layout::EVENTS)
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        site.page(routes::EVENTS, |cx| {
            let lang = site.lang();
            cx.titled(
                &lang.t("events_title", &[]),
                Some(&lang.t("events_description", &[("site", site.name())])),
            );
            let upcoming: Vec<Value> = (self.upcoming.iter())
                .map(|u| view(u.event, &u.next, site))
                .collect();
            let past: Vec<Value> = (self.past.iter()).map(|e| view(e, &[], site)).collect();
            cx.insert("upcoming", &upcoming);
            cx.insert("past", &past);
            cx.insert("feed_url", &site.config.url(routes::EVENTS_FEED));
            "events.html"
        })
    }

    fn listed(&self) -> Option<Option<crate::content::date::Date>> {
        Some(None)
    }
}

/// `events/NAME.ics`.
fn ics_route(event: &EventData) -> String {
    event.ics_route()
}

fn calendar_of<'a>(site: &'a Site, day: NaiveDate, name: &'a str) -> ics::Calendar<'a> {
    ics::Calendar {
        name,
        host: site.config.base_url.host_str().unwrap_or("localhost"),
        stamp: stamp(day),
    }
}

fn entry<'a>(event: &'a EventData, site: &Site) -> ics::Entry<'a> {
    let path = site.config.url(&event.route);
    ics::Entry {
        event,
        url: site.config.absolute(&event.route),
        id: path.trim_matches('/').to_string(),
        text: crate::text::plain_text(&event.html),
    }
}

/// The event as the templates show it.
fn view(event: &EventData, next: &[NaiveDateTime], site: &Site) -> Value {
    let lang = site.lang();
    let src = &event.src;
    let shown = next.first().copied().unwrap_or(src.start);
    let (start, _) = event.instant(shown);
    let dates: Vec<Value> = (next.iter().skip(1))
        .map(|s| json!({ "text": when(event, *s, lang), "iso": event.instant(*s).0.to_rfc3339() }))
        .collect();
    let status = match src.status {
        Status::Scheduled => None,
        Status::Cancelled => Some(lang.t("events_status_cancelled", &[])),
        Status::Postponed => Some(lang.t("events_status_postponed", &[])),
        Status::Rescheduled => src.previous_start.map(|p| {
            lang.t(
                "events_status_rescheduled",
                &[("date", &when(event, p, lang))],
            )
        }),
    };
    let price = match src.admission {
        Admission::Free => Some(lang.t("events_free", &[])),
        Admission::Price(a, c) => Some(lang.money(a, c)),
        Admission::Unsaid => None,
    };
    let bookable = matches!(src.status, Status::Scheduled | Status::Rescheduled);
    json!({
        "title": src.title,
        "url": site.config.url(&event.route),
        "description": src.description,
        "when": when(event, shown, lang),
        "iso": start.to_rfc3339(),
        "more_dates": dates,
        "repeats": src.repeat.is_some(),
        "timezone": lang.zone_name(src.timezone, start.with_timezone(&chrono::Utc)),
        "status": src.status.name(),
        "status_text": status,
        "place": src.venue.place,
        "address": src.venue.address,
        "online": src.venue.online,
        "price": price,
        "capacity": src.capacity.map(|n| lang.t_n("events_capacity", u64::from(n), &[])),
        "booking_url": if bookable { src.booking_url.as_deref() } else { None },
        "ics_url": site.config.url(&ics_route(event)),
        "google_url": (src.status != Status::Cancelled).then(|| google_url(event, site)),
    })
}

/// Google Calendar's "add an event" address, with the event's times in its zone.
fn google_url(event: &EventData, site: &Site) -> String {
    let src = &event.src;
    let enc = |s: &str| utf8_percent_encode(s, NON_ALPHANUMERIC).to_string();
    let t = |t: NaiveDateTime| t.format("%Y%m%dT%H%M%S").to_string();
    let location: Vec<&str> = [
        src.venue.place.as_deref(),
        src.venue.address.as_deref(),
        src.venue.online.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let details = format!(
        "{}\n\n{}",
        src.description.as_deref().unwrap_or(""),
        site.config.absolute(&event.route)
    );
    let mut url = format!(
        "https://calendar.google.com/calendar/render?action=TEMPLATE&text={}&dates={}/{}&ctz={}&details={}&location={}",
        enc(&src.title),
        t(src.start),
        t(src.start + src.duration),
        enc(src.timezone.name()),
        enc(details.trim()),
        enc(&location.join(", ")),
    );
    if let Some(rule) = ics::rrule(&event.src) {
        url.push_str("&recur=");
        url.push_str(&enc(&format!("RRULE:{rule}")));
    }
    url
}

/// `Event` JSON-LD: one a date shown (a repeating event's upcoming ones, else its only or
/// last one), with `eventStatus`, `eventAttendanceMode`, `location`, `offers` and the
/// business as `organizer`.
fn jsonld(event: &EventData, next: &[NaiveDateTime], site: &Site, canonical: &str) -> String {
    let src = &event.src;
    let organizer = match site.contact {
        Some(c) => {
            json!({ "@type": "LocalBusiness", "name": c.business, "url": site.config.base_url.as_str() })
        }
        None => {
            json!({ "@type": "Organization", "name": site.name(), "url": site.config.base_url.as_str() })
        }
    };
    let place = src.venue.place.as_ref().map(|name| {
        let mut p = json!({ "@type": "Place", "name": name });
        p["address"] = json!(src.venue.address.as_deref().unwrap_or(name));
        p
    });
    let virtual_location =
        (src.venue.online.as_ref()).map(|url| json!({ "@type": "VirtualLocation", "url": url }));
    let (mode, location) = match (place, virtual_location) {
        (Some(p), Some(v)) => ("MixedEventAttendanceMode", json!([p, v])),
        (Some(p), None) => ("OfflineEventAttendanceMode", p),
        (None, Some(v)) => ("OnlineEventAttendanceMode", v),
        (None, None) => ("OfflineEventAttendanceMode", Value::Null),
    };
    let status = match src.status {
        Status::Scheduled => "EventScheduled",
        Status::Cancelled => "EventCancelled",
        Status::Postponed => "EventPostponed",
        Status::Rescheduled => "EventRescheduled",
    };
    let dates: Vec<NaiveDateTime> = if next.is_empty() {
        vec![*event.starts.last().expect("an occurrence")]
    } else {
        next.to_vec()
    };
    let graph: Vec<Value> = (dates.iter())
        .map(|s| {
            let (start, end) = event.instant(*s);
            let mut v = json!({
                "@type": "Event",
                "name": src.title,
                "url": canonical,
                "startDate": start.to_rfc3339(),
                "endDate": end.to_rfc3339(),
                "eventStatus": format!("https://schema.org/{status}"),
                "eventAttendanceMode": format!("https://schema.org/{mode}"),
                "organizer": organizer,
            });
            if !location.is_null() {
                v["location"] = location.clone();
            }
            if let Some(d) = &src.description {
                v["description"] = json!(d);
            }
            if let (Status::Rescheduled, Some(p)) = (src.status, src.previous_start) {
                // schema.org's range is a Date: the day it was to take place.
                v["previousStartDate"] = json!(p.date().to_string());
            }
            if let Some(c) = src.capacity {
                v["maximumAttendeeCapacity"] = json!(c);
            }
            match src.admission {
                Admission::Free => v["isAccessibleForFree"] = json!(true),
                Admission::Price(a, c) => {
                    let mut offer = json!({
                        "@type": "Offer",
                        "price": a.decimal(c),
                        "priceCurrency": c.code(),
                        "url": src.booking_url.as_deref().unwrap_or(canonical),
                    });
                    if src.status == Status::Cancelled {
                        offer["availability"] = json!("https://schema.org/Discontinued");
                    }
                    v["offers"] = offer;
                }
                Admission::Unsaid => {}
            }
            v
        })
        .collect();
    let v = json!({ "@context": "https://schema.org", "@graph": graph });
    crate::text::script_safe(&serde_json::to_string(&v).expect("JSON-LD serializes"))
}
