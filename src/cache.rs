//! The build cache (`SITE/.frontdesk/cache/` unless `--cache-dir` or `--no-cache`): each
//! post's rendered and highlighted Markdown, kept on disk between builds and found again
//! by what it was made from (the file's text, whether it is a bundle, and how each of its
//! links resolved). A warm build renders only the Markdown that changed, and a build holds
//! no post's HTML in memory longer than the page that shows it.
//!
//! The cache is an optimisation, never a source of truth: an entry is used only when
//! everything it was made from is unchanged, and a cache written by another version of
//! frontdesk, unreadable, truncated or filled with garbage is ignored (with one warning)
//! and written anew. Its output is byte-identical to a build without it.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

/// Bumped whenever what the cache holds, or how Markdown is rendered, changes.
const FORMAT: u32 = 2;
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
}

#[derive(Serialize, Deserialize)]
struct Index {
    format: u32,
    version: String,
    entries: HashMap<PathBuf, Entry>,
}

/// The cache of one build.
pub struct Cache {
    dir: PathBuf,
    old: HashMap<PathBuf, Entry>,
    new: Mutex<HashMap<PathBuf, Entry>>,
    /// Why the previous cache was not used, for one warning line.
    pub ignored: Option<String>,
}

impl Cache {
    /// Opens the cache in `dir` (made if missing). A missing cache is simply empty; one
    /// of another version or unreadable is ignored, and `ignored` says why.
    pub fn open(dir: &Path) -> std::io::Result<Cache> {
        fs::create_dir_all(dir.join(HTML))?;
        let (old, ignored) = match fs::read(dir.join(INDEX)) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (HashMap::new(), None),
            Err(e) => (HashMap::new(), Some(format!("cannot read it ({e})"))),
            Ok(bytes) => match serde_json::from_slice::<Index>(&bytes) {
                Ok(i) if i.format == FORMAT && i.version == env!("CARGO_PKG_VERSION") => {
                    (i.entries, None)
                }
                Ok(i) => (
                    HashMap::new(),
                    Some(format!(
                        "it was written by frontdesk {} (this is {})",
                        i.version,
                        env!("CARGO_PKG_VERSION")
                    )),
                ),
                Err(_) => (
                    HashMap::new(),
                    Some("it is damaged (not a cache index this version can read)".into()),
                ),
            },
        };
        Ok(Cache {
            dir: dir.to_path_buf(),
            old,
            new: Mutex::new(HashMap::new()),
            ignored,
        })
    }

    /// The entry for `source` if it was made from exactly these inputs: the same text,
    /// bundle or not, and every link resolving as it did (`resolve` answers for now).
    pub fn lookup(
        &self,
        source: &Path,
        text_hash: u64,
        bundle: bool,
        resolve: impl Fn(&str) -> Option<String>,
    ) -> Option<(Entry, PathBuf)> {
        let e = self.old.get(source)?;
        let same = e.text_hash == text_hash
            && e.bundle == bundle
            && e.links.iter().all(|(dest, was)| resolve(dest) == *was);
        if !same {
            return None;
        }
        let file = self.html_file(e);
        // The file must be there and whole; else the post is rendered again.
        let bytes = fs::read(&file).ok()?;
        (crate::hash::bytes(&bytes) == e.html_hash).then(|| {
            self.keep(source, e.clone());
            (e.clone(), file)
        })
    }

    /// Stores a post's rendered HTML; returns the file that holds it.
    pub fn store(&self, source: &Path, entry: Entry, html: &str) -> std::io::Result<PathBuf> {
        let file = self.html_file(&entry);
        let whole = fs::read(&file).is_ok_and(|b| crate::hash::bytes(&b) == entry.html_hash);
        if !whole {
            // Written whole under a temporary name, then renamed: never half a file.
            let tmp = file.with_extension(format!("tmp{}", std::process::id()));
            fs::write(&tmp, html)?;
            fs::rename(&tmp, &file)?;
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
        self.dir
            .join(HTML)
            .join(format!("{:016x}.html", e.html_hash))
    }

    /// Writes the index of this build's entries and removes HTML files no entry uses.
    pub fn save(self) -> std::io::Result<()> {
        let entries = self.new.into_inner().expect("cache lock");
        let used: std::collections::HashSet<String> = entries
            .values()
            .map(|e| format!("{:016x}.html", e.html_hash))
            .collect();
        let index = Index {
            format: FORMAT,
            version: env!("CARGO_PKG_VERSION").into(),
            entries,
        };
        let tmp = self.dir.join(format!("{INDEX}.tmp{}", std::process::id()));
        fs::write(
            &tmp,
            serde_json::to_vec(&index).map_err(std::io::Error::other)?,
        )?;
        fs::rename(&tmp, self.dir.join(INDEX))?;
        for e in fs::read_dir(self.dir.join(HTML))?.filter_map(Result::ok) {
            let name = e.file_name().to_string_lossy().into_owned();
            if !used.contains(&name) {
                fs::remove_file(e.path()).ok();
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(text_hash: u64, html: &str) -> Entry {
        Entry {
            text_hash,
            bundle: false,
            links: vec![("a.md".into(), Some("/blog/a/".into()))],
            summary_html: Some("<p>s</p>".into()),
            words: 3,
            more: false,
            html_hash: crate::hash::bytes(html.as_bytes()),
        }
    }

    #[test]
    fn an_entry_is_found_only_with_the_same_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open(dir.path()).unwrap();
        c.store(Path::new("posts/x.md"), entry(1, "<p>x</p>"), "<p>x</p>")
            .unwrap();
        c.save().unwrap();
        let c = Cache::open(dir.path()).unwrap();
        assert!(c.ignored.is_none());
        let same = |d: &str| (d == "a.md").then(|| "/blog/a/".to_string());
        let moved = |d: &str| (d == "a.md").then(|| "/blog/b/".to_string());
        let p = Path::new("posts/x.md");
        assert!(c.lookup(p, 1, false, same).is_some());
        assert!(c.lookup(p, 2, false, same).is_none(), "other text");
        assert!(c.lookup(p, 1, true, same).is_none(), "now a bundle");
        assert!(c.lookup(p, 1, false, moved).is_none(), "a link moved");
    }

    #[test]
    fn garbage_and_damage_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join(HTML)).unwrap();
        fs::write(dir.path().join(INDEX), b"\x00\xffnot json").unwrap();
        let c = Cache::open(dir.path()).unwrap();
        assert!(c.ignored.is_some());
        // A damaged HTML file is not used.
        let dir2 = tempfile::tempdir().unwrap();
        let c2 = Cache::open(dir2.path()).unwrap();
        let file = c2
            .store(Path::new("p.md"), entry(1, "<p>x</p>"), "<p>x</p>")
            .unwrap();
        c2.save().unwrap();
        fs::write(&file, "<p>tampered</p>").unwrap();
        let c2 = Cache::open(dir2.path()).unwrap();
        let same = |d: &str| (d == "a.md").then(|| "/blog/a/".to_string());
        assert!(c2.lookup(Path::new("p.md"), 1, false, same).is_none());
    }
}
