//! What customers send, brought back to the owner: the local feedback store, imports of
//! the form providers' exports, the answers in the form's order, how long each message
//! has waited against `contact.yaml`'s promise, reply and thank-you drafts, "You said, we
//! did" entries and the referral tally. None of it is ever written into the output.

pub mod acted;
pub mod actions;
pub mod drafts;
pub mod import;
pub mod message;
pub mod promise;
pub mod referrals;
pub mod store;
pub mod surveys;
pub mod waiting;

use std::path::Path;

use crate::content::contact::Contact;
use crate::content::suggestions::{self, Suggestions};
use crate::error::{Diagnostic, Diagnostics};
use crate::layout::{CONTACT_FILE, SUGGESTIONS_FILE};
use message::{Message, norm};

/// `contact.yaml` and `suggestions.yaml` of a site, when present.
pub struct Site {
    /// The contact details (who answers, and how fast).
    pub contact: Option<Contact>,
    /// The suggestion form (its questions give the answers' order).
    pub suggestions: Option<Suggestions>,
    /// The site's language, which drafts to customers are written in.
    pub lang: std::sync::Arc<crate::i18n::Language>,
    /// The site's "update your details" page (absolute), which drafts end with.
    pub update_url: Option<String>,
    /// The site's surveys, by name.
    pub surveys: Vec<crate::content::Survey>,
}

/// Reads the two files the inbox needs; a mistake in either is an error at its line.
pub fn site(site_dir: &Path) -> Result<Site, Diagnostics> {
    let read = |name: &str| -> Result<Option<String>, Diagnostics> {
        match std::fs::read_to_string(site_dir.join(name)) {
            Ok(t) => Ok(Some(t)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(vec![Diagnostic::io(Path::new(name), &e)].into()),
        }
    };
    let config = crate::config::load(site_dir, None)?;
    // Texts written per language are read in the default language (the owner's).
    let (languages, language) = (&config.languages, &config.language);
    let contact = match read(CONTACT_FILE)? {
        Some(t) => Some(
            crate::i18n::localized::reading_in(languages, language, || {
                crate::content::contact::parse(&t, &site_dir.join(crate::layout::STATIC))
            })?
            .0,
        ),
        None => None,
    };
    let suggestions = match read(SUGGESTIONS_FILE)? {
        Some(t) => Some(
            crate::i18n::localized::reading_in(languages, language, || suggestions::parse(&t))?.0,
        ),
        None => None,
    };
    let lang = crate::render::theme::load(site_dir, &config.theme, &config.language)?.lang;
    let update_url = crate::content::update::has_page(contact.is_some(), suggestions.is_some())
        .then(|| config.absolute(crate::routes::UPDATE));
    let surveys = load_surveys(site_dir)?;
    Ok(Site {
        contact,
        suggestions,
        lang,
        update_url,
        surveys,
    })
}

/// The surveys of `surveys/`, each checked as the build checks it.
fn load_surveys(site_dir: &Path) -> Result<Vec<crate::content::Survey>, Diagnostics> {
    let listing = crate::walk::list(site_dir, crate::layout::SURVEYS);
    let mut out = Vec::new();
    let mut errors = listing.outside;
    for rel in listing.files {
        if !rel.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            continue;
        }
        match crate::walk::read_text(site_dir, &rel)
            .map_err(|e| Diagnostics(vec![e]))
            .and_then(|t| crate::content::surveys::parse(&rel, &t))
        {
            Ok(s) => out.push(s),
            Err(e) => errors.extend(e.0),
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors).sorted());
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// One answer as shown: the question's label when the form asks it, and the value.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Answer {
    /// The field's name as received.
    pub name: String,
    /// The question as the form asks it (the name when the form does not ask it).
    pub label: String,
    /// What the customer answered.
    pub value: String,
}

impl Site {
    /// The answers of `m` in the order of the form's questions, then the others in the
    /// order received.
    pub fn answers(&self, m: &Message) -> Vec<Answer> {
        let questions = match self.survey_of(m) {
            Some(s) => &s.questions[..],
            None => self
                .suggestions
                .as_ref()
                .map_or(&[][..], |s| &s.questions[..]),
        };
        let rank = |name: &str| {
            let n = norm(name);
            questions
                .iter()
                .position(|q| norm(&q.name) == n || norm(&q.label) == n)
        };
        let mut out: Vec<(usize, Answer)> = m
            .fields
            .iter()
            .enumerate()
            .map(|(i, (name, value))| {
                let at = rank(name);
                let label = at.map_or_else(|| name.clone(), |q| questions[q].label.clone());
                (
                    at.unwrap_or(questions.len() + i),
                    Answer {
                        name: name.clone(),
                        label,
                        value: value.clone(),
                    },
                )
            })
            .collect();
        out.sort_by_key(|(r, _)| *r);
        out.into_iter().map(|(_, a)| a).collect()
    }

    /// The survey `m` answers, if it is a survey's answer and the survey is still there.
    pub fn survey_of(&self, m: &Message) -> Option<&crate::content::Survey> {
        (self.surveys.iter()).find(|s| surveys::answers_survey(m, &s.name))
    }

    /// The survey named `name`, else an error naming the surveys there are.
    pub fn survey(&self, name: &str) -> anyhow::Result<&crate::content::Survey> {
        if let Some(s) = self.surveys.iter().find(|s| s.name == name) {
            return Ok(s);
        }
        let names: Vec<&str> = self.surveys.iter().map(|s| s.name.as_str()).collect();
        let hint = match crate::text::closest(name, names.iter().copied()) {
            Some(c) => format!("did you mean `{c}`?"),
            None if names.is_empty() => format!(
                "the site has none: a survey is a file {}/NAME.yaml",
                crate::layout::SURVEYS
            ),
            None => format!("the site's surveys are: {}", names.join(", ")),
        };
        anyhow::bail!(
            "{}/{name}.yaml: no such survey; {hint}",
            crate::layout::SURVEYS
        )
    }

    /// The customer's own words: the answer to the form's first free-text question (or a
    /// field named like a message), else the longest answer.
    pub fn words<'a>(&self, m: &'a Message) -> Option<&'a str> {
        let free = self.suggestions.as_ref().and_then(|s| {
            s.questions
                .iter()
                .find(|q| q.kind == suggestions::Kind::Textarea)
                .map(|q| (norm(&q.name), norm(&q.label)))
        });
        let named = [
            "suggestion",
            "message",
            "comments",
            "comment",
            "feedback",
            "body",
        ];
        m.fields
            .iter()
            .find(|(k, _)| {
                let k = norm(k);
                free.as_ref().is_some_and(|(n, l)| k == *n || k == *l)
            })
            .or_else(|| {
                m.fields
                    .iter()
                    .find(|(k, _)| named.contains(&norm(k).as_str()))
            })
            .or_else(|| {
                m.fields
                    .iter()
                    .filter(|(_, v)| !v.contains('@'))
                    .max_by_key(|(_, v)| v.len())
            })
            .map(|(_, v)| v.as_str())
    }
}
