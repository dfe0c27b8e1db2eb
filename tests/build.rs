//! `frontdesk build` and `frontdesk init`, run as a user runs them, on copies of
//! `tests/fixtures/basic`.
//!
//! The fixture: 4 published posts (hello 2024-03-01 with `<!-- more -->`; markdown-tour
//! 2024-02-01T09:30+01:00; other 2024-01-15 with a description; the bundle bread-bundle
//! 2024-01-05 with loaf.png), a draft and a post dated 2999, `posts_per_page: 2`,
//! a page, a static file, contact, suggestions and 2 testimonials.

mod common;

use std::collections::BTreeSet;

use common::*;
use url::Url;

const PUBLISHED: [&str; 4] = ["hello", "markdown-tour", "other", "bread-bundle"];

// ---------------------------------------------------------------- output layout

#[test]
fn build_writes_every_promised_file() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    let mut expected = vec![
        "index.html",
        "blog/index.html",
        "blog/page/2/index.html",
        "tags/index.html",
        "tags/news/index.html",
        "tags/baking/index.html",
        "about/index.html",
        "rss.xml",
        "atom.xml",
        "feed.json",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "contact/index.html",
        "contact.vcf",
        "testimonials/index.html",
        "suggestions/index.html",
        "suggestions/thanks/index.html",
        "you-said-we-did/index.html",
        "blog/bread-bundle/loaf.png.1w.jpg",
        "docs/menu.txt",
    ];
    let posts: Vec<String> = PUBLISHED
        .iter()
        .map(|s| format!("blog/{s}/index.html"))
        .collect();
    expected.extend(posts.iter().map(String::as_str));
    let missing: Vec<_> = expected.iter().filter(|f| !out.has(f)).collect();
    assert!(
        missing.is_empty(),
        "missing outputs: {missing:?}\nwritten: {:#?}",
        out.files()
    );
    assert!(
        !out.has("blog/page/3/index.html"),
        "4 posts at 2 per page make 2 blog pages, not 3"
    );
}

#[test]
fn default_output_is_site_public_and_stdout_is_one_summary_line() {
    let site = Site::basic();
    // No SITE_DIR: the current folder is the site.
    let run = frontdesk(&site.dir, &["build"]);
    run.assert_success();
    assert_eq!(
        run.stdout.lines().count(),
        1,
        "one summary line on stdout, got:\n{}",
        run.stdout
    );
    assert!(!run.stdout.trim().is_empty());
    assert!(
        !run.stderr.contains("error"),
        "a clean build reports no error:\n{}",
        run.stderr
    );
    assert!(
        site.out().has("index.html"),
        "default output folder is SITE_DIR/public"
    );
}

#[test]
fn out_flag_writes_there_and_not_into_the_site() {
    let site = Site::basic();
    let dest = site.root().join("www");
    let run = site.build(&["--out", dest.to_str().unwrap()]);
    run.assert_success();
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert!(dest.join("index.html").is_file());
    assert!(dest.join("blog/hello/index.html").is_file());
    assert!(
        !site.path("public").exists(),
        "--out must not also write SITE_DIR/public"
    );
}

#[test]
fn every_html_page_has_title_description_canonical_og_and_feed_links() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    let base = Url::parse(BASE).unwrap();
    let pages = out.html_files();
    assert!(pages.len() >= 15, "too few pages: {pages:?}");
    for page in &pages {
        let doc = out.html(page);
        let title = text(one(&doc, "head > title"));
        assert!(!title.is_empty(), "{page}: empty <title>");
        let description = attr_of(&doc, r#"head meta[name="description"]"#, "content");
        assert!(
            !description.trim().is_empty(),
            "{page}: empty meta description"
        );
        let canonical = attr_of(&doc, r#"head link[rel="canonical"]"#, "href");
        assert!(
            canonical.starts_with(BASE),
            "{page}: canonical {canonical:?} is not an absolute URL on {BASE}"
        );
        if let Some(dir) = page.strip_suffix("index.html") {
            assert_eq!(canonical, format!("{BASE}{dir}"), "{page}: canonical");
        }
        assert!(
            !attr_of(&doc, r#"head meta[property="og:title"]"#, "content").is_empty(),
            "{page}: og:title"
        );
        assert!(
            !attr_of(&doc, r#"head meta[property="og:type"]"#, "content").is_empty(),
            "{page}: og:type"
        );
        assert_eq!(
            attr_of(&doc, r#"head meta[property="og:url"]"#, "content"),
            canonical,
            "{page}: og:url"
        );
        for (kind, file) in [
            ("application/rss+xml", "rss.xml"),
            ("application/atom+xml", "atom.xml"),
            ("application/feed+json", "feed.json"),
        ] {
            let href = attr_of(
                &doc,
                &format!(r#"head link[rel="alternate"][type="{kind}"]"#),
                "href",
            );
            assert_eq!(
                base.join(&href).unwrap().as_str(),
                format!("{BASE}{file}"),
                "{page}: {kind} link"
            );
        }
    }
}

#[test]
fn every_html_page_has_a_meta_description_even_without_a_site_description() {
    let site = Site::basic();
    let config = site.read("site.yaml");
    let without: String = config
        .lines()
        .filter(|l| !l.starts_with("description:"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(without, config, "fixture has a description to remove");
    site.write("site.yaml", without);
    let out = site.build_ok(&[]);
    let lacking: Vec<String> = out
        .html_files()
        .into_iter()
        .filter(|p| {
            let doc = out.html(p);
            let d = select(&doc, r#"head meta[name="description"]"#);
            d.is_empty()
                || d[0]
                    .value()
                    .attr("content")
                    .is_none_or(|c| c.trim().is_empty())
        })
        .collect();
    assert!(
        lacking.is_empty(),
        "pages without a meta description: {lacking:?}"
    );
}

#[test]
fn post_pages_carry_their_date_in_time_datetime() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    for (slug, date) in [
        ("hello", "2024-03-01"),
        ("markdown-tour", "2024-02-01"),
        ("other", "2024-01-15"),
        ("bread-bundle", "2024-01-05"),
    ] {
        let doc = out.html(&format!("blog/{slug}/index.html"));
        let times: Vec<String> = select(&doc, "time[datetime]")
            .iter()
            .map(|t| t.value().attr("datetime").unwrap().to_string())
            .collect();
        assert!(
            times.iter().any(|t| t.starts_with(date)),
            "blog/{slug}/: no <time datetime=\"{date}...\">, found {times:?}"
        );
    }
}

#[test]
fn bundle_files_and_static_files_are_copied_byte_for_byte() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    // A picture the post shows is published as its light fallback, beside the post (its
    // original only with `images: {publish_originals: true}`).
    assert!(!out.has("blog/bread-bundle/loaf.png"));
    let fallback = image::load_from_memory(&out.bytes("blog/bread-bundle/loaf.png.1w.jpg"));
    assert_eq!(fallback.unwrap().width(), 1, "bundle image beside the post");
    assert_eq!(
        out.read("docs/menu.txt"),
        site.read("static/docs/menu.txt"),
        "static file"
    );
    let doc = out.html("blog/bread-bundle/index.html");
    let src = attr_of(&doc, r#"img[alt="A round loaf"]"#, "src");
    let resolved = Url::parse(&format!("{BASE}blog/bread-bundle/"))
        .unwrap()
        .join(&src)
        .unwrap();
    assert_eq!(
        resolved.as_str(),
        format!("{BASE}blog/bread-bundle/loaf.png.1w.jpg"),
        "the post's image points at its fallback"
    );
    let og = attr_of(&doc, r#"meta[property="og:image"]"#, "content");
    assert_eq!(
        og,
        format!("{BASE}blog/bread-bundle/loaf.png.card.jpg"),
        "og:image is the bundle image's social card, absolute"
    );
    let card = image::load_from_memory(&out.bytes("blog/bread-bundle/loaf.png.card.jpg")).unwrap();
    assert_eq!((card.width(), card.height()), (1200, 630));
}

// ---------------------------------------------------------------- drafts, lists, tags

const UNPUBLISHED_MARKERS: [&str; 8] = [
    "Secret draft post",
    "DRAFT_BODY_MARKER",
    "secret-draft",
    "Drafty",
    "Post from the future",
    "FUTURE_BODY_MARKER",
    "future-post",
    "Futuristic",
];

#[test]
fn drafts_and_future_posts_are_absent_everywhere() {
    let site = Site::basic();
    // A draft bundle: its files stay unpublished too.
    site.write("posts/draft-bundle/index.md", "---\ntitle: Secret draft post bundle\ndate: 2024-02-20\ndraft: true\n---\n\n![x](crumb.png)\n");
    site.write(
        "posts/draft-bundle/crumb.png",
        std::fs::read(site.path("posts/bread-bundle/loaf.png")).unwrap(),
    );
    let out = site.build_ok(&[]);
    assert!(
        !out.path("blog/draft-bundle").exists(),
        "a draft bundle's folder and files are not published"
    );
    for f in [
        "blog/secret-draft/index.html",
        "blog/future-post/index.html",
        "tags/drafty/index.html",
        "tags/futuristic/index.html",
    ] {
        assert!(!out.has(f), "{f} must not be written without --drafts");
    }
    for (file, bytes) in snapshot(&out.0) {
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        for marker in UNPUBLISHED_MARKERS {
            assert!(
                !text.contains(marker),
                "{file} mentions unpublished {marker:?}"
            );
        }
    }
    // The same files do list the published posts.
    for f in ["rss.xml", "atom.xml", "feed.json", "sitemap.xml"] {
        assert!(
            out.read(f).contains("blog/hello/"),
            "{f} lists published posts"
        );
    }
}

#[test]
fn drafts_flag_publishes_drafts_and_future_posts() {
    let site = Site::basic();
    let out = site.build_ok(&["--drafts"]);
    for f in [
        "blog/secret-draft/index.html",
        "blog/future-post/index.html",
        "tags/drafty/index.html",
        "blog/page/3/index.html",
    ] {
        assert!(out.has(f), "--drafts: {f} missing");
    }
    for f in ["rss.xml", "sitemap.xml"] {
        let t = out.read(f);
        assert!(
            t.contains("blog/secret-draft/") && t.contains("blog/future-post/"),
            "--drafts: {f} lacks the draft or future post"
        );
    }
}

fn main_text(out: &Out, page: &str) -> String {
    text(one(&out.html(page), "main"))
}

#[test]
fn blog_is_paginated_newest_first() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    let p1 = main_text(&out, "blog/index.html");
    let p2 = main_text(&out, "blog/page/2/index.html");
    let (hello, tour) = (p1.find("Hello from the bakery"), p1.find("A Markdown tour"));
    assert!(
        hello.is_some() && tour.is_some(),
        "page 1 shows the two newest posts: {p1}"
    );
    assert!(hello < tour, "newest first");
    assert!(
        !p1.contains("The other post") && !p1.contains("A loaf in a bundle"),
        "page 1 shows only posts_per_page posts"
    );
    let (other, loaf) = (p2.find("The other post"), p2.find("A loaf in a bundle"));
    assert!(
        other.is_some() && loaf.is_some() && other < loaf,
        "page 2 shows the two oldest, newest first: {p2}"
    );
    assert!(!p2.contains("Hello from the bakery"));
    let base = Url::parse(&format!("{BASE}blog/")).unwrap();
    let links = |page: &str| -> BTreeSet<String> {
        let page_url =
            Url::parse(&format!("{BASE}{}", page.trim_end_matches("index.html"))).unwrap();
        select(&out.html(page), "a[href]")
            .iter()
            .map(|a| {
                page_url
                    .join(a.value().attr("href").unwrap())
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    assert!(
        links("blog/index.html").contains(&base.join("page/2/").unwrap().to_string()),
        "page 1 links to page 2"
    );
    assert!(
        links("blog/page/2/index.html").contains(base.as_str()),
        "page 2 links back to page 1"
    );
}

#[test]
fn tag_index_and_tag_pages_list_their_posts() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    let doc = out.html("tags/index.html");
    let hrefs: Vec<&str> = select(&doc, "main a[href]")
        .iter()
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    for tag in ["/tags/news/", "/tags/baking/"] {
        assert!(hrefs.contains(&tag), "tags index links {tag}: {hrefs:?}");
    }
    let news = main_text(&out, "tags/news/index.html");
    assert!(
        news.contains("Hello from the bakery") && news.contains("A Markdown tour"),
        "{news}"
    );
    assert!(
        !news.contains("The other post"),
        "tag page lists only its posts"
    );
    // 3 posts tagged Baking at 2 per page.
    let baking = main_text(&out, "tags/baking/index.html");
    assert!(
        baking.contains("A Markdown tour")
            && baking.contains("The other post")
            && !baking.contains("A loaf in a bundle"),
        "{baking}"
    );
    assert!(main_text(&out, "tags/baking/page/2/index.html").contains("A loaf in a bundle"));
}

#[test]
fn summary_is_text_before_more_else_description_else_first_paragraph() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    let p1 = main_text(&out, "blog/index.html");
    let p2 = main_text(&out, "blog/page/2/index.html");
    // hello: <!-- more --> wins over its description.
    assert!(p1.contains("Intro before the more marker"), "{p1}");
    assert!(
        !p1.contains("SECRET_AFTER_MORE"),
        "text after <!-- more --> leaked into the list: {p1}"
    );
    // markdown-tour: no marker, no description: the first paragraph.
    assert!(p1.contains("First paragraph of the tour."), "{p1}");
    assert!(
        !p1.contains("Second paragraph of the tour"),
        "only the first paragraph: {p1}"
    );
    // other: description.
    assert!(
        p2.contains("Other description used as the summary."),
        "{p2}"
    );
    assert!(
        !p2.contains("Other body first paragraph"),
        "description replaces the first paragraph: {p2}"
    );
    // The full post still has everything.
    let hello = main_text(&out, "blog/hello/index.html");
    assert!(hello.contains("Intro before the more marker") && hello.contains("SECRET_AFTER_MORE"));
}

// ---------------------------------------------------------------- Markdown

fn tour(out: &Out) -> scraper::Html {
    out.html("blog/markdown-tour/index.html")
}

#[test]
fn markdown_tables_footnotes_strikethrough_tasks_and_smart_punctuation() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    let doc = tour(&out);
    let th: Vec<String> = select(&doc, "table th").into_iter().map(text).collect();
    assert_eq!(th, ["Bread", "Price"], "table header");
    assert_eq!(
        select(&doc, "table td")
            .into_iter()
            .map(text)
            .collect::<Vec<_>>(),
        ["Rye", "4"]
    );
    // Footnote: a reference linking to the definition.
    let refs = select(&doc, r##"sup a[href^="#"]"##);
    assert_eq!(refs.len(), 1, "one footnote reference");
    let id = &refs[0].value().attr("href").unwrap()[1..];
    let target = select(&doc, "[id]")
        .into_iter()
        .find(|e| e.value().id() == Some(id))
        .unwrap_or_else(|| panic!("no element with id {id:?}"));
    assert!(
        text(target).contains("The footnote text about crumbs."),
        "footnote definition: {}",
        text(target)
    );
    assert_eq!(
        select(&doc, "del")
            .into_iter()
            .map(text)
            .collect::<Vec<_>>(),
        ["struck out"]
    );
    let boxes = select(&doc, r#"li input[type="checkbox"]"#);
    assert_eq!(boxes.len(), 2, "task list");
    assert_eq!(
        boxes
            .iter()
            .filter(|b| b.value().attr("checked").is_some())
            .count(),
        1,
        "one task done"
    );
    let body = text(one(&doc, "main"));
    assert!(
        body.contains("\u{201c}Quoted\u{201d} and it\u{2019}s smart."),
        "smart punctuation: {body}"
    );
}

#[test]
fn headings_get_ids_and_anchor_links() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    let doc = tour(&out);
    let h = one(&doc, "h2#table-section");
    assert!(text(h).starts_with("Table Section"), "{}", text(h));
    assert_eq!(
        h.select(&sel(r##"a[href="#table-section"]"##)).count(),
        1,
        "anchor link inside the heading"
    );
}

#[test]
fn md_link_to_another_post_becomes_its_url() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    let doc = tour(&out);
    let link = select(&doc, "a[href]")
        .into_iter()
        .find(|a| text(*a) == "the other post")
        .expect("link text kept");
    assert_eq!(link.value().attr("href"), Some("/blog/other/"));
    assert!(out.has("blog/other/index.html"), "and that URL exists");
}

#[test]
fn fenced_code_is_highlighted_when_known_and_escaped_when_not() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    let doc = tour(&out);
    let blocks = select(&doc, "pre");
    let rust = blocks
        .iter()
        .find(|p| text(**p).contains("fn main()"))
        .expect("rust block");
    let classes: Vec<&str> = rust
        .descendent_elements()
        .filter_map(|e| e.value().attr("class"))
        .collect();
    assert!(
        classes
            .iter()
            .any(|c| c.split_whitespace().any(|c| c.starts_with("hl-"))),
        "rust code has hl- classes: {}",
        rust.html()
    );
    let plain = blocks
        .iter()
        .find(|p| p.text().collect::<String>().contains("<tag> & stuff"))
        .expect("unknown-language block, escaped");
    assert!(
        !plain.html().contains("hl-"),
        "unknown language is not highlighted: {}",
        plain.html()
    );
    assert!(
        select(&doc, "tag").is_empty(),
        "code in an unknown language is escaped, not HTML"
    );
    assert!(
        out.read("blog/markdown-tour/index.html")
            .contains("&lt;tag&gt; &amp; stuff")
    );
}

#[test]
fn raw_html_in_posts_is_kept() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    assert_eq!(text(one(&tour(&out), "div.raw-box")), "raw html kept");
}

// ---------------------------------------------------------------- feeds, sitemap, robots

const CONTENT_NS: &str = "http://purl.org/rss/1.0/modules/content/";
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

struct Item {
    title: String,
    link: String,
    guid: String,
    pub_date: String,
    description: String,
    content: String,
}

fn child_text<'n>(
    n: roxmltree::Node,
    name: impl Into<roxmltree::ExpandedName<'n, 'n>>,
) -> Option<String> {
    let name = name.into();
    n.children()
        .find(|c| c.has_tag_name(name))
        .map(|c| c.text().unwrap_or("").to_string())
}

fn rss_items(xml: &str) -> Vec<Item> {
    let doc = roxmltree::Document::parse(xml)
        .unwrap_or_else(|e| panic!("rss.xml is not well-formed XML ({e})"));
    doc.descendants()
        .filter(|n| n.has_tag_name("item"))
        .map(|n| Item {
            title: child_text(n, "title").expect("item title"),
            link: child_text(n, "link").expect("item link"),
            guid: child_text(n, "guid").expect("item guid"),
            pub_date: child_text(n, "pubDate").expect("item pubDate"),
            description: child_text(n, "description").expect("item description"),
            content: child_text(n, (CONTENT_NS, "encoded"))
                .expect("item content:encoded in the content namespace"),
        })
        .collect()
}

#[test]
fn rss_has_rfc822_dates_guids_self_link_content_and_summaries() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    let xml = out.read("rss.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed");
    assert_eq!(doc.root_element().tag_name().name(), "rss");
    assert_eq!(doc.root_element().attribute("version"), Some("2.0"));
    let self_link = doc
        .descendants()
        .find(|n| n.has_tag_name((ATOM_NS, "link")) && n.attribute("rel") == Some("self"))
        .expect("atom:link rel=self");
    assert_eq!(
        self_link.attribute("href"),
        Some(format!("{BASE}rss.xml").as_str())
    );

    let items = rss_items(&xml);
    let titles: Vec<&str> = items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Hello from the bakery",
            "A Markdown tour",
            "The other post",
            "A loaf in a bundle"
        ]
    );
    for (item, slug) in items.iter().zip(PUBLISHED) {
        assert_eq!(item.link, format!("{BASE}blog/{slug}/"));
        assert_eq!(item.guid, item.link, "guid");
        assert!(
            chrono::DateTime::parse_from_rfc2822(&item.pub_date).is_ok(),
            "pubDate {:?} is not RFC 822",
            item.pub_date
        );
        assert!(!item.content.trim().is_empty(), "content:encoded");
    }
    assert_eq!(items[0].pub_date, "Fri, 01 Mar 2024 00:00:00 +0000");
    assert_eq!(items[1].pub_date, "Thu, 01 Feb 2024 09:30:00 +0100");
    // description = the summary.
    assert!(
        items[0]
            .description
            .contains("Intro before the more marker")
            && !items[0].description.contains("SECRET_AFTER_MORE"),
        "{}",
        items[0].description
    );
    assert!(
        items[0].content.contains("SECRET_AFTER_MORE"),
        "content:encoded is the whole post"
    );
    assert!(
        items[1]
            .description
            .contains("First paragraph of the tour.")
            && !items[1].description.contains("Second paragraph"),
        "{}",
        items[1].description
    );
    assert!(
        items[2]
            .description
            .contains("Other description used as the summary."),
        "{}",
        items[2].description
    );
}

/// `href`/`src` values in an HTML fragment.
fn urls_in(html: &str) -> Vec<String> {
    let frag = scraper::Html::parse_fragment(html);
    let mut v = Vec::new();
    for e in frag.root_element().descendent_elements() {
        for a in ["href", "src"] {
            if let Some(u) = e.value().attr(a) {
                v.push(u.to_string());
            }
        }
    }
    v
}

#[test]
fn rss_makes_root_relative_and_bundle_relative_links_absolute() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    let items = rss_items(&out.read("rss.xml"));
    let mut all = Vec::new();
    for i in &items {
        all.extend(urls_in(&i.content));
        all.extend(urls_in(&i.description));
    }
    let relative: Vec<&String> = all
        .iter()
        .filter(|u| !u.starts_with('#') && Url::parse(u).is_err())
        .collect();
    assert!(
        relative.is_empty(),
        "relative URLs in RSS content: {relative:?}"
    );
    let hello = urls_in(&items[0].content);
    assert!(
        hello.contains(&format!("{BASE}contact/")),
        "root-relative /contact/ made absolute: {hello:?}"
    );
    assert!(
        urls_in(&items[0].description).contains(&format!("{BASE}contact/")),
        "also in the description"
    );
    assert!(
        urls_in(&items[1].content).contains(&format!("{BASE}blog/other/")),
        "other.md link made absolute"
    );
    assert!(
        urls_in(&items[3].content).contains(&format!("{BASE}blog/bread-bundle/loaf.png.1w.jpg")),
        "bundle image made absolute"
    );
}

#[test]
fn rss_fragment_links_to_headings_and_footnotes_are_absolute_too() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    let items = rss_items(&out.read("rss.xml"));
    let tour = urls_in(&items[1].content);
    let fragments: Vec<&String> = tour.iter().filter(|u| Url::parse(u).is_err()).collect();
    assert!(
        fragments.is_empty(),
        "links in content:encoded that a feed reader resolves against its own page, not the post: {fragments:?} \
         (expected e.g. {BASE}blog/markdown-tour/#table-section)"
    );
}

fn forbidden_xml_chars(s: &str) -> Vec<u32> {
    s.chars()
        .filter(|&c| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| c as u32)
        .collect()
}

#[test]
fn feeds_carry_no_control_characters() {
    let site = Site::basic();
    site.write("posts/control.md", "---\ntitle: \"Ring\\a the\\x01 bell\"\ndate: 2024-03-05\n---\n\nControl \u{1} char \u{b} and \u{1b} here.\n");
    let out = site.build_ok(&[]);
    for f in ["rss.xml", "atom.xml"] {
        let xml = out.read(f);
        assert!(
            forbidden_xml_chars(&xml).is_empty(),
            "{f} holds control characters {:?}",
            forbidden_xml_chars(&xml)
        );
        roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{f} is not well-formed ({e})"));
    }
    let items = rss_items(&out.read("rss.xml"));
    assert_eq!(
        items.len(),
        5,
        "the post with control characters is still in the feed"
    );
    assert!(items[0].content.contains("Control") && items[0].content.contains("here."));
}

#[test]
fn atom_and_json_feeds_list_the_published_posts_with_absolute_urls() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    let atom = out.read("atom.xml");
    let doc = roxmltree::Document::parse(&atom).expect("atom.xml well-formed");
    let entries: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name((ATOM_NS, "entry")))
        .collect();
    assert_eq!(entries.len(), 4);
    let self_link = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name((ATOM_NS, "link")) && n.attribute("rel") == Some("self"))
        .expect("self link");
    assert_eq!(
        self_link.attribute("href"),
        Some(format!("{BASE}atom.xml").as_str())
    );
    for (e, slug) in entries.iter().zip(PUBLISHED) {
        assert_eq!(
            child_text(*e, (ATOM_NS, "id")).as_deref(),
            Some(format!("{BASE}blog/{slug}/").as_str())
        );
    }

    let feed: serde_json::Value =
        serde_json::from_str(&out.read("feed.json")).expect("feed.json parses");
    assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(feed["feed_url"], format!("{BASE}feed.json"));
    let items = feed["items"].as_array().expect("items");
    let urls: Vec<&str> = items.iter().map(|i| i["url"].as_str().unwrap()).collect();
    let want: Vec<String> = PUBLISHED
        .iter()
        .map(|s| format!("{BASE}blog/{s}/"))
        .collect();
    assert_eq!(urls, want);
    let hello_html = items[0]["content_html"].as_str().unwrap();
    assert!(
        hello_html.contains(&format!("href=\"{BASE}contact/\"")),
        "JSON Feed content has absolute links: {hello_html}"
    );
}

#[test]
fn sitemap_lists_absolute_urls_of_published_pages_and_robots_points_at_it() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    let xml = out.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap.xml well-formed");
    let locs: BTreeSet<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().unwrap().to_string())
        .collect();
    for path in [
        "",
        "blog/",
        "blog/page/2/",
        "about/",
        "contact/",
        "testimonials/",
        "suggestions/",
        "tags/",
        "tags/news/",
    ] {
        assert!(
            locs.contains(&format!("{BASE}{path}")),
            "sitemap lacks {BASE}{path}: {locs:#?}"
        );
    }
    for slug in PUBLISHED {
        assert!(
            locs.contains(&format!("{BASE}blog/{slug}/")),
            "sitemap lacks post {slug}"
        );
    }
    assert!(
        locs.iter().all(|l| l.starts_with(BASE)),
        "all absolute: {locs:#?}"
    );
    assert!(
        !locs.iter().any(|l| l.contains("404")),
        "no 404 page in the sitemap"
    );
    let robots = out.read("robots.txt");
    assert!(
        robots
            .lines()
            .any(|l| l.trim() == format!("Sitemap: {BASE}sitemap.xml")),
        "robots.txt:\n{robots}"
    );
}

#[test]
fn base_url_flag_changes_every_absolute_url() {
    let site = Site::basic();
    let staging = "https://staging.example/shop/";
    let out = site.build_ok(&["--base-url", staging]);
    for (file, bytes) in snapshot(&out.0) {
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        assert!(
            !text.contains("://basic.example"),
            "{file} still holds the site.yaml base_url"
        );
    }
    let rss = out.read("rss.xml");
    let doc = roxmltree::Document::parse(&rss).unwrap();
    let self_link = doc
        .descendants()
        .find(|n| n.has_tag_name((ATOM_NS, "link")))
        .unwrap();
    assert_eq!(
        self_link.attribute("href"),
        Some(format!("{staging}rss.xml").as_str())
    );
    let items = rss_items(&rss);
    assert_eq!(items[0].link, format!("{staging}blog/hello/"));
    assert!(
        urls_in(&items[0].content).contains(&format!("{staging}contact/")),
        "{:?}",
        urls_in(&items[0].content)
    );
    assert!(
        urls_in(&items[3].content).contains(&format!("{staging}blog/bread-bundle/loaf.png.1w.jpg"))
    );
    assert!(
        out.read("robots.txt")
            .contains(&format!("Sitemap: {staging}sitemap.xml"))
    );
    let blog = out.html("blog/index.html");
    assert_eq!(
        attr_of(&blog, r#"link[rel="canonical"]"#, "href"),
        format!("{staging}blog/")
    );
    // Links inside pages follow the new base path too.
    let hello = out.html("blog/hello/index.html");
    let contact = select(&hello, "main a[href]")
        .into_iter()
        .find(|a| text(*a) == "contact link")
        .expect("contact link");
    let resolved = Url::parse(&format!("{staging}blog/hello/"))
        .unwrap()
        .join(contact.value().attr("href").unwrap())
        .unwrap();
    assert_eq!(resolved.as_str(), format!("{staging}contact/"));
}

// ---------------------------------------------------------------- errors

#[test]
fn yaml_syntax_error_names_file_line_and_column_from_the_top_of_the_file() {
    let site = Site::basic();
    // Line 4 of the file, column 15: the second `:`.
    site.write(
        "posts/broken.md",
        "---\ntitle: Broken\ndate: 2024-01-01\ndescription: a: b\n---\nBody.\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("posts/broken.md");
    assert_eq!((line, col), (4, 15), "location of the YAML error: {msg}");
}

#[test]
fn missing_title_is_an_error() {
    let site = Site::basic();
    site.write("posts/untitled.md", "---\ndate: 2024-01-01\n---\nBody.\n");
    let run = site.build(&[]);
    run.assert_failure();
    let (_, _, msg) = run.located_error("posts/untitled.md");
    assert!(msg.contains("title"), "{msg}");
}

#[test]
fn impossible_date_is_an_error_at_its_value() {
    let site = Site::basic();
    site.write(
        "posts/baddate.md",
        "---\ntitle: Bad date\ndate: 2023-02-30\n---\nBody.\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("posts/baddate.md");
    assert_eq!((line, col), (3, 7), "{msg}");
    assert!(msg.contains("2023-02-30"), "{msg}");
}

#[test]
fn two_posts_with_the_same_slug_are_an_error() {
    let site = Site::basic();
    site.write(
        "posts/a.md",
        "---\ntitle: A\ndate: 2024-01-01\nslug: same\n---\nA.\n",
    );
    site.write(
        "posts/b.md",
        "---\ntitle: B\ndate: 2024-01-02\nslug: same\n---\nB.\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let errors = run.error_lines();
    assert!(
        errors
            .iter()
            .any(|l| l.contains("posts/a.md") && l.contains("posts/b.md")),
        "the error names both posts:\n{}",
        run.stderr
    );
    assert!(!site.path("public").exists(), "nothing written");
}

#[test]
fn an_upper_case_slug_is_an_error_at_its_line() {
    let site = Site::basic();
    // `slug: Hello` next to a post whose slug is `hello`.
    site.write(
        "posts/hello-again.md",
        "---\ntitle: Again\ndate: 2024-01-01\nslug: Hello\n---\nA.\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let (line, _, msg) = run.located_error("posts/hello-again.md");
    assert_eq!(line, 4, "{msg}");
}

#[test]
fn post_file_names_differing_only_by_case_are_an_error() {
    let site = Site::basic();
    site.write(
        "posts/Hello.md",
        "---\ntitle: Shouting hello\ndate: 2024-01-01\n---\nA.\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    assert!(
        run.stderr.lines().any(|l| l.starts_with("error: ")
            && l.contains("posts/Hello.md")
            && l.contains("posts/hello.md")),
        "{}",
        run.stderr
    );
}

#[test]
fn a_page_colliding_with_the_blog_is_an_error() {
    let site = Site::basic();
    site.write("pages/Blog.md", "---\ntitle: Blog page\n---\nHi.\n");
    let run = site.build(&[]);
    run.assert_failure();
    run.error_line("error: pages/Blog.md");
}

#[test]
fn a_static_file_colliding_with_a_generated_page_is_an_error() {
    for file in ["static/blog/index.html", "static/Tags/index.html"] {
        let site = Site::basic();
        site.write(file, "<p>mine</p>\n");
        let run = site.build(&[]);
        run.assert_failure();
        run.error_line(&format!("error: {file}"));
    }
}

#[test]
fn non_utf8_file_is_an_error_at_the_bad_byte() {
    let site = Site::basic();
    site.write(
        "posts/latin1.md",
        b"---\ntitle: Caf\xe9\ndate: 2024-01-01\n---\nBody.\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("posts/latin1.md");
    assert_eq!((line, col), (2, 11), "{msg}");
    assert!(msg.contains("UTF-8"), "{msg}");
}

#[test]
fn non_utf8_data_files_are_errors_naming_the_file() {
    for file in ["site.yaml", "contact.yaml", "testimonials/anna.yaml"] {
        let site = Site::basic();
        let mut bytes = std::fs::read(site.path(file)).unwrap();
        bytes.extend_from_slice(b"# caf\xe9\n");
        site.write(file, bytes);
        let run = site.build(&[]);
        run.assert_failure();
        let line = run.error_line(&format!("error: {file}:"));
        assert!(line.contains("UTF-8"), "{line}");
    }
}

#[test]
fn unknown_command_line_flag_fails_without_writing() {
    let site = Site::basic();
    let run = site.build(&["--no-such-flag"]);
    run.assert_failure();
    assert!(!site.path("public").exists());
}

#[test]
fn unknown_key_in_site_yaml_is_an_error() {
    let site = Site::basic();
    let config = site.read("site.yaml");
    let line = config.lines().count() as u32 + 1;
    site.write("site.yaml", format!("{config}colour: blue\n"));
    let run = site.build(&[]);
    run.assert_failure();
    let (l, c, msg) = run.located_error("site.yaml");
    assert_eq!((l, c), (line, 1), "{msg}");
    assert!(msg.contains("colour"), "{msg}");
}

#[test]
fn several_broken_files_are_all_reported_in_one_run() {
    let site = Site::basic();
    let config = site.read("site.yaml");
    site.write("site.yaml", format!("{config}colour: blue\n"));
    site.write(
        "posts/baddate.md",
        "---\ntitle: Bad date\ndate: 2023-02-30\n---\nBody.\n",
    );
    site.write("posts/untitled.md", "---\ndate: 2024-01-01\n---\nBody.\n");
    site.write("pages/bad.md", "---\ntitle: X\nfoo: 1\n---\n");
    site.write(
        "testimonials/bad.yaml",
        "author: Bad\nquote: Hi\nrating: 6\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    for file in [
        "site.yaml",
        "posts/baddate.md",
        "posts/untitled.md",
        "pages/bad.md",
        "testimonials/bad.yaml",
    ] {
        run.located_error(file);
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    let before = snapshot(&out.0);
    let site_entries = entries(&site.dir);
    site.write(
        "posts/hello.md",
        "---\ntitle: Hello\ndate: 2023-02-30\n---\nChanged.\n",
    );
    site.write(
        "posts/new.md",
        "---\ntitle: New post\ndate: 2024-05-01\n---\nNew.\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    assert_eq!(
        snapshot(&out.0),
        before,
        "output folder changed after a failed build"
    );
    assert_eq!(
        entries(&site.dir),
        site_entries,
        "a failed build leaves nothing behind in the site folder"
    );
}

#[test]
fn a_missing_site_yaml_is_an_error() {
    let site = Site::basic();
    site.remove("site.yaml");
    let run = site.build(&[]);
    run.assert_failure();
    run.error_line("error: site.yaml");
}

// ---------------------------------------------------------------- output folder safety

#[test]
fn refuses_the_site_folder_as_output_and_deletes_nothing() {
    let site = Site::basic();
    let before = snapshot(&site.dir);
    for out in [site.dir.clone(), site.dir.join(".")] {
        let run = site.build(&["--out", out.to_str().unwrap()]);
        run.assert_failure();
        run.error_line("error: ");
    }
    assert_eq!(snapshot(&site.dir), before);
}

/// An output folder inside a folder the site reads would mix the build's files with the
/// owner's (and be read back as sources): every one of them is refused.
#[test]
fn refuses_an_output_folder_inside_a_source_folder() {
    let site = Site::basic();
    for folder in [
        "posts",
        "pages",
        "events",
        "team",
        "locations",
        "static",
        "i18n",
    ] {
        std::fs::create_dir_all(site.dir.join(folder)).unwrap();
        let out = site.dir.join(folder).join("public");
        let run = site.build(&["--out", out.to_str().unwrap()]);
        run.assert_failure();
        assert!(
            run.stderr
                .contains(&format!("inside the site's {folder}/ folder")),
            "{folder}: {}",
            run.stderr
        );
        assert!(!out.exists(), "{folder}");
    }
}

#[test]
fn refuses_a_folder_above_the_site_and_deletes_nothing() {
    let site = Site::basic();
    let before = snapshot(site.root());
    for out in [site.root().to_path_buf(), site.dir.join("..")] {
        let run = site.build(&["--out", out.to_str().unwrap()]);
        run.assert_failure();
    }
    assert_eq!(snapshot(site.root()), before);
}

#[test]
fn refuses_a_folder_holding_files_it_did_not_write_and_deletes_nothing() {
    let site = Site::basic();
    let foreign = site.root().join("mine");
    std::fs::create_dir_all(foreign.join("notes")).unwrap();
    std::fs::write(foreign.join("keep.txt"), "my file").unwrap();
    std::fs::write(foreign.join("notes/index.html"), "<p>my page</p>").unwrap();
    let before = snapshot(site.root());
    let run = site.build(&["--out", foreign.to_str().unwrap()]);
    run.assert_failure();
    assert_eq!(
        snapshot(site.root()),
        before,
        "nothing written, nothing deleted"
    );
    assert_eq!(
        entries(site.root()),
        ["mine", "site"],
        "no staging folders left behind"
    );
}

#[test]
fn accepts_an_existing_empty_folder() {
    let site = Site::basic();
    let dest = site.root().join("empty");
    std::fs::create_dir(&dest).unwrap();
    site.build(&["--out", dest.to_str().unwrap()])
        .assert_success();
    assert!(dest.join("index.html").is_file());
}

#[test]
fn refuses_its_own_output_once_the_user_added_a_file() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    std::fs::write(out.path("blog/my-notes.txt"), "mine").unwrap();
    let before = snapshot(&out.0);
    site.build(&[]).assert_failure();
    assert_eq!(snapshot(&out.0), before);
}

#[test]
fn rebuilding_over_its_own_output_works_and_drops_pages_that_no_longer_exist() {
    let site = Site::basic();
    let dest = site.root().join("www");
    let dest_s = dest.to_str().unwrap();
    site.build(&["--out", dest_s]).assert_success();
    let out = Out(dest.clone());
    assert!(out.has("blog/other/index.html"));
    site.remove("posts/other.md");
    site.write(
        "posts/fresh.md",
        "---\ntitle: Fresh\ndate: 2024-04-01\n---\nFresh bread.\n",
    );
    // The tour links to the removed post: an error at the link, and nothing published.
    let broken = site.build(&["--out", dest_s]);
    broken.assert_failure();
    assert!(
        broken.stderr.contains("posts/markdown-tour.md:11:42: broken link `other.md`: no post or page is written in that file"),
        "{}",
        broken.stderr
    );
    assert!(out.has("blog/other/index.html"), "the old output stands");
    // An emergency deploy publishes anyway, with the same words as a warning.
    let allowed = site.build(&["--out", dest_s, "--allow-broken-links"]);
    allowed.assert_success();
    assert!(
        allowed
            .stderr
            .contains("warning: posts/markdown-tour.md:11:42: broken link `other.md`"),
        "{}",
        allowed.stderr
    );
    assert!(
        !out.has("blog/other/index.html"),
        "a removed post's page is removed"
    );
    assert!(!out.path("blog/other").exists(), "and its folder");
    assert!(out.has("blog/fresh/index.html"));
    assert!(!out.read("rss.xml").contains("blog/other/"));
    // The default output folder too, several times.
    site.write(
        "posts/other.md",
        "---\ntitle: Other\ndate: 2024-02-01\n---\nBack again.\n",
    );
    site.build_ok(&[]);
    site.build_ok(&[]);
    assert_eq!(
        entries(site.root()),
        ["site", "www"],
        "no staging folders left behind"
    );
    // Only the build cache (.frontdesk/) may be there: no staging or old folders.
    let strays: Vec<String> = entries(&site.dir)
        .into_iter()
        .filter(|e| e.contains("frontdesk") && e != ".frontdesk")
        .collect();
    assert!(
        strays.is_empty(),
        "staging folders left in the site folder: {strays:?}"
    );
}

// ---------------------------------------------------------------- init

#[test]
fn init_writes_a_starter_site_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let run = frontdesk(tmp.path(), &["init", "newsite"]);
    run.assert_success();
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert!(tmp.path().join("newsite/site.yaml").is_file());
    let build = frontdesk(tmp.path(), &["build", "newsite"]);
    build.assert_success();
    assert!(tmp.path().join("newsite/public/index.html").is_file());
    assert!(tmp.path().join("newsite/public/rss.xml").is_file());
}

#[test]
fn init_accepts_an_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("empty")).unwrap();
    frontdesk(tmp.path(), &["init", "empty"]).assert_success();
    assert!(tmp.path().join("empty/site.yaml").is_file());
}

#[test]
fn init_refuses_a_non_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("full");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    let before = snapshot(&dir);
    let run = frontdesk(tmp.path(), &["init", "full"]);
    run.assert_failure();
    run.error_line("error: ");
    assert_eq!(snapshot(&dir), before, "init wrote into a non-empty folder");
}

#[test]
fn built_pages_hold_no_live_reload_script_nor_any_localhost_url() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    for f in out.files() {
        let bytes = out.bytes(&f);
        let text = String::from_utf8_lossy(&bytes);
        for bad in ["__frontdesk", "EventSource", "localhost", "127.0.0.1"] {
            assert!(!text.contains(bad), "{f} contains {bad:?}");
        }
    }
}

#[test]
fn a_template_error_is_reported_with_the_content_errors_in_one_run() {
    let site = Site::basic();
    site.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title | nosuchfilter }\n{% endblock content %}\n");
    site.write("posts/broken.md", "---\ntitle: [x\ndate: 2024-01-01\n---\n");
    let run = site.build(&[]);
    run.assert_failure();
    assert!(
        run.stderr.contains("error: posts/broken.md:2:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("error: templates/page.html:3:"),
        "{}",
        run.stderr
    );
}

#[test]
fn links_in_the_home_intro_carry_the_base_path_and_resolve_posts() {
    let site = Site::basic();
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        format!("{config}intro: \"See [the blog](/blog/) and [hello](hello.md).\"\n"),
    );
    let out = site.build_ok(&["--base-url", "https://basic.example/shop/"]);
    let home = out.read("index.html");
    assert!(
        home.contains("href=\"/shop/blog/\""),
        "root-relative link gains the base path"
    );
    assert!(
        home.contains("href=\"/shop/blog/hello/\""),
        "a .md link becomes the post's URL"
    );
}
