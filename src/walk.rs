//! Which files in a site folder are content, and which are editor noise to ignore.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// True for swap, backup and temporary files that editors and systems leave behind.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name.contains("___jb_tmp___")
        || name.contains("___jb_old___")
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".bak",
            ".crdownload",
            ".part",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// True when any component of `rel` is ignored.
pub fn is_ignored(rel: &Path) -> bool {
    rel.components()
        .any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()))
}

/// Site path with forward slashes.
pub fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What a walk of one folder of the site found.
#[derive(Debug, Default)]
pub struct Listing {
    /// Files below the folder, as paths relative to the site folder, sorted, noise skipped.
    pub files: Vec<PathBuf>,
    /// Symbolic links (to files or folders) that lead outside the site folder: never
    /// followed and never read, each an error naming the link and where it leads.
    pub outside: Vec<crate::error::Diagnostic>,
}

/// Walks `site_dir/sub`. Symbolic links are followed only when they point inside the site
/// folder: nothing outside it is ever read or published; those that point outside are
/// listed in [`Listing::outside`].
pub fn list(site_dir: &Path, sub: &str) -> Listing {
    let root = site_dir.join(sub);
    let site_real = std::fs::canonicalize(site_dir).unwrap_or_else(|_| site_dir.to_path_buf());
    let inside = |p: &Path| std::fs::canonicalize(p).is_ok_and(|real| real.starts_with(&site_real));
    let mut outside = Vec::new();
    let mut files: Vec<PathBuf> = WalkDir::new(&root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && is_ignored_name(&e.file_name().to_string_lossy()) {
                return false;
            }
            if !e.path_is_symlink() || inside(e.path()) {
                return true;
            }
            let rel = e.path().strip_prefix(site_dir).unwrap_or(e.path());
            outside.push(outside_link(site_dir, rel));
            false
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(site_dir).ok().map(Path::to_path_buf))
        .collect();
    files.sort();
    outside.sort_by(|a, b| a.path.cmp(&b.path));
    Listing { files, outside }
}

/// Files below `site_dir/sub`, as [`list`] finds them (links leading outside skipped).
pub fn files(site_dir: &Path, sub: &str) -> Vec<PathBuf> {
    list(site_dir, sub).files
}

/// The error for `rel`, a symbolic link (or a path through one) that leads outside the
/// site folder: it names where the link leads.
pub fn outside_link(site_dir: &Path, rel: &Path) -> crate::error::Diagnostic {
    let path = site_dir.join(rel);
    let target = std::fs::canonicalize(&path)
        .or_else(|_| std::fs::read_link(&path))
        .unwrap_or_default();
    let kind = if path.is_dir() { "folder" } else { "file" };
    crate::error::Diagnostic::file(
        rel,
        format!(
            "is a link to a {kind} outside the site folder ({}), which is never read: copy the {kind} into the site instead",
            target.display()
        ),
    )
}

/// True when `rel` exists and, links followed, lies inside the site folder.
pub fn is_inside(site_dir: &Path, rel: &Path) -> bool {
    let site_real = std::fs::canonicalize(site_dir).unwrap_or_else(|_| site_dir.to_path_buf());
    std::fs::canonicalize(site_dir.join(rel)).is_ok_and(|real| real.starts_with(&site_real))
}

/// Largest source file read (a post with a very long code block is far below it).
pub const MAX_SOURCE_BYTES: u64 = 32 * 1024 * 1024;

/// Reads a text file of the site, naming it in the error. Non-UTF-8, a symbolic link
/// leading outside the site folder and a file over [`MAX_SOURCE_BYTES`] are errors.
pub fn read_text(site_dir: &Path, rel: &Path) -> Result<String, crate::error::Diagnostic> {
    let path = site_dir.join(rel);
    let io = |e: std::io::Error| crate::error::Diagnostic::io(rel, &e);
    if std::fs::symlink_metadata(&path).map_err(io)?.is_symlink() && !is_inside(site_dir, rel) {
        return Err(outside_link(site_dir, rel));
    }
    let len = std::fs::metadata(&path).map_err(io)?.len();
    if len > MAX_SOURCE_BYTES {
        return Err(crate::error::Diagnostic::file(
            rel,
            format!(
                "is {} MiB; source files may be at most {} MiB",
                len / (1024 * 1024),
                MAX_SOURCE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let bytes = std::fs::read(&path).map_err(io)?;
    String::from_utf8(bytes).map_err(|e| {
        let before = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let col =
            std::str::from_utf8(&before[line_start..]).map_or(0, |s| s.chars().count()) as u32 + 1;
        crate::error::Diagnostic::at(rel, line, col, "not valid UTF-8 (save the file as UTF-8)")
    })
}

/// A file named in YAML must exist in `static/` and stay inside it.
pub fn check_static_file(static_dir: &Path, name: &str) -> Result<(), String> {
    let rel = Path::new(name.trim_start_matches('/'));
    if rel
        .components()
        .any(|c| !matches!(c, std::path::Component::Normal(_)))
    {
        return Err(format!("{name:?} must be a file inside static/"));
    }
    if static_dir.join(rel).is_file() {
        Ok(())
    } else {
        Err(format!("{name:?} not found in static/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_noise_is_ignored() {
        for n in [
            ".x.md.swp",
            "x.md~",
            "#x.md#",
            ".#x.md",
            "4913",
            "x.md___jb_tmp___",
            ".DS_Store",
        ] {
            assert!(is_ignored_name(n), "{n}");
        }
        for n in ["x.md", "index.md", "photo.jpg"] {
            assert!(!is_ignored_name(n), "{n}");
        }
    }
}
