//! What waits for an answer: the messages not yet answered, each with how long it has
//! waited against `contact.yaml`'s promise, overdue first. `frontdesk inbox` and the
//! preview's inbox page show the same list.

use chrono::{DateTime, Utc};

use super::message::{CHANNEL, HEARD_FROM, Message, REFERRED_BY};
use super::{Answer, Site, promise};

/// A message as listed: what the list and its JSON show.
#[derive(serde::Serialize)]
pub struct Row {
    /// Its number.
    pub id: i64,
    /// The customer's name.
    pub name: Option<String>,
    /// The customer's address.
    pub email: Option<String>,
    /// Which form.
    pub form: String,
    /// Where it came from.
    pub source: String,
    /// When it was sent (RFC 3339, UTC).
    pub received: String,
    /// Hours waited so far.
    pub waited_hours: i64,
    /// When the promise says it is due.
    pub due: Option<String>,
    /// Past that.
    pub overdue: bool,
    /// "How did you hear about us?"
    pub heard_from: Option<String>,
    /// "Who told you about us?"
    pub referred_by: Option<String>,
    /// The `?ref=` channel.
    pub channel: Option<String>,
    /// The answers in the form's order.
    pub answers: Vec<Answer>,
}

/// The messages of `messages` not yet answered, overdue first, then the longest waiting.
pub fn rows(site: &Site, messages: &[Message], now: DateTime<Utc>) -> Vec<Row> {
    let promise = site
        .contact
        .as_ref()
        .and_then(|c| c.response_time.as_deref())
        .and_then(promise::read);
    let mut rows: Vec<Row> = messages
        .iter()
        // A survey's answers are counted (`inbox survey NAME`), not answered one by one.
        .filter(|m| m.answered.is_none() && m.form != super::message::SURVEY_FORM)
        .map(|m| {
            let received = DateTime::parse_from_rfc3339(&m.received)
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or(now);
            let due = promise.map(|p| p.due(received));
            Row {
                id: m.id,
                name: m.name.clone(),
                email: m.email.clone(),
                form: m.form.clone(),
                source: m.source.clone(),
                received: m.received.clone(),
                waited_hours: (now - received).num_hours(),
                due: due.map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                overdue: due.is_some_and(|d| d < now),
                heard_from: m.answer(HEARD_FROM).map(String::from),
                referred_by: m.answer(REFERRED_BY).map(String::from),
                channel: m.answer(CHANNEL).map(String::from),
                answers: site.answers(m),
            }
        })
        .collect();
    // Overdue first, the longest waiting first within each.
    rows.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then(a.received.cmp(&b.received))
            .then(a.id.cmp(&b.id))
    });
    rows
}
