//! `_headers` for Netlify and Cloudflare Pages (`headers:` in `site.yaml`): security
//! headers, cache lifetimes, and a Content-Security-Policy made from what the built pages
//! really load. Each HTML page and stylesheet is read once after it is written; what it
//! loads ([`Loads`]) is gathered, and the policy allows exactly that: the origins of its
//! scripts, styles, images, media, frames and forms, and the SHA-256 of each inline
//! script and style that runs (`application/json` and `application/ld+json` scripts are
//! data, never run, and need nothing).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::config::Headers;

/// The file the hosts read.
pub const HOST_HEADERS: &str = "_headers";

/// What the pages of a site load, by CSP directive.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Loads {
    /// `script-src`: origins (`'self'`) and hashes of inline scripts.
    pub script: BTreeSet<String>,
    /// Hashes of inline event handlers (`onclick="..."`): `'unsafe-hashes'`.
    pub script_attr: BTreeSet<String>,
    /// Stylesheets' origins and inline `<style>` hashes (`style-src-elem`).
    pub style: BTreeSet<String>,
    /// Whether some element has a `style="..."` attribute.
    pub style_attr: bool,
    /// `img-src`.
    pub img: BTreeSet<String>,
    /// `font-src`.
    pub font: BTreeSet<String>,
    /// `media-src`.
    pub media: BTreeSet<String>,
    /// `frame-src`.
    pub frame: BTreeSet<String>,
    /// `form-action`.
    pub form: BTreeSet<String>,
    /// `manifest-src`.
    pub manifest: BTreeSet<String>,
    /// `object-src` (`<object>`, `<embed>`).
    pub object: BTreeSet<String>,
    /// Whether a page has a `<base>` element.
    pub base: bool,
    /// `connect-src`: what scripts fetch (the search index).
    pub connect: BTreeSet<String>,
    /// Whether a page compiles WebAssembly (the search): `'wasm-unsafe-eval'`.
    pub wasm: bool,
}

const SELF: &str = "'self'";

impl Loads {
    /// Adds what `other` loads.
    pub fn merge(&mut self, other: Loads) {
        self.script.extend(other.script);
        self.script_attr.extend(other.script_attr);
        self.style.extend(other.style);
        self.style_attr |= other.style_attr;
        self.img.extend(other.img);
        self.font.extend(other.font);
        self.media.extend(other.media);
        self.frame.extend(other.frame);
        self.form.extend(other.form);
        self.manifest.extend(other.manifest);
        self.object.extend(other.object);
        self.base |= other.base;
        self.connect.extend(other.connect);
        self.wasm |= other.wasm;
    }

    /// Whether the page runs the site search (Pagefind): it alone may fetch and compile
    /// WebAssembly, so it gets a policy of its own.
    pub fn searches(&self) -> bool {
        self.wasm
    }

    /// The same loads without what only the search page needs.
    pub fn without_search(mut self) -> Loads {
        self.wasm = false;
        self.connect.clear();
        self
    }
}

/// The CSP source of a URL a page loads, seen from `site` (the site's origin,
/// `https://example.com`): `'self'` for a path or the site's own origin, the origin of
/// another site, `data:` for a data URL; None for what loads nothing (`#x`, empty).
pub fn source_of(url: &str, site: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || url.starts_with('#') {
        return None;
    }
    let lower = url.to_ascii_lowercase();
    for scheme in ["data:", "blob:"] {
        if lower.starts_with(scheme) {
            return Some(scheme.to_string());
        }
    }
    let absolute = if let Some(rest) = url.strip_prefix("//") {
        format!("https://{rest}")
    } else if lower.starts_with("http://") || lower.starts_with("https://") {
        url.to_string()
    } else if lower
        .find(':')
        .is_some_and(|c| !lower[..c].contains(['/', '?', '#']))
    {
        // Another scheme (`mailto:`, `tel:`): nothing is loaded.
        return None;
    } else {
        return Some(SELF.to_string());
    };
    let parsed = url::Url::parse(&absolute).ok()?;
    let origin = parsed.origin().ascii_serialization();
    if origin == site {
        Some(SELF.to_string())
    } else {
        Some(origin)
    }
}

/// `'sha256-BASE64'` of `text`, as a CSP source.
pub fn hash_source(text: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, text);
    format!("'sha256-{}'", base64(digest.as_ref()))
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Script types a browser runs (no `type`, JavaScript, modules); any other is data.
fn runs(kind: Option<&str>) -> bool {
    match kind.map(|t| t.trim().to_ascii_lowercase()) {
        None => true,
        Some(t) => {
            t.is_empty()
                || t == "module"
                || t == "text/javascript"
                || t == "application/javascript"
                || t == "text/ecmascript"
                || t == "application/ecmascript"
        }
    }
}

/// One start tag: its name (lower case) and attributes (names lower case, values
/// entities decoded).
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn get(&self, name: &str) -> Option<&str> {
        (self.attrs.iter())
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Reads the start tag at `i` (just after `<`); returns it and where it ends.
fn read_tag(html: &[u8], mut i: usize) -> (Tag, usize) {
    let space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let start = i;
    while i < html.len() && !space(html[i]) && !matches!(html[i], b'>' | b'/') {
        i += 1;
    }
    let name = String::from_utf8_lossy(&html[start..i]).to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < html.len() && (space(html[i]) || html[i] == b'/') {
            i += 1;
        }
        if i >= html.len() {
            return (Tag { name, attrs }, i);
        }
        if html[i] == b'>' {
            return (Tag { name, attrs }, i + 1);
        }
        let a = i;
        i += 1;
        while i < html.len() && !space(html[i]) && !matches!(html[i], b'>' | b'/' | b'=') {
            i += 1;
        }
        let attr = String::from_utf8_lossy(&html[a..i]).to_ascii_lowercase();
        while i < html.len() && space(html[i]) {
            i += 1;
        }
        if html.get(i) != Some(&b'=') {
            attrs.push((attr, String::new()));
            continue;
        }
        i += 1;
        while i < html.len() && space(html[i]) {
            i += 1;
        }
        let value = match html.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let e = memchr::memchr(q, &html[i + 1..]).map_or(html.len(), |e| i + 1 + e);
                let v = &html[(i + 1).min(e)..e];
                i = (e + 1).min(html.len());
                v
            }
            _ => {
                let s = i;
                while i < html.len() && !space(html[i]) && html[i] != b'>' {
                    i += 1;
                }
                &html[s..i]
            }
        };
        let value = html_escape::decode_html_entities(&String::from_utf8_lossy(value)).into_owned();
        attrs.push((attr, value));
    }
}

/// The text of a raw-text element from `i` to its closing tag, and where that tag ends.
fn raw_text<'h>(html: &'h [u8], i: usize, name: &str) -> (&'h [u8], usize) {
    let mut at = i;
    while let Some(off) = memchr::memmem::find(&html[at..], b"</") {
        let close = at + off;
        let end = close + 2 + name.len();
        if html.len() >= end && html[close + 2..end].eq_ignore_ascii_case(name.as_bytes()) {
            let after = memchr::memchr(b'>', &html[end..]).map_or(html.len(), |e| end + e + 1);
            return (&html[i..close], after);
        }
        at = close + 2;
    }
    (&html[i..], html.len())
}

/// What one HTML page loads; `site` is the site's origin.
pub fn scan_html(html: &[u8], site: &str) -> Loads {
    let mut loads = Loads::default();
    let mut add = |set: &mut BTreeSet<String>, url: &str| {
        if let Some(s) = source_of(url, site) {
            set.insert(s);
        }
    };
    let mut in_media = false;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &html[i..]) {
        i += off + 1;
        match html.get(i) {
            Some(b'!') if html[i..].starts_with(b"!--") => {
                i = memchr::memmem::find(&html[i..], b"-->").map_or(html.len(), |e| i + e + 3);
                continue;
            }
            Some(b'/') => {
                let (tag, end) = read_tag(html, i + 1);
                if tag.name == "video" || tag.name == "audio" {
                    in_media = false;
                }
                i = end;
                continue;
            }
            Some(c) if c.is_ascii_alphabetic() => {}
            _ => continue,
        }
        let (tag, end) = read_tag(html, i);
        i = end;
        for (name, value) in &tag.attrs {
            if name.len() > 2 && name.starts_with("on") {
                loads.script_attr.insert(hash_source(value.as_bytes()));
            } else if name == "style" {
                loads.style_attr = true;
                for url in css_urls(value) {
                    add(&mut loads.img, &url);
                }
            }
        }
        // The search page names the folder of the Pagefind bundle it runs: its script
        // and worker load from there, fetch the index from there, and compile its
        // WebAssembly.
        if let Some(bundle) = tag.get("data-pagefind-bundle") {
            add(&mut loads.script, bundle);
            add(&mut loads.connect, bundle);
            loads.wasm = true;
        }
        let srcset = |loads: &mut Loads, add: &mut dyn FnMut(&mut BTreeSet<String>, &str)| {
            if let Some(set) = tag.get("srcset") {
                for u in crate::linkcheck::scan::srcset_urls(set) {
                    add(&mut loads.img, u);
                }
            }
        };
        match tag.name.as_str() {
            "script" => {
                let (text, after) = raw_text(html, i, "script");
                i = after;
                if !runs(tag.get("type")) {
                    continue;
                }
                match tag.get("src") {
                    Some(src) => add(&mut loads.script, src),
                    None => {
                        loads.script.insert(hash_source(text));
                    }
                }
            }
            "style" => {
                let (text, after) = raw_text(html, i, "style");
                i = after;
                loads.style.insert(hash_source(text));
                for url in css_urls(&String::from_utf8_lossy(text)) {
                    add(&mut loads.img, &url);
                }
            }
            "link" => {
                let rel = tag.get("rel").unwrap_or("").to_ascii_lowercase();
                let Some(href) = tag.get("href") else {
                    continue;
                };
                let rels: Vec<&str> = rel.split_whitespace().collect();
                let has = |r: &str| rels.contains(&r);
                if has("stylesheet") {
                    add(&mut loads.style, href);
                } else if has("icon") || has("apple-touch-icon") || has("mask-icon") {
                    add(&mut loads.img, href);
                } else if has("manifest") {
                    add(&mut loads.manifest, href);
                } else if has("preload") || has("modulepreload") {
                    let set = match tag.get("as").unwrap_or("") {
                        "image" => &mut loads.img,
                        "style" => &mut loads.style,
                        "font" => &mut loads.font,
                        _ => &mut loads.script,
                    };
                    add(set, href);
                }
            }
            "img" | "input" => {
                if let Some(src) = tag.get("src") {
                    add(&mut loads.img, src);
                }
                srcset(&mut loads, &mut add);
            }
            "video" | "audio" => {
                in_media = true;
                if let Some(src) = tag.get("src") {
                    add(&mut loads.media, src);
                }
                if let Some(p) = tag.get("poster") {
                    add(&mut loads.img, p);
                }
            }
            "source" | "track" => {
                if let Some(src) = tag.get("src") {
                    let set = if in_media {
                        &mut loads.media
                    } else {
                        &mut loads.img
                    };
                    add(set, src);
                }
                srcset(&mut loads, &mut add);
            }
            "iframe" | "frame" => {
                if let Some(src) = tag.get("src") {
                    add(&mut loads.frame, src);
                }
                let (_, after) = raw_text(html, i, &tag.name);
                i = after;
            }
            "object" | "embed" => {
                if let Some(src) = tag.get("data").or(tag.get("src")) {
                    add(&mut loads.object, src);
                }
            }
            "form" => match tag.get("action").filter(|a| !a.trim().is_empty()) {
                Some(action) => add(&mut loads.form, action),
                None => {
                    loads.form.insert(SELF.into());
                }
            },
            "base" => loads.base = true,
            "textarea" | "title" => {
                let (_, after) = raw_text(html, i, &tag.name);
                i = after;
            }
            _ => {}
        }
    }
    loads
}

/// What a stylesheet loads: `@import`s (styles), fonts in `@font-face`, other `url()`s
/// (images); `site` is the site's origin.
pub fn scan_css(css: &str, site: &str) -> Loads {
    let mut loads = Loads::default();
    let mut plain = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find("@import") {
        plain.push_str(&rest[..at]);
        rest = rest[at..].split_once(';').map_or("", |(_, r)| r);
    }
    plain.push_str(rest);
    for (block, fonts) in font_face_split(&plain) {
        for url in css_urls(block) {
            let set = if fonts {
                &mut loads.font
            } else {
                &mut loads.img
            };
            if let Some(s) = source_of(&url, site) {
                set.insert(s);
            }
        }
    }
    let mut rest = css;
    while let Some(at) = rest.find("@import") {
        rest = &rest[at + 7..];
        let target = rest.trim_start();
        let url = match target.strip_prefix("url(") {
            Some(_) => css_urls(target).into_iter().next(),
            None => target
                .strip_prefix(['"', '\''])
                .and_then(|t| t.split(['"', '\'']).next())
                .map(str::to_string),
        };
        if let Some(s) = url.and_then(|u| source_of(&u, site)) {
            loads.style.insert(s);
        }
    }
    loads
}

/// The stylesheet cut into the parts inside `@font-face { ... }` (true) and the rest.
fn font_face_split(css: &str) -> Vec<(&str, bool)> {
    let mut parts = Vec::new();
    let mut rest = css;
    while let Some(at) = rest.find("@font-face") {
        parts.push((&rest[..at], false));
        let body = &rest[at..];
        let end = body.find('}').map_or(body.len(), |e| e + 1);
        parts.push((&body[..end], true));
        rest = &body[end..];
    }
    parts.push((rest, false));
    parts
}

/// The URLs in the `url(...)`s of some CSS.
fn css_urls(css: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = css;
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let end = rest.find(')').unwrap_or(rest.len());
        let url = rest[..end].trim().trim_matches(['"', '\'']);
        out.push(url.to_string());
        rest = &rest[end..];
    }
    out
}

/// The Content-Security-Policy that allows what `loads` and nothing else.
pub fn csp(loads: &Loads, headers: &Headers) -> String {
    let mut parts = vec!["default-src 'none'".to_string()];
    let list = |set: &BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>().join(" ");
    let mut script: Vec<String> = loads.script.iter().cloned().collect();
    if !loads.script_attr.is_empty() {
        script.push("'unsafe-hashes'".into());
        script.extend(loads.script_attr.iter().cloned());
    }
    if loads.wasm {
        script.push("'wasm-unsafe-eval'".into());
    }
    if !script.is_empty() {
        parts.push(format!("script-src {}", script.join(" ")));
    }
    // Style attributes cannot be allowed by hash in every browser: `style-src` allows them
    // (and, in browsers that predate `style-src-elem`, every style); `style-src-elem`
    // keeps elements to the hashed and listed ones where it is known.
    match (loads.style_attr, loads.style.is_empty()) {
        (false, true) => {}
        (false, false) => parts.push(format!("style-src {}", list(&loads.style))),
        (true, _) => {
            parts.push("style-src 'self' 'unsafe-inline'".into());
            parts.push(format!(
                "style-src-elem {}",
                if loads.style.is_empty() {
                    "'none'".to_string()
                } else {
                    list(&loads.style)
                }
            ));
        }
    }
    for (name, set) in [
        ("img-src", &loads.img),
        ("font-src", &loads.font),
        ("media-src", &loads.media),
        ("frame-src", &loads.frame),
        ("object-src", &loads.object),
        ("manifest-src", &loads.manifest),
        ("connect-src", &loads.connect),
    ] {
        if !set.is_empty() {
            parts.push(format!("{name} {}", list(set)));
        }
    }
    parts.push(format!(
        "form-action {}",
        if loads.form.is_empty() {
            "'none'".to_string()
        } else {
            list(&loads.form)
        }
    ));
    parts.push(format!(
        "base-uri {}",
        if loads.base { SELF } else { "'none'" }
    ));
    parts.push(format!("frame-ancestors {}", headers.frame_ancestors.csp()));
    parts.join("; ")
}

/// The text of `_headers`: every path gets the policy and the security headers; images,
/// stylesheets, scripts and fonts a cache lifetime. `root` is the site's base path
/// (`/`, `/shop/`). `own` are the paths (`/search/*`) with a policy of their own, which
/// replaces the site's: Cloudflare Pages joins the values of every matching rule unless
/// the later one detaches it (`! Name`), Netlify keeps the later rule's value.
pub fn file(headers: &Headers, csp: &str, own: &[(String, String)], root: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{root}*");
    let _ = writeln!(out, "  Content-Security-Policy: {csp}");
    let _ = writeln!(out, "  X-Content-Type-Options: nosniff");
    let _ = writeln!(out, "  Referrer-Policy: {}", headers.referrer_policy);
    let _ = writeln!(out, "  Permissions-Policy: {}", headers.permissions_policy);
    let _ = writeln!(
        out,
        "  X-Frame-Options: {}",
        headers.frame_ancestors.x_frame_options()
    );
    // Pages keep the hosts' own `Cache-Control` (checked on every visit): a second value
    // for a path two rules match would be joined to this one. No file name of the output
    // carries a hash of its bytes (a photo replaced under its name keeps its URL, and the
    // theme names `style.css`): `immutable` would keep old files after a deploy, so the
    // assets are cached for a day, then served while checked for a week.
    for (path, csp) in own {
        let _ = writeln!(out, "{path}");
        let _ = writeln!(out, "  ! Content-Security-Policy");
        let _ = writeln!(out, "  Content-Security-Policy: {csp}");
    }
    for ext in ASSETS {
        let _ = writeln!(out, "{root}*.{ext}");
        let _ = writeln!(
            out,
            "  Cache-Control: public, max-age=86400, stale-while-revalidate=604800"
        );
    }
    out
}

/// The extensions of the files cached for a day.
const ASSETS: [&str; 10] = [
    "css", "js", "webp", "jpg", "jpeg", "png", "gif", "svg", "ico", "woff2",
];

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = "https://example.com";

    #[test]
    fn hashes_are_csp_sources() {
        // `echo -n "alert(1)" | openssl dgst -sha256 -binary | base64`
        assert_eq!(
            hash_source(b"alert(1)"),
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b"a"), "YQ==");
        assert_eq!(base64(b"abc"), "YWJj");
    }

    #[test]
    fn sources_by_origin() {
        assert_eq!(source_of("/style.css", SITE).unwrap(), "'self'");
        assert_eq!(source_of("style.css", SITE).unwrap(), "'self'");
        assert_eq!(
            source_of("https://example.com/x.js", SITE).unwrap(),
            "'self'"
        );
        assert_eq!(
            source_of("https://cdn.example.org/a/x.js", SITE).unwrap(),
            "https://cdn.example.org"
        );
        assert_eq!(
            source_of("//cdn.example.org/x.js", SITE).unwrap(),
            "https://cdn.example.org"
        );
        assert_eq!(
            source_of("data:image/png;base64,xx", SITE).unwrap(),
            "data:"
        );
        assert_eq!(source_of("#top", SITE), None);
        assert_eq!(source_of("mailto:a@b.c", SITE), None);
    }

    #[test]
    fn a_page_is_read_for_what_it_loads_and_runs() {
        let html = br#"<!DOCTYPE html><html><head>
<link rel="stylesheet" href="/style.css"><link rel="icon" href="/favicon.ico">
<link rel="manifest" href="/manifest.webmanifest"><link rel="alternate" href="https://feeds.example/rss">
<style>:root{--a:#123}</style>
<script src="/hours.js" defer></script>
<script type="application/ld+json">{"@type":"Organization"}</script>
<script type="application/json" id="hours-data">{"x":1}</script>
<script>alert(1)</script>
<!-- <script src="https://commented.example/x.js"></script> -->
</head><body><p style="--chars: 27">x</p>
<img src="https://img.example/a.png" srcset="/a-1.webp 1x, /a-2.webp 2x">
<video poster="/p.jpg"><source src="https://media.example/v.mp4"></video>
<picture><source srcset="https://pics.example/a.webp"></picture>
<form action="https://formspree.io/f/x" method="post"></form><form method="post"></form>
<iframe src="https://www.openstreetmap.org/export/embed.html"></iframe>
<button onclick="go()">x</button><textarea><script>nope()</script></textarea></body></html>"#;
        let l = scan_html(html, SITE);
        let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(l.script, set(&["'self'", &hash_source(b"alert(1)")]));
        assert_eq!(l.script_attr, set(&[&hash_source(b"go()")]));
        assert_eq!(l.style, set(&["'self'", &hash_source(b":root{--a:#123}")]));
        assert!(l.style_attr);
        assert_eq!(
            l.img,
            set(&["'self'", "https://img.example", "https://pics.example"])
        );
        assert_eq!(l.media, set(&["https://media.example"]));
        assert_eq!(l.form, set(&["'self'", "https://formspree.io"]));
        assert_eq!(l.frame, set(&["https://www.openstreetmap.org"]));
        assert_eq!(l.manifest, set(&["'self'"]));
    }

    #[test]
    fn a_page_running_the_search_may_fetch_and_compile_webassembly() {
        let html = br#"<html><head><script src="/search.js" defer></script></head><body>
<form role="search" data-pagefind-bundle="/pagefind/" hidden></form></body></html>"#;
        let l = scan_html(html, SITE);
        assert!(l.searches());
        assert_eq!(l.connect, BTreeSet::from(["'self'".to_string()]));
        let headers = Headers {
            frame_ancestors: crate::config::FrameAncestors::None,
            referrer_policy: "no-referrer".into(),
            permissions_policy: "camera=()".into(),
        };
        let own = csp(&l, &headers);
        assert!(
            own.contains("script-src 'self' 'wasm-unsafe-eval';"),
            "{own}"
        );
        assert!(own.contains("connect-src 'self';"), "{own}");
        let site = csp(&l.clone().without_search(), &headers);
        assert!(
            !site.contains("wasm") && !site.contains("connect-src"),
            "{site}"
        );
        assert!(!scan_html(b"<p>data-pagefind-bundle</p>", SITE).searches());
    }

    #[test]
    fn a_stylesheet_loads_images_fonts_and_imports() {
        let l = scan_css(
            "@import url(\"https://fonts.example/css\");\na{background:url(data:image/svg+xml,%3Csvg%3E)}\n\
             @font-face{font-family:x;src:url(/f.woff2)}\nb{background:url('/b.png')}",
            SITE,
        );
        let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(l.img, set(&["'self'", "data:"]));
        assert_eq!(l.font, set(&["'self'"]));
        assert_eq!(l.style, set(&["https://fonts.example"]));
    }
}
