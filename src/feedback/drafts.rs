//! Email drafts (`.eml`) written by a person: a reply that quotes the customer's words and
//! leaves a marked place for the owner's own sentence, a thank-you saying what changed,
//! and a thank-you to a person who referred a customer. Drafts live in
//! `SITE/.frontdesk/drafts/`, never in the output.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use mail_builder::MessageBuilder;

use super::message::Message;
use crate::content::contact::Contact;
use crate::i18n::Language;

/// The line a reply holds until the owner writes their own sentence in its place.
pub const PLACEHOLDER: &str =
    "[WRITE YOUR OWN ANSWER HERE, in your own words, then delete this line]";

/// The drafts' folder of `site_dir`.
pub fn folder(site_dir: &Path) -> PathBuf {
    site_dir.join(".frontdesk").join("drafts")
}

/// The kinds of draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The answer to a message.
    Reply,
    /// "Because you asked, we changed ...".
    ThankYou,
    /// Thanks to the person who told the customer about the business.
    Referral,
}

impl Kind {
    /// As stored, and in the file's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Reply => "reply",
            Kind::ThankYou => "thank-you",
            Kind::Referral => "referral",
        }
    }
}

/// A draft made: its file's bytes and the name it goes by.
pub struct Draft {
    /// The whole `.eml`.
    pub eml: Vec<u8>,
    /// `ID-KIND.eml`.
    pub file_name: String,
}

/// The reply to `m`, from the person in `contact`, quoting `words`; `update_url` is the
/// site's "update your details" page, which every draft ends with.
pub fn reply(
    contact: &Contact,
    m: &Message,
    words: &str,
    lang: &Language,
    update_url: Option<&str>,
) -> Result<Draft> {
    let to = customer(m)?;
    let body = format!(
        "{}\n\n{PLACEHOLDER}\n\n{}\n\n{}\n",
        greeting(m.name.as_deref(), lang),
        quoted(m, words, lang),
        signature(contact, lang, update_url)
    );
    build(
        contact,
        to,
        &lang.t("draft_subject_reply", &[("business", &contact.business)]),
        body,
        m,
        Kind::Reply,
    )
}

/// The thank-you to `m` saying what changed (`we_did`).
pub fn thank_you(
    contact: &Contact,
    m: &Message,
    words: &str,
    we_did: &str,
    lang: &Language,
    update_url: Option<&str>,
) -> Result<Draft> {
    let to = customer(m)?;
    let body = format!(
        "{}\n\n{}\n\n{}\n\n{}\n\n{}\n",
        greeting(m.name.as_deref(), lang),
        quoted(m, words, lang),
        lang.t("draft_changed", &[("change", we_did)]),
        lang.t("draft_thanks_for_telling", &[]),
        signature(contact, lang, update_url)
    );
    build(
        contact,
        to,
        &lang.t("draft_subject_thanks", &[("business", &contact.business)]),
        body,
        m,
        Kind::ThankYou,
    )
}

/// The thank-you to `referrer`, who told the customer of `m` about the business; the
/// customer is named only when they agreed to be quoted.
pub fn referral(
    contact: &Contact,
    m: &Message,
    referrer: &str,
    lang: &Language,
    update_url: Option<&str>,
) -> Result<Draft> {
    let newcomer = match (m.may_quote(), m.name.as_deref()) {
        (true, Some(name)) => name.to_string(),
        _ => lang.t("draft_someone_new", &[]),
    };
    let body = format!(
        "{}\n\n{}\n\n{PLACEHOLDER}\n\n{}\n",
        greeting(Some(referrer), lang),
        lang.t(
            "draft_referral",
            &[("newcomer", &newcomer), ("business", &contact.business)]
        ),
        signature(contact, lang, update_url)
    );
    let to = (referrer.to_string(), String::new());
    build(
        contact,
        to,
        &lang.t("draft_subject_referral", &[("business", &contact.business)]),
        body,
        m,
        Kind::Referral,
    )
}

/// Whether the draft at `path` still holds the placeholder, or is byte for byte what was
/// written (`hash`).
pub fn untouched(path: &Path, hash: &str) -> Result<bool> {
    let bytes = std::fs::read(path).with_context(|| {
        format!(
            "cannot read the draft {} (write it again with `frontdesk inbox reply`)",
            path.display()
        )
    })?;
    let text = String::from_utf8_lossy(&bytes);
    Ok(hash_of(&bytes) == hash
        || text.contains(PLACEHOLDER)
        || text.contains("WRITE YOUR OWN ANSWER HERE"))
}

/// The hash a draft is recorded with.
pub fn hash_of(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

fn customer(m: &Message) -> Result<(String, String)> {
    match &m.email {
        Some(email) => Ok((m.name.clone().unwrap_or_default(), email.clone())),
        None => bail!(
            "message {} left no email address, so there is no one to write to; answer {} another way, then mark it with `frontdesk inbox done {}`",
            m.id,
            m.who(),
            m.id
        ),
    }
}

fn greeting(name: Option<&str>, lang: &Language) -> String {
    match name {
        Some(n) => lang.t("draft_hello_name", &[("name", n)]),
        None => lang.t("draft_hello", &[]),
    }
}

fn quoted(m: &Message, words: &str, lang: &Language) -> String {
    let day = chrono::DateTime::parse_from_rfc3339(&m.received)
        .map(|t| lang.date(t.date_naive()))
        .unwrap_or_else(|_| m.received.clone());
    let lines: Vec<String> = words
        .lines()
        .map(|l| format!("> {l}").trim_end().to_string())
        .collect();
    format!(
        "{}\n\n{}",
        lang.t("draft_you_wrote", &[("date", &day)]),
        lines.join("\n")
    )
}

/// The person's name and role, then the line saying where to send new details.
fn signature(contact: &Contact, lang: &Language, update_url: Option<&str>) -> String {
    let mut s = match &contact.person.role {
        Some(role) => format!("{}\n{role}, {}", contact.person.name, contact.business),
        None => format!("{}\n{}", contact.person.name, contact.business),
    };
    if let Some(url) = update_url {
        s.push_str("\n\n");
        s.push_str(&lang.t("draft_update_details", &[("url", url)]));
    }
    s
}

fn build(
    contact: &Contact,
    to: (String, String),
    subject: &str,
    body: String,
    m: &Message,
    kind: Kind,
) -> Result<Draft> {
    let Some(from) = contact.email.clone() else {
        bail!(
            "contact.yaml: has no `email`, so a draft has no address to come from; add the address {} answers from",
            contact.person.name
        );
    };
    let mut message = MessageBuilder::new()
        .from((contact.person.name.clone(), from))
        .subject(subject)
        .date(chrono::Utc::now().timestamp())
        .header(
            "X-Unsent",
            mail_builder::headers::HeaderType::Raw(mail_builder::headers::raw::Raw::new("1")),
        )
        .text_body(body);
    // A person known only by name (a referrer): a group with no address, to fill in.
    message = if to.1.is_empty() {
        message.to(mail_builder::headers::address::Address::new_group(
            Some(to.0),
            Vec::new(),
        ))
    } else {
        message.to((to.0, to.1))
    };
    let eml = message.write_to_vec().context("cannot write the draft")?;
    Ok(Draft {
        eml,
        file_name: format!("{}-{}.eml", m.id, kind.as_str()),
    })
}
