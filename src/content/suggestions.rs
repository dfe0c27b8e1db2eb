//! `suggestions.yaml`: a short suggestion form and the "You said, we did" list.

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;

use super::date::Date;
use crate::error::{Diagnostic, Diagnostics};
use crate::layout::SUGGESTIONS_FILE;

/// More questions than this and people give up: the review warns.
pub const MAX_QUESTIONS: usize = 5;

/// The question added when a form does not ask it itself.
pub const HEARD_FROM: &str = "heard_from";

/// The name of the optional "you may quote me" box, which `frontdesk inbox act` reads.
pub const QUOTE_OK: &str = "quote_ok";

/// The hidden field that carries the channel of a `?ref=` link (`ref.js` fills it).
pub const CHANNEL: &str = "ref";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default, deserialize_with = "crate::i18n::localized::option")]
    title: Option<String>,
    #[serde(default, deserialize_with = "crate::i18n::localized::option")]
    intro: Option<String>,
    endpoint: Option<String>,
    provider: Option<String>,
    #[serde(default)]
    questions: Vec<Question>,
    #[serde(default, deserialize_with = "crate::i18n::localized::option")]
    email_opt_in: Option<String>,
    #[serde(default, deserialize_with = "crate::i18n::localized::option")]
    quote_opt_in: Option<String>,
    #[serde(default, deserialize_with = "crate::i18n::localized::option")]
    thank_you: Option<String>,
    #[serde(default, deserialize_with = "crate::i18n::localized::option")]
    submit_label: Option<String>,
    #[serde(default)]
    acted_on: Vec<ActedOn>,
}

/// Kinds of question.
#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// One line of text.
    Text,
    /// Several lines.
    Textarea,
    /// An email address.
    Email,
    /// One of `options`, from a drop-down.
    Select,
    /// One of `options`, as radio buttons.
    Radio,
    /// Any of `options` (or one yes/no box without options).
    Checkbox,
    /// A number from `min` to `max`.
    Scale,
}

impl Kind {
    /// The name templates see.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Textarea => "textarea",
            Kind::Email => "email",
            Kind::Select => "select",
            Kind::Radio => "radio",
            Kind::Checkbox => "checkbox",
            Kind::Scale => "scale",
        }
    }
}

/// One question of the form.
#[derive(Deserialize, Debug, Clone, Hash)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Field name sent to the endpoint.
    pub name: String,
    /// The question as people read it.
    #[serde(deserialize_with = "crate::i18n::localized::string")]
    pub label: String,
    /// Kind of input.
    #[serde(rename = "type")]
    pub kind: Kind,
    /// Must be answered.
    #[serde(default)]
    pub required: bool,
    /// Choices for select, radio and checkbox.
    #[serde(default, deserialize_with = "crate::i18n::localized::strings")]
    pub options: Vec<String>,
    /// Lowest value of a scale.
    pub min: Option<i64>,
    /// Highest value of a scale.
    pub max: Option<i64>,
    /// Placeholder text.
    #[serde(default, deserialize_with = "crate::i18n::localized::option")]
    pub placeholder: Option<String>,
    /// A hint shown under the label.
    #[serde(default, deserialize_with = "crate::i18n::localized::option")]
    pub help: Option<String>,
    /// The "How did you hear about us?" question the form gets when it has none: its
    /// label and options are the theme's, in the site's language.
    #[serde(skip)]
    pub builtin: bool,
}

/// One "You said, we did" item.
#[derive(Deserialize, Debug, Clone, Hash)]
#[serde(deny_unknown_fields)]
pub struct ActedOn {
    /// When the change was made.
    pub date: Date,
    /// What customers asked for.
    #[serde(deserialize_with = "crate::i18n::localized::string")]
    pub you_said: String,
    /// What the business changed.
    #[serde(deserialize_with = "crate::i18n::localized::string")]
    pub we_did: String,
}

/// Where the form is sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// Netlify Forms.
    Netlify,
    /// Formspree (`https://formspree.io/...`).
    Formspree(String),
    /// Any other https URL.
    Url(String),
    /// No endpoint: people write an email instead.
    None,
}

/// The validated form.
#[derive(Debug, Clone, Hash)]
pub struct Suggestions {
    /// Page title (the language's "Suggestions" when not given: [`Suggestions::title`]).
    pub title: Option<String>,
    /// Text above the form.
    pub intro: Option<String>,
    /// Where answers go.
    pub endpoint: Endpoint,
    /// The questions, "How did you hear about us?" included.
    pub questions: Vec<Question>,
    /// Label of the newsletter opt-in (unticked), if any.
    pub email_opt_in: Option<String>,
    /// Label of the "you may quote me" box (unticked, optional); the theme's words
    /// when not given ([`Suggestions::quote_opt_in`]).
    pub quote_opt_in: Option<String>,
    /// Shown after sending.
    pub thank_you: Option<String>,
    /// Text of the submit button.
    pub submit_label: Option<String>,
    /// "You said, we did", newest first.
    pub acted_on: Vec<ActedOn>,
}

/// Parses and validates; returns the form and warnings.
pub fn parse(text: &str) -> Result<(Suggestions, Vec<Diagnostic>), Diagnostics> {
    let raw: Raw = crate::yaml::parse(text, Path::new(SUGGESTIONS_FILE), 0)?;
    let positions = crate::yaml::Positions::of(text);
    let at = |key: &str, msg: String| {
        let (l, c) = positions.at(&[key]);
        Diagnostic::at(SUGGESTIONS_FILE, l, c, msg)
    };
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let endpoint = match (raw.provider.as_deref(), raw.endpoint.as_deref()) {
        (Some(_), Some(_)) => {
            errors.push(at(
                "provider",
                "give either `endpoint` or `provider`, not both".into(),
            ));
            Endpoint::None
        }
        (Some("netlify"), None) => Endpoint::Netlify,
        (Some(other), None) => {
            errors.push(at("provider", format!("unknown `provider` {other:?}: the only provider is `netlify`; for others give an `endpoint` URL")));
            Endpoint::None
        }
        (None, Some(url)) => match crate::url_policy::check_https(url) {
            Ok(()) if url::Url::parse(url).is_ok_and(|u| u.host_str() == Some("formspree.io")) => {
                Endpoint::Formspree(url.to_string())
            }
            Ok(()) => Endpoint::Url(url.to_string()),
            Err(m) => {
                errors.push(at(
                    "endpoint",
                    format!("`endpoint` must be an https:// URL: {m}"),
                ));
                Endpoint::None
            }
        },
        (None, None) => {
            warnings.push(Diagnostic::file(SUGGESTIONS_FILE, "no `endpoint` or `provider`: the suggestions page offers an email link instead of sending the form"));
            Endpoint::None
        }
    };
    errors.extend(check_questions(
        &raw.questions,
        &positions,
        Path::new(SUGGESTIONS_FILE),
    ));
    let mut questions = raw.questions;
    if !questions.iter().any(asks_heard_from) {
        questions.push(heard_from_question());
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let mut acted_on = raw.acted_on;
    acted_on.sort_by_key(|a| std::cmp::Reverse(a.date));
    Ok((
        Suggestions {
            title: raw.title,
            intro: raw.intro,
            endpoint,
            questions,
            email_opt_in: raw.email_opt_in,
            quote_opt_in: raw.quote_opt_in,
            thank_you: raw.thank_you,
            submit_label: raw.submit_label,
            acted_on,
        },
        warnings,
    ))
}

/// The mistakes a form's questions can hold (a bad or repeated name, no label, a choice
/// without options, a scale without bounds), each at its question's `name` in `file`.
pub fn check_questions(
    questions: &[Question],
    positions: &crate::yaml::Positions,
    file: &Path,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut names = HashSet::new();
    for (i, q) in questions.iter().enumerate() {
        let (line, col) = positions.at(&["questions", &i.to_string(), "name"]);
        let mut err = |msg: String| errors.push(Diagnostic::at(file, line, col, msg));
        if q.name.is_empty()
            || !q
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            || q.name.starts_with('_')
        {
            err(format!(
                "question name {:?} may hold only letters, digits, `_` and `-` (not first)",
                q.name
            ));
        }
        if !names.insert(q.name.as_str()) {
            err(format!("two questions are named {:?}", q.name));
        }
        if q.label.trim().is_empty() {
            err(format!("question {:?} needs a `label`", q.name));
        }
        match q.kind {
            Kind::Select | Kind::Radio if q.options.is_empty() => err(format!(
                "question {:?} of type {} needs `options`",
                q.name,
                q.kind.as_str()
            )),
            Kind::Scale => match (q.min, q.max) {
                (Some(min), Some(max)) if min < max && max - min <= 20 => {}
                _ => err(format!(
                    "scale question {:?} needs whole numbers `min` < `max`, at most 20 apart",
                    q.name
                )),
            },
            _ => {}
        }
    }
    errors
}

fn asks_heard_from(q: &Question) -> bool {
    q.name == HEARD_FROM || q.label.to_lowercase().contains("hear about us")
}

fn heard_from_question() -> Question {
    Question {
        name: HEARD_FROM.into(),
        label: String::new(),
        kind: Kind::Select,
        required: false,
        options: Vec::new(),
        min: None,
        max: None,
        placeholder: None,
        help: None,
        builtin: true,
    }
}

/// The keys of the theme's answers to "How did you hear about us?" when a form gives
/// none of its own.
pub const HEARD_FROM_OPTIONS: [&str; 5] = [
    "form_heard_friend",
    "form_heard_search",
    "form_heard_social",
    "form_heard_walked_past",
    "form_heard_other",
];

impl Suggestions {
    /// The page's title: the owner's, or the language's "Suggestions".
    pub fn title(&self, lang: &crate::i18n::Language) -> String {
        (self.title.clone()).unwrap_or_else(|| lang.t("suggestions_title", &[]))
    }

    /// The thank-you page's sentence.
    pub fn thank_you(&self, lang: &crate::i18n::Language) -> String {
        (self.thank_you.clone()).unwrap_or_else(|| lang.t("suggestions_thank_you", &[]))
    }

    /// The label of the "you may quote me" box.
    pub fn quote_opt_in(&self, lang: &crate::i18n::Language) -> String {
        (self.quote_opt_in.clone()).unwrap_or_else(|| lang.t("form_quote_ok", &[]))
    }

    /// The submit button's words.
    pub fn submit_label(&self, lang: &crate::i18n::Language) -> String {
        (self.submit_label.clone()).unwrap_or_else(|| lang.t("suggestions_submit", &[]))
    }
}

impl Question {
    /// The question as people read it, in the site's language for the built-in one.
    pub fn label(&self, lang: &crate::i18n::Language) -> String {
        if self.builtin {
            lang.t("form_heard_label", &[])
        } else {
            self.label.clone()
        }
    }

    /// The choices, in the site's language for the built-in question.
    pub fn options(&self, lang: &crate::i18n::Language) -> Vec<String> {
        if self.builtin {
            heard_from_options(lang)
        } else {
            self.options.clone()
        }
    }
}

/// The theme's answers to "How did you hear about us?", in the site's language.
pub fn heard_from_options(lang: &crate::i18n::Language) -> Vec<String> {
    HEARD_FROM_OPTIONS.iter().map(|k| lang.t(k, &[])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_heard_from_and_detects_formspree() {
        let (s, w) = parse("endpoint: https://formspree.io/f/x\nquestions:\n  - {name: s, label: What?, type: textarea, required: true}\n").unwrap();
        assert_eq!(
            s.endpoint,
            Endpoint::Formspree("https://formspree.io/f/x".into())
        );
        assert_eq!(s.questions.last().unwrap().name, HEARD_FROM);
        assert!(w.is_empty());
    }

    #[test]
    fn rejects_non_https_endpoints() {
        for bad in [
            "http://x.org/f",
            "javascript:alert(1)",
            "https://user:secret@forms.example/f",
        ] {
            let e = parse(&format!("endpoint: \"{bad}\"\n")).unwrap_err();
            assert!(!e.0[0].to_string().contains("secret"), "{}", e.0[0]);
            assert!(
                e.0[0]
                    .to_string()
                    .starts_with("suggestions.yaml:1:11: `endpoint` must be an https:// URL"),
                "{}",
                e.0[0]
            );
        }
    }

    #[test]
    fn warns_without_endpoint() {
        let (_, w) = parse("questions:\n  - {name: q, label: Q, type: text}\n").unwrap();
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn select_needs_options() {
        let e = parse("provider: netlify\nquestions:\n  - {name: a, label: A, type: select}\n")
            .unwrap_err();
        assert!(
            e.0[0].to_string().starts_with("suggestions.yaml:3:"),
            "{}",
            e.0[0]
        );
    }
}
