//! Excerpts: a post's summary on the blog, tag and home pages, in the feeds and in a
//! newsletter issue links where the post itself links (`#part` becomes `/blog/slug/#part`),
//! and a broken link in it is an error once, at the post's line and column.

mod common;

use common::*;

const SETTINGS: &str = "provider: mailchimp\nform_url: https://basic.us1.list-manage.com/subscribe/post?u=abc123&id=def456\nmanage_url: https://basic.us1.list-manage.com/profile?u=abc123&id=def456\ntopics: [News and offers]\nfrequency: once a month\n";

/// The post of issue 21: its first paragraph links to its own heading (in Markdown and in
/// raw HTML), so the summary does too.
const HELP: &str = "---
title: We need you
date: 2024-03-20
tags: [Volunteers]
---
Skip ahead to the [How can I help?](#how-can-i-help) section, or <a href=\"#how-can-i-help\">jump</a>.

Some more text.

## How can I help?

Bake with us.
";

/// The basic fixture with the post above, a newsletter and its first issue (which carries
/// the posts of March).
fn site(post: &str) -> Site {
    let s = Site::basic();
    s.write("posts/help.md", post);
    s.write("newsletter.yaml", SETTINGS);
    s.write(
        "newsletter/2024-03.md",
        "---\nsubject: March\ndate: 2024-03-31\npreheader: What is new\n---\nHello!\n",
    );
    s
}

/// The `href`s of the links in `html` that go to the post's heading.
fn heading_links(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    select(&doc, "a")
        .into_iter()
        .filter_map(|a| a.value().attr("href"))
        .filter(|h| h.contains("how-can-i-help"))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_summary_linking_to_its_own_heading_links_to_the_post() {
    let s = site(HELP);
    let mail = s.root().join("mail");
    s.build(&["--email-out", mail.to_str().unwrap()])
        .assert_success();
    let out = s.out();
    let post = out.html("blog/help/index.html");
    assert_eq!(select(&post, "h2#how-can-i-help").len(), 1, "the anchor");
    assert_eq!(
        heading_links(&out.read("blog/help/index.html"))[..2],
        ["#how-can-i-help", "#how-can-i-help"],
        "the post itself keeps its own-page links"
    );
    for page in [
        "blog/index.html",
        "tags/volunteers/index.html",
        "index.html",
    ] {
        assert_eq!(
            heading_links(&out.read(page)),
            ["/blog/help/#how-can-i-help", "/blog/help/#how-can-i-help"],
            "{page}"
        );
    }
    let absolute = "https://basic.example/blog/help/#how-can-i-help";
    let issue = heading_links(&out.read("newsletter/2024-03/index.html"));
    assert_eq!(issue, [absolute, absolute], "the issue's web page");
    let email = std::fs::read_to_string(mail.join("2024-03/email.html")).unwrap();
    assert_eq!(heading_links(&email), [absolute, absolute], "the email");
    let text = std::fs::read_to_string(mail.join("2024-03/email.txt")).unwrap();
    assert!(!text.contains("](#"), "{text}");
    // The feeds: the summary and the whole post, both absolute.
    let quoted = format!("href=&quot;{absolute}&quot;");
    for feed in ["rss.xml", "atom.xml"] {
        let xml = out.read(feed);
        assert_eq!(xml.matches(&quoted).count(), 5, "{feed}: {xml}");
        assert!(!xml.contains("href=&quot;#how"), "{feed}");
        assert!(!xml.contains("href=&quot;/blog/help/#"), "{feed}");
    }
    let json: serde_json::Value = serde_json::from_str(&out.read("feed.json")).unwrap();
    let item = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["url"] == "https://basic.example/blog/help/")
        .expect("the post's item");
    assert_eq!(
        heading_links(item["content_html"].as_str().unwrap())[..2],
        [absolute, absolute]
    );
}

#[test]
fn a_summary_of_a_bundle_carries_its_files_resolved() {
    let s = Site::basic();
    s.write(
        "posts/kit/index.md",
        "---\ntitle: Kit\ndate: 2024-03-20\n---\nThe [list](list.txt), [part](#part), [other](../other.md) and [menu](/docs/menu.txt).\n\n## Part\n\nText.\n",
    );
    s.write("posts/kit/list.txt", "flour\n");
    let out = s.build_ok(&[]);
    let doc = out.html("blog/index.html");
    let hrefs: Vec<&str> = select(&doc, ".post-card-summary a")
        .into_iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        hrefs.starts_with(&[
            "/blog/kit/list.txt",
            "/blog/kit/#part",
            "/blog/other/",
            "/docs/menu.txt"
        ]),
        "{hrefs:?}"
    );
}

#[test]
fn a_broken_link_in_a_summary_is_one_error_at_the_post() {
    let s = site(
        &HELP
            .replace(
                "Skip ahead",
                "See [the part](#nope) or <a href=\"#gone\">this</a>.\n\nSkip ahead",
            )
            .replace("Some more text.\n\n", ""),
    );
    // The first paragraph is now on line 6: the blog, tag and home pages, the newsletter
    // issue and the post itself all show its two broken links.
    let run = s.build(&[]);
    run.assert_failure();
    let errors = run.error_lines();
    assert_eq!(
        errors.len(),
        2,
        "one error each, at the post:\n{}",
        run.stderr
    );
    let at = |place: &str, written: &str| {
        assert!(
            errors.iter().any(|e| e.starts_with(&format!(
                "error: posts/help.md:{place}: broken link `{written}`"
            ))),
            "no error at {place} about {written}:\n{}",
            run.stderr
        )
    };
    at("6:5", "#nope");
    at("6:35", "#gone");
}
