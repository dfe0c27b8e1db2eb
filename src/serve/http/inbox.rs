//! The preview inbox, `SITE/.frontdesk/inbox.jsonl`: one whole JSON line per submission,
//! written only to a real file inside the site. Its folder and the file are opened without
//! following symbolic links (a link there could send what visitors type to any file the
//! user can write), and a file with other names (hard links) or of another kind is refused.

use std::fs::File;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The inbox's folder inside the site.
const FOLDER: &str = ".frontdesk";
/// The inbox's file inside its folder.
const FILE: &str = "inbox.jsonl";

/// The preview inbox: one writer at a time, one `write` per submission.
pub struct Inbox {
    site_dir: PathBuf,
    path: PathBuf,
    lock: Mutex<()>,
}

impl Inbox {
    /// The inbox of `site_dir`: `SITE/.frontdesk/inbox.jsonl`.
    pub fn new(site_dir: &Path) -> Self {
        Inbox {
            site_dir: site_dir.to_path_buf(),
            path: site_dir.join(FOLDER).join(FILE),
            lock: Mutex::new(()),
        }
    }

    /// Where submissions go.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one whole line (JSON with the time received) and returns once it is written.
    /// Every error names the path it is about.
    pub fn append(&self, fields: &serde_json::Map<String, serde_json::Value>) -> io::Result<()> {
        let record =
            serde_json::json!({ "received": chrono::Utc::now().to_rfc3339(), "fields": fields });
        let mut line = serde_json::to_vec(&record)?;
        line.push(b'\n');
        let _one_writer = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let mut f = open_inside(&self.site_dir)?;
        // One write of the whole line: an O_APPEND write is never interleaved with another's.
        f.write_all(&line)
            .and_then(|()| f.flush())
            .map_err(|e| at(&self.path, e))
    }
}

/// `path: error`, keeping the error's kind.
fn at(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// The error for `path` when opening it without following links failed with `e`: a link
/// is named as such.
fn refused(path: &Path, e: io::Error) -> io::Error {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link {
        io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!(
                "{}: is a symbolic link; the preview never writes submissions through one (replace it with a real folder or file inside the site)",
                path.display()
            ),
        )
    } else {
        at(path, e)
    }
}

/// The inbox file of `site_dir`, made if missing, opened for appending: each component
/// is opened relative to the one before it and never through a link.
#[cfg(unix)]
fn open_inside(site_dir: &Path) -> io::Result<File> {
    use rustix::fs::{CWD, Mode, OFlags, mkdirat, openat};
    use rustix::io::Errno;
    let folder_path = site_dir.join(FOLDER);
    let file_path = folder_path.join(FILE);
    let dir = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let site = openat(CWD, site_dir, dir, Mode::empty()).map_err(|e| at(site_dir, e.into()))?;
    let folder = match openat(&site, FOLDER, dir, Mode::empty()) {
        Err(Errno::NOENT) => match mkdirat(&site, FOLDER, Mode::from_bits_truncate(0o755)) {
            Ok(()) | Err(Errno::EXIST) => openat(&site, FOLDER, dir, Mode::empty()),
            Err(e) => Err(e),
        },
        opened => opened,
    }
    .map_err(|e| refused(&folder_path, e.into()))?;
    // NONBLOCK: a FIFO put there fails at once instead of blocking until someone reads it.
    let append = OFlags::WRONLY
        | OFlags::APPEND
        | OFlags::CREATE
        | OFlags::NOFOLLOW
        | OFlags::NONBLOCK
        | OFlags::CLOEXEC;
    let file = openat(&folder, FILE, append, Mode::from_bits_truncate(0o644))
        .map_err(|e| refused(&file_path, e.into()))?;
    let file = File::from(file);
    only_name_of_a_file(&file, &file_path)?;
    Ok(file)
}

/// Refuses a file that is not a regular file, or that has another name (a hard link to a
/// file elsewhere).
#[cfg(unix)]
fn only_name_of_a_file(file: &File, path: &Path) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt as _;
    let meta = file.metadata().map_err(|e| at(path, e))?;
    let why = if !meta.is_file() {
        "is not a regular file"
    } else if meta.nlink() > 1 {
        "has other names (hard links); the preview writes only to a file of its own"
    } else {
        return Ok(());
    };
    Err(io::Error::new(
        io::ErrorKind::PermissionDenied,
        format!("{}: {why}", path.display()),
    ))
}

/// Elsewhere: each component is checked not to be a link, then opened.
#[cfg(not(unix))]
fn open_inside(site_dir: &Path) -> io::Result<File> {
    let folder_path = site_dir.join(FOLDER);
    let file_path = folder_path.join(FILE);
    for p in [&folder_path, &file_path] {
        if std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(refused(p, io::ErrorKind::PermissionDenied.into()));
        }
    }
    std::fs::create_dir_all(&folder_path).map_err(|e| at(&folder_path, e))?;
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&file_path)
        .map_err(|e| at(&file_path, e))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn one_field() -> serde_json::Map<String, serde_json::Value> {
        let mut m = serde_json::Map::new();
        m.insert("suggestion".into(), "hi".into());
        m
    }

    #[test]
    fn links_in_the_inbox_path_are_refused_and_a_real_inbox_is_written() {
        let site = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("t.jsonl");
        std::fs::write(&target, "").unwrap();
        let inbox = Inbox::new(site.path());
        let folder = site.path().join(FOLDER);

        std::os::unix::fs::symlink(outside.path(), &folder).unwrap();
        let e = inbox.append(&one_field()).unwrap_err().to_string();
        assert!(e.contains(".frontdesk: is a symbolic link"), "{e}");
        std::fs::remove_file(&folder).unwrap();

        std::fs::create_dir(&folder).unwrap();
        std::os::unix::fs::symlink(&target, folder.join(FILE)).unwrap();
        let e = inbox.append(&one_field()).unwrap_err().to_string();
        assert!(e.contains("inbox.jsonl: is a symbolic link"), "{e}");
        std::fs::remove_file(folder.join(FILE)).unwrap();

        std::fs::hard_link(&target, folder.join(FILE)).unwrap();
        let e = inbox.append(&one_field()).unwrap_err().to_string();
        assert!(e.contains("hard links"), "{e}");
        std::fs::remove_file(folder.join(FILE)).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "");

        inbox.append(&one_field()).unwrap();
        inbox.append(&one_field()).unwrap();
        let text = std::fs::read_to_string(folder.join(FILE)).unwrap();
        assert_eq!(text.lines().count(), 2);
    }
}
