//! Site search (`search: true` in `site.yaml`, docs/search.md): which pages are found and
//! what of them, and the Pagefind index made from them.
//!
//! A page is found by the text of its `<main>` (not the header, navigation and footer
//! every page repeats), under the title of its first `<h1>`, in its own language, with
//! its type (`post`, `page`, `service`, `faq`, `contact`, `newsletter`) and, for a post,
//! its tags as filters. The records are fed to Pagefind as custom records (no second
//! HTML parse), and its files go under `/pagefind/`, written like every other output.

use std::collections::BTreeMap;

use crate::output::{Body, Output};
use crate::render::Job;

/// The folder of the index and of Pagefind's scripts in the output.
pub const BUNDLE: &str = "pagefind/";

/// What the index holds of one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Root-relative URL (`/blog/x/`, `/en/faq/`).
    pub url: String,
    /// The page's language (`fr`, `en-GB`).
    pub language: String,
    /// The text of its first `<h1>` (else of `<title>`).
    pub title: String,
    /// The text of its `<main>`.
    pub text: String,
    /// Its type, the `type` filter.
    pub kind: &'static str,
    /// Its tags, the `tag` filter.
    pub tags: Vec<String>,
}

/// What a job's page is for the search, when it is found at all (thank-you, privacy,
/// survey and list pages are not: they hold nothing a customer looks for, or only
/// what the pages they list hold).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its type (`post`).
    pub kind: &'static str,
    /// Its tags.
    pub tags: Vec<String>,
    /// Its language.
    pub language: String,
}

/// The search entry of `job`, a job of the renderer whose language is `language`.
pub fn entry(job: &Job, language: &str) -> Option<Entry> {
    let (kind, tags) = match job {
        Job::Post(p) => ("post", p.post.src.tags.clone()),
        Job::Page(_) => ("page", Vec::new()),
        Job::Services(_) => ("service", Vec::new()),
        Job::Faq(_) => ("faq", Vec::new()),
        Job::Contact(_) => ("contact", Vec::new()),
        Job::NewsletterIssue(_) => ("newsletter", Vec::new()),
        Job::Translated(t) => {
            return entry(t.job(), &t.renderer().site.config.language);
        }
        _ => return None,
    };
    Some(Entry {
        kind,
        tags,
        language: language.to_string(),
    })
}

/// The record of `job`'s page (`html`), when the search of `config`'s site finds it.
pub fn found(config: &crate::config::Config, job: &Job, html: &[u8]) -> Option<Record> {
    if !config.search {
        return None;
    }
    let entry = entry(job, &config.language)?;
    Some(record(
        entry,
        format!("{}{}", config.root(), job.route()),
        html,
    ))
}

/// The record of a page written at `url` from its HTML.
pub fn record(entry: Entry, url: String, html: &[u8]) -> Record {
    let html = String::from_utf8_lossy(html);
    let main = element(&html, "main").unwrap_or(&html);
    let title = element(main, "h1")
        .or_else(|| element(&html, "title"))
        .map(text)
        .unwrap_or_default();
    Record {
        url,
        language: entry.language.to_ascii_lowercase(),
        title,
        text: text(main),
        kind: entry.kind,
        tags: entry.tags,
    }
}

/// The inside of the first `<name ...>...</name>` of `html`.
fn element<'h>(html: &'h str, name: &str) -> Option<&'h str> {
    let open = format!("<{name}");
    let mut from = 0;
    let start = loop {
        let at = from + html[from..].find(&open)?;
        let after = html.as_bytes().get(at + open.len()).copied();
        if matches!(after, Some(b'>' | b' ' | b'\n' | b'\t' | b'\r' | b'/')) {
            break at;
        }
        from = at + open.len();
    };
    let body = start + html[start..].find('>')? + 1;
    let end = body + html[body..].find(&format!("</{name}>"))?;
    Some(&html[body..end])
}

/// Elements that do not break a word: text around them runs on.
const INLINE: [&str; 16] = [
    "a", "abbr", "b", "bdi", "cite", "code", "em", "i", "mark", "q", "s", "small", "span",
    "strong", "sub", "sup",
];

/// Elements whose text is not what the page is about: code and pictures, and the parts
/// the theme repeats around the content (a post's contact card in its `<footer>`, the
/// links to the next posts in a `<nav>`, a form's labels).
const SKIPPED: [&str; 8] = [
    "script", "style", "template", "svg", "nav", "footer", "aside", "form",
];

/// The text of some HTML: tags out (a block's edge is a space), the [`SKIPPED`] elements
/// out, entities decoded, white space collapsed.
pub fn text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let Some(gt) = rest.find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[1..gt];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        rest = &rest[gt + 1..];
        if !tag.starts_with('/') && !tag.ends_with('/') && SKIPPED.contains(&name.as_str()) {
            rest = after_element(rest, &name);
        }
        if !INLINE.contains(&name.as_str()) {
            out.push(' ');
        }
    }
    out.push_str(rest);
    let decoded = html_escape::decode_html_entities(&out);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What follows the end of the `name` element whose start tag `html` follows (elements
/// of the same name inside it counted).
fn after_element<'h>(html: &'h str, name: &str) -> &'h str {
    let (open, close) = (format!("<{name}"), format!("</{name}>"));
    let mut depth = 1;
    let mut rest = html;
    while depth > 0 {
        let Some(c) = rest.find(&close) else {
            return "";
        };
        // Raw text (a script's) holds no elements.
        if !matches!(name, "script" | "style") {
            depth += count_starts(&rest[..c], &open);
        }
        depth -= 1;
        rest = &rest[c + close.len()..];
    }
    rest
}

/// How many start tags `<name ...>` `html` holds (not `<names>`).
fn count_starts(html: &str, open: &str) -> usize {
    html.match_indices(open)
        .filter(|(i, _)| {
            matches!(
                html.as_bytes().get(i + open.len()),
                Some(b'>' | b' ' | b'\n' | b'\t' | b'\r' | b'/')
            )
        })
        .count()
}

/// The Pagefind index of `records`: its files as outputs under [`BUNDLE`].
pub fn index(mut records: Vec<Record>) -> anyhow::Result<Vec<Output>> {
    // In the order of their URLs, so the same pages make the same files.
    records.sort_by(|a, b| a.url.cmp(&b.url));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let options = pagefind::options::PagefindServiceConfig::builder().build();
        let mut index = pagefind::api::PagefindIndex::new(Some(options))?;
        for r in records {
            let meta = BTreeMap::from([("title".to_string(), r.title)]);
            let mut filters = BTreeMap::from([("type".to_string(), vec![r.kind.to_string()])]);
            if !r.tags.is_empty() {
                filters.insert("tag".to_string(), r.tags);
            }
            index
                .add_custom_record(r.url, r.text, r.language, Some(meta), Some(filters), None)
                .await?;
        }
        let files = index.get_files().await?;
        Ok(files
            .into_iter()
            .filter(|f| used(&f.filename))
            .map(|f| Output {
                path: format!("{BUNDLE}{}", crate::walk::slash_path(&f.filename)),
                body: Body::Bytes(f.contents),
            })
            .collect())
    })
}

/// Whether the search page uses a file of Pagefind's bundle: not its own interfaces
/// (`pagefind-ui.js`, `pagefind-component-ui.js`...) and highlighter, which the theme's
/// `search.js` replaces.
fn used(name: &std::path::Path) -> bool {
    let name = name.to_string_lossy();
    !(name.ends_with("-ui.js") || name.ends_with("-ui.css") || name == "pagefind-highlight.js")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_of_main_without_scripts_and_with_words_kept_whole() {
        let html = "<html><head><title>T &amp; co</title></head><body><header>Menu</header>\
            <main id=\"main\"><h1>Hello <em>there</em></h1><p>Caf&eacute; <strong>au</strong>lait\
            </p><script>var x = 1;</script><svg><title>icon</title></svg><p>next</p></main>\
            <footer>Foot</footer></body></html>";
        let entry = Entry {
            kind: "post",
            tags: vec!["coffee".into()],
            language: "en".into(),
        };
        let r = record(entry, "/x/".into(), html.as_bytes());
        assert_eq!(r.title, "Hello there");
        assert_eq!(r.text, "Hello there Café aulait next");
        assert!(!r.text.contains("Menu") && !r.text.contains("Foot"));
    }

    #[test]
    fn the_parts_around_the_content_are_left_out_whole() {
        let html = "<main><p>Bread</p><footer><div><footer>x</footer>Call Rosa</div></footer>\
            <nav><a>Older post</a></nav><p>flour</p><form><label>Name</label></form>\
            <script>if (a<b) {}</script>water</main>";
        let main = element(html, "main").unwrap();
        assert_eq!(text(main), "Bread flour water");
    }

    #[test]
    fn the_title_falls_back_to_the_title_element() {
        let html = b"<html><head><title>Contact &amp; hours</title></head><main><p>x</p></main>";
        let entry = Entry {
            kind: "contact",
            tags: Vec::new(),
            language: "fr".into(),
        };
        assert_eq!(record(entry, "/c/".into(), html).title, "Contact & hours");
    }

    #[test]
    fn an_element_is_found_by_its_whole_name() {
        assert_eq!(element("<mainx>a</mainx><main>b</main>", "main"), Some("b"));
        assert_eq!(element("<p>x</p>", "main"), None);
    }
}
