//! The actions on one message that both `frontdesk inbox` and the preview's inbox page
//! offer: write a reply draft, mark it answered.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::drafts;
use super::message::Message;
use super::store::Store;

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
