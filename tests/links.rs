//! Internal link integrity: every broken link, image, srcset entry and anchor is an error
//! at the exact place its author wrote it, in `build` and in `serve`, all at once.

mod common;

use common::*;

fn site(files: &[(&str, &str)]) -> Site {
    let s = Site::basic();
    for (rel, text) in files {
        s.write(rel, text);
    }
    s
}

/// A post linking to a static file and to a heading of another post.
fn linked_site() -> Site {
    site(&[
        ("static/files/menu.pdf", "%PDF-1.4 menu"),
        (
            "posts/hello.md",
            "---\ntitle: Hello\ndate: 2024-03-01\n---\nThe [menu](/files/menu.pdf) and [part two](other.md#part-two).\n",
        ),
        (
            "posts/other.md",
            "---\ntitle: Other\ndate: 2024-02-01\n---\n## Part two\n\nText.\n",
        ),
    ])
}

/// A preview of the site, as `serve` keeps it.
fn preview_of(s: &Site) -> frontdesk::serve::state::Preview {
    frontdesk::serve::state::Preview::new(&s.dir, frontdesk::content::LoadOptions::now(false, None))
}

/// The error lines of a failed build, without the final count.
fn errors(run: &Run) -> Vec<String> {
    run.error_lines()
        .into_iter()
        .map(|l| l.trim_start_matches("error: ").to_string())
        .collect()
}

/// The error of an update that must fail (its delta, when it did not, is not printed:
/// it holds whole pages).
#[track_caller]
fn fails<T>(
    result: Result<T, frontdesk::error::Diagnostics>,
    why: &str,
) -> frontdesk::error::Diagnostics {
    match result {
        Ok(_) => panic!("the update went through, but {why}"),
        Err(e) => e,
    }
}

#[track_caller]
fn has(errors: &[String], prefix: &str) {
    assert!(
        errors.iter().any(|e| e.starts_with(prefix)),
        "no error starting with {prefix:?} in:\n{}",
        errors.join("\n")
    );
}

const POST: &str = "---
title: Winter care
date: 2024-02-01
---
Intro text.

## Chains

See [storage](winter-storage.md) and [the other post](other.md#no-such-part).
Jump to [nowhere](#no-such-heading) or [chains](#chains).

![chain](chain-chek.png)

<img src=\"loaf.png\" alt=\"ok\" srcset=\"loaf.png 1x, loaf-2x.png 2x\">

[missing page](/no-such-page/) and [outside](../../../../etc/passwd).
";

#[test]
fn every_broken_reference_is_an_error_at_its_source_and_nothing_is_published() {
    let s = site(&[
        ("posts/bread-bundle/index.md", POST),
        (
            "posts/card.md",
            "---\ntitle: Card\ndate: 2024-01-09\ndescription: A card.\nimage: missing-card.png\n---\nText.\n",
        ),
        (
            "site.yaml",
            "title: Basic Bakery\nbase_url: https://basic.example/\nnav:\n  - {title: Blog, url: /blog/}\n  - {title: Gone, url: /nowhere/}\n",
        ),
        (
            "templates/post.html",
            "{% extends \"base.html\" %}\n{% block content %}\n<a href=\"{{ site.root }}blgo/\">back</a>{{ post.content_html | safe }}{% endblock %}\n",
        ),
    ]);
    let run = s.build(&[]);
    run.assert_failure();
    assert!(!s.out().has("index.html"), "nothing published");
    let e = errors(&run);
    let p = "posts/bread-bundle/index.md";
    has(
        &e,
        &format!(
            "{p}:9:5: broken link `winter-storage.md`: no post or page is written in that file"
        ),
    );
    has(
        &e,
        &format!(
            "{p}:9:38: broken link `other.md#no-such-part`: /blog/other/ has no heading or anchor with the id `no-such-part`"
        ),
    );
    has(
        &e,
        &format!(
            "{p}:10:9: broken link `#no-such-heading`: /blog/bread-bundle/ has no heading or anchor with the id `no-such-heading`"
        ),
    );
    has(
        &e,
        &format!(
            "{p}:12:1: broken image `chain-chek.png`: the site has no file at /blog/bread-bundle/chain-chek.png"
        ),
    );
    has(
        &e,
        &format!(
            "{p}:14:51: broken image `loaf-2x.png`: the site has no file at /blog/bread-bundle/loaf-2x.png"
        ),
    );
    has(
        &e,
        &format!("{p}:16:1: broken link `/no-such-page/`: the site has no file at /no-such-page/"),
    );
    has(
        &e,
        &format!("{p}:16:36: broken link `../../../../etc/passwd`: it points outside the site"),
    );
    has(
        &e,
        "site.yaml:5:24: broken link `/nowhere/`: the site has no file at /nowhere/",
    );
    has(
        &e,
        "templates/post.html:3:25: broken link `/blgo/`: the site has no file at /blgo/",
    );
    // The good ones are not reported.
    assert!(
        !e.iter()
            .any(|l| l.contains("#chains") || l.contains("`loaf.png`")),
        "{e:?}"
    );
    // Each place once, though the nav and template links are on many pages.
    let nav = e.iter().filter(|l| l.contains("`/nowhere/`")).count();
    assert_eq!(nav, 1, "{e:?}");

    // An emergency deploy: the same lines as warnings, and the site is published.
    let run = s.build(&["--allow-broken-links"]);
    run.assert_success();
    assert!(
        run.stderr.contains(&format!(
            "warning: {p}:9:5: broken link `winter-storage.md`"
        )),
        "{}",
        run.stderr
    );
    assert!(s.out().has("blog/bread-bundle/index.html"));
}

#[test]
fn a_link_to_a_removed_post_breaks_a_warm_build_too() {
    let s = site(&[(
        "posts/hello.md",
        "---\ntitle: Hello\ndate: 2024-03-01\n---\nSee [the other](other.md#top).\n",
    )]);
    s.build(&[]).assert_success();
    s.remove("posts/other.md");
    let run = s.build(&[]);
    run.assert_failure();
    has(
        &errors(&run),
        "posts/hello.md:5:5: broken link `other.md#top`: no post or page is written in that file",
    );
}

#[test]
fn serve_reports_the_same_broken_links_and_keeps_the_last_good_site() {
    let s = Site::basic();
    let mut preview = preview_of(&s);
    let first = preview.rebuild_all().expect("the basic site builds");
    assert!(!first.is_empty());
    s.write(
        "posts/hello.md",
        "---\ntitle: Hello\ndate: 2024-03-01\n---\nSee [the plan](plans.md) and [part two](#two).\n",
    );
    let err = fails(
        preview.apply(&[s.path("posts/hello.md")]),
        "a broken link fails the update",
    );
    let text = err.to_string();
    let build = s.build(&[]);
    build.assert_failure();
    for line in errors(&build) {
        assert!(text.contains(&line), "serve lacks {line:?}:\n{text}");
    }
    assert!(
        text.contains("posts/hello.md:5:5: broken link `plans.md`"),
        "{text}"
    );
    assert!(
        text.contains("posts/hello.md:5:30: broken link `#two`"),
        "{text}"
    );
    // Fixed: the update goes through.
    s.write(
        "posts/hello.md",
        "---\ntitle: Hello\ndate: 2024-03-01\n---\nSee [the other](other.md).\n",
    );
    let delta = preview.apply(&[s.path("posts/hello.md")]).expect("fixed");
    assert!(
        delta
            .upserts
            .iter()
            .any(|o| o.path == "blog/hello/index.html")
    );
}

#[test]
fn a_warm_build_checks_pages_it_takes_over_unchanged() {
    let s = linked_site();
    s.build(&[]).assert_success();
    // The post is unchanged (taken over from the last output); what it links to is not.
    s.remove("static/files/menu.pdf");
    s.write(
        "posts/other.md",
        "---\ntitle: Other\ndate: 2024-02-01\n---\n## Part 2\n\nText.\n",
    );
    let run = s.build(&[]);
    run.assert_failure();
    let e = errors(&run);
    has(
        &e,
        "posts/hello.md:5:5: broken link `/files/menu.pdf`: the site has no file at /files/menu.pdf",
    );
    has(
        &e,
        "posts/hello.md:5:33: broken link `other.md#part-two`: /blog/other/ has no heading or anchor with the id `part-two`",
    );
    // Put right: the warm build passes again.
    s.write("static/files/menu.pdf", "%PDF-1.4 menu");
    s.write(
        "posts/other.md",
        "---\ntitle: Other\ndate: 2024-02-01\n---\n## Part two\n\nText.\n",
    );
    s.build(&[]).assert_success();
}

#[test]
fn serve_finds_links_broken_by_a_change_elsewhere() {
    let s = linked_site();
    let mut preview = preview_of(&s);
    preview.rebuild_all().expect("builds");
    // The heading it links to is renamed: hello's page is unchanged, its link is not.
    s.write(
        "posts/other.md",
        "---\ntitle: Other\ndate: 2024-02-01\n---\n## Part 2\n\nText.\n",
    );
    let err = fails(
        preview.apply(&[s.path("posts/other.md")]),
        "the anchor is gone",
    );
    assert!(
        err.to_string()
            .contains("posts/hello.md:5:33: broken link `other.md#part-two`"),
        "{err}"
    );
    s.write(
        "posts/other.md",
        "---\ntitle: Other\ndate: 2024-02-01\n---\n## Part two\n\nText.\n",
    );
    preview.apply(&[s.path("posts/other.md")]).expect("mended");
    // A post it links to by URL (not by file) is deleted: its page is unchanged.
    s.write(
        "posts/hello.md",
        "---\ntitle: Hello\ndate: 2024-03-01\n---\nThe [menu](/files/menu.pdf) and [part two](other.md#part-two).\n\nAlso [the third](/blog/third/).\n",
    );
    s.write(
        "posts/third.md",
        "---\ntitle: Third\ndate: 2023-01-01\n---\nOld.\n",
    );
    preview
        .apply(&[s.path("posts/hello.md"), s.path("posts/third.md")])
        .expect("builds");
    s.remove("posts/third.md");
    let err = fails(
        preview.apply(&[s.path("posts/third.md")]),
        "the post is gone",
    );
    assert!(
        err.to_string()
            .contains("posts/hello.md:7:6: broken link `/blog/third/`"),
        "{err}"
    );
    s.write(
        "posts/third.md",
        "---\ntitle: Third\ndate: 2023-01-01\n---\nOld.\n",
    );
    preview.apply(&[s.path("posts/third.md")]).expect("mended");
    // The file it links to is deleted.
    s.remove("static/files/menu.pdf");
    let err = fails(
        preview.apply(&[s.path("static/files/menu.pdf")]),
        "the file is gone",
    );
    assert!(
        err.to_string()
            .contains("posts/hello.md:5:5: broken link `/files/menu.pdf`"),
        "{err}"
    );
}
