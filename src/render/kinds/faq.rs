//! `/faq/`: the questions customers ask, each answer in a `<details>` with its own anchor,
//! and `FAQPage` JSON-LD.

use std::borrow::Cow;
use std::path::PathBuf;

use serde_json::{Value, json};

use super::{Job, Kind};
use crate::content::faq::Faq as FaqData;
use crate::error::Diagnostic;
use crate::output::Body;
use crate::render::Renderer;
use crate::render::site::Site;
use crate::routes;

/// `/faq/`, when the site has `faq.yaml`: its job holds the FAQ it shows.
#[derive(Debug, Hash)]
pub struct Faq<'r>(&'r FaqData);

impl<'r> Kind<'r> for Faq<'r> {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        r.content.faq.iter().map(Faq).collect()
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(routes::FAQ)
    }

    fn source(&self, _: &Site) -> PathBuf {
        PathBuf::from(crate::layout::FAQ_FILE)
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let faq = self.0;
        site.page(routes::FAQ, |cx| {
            let lang = site.lang();
            cx.titled(
                &lang.t("faq_title", &[]),
                Some(&lang.t("faq_description", &[("site", site.name())])),
            );
            cx.meta.jsonld = Some(jsonld(faq, &cx.meta.canonical, &site.config.language));
            cx.insert("intro_html", &faq.intro_html);
            cx.insert("groups", &groups(faq));
            "faq.html"
        })
    }

    fn listed(&self) -> Option<Option<crate::content::date::Date>> {
        Some(None)
    }
}

/// The groups as the template shows them.
fn groups(faq: &FaqData) -> Value {
    let groups: Vec<Value> = (faq.groups.iter())
        .map(|g| {
            let questions: Vec<Value> = (g.questions.iter())
                .map(|q| json!({ "question": q.question, "answer_html": q.answer, "id": q.id }))
                .collect();
            json!({ "title": g.title, "questions": questions })
        })
        .collect();
    Value::Array(groups)
}

/// `FAQPage` with one `Question` per question, its answer's HTML as the `Answer`'s text
/// (schema.org's `text` takes the few tags search engines keep: links, lists, emphasis).
fn jsonld(faq: &FaqData, canonical: &str, language: &str) -> String {
    let questions: Vec<Value> = (faq.groups.iter())
        .flat_map(|g| &g.questions)
        .map(|q| {
            json!({
                "@type": "Question",
                "name": q.question,
                "url": format!("{canonical}#{}", q.id),
                "acceptedAnswer": { "@type": "Answer", "text": q.answer.trim() },
            })
        })
        .collect();
    let v = json!({
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": canonical,
        "inLanguage": language,
        "mainEntity": questions,
    });
    super::jsonld_text(&v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_cannot_close_the_script_element() {
        let src = crate::content::faq::parse(
            "questions:\n  - {question: \"</script>?\", answer: \"<!-- x --></script>\"}\n",
        )
        .unwrap();
        let config = crate::config::parse("title: T\nbase_url: https://ex.com/\n", None).unwrap();
        let links = crate::content::links::SiteLinks::new(&config, [], &[], None);
        let faq = crate::content::faq::render(&src, &links);
        let j = jsonld(&faq, "https://ex.com/faq/", "en");
        assert!(!j.to_ascii_lowercase().contains("</script"), "{j}");
        assert!(!j.contains("<!--"), "{j}");
        let v: Value = serde_json::from_str(&j).unwrap();
        assert_eq!(v["mainEntity"][0]["url"], "https://ex.com/faq/#script");
    }
}
