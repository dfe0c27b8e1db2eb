//! What a rendered page links to and which anchors it has. A small HTML tokenizer of its
//! own: it runs on every page of every build, and lol_html (a full streaming rewriter,
//! measured at about 220 MB/s here) would add a third to a build's time; this one reads
//! tags only (`memchr` to the next `<`), skips comments and the raw text of `<script>`,
//! `<style>`, `<textarea>` and `<title>` as browsers do, and is checked against lol_html
//! in the tests. Attribute values are decoded with html-escape (Tera writes `/` as
//! `&#x2F;`).

use std::borrow::Cow;

/// An attribute that points somewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attr {
    /// `href` (links, stylesheets, icons).
    Href,
    /// `src` (images, scripts, media).
    Src,
    /// One candidate of a `srcset`.
    Srcset,
    /// `poster` of a video.
    Poster,
}

/// The references and anchors of one page, as written in its HTML (borrowed from it
/// unless an entity had to be decoded).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Scanned<'h> {
    /// Every `href`, `src`, `srcset` candidate and `poster`, in order.
    pub refs: Vec<(Attr, Cow<'h, str>)>,
    /// Every `id`, and the `name` of `<a>` elements (old-style anchors).
    pub ids: Vec<Cow<'h, str>>,
}

/// Reads the references and anchors of an HTML page.
pub fn scan(html: &[u8]) -> Scanned<'_> {
    let mut found = Scanned::default();
    let mut i = 0;
    while let Some(off) = find(b'<', &html[i..]) {
        i += off + 1;
        match html.get(i) {
            Some(b'!') => {
                i = if html[i..].starts_with(b"!--") {
                    memchr::memmem::find(&html[i + 3..], b"-->")
                        .map_or(html.len(), |e| i + 3 + e + 3)
                } else {
                    skip_to(html, i, b'>')
                };
            }
            Some(b'/' | b'?') => i = skip_to(html, i, b'>'),
            Some(c) if c.is_ascii_alphabetic() => {
                let (name, end) = tag(html, i, &mut found);
                i = end;
                // Most tags are not raw-text elements: rule them out by length first.
                let maybe_raw = (3..=9).contains(&name.len())
                    && matches!(name[0] | 0x20, b's' | b't' | b'x' | b'i' | b'n' | b'p');
                if maybe_raw
                    && let Some(raw) = RAW_TEXT
                        .iter()
                        .find(|t| name.eq_ignore_ascii_case(t.as_bytes()))
                {
                    i = close_of(html, i, raw);
                }
            }
            _ => {}
        }
    }
    found
}

/// Elements whose content is text, never tags.
const RAW_TEXT: [&str; 9] = [
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// The next `byte`. On x86-64 with memchr's SSE2 searcher (always there, and inlined: the
/// distances between tags and quotes are short, where `memchr::memchr`'s dispatch costs
/// more than the search), elsewhere `memchr::memchr`.
#[inline]
fn find(byte: u8, hay: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if let Some(one) = memchr::arch::x86_64::sse2::memchr::One::new(byte) {
        return one.find(hay);
    }
    memchr::memchr(byte, hay)
}

fn skip_to(html: &[u8], from: usize, byte: u8) -> usize {
    memchr::memchr(byte, &html[from..]).map_or(html.len(), |e| from + e + 1)
}

/// Just after `</name` closing a raw-text element (or the end).
fn close_of(html: &[u8], mut i: usize, name: &str) -> usize {
    while let Some(off) = memchr::memmem::find(&html[i..], b"</") {
        let at = i + off + 2;
        let end = at + name.len();
        if html.len() >= end && html[at..end].eq_ignore_ascii_case(name.as_bytes()) {
            return skip_to(html, end, b'>');
        }
        i = at;
    }
    html.len()
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Reads the start tag whose name begins at `i`; returns its name and where it ends.
fn tag<'h>(html: &'h [u8], mut i: usize, found: &mut Scanned<'h>) -> (&'h [u8], usize) {
    let start = i;
    while i < html.len() && !is_space(html[i]) && html[i] != b'>' && html[i] != b'/' {
        i += 1;
    }
    let name = &html[start..i];
    let is_a = name.eq_ignore_ascii_case(b"a");
    // `<meta property="og:image" content="...">`: the picture link previews show.
    let is_meta = name.eq_ignore_ascii_case(b"meta");
    let mut image_meta = false;
    let mut content: Option<Cow<'h, str>> = None;
    let done = |found: &mut Scanned<'h>, content: Option<Cow<'h, str>>, image: bool| {
        if let (true, Some(c)) = (image, content) {
            found.refs.push((Attr::Src, c));
        }
    };
    loop {
        while i < html.len() && (is_space(html[i]) || html[i] == b'/') {
            i += 1;
        }
        if i >= html.len() {
            done(found, content, image_meta);
            return (name, i);
        }
        if html[i] == b'>' {
            done(found, content, image_meta);
            return (name, i + 1);
        }
        let a = i;
        i += 1;
        while i < html.len() && !is_space(html[i]) && !matches!(html[i], b'>' | b'/' | b'=') {
            i += 1;
        }
        let attr = &html[a..i];
        while i < html.len() && is_space(html[i]) {
            i += 1;
        }
        if html.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < html.len() && is_space(html[i]) {
            i += 1;
        }
        let (value, end) = match html.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let e = find(q, &html[i + 1..]).map_or(html.len(), |e| i + 1 + e);
                (&html[(i + 1).min(e)..e], (e + 1).min(html.len()))
            }
            _ => {
                let s = i;
                while i < html.len() && !is_space(html[i]) && html[i] != b'>' {
                    i += 1;
                }
                (&html[s..i], i)
            }
        };
        i = end;
        if is_meta {
            if attr.eq_ignore_ascii_case(b"property") || attr.eq_ignore_ascii_case(b"name") {
                image_meta |= IMAGE_META
                    .iter()
                    .any(|m| value.eq_ignore_ascii_case(m.as_bytes()));
            } else if attr.eq_ignore_ascii_case(b"content") {
                content = Some(decoded(value));
            }
            continue;
        }
        let kind = match attr.len() {
            2 if attr.eq_ignore_ascii_case(b"id") => Some(None),
            4 if is_a && attr.eq_ignore_ascii_case(b"name") => Some(None),
            4 if attr.eq_ignore_ascii_case(b"href") => Some(Some(Attr::Href)),
            3 if attr.eq_ignore_ascii_case(b"src") => Some(Some(Attr::Src)),
            6 if attr.eq_ignore_ascii_case(b"srcset") => Some(Some(Attr::Srcset)),
            6 if attr.eq_ignore_ascii_case(b"poster") => Some(Some(Attr::Poster)),
            _ => None,
        };
        let Some(kind) = kind else { continue };
        match (kind, decoded(value)) {
            (None, v) => found.ids.push(v),
            (Some(Attr::Srcset), Cow::Borrowed(v)) => found
                .refs
                .extend(srcset_urls(v).map(|u| (Attr::Srcset, Cow::Borrowed(u)))),
            (Some(Attr::Srcset), Cow::Owned(v)) => found
                .refs
                .extend(srcset_urls(&v).map(|u| (Attr::Srcset, Cow::Owned(u.to_string())))),
            (Some(attr), v) => found.refs.push((attr, v)),
        }
    }
}

/// `meta` names whose `content` is an image URL (Open Graph, Twitter cards).
const IMAGE_META: [&str; 4] = [
    "og:image",
    "og:image:url",
    "og:image:secure_url",
    "twitter:image",
];

/// An attribute value as text, entities decoded.
fn decoded(value: &[u8]) -> Cow<'_, str> {
    let text = String::from_utf8_lossy(value);
    if text.contains('&') {
        Cow::Owned(html_escape::decode_html_entities(&text).into_owned())
    } else {
        text
    }
}

/// The URLs of a `srcset`: comma-separated candidates `URL [descriptor]`.
pub fn srcset_urls(srcset: &str) -> impl Iterator<Item = &str> {
    srcset
        .split(',')
        .filter_map(|c| c.split_whitespace().next())
        .filter(|u| !u.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_references_and_anchors_not_text_or_scripts() {
        let s = scan(
            br#"<html><head><link rel=stylesheet href="/style.css"><script>var a = '<a href="/no/">';</script></head>
<body><h2 id="part-one">x</h2><a name=old></a><p>href="/text/" &lt;a href="/escaped/"&gt;</p>
<!-- <a href="/comment/"> -->
<a href="/a/?x=1&amp;y=2#f">a</a><img src='b.png' srcset="b-480.webp 480w, b-960.webp 960w">
<video poster=p.jpg></video><meta content="/card.png" property="og:image"><meta name="description" content="/not-a-link"></body></html>"#,
        );
        let refs: Vec<(Attr, &str)> = s.refs.iter().map(|(a, r)| (*a, r.as_ref())).collect();
        assert_eq!(
            refs,
            vec![
                (Attr::Href, "/style.css"),
                (Attr::Href, "/a/?x=1&y=2#f"),
                (Attr::Src, "b.png"),
                (Attr::Srcset, "b-480.webp"),
                (Attr::Srcset, "b-960.webp"),
                (Attr::Poster, "p.jpg"),
                (Attr::Src, "/card.png"),
            ]
        );
        assert_eq!(s.ids, ["part-one", "old"]);
    }

    /// The same references and anchors as lol_html, a full HTML tokenizer, finds.
    fn by_lol_html(html: &[u8]) -> Scanned<'static> {
        use lol_html::{HtmlRewriter, Settings, element};
        let found = std::cell::RefCell::new(Scanned::default());
        let mut rewriter = HtmlRewriter::new(
            Settings::new().append_element_content_handler(element!(
                "[href], [src], [srcset], [poster], [id], a[name], meta[content]",
                |el| {
                    let mut f = found.borrow_mut();
                    if el.tag_name() == "meta" {
                        let kind = el
                            .get_attribute("property")
                            .or_else(|| el.get_attribute("name"))
                            .unwrap_or_default()
                            .to_ascii_lowercase();
                        if IMAGE_META.contains(&kind.as_str()) {
                            let c = el.get_attribute("content").unwrap_or_default();
                            f.refs.push((
                                Attr::Src,
                                html_escape::decode_html_entities(&c).into_owned().into(),
                            ));
                        }
                        return Ok(());
                    }
                    for attr in el.attributes() {
                        let value: Cow<'static, str> =
                            html_escape::decode_html_entities(&attr.value())
                                .into_owned()
                                .into();
                        match attr.name().as_str() {
                            "href" => f.refs.push((Attr::Href, value)),
                            "src" => f.refs.push((Attr::Src, value)),
                            "poster" => f.refs.push((Attr::Poster, value)),
                            "srcset" => f.refs.extend(
                                srcset_urls(&value).map(|u| (Attr::Srcset, u.to_string().into())),
                            ),
                            "id" => f.ids.push(value),
                            "name" if el.tag_name() == "a" => f.ids.push(value),
                            _ => {}
                        }
                    }
                    Ok(())
                }
            )),
            |_: &[u8]| {},
        );
        rewriter.write(html).unwrap();
        rewriter.end().unwrap();
        found.into_inner()
    }

    #[test]
    fn agrees_with_lol_html_on_the_example_site_and_odd_markup() {
        let mut pages: Vec<Vec<u8>> = vec![
            b"<p>a < b and c<d</p><a href=x>1</a><A HREF='Y' ID=z>2</A><img src = \"s.png\" alt>".to_vec(),
            b"<title><a href=no></title><textarea><img src=no></textarea><style>a[href=\"no\"]{}</style>".to_vec(),
            b"<!doctype html><?xml x?><!-- <a href=no> --><a href=\"a&amp;b&#x2F;c\" id=\"&quot;q\">".to_vec(),
            b"<script>if (a<b) document.write('<a href=\"no\">')</script><a name=n href=\"#n\">".to_vec(),
        ];
        let built = crate::pipeline::render_site(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("site")
                .as_path(),
            &crate::content::LoadOptions {
                drafts: true,
                base_url: None,
                now: chrono::Utc::now(),
            },
            Default::default(),
            false,
        )
        .unwrap();
        for o in built.outputs {
            if let (true, crate::output::Body::Bytes(b)) = (o.path.ends_with(".html"), o.body) {
                pages.push(b);
            }
        }
        assert!(pages.len() > 20);
        for page in &pages {
            assert_eq!(
                scan(page),
                by_lol_html(page),
                "{}",
                String::from_utf8_lossy(page)
            );
        }
    }
}
