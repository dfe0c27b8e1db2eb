//! The actions on one message that both `frontdesk inbox` and the preview's inbox page
//! offer: write a reply draft, mark it answered.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use std::fmt::Write as _;

use chrono::Utc;

use super::message::Message;
use super::store::Store;
use super::{acted, drafts};
use crate::layout::SUGGESTIONS_FILE;

/// The contact details a draft comes from, or an error saying they are missing.
pub fn contact(site: &super::Site) -> Result<&crate::content::contact::Contact> {
    site.contact
        .as_ref()
        .context("contact.yaml: is missing; a draft comes from the person it names (add it: docs/site-folder.md)")
}

/// Writes draft `d` of message `id` into the drafts' folder and records it.
pub fn write_draft(
    site_dir: &Path,
    store: &mut Store,
    id: i64,
    kind: drafts::Kind,
    d: drafts::Draft,
) -> Result<PathBuf> {
    let dir = drafts::folder(site_dir);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join(&d.file_name);
    crate::cache::dir::write_whole(&path, &d.eml)
        .with_context(|| format!("cannot write {}", path.display()))?;
    store.add_draft(id, kind.as_str(), &path, &drafts::hash_of(&d.eml))?;
    Ok(path)
}

/// Writes the reply draft of message `id`; returns its file and the message.
pub fn reply(site_dir: &Path, store: &mut Store, id: i64) -> Result<(PathBuf, Message)> {
    let site = super::site(site_dir)?;
    let m = store.get(id)?;
    let words = site.words(&m).unwrap_or("").to_string();
    let d = drafts::reply(
        contact(&site)?,
        &m,
        &words,
        &site.lang,
        site.update_url.as_deref(),
    )?;
    let path = write_draft(site_dir, store, id, drafts::Kind::Reply, d)?;
    Ok((path, m))
}

/// Marks message `id` answered, unless its reply draft still holds the place for the
/// owner's own words; returns the time recorded and the message.
pub fn done(store: &mut Store, id: i64) -> Result<(String, Message)> {
    let m = store.get(id)?;
    if let Some((path, hash)) = store.draft(id, drafts::Kind::Reply.as_str())?
        && drafts::untouched(&path, &hash)?
    {
        bail!(
            "{}: still holds the place for your own answer; write your answer there (in your own words, not a form letter), send it, then mark it answered again",
            path.display()
        );
    }
    let at = store.mark_answered(id)?;
    Ok((at, m))
}

/// Takes in the preview's `.frontdesk/inbox.jsonl`, when there is one: how many messages
/// were new, and the lines skipped (`FILE:LINE: why`).
pub fn take_preview(site_dir: &Path, store: &mut Store) -> Result<(usize, Vec<String>)> {
    let path = site_dir.join(".frontdesk").join("inbox.jsonl");
    if !path.is_file() {
        return Ok((0, Vec::new()));
    }
    let read = super::import::read(
        &path,
        &super::import::Options {
            source: Some(super::import::Source::Serve),
            ..Default::default()
        },
    )?;
    Ok((store.add(&read.messages)?, read.skipped))
}

/// Adds message `id`'s change to "You said, we did" (`suggestions.yaml`, its text kept
/// as written but for the new entry) and writes the thank-you draft to the customer;
/// returns what was done, a line each.
pub fn act(
    site_dir: &Path,
    store: &mut Store,
    id: i64,
    we_did: &str,
    you_said: Option<&str>,
) -> Result<String> {
    let site = super::site(site_dir)?;
    let m = store.get(id)?;
    let words = site.words(&m).unwrap_or("").trim().to_string();
    let you_said = match you_said {
        Some(s) => s.to_string(),
        None if m.may_quote() && !words.is_empty() && words.chars().count() <= 200 => words.clone(),
        None if m.may_quote() => bail!(
            "#{id}: the customer's words are long for the page; give a short version with --you-said \"...\""
        ),
        None => bail!(
            "#{id}: {} did not tick \"you may quote me\", so their words stay private; say what they asked in your own words with --you-said \"...\"",
            m.who()
        ),
    };
    if we_did.trim().is_empty() {
        bail!(
            "--we-did is empty: say what you changed, e.g. --we-did \"We now open at 7 on Saturdays\""
        );
    }
    let path = site_dir.join(SUGGESTIONS_FILE);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let date = Utc::now().format("%Y-%m-%d").to_string();
    let new_text = acted::append(&text, &date, &you_said, we_did)?;
    // The result must still be a valid form before it replaces the file.
    let config = crate::config::load(site_dir, None)?;
    crate::i18n::localized::reading_in(&config.languages, &config.language, || {
        crate::content::suggestions::parse(&new_text)
    })?;
    let contact = contact(&site)?;
    let draft = m
        .email
        .as_ref()
        .map(|_| {
            drafts::thank_you(
                contact,
                &m,
                &words,
                we_did,
                &site.lang,
                site.update_url.as_deref(),
            )
        })
        .transpose()?;
    store.mark_acted(id, || {
        crate::cache::dir::write_whole(&path, new_text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))
    })?;
    let mut out = format!(
        "{}: \"You said, we did\" entry added for #{id}",
        path.display()
    );
    match draft {
        Some(d) => {
            let p = write_draft(site_dir, store, id, drafts::Kind::ThankYou, d)?;
            write!(out, "\n{}: thank-you to {} written", p.display(), m.who())?;
        }
        None => write!(out, "\n#{id} left no email address: no thank-you draft")?,
    }
    Ok(out)
}
