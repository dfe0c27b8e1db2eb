//! Site search (issue 27, `search: true`): the build writes a Pagefind index under
//! `/pagefind/` (read back here: its entry file and its fragments, the page records
//! Pagefind made, gunzipped), a `/search/` page in each language, a link to it in every
//! page's header and nothing of the search on any other page; the search pages alone get
//! the policy that lets them run it; the index goes away with `search: true`; a site's
//! own file under `/pagefind/` and a `search:` that is not true or false are errors.

mod common;

use std::collections::BTreeMap;

use common::*;

/// The basic fixture with `extra` appended to its `site.yaml`.
fn with(extra: &str) -> Site {
    let site = Site::basic();
    let yaml = site.read("site.yaml");
    site.write("site.yaml", format!("{yaml}{extra}"));
    site
}

/// A gzip file's bytes, inflated by the gzip format's own reader (flate2 is not ours:
/// miniz_oxide's raw inflate after the header, as RFC 1952 lays it out).
fn gunzip(bytes: &[u8]) -> Vec<u8> {
    assert_eq!(&bytes[..3], &[0x1f, 0x8b, 8], "not gzip (deflate)");
    let flags = bytes[3];
    let mut at = 10;
    if flags & 4 != 0 {
        at += 2 + u16::from_le_bytes([bytes[at], bytes[at + 1]]) as usize;
    }
    for bit in [8, 16] {
        if flags & bit != 0 {
            at += bytes[at..].iter().position(|&b| b == 0).unwrap() + 1;
        }
    }
    if flags & 2 != 0 {
        at += 2;
    }
    let out =
        miniz_oxide::inflate::decompress_to_vec(&bytes[at..bytes.len() - 8]).expect("inflates");
    let size = u32::from_le_bytes(bytes[bytes.len() - 4..].try_into().unwrap());
    assert_eq!(out.len() as u32, size, "ISIZE");
    out
}

/// The records of the index: each fragment, as JSON, by URL.
fn fragments(out: &Out) -> BTreeMap<String, serde_json::Value> {
    let mut found = BTreeMap::new();
    for f in out.files() {
        if !(f.starts_with("pagefind/fragment/") && f.ends_with(".pf_fragment")) {
            continue;
        }
        let data = gunzip(&out.bytes(&f));
        let json = data
            .strip_prefix(b"pagefind_dcd")
            .expect("Pagefind's signature");
        let v: serde_json::Value = serde_json::from_slice(json).expect("JSON");
        found.insert(v["url"].as_str().unwrap().to_string(), v);
    }
    found
}

#[test]
fn the_index_holds_each_page_main_text_title_type_and_tags() {
    let site = with("search: true\n");
    let out = site.build_ok(&[]);
    let entry: serde_json::Value =
        serde_json::from_str(&out.read("pagefind/pagefind-entry.json")).unwrap();
    let languages = entry["languages"].as_object().unwrap();
    assert_eq!(languages.keys().collect::<Vec<_>>(), ["en-gb"], "{entry}");
    assert!(out.has(&format!(
        "pagefind/wasm.{}.pagefind",
        languages["en-gb"]["wasm"].as_str().unwrap()
    )));
    assert!(out.has("pagefind/pagefind.js") && out.has("pagefind/pagefind-worker.js"));
    // Pagefind's own interfaces are not published: search.js replaces them.
    assert!(!out.has("pagefind/pagefind-ui.js"));
    let found = fragments(&out);
    let urls: Vec<&str> = found.keys().map(String::as_str).collect();
    assert_eq!(
        urls,
        [
            "/about/",
            "/blog/bread-bundle/",
            "/blog/hello/",
            "/blog/markdown-tour/",
            "/blog/other/",
            "/contact/"
        ],
        "posts, pages and the contact page; no list, thank-you, privacy, search or 404 page"
    );
    assert_eq!(
        languages["en-gb"]["page_count"].as_u64(),
        Some(urls.len() as u64)
    );
    let other = &found["/blog/other/"];
    assert_eq!(other["meta"]["title"], "The other post");
    assert_eq!(other["filters"]["type"], serde_json::json!(["post"]));
    assert_eq!(other["filters"]["tag"], serde_json::json!(["Baking"]));
    let content = other["content"].as_str().unwrap();
    assert!(content.contains("Other body first paragraph."), "{content}");
    // The page's <main> alone, without what the theme repeats around every post.
    for repeated in [
        "Skip to main content",
        "Older post",
        "Call Rosa",
        "Ask Rosa",
    ] {
        assert!(!content.contains(repeated), "{repeated:?} in {content}");
    }
    assert_eq!(
        found["/about/"]["filters"]["type"],
        serde_json::json!(["page"])
    );
    assert_eq!(
        found["/contact/"]["filters"]["type"],
        serde_json::json!(["contact"])
    );
}

#[test]
fn only_the_search_page_loads_the_search_and_every_page_links_to_it() {
    let site = with("search: true\n");
    let out = site.build_ok(&[]);
    let search = out.read("search/index.html");
    let doc = out.html("search/index.html");
    assert_eq!(
        attr_of(&doc, "form[role=search]", "data-pagefind-bundle"),
        "/pagefind/"
    );
    assert_eq!(attr_of(&doc, "form[role=search]", "action"), "/search/");
    assert!(search.contains("<script src=\"/search.js\" defer></script>"));
    assert_eq!(
        select(&doc, ".search-fallback a")
            .iter()
            .map(|a| a.value().attr("href").unwrap())
            .collect::<Vec<_>>(),
        ["/blog/", "/tags/"]
    );
    for page in out.html_files() {
        let html = out.read(&page);
        if page == "search/index.html" {
            continue;
        }
        assert!(!html.contains("pagefind"), "{page} names the search index");
        assert!(!html.contains("search.js"), "{page} loads search.js");
        assert_eq!(
            attr_of(&out.html(&page), "a.search-link", "href"),
            "/search/",
            "{page}"
        );
    }
    // Without `search: true`: no page, no link, no index.
    let plain = Site::basic();
    let out = plain.build_ok(&[]);
    assert!(!out.has("search/index.html") && !out.has("pagefind/pagefind.js"));
    assert!(!out.read("index.html").contains("search-link"));
}

#[test]
fn the_search_pages_alone_may_compile_webassembly_and_fetch() {
    let site = with("search: true\nheaders:\n");
    let out = site.build_ok(&[]);
    let text = out.read("_headers");
    // Rules: path, then `  Name: value` or `  ! Name` (Cloudflare: detach an earlier value).
    let mut rules: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines() {
        match line.strip_prefix("  ") {
            Some(h) => rules.last_mut().unwrap().1.push(h.to_string()),
            None => rules.push((line.to_string(), Vec::new())),
        }
    }
    let csp = |path: &str| -> String {
        let (_, lines) = rules.iter().find(|(p, _)| p == path).expect(path);
        let values: Vec<&String> = lines
            .iter()
            .filter(|l| l.starts_with("Content-Security-Policy: "))
            .collect();
        assert_eq!(values.len(), 1, "{path}: {lines:?}");
        values[0].to_string()
    };
    let site = csp("/*");
    assert!(
        !site.contains("wasm-unsafe-eval") && !site.contains("connect-src"),
        "{site}"
    );
    for path in ["/search/*", "/pagefind/*"] {
        let (_, lines) = rules.iter().find(|(p, _)| p == path).unwrap();
        assert_eq!(
            lines[0], "! Content-Security-Policy",
            "{path} detaches the site's policy"
        );
        let own = csp(path);
        assert!(
            own.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{own}"
        );
        assert!(own.contains("connect-src 'self'"), "{own}");
        // Everything else is the site's policy.
        let rest = own
            .replace(" 'wasm-unsafe-eval'", "")
            .replace(" connect-src 'self';", "");
        assert_eq!(rest, site, "{path}");
    }
    // No other rule sets a policy.
    let others = rules
        .iter()
        .filter(|(p, l)| {
            !["/*", "/search/*", "/pagefind/*"].contains(&p.as_str())
                && l.iter().any(|h| h.contains("Content-Security-Policy"))
        })
        .count();
    assert_eq!(others, 0, "{text}");
}

#[test]
fn the_index_is_rebuilt_with_the_pages_and_removed_with_search() {
    let site = with("search: true\n");
    let out = site.build_ok(&[]);
    let before = fragments(&out);
    site.write(
        "posts/other.md",
        site.read("posts/other.md")
            .replace("Other body first paragraph.", "Sourdough starter notes."),
    );
    let out = site.build_ok(&[]);
    let after = fragments(&out);
    let content = after["/blog/other/"]["content"].as_str().unwrap();
    assert!(content.contains("Sourdough starter notes."), "{content}");
    assert_eq!(before.len(), after.len());
    // Only index files of this build are left (the old fragment is gone).
    let stale = before["/blog/other/"].clone();
    assert!(!after.values().any(|v| v == &stale));
    let yaml = site.read("site.yaml").replace("search: true\n", "");
    site.write("site.yaml", yaml);
    let out = site.build_ok(&[]);
    assert!(
        !out.files().iter().any(|f| f.starts_with("pagefind/")),
        "{:?}",
        out.files()
    );
    assert!(!out.has("search/index.html"));
}

#[test]
fn a_second_language_has_its_own_index_and_search_page() {
    let site = with("search: true\n");
    let yaml = site.read("site.yaml");
    assert!(yaml.contains("language: en-GB\n"), "{yaml}");
    site.write(
        "site.yaml",
        yaml.replace("language: en-GB\n", "languages: [en-GB, fr]\n"),
    );
    site.write(
        "fr/posts/pain.md",
        "---\ntitle: Notre pain\ndate: 2024-02-01\n---\n\nLe levain travaille la nuit.\n",
    );
    let out = site.build_ok(&[]);
    let entry: serde_json::Value =
        serde_json::from_str(&out.read("pagefind/pagefind-entry.json")).unwrap();
    let mut languages: Vec<&String> = entry["languages"].as_object().unwrap().keys().collect();
    languages.sort();
    assert_eq!(languages, ["en-gb", "fr"], "{entry}");
    let fr = out.html("fr/search/index.html");
    assert_eq!(attr_of(&fr, "html", "lang"), "fr");
    assert_eq!(
        attr_of(&fr, "form[role=search]", "data-pagefind-bundle"),
        "/pagefind/"
    );
    assert_eq!(attr_of(&fr, "label[for=search-q]", "for"), "search-q");
    assert_eq!(
        text(one(&fr, "label[for=search-q]")),
        "Rechercher sur ce site"
    );
    let found = fragments(&out);
    let pain = &found["/fr/blog/pain/"];
    assert!(pain["content"].as_str().unwrap().contains("levain"));
}

#[test]
fn a_site_file_under_pagefind_and_a_wrong_search_are_errors() {
    let site = with("search: true\n");
    site.write("static/pagefind/old.js", "x");
    let run = site.build(&[]);
    run.assert_failure();
    let line = run.error_line("error: static/pagefind/old.js: ");
    assert!(line.contains("search index"), "{line}");
    let site = with("search: sometimes\n");
    let run = site.build(&[]);
    run.assert_failure();
    let (line, column, message) = run.located_error("site.yaml");
    let yaml = site.read("site.yaml");
    assert_eq!(line as usize, yaml.lines().count(), "{message}");
    assert_eq!(column as usize, "search: ".len() + 1, "{message}");
}
