//! Jobs: one output file each. A job carries what it renders (references into the
//! assembled content, never positions in a list) and declares its inputs as a hash of
//! content hashes ([`Renderer::key`](super::Renderer::key)): it is rendered again exactly
//! when that hash changed.

use std::collections::BTreeMap;

use crate::content::{Asset, Contact, Page, Post, Suggestions};
use crate::render::theme::ThemeFile;

/// One output file to produce.
#[derive(Debug, Clone, Copy)]
pub enum Job<'a> {
    /// `/`.
    Home,
    /// `/blog/` (page 0) and `/blog/page/N/`.
    Blog {
        /// Page number, from 0.
        page: usize,
    },
    /// A post, with its neighbours in the newest-first list.
    Post {
        /// The post.
        post: &'a Post,
        /// The next newer post.
        newer: Option<&'a Post>,
        /// The next older post.
        older: Option<&'a Post>,
    },
    /// `/tags/`.
    Tags,
    /// A page of a tag's list.
    Tag {
        /// The tag and its posts.
        tag: &'a TagEntry<'a>,
        /// Page number, from 0.
        page: usize,
    },
    /// A page of `pages/`.
    Page(&'a Page),
    /// `/404.html`.
    NotFound,
    /// `/contact/`.
    Contact(&'a Contact),
    /// `/contact.vcf`.
    Vcard(&'a Contact),
    /// `/testimonials/`.
    Testimonials,
    /// `/suggestions/`.
    Suggestions(&'a Suggestions),
    /// `/suggestions/thanks/`.
    Thanks(&'a Suggestions),
    /// `/you-said-we-did/`.
    YouSaidWeDid(&'a Suggestions),
    /// `/rss.xml`.
    Rss,
    /// `/atom.xml`.
    Atom,
    /// `/feed.json`.
    JsonFeed,
    /// `/sitemap.xml`.
    Sitemap,
    /// `/robots.txt`.
    Robots,
    /// A file from `static/` or a bundle.
    Asset(&'a Asset),
    /// A file of the theme's `static/`.
    ThemeStatic {
        /// Site path.
        path: &'a str,
        /// Where its bytes are.
        file: &'a ThemeFile,
    },
}

/// A tag and the posts that carry it (newest first).
#[derive(Debug, Clone)]
pub struct TagEntry<'a> {
    /// The name as first written.
    pub name: String,
    /// URL slug.
    pub slug: String,
    /// The posts, newest first.
    pub posts: Vec<&'a Post>,
}

/// Lists derived from the content: which posts each tag page shows.
#[derive(Debug, Clone)]
pub struct Index<'a> {
    /// Tags sorted by slug.
    pub tags: Vec<TagEntry<'a>>,
    /// Tags written differently (not only in letter case) that would share one page, as
    /// `C++` and `c` do: errors, reported with both places.
    pub clashes: Vec<crate::error::Diagnostic>,
}

impl<'a> Index<'a> {
    /// Groups posts (newest first) by tag.
    pub fn new(posts: impl IntoIterator<Item = &'a Post>) -> Self {
        let mut by_slug: BTreeMap<String, TagEntry<'a>> = BTreeMap::new();
        // Per slug, the first spelling seen (lower-cased) and where it is written.
        let mut first: BTreeMap<String, (String, String)> = BTreeMap::new();
        let mut clashes = Vec::new();
        for p in posts {
            for (i, t) in p.src.tags.iter().enumerate() {
                let slug = crate::slug::slugify(t);
                let (line, col) = p.src.tag_positions.get(i).copied().unwrap_or((1, 1));
                let here = format!("{}:{line}:{col}", p.src.source.display());
                match first.get(&slug) {
                    Some((name, there)) if *name != t.to_lowercase() => {
                        clashes.push(crate::error::Diagnostic::at(
                            &p.src.source,
                            line,
                            col,
                            format!(
                                "tag {t:?} makes the same page (/tags/{slug}/) as the tag written at {there}: spell them the same, or rename one"
                            ),
                        ));
                    }
                    Some(_) => {}
                    None => {
                        first.insert(slug.clone(), (t.to_lowercase(), here));
                    }
                }
                let entry = by_slug.entry(slug.clone()).or_insert_with(|| TagEntry {
                    name: t.clone(),
                    slug,
                    posts: Vec::new(),
                });
                if !entry.posts.last().is_some_and(|l| std::ptr::eq(*l, p)) {
                    entry.posts.push(p);
                }
            }
        }
        Index {
            tags: by_slug.into_values().collect(),
            clashes,
        }
    }
}

/// Number of pages for `n` items, at least one.
pub fn page_count(n: usize, per_page: usize) -> usize {
    n.div_ceil(per_page).max(1)
}
