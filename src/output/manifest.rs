//! The manifest: the list of files frontdesk wrote into an output folder, with what it
//! knows of each (content hash, size, modification time, and the hash of the inputs the
//! file was rendered from), and the source file each post's and page's HTML was made from.
//! Only listed files are ever replaced or removed.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::tree::Tree;

/// The file that lists what frontdesk wrote into an output folder.
pub const MANIFEST: &str = ".frontdesk-manifest";

/// What the manifest records of a file frontdesk wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// Hash of the bytes.
    pub hash: u64,
    /// Size in bytes.
    pub len: u64,
    /// Modification time, in nanoseconds since the epoch.
    pub mtime_ns: u128,
}

/// One line of the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// What the file was when written (None: a line of an older format).
    pub stamp: Option<Stamp>,
    /// Hash of the job's inputs (None: not recorded).
    pub key: Option<u64>,
}

/// A folder's manifest, by site path.
pub type Manifest = HashMap<String, Entry>;

/// The first field of a line that names a page's source file:
/// `source<TAB>source file<TAB>path` (the path last, as on every line). A version that
/// does not know these lines reads one as a bare path that names no file, so it still
/// accepts the folder.
const SOURCE: &str = "source";

/// Pages and the source files they were made from: (site path, source file).
pub type Sources = Vec<(String, String)>;

/// Reads `MANIFEST`: `hash<TAB>len<TAB>mtime<TAB>key<TAB>path` lines (the older
/// `hash<TAB>len<TAB>mtime<TAB>path` and bare-path lines too), and its pages' source files
/// (see [`SOURCE`]).
pub fn read_all(out: &Path) -> (Manifest, Sources) {
    let Ok(text) = fs::read_to_string(out.join(MANIFEST)) else {
        return Default::default();
    };
    let mut sources = Vec::new();
    let files = text
        .lines()
        .filter(|l| !l.is_empty())
        .filter(|line| match line.split('\t').collect::<Vec<_>>()[..] {
            [SOURCE, source, path] => {
                sources.push((path.to_string(), source.to_string()));
                false
            }
            _ => true,
        })
        .map(|line| {
            let fields: Vec<&str> = line.splitn(5, '\t').collect();
            let stamp = |h: &str, l: &str, m: &str| {
                Some(Stamp {
                    hash: u64::from_str_radix(h, 16).ok()?,
                    len: l.parse().ok()?,
                    mtime_ns: m.parse().ok()?,
                })
            };
            match fields[..] {
                [h, l, m, k, path] => (
                    path.to_string(),
                    Entry {
                        stamp: stamp(h, l, m),
                        key: u64::from_str_radix(k, 16).ok(),
                    },
                ),
                [h, l, m, path] => (
                    path.to_string(),
                    Entry {
                        stamp: stamp(h, l, m),
                        key: None,
                    },
                ),
                _ => (
                    line.to_string(),
                    Entry {
                        stamp: None,
                        key: None,
                    },
                ),
            }
        })
        .collect();
    (files, sources)
}

/// Writes the manifest of `entries`, and the pages' `sources`, into `root`.
pub fn write(root: &Path, mut entries: Vec<(String, Stamp, u64)>, sources: &Sources) -> Result<()> {
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut text = String::with_capacity(entries.len() * 80);
    for (path, s, key) in entries {
        use std::fmt::Write as _;
        let _ = writeln!(
            text,
            "{:016x}\t{}\t{}\t{key:016x}\t{path}",
            s.hash, s.len, s.mtime_ns
        );
    }
    for (path, source) in sources {
        use std::fmt::Write as _;
        let _ = writeln!(text, "{SOURCE}\t{source}\t{path}");
    }
    fs::write(root.join(MANIFEST), text).context("cannot write the manifest")
}

/// The stamp of a file on disk.
pub fn stamp_of(path: &Path, hash: u64) -> io::Result<Stamp> {
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

/// Files and folders in a walked output folder that frontdesk did not write: files its
/// manifest `listed` does not list (everything, if there is none), and folders that hold
/// no listed file (an empty folder of the user's counts).
pub fn foreign_in(listed: &Manifest, tree: &Tree) -> Vec<PathBuf> {
    let ours_dirs: HashSet<&str> = listed
        .keys()
        .flat_map(|p| p.match_indices('/').map(move |(i, _)| &p[..i]))
        .collect();
    let dirs = tree
        .dirs
        .iter()
        .filter(|d| !ours_dirs.contains(crate::walk::slash_path(d).as_str()));
    let files = tree.files.iter().filter(|f| {
        let key = crate::walk::slash_path(f);
        !(key == MANIFEST || key == super::swap::MARKER || listed.contains_key(&key))
    });
    let mut found: Vec<PathBuf> = dirs.chain(files).cloned().collect();
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_format_it_wrote() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join(MANIFEST),
            "00000000000000ff\t3\t7\t000000000000000a\ta/b.html\n0000000000000001\t1\t2\told.html\nbare.txt\n",
        )
        .unwrap();
        let (m, _) = read_all(dir.path());
        assert_eq!(m["a/b.html"].key, Some(10));
        assert_eq!(m["a/b.html"].stamp.unwrap().hash, 255);
        assert_eq!(m["old.html"].key, None);
        assert_eq!(m["bare.txt"].stamp, None);
    }

    #[test]
    fn sources_are_read_back_apart_from_the_files() {
        let dir = tempfile::tempdir().unwrap();
        let stamp = Stamp {
            hash: 1,
            len: 2,
            mtime_ns: 3,
        };
        let sources = vec![("blog/x/index.html".to_string(), "posts/x.md".to_string())];
        write(
            dir.path(),
            vec![("blog/x/index.html".into(), stamp, 4)],
            &sources,
        )
        .unwrap();
        let (files, read) = read_all(dir.path());
        assert_eq!(files.len(), 1);
        assert_eq!(files["blog/x/index.html"].key, Some(4));
        assert_eq!(read, sources);
    }

    #[test]
    fn a_folder_without_listed_files_is_foreign() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir_all(d.join("a/b")).unwrap();
        fs::create_dir_all(d.join("mine")).unwrap();
        fs::write(d.join("a/b/x.html"), "x").unwrap();
        fs::write(
            d.join(MANIFEST),
            "0000000000000001\t1\t1\t0000000000000001\ta/b/x.html\n",
        )
        .unwrap();
        assert_eq!(
            foreign_in(&read_all(d).0, &Tree::walk(d).unwrap()),
            vec![PathBuf::from("mine")]
        );
    }
}
