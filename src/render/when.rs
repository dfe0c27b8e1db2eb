//! How the dates of what a business offers are written in a language: an event's time
//! and a menu item's season. Their pages and the newsletter's issues say them alike.

use chrono::{Datelike, NaiveDateTime, Timelike};

use crate::content::events::Event;
use crate::content::menu::Item;
use crate::i18n::Language;

fn minutes(t: NaiveDateTime) -> u16 {
    (t.hour() * 60 + t.minute()) as u16
}

/// `Saturday, December 12, 2026, 10 AM – 12 PM`, or from a date and time to another: the
/// occurrence of `event` that starts at `start`, in the event's own time zone.
pub fn event(event: &Event, start: NaiveDateTime, lang: &Language) -> String {
    let end = start + event.src.duration;
    let ends_at_midnight = end.time() == chrono::NaiveTime::MIN
        && end.date() == start.date().succ_opt().unwrap_or(end.date());
    if end.date() == start.date() || ends_at_midnight {
        let to = if ends_at_midnight { 1440 } else { minutes(end) };
        lang.t(
            "events_when",
            &[
                (
                    "weekday",
                    &lang.weekday(start.weekday().num_days_from_monday() as usize),
                ),
                ("date", &lang.date(start.date())),
                ("times", &lang.time_range(minutes(start), to)),
            ],
        )
    } else {
        let at = |t: NaiveDateTime| {
            lang.t(
                "events_date_time",
                &[
                    ("date", &lang.date(t.date())),
                    ("time", &lang.time(minutes(t))),
                ],
            )
        };
        lang.t("events_span", &[("from", &at(start)), ("to", &at(end))])
    }
}

/// `1 March to 31 May`, `from 1 March`, `until 31 May`: when a menu item is served.
pub fn season<D>(item: &Item<D>, lang: &Language) -> Option<String> {
    let (from, until) = item.available?;
    let day = |d| lang.day_month(d);
    Some(match (from, until) {
        (Some(f), Some(u)) => lang.t("menu_season", &[("from", &day(f)), ("until", &day(u))]),
        (Some(f), None) => lang.t("menu_season_from", &[("from", &day(f))]),
        (None, Some(u)) => lang.t("menu_season_until", &[("until", &day(u))]),
        (None, None) => return None,
    })
}
