//! RSS 2.0, Atom 1.0 and JSON Feed 1.1, with absolute URLs and no control characters.

use std::fmt::Write;

use serde_json::json;
use url::Url;

use crate::config::Config;
use crate::content::Post;

/// Site paths of the feeds (routes are made in [`crate::routes`]).
pub use crate::routes::{ATOM, JSON_FEED as JSON, RSS};

/// A post as a feed carries it: the post and its whole HTML.
pub struct FeedPost<'a> {
    /// The post.
    pub post: &'a Post,
    /// Its rendered HTML (read from the build cache if it is there).
    pub html: std::borrow::Cow<'a, str>,
}

impl std::ops::Deref for FeedPost<'_> {
    type Target = Post;
    fn deref(&self) -> &Post {
        self.post
    }
}

/// RSS 2.0 with `content:encoded` and `atom:link rel="self"`.
pub fn rss(config: &Config, posts: &[FeedPost]) -> String {
    let mut out = String::with_capacity(4096 + posts.len() * 8192);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n");
    let self_url = config.absolute(RSS);
    let _ = writeln!(out, "<title>{}</title>", xml(&config.title));
    let _ = writeln!(out, "<link>{}</link>", xml(config.base_url.as_str()));
    let _ = writeln!(
        out,
        "<description>{}</description>",
        xml(config.description.as_deref().unwrap_or(&config.title))
    );
    let _ = writeln!(out, "<language>{}</language>", xml(&config.language));
    let _ = writeln!(
        out,
        "<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>",
        xml(&self_url)
    );
    let _ = writeln!(
        out,
        "<generator>frontdesk {}</generator>",
        env!("CARGO_PKG_VERSION")
    );
    if let Some(newest) = posts.first() {
        let _ = writeln!(
            out,
            "<lastBuildDate>{}</lastBuildDate>",
            newest.src.updated.unwrap_or(newest.src.date).rfc822()
        );
    }
    for p in posts {
        let url = config.absolute(&p.path);
        out.push_str("<item>\n");
        let _ = writeln!(out, "<title>{}</title>", xml(&p.src.title));
        let _ = writeln!(out, "<link>{}</link>", xml(&url));
        let _ = writeln!(out, "<guid isPermaLink=\"true\">{}</guid>", xml(&url));
        let _ = writeln!(out, "<pubDate>{}</pubDate>", p.src.date.rfc822());
        if let Some(author) = p.src.author.as_ref().or(config.author.as_ref()) {
            let _ = writeln!(out, "<dc:creator>{}</dc:creator>", xml(author));
        }
        for tag in &p.src.tags {
            let _ = writeln!(out, "<category>{}</category>", xml(tag));
        }
        let base = Url::parse(&url).expect("absolute post URL");
        let _ = writeln!(
            out,
            "<description>{}</description>",
            xml(&absolutize(&p.summary_html, &base))
        );
        let _ = writeln!(
            out,
            "<content:encoded>{}</content:encoded>",
            xml(&absolutize(&p.html, &base))
        );
        out.push_str("</item>\n");
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

/// Atom 1.0.
pub fn atom(config: &Config, posts: &[FeedPost]) -> String {
    let mut out = String::with_capacity(4096 + posts.len() * 8192);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        xml(&config.language)
    );
    let _ = writeln!(out, "<title>{}</title>", xml(&config.title));
    if let Some(d) = &config.description {
        let _ = writeln!(out, "<subtitle>{}</subtitle>", xml(d));
    }
    let _ = writeln!(out, "<id>{}</id>", xml(config.base_url.as_str()));
    let _ = writeln!(
        out,
        "<link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>",
        xml(&config.absolute(ATOM))
    );
    let _ = writeln!(
        out,
        "<link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>",
        xml(config.base_url.as_str())
    );
    let updated = posts
        .iter()
        .map(|p| p.src.updated.unwrap_or(p.src.date))
        .max();
    let _ = writeln!(
        out,
        "<updated>{}</updated>",
        updated.map_or_else(|| "1970-01-01T00:00:00+00:00".to_string(), |d| d.rfc3339())
    );
    let _ = writeln!(
        out,
        "<author><name>{}</name></author>",
        xml(config.author.as_deref().unwrap_or(&config.title))
    );
    let _ = writeln!(out, "<generator>frontdesk</generator>");
    for p in posts {
        let url = config.absolute(&p.path);
        let base = Url::parse(&url).expect("absolute post URL");
        out.push_str("<entry>\n");
        let _ = writeln!(out, "<title>{}</title>", xml(&p.src.title));
        let _ = writeln!(out, "<id>{}</id>", xml(&url));
        let _ = writeln!(
            out,
            "<link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>",
            xml(&url)
        );
        let _ = writeln!(out, "<published>{}</published>", p.src.date.rfc3339());
        let _ = writeln!(
            out,
            "<updated>{}</updated>",
            p.src.updated.unwrap_or(p.src.date).rfc3339()
        );
        if let Some(author) = &p.src.author {
            let _ = writeln!(out, "<author><name>{}</name></author>", xml(author));
        }
        for tag in &p.src.tags {
            let _ = writeln!(out, "<category term=\"{}\"/>", xml(tag));
        }
        let _ = writeln!(
            out,
            "<summary type=\"html\">{}</summary>",
            xml(&absolutize(&p.summary_html, &base))
        );
        let _ = writeln!(
            out,
            "<content type=\"html\">{}</content>",
            xml(&absolutize(&p.html, &base))
        );
        out.push_str("</entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// JSON Feed 1.1.
pub fn json_feed(config: &Config, posts: &[FeedPost]) -> String {
    let items: Vec<_> = posts
        .iter()
        .map(|p| {
            let url = config.absolute(&p.path);
            let base = Url::parse(&url).expect("absolute post URL");
            let mut item = json!({
                "id": url,
                "url": url,
                "title": clean(&p.src.title),
                "content_html": clean(&absolutize(&p.html, &base)),
                "summary": clean(&p.src.description.clone().unwrap_or_else(|| html_to_text(&p.summary_html))),
                "date_published": p.src.date.rfc3339(),
                "tags": p.src.tags,
            });
            if let Some(u) = p.src.updated {
                item["date_modified"] = json!(u.rfc3339());
            }
            if let Some(a) = p.src.author.as_ref().or(config.author.as_ref()) {
                item["authors"] = json!([{ "name": a }]);
            }
            item
        })
        .collect();
    let mut feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": config.title,
        "home_page_url": config.base_url.as_str(),
        "feed_url": config.absolute(JSON),
        "language": config.language,
        "items": items,
    });
    if let Some(d) = &config.description {
        feed["description"] = json!(d);
    }
    serde_json::to_string_pretty(&feed).expect("JSON feed serializes")
}

/// Escapes text for XML and drops characters XML 1.0 forbids.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

fn clean(s: &str) -> String {
    s.chars().filter(|&c| is_xml_char(c)).collect()
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// The plain text of an HTML fragment: tags removed, white space folded, entities decoded.
pub fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    decode_entities(&folded)
}

/// Decodes the entities pulldown-cmark and ammonia write (named basics and numeric ones).
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let decoded = tail.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &tail[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .map(|h| u32::from_str_radix(h, 16))
                    .or_else(|| name.strip_prefix('#').map(str::parse::<u32>))
                    .and_then(Result::ok)
                    .and_then(char::from_u32),
            }?;
            Some((c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Makes every `href`, `src` and `poster` in `html` absolute against `base`.
pub fn absolutize(html: &str, base: &Url) -> String {
    crate::html_urls::rewrite(html, |v| {
        let decoded = v.replace("&amp;", "&");
        match base.join(&decoded) {
            Ok(u) if !v.is_empty() => u.as_str().replace('&', "&amp;"),
            _ => v.to_string(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolutize_links() {
        let base = Url::parse("https://ex.com/blog/a/").unwrap();
        let html = r##"<a href="/contact/">c</a> <img src="pic.png"> <a href="https://x.org/?a=1&amp;b=2">x</a> <a href="#f">f</a> <source srcset="/p.480w.webp 480w, p.960w.webp 960w">"##;
        assert_eq!(
            absolutize(html, &base),
            r##"<a href="https://ex.com/contact/">c</a> <img src="https://ex.com/blog/a/pic.png"> <a href="https://x.org/?a=1&amp;b=2">x</a> <a href="https://ex.com/blog/a/#f">f</a> <source srcset="https://ex.com/p.480w.webp 480w, https://ex.com/blog/a/p.960w.webp 960w">"##
        );
    }

    #[test]
    fn html_to_text_decodes_each_entity_once() {
        assert_eq!(
            html_to_text("<p>Tom &amp; Jerry &amp;lt;b&amp;gt; &#39;x&#x27;\n <b>y</b></p>"),
            "Tom & Jerry &lt;b&gt; 'x' y"
        );
    }

    #[test]
    fn xml_drops_control_characters() {
        assert_eq!(xml("a\u{1}b<&>\u{b}"), "ab&lt;&amp;&gt;");
    }
}
