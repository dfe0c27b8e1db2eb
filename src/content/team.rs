//! `team/NAME.yaml`: the people of the business, one file each: name, role, photo, what
//! to ask them about and how to reach them. `NAME` is the key `contact.yaml` names its
//! person by (`person: maria`).

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::listfile::Checker;
use crate::error::Diagnostics;
use crate::i18n::localized::Text;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    name: Spanned<Text>,
    role: Option<Text>,
    photo: Option<Spanned<String>>,
    ask_me_about: Option<AskMeAbout>,
    email: Option<Spanned<String>>,
    phone: Option<Spanned<String>>,
    #[serde(default)]
    order: i64,
}

/// `ask_me_about`: a list of subjects, or one text.
#[derive(Deserialize)]
#[serde(untagged)]
enum AskMeAbout {
    List(Vec<Text>),
    One(Text),
}

/// One person of the team.
#[derive(Debug, Clone, Hash)]
pub struct Member {
    /// `team/NAME.yaml`.
    pub source: PathBuf,
    /// `NAME`: the key and the anchor on the team page.
    pub key: String,
    /// Full name.
    pub name: String,
    /// What they do.
    pub role: Option<String>,
    /// A photo in `static/`.
    pub photo: Option<String>,
    /// What customers may ask them about.
    pub ask_me_about: Vec<String>,
    /// Their email address.
    pub email: Option<String>,
    /// Their phone number as shown.
    pub phone: Option<String>,
    /// Where they stand on the page: lower first, then by name.
    pub order: i64,
}

/// Parses and checks `team/NAME.yaml` (`rel`, relative to the site folder).
pub fn parse(rel: &Path, text: &str, static_dir: &Path) -> Result<Member, Diagnostics> {
    let raw: Raw = crate::yaml::parse(text, rel, 0)?;
    let mut c = Checker::new(rel);
    let (key, wrong) = super::listfile::file_key(rel, "the person's key and anchor");
    c.errors.extend(wrong);
    let name_at = Spanned::new(raw.name.value.0, raw.name.referenced, raw.name.defined);
    let name = c.written(&name_at, "`name` is empty: write the person's name");
    if let Some(p) = &raw.photo {
        let file = static_dir.join(p.value.trim_start_matches('/'));
        if !file.is_file() {
            c.at(
                &p.referenced,
                format!(
                    "`photo`: static/{} is not there: put the photo in static/ and name it from there",
                    p.value.trim_start_matches('/')
                ),
            );
        }
    }
    if let Some(e) = &raw.email
        && !crate::text::is_email(&e.value)
    {
        c.at(
            &e.referenced,
            format!("`email` {:?} is not an email address", e.value),
        );
    }
    if let Some(p) = &raw.phone
        && p.value.chars().filter(char::is_ascii_digit).count() < 3
    {
        c.at(
            &p.referenced,
            format!("`phone` {:?} has too few digits to dial", p.value),
        );
    }
    let ask_me_about = match raw.ask_me_about {
        Some(AskMeAbout::List(l)) => l.into_iter().map(String::from).collect(),
        Some(AskMeAbout::One(t)) => vec![String::from(t)],
        None => Vec::new(),
    };
    c.finish(Member {
        source: rel.to_path_buf(),
        key,
        name,
        role: raw.role.map(String::from),
        photo: raw.photo.map(|p| p.value),
        ask_me_about,
        email: raw.email.map(|e| e.value),
        phone: raw.phone.map(|p| p.value),
        order: raw.order,
    })
}

/// The team in the order the page shows it: by `order`, then by name.
pub fn sort(team: &mut [Member]) {
    team.sort_by(|a, b| (a.order, &a.name, &a.key).cmp(&(b.order, &b.name, &b.key)));
}

/// The member `key` names, or an error that names the closest key.
pub fn find<'a>(team: &'a [Member], key: &str) -> Result<&'a Member, String> {
    if let Some(m) = team.iter().find(|m| m.key == key) {
        return Ok(m);
    }
    let hint = match crate::text::closest(key, team.iter().map(|m| m.key.as_str())) {
        Some(k) => format!("did you mean `{k}`?"),
        None if team.is_empty() => format!(
            "add team/{key}.yaml (name, role, photo), or write the person as `person: {{name: ..., role: ...}}`"
        ),
        None => format!(
            "the team is {}",
            team.iter()
                .map(|m| m.key.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Err(format!("`person: {key}` names no one of team/: {hint}"))
}
