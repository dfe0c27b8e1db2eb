//! Write stage: outputs go to disk atomically, and frontdesk never deletes what it did not write.
//!
//! The site is written into a fresh folder beside the target and swapped in only when
//! everything succeeded. A manifest lists what frontdesk wrote; an existing output folder
//! holding anything else is refused.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct Output {
    /// Site path with `/` separators, e.g. `blog/x/index.html`.
    pub path: String,
    /// Its content.
    pub body: Body,
}

/// Where an output's bytes come from.
#[derive(Debug, Clone)]
pub enum Body {
    /// Rendered bytes.
    Bytes(Vec<u8>),
    /// Embedded in the binary.
    Static(&'static [u8]),
    /// A file copied as it is.
    File(PathBuf),
}

impl Body {
    /// The bytes (reads a copied file).
    pub fn read(&self) -> io::Result<std::borrow::Cow<'_, [u8]>> {
        Ok(match self {
            Body::Bytes(b) => b.as_slice().into(),
            Body::Static(b) => (*b).into(),
            Body::File(p) => fs::read(p)?.into(),
        })
    }
}

/// The file that lists what frontdesk wrote into an output folder.
pub const MANIFEST: &str = ".frontdesk-manifest";

/// Refuses output folders that would put the user's files at risk.
pub fn check_target(site_dir: &Path, out_dir: &Path) -> Result<()> {
    let site = fs::canonicalize(site_dir)
        .with_context(|| format!("{}: cannot open the site folder", site_dir.display()))?;
    let out = absolute(out_dir)?;
    if out == site {
        bail!(
            "{}: the output folder cannot be the site folder",
            out_dir.display()
        );
    }
    if site.starts_with(&out) {
        bail!(
            "{}: the output folder cannot contain the site folder",
            out_dir.display()
        );
    }
    for keep in [
        "posts",
        "pages",
        "static",
        "testimonials",
        "templates",
        "themes",
    ] {
        if out.starts_with(site.join(keep)) {
            bail!(
                "{}: the output folder cannot lie inside the site's {keep}/ folder",
                out_dir.display()
            );
        }
    }
    if out.exists() {
        let foreign = foreign_files(&out)?;
        if let Some(first) = foreign.first() {
            bail!(
                "{}: refusing to replace this folder: it holds files frontdesk did not write (e.g. {}); move them or choose another --out",
                out_dir.display(),
                first.display()
            );
        }
    }
    Ok(())
}

/// Files under `out` that its manifest does not list (everything, if there is no manifest).
fn foreign_files(out: &Path) -> Result<Vec<PathBuf>> {
    if !out.is_dir() {
        bail!("{}: exists and is not a folder", out.display());
    }
    let listed: HashSet<String> = read_manifest(out).into_keys().collect();
    let mut foreign = Vec::new();
    for entry in walkdir::WalkDir::new(out).min_depth(1) {
        let entry = entry.with_context(|| format!("{}: cannot read", out.display()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(out).expect("below out");
        let key = crate::content::slash_path(rel);
        if key != MANIFEST && !listed.contains(&key) {
            foreign.push(rel.to_path_buf());
        }
    }
    foreign.sort();
    Ok(foreign)
}

fn absolute(p: &Path) -> Result<PathBuf> {
    if let Ok(c) = fs::canonicalize(p) {
        return Ok(c);
    }
    let parent = p
        .parent()
        .filter(|x| !x.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = p
        .file_name()
        .with_context(|| format!("{}: not a folder name", p.display()))?;
    let parent = fs::canonicalize(parent)
        .with_context(|| format!("{}: parent folder does not exist", p.display()))?;
    Ok(parent.join(name))
}

/// Writes `outputs` into `out_dir`, replacing it only when every write succeeded.
pub fn write_atomic(out_dir: &Path, outputs: &[Output]) -> Result<()> {
    let out = absolute(out_dir)?;
    let parent = out.parent().context("output folder has no parent")?;
    let name = out
        .file_name()
        .context("output folder has no name")?
        .to_string_lossy()
        .into_owned();
    let staging = parent.join(format!(".{name}.frontdesk-new-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging).ok();
    }
    let previous = out.is_dir().then(|| (out.clone(), read_manifest(&out)));
    let result = write_tree(&staging, outputs, previous.as_ref());
    if let Err(e) = result {
        fs::remove_dir_all(&staging).ok();
        return Err(e);
    }
    if out.exists() {
        let old = parent.join(format!(".{name}.frontdesk-old-{}", std::process::id()));
        fs::rename(&out, &old)
            .with_context(|| format!("{}: cannot move the previous output aside", out.display()))?;
        if let Err(e) = fs::rename(&staging, &out) {
            fs::rename(&old, &out).ok();
            fs::remove_dir_all(&staging).ok();
            return Err(e)
                .with_context(|| format!("{}: cannot put the new output in place", out.display()));
        }
        // Only manifest-checked files live here (check_target ran first).
        remove_tree(&old);
    } else {
        fs::rename(&staging, &out)
            .with_context(|| format!("{}: cannot put the new output in place", out.display()))?;
    }
    Ok(())
}

/// Removes a folder of our own output, files in parallel (the slow part on big sites).
fn remove_tree(dir: &Path) {
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_dir() {
            dirs.push(entry.into_path());
        } else {
            files.push(entry.into_path());
        }
    }
    files.par_iter().for_each(|f| {
        fs::remove_file(f).ok();
    });
    // Deepest first, so each folder is empty when removed.
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in dirs {
        fs::remove_dir(&d).ok();
    }
    fs::remove_dir_all(dir).ok();
}

/// What the manifest records of a file frontdesk wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    hash: u64,
    len: u64,
    mtime_ns: u128,
}

/// Reads `MANIFEST`: `hash<TAB>len<TAB>mtime<TAB>path` lines (or bare paths, from older versions).
fn read_manifest(out: &Path) -> HashMap<String, Option<Stamp>> {
    let Ok(text) = fs::read_to_string(out.join(MANIFEST)) else {
        return HashMap::new();
    };
    text.lines()
        .map(|line| {
            let fields: Vec<&str> = line.splitn(4, '\t').collect();
            match fields[..] {
                [hash, len, mtime, path] => {
                    let stamp = (|| {
                        Some(Stamp {
                            hash: u64::from_str_radix(hash, 16).ok()?,
                            len: len.parse().ok()?,
                            mtime_ns: mtime.parse().ok()?,
                        })
                    })();
                    (path.to_string(), stamp)
                }
                _ => (line.to_string(), None),
            }
        })
        .collect()
}

fn content_hash(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

fn stamp_of(path: &Path, hash: u64) -> io::Result<Stamp> {
    let meta = fs::metadata(path)?;
    let mtime_ns = meta
        .modified()?
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    Ok(Stamp {
        hash,
        len: meta.len(),
        mtime_ns,
    })
}

/// Writes every output below `root`. A file whose bytes equal the previous build's, and
/// which nobody touched since (same size and modification time), is hard-linked from it
/// instead of written again: rebuilds write only what changed, and keep old mtimes.
fn write_tree(
    root: &Path,
    outputs: &[Output],
    previous: Option<&(PathBuf, HashMap<String, Option<Stamp>>)>,
) -> Result<()> {
    fs::create_dir_all(root).with_context(|| format!("{}: cannot create", root.display()))?;
    let dirs: HashSet<&str> = outputs
        .iter()
        .filter_map(|o| o.path.rsplit_once('/').map(|(d, _)| d))
        .collect();
    let mut dirs: Vec<&str> = dirs.into_iter().collect();
    dirs.sort();
    for d in dirs {
        fs::create_dir_all(root.join(d))
            .with_context(|| format!("{}: cannot create", root.join(d).display()))?;
    }
    let stamps: Vec<Stamp> = outputs
        .par_iter()
        .map(|o| {
            let dest = root.join(&o.path);
            let bytes = o.body.read().with_context(|| match &o.body {
                Body::File(src) => format!("{}: cannot read", src.display()),
                _ => format!("{}: cannot read", o.path),
            })?;
            let hash = content_hash(&bytes);
            if let Some((old_dir, manifest)) = previous
                && let Some(Some(old)) = manifest.get(&o.path)
                && old.hash == hash
                && old.len == bytes.len() as u64
            {
                let old_path = old_dir.join(&o.path);
                if stamp_of(&old_path, hash).is_ok_and(|now| now == *old)
                    && fs::hard_link(&old_path, &dest).is_ok()
                {
                    return Ok(*old);
                }
            }
            fs::write(&dest, &bytes)
                .and_then(|()| stamp_of(&dest, hash))
                .with_context(|| format!("{}: cannot write", dest.display()))
        })
        .collect::<Result<_>>()?;
    let mut manifest: Vec<String> = outputs
        .iter()
        .zip(&stamps)
        .map(|(o, s)| format!("{:016x}\t{}\t{}\t{}", s.hash, s.len, s.mtime_ns, o.path))
        .collect();
    manifest.sort_unstable_by(|a, b| a.rsplit('\t').next().cmp(&b.rsplit('\t').next()));
    fs::write(root.join(MANIFEST), manifest.join("\n") + "\n")
        .context("cannot write the manifest")?;
    Ok(())
}
