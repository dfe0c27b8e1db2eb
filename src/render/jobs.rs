//! Jobs: one output file each. A job carries what it renders (references into the
//! assembled content, never positions in a list) and declares its inputs as a hash of
//! content hashes ([`Renderer::key`](super::Renderer::key)): it is rendered again exactly
//! when that hash changed.

use crate::content::newsletter::{Issue, Newsletter};
use crate::content::tags::Tag;
use crate::content::{Asset, Contact, Page, Post, Suggestions};
use crate::render::newsletter::Email;
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
        tag: &'a Tag,
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
    NewsletterIssue(IssueJob<'a>),
    /// `/privacy/`.
    Privacy,
    /// In the preview only: `/__frontdesk/newsletter/NAME/`, the issue's email at 600 px and
    /// at phone width, and its text part.
    EmailPreview(IssueJob<'a>),
    /// In the preview only: `/__frontdesk/newsletter/NAME/email.html`.
    EmailHtml(IssueJob<'a>),
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
        image: &'a crate::image_plan::ImageAsset<'a>,
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

/// A newsletter issue, with what it carries: its web page, and in the preview its email.
#[derive(Debug, Clone, Copy)]
pub struct IssueJob<'a> {
    /// The newsletter.
    pub newsletter: &'a Newsletter,
    /// The issue and what it carries.
    pub assembled: &'a crate::render::newsletter::Assembled<'a>,
    /// The hash of what it carries.
    pub key: u64,
    /// Its email, rendered by the first of the preview's two files that shows it.
    pub email: &'a std::sync::OnceLock<Result<Email, crate::error::Diagnostic>>,
}

impl<'a> IssueJob<'a> {
    /// The issue.
    pub fn issue(&self) -> &'a Issue {
        self.assembled.issue
    }
}

/// Number of pages for `n` items, at least one.
pub fn page_count(n: usize, per_page: usize) -> usize {
    n.div_ceil(per_page).max(1)
}
