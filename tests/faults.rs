//! Faults of the reliability sweep (each failed at 8e2d9d2), with the real binary:
//! pathological but ordinary content builds in linear time, unsafe values are refused
//! where they are written, and errors name the file, line and column that caused them.
//! Time bounds here are generous (the quadratic versions took 30 s to minutes at these
//! sizes); the full sizes are measured by `bench/faults.sh`, not timed in tests.

mod common;

use std::fs;
use std::time::{Duration, Instant};

use common::*;

/// A minimal site with `files` written over it.
fn site(files: &[(&str, &str)]) -> Site {
    let s = Site::basic();
    for (rel, text) in files {
        s.write(rel, text);
    }
    s
}

fn post(front: &str, body: &str) -> String {
    format!("---\ntitle: P\ndate: 2024-01-01\n{front}---\n{body}\n")
}

/// Builds and checks that it took less than `limit`.
#[track_caller]
fn build_within(s: &Site, limit: Duration) -> Run {
    let start = Instant::now();
    let run = s.build(&[]);
    let took = start.elapsed();
    assert!(took < limit, "took {took:?}, more than {limit:?}");
    run
}

#[test]
fn many_footnotes_build_in_linear_time() {
    let n = 6000;
    let mut body: String = (0..n).map(|i| format!("Text[^{i}].\n\n")).collect();
    body.extend((0..n).map(|i| format!("[^{i}]: Note {i}.\n")));
    let s = site(&[("posts/notes.md", &post("", &body))]);
    build_within(&s, Duration::from_secs(15)).assert_success();
    let html = s.out().read("blog/notes/index.html");
    assert!(html.contains("Note 5999."));
}

#[test]
fn many_equal_headings_build_in_linear_time_with_unique_ids() {
    let body: String = (0..8000).map(|_| "## Same\n\ntext\n\n").collect();
    let s = site(&[("posts/same.md", &post("", &body))]);
    build_within(&s, Duration::from_secs(15)).assert_success();
    let html = s.out().read("blog/same/index.html");
    assert!(html.contains("id=\"same\""));
    assert!(html.contains("id=\"same-7999\""));
}

#[test]
fn a_huge_code_block_builds_quickly_as_plain_code() {
    let code: String = (0..120_000)
        .map(|i| format!("let x{i} = {i}; // line {i}\n"))
        .collect();
    let s = site(&[("posts/code.md", &post("", &format!("```rust\n{code}```\n")))]);
    build_within(&s, Duration::from_secs(20)).assert_success();
    let html = s.out().read("blog/code/index.html");
    assert!(html.contains("let x119999 = 119999;"));
}

#[test]
fn too_many_tags_is_an_error_at_the_first_one_too_many() {
    let tags: Vec<String> = (0..3000).map(|i| format!("t{i}")).collect();
    let s = site(&[(
        "posts/tags.md",
        &post(&format!("tags: [{}]\n", tags.join(", ")), "Hi"),
    )]);
    let run = build_within(&s, Duration::from_secs(15));
    run.assert_failure();
    // `tags: [t0, t1, ...` on line 4: t20 starts after 20 items of "tN, ".
    let col = "tags: [".len() + tags[..20].iter().map(|t| t.len() + 2).sum::<usize>() + 1;
    let line = run.error_line("error: posts/tags.md:");
    assert!(
        line.starts_with(&format!("error: posts/tags.md:4:{col}: 3000 tags")),
        "{line}"
    );
    assert!(!s.path("public").exists() || !s.out().has("tags/t2999/index.html"));
}

#[test]
fn a_long_slug_or_tag_is_an_error_at_its_value_not_an_os_error() {
    let long = "a".repeat(300);
    let s = site(&[
        ("posts/slug.md", &post(&format!("slug: {long}\n"), "Hi")),
        (
            "posts/tag.md",
            &post(&format!("tags: [ok, {long}]\n"), "Hi"),
        ),
    ]);
    let run = s.build(&[]);
    run.assert_failure();
    assert!(!run.stderr.contains("os error"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("posts/slug.md:4:7: `slug` is 300 bytes long"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("posts/tag.md:4:12: tag is 300 bytes long"),
        "{}",
        run.stderr
    );
}

#[test]
fn tags_that_would_share_a_page_are_refused_with_both_places() {
    let s = site(&[
        ("posts/a.md", &post("tags: [C++]\n", "A")),
        ("posts/b.md", &post("tags: [c]\n", "B")),
    ]);
    let run = s.build(&[]);
    run.assert_failure();
    let both = run
        .stderr
        .lines()
        .find(|l| l.contains("makes the same page (/tags/c/)"))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(
        both.contains("posts/a.md:4:8") && both.contains("posts/b.md:4:8"),
        "{both}"
    );
    // Letter case alone is one tag, as before.
    let s = site(&[
        ("posts/a.md", &post("tags: [Red]\n", "A")),
        ("posts/b.md", &post("tags: [red]\n", "B")),
    ]);
    s.build(&[]).assert_success();
}

#[test]
fn a_bare_carriage_return_cannot_start_a_vcard_property() {
    let s = site(&[(
        "contact.yaml",
        "business: \"Harbor\\rEMAIL:phish@evil.example\"\nperson: {name: Maria, role: \"Care\\rTEL:+1 666\"}\nemail: hello@basic.example\n",
    )]);
    s.build(&[]).assert_success();
    let vcf = s.out().read("contact.vcf");
    for line in vcf.split("\r\n") {
        assert!(!line.contains('\r') && !line.contains('\n'), "{line:?}");
        assert!(!line.starts_with("EMAIL:phish"), "{vcf}");
        assert!(!line.starts_with("TEL:+1 666"), "{vcf}");
    }
    let emails = vcf.matches("\r\nEMAIL").count();
    assert_eq!(emails, 1, "{vcf}");
}

#[test]
fn one_url_policy_for_every_field_with_exact_places() {
    let s = site(&[
        (
            "site.yaml",
            "title: Basic\nbase_url: https://basic.example/\nnav:\n  - {title: Home, url: /}\n  - {title: Evil, url: \"javascript:alert(1)\"}\n",
        ),
        (
            "contact.yaml",
            "business: B\nperson: {name: M}\nemail: a@b.example\nmap_url: http://maps.example/x\n",
        ),
        (
            "suggestions.yaml",
            "endpoint: https://user:hunter2@forms.example/f\nquestions:\n  - {name: s, label: What?, type: textarea}\n",
        ),
        (
            "posts/img.md",
            &post("image: \"data:image/svg+xml,<svg/>\"\n", "Hi"),
        ),
    ]);
    let run = s.build(&[]);
    run.assert_failure();
    let e = &run.stderr;
    assert!(e.contains("site.yaml:5:24: `nav` link \"Evil\""), "{e}");
    assert!(e.contains("contact.yaml:4:10: `map_url`"), "{e}");
    assert!(e.contains("suggestions.yaml:1:11: `endpoint`"), "{e}");
    assert!(
        !e.contains("hunter2"),
        "the password must not be printed: {e}"
    );
    assert!(e.contains("posts/img.md:4:8: `image`"), "{e}");
}

#[test]
fn a_top_level_file_linking_outside_the_site_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("contact.yaml"),
        "business: Elsewhere\nperson: {name: X}\nemail: x@elsewhere.example\n",
    )
    .unwrap();
    let s = Site::basic();
    s.remove("contact.yaml");
    std::os::unix::fs::symlink(outside.path().join("contact.yaml"), s.path("contact.yaml"))
        .unwrap();
    let run = s.build(&[]);
    run.assert_failure();
    assert!(
        run.stderr
            .contains("contact.yaml: is a link to a file outside the site folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_recursive_template_component_is_reported_once_at_the_template() {
    let s = site(&[
        ("posts/second.md", &post("", "Two")),
        (
            "templates/post.html",
            "{% extends \"base.html\" %}\n{% component looping(n) %}{{ <looping n={n} /> }}{% endcomponent %}\n{% block content %}{{ <looping n={1} /> }}{% endblock content %}\n",
        ),
    ]);
    let run = s.build(&[]);
    run.assert_failure();
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].starts_with("error: templates/post.html"),
        "{}",
        errors[0]
    );
    assert!(errors[0].contains("recursion"), "{}", errors[0]);
}

#[test]
fn the_yaml_mistakes_people_make_most_get_plain_words_at_the_right_place() {
    let s = site(&[
        (
            "posts/tab.md",
            "---\ntitle: Tab\ndate: 2024-01-01\n\tdraft: true\n---\nx\n",
        ),
        (
            "posts/quote.md",
            "---\ntitle: Wet vs \"dry\": which lube?\ndate: 2024-01-01\n---\nx\n",
        ),
        (
            "posts/quoted.md",
            "---\ntitle: \"Dry\" or wet?\ndate: 2024-01-01\n---\nx\n",
        ),
        (
            "posts/tags.md",
            "---\ntitle: T\ndate: 2024-01-01\ntags: a, b\n---\nx\n",
        ),
        (
            "posts/month.md",
            "---\ntitle: M\ndate: 2024-13-01\n---\nx\n",
        ),
    ]);
    let run = s.build(&[]);
    run.assert_failure();
    let e = &run.stderr;
    assert!(
        e.contains("posts/tab.md:4:1: YAML indents with spaces, not tabs"),
        "{e}"
    );
    assert!(
        e.contains("posts/quote.md:2:20: ")
            && e.contains(
                "put the whole title in single quotes: title: 'Wet vs \"dry\": which lube?'"
            ),
        "{e}"
    );
    assert!(
        e.contains("posts/quoted.md:2:")
            && e.contains("put the whole title in single quotes: title: '\"Dry\" or wet?'"),
        "{e}"
    );
    assert!(
        e.contains("posts/tags.md:4:7: `tags` is a list: write tags: [a, b]"),
        "{e}"
    );
    assert!(
        e.contains("posts/month.md:3:7: impossible date \"2024-13-01\": no such month"),
        "{e}"
    );
}
