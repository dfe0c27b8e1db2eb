//! The content review: every rule triggered once at its exact place, with its name and why
//! it matters; each silenced by `review: {ignore: [...]}`; an unknown rule name is an error.

mod common;

use common::*;

const SITE_YAML: &str = "title: Basic Bakery
base_url: https://basic.example/
description: A small bakery that the integration tests build.
language: en
author: Test Author
posts_per_page: 2
";

const RULES: [&str; 11] = [
    "contact-response-time",
    "contact-named-person",
    "image-alt",
    "form-length",
    "form-required",
    "you-said-we-did",
    "testimonial-date",
    "summary-length",
    "title-length",
    "description-length",
    "duplicate-title",
];

fn reviewed_site() -> Site {
    let s = Site::basic();
    s.write("site.yaml", SITE_YAML);
    s.write(
        "contact.yaml",
        "business: Basic Bakery\nperson:\n  name: Customer care\nphone: \"+1 207 555 0199\"\nemail: hello@basic.example\n",
    );
    s.write(
        "suggestions.yaml",
        "title: Help us\nendpoint: https://formspree.io/f/testform\nquestions:\n  - {name: a, label: A, type: text, required: true}\n  - {name: b, label: B, type: text}\n  - {name: c, label: C, type: text, required: true}\n  - {name: d, label: D, type: text}\n  - {name: e, label: E, type: text}\nacted_on:\n  - {date: 2023-08-01, you_said: X, we_did: Y}\n",
    );
    s.write(
        "testimonials/ben.yaml",
        "author: Ben Jones\nquote: Friendly people.\nrating: 4\n",
    );
    let long_paragraph = "Flour and water. ".repeat(20);
    s.write(
        "posts/long.md",
        format!(
            "---\ntitle: About the bakery\ndate: 2024-01-02\n---\n{long_paragraph}\n\nThen ![](/favicon.svg) and more.\n\n<img src=\"/favicon.svg\">\n"
        ),
    );
    s.write(
        "posts/titles.md",
        format!(
            "---\ntitle: {}\ndate: 2024-01-03\ndescription: {}\n---\nShort.\n",
            "A very long title that goes on and on about sourdough starters",
            "d".repeat(170)
        ),
    );
    s
}

fn warnings(run: &Run) -> Vec<String> {
    run.stderr
        .lines()
        .filter_map(|l| l.strip_prefix("warning: "))
        .filter(|l| l.contains("[review: "))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_rule_warns_once_at_its_place_with_its_name_and_why() {
    let s = reviewed_site();
    let run = s.build(&[]);
    run.assert_success();
    let w = warnings(&run);
    let expect = [
        (
            "contact.yaml:3:9: `person.name` \"Customer care\" names a department",
            "contact-named-person",
        ),
        (
            "contact.yaml:3:3: no `response_time`",
            "contact-response-time",
        ),
        ("suggestions.yaml:4:3: 6 questions", "form-length"),
        (
            "suggestions.yaml:6:47: question 3 (\"C\") is required",
            "form-required",
        ),
        (
            "suggestions.yaml:10:3: the newest \"You said, we did\" item is from 2023-08-01, more than 6 months before the newest post (2024-03-01)",
            "you-said-we-did",
        ),
        (
            "testimonials/ben.yaml:1:9: the testimonial of Ben Jones has no `date`",
            "testimonial-date",
        ),
        ("posts/long.md:7:6: an image without alt text", "image-alt"),
        ("posts/long.md:9:1: an image without alt text", "image-alt"),
        (
            "posts/long.md:2:8: no `description`, so the first paragraph (339 characters)",
            "summary-length",
        ),
        (
            "posts/titles.md:2:8: the title has 62 characters",
            "title-length",
        ),
        (
            "posts/titles.md:4:14: the description has 170 characters",
            "description-length",
        ),
        (
            "pages/about.md:2:8: posts/long.md has the same title \"About the bakery\"",
            "duplicate-title",
        ),
    ];
    for (start, rule) in expect {
        let found: Vec<&String> = w.iter().filter(|l| l.starts_with(start)).collect();
        assert_eq!(found.len(), 1, "{start:?} once in:\n{}", w.join("\n"));
        assert!(
            found[0].ends_with(&format!("[review: {rule}]")),
            "{}",
            found[0]
        );
        // One sentence on why it matters, between the finding and the rule.
        let message = found[0].rsplit_once(" [review: ").map_or("", |(m, _)| m);
        let why = message.rsplit_once(": ").map_or("", |(_, why)| why);
        assert!(why.split(' ').count() > 6, "{}", found[0]);
    }
    assert_eq!(w.len(), expect.len(), "{}", w.join("\n"));
    // The same review in `serve`.
    let mut preview = frontdesk::serve::state::Preview::new(
        &s.dir,
        frontdesk::content::LoadOptions::now(false, None),
    );
    preview.rebuild_all().expect("builds");
    let served: Vec<String> = preview
        .warnings()
        .iter()
        .map(ToString::to_string)
        .filter(|l| l.contains("[review: "))
        .collect();
    let mut built = w.clone();
    built.sort();
    let mut served = served;
    served.sort();
    assert_eq!(served, built);
}

#[test]
fn each_rule_is_silenced_by_name() {
    let s = reviewed_site();
    for rule in RULES {
        s.write(
            "site.yaml",
            format!("{SITE_YAML}review:\n  ignore: [{rule}]\n"),
        );
        let run = s.build(&[]);
        run.assert_success();
        let w = warnings(&run);
        let rules: std::collections::BTreeSet<&str> = w
            .iter()
            .filter_map(|l| {
                l.rsplit_once("[review: ")
                    .map(|(_, r)| r.trim_end_matches(']'))
            })
            .collect();
        assert_eq!(rules.len(), RULES.len() - 1, "{rule}:\n{}", w.join("\n"));
        assert!(
            !w.iter().any(|l| l.contains(&format!("[review: {rule}]"))),
            "{rule}"
        );
    }
    s.write(
        "site.yaml",
        format!("{SITE_YAML}review:\n  ignore: [{}]\n", RULES.join(", ")),
    );
    let run = s.build(&[]);
    run.assert_success();
    assert_eq!(warnings(&run), Vec::<String>::new());
}

#[test]
fn an_unknown_rule_name_is_an_error_at_it() {
    let s = Site::basic();
    s.write(
        "site.yaml",
        format!("{SITE_YAML}review:\n  ignore: [image-alt, alt-text]\n"),
    );
    let run = s.build(&[]);
    run.assert_failure();
    assert!(
        run.stderr.contains("site.yaml:8:23: no review rule is called \"alt-text\"; the rules are: contact-response-time,"),
        "{}",
        run.stderr
    );
}
