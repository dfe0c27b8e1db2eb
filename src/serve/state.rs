//! The preview's model of the site: the last good [`Site`] (assembled by the same
//! function as a build), what is served of it, and the changes still to apply.

use std::collections::HashMap;

use std::path::{Path, PathBuf};

use crate::config;
use crate::content::{self, LoadOptions};
use crate::error::{Diagnostic, Diagnostics};
use crate::linkcheck::graph::{Graph, Update};
use crate::linkcheck::{PageLinks, SiteUrls};
use crate::output::{Body, Output};
use crate::render::{Job, RenderOptions, Renderer};
use crate::site::classify::{ChangeKind, classify};
use crate::site::{self, Assembled, Changes, Site};

use super::keys::{KeyChanges, ServedKeys};

/// What a rebuild changed in the served site.
#[derive(Debug, Default)]
pub struct Delta {
    /// Files to add or replace.
    pub upserts: Vec<Output>,
    /// Site paths no longer produced.
    pub removed: Vec<String>,
    /// Only stylesheets changed: tabs may swap CSS instead of reloading.
    pub css_only: bool,
    /// The search's records of the upserted pages it finds, by site path.
    pub found: Vec<(String, crate::search::Record)>,
}

impl Delta {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.upserts.is_empty() && self.removed.is_empty()
    }
}

/// The preview state: the site folder and its last good build.
pub struct Preview {
    site_dir: PathBuf,
    opts: LoadOptions,
    site: Option<Site>,
    /// Changes of failed rebuilds, retried with the next batch so none is lost.
    pending: Vec<PathBuf>,
    /// The theme named by the last readable `site.yaml`.
    theme: String,
    /// The site's languages, as `site.yaml` last read says (their folders hold sources).
    languages: Vec<String>,
    /// Input hashes of what is served now, by site path: kept even when the site is
    /// dropped after a failure, so the next full rebuild also removes what went away.
    keys: ServedKeys,
    /// What each served page links to, and what is broken.
    links: Graph,
    /// Broken links are warnings (`--allow-broken-links`), not errors.
    allow_broken_links: bool,
    /// Broken links of the served site, when they are allowed.
    link_warnings: Vec<Diagnostic>,
    /// What rendering the served site warned about ([`Renderer::warnings`]).
    render_warnings: Vec<Diagnostic>,
    /// The content review of the served site (a stale one is replaced, and freed, when
    /// the warnings are asked for, after the update is served: freeing thousands of
    /// findings is not an edit's work).
    review: Reviewed,
    /// The review's findings of unchanged posts and pages.
    review_memo: crate::review::Memo,
    /// Images whose files are to be made in the background (their originals are served
    /// meanwhile), and the images asked for before (made once, even when one fails).
    images_to_make: Vec<crate::images::ToMake>,
    images_asked: crate::hash::FastSet<u64>,
    /// The search's records of the served pages, by site path, and whether they changed
    /// since the index was last asked for.
    /// (Shared: the list handed to the indexing thread is a list of pointers, not a copy
    /// of every page's text on the edit path.)
    search: std::collections::BTreeMap<String, std::sync::Arc<crate::search::Record>>,
    search_changed: bool,
}

/// The path a background image worker announces its work done with (no such file is made:
/// the watcher's channel carries it to the preview, which renders the images' jobs again).
pub const IMAGES_MADE: &str = ".frontdesk/images-made";

/// The content review of the served site.
#[derive(Default)]
struct Reviewed {
    /// Its findings.
    findings: Vec<Diagnostic>,
    /// Made for the site served now.
    current: bool,
}

const RENDER: RenderOptions = RenderOptions::PREVIEW;

impl Preview {
    /// A preview of `site_dir`; call [`Preview::rebuild_all`] next.
    pub fn new(site_dir: &Path, opts: LoadOptions) -> Self {
        Preview {
            site_dir: site_dir.to_path_buf(),
            opts,
            site: None,
            pending: Vec::new(),
            theme: "default".into(),
            languages: Vec::new(),
            keys: ServedKeys::default(),
            links: Graph::default(),
            allow_broken_links: false,
            link_warnings: Vec::new(),
            render_warnings: Vec::new(),
            review: Reviewed::default(),
            review_memo: Default::default(),
            images_to_make: Vec::new(),
            images_asked: Default::default(),
            search: Default::default(),
            search_changed: false,
        }
    }

    /// The records of every served page the search finds, when they changed since the
    /// last call (an empty list: the site has no search any more, or no page to find).
    pub fn take_search_records(&mut self) -> Option<Vec<std::sync::Arc<crate::search::Record>>> {
        if !std::mem::take(&mut self.search_changed) {
            return None;
        }
        Some(self.search.values().cloned().collect())
    }

    /// Keeps the search's records up to date with what `delta` serves.
    fn update_search(&mut self, delta: &Delta, search: bool) {
        let before = self.search.len();
        if !search {
            self.search.clear();
            self.search_changed |= before > 0;
            return;
        }
        let found: std::collections::HashMap<&str, &crate::search::Record> =
            (delta.found.iter()).map(|(p, r)| (p.as_str(), r)).collect();
        for p in delta
            .removed
            .iter()
            .chain(delta.upserts.iter().map(|o| &o.path))
        {
            match found.get(p.as_str()) {
                // A page rendered again whose text did not change needs no new index.
                Some(&r) if self.search.get(p).is_some_and(|old| **old == *r) => {}
                Some(&r) => {
                    self.search
                        .insert(p.clone(), std::sync::Arc::new(r.clone()));
                    self.search_changed = true;
                }
                None => self.search_changed |= self.search.remove(p).is_some(),
            }
        }
    }

    /// The images to make in the background now (each asked for once), and where.
    pub fn take_images_to_make(
        &mut self,
    ) -> Option<(
        std::sync::Arc<crate::images::Images>,
        Vec<crate::images::ToMake>,
    )> {
        let site = self.site.as_ref()?;
        let mut todo = std::mem::take(&mut self.images_to_make);
        todo.retain(|m| {
            self.images_asked
                .insert(crate::hash::of(&(m.info.hash, &m.made)))
        });
        (!todo.is_empty()).then(|| (site.content.images.clone(), todo))
    }

    /// Broken links are warnings rather than errors (as `build --allow-broken-links`).
    pub fn allow_broken_links(mut self, allow: bool) -> Self {
        self.allow_broken_links = allow;
        self
    }

    /// The theme in use (for the watcher), `default` before the first good build.
    pub fn theme_name(&self) -> String {
        self.theme.clone()
    }

    /// What the last good build's suggestion form requires (checked by the preview inbox).
    pub fn form_rules(&self) -> crate::serve::http::FormRules {
        let questions = self
            .site
            .as_ref()
            .and_then(|s| s.content.suggestions.as_ref())
            .map_or(&[][..], |s| &s.questions[..]);
        crate::serve::http::FormRules {
            required: questions
                .iter()
                .filter(|q| q.required)
                .map(|q| crate::serve::http::Required {
                    name: q.name.clone(),
                    label: q.label.clone(),
                })
                .collect(),
        }
    }

    /// Warnings of the last good build, as `build` gathers them
    /// ([`crate::pipeline::warnings`]); the content review is made here, after the update
    /// was served, so the review never delays a page.
    pub fn warnings(&mut self) -> Vec<Diagnostic> {
        let Some(site) = &self.site else {
            return Vec::new();
        };
        if !self.review.current {
            self.review = Reviewed {
                findings: crate::review::review_with(&site.content, &mut self.review_memo),
                current: true,
            };
        }
        crate::pipeline::warnings(
            &site.content,
            &self.render_warnings,
            &self.review.findings,
            &self.link_warnings,
        )
    }

    /// Loads and renders everything; on success the delta holds every file.
    pub fn rebuild_all(&mut self) -> Result<Delta, Diagnostics> {
        if let Ok(c) = config::load(&self.site_dir, self.opts.base_url.as_deref()) {
            // Even if the rest fails, edits to this theme must be noticed.
            self.theme = c.theme;
            self.languages = c.languages;
        }
        let previous = self.site.take();
        self.assemble(previous, Changes::All)
    }

    /// Applies changed paths (absolute or relative to the site folder).
    pub fn apply(&mut self, changed: &[PathBuf]) -> Result<Delta, Diagnostics> {
        let mut rel: Vec<PathBuf> = std::mem::take(&mut self.pending);
        let mut seen: std::collections::HashSet<PathBuf> = rel.iter().cloned().collect();
        for p in changed {
            let p = p
                .strip_prefix(&self.site_dir)
                .map(Path::to_path_buf)
                .unwrap_or_else(|_| p.clone());
            if seen.insert(p.clone()) {
                rel.push(p);
            }
        }
        if rel
            .iter()
            .any(|p| classify(p, &self.theme, &self.languages) == ChangeKind::Config)
            && let Ok(c) = config::load(&self.site_dir, self.opts.base_url.as_deref())
        {
            self.theme = c.theme;
            self.languages = c.languages;
        }
        let kinds: Vec<ChangeKind> = (rel.iter())
            .map(|p| classify(p, &self.theme, &self.languages))
            .collect();
        let images_made = rel.iter().any(|p| p == Path::new(IMAGES_MADE));
        if self.site.is_some() && !images_made && kinds.iter().all(|k| *k == ChangeKind::Ignore) {
            return Ok(Delta::default());
        }
        let previous = self.site.take();
        let result = self.assemble(previous, Changes::Paths(&rel));
        match result {
            Ok(mut delta) => {
                self.serve_changed_assets(&rel, &mut delta);
                delta.css_only = kinds.iter().all(|k| *k == ChangeKind::Static)
                    && rel
                        .iter()
                        .all(|p| p.extension().is_some_and(|e| e == "css"));
                Ok(delta)
            }
            Err(e) => {
                self.pending = rel;
                // The same problems as `build` reports: every broken source and template
                // at once, not only those of the files this batch touched.
                Err(crate::pipeline::diagnose(&self.site_dir, &self.opts).unwrap_or(e))
            }
        }
    }

    /// Assembles with the one function `build` uses, renders the jobs whose inputs
    /// changed, and keeps the new site; a failure keeps the last good site when it is whole.
    fn assemble(&mut self, previous: Option<Site>, changes: Changes) -> Result<Delta, Diagnostics> {
        let Assembled { site, full } =
            site::assemble(&self.site_dir, &self.opts, previous, changes, None).map_err(|f| {
                self.site = f.previous.map(|b| *b);
                f.diagnostics
            })?;
        let (update, link_warnings, delta, keys) = {
            let renderer = Renderer::new(site.languages(), RENDER);
            let jobs = renderer.jobs();
            let (delta, keys) = render_delta(&renderer, &jobs, &self.keys, full)?;
            self.images_to_make = renderer.images_to_make();
            let (update, link_warnings) =
                self.check_links(&site, &renderer, &jobs, &delta, &keys)?;
            self.render_warnings = renderer.warnings();
            (update, link_warnings, delta, keys)
        };
        self.links.apply(update);
        self.update_search(&delta, site.content.config.search);
        self.link_warnings = link_warnings;
        // Reviewed when the warnings are asked for, after the update is served.
        self.review.current = false;
        self.keys.apply(keys);
        self.site = Some(site);
        self.pending.clear();
        Ok(delta)
    }

    /// Checks every served page's links as they would be after `delta` (the pages it
    /// renders are read, the others were read when they were rendered). Broken ones fail
    /// the update (the last good site stays served) unless they are allowed.
    #[allow(clippy::type_complexity)]
    fn check_links(
        &self,
        site: &Site,
        renderer: &Renderer,
        jobs: &[Job],
        delta: &Delta,
        keys: &KeyChanges,
    ) -> Result<(Update, Vec<Diagnostic>), Diagnostics> {
        use rayon::prelude::*;
        let urls = SiteUrls::of(&site.config);
        let scanned: Vec<(String, PageLinks)> = delta
            .upserts
            .par_iter()
            // The email preview is the preview's own page: its links hold merge tags.
            .filter(|o| !o.path.starts_with(crate::render::newsletter::PREVIEW_ROUTE))
            .filter_map(|o| match (&o.body, o.path.ends_with(".html")) {
                (Body::Bytes(b), true) => Some((o.path.clone(), PageLinks::of(&o.path, b, &urls))),
                _ => None,
            })
            .collect();
        let exists = |p: &str| self.keys.will_serve(keys, p);
        let update = self.links.check(scanned, &delta.removed, &exists);
        let broken = update.broken(&self.links);
        if broken.is_empty() {
            return Ok((update, Vec::new()));
        }
        let warnings =
            crate::pipeline::link_problems(site, renderer, jobs, broken, self.allow_broken_links)?;
        Ok((update, warnings))
    }

    /// Copied files are served from disk: an edited one is the same job with new bytes,
    /// sent again so that open tabs reload.
    fn serve_changed_assets(&self, rel: &[PathBuf], delta: &mut Delta) {
        let Some(site) = &self.site else { return };
        let assets: HashMap<&Path, &content::Asset> = site
            .content
            .assets
            .iter()
            .map(|a| (a.source.as_path(), a))
            .collect();
        for p in rel {
            let source = self.site_dir.join(p);
            if let Some(asset) = assets.get(source.as_path())
                && source.is_file()
                && !delta.upserts.iter().any(|o| o.path == asset.dest)
            {
                delta.upserts.push(Output {
                    path: asset.dest.clone(),
                    body: Body::File(source),
                });
            }
        }
    }
}

/// Renders the jobs whose fingerprint differs from what is `served`, or all when `full`;
/// returns the change and how the served fingerprints change.
#[allow(clippy::type_complexity)]
fn render_delta(
    renderer: &Renderer,
    jobs: &[Job],
    served: &ServedKeys,
    full: bool,
) -> Result<(Delta, KeyChanges), Diagnostics> {
    let changes = served.compare(renderer, jobs, full);
    // Only new paths can clash (the old set was checked); the full check says where.
    if full || changes.new_paths {
        renderer.check_collisions(jobs)?;
    } else {
        renderer.check_tags()?;
    }
    use rayon::prelude::*;
    let todo: Vec<&Job> = changes.todo.iter().map(|&i| &jobs[i]).collect();
    let upserts = renderer.render_all(todo.par_iter().copied())?;
    let config = &renderer.site.config;
    let found = (todo.iter().zip(&upserts))
        .filter_map(|(job, o)| match &o.body {
            Body::Bytes(b) => crate::search::found(config, job, b).map(|r| (o.path.clone(), r)),
            _ => None,
        })
        .collect();
    Ok((
        Delta {
            upserts,
            removed: changes.removed(),
            css_only: false,
            found,
        },
        changes,
    ))
}
