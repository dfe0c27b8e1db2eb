//! One message a customer sent: who, when, and the answers in the order they came.

use serde::Serialize;

/// The answers of one submission: (field name as the source names it, value), in order.
pub type Fields = Vec<(String, String)>;

/// A message read from an export, before it is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMessage {
    /// What recognises it again: a hash of its source and id, or of its content.
    pub key: String,
    /// Where it came from (`formspree`, `netlify`, `serve`, ...).
    pub source: String,
    /// Which form: `suggestions`, `newsletter` or the provider's own form name.
    pub form: String,
    /// When it was sent, RFC 3339 in UTC.
    pub received: String,
    /// The customer's name, when given.
    pub name: Option<String>,
    /// The customer's email address, when given.
    pub email: Option<String>,
    /// Every answer.
    pub fields: Fields,
}

/// A stored message.
#[derive(Debug, Clone, Serialize)]
pub struct Message {
    /// Its number in the inbox.
    pub id: i64,
    /// Where it came from.
    pub source: String,
    /// Which form.
    pub form: String,
    /// When it was sent, RFC 3339 in UTC.
    pub received: String,
    /// The customer's name.
    pub name: Option<String>,
    /// The customer's email address.
    pub email: Option<String>,
    /// Every answer, as received.
    pub fields: Fields,
    /// When it was marked answered.
    pub answered: Option<String>,
    /// When it was acted on.
    pub acted: Option<String>,
}

/// A field name reduced to compare: lower case, every run of other characters one `_`.
pub fn norm(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

/// The form of a survey's answers (the hidden field [`crate::content::surveys::FIELD`]
/// names the survey).
pub const SURVEY_FORM: &str = "survey";
/// The form of new details sent from `/update/`.
pub const UPDATE_FORM: &str = "update";

/// The form a submission answers, as its own hidden fields say (a survey's, or new
/// details), else `form` as its export says. The marker of new details is dropped from
/// `fields`; a survey's name stays (it says which survey).
pub fn recognise_form(form: &str, fields: &mut Fields) -> String {
    use crate::content::{surveys, update};
    if answer(fields, &[surveys::FIELD]).is_some() {
        return SURVEY_FORM.into();
    }
    // Netlify names each form: `survey-NAME` is a survey's (its export may leave out
    // hidden fields).
    if let Some(name) = form.strip_prefix("survey-").filter(|n| !n.is_empty()) {
        fields.insert(0, (surveys::FIELD.to_string(), name.to_string()));
        return SURVEY_FORM.into();
    }
    let before = fields.len();
    fields.retain(|(k, v)| !(norm(k) == update::FIELD && norm(v) == update::VALUE));
    if fields.len() != before || form == update::FORM_NAME {
        return UPDATE_FORM.into();
    }
    form.to_string()
}

/// The names under which exports carry the customer's email address.
const EMAIL: &[&str] = &[
    "your_email_address",
    "email",
    "email_address",
    "e_mail",
    "replyto",
    "your_email",
    "mail",
];
/// ... the customer's name.
const NAME: &[&str] = &["name", "full_name", "your_name", "your_full_name"];
/// ... "How did you hear about us?".
pub const HEARD_FROM: &[&str] = &["heard_from", "how_did_you_hear_about_us"];
/// ... "Who told you about us?".
pub const REFERRED_BY: &[&str] = &["referred_by", "who_told_you_about_us"];
/// ... the channel of a `?ref=` link.
pub const CHANNEL: &[&str] = &["ref", "channel"];
/// ... the "you may quote me" box.
pub const QUOTE_OK: &[&str] = &["quote_ok", "you_may_quote_me"];

impl Message {
    /// The first non-empty answer whose name is one of `names` (compared by [`norm`]).
    pub fn answer(&self, names: &[&str]) -> Option<&str> {
        answer(&self.fields, names)
    }

    /// What to call the customer: their name, or their address, or "someone".
    pub fn who(&self) -> &str {
        self.name
            .as_deref()
            .or(self.email.as_deref())
            .unwrap_or("someone")
    }

    /// Whether the customer ticked "you may quote me".
    pub fn may_quote(&self) -> bool {
        self.answer(QUOTE_OK)
            .is_some_and(|v| matches!(norm(v).as_str(), "yes" | "on" | "true" | "1" | "checked"))
    }
}

/// The first non-empty answer in `fields` whose name is one of `names`.
pub fn answer<'a>(fields: &'a Fields, names: &[&str]) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, v)| {
            let k = norm(k);
            !v.trim().is_empty() && names.iter().any(|n| k == *n || k == format!("_{n}"))
        })
        .map(|(_, v)| v.trim())
}

/// The name and email address in `fields`, if any: the email only when it looks like one.
pub fn who(fields: &Fields) -> (Option<String>, Option<String>) {
    let email = answer(fields, EMAIL)
        .filter(|e| crate::text::is_email(e))
        .map(String::from);
    let name = answer(fields, NAME).map(String::from).or_else(|| {
        let first = answer(fields, &["first_name", "firstname"])?;
        Some(match answer(fields, &["last_name", "lastname"]) {
            Some(last) => format!("{first} {last}"),
            None => first.to_string(),
        })
    });
    (name, email)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_by_their_words() {
        assert_eq!(
            norm("How did you hear about us?"),
            "how_did_you_hear_about_us"
        );
        assert_eq!(norm("_replyto"), "replyto");
        assert_eq!(norm("  E-mail "), "e_mail");
        let f: Fields = vec![
            ("Email address".into(), "not an address".into()),
            ("First name".into(), "Ana".into()),
            ("Last name".into(), "Silva".into()),
        ];
        assert_eq!(who(&f), (Some("Ana Silva".into()), None));
    }
}
