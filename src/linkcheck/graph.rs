//! The links of the site `serve` shows, kept between updates, so that an update checks only
//! the pages it could have changed: the pages it renders, the pages linking to files it
//! removes, the pages asking for an anchor on a page it renders, and the pages broken
//! before (a new file may mend them). The answer equals a full check of every page
//! ([`super::Checker`]); the randomized tests hold it to the build's.

use super::{Broken, PageLinks, Target, Why, anchor, file_of, is_top};
use crate::hash::{FastMap, FastSet};

/// Every served page's links, who links to what, and what is broken now.
#[derive(Default)]
pub struct Graph {
    pages: FastMap<String, PageLinks>,
    /// File -> pages linking to it.
    referrers: FastMap<String, FastSet<String>>,
    /// Page -> pages asking for an anchor on it.
    anchored: FastMap<String, FastSet<String>>,
    /// Broken references by page.
    broken: FastMap<String, Vec<Broken>>,
}

/// An update, checked but not yet applied.
pub struct Update {
    upserted: Vec<(String, PageLinks)>,
    removed: Vec<String>,
    rechecked: Vec<(String, Vec<Broken>)>,
}

impl Update {
    /// Every broken reference of the site after the update.
    pub fn broken<'a>(&'a self, graph: &'a Graph) -> Vec<Broken> {
        let rechecked: FastSet<&str> = self.rechecked.iter().map(|(p, _)| p.as_str()).collect();
        let removed: FastSet<&str> = self.removed.iter().map(String::as_str).collect();
        let mut out: Vec<Broken> = graph
            .broken
            .iter()
            .filter(|(p, _)| !rechecked.contains(p.as_str()) && !removed.contains(p.as_str()))
            .flat_map(|(_, b)| b.iter().cloned())
            .collect();
        out.extend(self.rechecked.iter().flat_map(|(_, b)| b.iter().cloned()));
        out
    }
}

impl Graph {
    /// Checks an update: the HTML pages it renders, with their links (`upserted`), and the
    /// files it `removed`; `exists` answers for the files after it.
    pub fn check(
        &self,
        upserted: Vec<(String, PageLinks)>,
        removed: &[String],
        exists: &(dyn Fn(&str) -> bool + Sync),
    ) -> Update {
        let rechecked = self.recheck(&upserted, removed, exists);
        Update {
            upserted,
            removed: removed.to_vec(),
            rechecked,
        }
    }

    fn recheck(
        &self,
        upserted: &[(String, PageLinks)],
        removed: &[String],
        exists: &(dyn Fn(&str) -> bool + Sync),
    ) -> Vec<(String, Vec<Broken>)> {
        let fresh: FastMap<&str, &PageLinks> =
            upserted.iter().map(|(p, l)| (p.as_str(), l)).collect();
        let gone: FastSet<&str> = removed.iter().map(String::as_str).collect();
        let mut todo: FastSet<&str> = fresh.keys().copied().collect();
        for p in removed {
            todo.extend(
                self.referrers
                    .get(p)
                    .into_iter()
                    .flatten()
                    .map(String::as_str),
            );
        }
        for p in fresh.keys() {
            todo.extend(
                self.anchored
                    .get(*p)
                    .into_iter()
                    .flatten()
                    .map(String::as_str),
            );
        }
        todo.extend(self.broken.keys().map(String::as_str));
        let links_of = |p: &str| -> Option<&PageLinks> {
            match fresh.get(p) {
                Some(l) => Some(*l),
                None if gone.contains(p) => None,
                None => self.pages.get(p),
            }
        };
        let ids_of = |p: &str| links_of(p).map(|l| l.ids.as_slice());
        todo.into_iter()
            .filter_map(|page| {
                let links = links_of(page)?;
                Some((page.to_string(), check_page(page, links, exists, &ids_of)))
            })
            .collect()
    }

    /// Applies a checked update.
    pub fn apply(&mut self, update: Update) {
        for p in &update.removed {
            self.forget(p);
        }
        for (page, links) in update.upserted {
            self.forget(&page);
            for l in &links.links {
                if let Target::Site { path, fragment } = &l.target {
                    self.referrers
                        .entry(path.clone())
                        .or_default()
                        .insert(page.clone());
                    // A folder written without its slash names its index.html too.
                    let folder = format!("{path}/index.html");
                    self.referrers
                        .entry(folder.clone())
                        .or_default()
                        .insert(page.clone());
                    if fragment.as_deref().is_some_and(|f| !is_top(f)) {
                        for t in [path.clone(), folder] {
                            self.anchored.entry(t).or_default().insert(page.clone());
                        }
                    }
                }
            }
            self.pages.insert(page, links);
        }
        for (page, b) in update.rechecked {
            if b.is_empty() {
                self.broken.remove(&page);
            } else {
                self.broken.insert(page, b);
            }
        }
    }

    /// Removes a page and what it links to from the indexes.
    fn forget(&mut self, page: &str) {
        let Some(old) = self.pages.remove(page) else {
            self.broken.remove(page);
            return;
        };
        for l in &old.links {
            if let Target::Site { path, .. } = &l.target {
                for t in [path.clone(), format!("{path}/index.html")] {
                    for index in [&mut self.referrers, &mut self.anchored] {
                        if let Some(set) = index.get_mut(&t) {
                            set.remove(page);
                            if set.is_empty() {
                                index.remove(&t);
                            }
                        }
                    }
                }
            }
        }
        self.broken.remove(page);
    }
}

/// The broken references of one page: `exists` answers for files, `ids_of` gives the
/// anchors of an HTML page (None: not one, nothing to check).
pub fn check_page<'i>(
    page: &str,
    links: &'i PageLinks,
    exists: &(dyn Fn(&str) -> bool + Sync),
    ids_of: &dyn Fn(&str) -> Option<&'i [u64]>,
) -> Vec<Broken> {
    let mut out = Vec::new();
    for link in &links.links {
        let why = match &link.target {
            Target::Outside => Some(Why::Outside),
            Target::Site { path, fragment } => match file_of(exists, path) {
                None => Some(Why::NoFile),
                Some(file) => fragment
                    .as_deref()
                    .filter(|f| !is_top(f))
                    .filter(|f| {
                        let ids = if file == page {
                            Some(links.ids.as_slice())
                        } else {
                            ids_of(&file)
                        };
                        ids.is_some_and(|ids| ids.binary_search(&anchor(f)).is_err())
                    })
                    .map(|_| Why::NoAnchor),
            },
            _ => None,
        };
        if let Some(why) = why {
            out.push(Broken {
                page: page.to_string(),
                link: link.clone(),
                why,
            });
        }
    }
    out
}
