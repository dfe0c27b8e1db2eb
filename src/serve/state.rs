//! The preview's model of the site: the last good build, kept in memory, and the
//! cheapest correct update for each batch of changed files.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::classify::{ChangeKind, classify};
use crate::config::{self, Config};
use crate::content::{self, Content, LoadOptions, Post, PostSource, links::SiteLinks, walk};
use crate::error::{Diagnostic, Diagnostics};
use crate::output::{Body, Output};
use crate::render::{Job, RenderOptions, Renderer, Theme, theme};

/// What a rebuild changed in the served site.
#[derive(Debug, Default)]
pub struct Delta {
    /// Files to add or replace.
    pub upserts: Vec<Output>,
    /// Site paths no longer produced.
    pub removed: Vec<String>,
    /// Only stylesheets changed: tabs may swap CSS instead of reloading.
    pub css_only: bool,
}

impl Delta {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.upserts.is_empty() && self.removed.is_empty()
    }
}

struct Loaded {
    config: Config,
    links: SiteLinks,
    sources: BTreeMap<PathBuf, Arc<PostSource>>,
    rendered: HashMap<PathBuf, Arc<Post>>,
    content: Content,
    theme: Theme,
}

/// The preview state: the site folder and its last good build.
pub struct Preview {
    site_dir: PathBuf,
    opts: LoadOptions,
    loaded: Option<Loaded>,
    /// Changes of failed rebuilds, retried with the next batch so none is lost.
    pending: Vec<PathBuf>,
    /// The theme named by the last readable `site.yaml`.
    theme: String,
    /// Fingerprints of what is served now, by site path: kept even when the state is
    /// dropped after a failure, so the next full rebuild also removes what went away.
    keys: HashMap<String, u64>,
}

const RENDER: RenderOptions = RenderOptions { preview: true };

impl Preview {
    /// A preview of `site_dir`; call [`Preview::rebuild_all`] next.
    pub fn new(site_dir: &Path, opts: LoadOptions) -> Self {
        Preview {
            site_dir: site_dir.to_path_buf(),
            opts,
            loaded: None,
            pending: Vec::new(),
            theme: "default".into(),
            keys: HashMap::new(),
        }
    }

    /// The theme in use (for the watcher), `default` before the first good build.
    pub fn theme_name(&self) -> String {
        self.theme.clone()
    }

    /// What the last good build's suggestion form requires (checked by the preview inbox).
    pub fn form_rules(&self) -> crate::serve::http::FormRules {
        let questions = self
            .loaded
            .as_ref()
            .and_then(|l| l.content.suggestions.as_ref())
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

    /// Warnings of the last good build.
    pub fn warnings(&self) -> &[Diagnostic] {
        self.loaded.as_ref().map_or(&[], |l| &l.content.warnings)
    }

    /// Loads and renders everything; on success the delta holds every file.
    pub fn rebuild_all(&mut self) -> Result<Delta, Diagnostics> {
        if let Ok(c) = config::load(&self.site_dir, self.opts.base_url.as_deref()) {
            // Even if the rest fails, edits to this theme must be noticed.
            self.theme = c.theme;
        }
        let (
            content::Parts {
                config,
                posts: sources,
                extras,
            },
            theme,
        ) = crate::pipeline::load(&self.site_dir, &self.opts)?;
        let content = content::assemble(
            &self.site_dir,
            config.clone(),
            sources.clone(),
            extras,
            &self.opts,
        );
        let rendered = content
            .posts
            .iter()
            .map(|p| (p.src.source.clone(), p.clone()))
            .collect();
        let sources = sources
            .into_iter()
            .map(|s| (s.source.clone(), Arc::new(s)))
            .collect();
        let links = site_links(&config, &sources, &content, &self.opts);
        let old = self.loaded.take();
        let next = Loaded {
            config,
            links,
            sources,
            rendered,
            content,
            theme,
        };
        match render_delta(&next, &self.keys, true) {
            Ok((delta, keys)) => {
                self.keys = keys;
                self.loaded = Some(next);
                self.pending.clear();
                Ok(delta)
            }
            Err(e) => {
                self.loaded = old;
                Err(e)
            }
        }
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
        let result = self.apply_rel(&rel);
        if result.is_err() {
            self.pending = rel;
        }
        // The same problems as `build` reports: every broken source and template at once,
        // not only those of the files this batch touched.
        result.map_err(|e| crate::pipeline::diagnose(&self.site_dir, &self.opts).unwrap_or(e))
    }

    fn apply_rel(&mut self, rel: &[PathBuf]) -> Result<Delta, Diagnostics> {
        let theme_name = self.theme_name();
        let kinds: Vec<ChangeKind> = rel.iter().map(|p| classify(p, &theme_name)).collect();
        let has = |k: ChangeKind| kinds.contains(&k);
        if self.loaded.is_none() || has(ChangeKind::Config) || self.bundles_changed(rel) {
            return self.rebuild_all();
        }
        if kinds.iter().all(|k| *k == ChangeKind::Ignore) {
            return Ok(Delta::default());
        }
        let result = self.update(rel, &kinds);
        if result.is_err() && self.loaded.is_some() && !matches!(result, Err(Failed::Unchanged(_)))
        {
            // Half-updated: the next change rebuilds everything from the files.
            self.loaded = None;
        }
        let mut delta = result.map_err(Failed::into_diagnostics)?;
        delta.css_only = kinds.iter().all(|k| *k == ChangeKind::Static)
            && rel
                .iter()
                .all(|p| p.extension().is_some_and(|e| e == "css"));
        Ok(delta)
    }

    /// An `index.md` appeared or vanished: files around it change from posts to a
    /// bundle's files or back. Rare; a full rebuild gets it right.
    fn bundles_changed(&self, rel: &[PathBuf]) -> bool {
        let Some(loaded) = &self.loaded else {
            return false;
        };
        rel.iter().any(|p| {
            p.starts_with("posts")
                && p.file_name().is_some_and(|n| n == "index.md")
                && self.site_dir.join(p).is_file() != loaded.sources.contains_key(p)
        })
    }

    /// Each kind of change in turn, cheapest last, then one render of what changed.
    fn update(&mut self, rel: &[PathBuf], kinds: &[ChangeKind]) -> Result<Delta, Failed> {
        let of_kind = |k: ChangeKind| -> Vec<PathBuf> {
            rel.iter()
                .zip(kinds)
                .filter(|(_, x)| **x == k)
                .map(|(p, _)| p.clone())
                .collect()
        };
        let (posts, statics) = (of_kind(ChangeKind::Post), of_kind(ChangeKind::Static));
        // A photo named in contact.yaml or a testimonial may have gone: check them again.
        let static_gone = statics.iter().any(|p| !self.site_dir.join(p).exists());
        let mut full = false;
        let failed = |touched: bool| {
            move |e| {
                if touched {
                    Failed::Changed(e)
                } else {
                    Failed::Unchanged(e)
                }
            }
        };
        if kinds.contains(&ChangeKind::Theme) {
            let loaded = self.loaded.as_mut().expect("loaded");
            loaded.theme =
                theme::load(&self.site_dir, &loaded.config.theme).map_err(Failed::Unchanged)?;
            full = true;
        }
        if kinds.contains(&ChangeKind::Extras) || static_gone {
            self.reload_extras().map_err(failed(full))?;
            full = true;
        }
        if !posts.is_empty() || !statics.is_empty() {
            self.update_posts(&posts, !statics.is_empty())
                .map_err(failed(full))?;
        }
        let loaded = self.loaded.as_ref().expect("loaded");
        let (mut delta, keys) = render_delta(loaded, &self.keys, full).map_err(Failed::Changed)?;
        self.keys = keys;
        // Copied files are served from disk: an edited one is the same job with new bytes.
        let assets: HashMap<&Path, &content::Asset> = loaded
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
        Ok(delta)
    }

    /// Rereads pages, testimonials, contact and suggestions; posts are kept as rendered
    /// unless the set of pages (which posts may link to) changed.
    fn reload_extras(&mut self) -> Result<(), Diagnostics> {
        let extras = content::load_extras(&self.site_dir).map_err(Diagnostics)?;
        let loaded = self.loaded.as_mut().expect("loaded");
        let old_pages: BTreeSet<&PathBuf> =
            loaded.content.pages.iter().map(|p| &p.src.source).collect();
        let same_pages = old_pages == extras.pages.iter().map(|p| &p.source).collect();
        if same_pages {
            let mut content = loaded.content.clone();
            content.pages = extras
                .pages
                .into_iter()
                .map(|src| Arc::new(content::render_page(src, &loaded.links)))
                .collect();
            content.pages.sort_by(|a, b| a.path.cmp(&b.path));
            content.testimonials = extras.testimonials;
            content.contact = extras.contact;
            content.suggestions = extras.suggestions;
            content.warnings = extras.warnings;
            loaded.content = content;
        } else {
            let sources: Vec<PostSource> = loaded.sources.values().map(|s| (**s).clone()).collect();
            loaded.content = content::assemble(
                &self.site_dir,
                loaded.config.clone(),
                sources,
                extras,
                &self.opts,
            );
            loaded.links = site_links(&loaded.config, &loaded.sources, &loaded.content, &self.opts);
            loaded.rendered = loaded
                .content
                .posts
                .iter()
                .map(|p| (p.src.source.clone(), p.clone()))
                .collect();
        }
        Ok(())
    }

    /// Re-reads the given post files and renders the posts that changed (or link to a
    /// post that moved). Work follows the change, apart from passes over pointer lists.
    fn update_posts(
        &mut self,
        changed: &[PathBuf],
        static_changed: bool,
    ) -> Result<(), Diagnostics> {
        let loaded = self.loaded.as_mut().expect("loaded");
        let (read, gone) = post_files_to_read(&self.site_dir, &loaded.sources, changed);
        let updates = parse_posts(&self.site_dir, read, gone)?;
        let moved = loaded.apply_post_updates(updates, &self.opts);
        let mut content = loaded.content.clone();
        if !moved.is_empty() {
            loaded.rerender_linking(&moved, &mut content);
        }
        let mut posts: Vec<Arc<Post>> = loaded.rendered.values().cloned().collect();
        content::sort_posts(&mut posts);
        let static_dir = self.site_dir.join("static");
        content.assets = if static_changed {
            content::static_assets(&self.site_dir)
        } else {
            content
                .assets
                .iter()
                .filter(|a| a.source.starts_with(&static_dir))
                .cloned()
                .collect()
        };
        content.assets.extend(
            posts
                .iter()
                .flat_map(|p| content::bundle_assets(&self.site_dir, p)),
        );
        content.posts = posts;
        loaded.content = content;
        Ok(())
    }
}

impl Loaded {
    /// Puts parsed posts (None: gone) into the sources, the link index and the rendered
    /// posts; returns the names links may use for posts whose URL changed.
    fn apply_post_updates(
        &mut self,
        updates: Vec<(PathBuf, Option<PostSource>)>,
        opts: &LoadOptions,
    ) -> Vec<String> {
        let published = |s: &PostSource| content::is_published(s, opts);
        let target = |s: Option<&PostSource>| s.filter(|s| published(s)).map(|s| s.slug.clone());
        let mut moved = Vec::new();
        for (path, new) in &updates {
            let old = self.sources.get(path).cloned();
            if target(old.as_deref()) != target(new.as_ref()) {
                // Names links may use: the file name, and `SLUG.md` for a bundle.
                moved.extend(path.file_name().map(|n| n.to_string_lossy().into_owned()));
                moved.extend(
                    [old.as_deref(), new.as_ref()]
                        .into_iter()
                        .flatten()
                        .map(|s| format!("{}.md", s.slug)),
                );
            }
            self.links.set(
                path,
                old.as_deref().filter(|s| published(s)),
                new.as_ref().filter(|s| published(s)),
            );
            self.rendered.remove(path);
            match new {
                Some(src) => self.sources.insert(path.clone(), Arc::new(src.clone())),
                None => self.sources.remove(path),
            };
        }
        for (path, new) in updates {
            if let Some(src) = new.filter(|s| published(s)) {
                self.rendered
                    .insert(path, Arc::new(content::render_post(src, &self.links)));
            }
        }
        moved
    }

    /// Renders again the posts and pages whose links may point at a moved post.
    fn rerender_linking(&mut self, moved: &[String], content: &mut Content) {
        let links_to_moved =
            |body: &str| body.contains(".md") && moved.iter().any(|m| body.contains(m.as_str()));
        let stale: Vec<PathBuf> = self
            .rendered
            .iter()
            .filter(|(_, p)| links_to_moved(&p.src.body))
            .map(|(k, _)| k.clone())
            .collect();
        for path in stale {
            let src = self.sources[&path].as_ref().clone();
            self.rendered
                .insert(path, Arc::new(content::render_post(src, &self.links)));
        }
        content.intro_html = content::render_intro(&content.config, &self.links);
        content.pages = content
            .pages
            .iter()
            .map(|p| Arc::new(content::render_page(p.src.clone(), &self.links)))
            .collect();
    }
}

/// Which post files a batch of changed paths asks to read again, and which posts are gone.
fn post_files_to_read(
    site_dir: &Path,
    sources: &BTreeMap<PathBuf, Arc<PostSource>>,
    changed: &[PathBuf],
) -> (BTreeSet<PathBuf>, Vec<PathBuf>) {
    let mut read = BTreeSet::new();
    let mut gone = Vec::new();
    for p in changed {
        let full = site_dir.join(p);
        if full.is_dir() {
            // A folder appeared or changed (mkdir, rename, checkout): read the new posts in it.
            // Known files have events of their own (pollers report every changed folder).
            let known = |f: &Path, key: &Path| {
                sources
                    .get(key)
                    .is_some_and(|s| s.source == f || s.bundle_files.iter().any(|b| b == f))
            };
            read.extend(
                walk::files(site_dir, &p.to_string_lossy())
                    .iter()
                    .filter_map(|f| post_key(site_dir, f).filter(|key| !known(f, key))),
            );
            // A folder renamed and made again in one batch: what it held before may be gone.
            for (k, src) in sources
                .range(p.clone()..)
                .take_while(|(k, _)| k.starts_with(p))
            {
                if !site_dir.join(k).exists() {
                    gone.push(k.clone());
                } else if src.bundle_files.iter().any(|f| !site_dir.join(f).exists()) {
                    read.insert(k.clone());
                }
            }
        } else if !full.exists() {
            // Gone: a folder of posts, a vanished bundle's file, or an editor's temporary file.
            gone.extend(
                sources
                    .range(p.clone()..)
                    .map(|(k, _)| k)
                    .take_while(|k| k.starts_with(p))
                    .cloned(),
            );
            if let Some(index) = p
                .ancestors()
                .skip(1)
                .map(|a| a.join("index.md"))
                .find(|i| sources.contains_key(i))
            {
                read.insert(index);
            }
        } else if let Some(key) = post_key(site_dir, p) {
            // A post, or a file of a bundle (re-read the bundle so its file list is current).
            read.insert(key);
        }
    }
    (read, gone)
}

/// Parses the posts to read; a post that vanished (or links outside the site) is None.
/// Any error leaves everything as it was.
fn parse_posts(
    site_dir: &Path,
    read: BTreeSet<PathBuf>,
    gone: Vec<PathBuf>,
) -> Result<Vec<(PathBuf, Option<PostSource>)>, Diagnostics> {
    let mut errors = Vec::new();
    let mut updates: Vec<(PathBuf, Option<PostSource>)> =
        gone.into_iter().map(|p| (p, None)).collect();
    for p in read {
        if !walk::is_inside(site_dir, &p) {
            updates.push((p, None));
            continue;
        }
        match walk::read_text(site_dir, &p) {
            Err(_) if !site_dir.join(&p).exists() => updates.push((p, None)),
            Err(e) => errors.push(e),
            Ok(text) => match content::post::parse(&p, &text) {
                Ok(mut src) => {
                    if src.is_bundle() {
                        src.bundle_files = bundle_files(site_dir, &p);
                    }
                    updates.push((p, Some(src)));
                }
                Err(e) => errors.extend(e.0),
            },
        }
    }
    if errors.is_empty() {
        Ok(updates)
    } else {
        Err(Diagnostics(errors).sorted())
    }
}

/// Why an update failed, and whether the state was touched before it did.
enum Failed {
    /// Nothing was changed: the last good state stands.
    Unchanged(Diagnostics),
    /// Part of the state was replaced: rebuild from the files next time.
    Changed(Diagnostics),
}

impl Failed {
    fn into_diagnostics(self) -> Diagnostics {
        match self {
            Failed::Unchanged(d) | Failed::Changed(d) => d,
        }
    }
}

fn site_links(
    config: &Config,
    sources: &BTreeMap<PathBuf, Arc<PostSource>>,
    content: &Content,
    opts: &LoadOptions,
) -> SiteLinks {
    let pages: Vec<_> = content.pages.iter().map(|p| p.src.clone()).collect();
    SiteLinks::new(
        config,
        sources
            .values()
            .map(|s| s.as_ref())
            .filter(|s| content::is_published(s, opts)),
        &pages,
    )
}

/// The files of the bundle `index`: those whose nearest `index.md` folder is its own
/// (a nested bundle keeps its files), as a full build counts them.
fn bundle_files(site_dir: &Path, index: &Path) -> Vec<PathBuf> {
    let dir = index.parent().unwrap_or(Path::new(""));
    let files = walk::files(site_dir, &dir.to_string_lossy());
    let nested: BTreeSet<&Path> = files
        .iter()
        .filter(|f| *f != index && f.file_name().is_some_and(|n| n == "index.md"))
        .filter_map(|f| f.parent())
        .collect();
    files
        .iter()
        .filter(|f| {
            *f != index
                && !f
                    .ancestors()
                    .skip(1)
                    .take_while(|a| *a != dir)
                    .any(|a| nested.contains(a))
        })
        .cloned()
        .collect()
}

/// The post file a changed path belongs to: its bundle's `index.md`, or itself if a post.
fn post_key(site_dir: &Path, rel: &Path) -> Option<PathBuf> {
    bundle_index(site_dir, rel).or_else(|| {
        rel.extension()
            .is_some_and(|e| e == "md")
            .then(|| rel.to_path_buf())
    })
}

/// The `index.md` of the bundle that holds `rel`, if any.
fn bundle_index(site_dir: &Path, rel: &Path) -> Option<PathBuf> {
    rel.ancestors()
        .skip(1)
        .take_while(|a| a.starts_with("posts") && *a != Path::new("posts"))
        .map(|a| a.join("index.md"))
        .find(|i| site_dir.join(i).is_file())
}

/// Renders the jobs whose fingerprint changed since `old_keys` (what is served now), or all
/// when `full`; returns the change and the new fingerprints.
fn render_delta(
    loaded: &Loaded,
    old_keys: &HashMap<String, u64>,
    full: bool,
) -> Result<(Delta, HashMap<String, u64>), Diagnostics> {
    let renderer = Renderer::new(&loaded.content, &loaded.theme, RENDER);
    let jobs = renderer.jobs();
    let mut keys = HashMap::with_capacity(jobs.len());
    let mut todo: Vec<Job> = Vec::new();
    let mut new_paths = false;
    for job in &jobs {
        let path = renderer.path(job);
        let key = renderer.key(job);
        let old = old_keys.get(&path);
        new_paths |= old.is_none();
        if full || old != Some(&key) {
            todo.push(*job);
        }
        keys.insert(path, key);
    }
    // Only new paths can clash (the old set was checked); the full check says where.
    if full || new_paths || keys.len() < jobs.len() {
        renderer.check_collisions(&jobs)?;
    }
    let upserts = renderer.render_all(&todo)?;
    let removed = old_keys
        .keys()
        .filter(|p| !keys.contains_key(*p))
        .cloned()
        .collect();
    Ok((
        Delta {
            upserts,
            removed,
            css_only: false,
        },
        keys,
    ))
}
