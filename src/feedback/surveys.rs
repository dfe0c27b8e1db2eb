//! The answers to one survey, counted: for each question with choices, how many picked
//! each (choices no one picked included), and the free-text answers as written.

use serde::Serialize;

use super::message::{Message, SURVEY_FORM, answer, norm};
use crate::content::Survey;
use crate::content::suggestions::{Kind, Question};

/// A survey's answers.
#[derive(Debug, Serialize)]
pub struct Tally {
    /// The survey's name.
    pub name: String,
    /// Its title.
    pub title: String,
    /// Its first day.
    pub opens: String,
    /// Its last day.
    pub closes: String,
    /// How many answered it.
    pub answers: usize,
    /// Each question, in the survey's order.
    pub questions: Vec<QuestionTally>,
}

/// One question's answers.
#[derive(Debug, Serialize)]
pub struct QuestionTally {
    /// The field name.
    pub name: String,
    /// The question as asked.
    pub label: String,
    /// Its type (`radio`, `textarea`...).
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// For a question with choices (and a yes/no box: `yes`), each choice and how many
    /// picked it, in the survey's order, then answers that are no choice of it.
    pub counts: Vec<Count>,
    /// For a free-text question: each answer, with its message's number.
    pub texts: Vec<Text>,
    /// How many left it unanswered.
    pub unanswered: usize,
}

/// A choice and how many picked it.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Count {
    /// The choice.
    pub choice: String,
    /// How many picked it.
    pub count: usize,
}

/// A free-text answer.
#[derive(Debug, Serialize)]
pub struct Text {
    /// The message's number in the inbox.
    pub id: i64,
    /// The answer.
    pub value: String,
}

/// Whether `m` answers the survey named `name`.
pub fn answers_survey(m: &Message, name: &str) -> bool {
    m.form == SURVEY_FORM && m.answer(&[crate::content::surveys::FIELD]) == Some(name)
}

/// Counts the answers to `survey` among `messages`.
pub fn tally(survey: &Survey, messages: &[Message]) -> Tally {
    let mine: Vec<&Message> = (messages.iter())
        .filter(|m| answers_survey(m, &survey.name))
        .collect();
    Tally {
        name: survey.name.clone(),
        title: survey.title.clone(),
        opens: survey.opens.iso_date(),
        closes: survey.closes.iso_date(),
        answers: mine.len(),
        questions: (survey.questions.iter())
            .map(|q| question(q, &mine))
            .collect(),
    }
}

fn question(q: &Question, messages: &[&Message]) -> QuestionTally {
    // Exports name a column by the field's name or, as Google Forms does, by its label.
    let names = [norm(&q.name), norm(&q.label)];
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let choices: Vec<String> = match q.kind {
        Kind::Scale => match (q.min, q.max) {
            (Some(a), Some(b)) => (a..=b).map(|n| n.to_string()).collect(),
            _ => Vec::new(),
        },
        Kind::Checkbox if q.options.is_empty() => vec!["yes".to_string()],
        _ => q.options.clone(),
    };
    let free = matches!(q.kind, Kind::Text | Kind::Textarea | Kind::Email);
    let mut counts: Vec<Count> = (choices.iter())
        .map(|c| Count {
            choice: c.clone(),
            count: 0,
        })
        .collect();
    let mut texts = Vec::new();
    let mut unanswered = 0;
    for m in messages {
        let Some(value) = answer(&m.fields, &names) else {
            unanswered += 1;
            continue;
        };
        if free {
            texts.push(Text {
                id: m.id,
                value: value.to_string(),
            });
            continue;
        }
        for picked in picked(q, value, &choices) {
            match counts.iter_mut().find(|c| c.choice == picked) {
                Some(c) => c.count += 1,
                None => counts.push(Count {
                    choice: picked,
                    count: 1,
                }),
            }
        }
    }
    QuestionTally {
        name: q.name.clone(),
        label: q.label.clone(),
        kind: q.kind.as_str(),
        counts,
        texts,
        unanswered,
    }
}

/// The choices an answer picks: several for boxes (joined with ", " by the preview and
/// most exports), a ticked yes/no box as `yes`, else the answer itself.
fn picked(q: &Question, value: &str, choices: &[String]) -> Vec<String> {
    match q.kind {
        Kind::Checkbox if q.options.is_empty() => {
            let ticked = matches!(
                norm(value).as_str(),
                "yes" | "on" | "true" | "1" | "checked"
            );
            vec![if ticked { "yes" } else { value }.to_string()]
        }
        Kind::Checkbox => {
            // A choice may itself hold ", ": take the known choices out first.
            let mut rest = value.to_string();
            let mut out = Vec::new();
            for c in choices {
                let parts: Vec<&str> = rest.split(", ").collect();
                if let Some(at) = find_run(&parts, c) {
                    out.push(c.clone());
                    let n = c.split(", ").count();
                    let mut kept = parts[..at].to_vec();
                    kept.extend_from_slice(&parts[at + n..]);
                    rest = kept.join(", ");
                }
            }
            out.extend(
                rest.split(", ")
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from),
            );
            out
        }
        _ => vec![value.to_string()],
    }
}

/// Where the choice `c` (split at ", ") stands as a run of `parts`.
fn find_run(parts: &[&str], c: &str) -> Option<usize> {
    let want: Vec<&str> = c.split(", ").collect();
    (0..parts.len()).find(|&i| parts[i..].starts_with(&want))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(id: i64, fields: &[(&str, &str)]) -> Message {
        Message {
            id,
            source: "serve".into(),
            form: SURVEY_FORM.into(),
            received: "2026-01-10T10:00:00Z".into(),
            name: None,
            email: None,
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            answered: None,
            acted: None,
        }
    }

    #[test]
    fn counts_every_choice_and_keeps_the_words() {
        let s = crate::content::surveys::parse(
            std::path::Path::new("surveys/menu.yaml"),
            "title: Menu\ngroup: All\nopens: 2026-01-01\ncloses: 2026-01-31\nquestions:\n  - {name: soup, label: Best soup?, type: radio, options: [Leek, Pumpkin, Lentil]}\n  - {name: extras, label: Extras?, type: checkbox, options: [Bread, 'Salt, pepper', Butter]}\n  - {name: again, label: Again?, type: checkbox}\n  - {name: more, label: Anything else?, type: textarea}\n  - {name: stars, label: Stars, type: scale, min: 1, max: 3}\n",
        )
        .unwrap();
        let messages = vec![
            message(
                1,
                &[
                    ("survey", "menu"),
                    ("soup", "Leek"),
                    ("extras", "Bread, Salt, pepper"),
                    ("again", "yes"),
                    ("more", "More bread"),
                    ("stars", "3"),
                ],
            ),
            // Google Forms names columns by the label.
            message(
                2,
                &[("survey", "menu"), ("Best soup?", "Leek"), ("stars", "2")],
            ),
            message(
                3,
                &[
                    ("survey", "menu"),
                    ("soup", "Tomato"),
                    ("extras", "Butter"),
                    ("more", "Warmer room"),
                ],
            ),
            // Another survey's answer, and a suggestion: not counted.
            message(4, &[("survey", "other"), ("soup", "Leek")]),
            Message {
                form: "suggestions".into(),
                ..message(5, &[("soup", "Leek")])
            },
        ];
        let t = tally(&s, &messages);
        assert_eq!(t.answers, 3);
        let counts = |i: usize| -> Vec<(String, usize)> {
            t.questions[i]
                .counts
                .iter()
                .map(|c| (c.choice.clone(), c.count))
                .collect()
        };
        let want = |v: &[(&str, usize)]| -> Vec<(String, usize)> {
            v.iter().map(|(c, n)| (c.to_string(), *n)).collect()
        };
        assert_eq!(
            counts(0),
            want(&[("Leek", 2), ("Pumpkin", 0), ("Lentil", 0), ("Tomato", 1)])
        );
        assert_eq!(
            counts(1),
            want(&[("Bread", 1), ("Salt, pepper", 1), ("Butter", 1)])
        );
        assert_eq!(t.questions[1].unanswered, 1);
        assert_eq!(counts(2), want(&[("yes", 1)]));
        assert_eq!(t.questions[2].unanswered, 2);
        let texts: Vec<(i64, &str)> = t.questions[3]
            .texts
            .iter()
            .map(|x| (x.id, x.value.as_str()))
            .collect();
        assert_eq!(texts, vec![(1, "More bread"), (3, "Warmer room")]);
        assert_eq!(counts(4), want(&[("1", 0), ("2", 1), ("3", 1)]));
    }
}
