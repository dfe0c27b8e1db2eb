//! Redirects that keep old links alive (issue 27): `aliases:` of posts and pages and
//! `redirects.yaml` make a page at each old path and a line of `_redirects`; clashes,
//! chains and loops are errors at their places; a preview and a warm build follow edits.

mod common;
mod preview;

use std::fs;
use std::path::Path;

use common::*;

/// The basic fixture with two aliases on a post, one on a page, and `redirects.yaml`.
fn site() -> Site {
    let site = Site::basic();
    let hello = site.read("posts/hello.md");
    site.write(
        "posts/hello.md",
        hello.replacen(
            "---\n",
            "---\naliases:\n  - /old/hello/\n  - /2019/01/hello.html\n",
            1,
        ),
    );
    let about = site.read("pages/about.md");
    site.write(
        "pages/about.md",
        about.replacen("---\n", "---\naliases: [/who]\n", 1),
    );
    site.write(
        "redirects.yaml",
        "- from: /menu/\n  to: /about/\n- from: /shop/\n  to: https://shop.example/bakery\n  permanent: false\n",
    );
    site
}

/// The `_redirects` lines as (from, to, status).
fn host_lines(text: &str) -> Vec<(String, String, u16)> {
    text.lines()
        .map(|l| {
            let parts: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(parts.len(), 3, "{l:?}");
            (
                parts[0].to_string(),
                parts[1].to_string(),
                parts[2].parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn old_paths_get_a_page_and_a_host_rule() {
    let site = site();
    let out = site.build_ok(&[]);
    for (file, to, absolute) in [
        (
            "old/hello/index.html",
            "/blog/hello/",
            "https://basic.example/blog/hello/",
        ),
        (
            "2019/01/hello.html",
            "/blog/hello/",
            "https://basic.example/blog/hello/",
        ),
        ("who/index.html", "/about/", "https://basic.example/about/"),
        ("menu/index.html", "/about/", "https://basic.example/about/"),
        (
            "shop/index.html",
            "https://shop.example/bakery",
            "https://shop.example/bakery",
        ),
    ] {
        let doc = out.html(file);
        assert_eq!(attr_of(&doc, "html", "lang"), "en-GB", "{file}");
        assert_eq!(
            attr_of(&doc, "meta[http-equiv=refresh]", "content"),
            format!("0; url={absolute}"),
            "{file}"
        );
        assert_eq!(
            attr_of(&doc, "link[rel=canonical]", "href"),
            absolute,
            "{file}"
        );
        assert_eq!(
            attr_of(&doc, "meta[name=robots]", "content"),
            "noindex",
            "{file}"
        );
        let link = one(&doc, "body a");
        assert_eq!(link.value().attr("href"), Some(to), "{file}");
        assert!(
            text(one(&doc, "body p")).starts_with("This page has moved to"),
            "{file}"
        );
    }
    let lines = host_lines(&out.read("_redirects"));
    let want = [
        ("/old/hello/", "/blog/hello/", 301),
        ("/2019/01/hello.html", "/blog/hello/", 301),
        ("/who/", "/about/", 301),
        ("/menu/", "/about/", 301),
        ("/shop/", "https://shop.example/bakery", 302),
    ];
    assert_eq!(
        lines,
        want.map(|(f, t, s)| (f.to_string(), t.to_string(), s))
            .to_vec()
    );
    let sitemap = out.read("sitemap.xml");
    for old in ["old/hello", "2019/01", "who/", "menu/", "shop/"] {
        assert!(
            !sitemap.contains(old),
            "the sitemap lists {old}:\n{sitemap}"
        );
    }
}

#[test]
fn a_site_without_redirects_has_no_host_file() {
    let out = Site::basic().build_ok(&[]);
    assert!(!out.has("_redirects"));
}

#[test]
fn a_link_to_an_old_path_passes_the_link_check() {
    let site = site();
    site.write(
        "posts/linking.md",
        "---\ntitle: Linking\ndate: 2024-02-01\n---\nSee [the old one](/old/hello/) and [this](/2019/01/hello.html).\n",
    );
    site.build_ok(&[]);
    // A path nothing writes still breaks it, and a `to` nothing writes breaks at its place.
    site.write(
        "redirects.yaml",
        "- from: /menu/\n  to: /about/\n- from: /gone/\n  to: /nowhere/\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("redirects.yaml");
    assert_eq!((line, col), (4, 7), "{msg}");
    assert!(msg.contains("/nowhere/"), "{msg}");
}

#[test]
fn a_clash_names_both_places() {
    let site = site();
    // An alias on the page's own path, another taking a post's old path.
    site.write(
        "redirects.yaml",
        "- from: /about/\n  to: /blog/\n- from: /old/hello\n  to: /blog/\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let lines = run.error_lines();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("error: redirects.yaml:1:9:") && l.contains("pages/about.md")),
        "{lines:#?}"
    );
    assert!(
        lines.iter().any(
            |l| l.starts_with("error: redirects.yaml:3:9:") && l.contains("posts/hello.md:3:5")
        ),
        "{lines:#?}"
    );
    // An alias on a post's own path.
    let site = Site::basic();
    site.write(
        "posts/other2.md",
        "---\ntitle: Other two\ndate: 2024-02-01\naliases: [/blog/hello/]\n---\nx\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("posts/other2.md");
    assert_eq!((line, col), (4, 11));
    assert!(msg.contains("posts/hello.md"), "{msg}");
}

#[test]
fn chains_and_loops_are_errors_at_their_place() {
    let site = site();
    site.write(
        "redirects.yaml",
        "- from: /a/\n  to: /old/hello/\n- from: /l1/\n  to: /l2/\n- from: /l2/\n  to: /l1\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let lines = run.error_lines();
    let chain = lines
        .iter()
        .find(|l| l.starts_with("error: redirects.yaml:2:7:"))
        .unwrap_or_else(|| panic!("{lines:#?}"));
    assert!(
        chain.contains("point it at /blog/hello/ directly"),
        "{chain}"
    );
    for at in ["4:7", "6:7"] {
        let l = lines
            .iter()
            .find(|l| l.starts_with(&format!("error: redirects.yaml:{at}:")))
            .unwrap_or_else(|| panic!("{lines:#?}"));
        assert!(l.contains("loops"), "{l}");
    }
}

#[test]
fn bad_entries_and_aliases_are_errors_at_their_place() {
    let site = site();
    site.write("redirects.yaml", "- from: /a/\n  too: /b/\n");
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("redirects.yaml");
    assert_eq!((line, col), (2, 3));
    assert!(msg.contains("did you mean `to`?"), "{msg}");

    site.write("redirects.yaml", "- from: old/\n  to: /about/\n");
    let run = site.build(&[]);
    let (line, col, msg) = run.located_error("redirects.yaml");
    assert_eq!((line, col), (1, 9));
    assert!(msg.contains("must start with `/`"), "{msg}");

    site.remove("redirects.yaml");
    site.write(
        "posts/bad.md",
        "---\ntitle: Bad\ndate: 2024-02-01\naliases:\n  - /ok/\n  - /a/../b/\n  - https://x.example/a/\n  - /q/?x=1\n---\nx\n",
    );
    site.write("pages/typo.md", "---\ntitle: Typo\nalias: [/x/]\n---\nx\n");
    let run = site.build(&[]);
    run.assert_failure();
    let lines = run.error_lines();
    for (at, what) in [("6:5", "`..`"), ("7:5", "is a URL"), ("8:5", "query")] {
        assert!(
            lines.iter().any(
                |l| l.starts_with(&format!("error: posts/bad.md:{at}: alias")) && l.contains(what)
            ),
            "{at} {what}: {lines:#?}"
        );
    }
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("error: pages/typo.md:3:1:")
                && l.contains("did you mean `aliases`?")),
        "{lines:#?}"
    );
}

/// Every file of the output folder but the manifest.
fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut all = snapshot(dir);
    all.remove(".frontdesk-manifest");
    all
}

#[test]
fn a_warm_build_follows_alias_edits_and_equals_a_cold_one() {
    let site = site();
    let work = tempfile::tempdir().unwrap();
    let (warm, cold) = (work.path().join("warm"), work.path().join("cold"));
    let build = |out: &Path| {
        frontdesk(
            site.root(),
            &[
                "build",
                site.dir.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ],
        )
    };
    // The cache trusts a file's stamp only once it has been left alone for two seconds.
    std::thread::sleep(std::time::Duration::from_millis(2500));
    build(&warm).assert_success();
    let hello = site.read("posts/hello.md");
    site.write(
        "posts/hello.md",
        hello.replace("/2019/01/hello.html", "/2018/hello/"),
    );
    site.write(
        "redirects.yaml",
        "- from: /menu/\n  to: /blog/hello/\n  permanent: false\n",
    );
    build(&warm).assert_success();
    assert!(!warm.join("2019/01/hello.html").exists());
    assert!(warm.join("2018/hello/index.html").exists());
    assert!(!warm.join("shop/index.html").exists());
    build(&cold).assert_success();
    let (w, c) = (files(&warm), files(&cold));
    assert_eq!(w.keys().collect::<Vec<_>>(), c.keys().collect::<Vec<_>>());
    for (path, bytes) in &w {
        assert!(bytes == &c[path], "{path} differs between warm and cold");
    }
    assert!(
        String::from_utf8_lossy(&w["_redirects"]).contains("/menu/ /blog/hello/ 302"),
        "{}",
        String::from_utf8_lossy(&w["_redirects"])
    );
}

#[test]
fn a_preview_follows_alias_and_redirect_edits() {
    use frontdesk::render::RenderOptions;
    use frontdesk::serve::Preview;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    preview::write(
        d,
        "site.yaml",
        "title: Redirects\nbase_url: https://r.example/\n",
    );
    preview::write(
        d,
        "posts/a.md",
        "---\ntitle: A\ndate: 2024-01-01\naliases: [/old-a/]\n---\nHi.\n",
    );
    preview::write(
        d,
        "pages/about.md",
        "---\ntitle: About\n---\nSee [the old post](/old-a/).\n",
    );
    let full = |d: &Path| -> preview::Files {
        let built =
            frontdesk::pipeline::render_site(d, &preview::opts(), RenderOptions::PREVIEW, true)
                .expect("full build");
        (built.outputs.into_iter())
            .map(|o| {
                let body = o.body.read().unwrap().into_owned();
                (o.path, body)
            })
            .collect()
    };
    let mut p = Preview::new(d, preview::opts());
    let mut served = preview::Files::new();
    preview::apply(&mut served, p.rebuild_all().unwrap());
    assert!(served.contains_key("old-a/index.html"));
    let steps: Vec<(&str, &str, String)> = vec![
        (
            "an alias renamed",
            "posts/a.md",
            "---\ntitle: A\ndate: 2024-01-01\naliases: [/old-a/, /older-a.html]\n---\nHi.\n".into(),
        ),
        (
            "redirects.yaml added",
            "redirects.yaml",
            "- from: /menu/\n  to: /about/\n".into(),
        ),
        (
            "a page's alias",
            "pages/about.md",
            "---\ntitle: About\naliases: [/team/]\n---\nSee [the old post](/old-a/).\n".into(),
        ),
        (
            "redirects.yaml edited",
            "redirects.yaml",
            "- from: /menu/\n  to: /blog/a/\n  permanent: false\n".into(),
        ),
    ];
    for (step, rel, text) in steps {
        let path = preview::write(d, rel, &text);
        preview::apply(&mut served, p.apply(&[path]).unwrap());
        let fresh = full(d);
        assert_eq!(
            served.keys().collect::<Vec<_>>(),
            fresh.keys().collect::<Vec<_>>(),
            "after {step}"
        );
        for (k, v) in &fresh {
            assert!(served[k] == *v, "after {step}: {k} differs");
        }
    }
    assert!(served.contains_key("older-a.html"));
    assert!(served.contains_key("team/index.html"));
    assert_eq!(
        String::from_utf8_lossy(&served["_redirects"]),
        "/old-a/ /blog/a/ 301\n/older-a.html /blog/a/ 301\n/team/ /about/ 301\n/menu/ /blog/a/ 302\n"
    );
    // A clash made by an edit is reported, and its fix recovers.
    let path = preview::write(d, "redirects.yaml", "- from: /old-a/\n  to: /about/\n");
    let e = p.apply(&[path]).expect_err("a clash");
    assert!(
        e.0.iter()
            .any(|d| d.to_string().starts_with("redirects.yaml:1:9:")),
        "{e:?}"
    );
    let path = preview::write(d, "redirects.yaml", "");
    preview::apply(&mut served, p.apply(&[path]).unwrap());
    assert!(
        !fs::read_to_string(d.join("redirects.yaml"))
            .unwrap()
            .contains("menu")
    );
}

/// The `warning: FILE:LINE:COL: ...` lines of a run that name a moved address.
fn moved_warnings(run: &Run) -> Vec<&str> {
    (run.stderr.lines())
        .filter(|l| l.starts_with("warning: ") && l.contains("address moved"))
        .collect()
}

#[test]
fn a_changed_slug_or_renamed_file_suggests_the_alias_to_add() {
    let site = Site::basic();
    site.write("pages/team.md", "---\ntitle: Team\n---\nWe bake.\n");
    site.build(&[]).assert_success();
    // A new slug in the front matter, and a page file renamed.
    let other = site.read("posts/other.md");
    site.write(
        "posts/other.md",
        other.replacen("---\n", "---\nslug: the-other\n", 1),
    );
    site.remove("pages/team.md");
    site.write("pages/our-team.md", "---\ntitle: Team\n---\nWe bake.\n");
    let run = site.build(&[]);
    run.assert_success();
    assert_eq!(
        moved_warnings(&run),
        [
            "warning: posts/other.md:2:1: its address moved from /blog/other/ to /blog/the-other/: \
             links to the old address now break; add this line to its front matter: \
             `aliases: [/blog/other/]`",
            "warning: pages/our-team.md:2:1: if this file is pages/team.md renamed, its address \
             moved from /team/ to /our-team/: links to the old address now break; add this line \
             to its front matter: `aliases: [/team/]`",
        ],
        "{}",
        run.stderr
    );
    // The line suggested, added: the old address leads to the new one, and no warning.
    let other = site.read("posts/other.md");
    site.write(
        "posts/other.md",
        other.replacen("---\n", "---\naliases: [/blog/other/]\n", 1),
    );
    let run = site.build(&[]);
    run.assert_success();
    assert!(moved_warnings(&run).is_empty(), "{}", run.stderr);
    let out = site.out();
    assert_eq!(
        attr_of(&out.html("blog/other/index.html"), "body a", "href"),
        "/blog/the-other/"
    );
    // With an alias already written, the suggestion extends the list, at its line.
    let other = site.read("posts/other.md");
    site.write(
        "posts/other.md",
        other.replace("slug: the-other", "slug: another"),
    );
    let run = site.build(&[]);
    assert_eq!(
        moved_warnings(&run),
        [
            "warning: posts/other.md:2:11: its address moved from /blog/the-other/ to \
             /blog/another/: links to the old address now break; add it to `aliases:`, which \
             becomes `aliases: [/blog/other/, /blog/the-other/]`"
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn a_static_redirects_file_clashes_with_the_generated_one() {
    let site = site();
    site.write("static/_redirects", "/old-shop/ /shop/ 301\n");
    let run = site.build(&[]);
    run.assert_failure();
    let line = run.error_line("error: static/_redirects: ");
    for part in [
        "clashes with the /_redirects frontdesk writes",
        "posts/hello.md, pages/about.md and redirects.yaml",
        "move its rules into redirects.yaml",
        "delete static/_redirects",
    ] {
        assert!(line.contains(part), "{part:?} not in {line}");
    }
    assert_eq!(run.error_lines().len(), 1, "{}", run.stderr);
}
