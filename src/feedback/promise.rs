//! `contact.yaml`'s `response_time` ("within one business day", "within 4 hours") as a
//! deadline for each message.

use chrono::{DateTime, Datelike, Duration, Utc, Weekday};

/// A promise read from its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Promise {
    /// Within so many hours.
    Hours(i64),
    /// Within so many days.
    Days(i64),
    /// Within so many business days (Monday to Friday).
    BusinessDays(i64),
}

/// The promise in `text`, when its words say one: a number (digits, or "one" to "ten",
/// "a", "an") followed by hours, days, business or working days, or weeks; "same day" is
/// one day.
pub fn read(text: &str) -> Option<Promise> {
    let lower = text.to_lowercase();
    if lower.contains("same day") {
        return Some(Promise::Days(1));
    }
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        let n = match *w {
            "a" | "an" | "one" => 1,
            "two" => 2,
            "three" => 3,
            "four" => 4,
            "five" => 5,
            "six" => 6,
            "seven" => 7,
            "eight" => 8,
            "nine" => 9,
            "ten" => 10,
            w => match w.parse::<i64>() {
                Ok(n) if n > 0 => n,
                _ => continue,
            },
        };
        let next = words.get(i + 1).copied().unwrap_or("");
        let after = words.get(i + 2).copied().unwrap_or("");
        let promise = match next {
            "hour" | "hours" | "h" => Promise::Hours(n),
            "day" | "days" => Promise::Days(n),
            "week" | "weeks" => Promise::Days(7 * n),
            "business" | "working" | "work" if after.starts_with("day") => Promise::BusinessDays(n),
            _ => continue,
        };
        return Some(promise);
    }
    None
}

impl Promise {
    /// When a message received at `t` is due.
    pub fn due(self, t: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Promise::Hours(n) => t + Duration::hours(n),
            Promise::Days(n) => t + Duration::days(n),
            Promise::BusinessDays(n) => {
                let mut due = t;
                let mut left = n;
                while left > 0 {
                    due += Duration::days(1);
                    if !matches!(due.weekday(), Weekday::Sat | Weekday::Sun) {
                        left -= 1;
                    }
                }
                due
            }
        }
    }
}

/// A length of time in the largest whole unit: "3 days", "5 hours", "12 minutes".
pub fn span(d: Duration) -> String {
    let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    if d.num_days() >= 1 {
        plural(d.num_days(), "day")
    } else if d.num_hours() >= 1 {
        plural(d.num_hours(), "hour")
    } else {
        plural(d.num_minutes().max(0), "minute")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promises_as_owners_write_them() {
        assert_eq!(
            read("within one business day"),
            Some(Promise::BusinessDays(1))
        );
        assert_eq!(read("Within 4 hours on weekdays"), Some(Promise::Hours(4)));
        assert_eq!(
            read("within two working days"),
            Some(Promise::BusinessDays(2))
        );
        assert_eq!(read("same day"), Some(Promise::Days(1)));
        assert_eq!(read("in a week"), Some(Promise::Days(7)));
        assert_eq!(read("as soon as we can"), None);
        // Friday noon + one business day = Monday noon.
        let fri = DateTime::parse_from_rfc3339("2025-03-07T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            Promise::BusinessDays(1).due(fri).to_rfc3339(),
            "2025-03-10T12:00:00+00:00"
        );
    }
}
