//! File-system watching with a short debounce: a burst of events (an editor's atomic
//! save, a `git checkout`) becomes one batch of changed paths. The site folder itself is
//! followed too: renamed away or deleted and made again, the new folder is watched and
//! everything in it counts as changed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow};
use notify::{Event, EventKind, RecursiveMode, Watcher};

/// Quiet time that ends a batch.
pub const QUIET: Duration = Duration::from_millis(12);
/// A batch never waits longer than this for quiet.
pub const MAX_WAIT: Duration = Duration::from_millis(120);

/// The site's folders that hold sources. Only these (and the files at the top of the site)
/// are watched: never the output folder, which may hold thousands of folders.
pub use crate::layout::SOURCE_DIRS;

/// How often `--poll` looks at the files.
pub const POLL_INTERVAL: Duration = Duration::from_millis(150);

/// A running watcher; dropping it stops watching.
pub struct Watch {
    /// notify's watcher; None when polling.
    watcher: Option<Box<dyn Watcher + Send>>,
    rx: Receiver<notify::Result<Event>>,
    tx: Sender<notify::Result<Event>>,
    root: PathBuf,
    /// The site folder being watched, to tell a new folder at the same path from it.
    root_id: Option<FolderId>,
    /// The watched site folder was renamed or deleted: a folder at its path is a new one.
    root_lost: bool,
    /// Said once, at the next batch.
    warnings: Vec<String>,
}

/// What tells a folder from another made at the same path.
type FolderId = (u64, u64);

#[cfg(unix)]
fn folder_id(dir: &Path) -> Option<FolderId> {
    use std::os::unix::fs::MetadataExt as _;
    std::fs::metadata(dir)
        .ok()
        .filter(std::fs::Metadata::is_dir)
        .map(|m| (m.dev(), m.ino()))
}

/// Elsewhere a new folder is told by the events of the old one going away.
#[cfg(not(unix))]
fn folder_id(dir: &Path) -> Option<FolderId> {
    dir.is_dir().then_some((0, 0))
}

/// Announces a path as changed, from another thread (work done in the background).
#[derive(Clone)]
pub struct Waker(Sender<notify::Result<Event>>);

impl Waker {
    /// Sends `path` as if it had changed.
    pub fn wake(&self, path: PathBuf) {
        self.0
            .send(Ok(Event::new(EventKind::Other).add_path(path)))
            .ok();
    }
}

/// Watches the site folder `dir`; `poll` for folders that send no events.
pub fn watch(dir: &Path, poll: bool) -> Result<Watch> {
    let (tx, rx) = channel();
    if poll {
        // notify's PollWatcher compares modification times in whole seconds and misses a
        // second save within the same second; this poller compares nanoseconds and sizes.
        spawn_poller(dir.to_path_buf(), tx.clone());
        return Ok(Watch {
            watcher: None,
            rx,
            tx,
            root: dir.to_path_buf(),
            root_id: folder_id(dir),
            root_lost: false,
            warnings: Vec::new(),
        });
    }
    let mut w = Watch {
        watcher: None,
        rx,
        tx,
        root: dir.to_path_buf(),
        root_id: None,
        root_lost: false,
        warnings: Vec::new(),
    };
    w.start_watcher()?;
    Ok(w)
}

type Stamp = (Option<std::time::SystemTime>, u64, bool);

/// Files at the top of the site and everything in its source folders, with their times and sizes.
fn snapshot(root: &Path) -> std::collections::HashMap<PathBuf, Stamp> {
    let mut out = std::collections::HashMap::new();
    let top = walkdir::WalkDir::new(root)
        .max_depth(1)
        .min_depth(1)
        .into_iter();
    let sources = source_dirs(root)
        .into_iter()
        .flat_map(|d| walkdir::WalkDir::new(root.join(d)).into_iter());
    for entry in top.chain(sources).filter_map(Result::ok) {
        if let Ok(meta) = entry.metadata() {
            out.insert(
                entry.into_path(),
                (meta.modified().ok(), meta.len(), meta.is_dir()),
            );
        }
    }
    out
}

/// Whether a folder at the top of the site holds sources: one of [`SOURCE_DIRS`], or a
/// language's folder (`en/`, `pt-br/`: its posts and pages).
fn is_source_dir(name: &str) -> bool {
    SOURCE_DIRS.contains(&name) || crate::layout::may_be_language_folder(name)
}

/// The source folders at the top of `root` now.
fn source_dirs(root: &Path) -> Vec<String> {
    let mut dirs: Vec<String> = SOURCE_DIRS.iter().map(|d| d.to_string()).collect();
    if let Ok(entries) = std::fs::read_dir(root) {
        dirs.extend(
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .filter(|n| crate::layout::may_be_language_folder(n)),
        );
    }
    dirs
}

fn spawn_poller(root: PathBuf, tx: std::sync::mpsc::Sender<notify::Result<Event>>) {
    std::thread::spawn(move || {
        let mut last = snapshot(&root);
        loop {
            std::thread::sleep(POLL_INTERVAL);
            let now = snapshot(&root);
            let changed = now
                .iter()
                .filter(|(p, s)| last.get(*p) != Some(s) && !s.2)
                .map(|(p, _)| (p, EventKind::Modify(notify::event::ModifyKind::Any)));
            let created_dirs = now
                .iter()
                .filter(|(p, s)| s.2 && !last.contains_key(*p))
                .map(|(p, _)| (p, EventKind::Create(notify::event::CreateKind::Folder)));
            let removed = last
                .keys()
                .filter(|p| !now.contains_key(*p))
                .map(|p| (p, EventKind::Remove(notify::event::RemoveKind::Any)));
            for (path, kind) in changed.chain(created_dirs).chain(removed) {
                if tx
                    .send(Ok(Event::new(kind).add_path(path.clone())))
                    .is_err()
                {
                    return;
                }
            }
            last = now;
        }
    });
}

fn watch_error(dir: &Path, e: notify::Error) -> anyhow::Error {
    match e.kind {
        notify::ErrorKind::MaxFilesWatch => anyhow!(
            "{}: the system's limit of inotify watches is used up; run with --poll, or raise it with `sysctl fs.inotify.max_user_watches=524288`",
            dir.display()
        ),
        _ => anyhow!("{}: cannot watch: {e}", dir.display()),
    }
}

impl Watch {
    /// A handle that other threads announce changes with.
    pub fn waker(&self) -> Waker {
        Waker(self.tx.clone())
    }

    /// A new notify watcher (the old one, if any, stops) on the site folder, its source
    /// folders, and the folder holding it, where the site folder's own renaming, deletion
    /// and making again are seen.
    fn start_watcher(&mut self) -> Result<()> {
        self.watcher = None;
        let mut watcher: Box<dyn Watcher + Send> =
            Box::new(notify::recommended_watcher(self.tx.clone())?);
        let root = self.root.clone();
        if let Some(parent) = root.parent()
            && let Err(e) = watcher.watch(parent, RecursiveMode::NonRecursive)
        {
            self.warnings.push(format!(
                "{}: cannot watch the folder holding the site ({e}): if the site folder is renamed or made again, restart serve",
                parent.display()
            ));
        }
        self.root_id = folder_id(&root);
        watcher
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|e| watch_error(&root, e))?;
        self.watcher = Some(watcher);
        for name in source_dirs(&root) {
            self.add(&root.join(name))?;
        }
        Ok(())
    }

    /// When the batch names the site folder and a new folder is at its path (the old one
    /// renamed away or deleted), watches the new one and adds all its sources to the batch.
    fn follow_root(&mut self, paths: &mut BTreeSet<PathBuf>, warn: &mut impl FnMut(String)) {
        if self.watcher.is_none() || !paths.contains(&self.root) {
            return;
        }
        let now = folder_id(&self.root);
        if now.is_none() || (now == self.root_id && !self.root_lost) {
            return;
        }
        self.root_lost = false;
        if let Err(e) = self.start_watcher() {
            warn(e.to_string());
        }
        paths.extend(snapshot(&self.root).into_keys());
    }

    fn add(&mut self, dir: &Path) -> Result<()> {
        if let Some(watcher) = self.watcher.as_mut()
            && dir.is_dir()
        {
            watcher
                .watch(dir, RecursiveMode::Recursive)
                .map_err(|e| watch_error(dir, e))?;
        }
        Ok(())
    }

    /// A source folder made (again) at the top of the site is watched from now on.
    fn notice_new_dirs(&mut self, paths: &BTreeSet<PathBuf>, warn: &mut impl FnMut(String)) {
        for p in paths {
            let top = p.parent() == Some(self.root.as_path())
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(is_source_dir);
            if top
                && p.is_dir()
                && let Err(e) = self.add(p)
            {
                warn(e.to_string());
            }
        }
    }

    /// Blocks for the next batch of changed paths; None when the watcher stopped.
    pub fn next_batch(&mut self, mut warn: impl FnMut(String)) -> Option<Vec<PathBuf>> {
        for w in self.warnings.drain(..) {
            warn(w);
        }
        let mut paths = BTreeSet::new();
        let first = self.rx.recv().ok()?;
        self.collect(first, &mut paths, &mut warn);
        let start = Instant::now();
        loop {
            let left = MAX_WAIT.saturating_sub(start.elapsed());
            if left.is_zero() {
                break;
            }
            match self.rx.recv_timeout(QUIET.min(left)) {
                Ok(ev) => self.collect(ev, &mut paths, &mut warn),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        self.follow_root(&mut paths, &mut warn);
        self.notice_new_dirs(&paths, &mut warn);
        Some(paths.into_iter().collect())
    }

    /// Adds an event's paths inside the site to the batch (the folder holding the site
    /// tells of its neighbours too), and notes the site folder going away.
    fn collect(
        &mut self,
        ev: notify::Result<Event>,
        paths: &mut BTreeSet<PathBuf>,
        warn: &mut impl FnMut(String),
    ) {
        match ev {
            Ok(ev) => {
                if matches!(ev.kind, EventKind::Access(_)) {
                    return;
                }
                let gone = matches!(
                    ev.kind,
                    EventKind::Remove(_) | EventKind::Modify(notify::event::ModifyKind::Name(_))
                );
                if gone && ev.paths.contains(&self.root) {
                    self.root_lost = true;
                }
                let inside = ev.paths.into_iter().filter(|p| p.starts_with(&self.root));
                add_paths(ev.kind, &self.root, inside, paths);
            }
            Err(e) => warn(format!("watcher: {e}")),
        }
    }
}

/// Adds `found` to the batch, with what is in a folder just made.
fn add_paths(
    kind: EventKind,
    root: &Path,
    found: impl Iterator<Item = PathBuf>,
    paths: &mut BTreeSet<PathBuf>,
) {
    for p in found {
        // A folder made with `mkdir -p` may get files before it is watched: list them. The
        // site folder made again is listed by `follow_root`, without its output folder.
        if matches!(kind, EventKind::Create(_)) && p != root && p.is_dir() {
            for entry in walkdir::WalkDir::new(&p).into_iter().filter_map(Result::ok) {
                paths.insert(entry.path().to_path_buf());
            }
        }
        paths.insert(p);
    }
}
