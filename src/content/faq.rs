//! `faq.yaml`: the questions customers ask, with Markdown answers, in groups; each
//! question has an anchor (`/faq/#do-you-deliver`) to link to from an email.

use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::listfile::{Checker, with_markdown};
use crate::error::{Diagnostic, Diagnostics};
use crate::i18n::localized::{Text, spanned};
use crate::layout::FAQ_FILE;

/// `faq.yaml` as written: questions without a group first, then the groups. On a site of
/// several languages each text may be one per language (`question: {en: ..., fr: ...}`):
/// the file is read once for each language (`i18n::localized`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default, deserialize_with = "crate::i18n::localized::option")]
    intro: Option<String>,
    #[serde(default)]
    questions: Vec<RawQuestion>,
    #[serde(default)]
    groups: Vec<RawGroup>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    title: Spanned<Text>,
    questions: Spanned<Vec<RawQuestion>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    question: Spanned<Text>,
    answer: Spanned<Text>,
    id: Option<Spanned<String>>,
}

/// The checked FAQ, its answers still Markdown.
#[derive(Debug, Clone, Hash)]
pub struct FaqSource {
    /// Markdown shown above the questions.
    pub intro: Option<String>,
    /// The groups in order; the first has no title when questions are written outside
    /// any group.
    pub groups: Vec<Group<String>>,
}

/// The FAQ with its answers rendered to HTML: what the page and its JSON-LD show.
#[derive(Debug, Clone, Hash)]
pub struct Faq {
    /// The intro, rendered.
    pub intro_html: Option<String>,
    /// The groups, answers rendered.
    pub groups: Vec<Group<String>>,
}

/// A group of questions under a heading (none for the questions outside any group).
#[derive(Debug, Clone, Hash)]
pub struct Group<A> {
    /// The heading.
    pub title: Option<String>,
    /// The questions, in order.
    pub questions: Vec<Question<A>>,
}

/// A question and its answer (Markdown in [`FaqSource`], HTML in [`Faq`]).
#[derive(Debug, Clone, Hash)]
pub struct Question<A> {
    /// The question as customers ask it.
    pub question: String,
    /// The answer.
    pub answer: A,
    /// The anchor: `id` as written, else the question made into a slug.
    pub id: String,
}

/// Parses and checks `faq.yaml`: every question and answer written, every anchor unique.
pub fn parse(text: &str) -> Result<FaqSource, Diagnostics> {
    let raw: Raw = crate::yaml::parse(text, Path::new(FAQ_FILE), 0)?;
    let mut c = Checker::new(FAQ_FILE);
    let check = |q: RawQuestion, c: &mut Checker| -> Question<String> {
        let (q_question, q_answer) = (spanned(q.question), spanned(q.answer));
        let question = c.written(
            &q_question,
            "`question` is empty: write the question as customers ask it",
        );
        c.written(
            &q_answer,
            &format!(
                "the answer to {:?} is empty: write it (Markdown)",
                q_question.value
            ),
        );
        let id = c.anchor(q.id.as_ref(), &q_question, "question");
        Question {
            question,
            answer: q_answer.value,
            id,
        }
    };
    let mut groups = Vec::new();
    if !raw.questions.is_empty() {
        let questions = (raw.questions.into_iter())
            .map(|q| check(q, &mut c))
            .collect();
        groups.push(Group {
            title: None,
            questions,
        });
    }
    for g in raw.groups {
        let g_title = spanned(g.title);
        let title = c.written(
            &g_title,
            "the group's `title` is empty: name the group, e.g. `title: Orders and delivery`",
        );
        if g.questions.value.is_empty() {
            c.at(
                &g.questions.referenced,
                format!(
                    "the group {:?} has no questions: add some, or remove the group",
                    g_title.value
                ),
            );
        }
        let questions = (g.questions.value.into_iter())
            .map(|q| check(q, &mut c))
            .collect();
        groups.push(Group {
            title: Some(title),
            questions,
        });
    }
    if groups.is_empty() {
        c.errors.push(Diagnostic::at(
            FAQ_FILE,
            1,
            1,
            "no questions: write `questions:` (a list of `question:` and `answer:`) or `groups:` (each a `title:` and its `questions:`)",
        ));
    }
    c.finish(FaqSource {
        intro: raw.intro,
        groups,
    })
}

/// Renders the intro and the answers; their links resolve as from the FAQ page.
pub fn render(src: &FaqSource, links: &super::links::SiteLinks) -> Faq {
    with_markdown(links, FAQ_FILE, crate::routes::FAQ, |md| Faq {
        intro_html: src.intro.as_deref().map(md),
        groups: (src.groups.iter())
            .map(|g| Group {
                title: g.title.clone(),
                questions: (g.questions.iter())
                    .map(|q| Question {
                        question: q.question.clone(),
                        answer: md(&q.answer),
                        id: q.id.clone(),
                    })
                    .collect(),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_outside_groups_come_first_and_anchors_are_slugs() {
        let f = parse("questions:\n  - {question: Do you deliver?, answer: Yes.}\ngroups:\n  - title: Beans\n    questions:\n      - question: Are the beans fresh?\n        answer: Roasted *Tuesday*.\n        id: fresh\n").unwrap();
        assert_eq!(f.groups.len(), 2);
        assert_eq!(f.groups[0].title, None);
        assert_eq!(f.groups[0].questions[0].id, "do-you-deliver");
        assert_eq!(f.groups[1].title.as_deref(), Some("Beans"));
        assert_eq!(f.groups[1].questions[0].id, "fresh");
    }

    #[test]
    fn a_repeated_anchor_is_reported_at_the_second_question() {
        let e = parse("questions:\n  - question: Gluten free?\n    answer: Some.\n  - question: Gluten-free?\n    answer: Yes.\n").unwrap_err();
        assert_eq!(e.0.len(), 1);
        assert!(
            e.0[0]
                .to_string()
                .starts_with("faq.yaml:4:15: this question's anchor #gluten-free is already"),
            "{}",
            e.0[0]
        );
    }
}
