//! Standalone pages: `pages/NAME.md` becomes `/NAME/`.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::frontmatter;
use crate::error::{Diagnostic, Diagnostics};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: Spanned<String>,
    description: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
}

/// A page with front matter parsed.
#[derive(Debug, Clone)]
pub struct PageSource {
    /// Source file relative to the site folder.
    pub source: PathBuf,
    /// Site path without slashes around it, e.g. `about` or `team/maria`.
    pub path: String,
    /// Title.
    pub title: String,
    /// Meta description.
    pub description: Option<String>,
    /// Where the title and the description are written (line, column), for the review.
    pub title_at: (u32, u32),
    /// Where the description is written.
    pub description_at: Option<(u32, u32)>,
    /// Old paths that lead to the page (`aliases:`), with where each is written.
    pub aliases: Vec<super::redirects::Alias>,
    /// Free-form values for custom templates.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Markdown body.
    pub body: String,
    /// The line of the file on which the body starts.
    pub body_line: u32,
    /// Hash of the file's text, front matter included.
    pub text_hash: u64,
}

/// Parses `pages/...md`.
pub fn parse(rel: &Path, text: &str) -> Result<PageSource, Diagnostics> {
    let split = frontmatter::split(text).map_err(|m| Diagnostic::at(rel, 1, 1, m))?;
    let fm: FrontMatter = crate::yaml::parse(split.yaml, rel, 1)?;
    let inner = crate::layout::in_pages(rel).with_extension("");
    let parts: Vec<String> = inner
        .components()
        .map(|c| crate::slug::slugify(&c.as_os_str().to_string_lossy()))
        .collect();
    if parts.iter().any(String::is_empty) {
        return Err(Diagnostic::file(rel, "cannot make a URL from this file name").into());
    }
    let mut errors = Vec::new();
    let aliases = super::redirects::aliases(rel, &super::post::spanned(&fm.aliases), &mut errors);
    if !errors.is_empty() {
        return Err(errors.into());
    }
    Ok(PageSource {
        source: rel.to_path_buf(),
        path: parts.join("/"),
        title_at: super::post::place(&fm.title.referenced),
        description_at: fm
            .description
            .as_ref()
            .map(|d| super::post::place(&d.referenced)),
        title: fm.title.value,
        description: fm.description.map(|d| d.value),
        aliases,
        extra: fm.extra,
        body: split.body.to_string(),
        body_line: split.body_line,
        text_hash: crate::hash::bytes(text.as_bytes()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_path_from_file_name() {
        let p = parse(Path::new("pages/About Us.md"), "---\ntitle: About\n---\nHi").unwrap();
        assert_eq!(p.path, "about-us");
    }
}
