//! Dates in front matter and YAML: `YYYY-MM-DD` or RFC 3339, checked for impossible days.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date written by the author, with or without a time of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub DateTime<FixedOffset>);

impl Date {
    /// Parses `2025-03-02`, `2025-03-02T09:30:00Z`, `2025-03-02T09:30:00+01:00` or `2025-03-02 09:30:00`.
    pub fn parse(s: &str) -> Result<Date, String> {
        let s = s.trim();
        if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
            return Ok(Date(dt));
        }
        let utc = FixedOffset::east_opt(0).expect("zero offset");
        for fmt in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"] {
            if let Ok(naive) = NaiveDateTime::parse_from_str(s, fmt) {
                return Ok(Date(utc.from_utc_datetime(&naive)));
            }
        }
        match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => Ok(Date(
                utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight")),
            )),
            Err(_) if looks_like_date(s) => {
                let month = s.get(5..7).and_then(|m| m.parse::<u32>().ok());
                Err(match month {
                    Some(m) if !(1..=12).contains(&m) => {
                        format!("impossible date {s:?}: no such month (months go from 01 to 12)")
                    }
                    _ => format!("impossible date {s:?}: no such day"),
                })
            }
            Err(_) => Err(match rewrite(s) {
                Some(fix) => format!("invalid date {s:?}: write the date as YYYY-MM-DD: {fix}"),
                None => format!(
                    "invalid date {s:?}: write the date as YYYY-MM-DD, e.g. 2026-03-02 (a time may follow: 2026-03-02 09:30)"
                ),
            }),
        }
    }

    /// `2025-03-02`, for `<time datetime>` and sitemaps.
    pub fn iso_date(&self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }

    /// `2 March 2025` (in English; pages show [`Date::display_in`]), for messages.
    pub fn display(&self) -> String {
        self.0.format("%-d %B %Y").to_string()
    }

    /// The date as `lang` writes it: `March 2, 2025`, `2 mars 2025`.
    pub fn display_in(&self, lang: &crate::i18n::Language) -> String {
        lang.date(self.0.date_naive())
    }

    /// RFC 3339, for Atom and JSON Feed.
    pub fn rfc3339(&self) -> String {
        self.0.to_rfc3339()
    }

    /// RFC 822 as RSS 2.0 requires (`Sun, 02 Mar 2025 00:00:00 +0000`).
    pub fn rfc822(&self) -> String {
        self.0.format("%a, %d %b %Y %H:%M:%S %z").to_string()
    }

    /// True when the date lies after `now`.
    pub fn is_future(&self, now: DateTime<Utc>) -> bool {
        self.0 > now
    }
}

/// A date written day and month first (`25/12/2026`, `12.25.2026`, `2-5-2026`) as
/// YYYY-MM-DD: the one reading that exists, or both readings, named, when either could be
/// meant (`2026-05-02 (2 May) or 2026-02-05 (5 February)`).
fn rewrite(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.split(['/', '.', '-']).collect();
    let [a, b, year] = parts.as_slice() else {
        return None;
    };
    let number = |p: &str| {
        (!p.is_empty() && p.len() <= 2 && p.bytes().all(|c| c.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let (a, b) = (number(a)?, number(b)?);
    if year.len() != 4 || !year.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    let day_first = NaiveDate::from_ymd_opt(year, b, a);
    let month_first = NaiveDate::from_ymd_opt(year, a, b);
    let iso = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let named = |d: NaiveDate| format!("{} ({})", iso(d), d.format("%-d %B"));
    match (day_first, month_first) {
        (Some(d), Some(m)) if d != m => Some(format!("{} or {}", named(d), named(m))),
        (Some(d), _) | (None, Some(d)) => Some(iso(d)),
        (None, None) => None,
    }
}

fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10 && b[4] == b'-' && b[7] == b'-' && b[..4].iter().all(u8::is_ascii_digit)
}

/// Written as RFC 3339 (the build cache keeps parsed front matter), which reads back the same.
impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.rfc3339())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_rfc3339() {
        let d = Date::parse("2025-03-02").unwrap();
        assert_eq!(d.iso_date(), "2025-03-02");
        assert_eq!(d.display(), "2 March 2025");
        assert_eq!(d.rfc822(), "Sun, 02 Mar 2025 00:00:00 +0000");
        let t = Date::parse("2025-03-02T09:30:00+01:00").unwrap();
        assert_eq!(t.rfc822(), "Sun, 02 Mar 2025 09:30:00 +0100");
        assert!(t > d);
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(serde_json::from_str::<Date>(&json).unwrap(), t);
    }

    #[test]
    fn day_and_month_first_dates_get_their_rewrite() {
        let fix = |s: &str| Date::parse(s).unwrap_err();
        assert_eq!(
            fix("25/12/2026"),
            "invalid date \"25/12/2026\": write the date as YYYY-MM-DD: 2026-12-25"
        );
        assert_eq!(
            fix("12/25/2026"),
            "invalid date \"12/25/2026\": write the date as YYYY-MM-DD: 2026-12-25"
        );
        assert_eq!(
            fix("02/05/2026"),
            "invalid date \"02/05/2026\": write the date as YYYY-MM-DD: 2026-05-02 (2 May) or 2026-02-05 (5 February)"
        );
        assert_eq!(
            fix("7.7.2026"),
            "invalid date \"7.7.2026\": write the date as YYYY-MM-DD: 2026-07-07"
        );
        assert!(
            fix("31/31/2026").ends_with("e.g. 2026-03-02 (a time may follow: 2026-03-02 09:30)")
        );
    }

    #[test]
    fn impossible_dates_are_rejected() {
        assert!(
            Date::parse("2023-02-30")
                .unwrap_err()
                .contains("impossible date")
        );
        assert!(
            Date::parse("yesterday")
                .unwrap_err()
                .contains("invalid date")
        );
    }
}
