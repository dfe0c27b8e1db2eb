//! What the list data files (`faq.yaml`, `services.yaml`, `menu.yaml`) share: errors at
//! their positions, anchors made from names (or written as `id:`) and unique in the file,
//! and their Markdown rendered as from their page.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_saphyr::{Location, Spanned};

use crate::error::{Diagnostic, Diagnostics};

/// Checks one list file as it is read: gathers its errors, and the anchors given so far.
pub struct Checker {
    file: PathBuf,
    /// The problems found, in the order found.
    pub errors: Vec<Diagnostic>,
    /// Anchor -> the name of the entry that has it.
    anchors: HashMap<String, String>,
    /// (group anchor, anchor made from the name) of the entries given in groups so far.
    in_groups: HashSet<(String, String)>,
}

/// The key of the one-entry file `rel` (`team/maria.yaml`: `maria`), which names its
/// page or anchor: its file name, which must already be a slug (`what`: "the person's key
/// and anchor"); else an error naming the file to rename it to.
pub fn file_key(rel: &Path, what: &str) -> (String, Option<Diagnostic>) {
    let key = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = crate::slug::slugify(&key);
    let wrong = (slug != key).then(|| {
        Diagnostic::file(
            rel,
            format!("the file name {key:?} is {what}: rename the file {slug}.yaml"),
        )
    });
    (key, wrong)
}

impl Checker {
    /// A checker for the site file `file`.
    pub fn new(file: impl Into<PathBuf>) -> Self {
        Checker {
            file: file.into(),
            errors: Vec::new(),
            anchors: HashMap::new(),
            in_groups: HashSet::new(),
        }
    }

    /// An error at `l`.
    pub fn at(&mut self, l: &Location, msg: impl Into<String>) {
        self.errors.push(Diagnostic::at(
            &self.file,
            l.line() as u32,
            l.column() as u32,
            msg.into(),
        ));
    }

    /// `s` trimmed; an error with `why` at it when it is empty.
    pub fn written(&mut self, s: &Spanned<String>, why: &str) -> String {
        if s.value.trim().is_empty() {
            self.at(&s.referenced, why);
        }
        s.value.trim().to_string()
    }

    /// The anchor of the entry `name` (`what`: "question", "service"...): `id` as written
    /// (an error unless it is a slug), else the name made into a slug. An anchor another
    /// entry has is an error at this one, asking for an `id:`.
    pub fn anchor(
        &mut self,
        id: Option<&Spanned<String>>,
        name: &Spanned<String>,
        what: &str,
    ) -> String {
        let (id, place) = match id {
            Some(id) => {
                let slug = crate::slug::slugify(&id.value);
                if slug != id.value {
                    self.at(
                        &id.referenced,
                        format!(
                            "`id` {:?} is not an anchor: use lower-case letters, digits and dashes, e.g. `id: {slug}`",
                            id.value
                        ),
                    );
                }
                (id.value.clone(), &id.referenced)
            }
            None => (crate::slug::slugify(&name.value), &name.referenced),
        };
        if let Some(first) = self.anchors.get(&id) {
            let msg = format!(
                "this {what}'s anchor #{id} is already the anchor of {first:?}: give one of them its own `id:`"
            );
            self.at(place, msg);
        } else {
            self.anchors.insert(id.clone(), name.value.clone());
        }
        id
    }

    /// Like [`Checker::anchor`], for an entry inside a group whose anchor is `scope` (a
    /// menu item in its section): when the anchor made from the name is taken (a real
    /// menu lists "Chicken teriyaki" under dinner and again under lunch), the entry gets
    /// `SCOPE-NAME` instead of an error. An `id:` as written is never changed.
    pub fn anchor_in(
        &mut self,
        id: Option<&Spanned<String>>,
        name: &Spanned<String>,
        what: &str,
        scope: &str,
    ) -> String {
        if id.is_none() {
            let plain = crate::slug::slugify(&name.value);
            let again_here = !self.in_groups.insert((scope.to_string(), plain.clone()));
            if self.anchors.contains_key(&plain) && !scope.is_empty() && !again_here {
                let scoped = format!("{scope}-{plain}");
                if !self.anchors.contains_key(&scoped) {
                    self.anchors.insert(scoped.clone(), name.value.clone());
                    return scoped;
                }
            }
        }
        self.anchor(id, name, what)
    }

    /// `value`, or every problem found.
    pub fn finish<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.errors.is_empty() {
            Ok(value)
        } else {
            Err(self.errors.into())
        }
    }
}

/// Runs `f` with a Markdown renderer whose links resolve as from the page at `route`,
/// blamed on the site file `file`.
pub fn with_markdown<T>(
    links: &super::links::SiteLinks,
    file: &str,
    route: &str,
    f: impl FnOnce(&dyn Fn(&str) -> String) -> T,
) -> T {
    let url = links.config_url(route);
    let doc = links.for_doc(Path::new(file), &url, false);
    f(&|s: &str| crate::markdown::render(s, &doc).html)
}
