//! Blog posts: `posts/NAME.md` or bundles `posts/NAME/index.md` with files beside them.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::date::Date;
use super::frontmatter;
use crate::error::{Diagnostic, Diagnostics};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    date: Date,
    updated: Option<Date>,
    description: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    author: Option<String>,
    #[serde(default)]
    draft: bool,
    slug: Option<String>,
    image: Option<String>,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
}

/// A post with its front matter parsed and its Markdown not yet rendered.
#[derive(Debug, Clone)]
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
    /// Tags as written.
    pub tags: Vec<String>,
    /// Author (else the site's).
    pub author: Option<String>,
    /// Left out unless building with drafts.
    pub draft: bool,
    /// Image for Open Graph and feeds, relative to the post or the site.
    pub image: Option<String>,
    /// Free-form values for custom templates.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// The Markdown body.
    pub body: String,
    /// Files of a bundle, relative to the site folder.
    pub bundle_files: Vec<PathBuf>,
    /// Hash of the file's text: what the post says, front matter included.
    pub text_hash: u64,
}

impl PostSource {
    /// The folder this post's relative links start from.
    pub fn is_bundle(&self) -> bool {
        self.source.file_name().is_some_and(|n| n == "index.md")
            && self.source.parent() != Some(Path::new("posts"))
    }
}

/// Parses one post file (already read as text).
pub fn parse(rel: &Path, text: &str) -> Result<PostSource, Diagnostics> {
    let split = frontmatter::split(text).map_err(|m| Diagnostic::at(rel, 1, 1, m))?;
    let fm: FrontMatter = crate::yaml::parse(split.yaml, rel, 1)?;
    let mut errors = Vec::new();
    let key_err = |key: &str, msg: String| {
        let (line, col) = crate::config::find_key(split.yaml, key);
        Diagnostic::at(rel, line + 1, col, msg)
    };
    if fm.title.trim().is_empty() {
        errors.push(key_err("title", "`title` must not be empty".into()));
    }
    let slug = match &fm.slug {
        Some(s) if crate::slug::slugify(s) != *s || s.is_empty() => {
            errors.push(key_err(
                "slug",
                format!(
                    "`slug` {s:?} may hold only lower-case letters, digits and `-` (try {:?})",
                    crate::slug::slugify(s)
                ),
            ));
            String::new()
        }
        Some(s) => s.clone(),
        None => crate::slug::slugify(&file_stem(rel)),
    };
    if fm.slug.is_none() && slug.is_empty() {
        errors.push(Diagnostic::file(
            rel,
            "cannot make a URL from this file name: add a `slug`",
        ));
    }
    for tag in &fm.tags {
        if crate::slug::slugify(tag).is_empty() {
            errors.push(key_err(
                "tags",
                format!("tag {tag:?} has no letters or digits"),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    Ok(PostSource {
        source: rel.to_path_buf(),
        slug,
        title: fm.title,
        date: fm.date,
        updated: fm.updated,
        description: fm.description,
        tags: fm.tags,
        author: fm.author,
        draft: fm.draft,
        image: fm.image,
        extra: fm.extra,
        body: split.body.to_string(),
        bundle_files: Vec::new(),
        text_hash: crate::hash::bytes(text.as_bytes()),
    })
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
            e.0[0].to_string().starts_with("posts/x.md:4:1: `slug`"),
            "{}",
            e.0[0]
        );
    }
}
