//! Jobs: one output file each. A job carries what it renders (references into the
//! assembled content, never positions in a list) and declares its inputs as a hash of
//! content hashes ([`Renderer::key`](super::Renderer::key)): it is rendered again exactly
//! when that hash changed.

use crate::content::newsletter::{Issue, Newsletter};
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
    /// `/newsletter/`: the archive and the signup form.
    Newsletter(&'a Newsletter),
    /// `/newsletter/thanks/`.
    NewsletterThanks(&'a Newsletter),
    /// An issue's web version, `/newsletter/NAME/`.
    NewsletterIssue(&'a Issue),
    /// `/privacy/`.
    Privacy,
    /// In the preview only: `/__frontdesk/newsletter/NAME/`, the issue's email at 600 px and
    /// at phone width, and its text part.
    EmailPreview(&'a Issue),
    /// In the preview only: `/__frontdesk/newsletter/NAME/email.html`.
    EmailHtml(&'a Issue),
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
    /// `/manifest.webmanifest`.
    Manifest,
    /// A file of the favicon set.
    Icon(crate::render::icons::Icon),
    /// A file from `static/` or a bundle.
    Asset(&'a Asset),
    /// A file made from a raster image of `static/` or a bundle: the original without its
    /// metadata, a WebP variant or the social card.
    Image {
        /// The image.
        image: &'a crate::images::plan::ImageAsset<'a>,
        /// Which of its files.
        made: crate::images::Made,
    },
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
        // Per slug: the tag, and the first post and position that spelled it.
        let mut by_slug: crate::hash::FastMap<&'a str, (TagEntry<'a>, &'a Post, usize)> =
            crate::hash::FastMap::default();
        let mut clashes = Vec::new();
        for p in posts {
            for (i, (t, slug)) in p.src.tags.iter().zip(&p.src.tag_slugs).enumerate() {
                let (entry, first, at) = by_slug.entry(slug).or_insert_with(|| {
                    let entry = TagEntry {
                        name: t.clone(),
                        slug: slug.clone(),
                        posts: Vec::new(),
                    };
                    (entry, p, i)
                });
                if entry.name != *t && entry.name.to_lowercase() != t.to_lowercase() {
                    let (line, col) = p.src.tag_positions.get(i).copied().unwrap_or((1, 1));
                    let (l0, c0) = first.src.tag_positions.get(*at).copied().unwrap_or((1, 1));
                    clashes.push(crate::error::Diagnostic::at(
                        &p.src.source,
                        line,
                        col,
                        format!(
                            "tag {t:?} makes the same page (/tags/{slug}/) as the tag written at {}:{l0}:{c0}: spell them the same, or rename one",
                            first.src.source.display()
                        ),
                    ));
                }
                if !entry.posts.last().is_some_and(|l| std::ptr::eq(*l, p)) {
                    entry.posts.push(p);
                }
            }
        }
        let mut tags: Vec<TagEntry<'a>> = by_slug.into_values().map(|(e, _, _)| e).collect();
        tags.sort_unstable_by(|a, b| a.slug.cmp(&b.slug));
        Index { tags, clashes }
    }
}

/// Number of pages for `n` items, at least one.
pub fn page_count(n: usize, per_page: usize) -> usize {
    n.div_ceil(per_page).max(1)
}
