//! What an output folder holds, read in one walk: the foreign-file check reads it, and
//! removing the folder uses it (a big site's output is tens of thousands of folders, so
//! each walk counts; both the walk and the removal run on every core).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::swap::MARKER;

/// Every file and folder below a folder, relative to it. Symbolic links are listed as
/// files and never followed.
#[derive(Debug, Default)]
pub struct Tree {
    root: PathBuf,
    /// Files (and links), relative to the root.
    pub files: Vec<PathBuf>,
    /// Folders, relative to the root; a folder comes before what it holds.
    pub dirs: Vec<PathBuf>,
}

impl Tree {
    /// Walks `root`; fails on the first folder that cannot be read.
    pub fn walk(root: &Path) -> io::Result<Tree> {
        let mut tree = Tree {
            root: root.to_path_buf(),
            ..Tree::default()
        };
        walk_into(root, Path::new(""), &mut tree, true)?;
        Ok(tree)
    }

    /// Walks `root`, skipping what cannot be read (for removal, which does what it can).
    pub fn lossy(root: &Path) -> Tree {
        let mut tree = Tree {
            root: root.to_path_buf(),
            ..Tree::default()
        };
        walk_into(root, Path::new(""), &mut tree, false).ok();
        tree
    }

    /// Removes the walked folder: files in parallel, then folders deepest first, the
    /// staging marker last (a removal cut short leaves a folder still marked as ours).
    pub fn remove(self) {
        self.files
            .par_iter()
            .filter(|f| f.as_os_str() != MARKER)
            .for_each(|f| {
                fs::remove_file(self.root.join(f)).ok();
            });
        let mut dirs = self.dirs;
        dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for level in dirs.chunk_by(|a, b| a.components().count() == b.components().count()) {
            level.par_iter().for_each(|d| {
                fs::remove_dir(self.root.join(d)).ok();
            });
        }
        fs::remove_file(self.root.join(MARKER)).ok();
        // Whatever could not be removed one by one (e.g. it changed meanwhile).
        fs::remove_dir_all(&self.root).ok();
    }
}

/// Removes a folder of our own output.
pub fn remove_tree(dir: &Path) {
    Tree::lossy(dir).remove();
}

/// Adds what the folder `rel` below `root` holds to `tree`, its subfolders read in
/// parallel.
fn walk_into(root: &Path, rel: &Path, tree: &mut Tree, strict: bool) -> io::Result<()> {
    let dir = &root.join(rel);
    let mut subdirs = Vec::new();
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if strict => return Err(with_path(e, dir)),
        Err(_) => return Ok(()),
    };
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) if strict => return Err(with_path(e, dir)),
            Err(_) => continue,
        };
        let name = rel.join(entry.file_name());
        match entry.file_type() {
            Ok(t) if t.is_dir() => subdirs.push(name),
            Ok(_) => tree.files.push(name),
            Err(e) if strict => return Err(with_path(e, &entry.path())),
            Err(_) => {}
        }
    }
    let below: Vec<io::Result<Tree>> = subdirs
        .par_iter()
        .map(|sub| {
            let mut t = Tree::default();
            walk_into(root, sub, &mut t, strict).map(|()| t)
        })
        .collect();
    for (sub, t) in subdirs.into_iter().zip(below) {
        let t = t?;
        tree.dirs.push(sub);
        tree.dirs.extend(t.dirs);
        tree.files.extend(t.files);
    }
    Ok(())
}

fn with_path(e: io::Error, path: &Path) -> io::Error {
    io::Error::new(e.kind(), format!("{}: cannot read ({e})", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_everything_once_and_removes_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("out");
        for d in ["a/b/c", "a/d", "e"] {
            fs::create_dir_all(root.join(d)).unwrap();
        }
        for f in ["x.html", "a/y.html", "a/b/c/z.html", MARKER] {
            fs::write(root.join(f), f).unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path(), root.join("a/link")).unwrap();
        let tree = Tree::walk(&root).unwrap();
        let mut files: Vec<_> = tree.files.iter().map(|p| p.to_string_lossy()).collect();
        files.sort();
        let mut want = vec![MARKER, "a/b/c/z.html", "a/y.html", "x.html"];
        if cfg!(unix) {
            want.push("a/link");
        }
        want.sort();
        assert_eq!(files, want);
        let mut dirs: Vec<_> = tree.dirs.iter().map(|p| p.to_string_lossy()).collect();
        dirs.sort();
        assert_eq!(dirs, ["a", "a/b", "a/b/c", "a/d", "e"]);
        tree.remove();
        assert!(!root.exists());
        // The link was removed, not what it points to.
        assert!(dir.path().is_dir());
    }

    #[test]
    fn an_unreadable_path_fails_the_strict_walk() {
        let dir = tempfile::tempdir().unwrap();
        let err = Tree::walk(&dir.path().join("missing")).unwrap_err();
        assert!(err.to_string().contains("missing"), "{err}");
    }
}
