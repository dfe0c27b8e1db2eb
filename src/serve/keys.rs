//! What the preview serves, by site path, with the hash of the inputs each file was
//! rendered from. An update compares every job's hash with it to find the jobs to render;
//! this runs for every job of every edit, so it is kept in the order of the jobs: a job
//! whose hash equals the one served at its position is unchanged (a job's hash names its
//! route too), and only the other jobs are looked up by path. An edit that moves no page
//! builds no path at all for the unchanged ones.

use rayon::prelude::*;

use crate::hash::{FastMap, FastSet};
use crate::render::{Job, Renderer};

/// Served paths and their input hashes, in the order of the jobs that made them.
#[derive(Default)]
pub struct ServedKeys {
    /// Each job's site path, in job order.
    paths: Vec<String>,
    /// Each job's input hash, in job order.
    keys: Vec<u64>,
    /// Where each path is in `paths`.
    at: FastMap<String, usize>,
}

/// How an update's jobs differ from what is served.
#[derive(Default)]
pub struct KeyChanges {
    /// Jobs to render (their positions in the job list).
    pub todo: Vec<usize>,
    /// Every job's input hash, in job order.
    keys: Vec<u64>,
    /// The jobs whose hash differs from the one served at their position, with their paths.
    moved: Vec<(usize, String)>,
    /// The paths of `moved`: new, rendered again, or only at another position.
    written: FastSet<String>,
    /// Served paths that no job writes any more.
    removed: FastSet<String>,
    /// A job writes a path not served before, or two jobs write one path: the paths must
    /// be checked for clashes.
    pub new_paths: bool,
}

impl ServedKeys {
    /// Compares `jobs` with what is served (`full`: every job is rendered again).
    pub fn compare(&self, renderer: &Renderer, jobs: &[Job], full: bool) -> KeyChanges {
        let keys: Vec<u64> = jobs.par_iter().map(|job| renderer.key(job)).collect();
        let mut changes = KeyChanges {
            keys,
            ..KeyChanges::default()
        };
        let same_at = |i: usize| !full && self.keys.get(i) == Some(&changes.keys[i]);
        changes.moved = (0..jobs.len())
            .filter(|&i| !same_at(i))
            .map(|i| (i, renderer.path(&jobs[i])))
            .collect();
        // Positions whose served path may be written by no job now.
        let mut vacated: FastSet<usize> = (changes.moved.iter().map(|(i, _)| *i))
            .chain(jobs.len()..self.paths.len())
            .filter(|&i| i < self.paths.len())
            .collect();
        let mut found = FastSet::default();
        for (i, path) in &changes.moved {
            match self.at.get(path) {
                Some(&j) => {
                    // Served at another position: moved, perhaps from unchanged inputs.
                    let taken = !vacated.remove(&j) && !found.contains(&j);
                    changes.new_paths |= taken || !found.insert(j);
                    if full || self.keys[j] != changes.keys[*i] {
                        changes.todo.push(*i);
                    }
                }
                None => {
                    changes.new_paths = true;
                    changes.todo.push(*i);
                }
            }
        }
        changes.written = changes.moved.iter().map(|(_, p)| p.clone()).collect();
        changes.removed = vacated.into_iter().map(|j| self.paths[j].clone()).collect();
        changes
    }

    /// True when `path` is served once `changes` are applied.
    pub fn will_serve(&self, changes: &KeyChanges, path: &str) -> bool {
        changes.written.contains(path)
            || (self.at.contains_key(path) && !changes.removed.contains(path))
    }

    /// Applies an update that was served.
    pub fn apply(&mut self, changes: KeyChanges) {
        let reshaped = changes.keys.len() != self.paths.len()
            || changes
                .moved
                .iter()
                .any(|(i, p)| self.paths.get(*i) != Some(p));
        for (i, path) in changes.moved {
            if i < self.paths.len() {
                self.paths[i] = path;
            } else {
                self.paths.push(path);
            }
        }
        self.paths.truncate(changes.keys.len());
        self.keys = changes.keys;
        if reshaped {
            self.at = (self.paths.iter().enumerate())
                .map(|(i, p)| (p.clone(), i))
                .collect();
        }
    }
}

impl KeyChanges {
    /// The paths no job writes any more.
    pub fn removed(&self) -> Vec<String> {
        let mut removed: Vec<String> = self.removed.iter().cloned().collect();
        removed.sort_unstable();
        removed
    }
}
