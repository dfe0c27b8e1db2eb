//! Write stage: outputs go to disk atomically, and frontdesk never deletes what it did not write.
//!
//! A [`Writer`] writes each file as soon as it is rendered (nothing holds the whole site)
//! into a fresh staging folder beside the target, and [`Writer::commit`] swaps it in only
//! when everything succeeded. A manifest lists what frontdesk wrote, with the hash of each
//! file's inputs; an output folder holding anything else is refused, before the build and
//! again at the swap.

mod manifest;
mod swap;
mod tree;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result, bail};

pub use manifest::{MANIFEST, Sources};
use manifest::{Manifest, Stamp};
pub use tree::Tree;

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

/// Refuses output folders that would put the user's files at risk: the site folder, a
/// folder holding it or inside its sources. Returns the output folder's absolute path.
fn check_target(site_dir: &Path, out_dir: &Path) -> Result<PathBuf> {
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
    for keep in crate::layout::SOURCE_DIRS {
        if out.starts_with(site.join(keep)) {
            bail!(
                "{}: the output folder cannot lie inside the site's {keep}/ folder",
                out_dir.display()
            );
        }
    }
    Ok(out)
}

/// Refuses an existing output folder holding anything frontdesk did not write; returns its
/// manifest (None: there is no output folder yet). Checked under the build lock, so the
/// manifest is the one the swap replaces.
fn check_existing(out: &Path, out_dir: &Path) -> Result<Option<(Manifest, Sources)>> {
    if !out.exists() {
        return Ok(None);
    }
    if !out.is_dir() {
        bail!("{}: exists and is not a folder", out_dir.display());
    }
    let (listed, sources) = manifest::read_all(out);
    let tree = Tree::walk(out).with_context(|| format!("{}: cannot read", out_dir.display()))?;
    if let Some(first) = manifest::foreign_in(&listed, &tree).first() {
        bail!(
            "{}: refusing to replace this folder: it holds files frontdesk did not write (e.g. {}); move them or choose another --out",
            out_dir.display(),
            first.display()
        );
    }
    Ok(Some((listed, sources)))
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

/// Writes one build's files into a staging folder beside the output and puts it in place.
pub struct Writer {
    out: PathBuf,
    staging: PathBuf,
    previous: Option<Manifest>,
    /// The pages of the previous build and their source files.
    previous_sources: Sources,
    written: Mutex<Vec<(String, Stamp, u64)>>,
    /// This build's pages and their source files.
    sources: Mutex<Sources>,
    /// Folders already made in the staging folder (one `mkdir` each, not one per file).
    made: Mutex<std::collections::HashSet<PathBuf>>,
    _lock: swap::Lock,
}

impl Writer {
    /// Checks `out_dir` (see [`check_target`]), takes its lock (waiting for another build
    /// of it), checks what it holds ([`check_existing`]), removes what killed builds left
    /// beside it, and opens a staging folder.
    pub fn open(site_dir: &Path, out_dir: &Path) -> Result<Writer> {
        let out = check_target(site_dir, out_dir)?;
        let beside = swap::Beside::new(&out)?;
        let lock = swap::lock(&beside)?;
        let (previous, previous_sources) = match check_existing(&out, out_dir)? {
            Some((files, sources)) => (Some(files), sources),
            None => (None, Sources::new()),
        };
        // Under the lock: no other build is using these.
        beside.remove_leftovers();
        let staging = beside.staging();
        swap::make_staging(&staging)?;
        Ok(Writer {
            out,
            staging,
            previous,
            previous_sources,
            written: Mutex::new(Vec::new()),
            sources: Mutex::default(),
            made: Mutex::default(),
            _lock: lock,
        })
    }

    /// The hash of the inputs the previous build rendered `path` from, if it recorded one
    /// and the file is still as it wrote it.
    pub fn previous_key(&self, path: &str) -> Option<u64> {
        let entry = self.previous.as_ref()?.get(path)?;
        let stamp = entry.stamp?;
        let now = manifest::stamp_of(&self.out.join(path), stamp.hash).ok()?;
        (now == stamp).then_some(entry.key?)
    }

    /// Takes `path` over from the previous output unchanged (a hard link) when it was
    /// rendered from the same inputs (`key`) and nobody touched it since. Returns whether
    /// it did; if not, the caller renders and [`write`](Writer::write)s it.
    pub fn reuse(&self, path: &str, key: u64) -> bool {
        if self.previous_key(path) != Some(key) {
            return false;
        }
        let stamp = self.previous.as_ref().and_then(|m| m.get(path)?.stamp);
        let (Some(stamp), Ok(dest)) = (stamp, self.dest(path)) else {
            return false;
        };
        if fs::hard_link(self.out.join(path), &dest).is_err() {
            return false;
        }
        self.record(path, stamp, key);
        true
    }

    /// The pages the previous build wrote and their source files (site path, source).
    pub fn previous_sources(&self) -> &Sources {
        &self.previous_sources
    }

    /// Records which source file each page was made from (site path, source), for the
    /// next build to see which pages moved.
    pub fn set_sources(&self, sources: Sources) {
        *self.sources.lock().expect("sources lock") = sources;
    }

    /// Where `path` is being written (in the staging folder).
    pub fn staged(&self, path: &str) -> PathBuf {
        self.staging.join(path)
    }

    /// Writes one file. A file whose bytes equal the previous build's (and which nobody
    /// touched since) is hard-linked from it instead: rebuilds keep old modification times.
    pub fn write(&self, output: &Output, key: u64) -> Result<()> {
        let dest = self.dest(&output.path)?;
        let bytes = output.body.read().with_context(|| match &output.body {
            Body::File(src) => format!("{}: cannot read", src.display()),
            _ => format!("{}: cannot read", output.path),
        })?;
        let hash = crate::hash::bytes(&bytes);
        if let Some(old) = self
            .previous
            .as_ref()
            .and_then(|m| m.get(&output.path)?.stamp)
            .filter(|old| old.hash == hash && old.len == bytes.len() as u64)
        {
            let old_path = self.out.join(&output.path);
            if manifest::stamp_of(&old_path, hash).is_ok_and(|now| now == old)
                && fs::hard_link(&old_path, &dest).is_ok()
            {
                self.record(&output.path, old, key);
                return Ok(());
            }
        }
        let stamp = fs::write(&dest, &bytes)
            .and_then(|()| manifest::stamp_of(&dest, hash))
            .with_context(|| format!("{}: cannot write", dest.display()))?;
        self.record(&output.path, stamp, key);
        Ok(())
    }

    fn record(&self, path: &str, stamp: Stamp, key: u64) {
        self.written
            .lock()
            .expect("written lock")
            .push((path.to_string(), stamp, key));
    }

    /// The staging path of `path`, with its folders made.
    fn dest(&self, path: &str) -> Result<PathBuf> {
        let dest = self.staging.join(path);
        if let Some(dir) = dest.parent()
            && !self.made.lock().expect("made lock").contains(dir)
        {
            fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
            self.made
                .lock()
                .expect("made lock")
                .insert(dir.to_path_buf());
        }
        Ok(dest)
    }

    /// A folder for the build's scratch files, inside the staging folder (so it goes with it
    /// on failure); remove it with [`Writer::remove_scratch`] before committing.
    pub fn scratch_dir(&self) -> PathBuf {
        self.staging.join(".frontdesk-scratch")
    }

    /// Removes the scratch folder.
    pub fn remove_scratch(&self) {
        fs::remove_dir_all(self.scratch_dir()).ok();
    }

    /// Gives up: removes the staging folder; the previous output stays as it was.
    pub fn abort(self) {
        swap::remove_tree(&self.staging);
    }

    /// Writes the manifest and puts the new folder in place of the old one, atomically
    /// where the system can. If anything the manifest does not list appeared in the old
    /// output during the build, nothing is replaced and the build fails, naming it.
    /// Returns the old output, moved aside and marked: remove it with [`Old::remove`]
    /// (left behind, the next build removes it).
    pub fn commit(self) -> Result<Old> {
        let written = std::mem::take(&mut *self.written.lock().expect("written lock"));
        let sources = std::mem::take(&mut *self.sources.lock().expect("sources lock"));
        if let Err(e) = manifest::write(&self.staging, written, &sources) {
            self.abort();
            return Err(e);
        }
        // The marker stays until the folder is in place: until then it is a leftover.
        if !self.out.exists() {
            fs::rename(&self.staging, &self.out).with_context(|| {
                format!("{}: cannot put the new output in place", self.out.display())
            })?;
            fs::remove_file(self.out.join(swap::MARKER)).ok();
            return Ok(Old(None));
        }
        // Both folders carry the marker across the exchange: whichever ends beside the
        // output is recognised as ours if this process dies before removing it.
        swap::make_marker(&self.out).ok();
        match swap::exchange(&self.staging, &self.out) {
            Ok(()) => {
                // The old output is now at the staging path, the new one in place.
                fs::remove_file(self.out.join(swap::MARKER)).ok();
                // Checked against the manifest read before the build, not the one in the
                // folder now: a line added to it during the build does not make a file ours.
                let old = Tree::walk(&self.staging);
                let foreign = match &old {
                    Ok(tree) => manifest::foreign_in(self.listed(), tree),
                    Err(_) => Vec::new(),
                };
                if !foreign.is_empty() {
                    // Put the old output back as it was; drop the new one.
                    swap::exchange(&self.staging, &self.out).ok();
                    fs::remove_file(self.out.join(swap::MARKER)).ok();
                    swap::make_marker(&self.staging).ok();
                    swap::remove_tree(&self.staging);
                    bail!(
                        "{}: files appeared in the output folder during the build (e.g. {}); nothing was replaced: move them and build again",
                        self.out.display(),
                        foreign[0].display()
                    );
                }
                Ok(Old(Some(
                    old.unwrap_or_else(|_| Tree::lossy(&self.staging)),
                )))
            }
            Err(e) if e.kind() == io::ErrorKind::Unsupported => {
                fs::remove_file(self.out.join(swap::MARKER)).ok();
                self.commit_by_renames()
            }
            Err(e) => {
                fs::remove_file(self.out.join(swap::MARKER)).ok();
                swap::remove_tree(&self.staging);
                Err(e).with_context(|| {
                    format!("{}: cannot put the new output in place", self.out.display())
                })
            }
        }
    }

    /// Where there is no atomic exchange: move the old folder aside, the new one in, and
    /// remove the old one (a kill between the two renames leaves the old folder, marked,
    /// beside the output; the next build puts nothing at risk and removes it).
    fn commit_by_renames(self) -> Result<Old> {
        let old = self.staging.with_file_name(
            self.staging
                .file_name()
                .map(|n| n.to_string_lossy().replace("-new-", "-old-"))
                .unwrap_or_default(),
        );
        let tree = Tree::walk(&self.out)
            .with_context(|| format!("{}: cannot read", self.out.display()))?;
        let foreign = manifest::foreign_in(self.listed(), &tree);
        if let Some(first) = foreign.first() {
            swap::remove_tree(&self.staging);
            bail!(
                "{}: files appeared in the output folder during the build (e.g. {}); nothing was replaced: move them and build again",
                self.out.display(),
                first.display()
            );
        }
        fs::rename(&self.out, &old).with_context(|| {
            format!(
                "{}: cannot move the previous output aside",
                self.out.display()
            )
        })?;
        swap::make_marker(&old).ok();
        fs::remove_file(self.staging.join(swap::MARKER)).ok();
        if let Err(e) = fs::rename(&self.staging, &self.out) {
            fs::rename(&old, &self.out).ok();
            fs::remove_file(self.out.join(swap::MARKER)).ok();
            return Err(e).with_context(|| {
                format!("{}: cannot put the new output in place", self.out.display())
            });
        }
        Ok(Old(Some(Tree::lossy(&old))))
    }

    /// The manifest of the output folder as the build found it (empty if there was none).
    fn listed(&self) -> &Manifest {
        static NONE: std::sync::LazyLock<Manifest> = std::sync::LazyLock::new(Manifest::new);
        self.previous.as_ref().unwrap_or(&NONE)
    }
}

/// The previous output after [`Writer::commit`]: moved aside, marked as ours, to remove.
#[must_use = "the old output stays beside the new one until removed"]
pub struct Old(Option<Tree>);

impl Old {
    /// Removes the old output (on every core).
    pub fn remove(self) {
        if let Some(tree) = self.0 {
            tree.remove();
        }
    }
}
