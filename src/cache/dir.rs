//! The build cache's folder, and what makes it ours: a cache is restored from CI caches,
//! shared between branches, synced by cloud folders and checked out from other people's
//! repositories, so it is read like any other input.
//!
//! A folder is a cache only when it holds our marker (`CACHEDIR.TAG`, the standard that
//! backup tools skip, with a line of ours naming the format and a random id), written when
//! the folder was new or empty. A folder that holds anything else is never read, written or
//! cleaned. Inside it no link is followed, every file is written whole under a temporary
//! name the next build recognises, and only files the cache's own index lists are removed.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The marker file's name.
pub const MARKER: &str = "CACHEDIR.TAG";
/// The marker's first line (<https://bford.info/cachedir/>).
const SIGNATURE: &str = "Signature: 8a477f597d28d172789f06886806bc55";
/// Our line in the marker, before `format=N id=HEX`.
const OURS: &str = "# frontdesk build cache:";
/// Bumped when what a marked folder may hold changes.
const MARKER_FORMAT: u32 = 1;
/// What a temporary file's name carries before the writer's process id.
const TMP: &str = ".frontdesk-tmp-";
/// Largest marker read (ours is about 200 bytes).
const MARKER_MAX: u64 = 4096;

/// A folder proven to be a frontdesk build cache.
#[derive(Debug, Clone)]
pub struct CacheDir {
    path: PathBuf,
    id: String,
}

/// Why a folder is not used as the build cache.
#[derive(Debug)]
pub enum Refused {
    /// It holds files and no marker of ours: it may be the user's, so nothing is touched.
    NotOurs(PathBuf),
    /// It could not be read or made (a read-only folder, a file in its place).
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::NotOurs(p) => write!(
                f,
                "{}: this folder is not a frontdesk build cache (it holds files but no {MARKER} \
                 written by frontdesk), so nothing in it was read or changed; delete it if it \
                 is an older frontdesk's cache (the next build makes a new one), or give \
                 --cache-dir a new or empty folder",
                p.display()
            ),
            Refused::Io(p, e) => write!(
                f,
                "{}: cannot use it as the build cache ({e}): make it a folder frontdesk can \
                 write, or give --cache-dir another one",
                p.display()
            ),
        }
    }
}

impl std::error::Error for Refused {}

impl CacheDir {
    /// Claims `path` as a build cache: a missing or empty folder is made one (the marker is
    /// written), a folder with our marker is one; anything else is refused untouched. A link
    /// at `path` itself is followed (the user named it); none inside it is.
    pub fn claim(path: &Path) -> Result<CacheDir, Refused> {
        let io = |e| Refused::Io(path.to_path_buf(), e);
        match fs::metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                fs::create_dir_all(path).map_err(io)?;
            }
            Err(e) => return Err(io(e)),
            Ok(m) if !m.is_dir() => {
                return Err(io(io::Error::other("it is not a folder")));
            }
            Ok(_) => {
                if let Some(id) = read_marker(path) {
                    let dir = CacheDir {
                        path: path.to_path_buf(),
                        id,
                    };
                    // A cache that cannot be written is no cache (a read-only mount).
                    write_whole(&path.join(".frontdesk-write-check"), b"")
                        .and_then(|()| fs::remove_file(path.join(".frontdesk-write-check")))
                        .map_err(io)?;
                    dir.remove_leftovers(path);
                    return Ok(dir);
                }
                let empty = fs::read_dir(path).map_err(io)?.next().is_none();
                if !empty {
                    return Err(Refused::NotOurs(path.to_path_buf()));
                }
            }
        }
        let id = new_id();
        let marker = format!(
            "{SIGNATURE}\n# This folder is frontdesk's build cache: it can be deleted at any time.\n\
             {OURS} format={MARKER_FORMAT} id={id}\n"
        );
        write_whole(&path.join(MARKER), marker.as_bytes()).map_err(io)?;
        Ok(CacheDir {
            path: path.to_path_buf(),
            id,
        })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The random id written in the marker: an index records it, so an index copied in
    /// from another cache is not taken for this one's.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The folder `name` inside the cache, made if missing; an error if something else
    /// (a link, a file) has its place.
    pub fn sub(&self, name: &str) -> io::Result<PathBuf> {
        let dir = self.sub_unmade(name)?;
        match fs::create_dir(&dir) {
            Ok(()) => Ok(dir),
            // Made by another thread since (images are made in parallel): the folder is
            // there, which is all that is asked; a link or a file in its place is not.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => self.sub_unmade(name),
            Err(e) => Err(e),
        }
    }

    /// The folder `name` inside the cache, not made (it is made when first written to);
    /// an error if something else (a link, a file) has its place.
    pub fn sub_unmade(&self, name: &str) -> io::Result<PathBuf> {
        let dir = self.path.join(name);
        match fs::symlink_metadata(&dir) {
            Ok(m) if m.is_dir() => Ok(dir),
            Ok(_) => Err(io::Error::other(format!(
                "{}: is a link or a file where the cache keeps a folder; nothing in the \
                 cache is used (delete the cache folder to start a new one)",
                dir.display()
            ))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(dir),
            Err(e) => Err(e),
        }
    }

    /// Removes what killed builds left in `dir` (a folder of the cache): temporary files
    /// named by [`write_whole`] whose writer is no longer running.
    pub fn remove_leftovers(&self, dir: &Path) {
        remove_leftovers_in(dir);
    }
}

/// Removes the temporary files named by [`write_whole`] in `dir` whose writer is no longer
/// running (and nothing else).
pub fn remove_leftovers_in(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        if let Some(name) = e.file_name().to_str()
            && is_leftover(name)
            && e.file_type().is_ok_and(|t| t.is_file())
        {
            fs::remove_file(e.path()).ok();
        }
    }
}

/// The id in `dir`'s marker, if it holds one of ours (a regular file, not a link).
fn read_marker(dir: &Path) -> Option<String> {
    let bytes = read_limited(&dir.join(MARKER), MARKER_MAX).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    if text.lines().next() != Some(SIGNATURE) {
        return None;
    }
    let ours = text.lines().find_map(|l| l.strip_prefix(OURS))?;
    let mut format = None;
    let mut id = None;
    for part in ours.split_whitespace() {
        match part.split_once('=') {
            Some(("format", f)) => format = f.parse::<u32>().ok(),
            Some(("id", i)) if !i.is_empty() && i.bytes().all(|b| b.is_ascii_hexdigit()) => {
                id = Some(i.to_string())
            }
            _ => {}
        }
    }
    (format == Some(MARKER_FORMAT)).then_some(id?)
}

/// 64 random bits as hex: std's per-process random hash keys, mixed with the time and the
/// process id (an id tells caches apart; it guards nothing secret).
fn new_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.write_u32(std::process::id());
    format!("{:016x}", h.finish())
}

/// Opens a file for reading without following a link at its place.
pub fn open_nofollow(path: &Path) -> io::Result<fs::File> {
    let mut opts = fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    let file = opts.open(path)?;
    // Elsewhere (and for FIFOs and devices on Unix), only a regular file is read.
    if !file.metadata()?.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    Ok(file)
}

/// Reads a whole cache file, not through a link.
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    open_nofollow(path)?.read_to_end(&mut out)?;
    Ok(out)
}

/// Reads at most `max` bytes of a cache file, not through a link; larger is an error.
fn read_limited(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    open_nofollow(path)?.take(max + 1).read_to_end(&mut out)?;
    if out.len() as u64 > max {
        return Err(io::Error::other("too large"));
    }
    Ok(out)
}

/// The temporary name `path` is written under before it is renamed into place: the
/// process id, and a number of its own (two threads may write the same file at once, as
/// two posts rendering to the same HTML do).
pub fn tmp_name(path: &Path) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!("{TMP}{}-{n}", std::process::id()));
    path.with_file_name(name)
}

/// Whether `name` is a temporary file of a writer that is no longer running.
fn is_leftover(name: &str) -> bool {
    let Some((_, tail)) = name.rsplit_once(TMP) else {
        return false;
    };
    let pid = tail.split_once('-').map_or(tail, |(pid, _)| pid);
    let Ok(pid) = pid.parse::<u32>() else {
        return false;
    };
    pid != std::process::id() && !running(pid)
}

/// Whether the process `pid` may be running: on Linux, whether it is; elsewhere it is
/// assumed to be (such files stay until a Linux build, or the cache is deleted).
fn running(pid: u32) -> bool {
    !cfg!(target_os = "linux") || Path::new("/proc").join(pid.to_string()).exists()
}

/// Writes a whole file under a temporary name, then renames it into place (replacing a
/// link at its place, never writing through it): never half a file.
pub fn write_whole(path: &Path, data: &[u8]) -> io::Result<()> {
    write_whole_with(path, |w| w.write_all(data))
}

/// Writes a whole file through `write` (see [`write_whole`]).
pub fn write_whole_with(
    path: &Path,
    write: impl FnOnce(&mut io::BufWriter<fs::File>) -> io::Result<()>,
) -> io::Result<()> {
    let tmp = tmp_name(path);
    // A file of this name is a leftover of an earlier process that had our id.
    fs::remove_file(&tmp).ok();
    let written = (|| {
        let f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        let mut w = io::BufWriter::new(f);
        write(&mut w)?;
        w.into_inner().map_err(io::IntoInnerError::into_error)?;
        fs::rename(&tmp, path)
    })();
    if written.is_err() {
        fs::remove_file(&tmp).ok();
    }
    written
}

#[cfg(test)]
mod tests {
    /// Threads that make the same folder at once all get it (the image cache's `files/`
    /// is made by whichever image is written first).
    #[test]
    fn a_folder_made_by_many_threads_at_once_is_made_for_all() {
        let root = tempfile::tempdir().unwrap();
        let cache = CacheDir::claim(&root.path().join("cache")).unwrap();
        for round in 0..20 {
            let name = format!("files{round}");
            std::thread::scope(|s| {
                let all: Vec<_> = (0..8).map(|_| s.spawn(|| cache.sub(&name))).collect();
                for t in all {
                    assert!(t.join().unwrap().unwrap().is_dir());
                }
            });
        }
        fs::write(cache.path().join("file"), "x").unwrap();
        assert!(
            cache.sub("file").is_err(),
            "a file in the folder's place stays an error"
        );
    }

    use super::*;

    #[test]
    fn a_new_or_empty_folder_is_claimed_and_a_full_one_refused() {
        let root = tempfile::tempdir().unwrap();
        let new = root.path().join("new/cache");
        let a = CacheDir::claim(&new).unwrap();
        assert!(new.join(MARKER).is_file());
        let again = CacheDir::claim(&new).unwrap();
        assert_eq!(
            a.id(),
            again.id(),
            "the marker is read back, not written anew"
        );

        let empty = root.path().join("empty");
        fs::create_dir(&empty).unwrap();
        assert!(CacheDir::claim(&empty).is_ok());

        let users = root.path().join("users");
        fs::create_dir_all(users.join("markdown")).unwrap();
        fs::write(users.join("markdown/notes.txt"), "mine").unwrap();
        let refused = CacheDir::claim(&users).unwrap_err();
        assert!(matches!(refused, Refused::NotOurs(_)), "{refused}");
        assert!(refused.to_string().contains("not a frontdesk build cache"));
        assert!(
            !users.join(MARKER).exists(),
            "nothing written into the user's folder"
        );

        // Cargo's marker is not ours.
        let cargo = root.path().join("target");
        fs::create_dir(&cargo).unwrap();
        fs::write(cargo.join(MARKER), format!("{SIGNATURE}\n# cargo\n")).unwrap();
        assert!(matches!(CacheDir::claim(&cargo), Err(Refused::NotOurs(_))));
    }

    #[cfg(unix)]
    #[test]
    fn links_inside_are_not_followed() {
        let root = tempfile::tempdir().unwrap();
        let outside = root.path().join("outside");
        fs::create_dir(&outside).unwrap();
        fs::write(outside.join("secret"), "s").unwrap();
        let dir = CacheDir::claim(&root.path().join("c")).unwrap();
        std::os::unix::fs::symlink(&outside, dir.path().join("markdown")).unwrap();
        assert!(dir.sub("markdown").is_err());
        std::os::unix::fs::symlink(outside.join("secret"), dir.path().join("f")).unwrap();
        assert!(read(&dir.path().join("f")).is_err());
        // A marker that is a link is no marker.
        let linked = root.path().join("linked");
        fs::create_dir(&linked).unwrap();
        std::os::unix::fs::symlink(dir.path().join(MARKER), linked.join(MARKER)).unwrap();
        assert!(matches!(CacheDir::claim(&linked), Err(Refused::NotOurs(_))));
    }

    #[test]
    fn only_leftovers_of_stopped_writers_are_removed() {
        let root = tempfile::tempdir().unwrap();
        let dir = CacheDir::claim(root.path()).unwrap();
        // No process runs with a pid this large (Linux allows at most 2^22).
        let dead = root
            .path()
            .join("markdown-index.json.frontdesk-tmp-4294967295");
        let mine = tmp_name(&root.path().join("x.json"));
        let users = root.path().join("notes.tmp123");
        for f in [&dead, &mine, &users] {
            fs::write(f, "x").unwrap();
        }
        dir.remove_leftovers(root.path());
        assert!(!dead.exists());
        assert!(mine.exists(), "this process's own file is in use");
        assert!(users.exists());
    }
}
