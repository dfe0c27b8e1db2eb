//! Blog posts: `posts/NAME.md` or bundles `posts/NAME/index.md` with files beside them.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::date::Date;
use super::frontmatter;
use crate::error::{Diagnostic, Diagnostics};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: Spanned<String>,
    date: Date,
    updated: Option<Date>,
    description: Option<Spanned<String>>,
    #[serde(default)]
    tags: Vec<Spanned<String>>,
    author: Option<String>,
    #[serde(default)]
    draft: bool,
    slug: Option<Spanned<String>>,
    image: Option<Spanned<String>>,
    image_alt: Option<String>,
    image_focus: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
}

/// A post with its front matter parsed and its Markdown not yet rendered. The build cache
/// keeps it (without the Markdown and the bundle's files, which are read anew).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PostSource {
    /// Source file relative to the site folder.
    pub source: PathBuf,
    /// URL slug: `slug`, else the file (or bundle folder) name.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Publication date.
    pub date: Date,
    /// Last update.
    pub updated: Option<Date>,
    /// Description for meta tags and summaries.
    pub description: Option<String>,
    /// Where the title is written (line, column), for the review.
    pub title_at: (u32, u32),
    /// Where the description is written.
    pub description_at: Option<(u32, u32)>,
    /// Tags as written.
    pub tags: Vec<String>,
    /// Where each tag is written (line and column in the file), for errors.
    pub tag_positions: Vec<(u32, u32)>,
    /// Each tag's URL slug (made once, not on every rebuild).
    pub tag_slugs: Vec<String>,
    /// Author (else the site's).
    pub author: Option<String>,
    /// Left out unless building with drafts.
    pub draft: bool,
    /// Image for Open Graph and feeds, relative to the post or the site.
    pub image: Option<String>,
    /// What the image shows, for people who cannot see it (`og:image:alt`).
    pub image_alt: Option<String>,
    /// Where the social card is cropped around (`image_focus: "30% 40%"`).
    pub image_focus: Option<crate::images::Focus>,
    /// Old paths that lead to the post (`aliases:`), with where each is written.
    pub aliases: Vec<super::redirects::Alias>,
    /// Free-form values for custom templates.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// The Markdown body.
    #[serde(skip)]
    pub body: String,
    /// The line of the file on which the body starts.
    pub body_line: u32,
    /// Files of a bundle, relative to the site folder.
    #[serde(skip)]
    pub bundle_files: Vec<PathBuf>,
    /// Hash of the file's text: what the post says, front matter included.
    pub text_hash: u64,
}

impl crate::cache::Parsed for PostSource {
    fn source(&self) -> &Path {
        &self.source
    }
}

impl PostSource {
    /// The folder this post's relative links start from.
    pub fn is_bundle(&self) -> bool {
        self.source.file_name().is_some_and(|n| n == "index.md")
            && self.source.parent().map(Path::to_path_buf)
                != crate::layout::posts_root(&self.source)
    }
}

/// Most tags one post may carry: every tag is a page listing the post with all its tags,
/// so the output grows with the square of this number.
pub const MAX_TAGS: usize = 20;
/// Longest slug, and longest tag, in bytes: each becomes a folder name (most file systems
/// allow 255 bytes) and a URL people read.
pub const MAX_NAME: usize = 100;

/// Parses one post file (already read as text).
pub fn parse(rel: &Path, text: &str) -> Result<PostSource, Diagnostics> {
    let split = frontmatter::split(text).map_err(|m| Diagnostic::at(rel, 1, 1, m))?;
    let fm: FrontMatter = crate::yaml::parse(split.yaml, rel, 1)?;
    let mut errors = Vec::new();
    // The front matter starts on the file's second line.
    let at = |v: &serde_saphyr::Location, msg: String| {
        Diagnostic::at(rel, v.line() as u32 + 1, v.column() as u32, msg)
    };
    if fm.title.value.trim().is_empty() {
        errors.push(at(&fm.title.referenced, "`title` must not be empty".into()));
    }
    let slug = match &fm.slug {
        Some(s) if crate::slug::slugify(&s.value) != s.value || s.value.is_empty() => {
            errors.push(at(
                &s.referenced,
                format!(
                    "`slug` {:?} may hold only lower-case letters, digits and `-` (try {:?})",
                    s.value,
                    crate::slug::slugify(&s.value)
                ),
            ));
            String::new()
        }
        Some(s) if s.value.len() > MAX_NAME => {
            errors.push(at(
                &s.referenced,
                format!(
                    "`slug` is {} bytes long; at most {MAX_NAME} make a usable URL",
                    s.value.len()
                ),
            ));
            String::new()
        }
        Some(s) => s.value.clone(),
        None => crate::slug::slugify(&file_stem(rel)),
    };
    if fm.slug.is_none() && slug.is_empty() {
        errors.push(Diagnostic::file(
            rel,
            "cannot make a URL from this file name: add a `slug`",
        ));
    }
    if fm.slug.is_none() && slug.len() > MAX_NAME {
        errors.push(Diagnostic::file(
            rel,
            format!("the file name makes a {}-byte URL; at most {MAX_NAME}: rename the file or add a shorter `slug`", slug.len()),
        ));
    }
    if fm.tags.len() > MAX_TAGS {
        errors.push(at(
            &fm.tags[MAX_TAGS].referenced,
            format!(
                "{} tags; a post may have at most {MAX_TAGS} (each tag is a page listing the post with all its tags)",
                fm.tags.len()
            ),
        ));
    }
    for tag in &fm.tags {
        let slug = crate::slug::slugify(&tag.value);
        if slug.is_empty() {
            errors.push(at(
                &tag.referenced,
                format!("tag {:?} has no letters or digits", tag.value),
            ));
        } else if tag.value.len() > MAX_NAME || slug.len() > MAX_NAME {
            errors.push(at(
                &tag.referenced,
                format!("tag is {} bytes long; at most {MAX_NAME}", tag.value.len()),
            ));
        }
    }
    if let Some(img) = &fm.image {
        let v = img.value.trim();
        if let Err(why) = crate::url_policy::check_link(v) {
            errors.push(at(&img.referenced, format!("`image` {why}")));
        } else if v.is_empty() || v == "." || v.ends_with('/') || v.starts_with('#') {
            errors.push(at(
                &img.referenced,
                format!(
                    "`image` must name an image file (e.g. `photo.jpg` beside the post), not {:?}",
                    img.value
                ),
            ));
        }
    }
    let image_focus = match &fm.image_focus {
        Some(f) => match crate::images::Focus::parse(&f.value) {
            Ok(focus) => Some(focus),
            Err(why) => {
                errors.push(at(&f.referenced, format!("`image_focus`: {why}")));
                None
            }
        },
        None => None,
    };
    let aliases = super::redirects::aliases(rel, &spanned(&fm.aliases), &mut errors);
    if !errors.is_empty() {
        return Err(errors.into());
    }
    Ok(PostSource {
        image_focus,
        aliases,
        image_alt: fm.image_alt,
        source: rel.to_path_buf(),
        slug,
        title_at: place(&fm.title.referenced),
        description_at: fm.description.as_ref().map(|d| place(&d.referenced)),
        title: fm.title.value,
        date: fm.date,
        updated: fm.updated,
        description: fm.description.map(|d| d.value),
        tag_positions: fm
            .tags
            .iter()
            .map(|t| (t.referenced.line() as u32 + 1, t.referenced.column() as u32))
            .collect(),
        tag_slugs: fm
            .tags
            .iter()
            .map(|t| crate::slug::slugify(&t.value))
            .collect(),
        tags: fm.tags.into_iter().map(|t| t.value).collect(),
        author: fm.author,
        draft: fm.draft,
        image: fm.image.map(|i| i.value),
        extra: fm.extra,
        body: split.body.to_string(),
        body_line: split.body_line,
        bundle_files: Vec::new(),
        text_hash: crate::hash::bytes(text.as_bytes()),
    })
}

/// Line and column in the file of a front matter value (the front matter starts on the
/// file's second line).
pub fn place(at: &serde_saphyr::Location) -> (u32, u32) {
    (at.line() as u32 + 1, at.column() as u32)
}

/// Front matter values with their line and column in the file.
pub fn spanned(values: &[Spanned<String>]) -> Vec<(String, (u32, u32))> {
    values
        .iter()
        .map(|v| (v.value.clone(), place(&v.referenced)))
        .collect()
}

/// The name a URL is made from: the file stem, or the bundle's folder for `index.md`.
fn file_stem(rel: &Path) -> String {
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if stem == "index" {
        rel.parent()
            .and_then(Path::file_name)
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or(stem)
    } else {
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_front_matter() {
        let p = parse(
            Path::new("posts/Hello World.md"),
            "---\ntitle: Hi\ndate: 2024-05-01\ntags: [a, b]\n---\nBody\n",
        )
        .unwrap();
        assert_eq!(p.slug, "hello-world");
        assert_eq!(p.tags, ["a", "b"]);
        assert_eq!(p.body, "Body\n");
        let b = parse(
            Path::new("posts/trip/index.md"),
            "---\ntitle: T\ndate: 2024-05-01\n---\n",
        )
        .unwrap();
        assert_eq!(b.slug, "trip");
        assert!(b.is_bundle());
    }

    #[test]
    fn errors_have_file_line_and_column() {
        let e = parse(
            Path::new("posts/x.md"),
            "---\ntitle: Hi\ndate: 2023-02-30\n---\n",
        )
        .unwrap_err();
        assert_eq!(
            e.0[0].to_string(),
            "posts/x.md:3:7: impossible date \"2023-02-30\": no such day"
        );
        let e = parse(Path::new("posts/x.md"), "---\ndate: 2023-02-03\n---\n").unwrap_err();
        assert!(
            e.0[0]
                .to_string()
                .starts_with("posts/x.md:2:1: missing field `title`"),
            "{}",
            e.0[0]
        );
        let e = parse(Path::new("posts/x.md"), "no front matter").unwrap_err();
        assert!(
            e.0[0]
                .to_string()
                .starts_with("posts/x.md:1:1: missing front matter")
        );
    }

    #[test]
    fn bad_slug_is_an_error() {
        let e = parse(
            Path::new("posts/x.md"),
            "---\ntitle: Hi\ndate: 2023-02-03\nslug: A/B\n---\n",
        )
        .unwrap_err();
        assert!(
            e.0[0].to_string().starts_with("posts/x.md:4:7: `slug`"),
            "{}",
            e.0[0]
        );
    }
}
