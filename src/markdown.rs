//! Pure Markdown rendering: `&str` in, [`Rendered`] out.
//!
//! CommonMark plus tables, footnotes, strikethrough, task lists and smart punctuation;
//! headings get ids and anchor links; fenced code is highlighted; links are rewritten by
//! the caller's [`Links`] (so `other-post.md` becomes that post's URL).

use std::collections::HashSet;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html,
};

use crate::highlight;

/// The marker that ends a hand-written summary.
pub const MORE: &str = "<!-- more -->";

/// How a reference to a menu item is written, `[menu:croissant]`, and the destination it
/// is read as (the key follows).
pub const MENU_REF: &str = "menu:";

/// Rewrites link and image destinations.
pub trait Links {
    /// Returns a replacement for `dest`, or None to keep it.
    fn resolve(&self, dest: &str) -> Option<String>;

    /// What `[menu:KEY]` shows (HTML: the item's name and price), or why it cannot.
    fn menu_item(&self, key: &str) -> Result<String, String> {
        Err(format!(
            "`[menu:{key}]` names an item of the menu, which this text cannot show"
        ))
    }

    /// The picture an image destination shows: None for an image that is not a local
    /// raster file (kept as an `<img>`), an error for one that cannot be read.
    fn image(&self, _dest: &str) -> Option<Result<Picture, String>> {
        None
    }

    /// For a link to a local image whose original is not published: the URL of the light
    /// copy it leads to instead (what [`Links::resolve`] answers), and the image's file.
    fn linked_image(&self, _dest: &str) -> Option<(String, std::path::PathBuf)> {
        None
    }
}

pub use crate::picture::Picture;

/// Resolves with another [`Links`] and records each destination and its answer, so a
/// cache can tell later whether the document would render the same.
pub struct Recorder<'a> {
    inner: &'a dyn Links,
    seen: std::cell::RefCell<Vec<(String, Option<String>)>>,
    images: std::cell::RefCell<Vec<(String, Option<String>)>>,
    files: std::cell::RefCell<Vec<std::path::PathBuf>>,
    linked: std::cell::RefCell<Vec<std::path::PathBuf>>,
}

/// What a [`Recorder`] saw.
#[derive(Debug, Default)]
pub struct Recorded {
    /// Every link destination asked about, in order, with its answer.
    pub links: Vec<(String, Option<String>)>,
    /// Every image destination, with its picture's [`Picture::key`] (or error).
    pub images: Vec<(String, Option<String>)>,
    /// The local image files shown, each once.
    pub files: Vec<std::path::PathBuf>,
    /// The local image files a link leads to (to their light copy), each once.
    pub linked: Vec<std::path::PathBuf>,
}

impl<'a> Recorder<'a> {
    /// Records what `inner` answers.
    pub fn new(inner: &'a dyn Links) -> Self {
        Recorder {
            inner,
            seen: Default::default(),
            images: Default::default(),
            files: Default::default(),
            linked: Default::default(),
        }
    }

    /// What was asked and answered.
    pub fn into_recorded(self) -> Recorded {
        // Each file once, in the order the document shows them (the first is the post's image).
        let mut files = self.files.into_inner();
        let mut seen = std::collections::HashSet::new();
        files.retain(|f| seen.insert(f.clone()));
        let mut linked = self.linked.into_inner();
        let mut seen = std::collections::HashSet::new();
        linked.retain(|f| seen.insert(f.clone()));
        Recorded {
            links: self.seen.into_inner(),
            images: self.images.into_inner(),
            files,
            linked,
        }
    }
}

/// How an image answer is recorded: the picture's key, or the error.
pub fn image_answer(answer: &Option<Result<Picture, String>>) -> Option<String> {
    answer.as_ref().map(|a| match a {
        Ok(p) => p.key(),
        Err(e) => format!("error: {e}"),
    })
}

impl Links for Recorder<'_> {
    /// Recorded as the destination `menu:KEY`, which the inner resolver answers alike.
    fn menu_item(&self, key: &str) -> Result<String, String> {
        let answer = self.inner.menu_item(key);
        self.seen
            .borrow_mut()
            .push((format!("{MENU_REF}{key}"), answer.clone().ok()));
        answer
    }

    fn resolve(&self, dest: &str) -> Option<String> {
        let answer = self.inner.resolve(dest);
        if let Some((_, file)) = self.inner.linked_image(dest) {
            self.linked.borrow_mut().push(file);
        }
        self.seen
            .borrow_mut()
            .push((dest.to_string(), answer.clone()));
        answer
    }

    fn image(&self, dest: &str) -> Option<Result<Picture, String>> {
        let answer = self.inner.image(dest);
        if let Some(Ok(p)) = &answer {
            self.files.borrow_mut().push(p.file.clone());
        }
        self.images
            .borrow_mut()
            .push((dest.to_string(), image_answer(&answer)));
        answer
    }
}

/// Keeps every link as written.
pub struct KeepLinks;

impl Links for KeepLinks {
    fn resolve(&self, _: &str) -> Option<String> {
        None
    }
}

/// The result of rendering one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The whole document as HTML.
    pub html: String,
    /// HTML of the text before `<!-- more -->`, else of the first paragraph.
    pub summary_html: Option<String>,
    /// Words of running text, for reading time.
    pub words: usize,
    /// Where each image without alt text starts (byte offsets into the source).
    pub images_without_alt: Vec<usize>,
    /// Characters of the first paragraph's text (a summary longer than a search result).
    pub first_paragraph_chars: usize,
    /// Images that cannot be shown: where each starts (byte offset) and why.
    pub image_problems: Vec<(usize, String)>,
    /// Links and images left as text: where each starts (byte offset), and what it says.
    pub text_links: Vec<(usize, TextLink)>,
}

/// A link or image that CommonMark leaves as text, because its destination has spaces
/// (`![Crème brûlée](Crème brûlée 1.jpg)`, as phones and Windows name files): the page
/// would show the brackets.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct TextLink {
    /// Written `![...]` (an image) rather than `[...]`.
    pub image: bool,
    /// The text between the brackets.
    pub label: String,
    /// The destination between the parentheses.
    pub dest: String,
}

impl TextLink {
    /// How it is written, `![label](dest)`.
    pub fn written(&self) -> String {
        format!(
            "{}[{}]({})",
            if self.image { "!" } else { "" },
            self.label,
            self.dest
        )
    }

    /// How to write it so that it works: the destination in angle brackets.
    pub fn fixed(&self) -> String {
        format!(
            "{}[{}](<{}>)",
            if self.image { "!" } else { "" },
            self.label,
            self.dest
        )
    }
}

/// Every `[label](dest with spaces)` and `![...](...)` that `source` shows as text, with the
/// byte offset of its `[` or `!`.
pub fn text_links(source: &str) -> Vec<(usize, TextLink)> {
    let mut runs = TextRuns::default();
    for (event, range) in Parser::new_ext(source, options()).into_offset_iter() {
        runs.see(&event, range);
    }
    text_links_in(source, runs.runs)
}

/// Runs of plain text, as written in the source (code, real links and HTML end a run):
/// where [`text_links`] looks. Gathered from the events of the pass that renders, so the
/// source is not parsed once more for them.
#[derive(Default)]
struct TextRuns {
    runs: Vec<std::ops::Range<usize>>,
    open: bool,
}

impl TextRuns {
    fn see(&mut self, event: &Event, range: std::ops::Range<usize>) {
        match event {
            Event::Text(_) if self.open => {
                let last = self.runs.last_mut().expect("an open run");
                last.end = last.end.max(range.end);
            }
            Event::Text(_) => {
                self.runs.push(range);
                self.open = true;
            }
            Event::SoftBreak => {}
            _ => self.open = false,
        }
    }
}

/// The text links of `source` found in its runs of plain text.
fn text_links_in(source: &str, runs: Vec<std::ops::Range<usize>>) -> Vec<(usize, TextLink)> {
    let mut found = Vec::new();
    for run in runs {
        let text = &source[run.clone()];
        let mut from = 0;
        while let Some(i) = text[from..].find("](") {
            let mid = from + i;
            from = mid + 2;
            let Some(close) = text[mid + 2..].find([')', '\n']).map(|c| mid + 2 + c) else {
                break;
            };
            let dest = &text[mid + 2..close];
            if !text[close..].starts_with(')')
                || !dest.trim().contains(' ')
                || dest.starts_with('<')
            {
                continue;
            }
            // The `[` that opens the label (labels may hold brackets of their own).
            let mut depth = 0;
            let mut start = None;
            for (j, c) in text[..mid].char_indices().rev() {
                match c {
                    ']' => depth += 1,
                    '[' if depth == 0 => {
                        start = Some(j);
                        break;
                    }
                    '[' => depth -= 1,
                    '\n' => break,
                    _ => {}
                }
            }
            let Some(start) = start.filter(|&j| !text[..j].ends_with('\\')) else {
                continue;
            };
            let image = text[..start].ends_with('!');
            let at = if image { start - 1 } else { start };
            found.push((
                run.start + at,
                TextLink {
                    image,
                    label: text[start + 1..mid].to_string(),
                    dest: dest.trim().to_string(),
                },
            ));
            from = close + 1;
        }
    }
    found
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// `[menu:KEY]`, a reference no link definition answers, read as a link to `menu:KEY`.
fn menu_reference<'a>(link: pulldown_cmark::BrokenLink<'a>) -> Option<(CowStr<'a>, CowStr<'a>)> {
    let key = link.reference.strip_prefix(MENU_REF)?;
    Some((format!("{MENU_REF}{key}").into(), "".into()))
}

/// Every link and image destination of `source` as written, with the byte offset where
/// the link starts (its `[` or `![`): where an error about it points.
pub fn link_offsets(source: &str) -> Vec<(String, usize)> {
    Parser::new_ext(source, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some((dest_url.to_string(), range.start))
            }
            _ => None,
        })
        .collect()
}

/// Whether `event` ends the words of a task list item: the end of its paragraph or of
/// the item, or the start of a block inside it.
fn ends_task_label(event: &Event) -> bool {
    match event {
        Event::End(TagEnd::Paragraph | TagEnd::Item) => true,
        Event::Start(tag) => !matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::Rule => true,
        _ => false,
    }
}

/// Renders `source` to HTML.
pub fn render(source: &str, links: &dyn Links) -> Rendered {
    let main = render_events(source, links, true);
    let summary_html = match source.find(MORE) {
        Some(i) => Some(render_events(&source[..i], links, false).html),
        None => main.first_paragraph,
    }
    // A summary is one of many on a list page: its pictures load lazily.
    .map(|s| s.replace(EAGER, LAZY));
    Rendered {
        html: main.html,
        summary_html,
        words: main.words,
        images_without_alt: main.images_without_alt,
        first_paragraph_chars: main.first_paragraph_chars,
        image_problems: main.image_problems,
        text_links: text_links_in(source, main.text_runs.runs),
    }
}

/// The end of a picture's `<img>` that loads at once, and of one that loads lazily
/// (see [`Picture::html`]).
const EAGER: &str = " decoding=\"async\" fetchpriority=\"high\">";
const LAZY: &str = " decoding=\"async\" loading=\"lazy\">";

/// What one pass over the events gives.
struct Pass {
    html: String,
    first_paragraph: Option<String>,
    words: usize,
    images_without_alt: Vec<usize>,
    first_paragraph_chars: usize,
    image_problems: Vec<(usize, String)>,
    text_runs: TextRuns,
}

fn render_events(source: &str, links: &dyn Links, anchors: bool) -> Pass {
    let mut events: Vec<Event> = Vec::new();
    let mut ids = Ids::default();
    let mut words = 0;
    let mut first_para: Option<(usize, usize)> = None;
    let mut para_start = None;
    let mut code: Option<(String, String)> = None;
    let mut heading: Option<(HeadingLevel, Option<String>, Vec<String>, usize)> = None;

    // The image being read: where it starts and whether it has alt text so far.
    let mut image: Option<(usize, bool)> = None;
    let mut images_without_alt = Vec::new();
    // A local picture being read: its size and variants, title, and where its alt text
    // starts among the events. The first picture of a page loads at once, the rest lazily.
    let mut picture: Option<(Picture, String, usize)> = None;
    let mut pictures = 0usize;
    // The paragraph being read: where it starts among the events, and its pictures (each
    // with its alt text, title, whether it loads lazily, and its event). A paragraph of
    // two or more pictures and nothing else (but spaces and line breaks) is a gallery.
    let mut para: Option<usize> = None;
    let mut para_pictures: Vec<GalleryItem> = Vec::new();
    let mut code_start = 0usize;
    let mut image_problems = Vec::new();
    let mut text_runs = TextRuns::default();
    // Inside a `mailto:` or `tel:` link: its text never breaks inside (see contact_text).
    let mut contact_link = false;
    // Inside `[menu:KEY]`, shown as the item's name and price: its own text is dropped.
    let mut menu_ref = false;
    // Inside the `<label>` of a task list item (see `Event::TaskListMarker` below).
    let mut task_label = false;
    let parser = Parser::new_with_broken_link_callback(source, options(), Some(menu_reference));
    for (event, range) in parser.into_offset_iter() {
        text_runs.see(&event, range.clone());
        match (&event, &mut image) {
            (Event::Start(Tag::Image { .. }), None) => image = Some((range.start, false)),
            (Event::Text(t) | Event::Code(t), Some((_, alt))) if !t.trim().is_empty() => {
                *alt = true
            }
            (Event::End(TagEnd::Image), Some((at, alt))) => {
                if !*alt {
                    images_without_alt.push(*at);
                }
                image = None;
            }
            // An `<img>` written as HTML needs its `alt` too (`alt=""` marks a decorative one).
            (Event::Html(t) | Event::InlineHtml(t), _) if code.is_none() => {
                let at = source[range.clone()].find(t.as_ref()).unwrap_or(0) + range.start;
                images_without_alt.extend(html_images_without_alt(t).map(|i| at + i));
            }
            _ => {}
        }
        if let Some((_, buf)) = code.as_mut() {
            match event {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, buf) = code.take().expect("in code block");
                    if lang.trim() == "gallery" {
                        let gallery = gallery_block(&buf, links, &mut pictures);
                        images_without_alt.extend(gallery.without_alt.then_some(code_start));
                        image_problems
                            .extend(gallery.problems.into_iter().map(|w| (code_start, w)));
                        events.push(Event::Html(gallery.html.into()));
                    } else {
                        events.push(Event::Html(highlight::code_block(&lang, &buf).into()));
                    }
                }
                _ => {}
            }
            continue;
        }
        if menu_ref {
            menu_ref = !matches!(event, Event::End(TagEnd::Link));
            continue;
        }
        // A task item's label holds its words up to the end of its first block, never a
        // nested list or block of its own.
        if task_label && ends_task_label(&event) {
            events.push(Event::InlineHtml("</label>".into()));
            task_label = false;
        }
        match event {
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with(MENU_REF) => {
                match links.menu_item(&dest_url[MENU_REF.len()..]) {
                    Ok(html) => events.push(Event::InlineHtml(html.into())),
                    Err(why) => {
                        image_problems.push((range.start, why));
                        events.push(Event::Text(source[range.clone()].to_string().into()));
                    }
                }
                menu_ref = true;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                code_start = range.start;
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                heading = Some((
                    level,
                    id.map(|i| i.to_string()),
                    classes.iter().map(|c| c.to_string()).collect(),
                    events.len(),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                let (level, id, classes, start) = heading.take().expect("in heading");
                let inner: Vec<Event> = events.drain(start..).collect();
                let text = plain_text(&inner);
                let id = unique_id(id.unwrap_or_else(|| crate::slug::slugify(&text)), &mut ids);
                let mut out = format!("<{level} id=\"");
                escape_attr(&mut out, &id);
                out.push('"');
                if !classes.is_empty() {
                    out.push_str(" class=\"");
                    escape_attr(&mut out, &classes.join(" "));
                    out.push('"');
                }
                out.push('>');
                html::push_html(&mut out, inner.into_iter());
                if anchors {
                    // Named by its heading (`aria-labelledby`), so a screen reader says
                    // "link, Opening hours" in the page's own words: Markdown renders
                    // once for every language, and no theme word fits every page.
                    out.push_str(" <a class=\"anchor\" href=\"#");
                    escape_attr(&mut out, &id);
                    out.push_str("\" aria-labelledby=\"");
                    escape_attr(&mut out, &id);
                    out.push_str("\"><span aria-hidden=\"true\">#</span></a>");
                }
                out.push_str(&format!("</{level}>\n"));
                events.push(Event::Html(out.into()));
            }
            Event::Start(Tag::Image {
                ref dest_url,
                ref title,
                ..
            }) if picture.is_none() => match links.image(dest_url) {
                Some(Ok(p)) => picture = Some((p, title.to_string(), events.len())),
                answer => {
                    if let Some(Err(why)) = answer {
                        image_problems.push((range.start, why));
                    }
                    if let Event::Start(tag) = event {
                        events.push(Event::Start(rewrite_destination(tag, links)));
                    }
                }
            },
            Event::End(TagEnd::Image) if picture.is_some() => {
                let (p, title, start) = picture.take().expect("in a picture");
                let alt = plain_text(&events[start..]);
                events.truncate(start);
                events.push(Event::InlineHtml(p.html(&alt, &title, pictures > 0).into()));
                if para.is_some() {
                    para_pictures.push(GalleryItem {
                        picture: p,
                        alt,
                        title,
                        lazy: pictures > 0,
                        event: events.len() - 1,
                    });
                }
                pictures += 1;
            }
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                if let Tag::Link {
                    link_type,
                    dest_url,
                    ..
                } = &tag
                {
                    let d = dest_url.to_ascii_lowercase();
                    contact_link = *link_type == LinkType::Email
                        || d.starts_with("mailto:")
                        || d.starts_with("tel:");
                }
                events.push(Event::Start(rewrite_destination(tag, links)));
            }
            Event::End(TagEnd::Link) => {
                contact_link = false;
                events.push(Event::End(TagEnd::Link));
            }
            Event::Text(t) if contact_link => {
                words += t.split_whitespace().count();
                contact_text(t, &mut events);
            }
            Event::Start(Tag::Paragraph) => {
                para_start.get_or_insert(events.len());
                para = Some(events.len());
                para_pictures.clear();
                events.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => {
                let start = para.take().expect("in a paragraph");
                if para_pictures.len() >= 2
                    && events[start + 1..].iter().enumerate().all(|(i, e)| {
                        para_pictures.iter().any(|g| g.event == start + 1 + i)
                            || matches!(e, Event::SoftBreak | Event::HardBreak)
                            || matches!(e, Event::Text(t) if t.trim().is_empty())
                    })
                {
                    // A gallery is no summary: the next paragraph may be.
                    if para_start == Some(start) {
                        para_start = None;
                    }
                    events.truncate(start);
                    events.push(Event::Html(gallery_html(&para_pictures).into()));
                    para_pictures.clear();
                    continue;
                }
                para_pictures.clear();
                events.push(Event::End(TagEnd::Paragraph));
                if first_para.is_none()
                    && let Some(start) = para_start
                {
                    first_para = Some((start, events.len()));
                }
            }
            // pulldown-cmark's checkbox has no label: screen readers would say only
            // "checkbox". The item's own words are its label (`<label>` around the box and
            // the words up to the item's first block end), so it is read "Buy beans,
            // checkbox, checked" in whatever language the words are, and clicking the
            // words does what clicking the box does (nothing: it is disabled).
            Event::TaskListMarker(done) => {
                events.push(Event::InlineHtml(
                    if done {
                        "<label class=\"task-item\"><input type=\"checkbox\" disabled checked> "
                    } else {
                        "<label class=\"task-item\"><input type=\"checkbox\" disabled> "
                    }
                    .into(),
                ));
                task_label = true;
            }
            Event::Text(t) => {
                words += t.split_whitespace().count();
                events.push(Event::Text(t));
            }
            other => events.push(other),
        }
    }
    let first_paragraph_chars =
        first_para.map_or(0, |(s, e)| plain_text(&events[s..e]).trim().chars().count());
    // A summary is shown without the notes: its footnote marks would point nowhere.
    let summary = first_para.map(|(s, e)| {
        let mut out = String::new();
        let no_notes = events[s..e]
            .iter()
            .filter(|e| !matches!(e, Event::FootnoteReference(_)))
            .cloned();
        html::push_html(&mut out, no_notes);
        out
    });
    let mut out = String::with_capacity(source.len() * 3 / 2);
    if anchors {
        html::push_html(&mut out, events.into_iter());
    } else {
        html::push_html(&mut out, without_notes(events));
    }
    Pass {
        html: out,
        first_paragraph: summary,
        words,
        images_without_alt,
        first_paragraph_chars,
        image_problems,
        text_runs,
    }
}

/// A picture of a paragraph that may be a gallery.
struct GalleryItem {
    picture: Picture,
    alt: String,
    title: String,
    lazy: bool,
    /// Its `<picture>` among the events.
    event: usize,
}

/// A gallery: a grid of pictures, each linking to its largest light copy.
fn gallery_html(items: &[GalleryItem]) -> String {
    let mut out = String::from("<ul class=\"gallery\">\n");
    for g in items {
        out.push_str("<li><a href=\"");
        escape_attr(&mut out, &g.picture.full());
        out.push_str("\">");
        out.push_str(&g.picture.html_sized(
            &g.alt,
            &g.title,
            g.lazy,
            crate::picture::GALLERY_SIZES,
        ));
        out.push_str("</a></li>\n");
    }
    out.push_str("</ul>\n");
    out
}

/// What a ```` ```gallery ```` block makes.
struct GalleryBlock {
    html: String,
    /// An image of it has no alt text.
    without_alt: bool,
    /// Images it cannot show.
    problems: Vec<String>,
}

/// A ```` ```gallery ```` block: its images (`![alt](file.jpg)`, one or more a line) as
/// a gallery; an image that is not a local picture is shown as it is.
fn gallery_block(text: &str, links: &dyn Links, pictures: &mut usize) -> GalleryBlock {
    let mut items = Vec::new();
    let mut others = String::new();
    let mut without_alt = false;
    let mut problems = Vec::new();
    let mut current: Option<(String, String, Vec<Event>)> = None;
    for event in Parser::new_ext(text, options()) {
        match event {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => current = Some((dest_url.to_string(), title.to_string(), Vec::new())),
            Event::End(TagEnd::Image) => {
                let Some((dest, title, inner)) = current.take() else {
                    continue;
                };
                let alt = plain_text(&inner);
                without_alt |= alt.trim().is_empty();
                match links.image(&dest) {
                    Some(Ok(picture)) => {
                        items.push(GalleryItem {
                            picture,
                            alt,
                            title,
                            lazy: *pictures > 0,
                            event: 0,
                        });
                        *pictures += 1;
                    }
                    answer => {
                        if let Some(Err(why)) = answer {
                            problems.push(why);
                        }
                        let src = links.resolve(&dest).unwrap_or(dest);
                        others.push_str("<li><img src=\"");
                        escape_attr(&mut others, &src);
                        others.push_str("\" alt=\"");
                        escape_attr(&mut others, &alt);
                        others.push_str("\" loading=\"lazy\"></li>\n");
                    }
                }
            }
            e => {
                if let Some((_, _, inner)) = current.as_mut() {
                    inner.push(e);
                }
            }
        }
    }
    let mut html = gallery_html(&items);
    if !others.is_empty() {
        html.truncate(html.len() - "</ul>\n".len());
        html.push_str(&others);
        html.push_str("</ul>\n");
    }
    GalleryBlock {
        html,
        without_alt,
        problems,
    }
}

/// Where each `<img>` tag without an `alt` attribute starts in `html`.
fn html_images_without_alt(html: &str) -> impl Iterator<Item = usize> + '_ {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<img") {
        let start = from + i;
        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
        let attrs = &lower[start + 4..end];
        let is_img = attrs.is_empty() || attrs.starts_with(|c: char| c.is_whitespace() || c == '/');
        // An attribute named `alt`: after a space, then `=`, a space, `/` or the end.
        let has_alt = attrs.match_indices("alt").any(|(j, _)| {
            let before = attrs[..j]
                .chars()
                .next_back()
                .is_some_and(char::is_whitespace);
            let rest = &attrs[j + 3..];
            before
                && (rest.is_empty()
                    || rest.starts_with(|c: char| c.is_whitespace() || c == '=' || c == '/'))
        });
        if is_img && !has_alt {
            found.push(start);
        }
        from = start + 4;
    }
    found.into_iter()
}

/// The events without footnote marks and footnote definitions (for a summary).
fn without_notes(events: Vec<Event<'_>>) -> impl Iterator<Item = Event<'_>> {
    let mut depth = 0usize;
    events.into_iter().filter(move |e| match e {
        Event::Start(Tag::FootnoteDefinition(_)) => {
            depth += 1;
            false
        }
        Event::End(TagEnd::FootnoteDefinition) => {
            depth -= 1;
            false
        }
        Event::FootnoteReference(_) => false,
        _ => depth == 0,
    })
}

/// A link or image with its destination resolved by `links`.
fn rewrite_destination<'a>(tag: Tag<'a>, links: &dyn Links) -> Tag<'a> {
    match tag {
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Link {
            link_type,
            dest_url: rewrite(dest_url, links),
            title,
            id,
        },
        Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Image {
            link_type,
            dest_url: rewrite(dest_url, links),
            title,
            id,
        },
        other => other,
    }
}

fn rewrite<'a>(dest: CowStr<'a>, links: &dyn Links) -> CowStr<'a> {
    match links.resolve(&dest) {
        Some(new) => new.into(),
        None => dest,
    }
}

fn plain_text(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

/// `base`, or `base-1`, `base-2`, ... the first not taken. Each base remembers where its
/// numbers went on, so 10,000 equal headings take linear time, not quadratic.
fn unique_id(base: String, ids: &mut Ids) -> String {
    let base = if base.is_empty() {
        "section".to_string()
    } else {
        base
    };
    if ids.taken.insert(base.clone()) {
        return base;
    }
    let n = ids.next.entry(base.clone()).or_insert(1);
    loop {
        let id = format!("{base}-{n}");
        *n += 1;
        if ids.taken.insert(id.clone()) {
            return id;
        }
    }
}

/// Heading ids of one document.
#[derive(Default)]
struct Ids {
    taken: HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

/// The text of a `mailto:` or `tel:` link in spans that do not wrap (the theme's
/// `.nowrap`), so a phone number or an email address never breaks inside; an address is
/// two such spans with a `<wbr>` before its `@`, the one place it may wrap when it is
/// wider than the screen. The text stays text (summaries and feeds read it).
fn contact_text<'a>(t: CowStr<'a>, events: &mut Vec<Event<'a>>) {
    let open = || Event::InlineHtml("<span class=\"nowrap\">".into());
    let close = || Event::InlineHtml("</span>".into());
    match t.find('@') {
        Some(at) if at > 0 => {
            let (local, domain) = t.split_at(at);
            events.extend([
                open(),
                Event::Text(local.to_string().into()),
                Event::InlineHtml("</span><wbr>".into()),
                open(),
                Event::Text(domain.to_string().into()),
                close(),
            ]);
        }
        _ => events.extend([open(), Event::Text(t), close()]),
    }
}

fn escape_attr(out: &mut String, s: &str) {
    pulldown_cmark_escape::escape_html(out, s).ok();
}

#[cfg(test)]
mod alt_tests {
    use super::html_images_without_alt;

    #[test]
    fn html_images_need_an_alt_attribute() {
        let found = |h: &str| html_images_without_alt(h).collect::<Vec<_>>();
        assert_eq!(found(r#"<img src="a.png">"#), [0]);
        assert_eq!(found(r#"<p><IMG SRC=a.png></p>"#), [3]);
        assert_eq!(found("<img>"), [0]);
        assert!(
            found(r#"<img src="a.png" alt="">"#).is_empty(),
            "decorative"
        );
        assert!(found(r#"<img alt = "A cake" src=a.png>"#).is_empty());
        assert!(found(r#"<img src="salt.png" alt>"#).is_empty());
        assert_eq!(found(r#"<img src="salt.png" data-alt="x">"#), [0]);
        assert!(found(r#"<imgx src=a>"#).is_empty(), "not an img");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Map;
    impl Links for Map {
        fn resolve(&self, dest: &str) -> Option<String> {
            (dest == "other.md").then(|| "/blog/other/".to_string())
        }
    }

    #[test]
    fn links_with_spaces_left_as_text_are_found() {
        let src = "Hi.\n\nOur ![Crème brûlée cookies](Crème brûlée 1.jpg) and [menu](our menu.pdf).\n\n`[a](b c)` [ok](<a b.pdf>) [fine](x.pdf) \\[no](a b)\n";
        let found = render(src, &KeepLinks).text_links;
        assert_eq!(
            found,
            [
                (
                    src.find("![").unwrap(),
                    TextLink {
                        image: true,
                        label: "Crème brûlée cookies".into(),
                        dest: "Crème brûlée 1.jpg".into()
                    }
                ),
                (
                    src.find("[menu").unwrap(),
                    TextLink {
                        image: false,
                        label: "menu".into(),
                        dest: "our menu.pdf".into()
                    }
                ),
            ]
        );
        assert_eq!(
            found[0].1.fixed(),
            "![Crème brûlée cookies](<Crème brûlée 1.jpg>)"
        );
    }

    #[test]
    fn extensions_are_on() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~ \"q\"\n\n- [x] done\n\nNote[^1].\n\n[^1]: foot\n",
            &KeepLinks,
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("\u{201c}q\u{201d}"));
        assert!(
            r.html.contains(
                "<li><label class=\"task-item\"><input type=\"checkbox\" disabled checked> done</label></li>"
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains("footnote-definition"));
    }

    /// A task item's box is labelled by the item's words: in a tight list up to the
    /// item's end, in a loose list up to its paragraph's end, never around a nested list.
    #[test]
    fn task_items_are_labelled_by_their_words() {
        // Each label's inside, in order.
        let labels = |html: &str| -> Vec<String> {
            html.split("<label class=\"task-item\">")
                .skip(1)
                .map(|rest| rest[..rest.find("</label>").expect("closed")].to_string())
                .collect()
        };
        let tight = render(
            "- [ ] Fix *the* [hinge](https://example.com/)\n  - a step\n- [x] done\n",
            &KeepLinks,
        )
        .html;
        let found = labels(&tight);
        assert_eq!(found.len(), 2, "{tight}");
        assert!(
            found[0].starts_with("<input type=\"checkbox\" disabled> Fix <em>the</em> <a href=\"https://example.com/\">hinge</a>"),
            "{tight}"
        );
        assert!(
            !found[0].contains("<ul>") && !found[0].contains("step"),
            "{tight}"
        );
        assert_eq!(found[1], "<input type=\"checkbox\" disabled checked> done");
        let loose = render("- [x] first\n\n  more\n\n- [ ] second\n", &KeepLinks).html;
        let found = labels(&loose);
        assert_eq!(
            found,
            [
                "<input type=\"checkbox\" disabled checked> first",
                "<input type=\"checkbox\" disabled> second"
            ],
            "{loose}"
        );
        assert!(loose.contains("<p>more</p>"), "{loose}");
        assert_eq!(loose.matches("</label>").count(), 2, "{loose}");
    }

    #[test]
    fn headings_get_unique_ids_and_anchors() {
        let r = render(
            "## Hello World\n\n## Hello World\n\n## Custom {#mine}\n",
            &KeepLinks,
        );
        assert!(r.html.contains(
            "<h2 id=\"hello-world\">Hello World <a class=\"anchor\" href=\"#hello-world\" aria-labelledby=\"hello-world\">"
        ));
        // No English words in a page of any language: the link is named by its heading.
        assert!(!r.html.contains("visually-hidden"), "{}", r.html);
        assert!(r.html.contains("id=\"hello-world-1\""));
        assert!(r.html.contains("id=\"mine\""));
    }

    #[test]
    fn links_are_rewritten_and_code_highlighted() {
        let r = render(
            "See [it](other.md) and [ext](https://x.org).\n\n```python\nx = 1\n```\n\n```nope\n<x>\n```\n",
            &Map,
        );
        assert!(r.html.contains("href=\"/blog/other/\""));
        assert!(r.html.contains("href=\"https://x.org\""));
        assert!(r.html.contains("data-lang=\"python\""));
        assert!(r.html.contains("&lt;x&gt;"));
    }

    #[test]
    fn summary_is_more_marker_or_first_paragraph() {
        let r = render("First para.\n\nSecond.\n", &KeepLinks);
        assert_eq!(r.summary_html.as_deref(), Some("<p>First para.</p>\n"));
        let r = render("One.\n\nTwo.\n\n<!-- more -->\n\nThree.\n", &KeepLinks);
        assert_eq!(
            r.summary_html.as_deref(),
            Some("<p>One.</p>\n<p>Two.</p>\n")
        );
        assert_eq!(r.words, 3);
    }

    #[test]
    fn email_and_phone_links_do_not_break_inside() {
        let r = render(
            "Write to <a.b@x-y.example>, [Maria](mailto:maria@x.example) or call [+1 207 555 0100](tel:+12075550100); [a &lt; b](https://x.org).\n",
            &KeepLinks,
        );
        assert!(
            r.html.contains(
                "href=\"mailto:a.b@x-y.example\"><span class=\"nowrap\">a.b</span><wbr><span class=\"nowrap\">@x-y.example</span></a>"
            ),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(
                "href=\"mailto:maria@x.example\"><span class=\"nowrap\">Maria</span></a>"
            ),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(
                "href=\"tel:+12075550100\"><span class=\"nowrap\">+1 207 555 0100</span></a>"
            ),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("href=\"https://x.org\">a &lt; b</a>"),
            "{}",
            r.html
        );
        assert_eq!(
            r.summary_html
                .as_deref()
                .map(|h| h.contains("@x-y.example")),
            Some(true)
        );
    }

    #[test]
    fn raw_html_is_kept() {
        let r = render("<div class=\"note\">hi</div>\n", &KeepLinks);
        assert!(r.html.contains("<div class=\"note\">hi</div>"));
    }
}
