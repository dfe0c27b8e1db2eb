//! The newsletter: `newsletter.yaml` (who sends it, where people sign up, what they can
//! choose) and its issues, `newsletter/NAME.md`, whose Markdown is the owner's note.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::date::Date;
use super::frontmatter;
use crate::error::{Diagnostic, Diagnostics};
use crate::layout::{NEWSLETTER, NEWSLETTER_FILE};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    from_name: Option<Spanned<String>>,
    reply_to: Option<Spanned<String>>,
    provider: Option<String>,
    form_url: Option<String>,
    manage_url: Option<String>,
    #[serde(default)]
    topics: Vec<String>,
    frequency: Option<String>,
    #[serde(default, deserialize_with = "crate::i18n::localized::option")]
    title: Option<String>,
    #[serde(default, deserialize_with = "crate::i18n::localized::option")]
    intro: Option<String>,
    #[serde(default)]
    sections: Sections,
}

/// `sections:` of `newsletter.yaml`: what each issue carries besides the note, posts,
/// testimonial and changes; each is on unless the owner writes `false`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Sections {
    /// The events that take place between the issue and the next one.
    pub events: bool,
    /// The menu's items whose season starts in the issue's month.
    pub menu: bool,
}

impl Default for Sections {
    fn default() -> Self {
        Sections {
            events: true,
            menu: true,
        }
    }
}

/// The service that keeps the list and sends the email.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    /// Buttondown.
    Buttondown,
    /// Mailchimp.
    Mailchimp,
    /// listmonk (self-hosted).
    Listmonk,
    /// Formspree (collects the signups; the owner sends from elsewhere).
    Formspree,
    /// Netlify Forms.
    Netlify,
    /// Any other service with an https form address.
    Custom,
}

impl Provider {
    /// Every provider, by its name in `newsletter.yaml`.
    pub const ALL: [(&'static str, Provider); 6] = [
        ("buttondown", Provider::Buttondown),
        ("mailchimp", Provider::Mailchimp),
        ("listmonk", Provider::Listmonk),
        ("formspree", Provider::Formspree),
        ("netlify", Provider::Netlify),
        ("custom", Provider::Custom),
    ];

    /// Its name in `newsletter.yaml`.
    pub fn name(self) -> &'static str {
        Provider::ALL
            .iter()
            .find(|(_, p)| *p == self)
            .map_or("custom", |(n, _)| n)
    }

    /// How people know it.
    pub fn display_name(self) -> &'static str {
        match self {
            Provider::Buttondown => "Buttondown",
            Provider::Mailchimp => "Mailchimp",
            Provider::Listmonk => "listmonk",
            Provider::Formspree => "Formspree",
            Provider::Netlify => "Netlify",
            Provider::Custom => "our newsletter service",
        }
    }

    /// The merge tag the provider replaces with each subscriber's unsubscribe address.
    pub fn unsubscribe_tag(self) -> Option<&'static str> {
        match self {
            Provider::Buttondown => Some("{{ unsubscribe_url }}"),
            Provider::Mailchimp => Some("*|UNSUB|*"),
            Provider::Listmonk => Some("{{ UnsubscribeURL }}"),
            Provider::Formspree | Provider::Netlify | Provider::Custom => None,
        }
    }
}

/// The validated settings.
#[derive(Debug, Clone, Hash)]
pub struct Settings {
    /// The sender's name; default: the contact person.
    pub from_name: Option<String>,
    /// Where replies go; default: the contact email.
    pub reply_to: Option<String>,
    /// The list's service.
    pub provider: Provider,
    /// Where the signup form posts (`https://`); None for Netlify.
    pub form_url: Option<String>,
    /// The provider's page where subscribers update their details.
    pub manage_url: Option<String>,
    /// The choices subscribers make, each an unticked box.
    pub topics: Vec<String>,
    /// How often it comes, said on the signup page ("once a month").
    pub frequency: Option<String>,
    /// The archive page's title.
    pub title: Option<String>,
    /// Text above the signup form.
    pub intro: Option<String>,
    /// Which sections the issues carry.
    pub sections: Sections,
}

/// One issue: `newsletter/NAME.md`.
#[derive(Debug, Clone, Hash)]
pub struct Issue {
    /// The source file, relative to the site folder.
    pub source: PathBuf,
    /// The URL name: the file name (`2026-11`).
    pub slug: String,
    /// The email's subject.
    pub subject: String,
    /// When it is sent; what "since the previous issue" counts from.
    pub date: Date,
    /// The line inbox lists show after the subject.
    pub preheader: Option<String>,
    /// Left out unless `--drafts`.
    pub draft: bool,
    /// The owner's note (Markdown).
    pub body: String,
    /// The line the note starts on.
    pub body_line: u32,
    /// The note as HTML, its links resolved as from the issue's web page (root-relative).
    pub note_html: String,
    /// The local image files a link of the note leads to (to their light copy).
    pub linked_images: Vec<std::path::PathBuf>,
}

impl Settings {
    /// The newsletter's name: the owner's, or the language's "Newsletter".
    pub fn title(&self, lang: &crate::i18n::Language) -> String {
        (self.title.clone()).unwrap_or_else(|| lang.t("newsletter_title", &[]))
    }

    /// How often it comes: the owner's words, or the language's "once a month".
    pub fn frequency(&self, lang: &crate::i18n::Language) -> String {
        (self.frequency.clone()).unwrap_or_else(|| lang.t("newsletter_frequency", &[]))
    }
}

impl Issue {
    /// The web version's route: `newsletter/2026-11/`.
    pub fn route(&self) -> String {
        format!("{NEWSLETTER}/{}/", self.slug)
    }
}

/// Leaves out draft issues (unless `drafts`) and renders every issue's note, its links
/// resolved as from the issue's page.
pub fn prepare(newsletter: &mut Option<Newsletter>, links: &super::links::SiteLinks, drafts: bool) {
    if let Some(n) = newsletter {
        prepare_issues(&mut n.issues, links, drafts);
    }
}

/// [`prepare`] for a list of issues (a further language's own, `en/newsletter/`): each
/// issue's page is in its language's folder, and its links resolve from there.
pub fn prepare_issues(issues: &mut Vec<Issue>, links: &super::links::SiteLinks, drafts: bool) {
    issues.retain(|i| drafts || !i.draft);
    for issue in issues {
        let url = links.url_of(&issue.source, &issue.route());
        let doc = links.for_doc(&issue.source, &url, false);
        let recorder = crate::markdown::Recorder::new(&doc);
        issue.note_html = crate::markdown::render(&issue.body, &recorder).html;
        issue.linked_images = recorder.into_recorded().linked;
    }
}

/// The newsletter: settings and issues, oldest first.
#[derive(Debug, Clone, Hash)]
pub struct Newsletter {
    /// `newsletter.yaml`.
    pub settings: Settings,
    /// The issues, oldest first (drafts only with `--drafts`).
    pub issues: Vec<Issue>,
}

/// Parses `newsletter.yaml`.
pub fn parse_settings(text: &str) -> Result<Settings, Diagnostics> {
    let raw: Raw = crate::yaml::parse(text, Path::new(NEWSLETTER_FILE), 0)?;
    let positions = crate::yaml::Positions::of(text);
    let mut errors = Vec::new();
    let mut err = |key: &[&str], msg: String| {
        let (l, c) = positions.at(key);
        errors.push(Diagnostic::at(NEWSLETTER_FILE, l, c, msg));
    };
    let mut known = true;
    let provider = match raw.provider.as_deref() {
        None => Provider::Custom,
        Some(name) => match Provider::ALL.iter().find(|(n, _)| *n == name) {
            Some((_, p)) => *p,
            None => {
                known = false;
                err(
                    &["provider"],
                    format!(
                        "unknown `provider` {name:?}: write one of buttondown, mailchimp, listmonk, formspree, netlify or custom"
                    ),
                );
                Provider::Custom
            }
        },
    };
    let form_url = match (&raw.form_url, provider) {
        (Some(_), Provider::Netlify) => {
            err(
                &["form_url"],
                "Netlify Forms receive the form on the site itself: leave out `form_url`".into(),
            );
            None
        }
        (Some(url), _) => match crate::url_policy::check_https(url) {
            Ok(()) => Some(url.clone()),
            Err(m) => {
                err(
                    &["form_url"],
                    format!("`form_url` must be an https:// URL: {m}"),
                );
                None
            }
        },
        (None, Provider::Netlify) => None,
        (None, _) if !known => None,
        (None, p) => {
            err(
                &["provider"],
                format!(
                    "`form_url` is missing: the https:// address {}'s signup form posts to",
                    p.display_name()
                ),
            );
            None
        }
    };
    let manage_url = raw
        .manage_url
        .and_then(|url| match crate::url_policy::check_https(&url) {
            Ok(()) => Some(url),
            Err(m) => {
                err(
                    &["manage_url"],
                    format!("`manage_url` must be an https:// URL: {m}"),
                );
                None
            }
        });
    let header = |key: &str, value: &Option<Spanned<String>>, what: &str| {
        value.as_ref().and_then(|v| {
            crate::yaml::single_line(text, Path::new(NEWSLETTER_FILE), 0, key, what, v)
        })
    };
    let mut header_errors: Vec<Diagnostic> = [
        header("from_name", &raw.from_name, "the email's From header"),
        header("reply_to", &raw.reply_to, "the email's Reply-To header"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let bad_reply_to = header_errors
        .iter()
        .any(|d| d.message.starts_with("`reply_to`"));
    if let Some(r) = &raw.reply_to
        && !bad_reply_to
        && !crate::text::is_email(&r.value)
    {
        err(
            &["reply_to"],
            format!("`reply_to` {:?} is not an email address", r.value),
        );
    }
    let mut seen = std::collections::HashSet::new();
    for (i, t) in raw.topics.iter().enumerate() {
        if t.trim().is_empty() || !seen.insert(t.to_lowercase()) {
            err(
                &["topics", &i.to_string()],
                format!("topic {t:?} is empty or given twice"),
            );
        }
    }
    errors.append(&mut header_errors);
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    Ok(Settings {
        from_name: raw.from_name.map(|s| s.value),
        reply_to: raw.reply_to.map(|s| s.value),
        provider,
        form_url,
        manage_url,
        topics: raw.topics,
        frequency: raw.frequency,
        title: raw.title,
        intro: raw.intro,
        sections: raw.sections,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    subject: Option<Spanned<String>>,
    date: Option<Spanned<Date>>,
    preheader: Option<String>,
    #[serde(default)]
    draft: bool,
}

/// Parses `newsletter/NAME.md`.
pub fn parse_issue(rel: &Path, text: &str) -> Result<Issue, Diagnostics> {
    let split = frontmatter::split(text).map_err(|m| Diagnostic::at(rel, 1, 1, m))?;
    let fm: FrontMatter = crate::yaml::parse(split.yaml, rel, 1)?;
    let mut errors = Vec::new();
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = crate::slug::slugify(&stem);
    if slug.is_empty() {
        errors.push(Diagnostic::file(
            rel,
            "cannot make a URL from this file name: name it like 2026-11.md",
        ));
    }
    let subject = match fm.subject {
        Some(s) if !s.value.trim().is_empty() => {
            let header = "the email's Subject header";
            if let Some(d) = crate::yaml::single_line(split.yaml, rel, 1, "subject", header, &s) {
                errors.push(d);
            }
            s.value
        }
        Some(s) => {
            let (l, c) = super::post::place(&s.referenced);
            errors.push(Diagnostic::at(
                rel,
                l,
                c,
                "`subject` is empty: write the email's subject line",
            ));
            String::new()
        }
        None => {
            errors.push(Diagnostic::at(
                rel,
                2,
                1,
                "`subject` is missing: write the email's subject line",
            ));
            String::new()
        }
    };
    let date = match fm.date {
        Some(d) => Some(d.value),
        None => {
            errors.push(Diagnostic::at(
                rel,
                2,
                1,
                "`date` is missing: the day the issue is sent, e.g. date: 2026-11-30",
            ));
            None
        }
    };
    match (date, errors.is_empty()) {
        (Some(date), true) => Ok(Issue {
            source: rel.to_path_buf(),
            slug,
            subject,
            date,
            preheader: fm.preheader,
            draft: fm.draft,
            body: split.body.to_string(),
            body_line: split.body_line,
            note_html: String::new(),
            linked_images: Vec::new(),
        }),
        _ => Err(Diagnostics(errors)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_need_a_form_url_except_for_netlify() {
        let e = parse_settings("provider: buttondown\n").unwrap_err();
        assert!(
            e.0[0]
                .to_string()
                .starts_with("newsletter.yaml:1:11: `form_url` is missing"),
            "{}",
            e.0[0]
        );
        let s = parse_settings("provider: netlify\ntopics: [News, Events]\n").unwrap();
        assert_eq!(s.provider, Provider::Netlify);
        assert_eq!(s.frequency, None);
        let e = parse_settings("provider: mailchimp\nform_url: http://x.example/\n").unwrap_err();
        assert!(
            e.0[0]
                .to_string()
                .starts_with("newsletter.yaml:2:11: `form_url` must be an https://"),
            "{}",
            e.0[0]
        );
        let e = parse_settings("provider: postal\n").unwrap_err();
        assert!(e.0[0].to_string().contains("unknown `provider`"));
        let e = parse_settings("provider: netlify\ntopics: [News, news]\n").unwrap_err();
        assert!(
            e.0[0].to_string().starts_with("newsletter.yaml:2:"),
            "{}",
            e.0[0]
        );
    }

    #[test]
    fn an_issue_needs_a_subject_and_a_date() {
        let rel = Path::new("newsletter/2026-11.md");
        let i = parse_issue(
            rel,
            "---\nsubject: News from the roastery\ndate: 2026-11-30\n---\nHello!\n",
        )
        .unwrap();
        assert_eq!(
            (i.slug.as_str(), i.body.as_str(), i.body_line),
            ("2026-11", "Hello!\n", 5)
        );
        let e = parse_issue(rel, "---\npreheader: x\n---\nHi\n").unwrap_err();
        assert_eq!(e.0.len(), 2, "{e:?}");
        let e = parse_issue(rel, "---\nsubject: S\ndate: 2026-02-30\n---\n").unwrap_err();
        assert!(
            e.0[0].to_string().starts_with("newsletter/2026-11.md:3:"),
            "{}",
            e.0[0]
        );
    }
}
