//! The tally of "How did you hear about us?": by answer and by month, the channels of
//! `?ref=` links, and the people customers named as the one who told them.

use std::collections::BTreeMap;

use serde::Serialize;

use super::message::{CHANNEL, HEARD_FROM, Message, REFERRED_BY};

/// What the messages say about how people found the business.
#[derive(Debug, Default, Serialize, PartialEq)]
pub struct Tally {
    /// Answer -> month (`2025-03`) -> how many.
    pub heard_from: BTreeMap<String, BTreeMap<String, usize>>,
    /// Channel (`flyer`) -> how many.
    pub channels: BTreeMap<String, usize>,
    /// (message, the person named) for each "Who told you about us?" answered.
    pub referred_by: Vec<(i64, String)>,
    /// Messages with no answer to the question.
    pub unanswered: usize,
}

/// Counts `messages`.
pub fn tally(messages: &[Message]) -> Tally {
    let mut t = Tally::default();
    for m in messages {
        let month = m.received.get(..7).unwrap_or("").to_string();
        match m.answer(HEARD_FROM) {
            Some(a) => {
                *t.heard_from
                    .entry(a.to_string())
                    .or_default()
                    .entry(month)
                    .or_default() += 1
            }
            None => t.unanswered += 1,
        }
        if let Some(c) = m.answer(CHANNEL) {
            *t.channels.entry(c.to_string()).or_default() += 1;
        }
        if let Some(p) = m.answer(REFERRED_BY) {
            t.referred_by.push((m.id, p.to_string()));
        }
    }
    t
}

impl Tally {
    /// How many gave `answer`.
    pub fn total(&self, answer: &str) -> usize {
        self.heard_from.get(answer).map_or(0, |m| m.values().sum())
    }
}
