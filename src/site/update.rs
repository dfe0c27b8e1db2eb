//! The incremental part of assembly: which post files a batch of changed paths asks to
//! read again, and how bundles are counted when only part of the folder is read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::content::{self, Content, LoadOptions, PostSource, links::SiteLinks};
use crate::error::Diagnostics;
use crate::walk;

/// An `index.md` appeared or vanished: files around it change from posts to a bundle's
/// files or back. Rare; a full assembly gets it right.
pub(super) fn bundles_changed(
    site_dir: &Path,
    sources: &BTreeMap<PathBuf, Arc<PostSource>>,
    paths: &[PathBuf],
) -> bool {
    paths.iter().any(|p| {
        crate::layout::posts_root(p).is_some()
            && p.file_name().is_some_and(|n| n == "index.md")
            && site_dir.join(p).is_file() != sources.contains_key(p)
    })
}

/// Which post files a batch of changed paths asks to read again, and which posts are gone.
pub(super) fn post_files_to_read(
    site_dir: &Path,
    sources: &BTreeMap<PathBuf, Arc<PostSource>>,
    changed: &[PathBuf],
) -> (BTreeSet<PathBuf>, Vec<PathBuf>) {
    let mut read = BTreeSet::new();
    let mut gone = Vec::new();
    for p in changed {
        let full = site_dir.join(p);
        if full.is_dir() {
            // A folder appeared or changed (mkdir, rename, checkout): read the new posts in it.
            // Known files have events of their own (pollers report every changed folder).
            let known = |f: &Path, key: &Path| {
                sources
                    .get(key)
                    .is_some_and(|s| s.source == f || s.bundle_files.iter().any(|b| b == f))
            };
            let listing = walk::list(site_dir, &p.to_string_lossy());
            read.extend(
                listing
                    .files
                    .iter()
                    .filter_map(|f| post_key(site_dir, f).filter(|key| !known(f, key))),
            );
            // Links leading outside the site: reading them is the error a full build reports.
            read.extend(listing.outside.into_iter().map(|d| d.path));
            // A folder renamed and made again in one batch: what it held before may be gone.
            for (k, src) in sources
                .range(p.clone()..)
                .take_while(|(k, _)| k.starts_with(p))
            {
                if !site_dir.join(k).exists() {
                    gone.push(k.clone());
                } else if src.bundle_files.iter().any(|f| !site_dir.join(f).exists()) {
                    read.insert(k.clone());
                }
            }
        } else if !full.exists() {
            // Gone: a folder of posts, a vanished bundle's file, or an editor's temporary file.
            gone.extend(
                sources
                    .range(p.clone()..)
                    .map(|(k, _)| k)
                    .take_while(|k| k.starts_with(p))
                    .cloned(),
            );
            if let Some(index) = p
                .ancestors()
                .skip(1)
                .map(|a| a.join("index.md"))
                .find(|i| sources.contains_key(i))
            {
                read.insert(index);
            }
        } else if let Some(key) = post_key(site_dir, p) {
            // A post, or a file of a bundle (re-read the bundle so its file list is current).
            read.insert(key);
        }
    }
    (read, gone)
}

/// Parses the posts to read; a post that vanished is None, one that links outside the site
/// an error.
/// Any error leaves everything as it was.
pub(super) fn parse_posts(
    site_dir: &Path,
    read: BTreeSet<PathBuf>,
    gone: Vec<PathBuf>,
) -> Result<Vec<(PathBuf, Option<PostSource>)>, Diagnostics> {
    let mut errors = Vec::new();
    let mut updates: Vec<(PathBuf, Option<PostSource>)> =
        gone.into_iter().map(|p| (p, None)).collect();
    for p in read {
        if !walk::is_inside(site_dir, &p) {
            if site_dir.join(&p).exists() {
                // A link leading outside the site: an error, as in a full build.
                errors.push(walk::outside_link(site_dir, &p));
            } else {
                updates.push((p, None));
            }
            continue;
        }
        match walk::read_text(site_dir, &p) {
            Err(_) if !site_dir.join(&p).exists() => updates.push((p, None)),
            Err(e) => errors.push(e),
            Ok(text) => match content::post::parse(&p, &text) {
                Ok(mut src) => {
                    if src.is_bundle() {
                        src.bundle_files = bundle_files(site_dir, &p);
                    }
                    updates.push((p, Some(src)));
                }
                Err(e) => errors.extend(e.0),
            },
        }
    }
    if errors.is_empty() {
        Ok(updates)
    } else {
        Err(Diagnostics(errors).sorted())
    }
}

pub(super) fn site_links(
    config: &Config,
    sources: &BTreeMap<PathBuf, Arc<PostSource>>,
    content: &Content,
    opts: &LoadOptions,
) -> SiteLinks {
    let pages: Vec<_> = content.pages.iter().map(|p| p.src.clone()).collect();
    SiteLinks::new(
        config,
        sources
            .values()
            .map(|s| s.as_ref())
            .filter(|s| content::is_published(s, opts)),
        &pages,
        Some(content.images.clone()),
    )
    .with_menu(content::menu_references(
        config,
        content.menu.as_ref(),
        &content.translations,
        content.now.date_naive(),
    ))
}

/// The files of the bundle `index`: those whose nearest `index.md` folder is its own
/// (a nested bundle keeps its files), as a full build counts them.
fn bundle_files(site_dir: &Path, index: &Path) -> Vec<PathBuf> {
    let dir = index.parent().unwrap_or(Path::new(""));
    let files = walk::files(site_dir, &dir.to_string_lossy());
    let nested: BTreeSet<&Path> = files
        .iter()
        .filter(|f| *f != index && f.file_name().is_some_and(|n| n == "index.md"))
        .filter_map(|f| f.parent())
        .collect();
    files
        .iter()
        .filter(|f| {
            *f != index
                && !f
                    .ancestors()
                    .skip(1)
                    .take_while(|a| *a != dir)
                    .any(|a| nested.contains(a))
        })
        .cloned()
        .collect()
}

/// The post file a changed path belongs to: its bundle's `index.md`, or itself if a post.
fn post_key(site_dir: &Path, rel: &Path) -> Option<PathBuf> {
    bundle_index(site_dir, rel).or_else(|| {
        rel.extension()
            .is_some_and(|e| e == "md")
            .then(|| rel.to_path_buf())
    })
}

/// The `index.md` of the bundle that holds `rel`, if any.
fn bundle_index(site_dir: &Path, rel: &Path) -> Option<PathBuf> {
    rel.ancestors()
        .skip(1)
        .take_while(|a| crate::layout::posts_root(a).is_some_and(|root| *a != root))
        .map(|a| a.join("index.md"))
        .find(|i| site_dir.join(i).is_file())
}
