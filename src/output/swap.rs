//! Putting a finished output folder in place: one build at a time (a lock on the folder
//! that holds the output), staging folders marked as frontdesk's own (so the next build can remove what a
//! killed one left, and nothing else), and an atomic exchange of the old and new folders
//! where the system has one, so the output folder never goes missing.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

pub use super::tree::remove_tree;

/// The file inside a staging folder that marks it as frontdesk's own.
pub const MARKER: &str = ".frontdesk-staging";

/// Names of the lock, staging and old folders beside the output `out`.
pub struct Beside {
    parent: PathBuf,
    prefix: String,
}

impl Beside {
    /// For the output folder `out` (absolute).
    pub fn new(out: &Path) -> Result<Self> {
        let parent = out.parent().context("output folder has no parent")?;
        let name = out
            .file_name()
            .context("output folder has no name")?
            .to_string_lossy();
        Ok(Beside {
            parent: parent.to_path_buf(),
            prefix: format!(".{name}.frontdesk-"),
        })
    }

    /// What is locked: on Unix the folder holding the output itself (nothing is created
    /// for it), elsewhere a lock file beside the output.
    pub fn lock_path(&self) -> PathBuf {
        if cfg!(unix) {
            self.parent.clone()
        } else {
            self.parent.join(format!("{}lock", self.prefix))
        }
    }

    /// A staging folder of this process.
    pub fn staging(&self) -> PathBuf {
        self.parent
            .join(format!("{}new-{}", self.prefix, std::process::id()))
    }

    /// Removes what earlier, killed builds left beside the output: folders named like ours
    /// *and* holding our marker. Anything else is the user's and stays.
    pub fn remove_leftovers(&self) {
        let Ok(entries) = fs::read_dir(&self.parent) else {
            return;
        };
        for e in entries.filter_map(Result::ok) {
            let name = e.file_name().to_string_lossy().into_owned();
            let path = e.path();
            if name.starts_with(&self.prefix)
                && !name.ends_with("lock")
                && e.file_type().is_ok_and(|t| t.is_dir())
                && path.join(MARKER).is_file()
            {
                remove_tree(&path);
            }
        }
    }
}

/// Holds the output's lock until dropped: a second build of the same output waits.
pub struct Lock {
    _file: fs::File,
}

/// Takes the lock beside the output, waiting for another build to finish.
#[allow(clippy::print_stderr)] // Says why the command is waiting: the user must know.
pub fn lock(beside: &Beside) -> Result<Lock> {
    let path = beside.lock_path();
    let file = if cfg!(unix) {
        fs::File::open(&path)
    } else {
        fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
    }
    .with_context(|| format!("{}: cannot open for the build lock", path.display()))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            eprintln!(
                "waiting for another frontdesk build of this output to finish ({})",
                path.display()
            );
            file.lock()
                .with_context(|| format!("{}: cannot lock", path.display()))?;
        }
        Err(fs::TryLockError::Error(e)) => {
            return Err(e).with_context(|| format!("{}: cannot lock", path.display()));
        }
    }
    Ok(Lock { _file: file })
}

/// Makes an empty staging folder holding the marker.
pub fn make_staging(path: &Path) -> Result<()> {
    if path.exists() {
        remove_tree(path);
    }
    fs::create_dir_all(path).with_context(|| format!("{}: cannot create", path.display()))?;
    make_marker(path).with_context(|| format!("{}: cannot write", path.display()))
}

/// Marks `dir` as a folder of frontdesk's that may be removed.
pub fn make_marker(dir: &Path) -> io::Result<()> {
    fs::write(
        dir.join(MARKER),
        b"frontdesk staging folder: safe to delete\n",
    )
}

/// Swaps the folders `a` and `b` atomically: after it, each holds what the other held.
/// Err(Unsupported) where the system (or file system) has no atomic exchange.
pub fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(()),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {
                Err(io::Error::from(io::ErrorKind::Unsupported))
            }
            Err(e) => Err(e.into()),
        }
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        let _ = (a, b);
        Err(io::Error::from(io::ErrorKind::Unsupported))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exchange_swaps_two_folders() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(a.join("x"), "in a").unwrap();
        fs::write(b.join("y"), "in b").unwrap();
        match exchange(&a, &b) {
            Ok(()) => {
                assert!(a.join("y").is_file() && b.join("x").is_file());
            }
            Err(e) => assert_eq!(e.kind(), io::ErrorKind::Unsupported),
        }
    }

    #[test]
    fn only_marked_leftovers_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let beside = Beside::new(&out).unwrap();
        let ours = dir.path().join(".public.frontdesk-new-1");
        let users = dir.path().join(".public.frontdesk-new-2");
        make_staging(&ours).unwrap();
        fs::create_dir(&users).unwrap();
        fs::write(users.join("keep.txt"), "mine").unwrap();
        beside.remove_leftovers();
        assert!(!ours.exists());
        assert!(users.join("keep.txt").is_file());
    }
}
