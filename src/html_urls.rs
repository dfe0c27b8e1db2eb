//! The URLs of an HTML fragment (`href`, `src`, `srcset`, `poster`), rewritten in one pass:
//! made absolute for a feed or an email, or resolved against the page they were written
//! for when they are shown on another one (a post's summary on the blog's pages).

/// Rewrites every `href`, `src` and `poster` value of `html`, and every URL of a `srcset`,
/// with `f` (given and giving the value as written in the HTML, entities and all). One pass:
/// the time is linear in the length of `html`, however many attributes it holds.
pub fn rewrite(html: &str, f: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(i) = find_attr(rest) {
        let (before, after) = rest.split_at(i);
        out.push_str(before);
        let eq = after.find('=').expect("attribute has =");
        let quote = after.as_bytes()[eq + 1] as char;
        out.push_str(&after[..eq + 2]);
        let value_start = eq + 2;
        let Some(len) = after[value_start..].find(quote) else {
            out.push_str(&after[value_start..]);
            return out;
        };
        let value = &after[value_start..value_start + len];
        if after.starts_with("srcset=") {
            // Candidates: `URL 480w, URL 960w`.
            let candidates: Vec<String> = value
                .split(',')
                .map(|c| {
                    let c = c.trim();
                    match c.split_once(' ') {
                        Some((url, size)) => format!("{} {size}", f(url)),
                        None => f(c),
                    }
                })
                .collect();
            out.push_str(&candidates.join(", "));
        } else {
            out.push_str(&f(value));
        }
        rest = &after[value_start + len..];
    }
    out.push_str(rest);
    out
}

/// `html` written for the page at `page` (a root-relative URL ending in `/`, such as
/// `/blog/slug/`), with its relative references (`#part`, `?q`, `photo.jpg`) resolved
/// against that page, so it links to the same places on any other page of the site.
/// Root-relative and absolute references are kept as they are.
pub fn rebase(html: &str, page: &str) -> String {
    rewrite(html, |v| match is_relative(v) {
        true => format!("{page}{v}"),
        false => v.to_string(),
    })
}

/// A reference relative to its page's path: not empty, not root-relative (`/x`),
/// scheme-relative (`//host`) nor with a scheme (`https:`, `mailto:`).
fn is_relative(v: &str) -> bool {
    let cut = v.find(['/', '?', '#']).unwrap_or(v.len());
    !v.is_empty() && !v.starts_with('/') && !v[..cut].contains(':')
}

/// The position of the first URL attribute in `s` (after its space), scanning each byte
/// once: looking for each pattern separately would scan the rest of the document again for
/// every attribute found.
fn find_attr(s: &str) -> Option<usize> {
    const PATTERNS: [&[u8]; 6] = [
        b"href=\"",
        b"src=\"",
        b"href='",
        b"src='",
        b"poster=\"",
        b"srcset=\"",
    ];
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(i) = bytes[from..].iter().position(|&b| b == b' ') {
        let at = from + i + 1;
        if PATTERNS.iter().any(|p| bytes[at..].starts_with(p)) {
            return Some(at);
        }
        from = at;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_references_resolve_against_their_page() {
        let html = r##"<p><a href="#part">p</a> <a href='?q=1&amp;r'>q</a> <img src="pic.png" srcset="pic.png 1x, /pic-2x.png 2x"> <a href="/contact/">c</a> <a href="https://x.org/a#b">x</a> <a href="mailto:a@b.c">m</a> <a href="//cdn.x/y">y</a> <a href="">e</a></p>"##;
        assert_eq!(
            rebase(html, "/blog/a/"),
            r##"<p><a href="/blog/a/#part">p</a> <a href='/blog/a/?q=1&amp;r'>q</a> <img src="/blog/a/pic.png" srcset="/blog/a/pic.png 1x, /pic-2x.png 2x"> <a href="/contact/">c</a> <a href="https://x.org/a#b">x</a> <a href="mailto:a@b.c">m</a> <a href="//cdn.x/y">y</a> <a href="">e</a></p>"##
        );
        let plain = "<p>No links, <a href=\"/x/\">one</a>.</p>\n";
        assert_eq!(rebase(plain, "/blog/a/"), plain);
    }
}
