//! The page kinds made from a business's data files (issue 26): the FAQ. Each is built
//! from a copy of `tests/fixtures/basic` by the real binary: errors at their positions,
//! the page, its JSON-LD, the sitemap and the navigation.

mod common;

use common::*;

// ---------------------------------------------------------------- FAQ

const FAQ: &str = "\
intro: What customers ask at the counter.
questions:
  - question: Do you bake <b>gluten-free</b> bread?
    answer: |
      On **Thursdays**. See [our about page](pages/about.md).
groups:
  - title: Orders & delivery
    questions:
      - question: Do you deliver?
        answer: Within 5 km.
        id: delivery
      - question: Can I order a cake?
        answer: Two days ahead.
";

#[test]
fn faq_page_shows_each_question_in_details_with_its_anchor_and_escapes_the_question() {
    let site = Site::basic();
    site.write("faq.yaml", FAQ);
    let out = site.build_ok(&[]);
    let doc = out.html("faq/index.html");
    let questions: Vec<String> = select(&doc, "details.faq-item > summary")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(
        questions,
        [
            "Do you bake <b>gluten-free</b> bread?",
            "Do you deliver?",
            "Can I order a cake?"
        ]
    );
    let ids: Vec<&str> = select(&doc, "details.faq-item > .faq-answer")
        .into_iter()
        .map(|e| e.value().attr("id").unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "do-you-bake-b-gluten-free-b-bread",
            "delivery",
            "can-i-order-a-cake"
        ]
    );
    assert_eq!(select(&doc, "details.faq-item summary b").len(), 0);
    let answer = one(&doc, "#delivery");
    assert_eq!(text(answer), "Within 5 km.");
    // The answer's Markdown is rendered and its link to a page resolved.
    assert_eq!(
        attr_of(&doc, "#do-you-bake-b-gluten-free-b-bread a", "href"),
        "/about/"
    );
    assert_eq!(text(one(&doc, ".faq-group h2")), "Orders & delivery");
    assert!(
        out.read("sitemap.xml")
            .contains("<loc>https://basic.example/faq/</loc>")
    );
}

#[test]
fn faq_json_ld_is_an_faq_page_with_every_question_and_its_answer() {
    let site = Site::basic();
    site.write("faq.yaml", FAQ);
    let out = site.build_ok(&[]);
    let doc = out.html("faq/index.html");
    let raw = text(one(&doc, "script[type=\"application/ld+json\"]"));
    let v: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(v["@type"], "FAQPage");
    let entities = v["mainEntity"].as_array().unwrap();
    assert_eq!(entities.len(), 3);
    assert_eq!(entities[1]["@type"], "Question");
    assert_eq!(entities[1]["name"], "Do you deliver?");
    assert_eq!(entities[1]["url"], "https://basic.example/faq/#delivery");
    assert_eq!(entities[1]["acceptedAnswer"]["@type"], "Answer");
    assert_eq!(entities[1]["acceptedAnswer"]["text"], "<p>Within 5 km.</p>");
}

#[test]
fn faq_is_in_the_default_navigation_only_when_the_site_has_one() {
    let site = Site::basic();
    let nav_links = |out: &Out| -> Vec<String> {
        let doc = out.html("index.html");
        select(&doc, "nav a")
            .into_iter()
            .filter_map(|a| a.value().attr("href").map(str::to_string))
            .collect()
    };
    let out = site.build_ok(&[]);
    assert!(!out.has("faq/index.html"));
    assert!(!nav_links(&out).iter().any(|h| h == "/faq/"));
    site.write("faq.yaml", FAQ);
    let out = site.build_ok(&[]);
    assert!(
        nav_links(&out).iter().any(|h| h == "/faq/"),
        "{:?}",
        nav_links(&out)
    );
}

#[test]
fn faq_errors_name_the_line_and_column_with_the_fix() {
    let site = Site::basic();
    // A typo in a key: the closest known key is the fix.
    site.write(
        "faq.yaml",
        "questions:\n  - question: Open on Sundays?\n    answer: No.\n  - question: Parking?\n    anwser: Behind the shop.\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("faq.yaml");
    assert_eq!((line, col), (5, 5), "{msg}");
    assert!(msg.contains("did you mean `answer`?"), "{msg}");
    // A group whose questions are not a list.
    site.write(
        "faq.yaml",
        "groups:\n  - title: Orders\n    questions: Do you deliver?\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, _) = run.located_error("faq.yaml");
    assert_eq!((line, col), (3, 16));
    // Two questions with the same anchor: the second is blamed, and told to take an id.
    site.write(
        "faq.yaml",
        "questions:\n  - {question: Gift cards?, answer: Yes.}\n  - {question: Gift cards!, answer: In store.}\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("faq.yaml");
    assert_eq!((line, col), (3, 16), "{msg}");
    assert!(
        msg.contains("#gift-cards") && msg.contains("`id:`"),
        "{msg}"
    );
    // An empty answer.
    site.write(
        "faq.yaml",
        "questions:\n  - question: Gift cards?\n    answer: \"\"\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("faq.yaml");
    assert_eq!((line, col), (3, 13), "{msg}");
}

#[test]
fn a_broken_link_in_an_answer_is_blamed_on_faq_yaml() {
    let site = Site::basic();
    site.write(
        "faq.yaml",
        "questions:\n  - {question: Menu?, answer: \"See [the menu](/no-such-page/).\"}\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    run.error_line("error: faq.yaml: broken link `/no-such-page/`");
}
