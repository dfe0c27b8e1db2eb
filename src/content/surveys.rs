//! `surveys/NAME.yaml`: a short survey for one group of customers, open between two
//! dates, with at most [`MAX_QUESTIONS`] questions of the suggestion form's types. Each
//! becomes `/surveys/NAME/`.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::date::Date;
use super::suggestions::{self, Question};
use crate::error::{Diagnostic, Diagnostics};

/// More questions than this and people stop answering: a survey may not have more.
pub const MAX_QUESTIONS: usize = suggestions::MAX_QUESTIONS;

/// The hidden field that names the survey an answer belongs to (`inbox import` reads it).
pub const FIELD: &str = "survey";

/// Field names a survey question may not take: the form's own hidden fields.
const RESERVED: [&str; 3] = [FIELD, suggestions::CHANNEL, "form-name"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    title: String,
    intro: Option<String>,
    group: String,
    opens: Date,
    closes: Date,
    #[serde(default)]
    questions: Vec<Question>,
    submit_label: Option<String>,
}

/// A validated survey.
#[derive(Debug, Clone, Hash)]
pub struct Survey {
    /// The source file, relative to the site folder.
    pub source: PathBuf,
    /// Its name: the file's name without `.yaml`, which is its URL (`surveys/NAME/`).
    pub name: String,
    /// The page's title.
    pub title: String,
    /// A few words above the questions.
    pub intro: Option<String>,
    /// Who it is meant for ("customers of the last three months").
    pub group: String,
    /// The first day it takes answers.
    pub opens: Date,
    /// The last day it takes answers.
    pub closes: Date,
    /// One to [`MAX_QUESTIONS`] questions.
    pub questions: Vec<Question>,
    /// The submit button's words, if the owner gives them.
    pub submit_label: Option<String>,
}

impl Survey {
    /// Its route: `surveys/NAME/`.
    pub fn route(&self) -> String {
        crate::routes::survey(&self.name)
    }

    /// Whether `now` is past its last day (in the time zone its dates are written in).
    pub fn is_closed(&self, now: DateTime<Utc>) -> bool {
        now.with_timezone(self.closes.0.offset()).date_naive() > self.closes.0.date_naive()
    }

    /// Whether it takes answers on the day `day` (its first and last day included).
    pub fn is_open_on(&self, day: Date) -> bool {
        let d = day.0.date_naive();
        self.opens.0.date_naive() <= d && d <= self.closes.0.date_naive()
    }
}

/// Parses and validates `rel` (a path relative to the site folder).
pub fn parse(rel: &Path, text: &str) -> Result<Survey, Diagnostics> {
    let raw: Raw = crate::yaml::parse(text, rel, 0)?;
    let positions = crate::yaml::Positions::of(text);
    let mut errors = Vec::new();
    let name = rel
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        || name.starts_with('-')
    {
        errors.push(Diagnostic::file(
            rel,
            format!(
                "the survey's name {name:?} becomes its address (/surveys/NAME/): rename the file with lower-case letters, digits and dashes, e.g. {}.yaml",
                crate::slug::slugify(&name)
            ),
        ));
    }
    let at = |path: &[&str], msg: String| {
        let (l, c) = positions.at(path);
        Diagnostic::at(rel, l, c, msg)
    };
    if raw.title.trim().is_empty() {
        errors.push(at(
            &["title"],
            "`title` is empty: say what the survey asks about".into(),
        ));
    }
    if raw.group.trim().is_empty() {
        errors.push(at(
            &["group"],
            "`group` is empty: say who the survey is for, e.g. \"customers who visited this winter\"".into(),
        ));
    }
    if raw.closes < raw.opens {
        errors.push(at(
            &["closes"],
            format!(
                "`closes` ({}) is before `opens` ({}): a survey closes on or after the day it opens",
                raw.closes.iso_date(),
                raw.opens.iso_date()
            ),
        ));
    }
    match raw.questions.len() {
        0 => errors.push(at(
            &["questions"],
            "a survey needs `questions` (one to five), e.g. questions: [{name: visit, label: How was your visit?, type: textarea}]".into(),
        )),
        n if n > MAX_QUESTIONS => errors.push(at(
            &["questions", &MAX_QUESTIONS.to_string()],
            format!(
                "a survey has at most {MAX_QUESTIONS} questions and this is question {}: keep the five that matter most and delete the rest ({n} in all)",
                MAX_QUESTIONS + 1
            ),
        )),
        _ => {}
    }
    errors.extend(suggestions::check_questions(
        &raw.questions,
        &positions,
        rel,
    ));
    for (i, q) in raw.questions.iter().enumerate() {
        if RESERVED.contains(&q.name.as_str()) {
            errors.push(at(
                &["questions", &i.to_string(), "name"],
                format!(
                    "the name {:?} is the form's own hidden field: name the question otherwise",
                    q.name
                ),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors).sorted());
    }
    Ok(Survey {
        source: rel.to_path_buf(),
        name,
        title: raw.title,
        intro: raw.intro,
        group: raw.group,
        opens: raw.opens,
        closes: raw.closes,
        questions: raw.questions,
        submit_label: raw.submit_label,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str =
        "title: Winter menu\ngroup: Regulars\nopens: 2026-01-05\ncloses: 2026-01-31\n";

    fn survey(questions: &str) -> Result<Survey, Diagnostics> {
        parse(
            Path::new("surveys/winter.yaml"),
            &format!("{HEAD}questions:\n{questions}"),
        )
    }

    fn question(i: usize) -> String {
        format!("  - name: q{i}\n    label: Question {i}\n    type: text\n")
    }

    #[test]
    fn five_questions_are_fine_and_a_sixth_is_refused_at_its_place() {
        let five: String = (1..=5).map(question).collect();
        let s = survey(&five).unwrap();
        assert_eq!((s.name.as_str(), s.questions.len()), ("winter", 5));
        assert_eq!(s.route(), "surveys/winter/");
        let six: String = (1..=6).map(question).collect();
        let e = survey(&six).unwrap_err();
        // HEAD is 4 lines, `questions:` the 5th, each question 3 lines: the 6th starts
        // on line 6 + 5 * 3 = 21, its first key at column 5.
        let msg = e.0[0].to_string();
        assert!(
            msg.starts_with("surveys/winter.yaml:21:5: a survey has at most 5 questions"),
            "{msg}"
        );
    }

    #[test]
    fn an_unknown_key_names_the_closest_one() {
        let e = parse(
            Path::new("surveys/a.yaml"),
            &format!("{HEAD}clses: 2026-02-01\nquestions:\n{}", question(1)),
        )
        .unwrap_err();
        assert_eq!(
            e.0[0].to_string(),
            "surveys/a.yaml:5:1: unknown field `clses`: did you mean `closes`?"
        );
    }

    #[test]
    fn dates_names_and_reserved_fields() {
        let e = parse(
            Path::new("surveys/a.yaml"),
            "title: T\ngroup: G\nopens: 2026-02-01\ncloses: 2026-01-01\nquestions:\n  - {name: survey, label: S, type: text}\n",
        )
        .unwrap_err();
        let all: Vec<String> = e.0.iter().map(|d| d.to_string()).collect();
        assert!(
            all[0].starts_with("surveys/a.yaml:4:9: `closes` (2026-01-01) is before"),
            "{all:?}"
        );
        assert!(
            all[1].starts_with("surveys/a.yaml:6:12: the name \"survey\""),
            "{all:?}"
        );
        let e = parse(
            Path::new("surveys/Big Survey.yaml"),
            &format!("{HEAD}questions:\n{}", question(1)),
        )
        .unwrap_err();
        assert!(e.0[0].to_string().contains("big-survey.yaml"), "{}", e.0[0]);
    }

    #[test]
    fn open_and_closed_by_day() {
        let s = survey(&question(1)).unwrap();
        let at = |t: &str| DateTime::parse_from_rfc3339(t).unwrap().with_timezone(&Utc);
        assert!(!s.is_closed(at("2026-01-31T23:59:00Z")));
        assert!(s.is_closed(at("2026-02-01T00:00:00Z")));
        assert!(s.is_open_on(Date::parse("2026-01-05").unwrap()));
        assert!(s.is_open_on(Date::parse("2026-01-31").unwrap()));
        assert!(!s.is_open_on(Date::parse("2026-02-01").unwrap()));
        assert!(!s.is_open_on(Date::parse("2026-01-04").unwrap()));
    }
}
