//! The build cache (`SITE/.frontdesk/cache/` unless `--cache-dir` or `--no-cache`): each
//! post's parsed front matter, found again by the file's size, inode and change times, and
//! its rendered and highlighted Markdown, found again by what it was made from (the file's
//! text, whether it is a bundle, and how each of its links resolved). A warm build reads and
//! parses only the posts that changed, renders only the Markdown that changed, and a build
//! holds no post's HTML in memory longer than the page that shows it.
//!
//! The cache is an optimisation, never a source of truth: an entry is used only when
//! everything it was made from is unchanged, and a cache written by another version of
//! frontdesk, unreadable, truncated or filled with garbage is ignored (with one warning)
//! and written anew. Its output is byte-identical to a build without it.
//!
//! It trusts nothing it did not write ([`dir`]): the folder must hold our marker, no link
//! inside it is followed, every file carries its hash, and only files its own index lists
//! are ever removed.

pub mod dir;

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

pub use dir::CacheDir;

/// What the cache keeps of a parsed source file (a post's front matter): anything that can
/// be written as JSON and read back, and names the file it was parsed from.
pub trait Parsed: Serialize + DeserializeOwned {
    /// The source file, relative to the site folder.
    fn source(&self) -> &Path;
}

/// A parsed value kept for the next build's index, shared with the build that parsed it:
/// it is written as JSON only when the index is (holding its JSON from the start cost about
/// 500 bytes a post until the end of the build).
trait Kept: Send + Sync {
    /// The value as JSON.
    fn json(&self) -> serde_json::Result<Box<RawValue>>;
}

impl<P: Parsed + Send + Sync> Kept for P {
    fn json(&self) -> serde_json::Result<Box<RawValue>> {
        serde_json::value::to_raw_value(self)
    }
}

/// A kept value and the stamp of the file it was parsed from, as the index's front matter
/// map writes it: the same JSON a [`FrontEntry`] reads back.
struct KeptEntry {
    stamp: Stamp,
    post: Arc<dyn Kept>,
}

impl Serialize for KeptEntry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeStruct};
        let post = self.post.json().map_err(S::Error::custom)?;
        let mut st = s.serialize_struct("FrontEntry", 2)?;
        st.serialize_field("stamp", &self.stamp)?;
        st.serialize_field("post", &post)?;
        st.end()
    }
}

/// A value the cache keeps as bytes it does not read itself (a page's link record): what
/// [`Packed::pack`] wrote, [`Packed::unpack`] reads back.
pub trait Packed: Sized {
    /// The value as bytes (see [`put`] and [`Numbers`]).
    fn pack(&self) -> Vec<u8>;
    /// The value from bytes that `pack` wrote; None for any other bytes.
    fn unpack(bytes: &[u8]) -> Option<Self>;
}

/// Bumped whenever what the cache holds, or how Markdown is rendered, changes.
pub const FORMAT: u32 = 14;
/// The index file inside the cache folder.
const INDEX: &str = "markdown-index.json";
/// The folder of rendered HTML files inside the cache folder.
const HTML: &str = "markdown";

/// One post's rendered Markdown, as the index records it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Entry {
    /// Hash of the post file's text.
    pub text_hash: u64,
    /// Rendered as a bundle (relative links point at its files).
    pub bundle: bool,
    /// Every link and image destination, and what it resolved to.
    pub links: Vec<(String, Option<String>)>,
    /// The summary's HTML.
    pub summary_html: Option<String>,
    /// Words of running text.
    pub words: usize,
    /// The text has a `<!-- more -->` marker (its summary is the text before it).
    pub more: bool,
    /// Hash of the HTML file's bytes (a damaged file is not used).
    pub html_hash: u64,
    /// Where images without alt text are (line, column in the file).
    pub images_without_alt: Vec<(u32, u32)>,
    /// Characters of the first paragraph.
    pub first_paragraph_chars: usize,
    /// Every image destination, and the picture it showed (see [`crate::markdown::Recorded`]).
    pub images: Vec<(String, Option<String>)>,
    /// The local image files shown.
    pub image_files: Vec<PathBuf>,
    /// The local image files a link leads to (to their light copy).
    pub linked_files: Vec<PathBuf>,
    /// Images that could not be shown (line, column, why).
    pub image_problems: Vec<(u32, u32, String)>,
    /// Links and images left as text (line, column, what).
    pub text_links: Vec<(u32, u32, crate::markdown::TextLink)>,
}

/// What the file system says about a source file: when any of it differs, the file may
/// have changed and is read again. The change time (`ctime`) cannot be set back by a
/// program, so a file rewritten with its old size and modification time still differs.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    dev: u64,
    ino: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

/// How long a file must have been left alone before its stamp is trusted: a file changed
/// twice within the file system's clock tick would show one stamp for two texts.
const SETTLED_NANOS: i128 = 2_000_000_000;

impl Stamp {
    /// The stamp of a regular file (not followed through a link), or None.
    #[cfg(unix)]
    pub fn of(path: &Path) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let m = fs::symlink_metadata(path).ok()?;
        m.file_type().is_file().then(|| Stamp {
            len: m.len(),
            dev: m.dev(),
            ino: m.ino(),
            mtime: (m.mtime(), m.mtime_nsec()),
            ctime: (m.ctime(), m.ctime_nsec()),
        })
    }

    /// Without Unix stamps no file is taken from the cache.
    #[cfg(not(unix))]
    pub fn of(_path: &Path) -> Option<Stamp> {
        None
    }

    /// True when the file was last touched well before now: its stamp can be trusted.
    pub fn settled(&self) -> bool {
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as i128);
        self.settled_at(now)
    }

    /// True when the file was last touched well before `now` (nanoseconds since the epoch).
    fn settled_at(&self, now: i128) -> bool {
        let nanos = |(s, n): (i64, i64)| i128::from(s) * 1_000_000_000 + i128::from(n);
        nanos(self.mtime).max(nanos(self.ctime)) + SETTLED_NANOS < now
    }
}

/// A post's parsed front matter (as JSON, read only when the post is asked for) and the
/// stamp of the file it was parsed from.
#[derive(Deserialize)]
struct FrontEntry {
    stamp: Stamp,
    post: Box<RawValue>,
}

/// The index file is three lines of JSON: its [`Version`], the rendered Markdown's entries
/// and the parsed front matter; the two big lines are read and written in parallel.
type Entries = HashMap<PathBuf, Entry>;
type Fronts = HashMap<PathBuf, FrontEntry>;

/// The index's entries and front matter from its second and third lines; None if either
/// is missing or damaged.
fn read_index(entries: Option<&[u8]>, front: Option<&[u8]>) -> Option<(Entries, Fronts)> {
    let (entries, front) = rayon::join(
        || serde_json::from_slice::<Entries>(entries?).ok(),
        || serde_json::from_slice::<Fronts>(front?).ok(),
    );
    Some((entries?, front?))
}

/// Writes the index file (see [`read_index`]) to `out`: the two big lines are made in
/// parallel, then written one after the other (never copied into one buffer: at 100,000
/// posts the index is about 150 MB).
fn write_index(
    out: &mut impl Write,
    cache: &str,
    entries: &Entries,
    front: &HashMap<PathBuf, KeptEntry>,
) -> std::io::Result<()> {
    let version = serde_json::json!({
        "format": FORMAT,
        "version": env!("CARGO_PKG_VERSION"),
        "build": build_id(),
        "cache": cache,
    });
    let (entries, front) =
        rayon::join(|| serde_json::to_vec(entries), || serde_json::to_vec(front));
    // Compact JSON has no line breaks (one inside a string is written `\n`).
    serde_json::to_writer(&mut *out, &version).map_err(std::io::Error::other)?;
    for part in [entries, front] {
        out.write_all(b"\n")?;
        out.write_all(&part.map_err(std::io::Error::other)?)?;
    }
    out.write_all(b"\n")
}

/// The file of the pages' link records (each [`Packed`] by the link check).
const RECORDS: &str = "page-links.bin";
/// Its first bytes: a format mark, changed whenever the records' layout or what the link
/// check reads of a page changes (then every page is read again once).
const RECORDS_MAGIC: &[u8; 8] = b"fdlinks3";

/// The head of an index: read first, so an index of another version is named as such.
#[derive(Deserialize)]
struct Version {
    format: u32,
    version: String,
    /// The id in the marker of the cache folder it was written in.
    #[serde(default)]
    cache: String,
    /// The build of the program that wrote it ([`build_id`]).
    #[serde(default)]
    build: String,
}

/// This program's build within its version: the executable's size and modification time.
/// A program rebuilt from changed sources keeps its version number (a checkout of another
/// commit, `cargo install --git`, a developer's build) but may render pages otherwise, so
/// a cache another build wrote is not trusted: its pages were made by other code. (A copy
/// of the same program with a new time costs one cold build, never a wrong page.)
fn build_id() -> &'static str {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        let exe = std::env::current_exe().and_then(std::fs::metadata);
        let nanos = |m: &std::fs::Metadata| {
            (m.modified().ok())
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos())
        };
        match exe {
            Ok(m) => format!("{}-{}", m.len(), nanos(&m)),
            Err(_) => String::new(),
        }
    })
}

const DAMAGED: &str = "it is damaged (not a cache index this version can read)";

/// The build cache folder of the site in `site_dir` unless `--cache-dir` names another.
pub fn default_dir(site_dir: &Path) -> PathBuf {
    site_dir.join(".frontdesk").join("cache")
}

/// The cache of one build.
pub struct Cache {
    dir: CacheDir,
    /// Its folder of rendered HTML.
    html: PathBuf,
    /// The HTML files the previous index listed, and those this build wrote: the only
    /// files [`Cache::save`] may remove.
    listed: Mutex<HashSet<u64>>,
    old: Mutex<HashMap<PathBuf, Entry>>,
    new: Mutex<HashMap<PathBuf, Entry>>,
    old_front: Mutex<HashMap<PathBuf, FrontEntry>>,
    /// Stamps of the posts read by this build, kept with the parsed post by [`Cache::keep_posts`].
    stamps: Mutex<HashMap<PathBuf, Stamp>>,
    new_front: Mutex<HashMap<PathBuf, KeptEntry>>,
    /// When the cache was opened (nanoseconds since the epoch).
    opened: i128,
    /// Posts whose parsed front matter came from the cache.
    reused: std::sync::atomic::AtomicUsize,
    /// Link records of the pages of the previous build, by page path and input hash.
    old_records: Mutex<Records>,
    new_records: Mutex<Records>,
    /// Why the previous cache was not used, for one warning line.
    pub ignored: Option<String>,
    /// Rendered Markdown files found damaged (and rendered again).
    damaged: std::sync::atomic::AtomicUsize,
}

impl Cache {
    /// Opens the cache in `dir`. A missing cache is simply empty; one of another version
    /// or unreadable is ignored, and `ignored` says why.
    pub fn open(dir: &CacheDir) -> std::io::Result<Cache> {
        let html = dir.sub(HTML)?;
        let empty = || (HashMap::new(), HashMap::new());
        // The index and the link records are read at once (two cores, two files).
        let (index, records) = rayon::join(
            || dir::read(&dir.path().join(INDEX)),
            || read_records(&dir.path().join(RECORDS)).unwrap_or_default(),
        );
        let ((old, old_front), ignored) = match index {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (empty(), None),
            Err(e) => (empty(), Some(format!("cannot read it ({e})"))),
            Ok(bytes) => {
                let mut lines = bytes.split(|&b| b == b'\n');
                match serde_json::from_slice::<Version>(lines.next().unwrap_or_default()) {
                    Ok(v)
                        if v.format == FORMAT
                            && v.version == env!("CARGO_PKG_VERSION")
                            && v.cache != dir.id() =>
                    {
                        (
                            empty(),
                            Some("its index was written in another cache folder".into()),
                        )
                    }
                    Ok(v)
                        if v.format == FORMAT
                            && v.version == env!("CARGO_PKG_VERSION")
                            && v.build != build_id() =>
                    {
                        (
                            empty(),
                            Some(format!(
                                "it was written by another build of frontdesk {} (this program was built again since)",
                                v.version
                            )),
                        )
                    }
                    Ok(v) if v.format == FORMAT && v.version == env!("CARGO_PKG_VERSION") => {
                        match read_index(lines.next(), lines.next()) {
                            Some(parts) => (parts, None),
                            None => (empty(), Some(DAMAGED.into())),
                        }
                    }
                    Ok(v) if v.version != env!("CARGO_PKG_VERSION") => (
                        empty(),
                        Some(format!(
                            "it was written by frontdesk {} (this is {})",
                            v.version,
                            env!("CARGO_PKG_VERSION")
                        )),
                    ),
                    Ok(_) => (
                        empty(),
                        Some(
                            "it was written by another build of frontdesk, in another format"
                                .into(),
                        ),
                    ),
                    Err(_) => (empty(), Some(DAMAGED.into())),
                }
            }
        };
        let opened = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as i128);
        let listed = old.values().map(|e| e.html_hash).collect();
        Ok(Cache {
            dir: dir.clone(),
            html,
            listed: Mutex::new(listed),
            old: Mutex::new(old),
            new: Mutex::new(HashMap::new()),
            old_front: Mutex::new(old_front),
            stamps: Mutex::new(HashMap::new()),
            new_front: Mutex::new(HashMap::new()),
            opened,
            reused: Default::default(),
            old_records: Mutex::new(records),
            new_records: Mutex::default(),
            ignored,
            damaged: Default::default(),
        })
    }

    /// The parsed front matter of `source` (its Markdown left out) if the file's `stamp`
    /// is the one it was parsed at. Records the stamp either way, for [`Cache::keep_posts`].
    pub fn post<P: Parsed>(&self, source: &Path, stamp: Option<Stamp>) -> Option<P> {
        let stamp = stamp.filter(|s| s.settled_at(self.opened))?;
        self.stamps
            .lock()
            .expect("cache lock")
            .insert(source.to_path_buf(), stamp);
        let found = self.old_front.lock().expect("cache lock").remove(source)?;
        if found.stamp != stamp {
            return None;
        }
        let post = serde_json::from_str(found.post.get()).ok()?;
        self.reused
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Some(post)
    }

    /// The link record of the page at `path` rendered from inputs `key`, taken out of the
    /// previous build's (each is asked for once; keep it again with [`Cache::keep_record`]).
    pub fn take_record<R: Packed>(&self, path: &str, key: u64) -> Option<R> {
        let bytes = self
            .old_records
            .lock()
            .expect("cache lock")
            .remove(&crate::hash::of(&(path, key)))?;
        R::unpack(&bytes)
    }

    /// Keeps the link record of the page at `path` rendered from inputs `key`.
    pub fn keep_record<R: Packed>(&self, path: &str, key: u64, record: R) {
        let bytes = record.pack();
        self.new_records
            .lock()
            .expect("cache lock")
            .insert(crate::hash::of(&(path, key)), bytes);
    }

    /// How many posts' front matter this build took from the cache.
    pub fn posts_reused(&self) -> usize {
        self.reused.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Keeps the parsed posts whose stamps were recorded, for the next build.
    pub fn keep_posts<P: Parsed + Send + Sync + 'static>(&self, posts: &[Arc<P>]) {
        let mut stamps = self.stamps.lock().expect("cache lock");
        let mut front = self.new_front.lock().expect("cache lock");
        for p in posts {
            if let Some(stamp) = stamps.remove(p.source()) {
                let post: Arc<dyn Kept> = p.clone();
                front.insert(p.source().to_path_buf(), KeptEntry { stamp, post });
            }
        }
    }

    /// The entry for `source` if it was made from exactly these inputs: the same text,
    /// bundle or not, and every link resolving as it did (`resolve` answers for now).
    pub fn lookup(
        &self,
        source: &Path,
        text_hash: u64,
        bundle: bool,
        resolve: impl Fn(&str) -> Option<String>,
        image: impl Fn(&str) -> Option<String>,
    ) -> Option<(Entry, PathBuf)> {
        // Each post is looked up once a build: the entry is taken out, not copied.
        let e = self.old.lock().expect("cache lock").remove(source)?;
        let same = e.text_hash == text_hash
            && e.bundle == bundle
            && e.links.iter().all(|(dest, was)| resolve(dest) == *was)
            && e.images.iter().all(|(dest, was)| image(dest) == *was);
        if !same {
            return None;
        }
        let file = self.html_file(&e);
        // The file must be there, ours and whole; else the post is rendered again.
        let bytes = dir::read(&file).ok()?;
        if crate::hash::bytes(&bytes) != e.html_hash {
            self.damaged
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return None;
        }
        self.keep(source, e.clone());
        Some((e, file))
    }

    /// How many of the cache's files this build found damaged and made again.
    pub fn damaged(&self) -> usize {
        self.damaged.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The cache folder.
    pub fn dir(&self) -> &CacheDir {
        &self.dir
    }

    /// Stores a post's rendered HTML; returns the file that holds it.
    pub fn store(&self, source: &Path, entry: Entry, html: &str) -> std::io::Result<PathBuf> {
        let file = self.html_file(&entry);
        let whole = dir::read(&file).is_ok_and(|b| crate::hash::bytes(&b) == entry.html_hash);
        self.listed
            .lock()
            .expect("cache lock")
            .insert(entry.html_hash);
        if !whole {
            dir::write_whole(&file, html.as_bytes())?;
        }
        self.keep(source, entry);
        Ok(file)
    }

    fn keep(&self, source: &Path, entry: Entry) {
        self.new
            .lock()
            .expect("cache lock")
            .insert(source.to_path_buf(), entry);
    }

    /// The HTML file of an entry: named by what it holds.
    fn html_file(&self, e: &Entry) -> PathBuf {
        self.html.join(format!("{:016x}.html", e.html_hash))
    }

    /// Writes the index of this build's entries and removes the HTML files that the
    /// previous index listed or this build wrote, and no entry uses now. Nothing else in
    /// the folder is removed but leftovers of killed builds.
    pub fn save(self) -> std::io::Result<()> {
        let entries = self.new.into_inner().expect("cache lock");
        let front = self.new_front.into_inner().expect("cache lock");
        let path = self.dir.path();
        dir::write_whole_with(&path.join(INDEX), |out| {
            write_index(out, self.dir.id(), &entries, &front)
        })?;
        let records = self.new_records.into_inner().expect("cache lock");
        dir::write_whole(&path.join(RECORDS), &write_records(&records))?;
        let used: HashSet<u64> = entries.values().map(|e| e.html_hash).collect();
        let listed = self.listed.into_inner().expect("cache lock");
        for gone in listed.difference(&used) {
            let file = self.html.join(format!("{gone:016x}.html"));
            if fs::symlink_metadata(&file).is_ok_and(|m| m.is_file()) {
                fs::remove_file(file).ok();
            }
        }
        self.dir.remove_leftovers(&self.html);
        Ok(())
    }
}

/// The pages' link records, each as the bytes its [`Packed`] wrote, by page path and key.
type Records = crate::hash::FastMap<u64, Vec<u8>>;

/// The records as bytes: the mark, then the count, then per record its key, its length
/// and its bytes (numbers little-endian).
fn write_records(records: &Records) -> Vec<u8> {
    let mut out = RECORDS_MAGIC.to_vec();
    put(&mut out, records.len() as u64);
    for (key, r) in records {
        put(&mut out, *key);
        put(&mut out, r.len() as u64);
        out.extend_from_slice(r);
    }
    out
}

/// Reads what [`write_records`] wrote; None for a missing, damaged or foreign file.
fn read_records(file: &Path) -> Option<Records> {
    let bytes = dir::read(file).ok()?;
    let mut r = Numbers(bytes.strip_prefix(RECORDS_MAGIC.as_slice())?);
    let count = r.count()?;
    let mut out = crate::hash::FastMap::default();
    for _ in 0..count {
        let key = r.num()?;
        let len = usize::try_from(r.num()?).ok()?;
        let record = r.0.get(..len)?.to_vec();
        r.0 = &r.0[len..];
        out.insert(key, record);
    }
    r.0.is_empty().then_some(out)
}

/// Appends a number to bytes a [`Packed`] value is written as: eight bytes, little-endian.
pub fn put(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(&n.to_le_bytes());
}

/// Numbers from bytes written with [`put`]: each read takes its bytes off the front.
pub struct Numbers<'a>(pub &'a [u8]);

impl Numbers<'_> {
    /// The next number.
    pub fn num(&mut self) -> Option<u64> {
        let (head, tail) = self.0.split_first_chunk::<8>()?;
        self.0 = tail;
        Some(u64::from_le_bytes(*head))
    }

    /// A count, no larger than the numbers left could hold (nothing is allocated for a
    /// damaged count).
    pub fn count(&mut self) -> Option<u64> {
        let n = self.num()?;
        (n <= (self.0.len() / 8) as u64).then_some(n)
    }

    /// A count, then that many pairs.
    pub fn pairs(&mut self) -> Option<Vec<(u64, u64)>> {
        let n = self.count()?;
        (0..n).map(|_| Some((self.num()?, self.num()?))).collect()
    }

    /// One byte.
    pub fn byte(&mut self) -> Option<u8> {
        let (b, tail) = self.0.split_first()?;
        self.0 = tail;
        Some(*b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(dir: &Path) -> Cache {
        Cache::open(&CacheDir::claim(dir).unwrap()).unwrap()
    }

    fn entry(text_hash: u64, html: &str) -> Entry {
        Entry {
            text_hash,
            bundle: false,
            links: vec![("a.md".into(), Some("/blog/a/".into()))],
            summary_html: Some("<p>s</p>".into()),
            words: 3,
            more: false,
            html_hash: crate::hash::bytes(html.as_bytes()),
            images_without_alt: Vec::new(),
            first_paragraph_chars: 0,
            images: vec![(
                "p.jpg".into(),
                Some("posts/x/p.jpg|800x600|[480, 800]".into()),
            )],
            image_files: vec!["posts/x/p.jpg".into()],
            linked_files: Vec::new(),
            image_problems: Vec::new(),
            text_links: Vec::new(),
        }
    }

    #[test]
    fn an_entry_is_found_only_with_the_same_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let c = open(dir.path());
        c.store(Path::new("posts/x.md"), entry(1, "<p>x</p>"), "<p>x</p>")
            .unwrap();
        c.save().unwrap();
        let c = open(dir.path());
        assert!(c.ignored.is_none());
        let same = |d: &str| (d == "a.md").then(|| "/blog/a/".to_string());
        let moved = |d: &str| (d == "a.md").then(|| "/blog/b/".to_string());
        let pic = |d: &str| (d == "p.jpg").then(|| "posts/x/p.jpg|800x600|[480, 800]".to_string());
        let resized = |d: &str| (d == "p.jpg").then(|| "posts/x/p.jpg|400x300|[400]".to_string());
        let p = Path::new("posts/x.md");
        // A lookup takes the entry out: each question is asked of the cache as saved.
        let fresh = || open(dir.path());
        assert!(c.lookup(p, 1, false, same, pic).is_some());
        assert!(fresh().lookup(p, 1, false, same, pic).is_some());
        assert!(
            fresh().lookup(p, 2, false, same, pic).is_none(),
            "other text"
        );
        assert!(
            fresh().lookup(p, 1, true, same, pic).is_none(),
            "now a bundle"
        );
        assert!(
            fresh().lookup(p, 1, false, moved, pic).is_none(),
            "a link moved"
        );
        assert!(
            fresh().lookup(p, 1, false, same, resized).is_none(),
            "an image changed"
        );
    }

    #[cfg(unix)]
    #[test]
    fn front_matter_is_reused_only_for_a_settled_file_with_the_same_stamp() {
        let site = tempfile::tempdir().unwrap();
        let file = site.path().join("x.md");
        fs::write(&file, "---\ntitle: X\ndate: 2024-01-01\n---\nBody").unwrap();
        let post = crate::content::post::parse(
            Path::new("posts/x.md"),
            &fs::read_to_string(&file).unwrap(),
        )
        .unwrap();
        let stamp = Stamp::of(&file).unwrap();
        let rel = Path::new("posts/x.md");
        let dir = tempfile::tempdir().unwrap();
        let mut c = open(dir.path());
        // Just written: not trusted, so not kept.
        assert!(
            c.post::<crate::content::PostSource>(rel, Some(stamp))
                .is_none()
        );
        c.keep_posts(&[Arc::new(post.clone())]);
        assert!(c.new_front.lock().unwrap().is_empty());
        // Pretend the cache was opened a minute later.
        c.opened += 60_000_000_000;
        assert!(
            c.post::<crate::content::PostSource>(rel, Some(stamp))
                .is_none(),
            "nothing cached yet"
        );
        c.keep_posts(&[Arc::new(post)]);
        c.save().unwrap();
        let mut c = open(dir.path());
        c.opened += 60_000_000_000;
        let mut other = stamp;
        other.ctime.1 += 1;
        assert!(
            c.post::<crate::content::PostSource>(rel, Some(other))
                .is_none(),
            "another change time"
        );
        let mut c = open(dir.path());
        c.opened += 60_000_000_000;
        let found = c
            .post::<crate::content::PostSource>(rel, Some(stamp))
            .expect("same stamp");
        assert_eq!(found.title, "X");
        assert_eq!(found.body, "", "the Markdown is not kept");
        assert_eq!(c.posts_reused(), 1);
    }

    #[test]
    fn link_records_read_back_and_damage_is_ignored() {
        let mut m = crate::hash::FastMap::default();
        m.insert(7, vec![1, 2, 3, 0, 4, 5, 6, 8, 1]);
        m.insert(9, Vec::new());
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("r.bin");
        let bytes = write_records(&m);
        fs::write(&f, &bytes).unwrap();
        assert_eq!(read_records(&f).unwrap(), m);
        for cut in [0, 8, 20, bytes.len() - 1] {
            fs::write(&f, &bytes[..cut]).unwrap();
            assert!(read_records(&f).is_none(), "cut at {cut}");
        }
        let mut huge = bytes.clone();
        huge[8..16].copy_from_slice(&u64::MAX.to_le_bytes());
        fs::write(&f, &huge).unwrap();
        assert!(read_records(&f).is_none());
    }

    /// A program built again from changed sources keeps its version: what it renders may
    /// differ (a heading's link, a price's format), so the pages another build cached are
    /// not used.
    #[test]
    fn a_cache_written_by_another_build_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let c = open(dir.path());
        c.store(Path::new("posts/x.md"), entry(1, "<p>x</p>"), "<p>x</p>")
            .unwrap();
        c.save().unwrap();
        let same = |d: &str| (d == "a.md").then(|| "/blog/a/".to_string());
        let pic = |d: &str| (d == "p.jpg").then(|| "posts/x/p.jpg|800x600|[480, 800]".to_string());
        let p = Path::new("posts/x.md");
        // This build finds what it cached.
        assert!(open(dir.path()).lookup(p, 1, false, same, pic).is_some());
        let index = dir.path().join(INDEX);
        let text = fs::read_to_string(&index).unwrap();
        let ours = format!("\"build\":\"{}\"", build_id());
        assert!(text.contains(&ours), "{text}");
        fs::write(&index, text.replacen(&ours, "\"build\":\"1-2\"", 1)).unwrap();
        let c = open(dir.path());
        let why = c.ignored.clone().unwrap_or_default();
        assert!(why.contains("another build"), "{why}");
        assert!(c.lookup(p, 1, false, same, pic).is_none());
    }

    #[test]
    fn garbage_and_damage_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        CacheDir::claim(dir.path()).unwrap();
        fs::write(dir.path().join(INDEX), b"\x00\xffnot json").unwrap();
        let c = open(dir.path());
        assert!(c.ignored.is_some());
        // A damaged HTML file is not used.
        let dir2 = tempfile::tempdir().unwrap();
        let c2 = open(dir2.path());
        let file = c2
            .store(Path::new("p.md"), entry(1, "<p>x</p>"), "<p>x</p>")
            .unwrap();
        c2.save().unwrap();
        fs::write(&file, "<p>tampered</p>").unwrap();
        let c2 = open(dir2.path());
        let same = |d: &str| (d == "a.md").then(|| "/blog/a/".to_string());
        assert!(c2.lookup(Path::new("p.md"), 1, false, same, same).is_none());
    }
}
