//! Host headers (issue 27): `headers:` in `site.yaml` makes `_headers` (Netlify, Cloudflare
//! Pages) whose Content-Security-Policy allows what the built pages load (their scripts'
//! and styles' origins, the hash of each inline style and running script), with the
//! security headers and cache lifetimes; its problems are errors at their place.

mod common;

use std::collections::BTreeMap;

use common::*;

/// `_headers` as rules: (path pattern, [(name, value)]), checking its syntax on the way: a
/// rule is a path line at the start of a line, then `  Name: value` lines.
fn rules(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in text.lines() {
        if let Some(header) = line.strip_prefix("  ") {
            let (name, value) = header
                .split_once(": ")
                .unwrap_or_else(|| panic!("not `Name: value`: {line:?}"));
            assert!(
                name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'),
                "{line:?}"
            );
            assert!(!value.trim().is_empty(), "{line:?}");
            out.last_mut()
                .unwrap_or_else(|| panic!("a header before any path: {line:?}"))
                .1
                .push((name.to_string(), value.to_string()));
        } else {
            assert!(line.starts_with('/'), "a path line starts with /: {line:?}");
            assert!(
                line.matches('*').count() <= 1,
                "one splat at most: {line:?}"
            );
            out.push((line.to_string(), Vec::new()));
        }
    }
    out
}

/// The CSP as directive -> sources.
fn policy(csp: &str) -> BTreeMap<String, Vec<String>> {
    csp.split(';')
        .map(|d| {
            let mut words = d.split_whitespace().map(str::to_string);
            (words.next().expect("a directive"), words.collect())
        })
        .collect()
}

fn sha256_source(text: &str) -> String {
    let digest = ring_digest(text.as_bytes());
    format!("'sha256-{digest}'")
}

/// Base64 of SHA-256, computed by `openssl` (a second implementation, not the build's).
fn ring_digest(bytes: &[u8]) -> String {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut sha = Command::new("openssl")
        .args(["dgst", "-sha256", "-binary"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("openssl runs");
    sha.stdin.take().unwrap().write_all(bytes).unwrap();
    let digest = sha.wait_with_output().unwrap().stdout;
    let mut b64 = Command::new("openssl")
        .args(["base64", "-A"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("openssl runs");
    b64.stdin.take().unwrap().write_all(&digest).unwrap();
    String::from_utf8(b64.wait_with_output().unwrap().stdout)
        .unwrap()
        .trim()
        .to_string()
}

/// The basic fixture with `headers:` and pages that load more: an inline script, a
/// script and a picture from other sites, an inline style, a form posting elsewhere.
fn with_headers(headers: &str) -> Site {
    let site = Site::basic();
    let yaml = site.read("site.yaml");
    site.write("site.yaml", format!("{yaml}{headers}"));
    site.write(
        "pages/widgets.md",
        "---\ntitle: Widgets\n---\n\n<script>document.title += ' ready';</script>\n\n\
         <script src=\"https://cdn.example.org/w.js\"></script>\n\n\
         <script type=\"application/ld+json\">{\"@type\": \"Thing\"}</script>\n\n\
         <img src=\"https://pics.example.net/a.png\" alt=\"A\">\n\n\
         <style>.w { color: teal }</style>\n\n\
         <form action=\"https://forms.example.com/f\" method=\"post\"><button>Go</button></form>\n",
    );
    site
}

#[test]
fn the_policy_allows_what_the_pages_load() {
    let site = with_headers("headers:\n");
    let out = site.build_ok(&[]);
    let text = out.read("_headers");
    let rules = rules(&text);
    assert_eq!(rules[0].0, "/*", "{text}");
    let all: BTreeMap<&str, &str> = rules[0]
        .1
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    assert_eq!(all["X-Content-Type-Options"], "nosniff");
    assert_eq!(all["Referrer-Policy"], "strict-origin-when-cross-origin");
    assert_eq!(all["X-Frame-Options"], "DENY");
    assert!(all["Permissions-Policy"].contains("camera=()"));
    let csp = policy(all["Content-Security-Policy"]);
    let widgets = out.read("widgets/index.html");
    // The pages' own inline script and style, hashed by openssl here.
    let inline_script = "document.title += ' ready';";
    assert!(widgets.contains(&format!("<script>{inline_script}</script>")));
    let mut script = vec![
        "'self'".to_string(),
        sha256_source(inline_script),
        "https://cdn.example.org".to_string(),
    ];
    script.sort();
    let mut got = csp["script-src"].clone();
    got.sort();
    assert_eq!(got, script, "{csp:?}");
    assert_eq!(csp["default-src"], ["'none'"]);
    assert!(
        csp["style-src-elem"].contains(&sha256_source(".w { color: teal }")),
        "{csp:?}"
    );
    assert!(csp["style-src-elem"].contains(&"'self'".to_string()));
    assert!(csp["img-src"].contains(&"https://pics.example.net".to_string()));
    assert!(
        csp["form-action"].contains(&"https://forms.example.com".to_string()),
        "{csp:?}"
    );
    assert_eq!(csp["frame-ancestors"], ["'none'"]);
    assert_eq!(csp["base-uri"], ["'none'"]);
    // Every inline <style> of every page is allowed by its hash; no other origin sneaks in.
    for file in out.html_files() {
        let html = out.read(&file);
        for part in html.split("<style>").skip(1) {
            let css = part.split("</style>").next().unwrap();
            assert!(
                csp["style-src-elem"].contains(&sha256_source(css)),
                "{file}: an inline style is not allowed"
            );
        }
    }
    // Images, stylesheets and scripts are cached for a day, pages keep the host's own.
    let cached: Vec<&str> = rules[1..].iter().map(|(p, _)| p.as_str()).collect();
    for p in ["/*.css", "/*.js", "/*.webp", "/*.jpg", "/*.png", "/*.svg"] {
        assert!(cached.contains(&p), "{p} in {cached:?}");
    }
    for (_, headers) in &rules[1..] {
        assert_eq!(
            headers,
            &[(
                "Cache-Control".to_string(),
                "public, max-age=86400, stale-while-revalidate=604800".to_string()
            )]
        );
    }
    assert!(!all.contains_key("Cache-Control"));
}

#[test]
fn no_headers_section_no_file_and_options_are_used() {
    let out = Site::basic().build_ok(&[]);
    assert!(!out.has("_headers"));
    let site = with_headers(
        "headers:\n  frame_ancestors: self\n  referrer_policy: no-referrer\n  permissions_policy: \"geolocation=(self)\"\n",
    );
    let out = site.build_ok(&[]);
    let text = out.read("_headers");
    let rules = rules(&text);
    let all: BTreeMap<&str, &str> = rules[0]
        .1
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    assert_eq!(all["Referrer-Policy"], "no-referrer");
    assert_eq!(all["Permissions-Policy"], "geolocation=(self)");
    assert_eq!(all["X-Frame-Options"], "SAMEORIGIN");
    assert_eq!(
        policy(all["Content-Security-Policy"])["frame-ancestors"],
        ["'self'"]
    );
}

#[test]
fn bad_headers_settings_are_errors_at_their_place() {
    let site = with_headers("headers:\n  referrer_policy: strict-origin-when-crossorigin\n");
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("site.yaml");
    assert_eq!((line, col), (11, 20), "{msg}");
    assert!(
        msg.contains("did you mean \"strict-origin-when-cross-origin\"?"),
        "{msg}"
    );
    let site = with_headers("headers:\n  frame_ancestor: self\n");
    let run = site.build(&[]);
    run.assert_failure();
    let (line, _, msg) = run.located_error("site.yaml");
    assert_eq!(line, 11, "{msg}");
    assert!(msg.contains("frame_ancestors"), "{msg}");
    let site = with_headers("headers:\n  frame_ancestors: everyone\n");
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("site.yaml");
    assert_eq!((line, col), (11, 20), "{msg}");
    assert!(msg.contains("`none`") && msg.contains("`self`"), "{msg}");
}

#[test]
fn a_static_headers_file_clashes_with_the_generated_one() {
    let site = with_headers("headers:\n");
    site.write("static/_headers", "/*\n  X-Mine: yes\n");
    let run = site.build(&[]);
    run.assert_failure();
    let line = run.error_line("error: static/_headers: ");
    assert!(
        line.contains("clashes with the /_headers frontdesk writes for `headers:` in site.yaml"),
        "{line}"
    );
    // Without `headers:`, the site's own file is published as it is.
    let site = Site::basic();
    site.write("static/_headers", "/*\n  X-Mine: yes\n");
    assert_eq!(site.build_ok(&[]).read("_headers"), "/*\n  X-Mine: yes\n");
}
