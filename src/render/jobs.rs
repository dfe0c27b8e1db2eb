//! Jobs: one output file each, and the lists (blog and tag pages) they are cut from.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::content::Post;

/// One output file to produce.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    /// `/`.
    Home,
    /// `/blog/` (page 0) and `/blog/page/N/`.
    Blog(usize),
    /// A post, by index into the newest-first list.
    Post(usize),
    /// `/tags/`.
    Tags,
    /// A tag's page N, by index into [`Index::tags`].
    Tag(usize, usize),
    /// A page, by index.
    Page(usize),
    /// `/404.html`.
    NotFound,
    /// `/contact/`.
    Contact,
    /// `/contact.vcf`.
    Vcard,
    /// `/testimonials/`.
    Testimonials,
    /// `/suggestions/`.
    Suggestions,
    /// `/suggestions/thanks/`.
    Thanks,
    /// `/you-said-we-did/`.
    YouSaidWeDid,
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
    /// A file from `static/` or a bundle, by index.
    Asset(usize),
    /// A file of the theme's `static/`, by index.
    ThemeStatic(usize),
}

/// A tag and the posts that carry it (indices, newest first).
#[derive(Debug, Clone)]
pub struct TagEntry {
    /// The name as first written.
    pub name: String,
    /// URL slug.
    pub slug: String,
    /// Indices into `Content::posts`.
    pub posts: Vec<usize>,
}

/// Lists derived from the content: which posts each list page shows.
#[derive(Debug, Clone)]
pub struct Index {
    /// Tags sorted by slug.
    pub tags: Vec<TagEntry>,
}

impl Index {
    /// Groups posts by tag.
    pub fn new(posts: &[Arc<Post>]) -> Self {
        let mut by_slug: BTreeMap<String, TagEntry> = BTreeMap::new();
        for (i, p) in posts.iter().enumerate() {
            for t in &p.src.tags {
                let slug = crate::slug::slugify(t);
                let entry = by_slug.entry(slug.clone()).or_insert_with(|| TagEntry {
                    name: t.clone(),
                    slug,
                    posts: Vec::new(),
                });
                if entry.posts.last() != Some(&i) {
                    entry.posts.push(i);
                }
            }
        }
        Index {
            tags: by_slug.into_values().collect(),
        }
    }
}

/// Number of pages for `n` items, at least one.
pub fn page_count(n: usize, per_page: usize) -> usize {
    n.div_ceil(per_page).max(1)
}

/// `base` for page 0, `base/page/N/` after.
pub fn list_path(base: &str, n: usize) -> String {
    if n == 0 {
        base.to_string()
    } else {
        format!("{base}page/{}/", n + 1)
    }
}
