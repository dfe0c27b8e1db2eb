//! What the preview serves, by site path, with the hash of the inputs each file was
//! rendered from. An update compares every job's hash with it to find the jobs to render;
//! this runs for every job of every edit, so only the paths of jobs that changed are
//! allocated, and nothing is rebuilt for the others.

use rayon::prelude::*;

use crate::hash::{FastMap, FastSet};
use crate::render::{Job, Renderer};

/// Served paths and their input hashes.
#[derive(Default)]
pub struct Served(indexmap::IndexMap<String, u64, xxhash_rust::xxh3::Xxh3DefaultBuilder>);

/// How an update's jobs differ from what is served.
#[derive(Default)]
pub struct Changes {
    /// Jobs to render (their positions in the job list).
    pub todo: Vec<usize>,
    /// Paths new or rendered again, with their new input hashes.
    set: FastMap<String, u64>,
    /// Served paths that no job writes any more.
    removed: FastSet<String>,
    /// A job writes a path not served before, or two jobs write one path: the paths must
    /// be checked for clashes.
    pub new_paths: bool,
}

/// What one job is, compared with what is served.
enum Seen {
    /// Served (at this index) from the same inputs.
    Same(usize),
    /// Served (at this index) from other inputs.
    Changed(usize, u64),
    /// Not served yet.
    New(String, u64),
}

impl Served {
    /// Compares `jobs` with what is served (`full`: every job is rendered again).
    pub fn compare(&self, renderer: &Renderer, jobs: &[Job], full: bool) -> Changes {
        let seen: Vec<Seen> = jobs
            .par_iter()
            .map_init(String::new, |path, job| {
                renderer.write_path(job, path);
                let key = renderer.key(job);
                match self.0.get_full(path.as_str()) {
                    Some((i, _, &old)) if old == key && !full => Seen::Same(i),
                    Some((i, _, _)) => Seen::Changed(i, key),
                    None => Seen::New(path.clone(), key),
                }
            })
            .collect();
        let mut visited = vec![false; self.0.len()];
        let mut changes = Changes::default();
        for (job, seen) in seen.into_iter().enumerate() {
            match seen {
                Seen::Same(i) => changes.new_paths |= std::mem::replace(&mut visited[i], true),
                Seen::Changed(i, key) => {
                    changes.new_paths |= std::mem::replace(&mut visited[i], true);
                    changes.set.insert(self.path(i).to_string(), key);
                    changes.todo.push(job);
                }
                Seen::New(path, key) => {
                    changes.new_paths = true;
                    changes.set.insert(path, key);
                    changes.todo.push(job);
                }
            }
        }
        changes.removed = (visited.iter().enumerate())
            .filter(|(_, seen)| !**seen)
            .map(|(i, _)| self.path(i).to_string())
            .collect();
        changes
    }

    fn path(&self, i: usize) -> &str {
        self.0.get_index(i).map_or("", |(p, _)| p.as_str())
    }

    /// True when `path` is served once `changes` are applied.
    pub fn will_serve(&self, changes: &Changes, path: &str) -> bool {
        changes.set.contains_key(path)
            || (self.0.contains_key(path) && !changes.removed.contains(path))
    }

    /// Applies an update that was served.
    pub fn apply(&mut self, changes: Changes) {
        for path in &changes.removed {
            self.0.swap_remove(path);
        }
        self.0.extend(changes.set);
    }
}

impl Changes {
    /// The paths no job writes any more.
    pub fn removed(&self) -> Vec<String> {
        let mut removed: Vec<String> = self.removed.iter().cloned().collect();
        removed.sort_unstable();
        removed
    }
}
