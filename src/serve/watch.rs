//! File-system watching with a short debounce: a burst of events (an editor's atomic
//! save, a `git checkout`) becomes one batch of changed paths.

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
        });
    }
    let mut watcher: Box<dyn Watcher + Send> = Box::new(notify::recommended_watcher(tx.clone())?);
    watcher
        .watch(dir, RecursiveMode::NonRecursive)
        .map_err(|e| watch_error(dir, e))?;
    let mut w = Watch {
        watcher: Some(watcher),
        rx,
        tx,
        root: dir.to_path_buf(),
    };
    for name in SOURCE_DIRS {
        w.add(&dir.join(name))?;
    }
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
    let sources = SOURCE_DIRS
        .iter()
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
                    .is_some_and(|n| SOURCE_DIRS.iter().any(|d| n == *d));
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
        let mut paths = BTreeSet::new();
        let first = self.rx.recv().ok()?;
        collect(first, &mut paths, &mut warn);
        let start = Instant::now();
        loop {
            let left = MAX_WAIT.saturating_sub(start.elapsed());
            if left.is_zero() {
                break;
            }
            match self.rx.recv_timeout(QUIET.min(left)) {
                Ok(ev) => collect(ev, &mut paths, &mut warn),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        self.notice_new_dirs(&paths, &mut warn);
        Some(paths.into_iter().collect())
    }
}

fn collect(
    ev: notify::Result<Event>,
    paths: &mut BTreeSet<PathBuf>,
    warn: &mut impl FnMut(String),
) {
    match ev {
        Ok(ev) => {
            if matches!(ev.kind, EventKind::Access(_)) {
                return;
            }
            for p in ev.paths {
                // A folder made with `mkdir -p` may get files before it is watched: list them.
                if matches!(ev.kind, EventKind::Create(_)) && p.is_dir() {
                    for entry in walkdir::WalkDir::new(&p).into_iter().filter_map(Result::ok) {
                        paths.insert(entry.path().to_path_buf());
                    }
                }
                paths.insert(p);
            }
        }
        Err(e) => warn(format!("watcher: {e}")),
    }
}
