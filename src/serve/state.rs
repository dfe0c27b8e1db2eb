//! The preview's model of the site: the last good build, kept in memory, and the
//! cheapest correct update for each batch of changed files.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::classify::{ChangeKind, classify};
use crate::config::{self, Config};
use crate::content::{self, Content, LoadOptions, Post, PostSource, links::SiteLinks, walk};
use crate::error::{Diagnostic, Diagnostics};
use crate::output::Output;
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
    sources: BTreeMap<PathBuf, PostSource>,
    rendered: HashMap<PathBuf, Arc<Post>>,
    content: Content,
    theme: Theme,
    keys: HashMap<String, u64>,
}

/// The preview state: the site folder and its last good build.
pub struct Preview {
    site_dir: PathBuf,
    opts: LoadOptions,
    loaded: Option<Loaded>,
    /// Changes of failed rebuilds, retried with the next batch so none is lost.
    pending: Vec<PathBuf>,
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
        }
    }

    /// The theme in use (for the watcher), `default` before the first good build.
    pub fn theme_name(&self) -> String {
        self.loaded
            .as_ref()
            .map_or_else(|| "default".into(), |l| l.config.theme.clone())
    }

    /// Warnings of the last good build.
    pub fn warnings(&self) -> &[Diagnostic] {
        self.loaded.as_ref().map_or(&[], |l| &l.content.warnings)
    }

    /// Loads and renders everything; on success the delta holds every file.
    pub fn rebuild_all(&mut self) -> Result<Delta, Diagnostics> {
        let mut warnings = Vec::new();
        let mut errors = Vec::new();
        let config = config::load(&self.site_dir, self.opts.base_url.as_deref())
            .map_err(|e| errors.push(e))
            .ok();
        let (sources, post_errors) = content::load_posts(&self.site_dir, &mut warnings);
        errors.extend(post_errors);
        let extras = content::load_extras(&self.site_dir)
            .map_err(|e| errors.extend(e))
            .ok();
        let (Some(config), Some(mut extras)) = (config, extras) else {
            return Err(Diagnostics(errors).sorted());
        };
        if !errors.is_empty() {
            return Err(Diagnostics(errors).sorted());
        }
        extras.warnings.extend(warnings);
        let theme = theme::load(&self.site_dir, &config.theme)?;
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
        let sources = sources.into_iter().map(|s| (s.source.clone(), s)).collect();
        let old = self.loaded.take();
        let mut next = Loaded {
            config,
            sources,
            rendered,
            content,
            theme,
            keys: HashMap::new(),
        };
        match render_delta(&mut next, old.as_ref().map(|o| &o.keys), true) {
            Ok(delta) => {
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
        for p in changed {
            let p = p
                .strip_prefix(&self.site_dir)
                .map(Path::to_path_buf)
                .unwrap_or_else(|_| p.clone());
            if !rel.contains(&p) {
                rel.push(p);
            }
        }
        let result = self.apply_rel(&rel);
        if result.is_err() {
            self.pending = rel;
        }
        result
    }

    fn apply_rel(&mut self, rel: &[PathBuf]) -> Result<Delta, Diagnostics> {
        let theme_name = self.theme_name();
        let kind = rel
            .iter()
            .map(|p| classify(p, &theme_name))
            .max()
            .unwrap_or(ChangeKind::Ignore);
        if self.loaded.is_none() || kind == ChangeKind::Config {
            return self.rebuild_all();
        }
        match kind {
            ChangeKind::Ignore => Ok(Delta::default()),
            ChangeKind::Config => unreachable!("handled above"),
            ChangeKind::Theme => self.reload_theme(),
            ChangeKind::Extras => self.reload_extras(),
            ChangeKind::Post | ChangeKind::Static => {
                let posts: Vec<PathBuf> = rel
                    .iter()
                    .filter(|p| classify(p, &theme_name) == ChangeKind::Post)
                    .cloned()
                    .collect();
                let css_only = kind == ChangeKind::Static
                    && rel
                        .iter()
                        .all(|p| p.extension().is_some_and(|e| e == "css"));
                let mut delta = self.update_posts(&posts)?;
                delta.css_only = css_only;
                Ok(delta)
            }
        }
    }

    fn reload_theme(&mut self) -> Result<Delta, Diagnostics> {
        let loaded = self.loaded.as_mut().expect("loaded");
        let theme = theme::load(&self.site_dir, &loaded.config.theme)?;
        let old_theme = std::mem::replace(&mut loaded.theme, theme);
        let old_keys = loaded.keys.clone();
        render_delta(loaded, Some(&old_keys), true).inspect_err(|_| loaded.theme = old_theme)
    }

    fn reload_extras(&mut self) -> Result<Delta, Diagnostics> {
        let extras = content::load_extras(&self.site_dir).map_err(Diagnostics)?;
        let loaded = self.loaded.as_mut().expect("loaded");
        let sources: Vec<PostSource> = loaded.sources.values().cloned().collect();
        let content = content::assemble(
            &self.site_dir,
            loaded.config.clone(),
            sources,
            extras,
            &self.opts,
        );
        let old_content = std::mem::replace(&mut loaded.content, content);
        loaded.rendered = loaded
            .content
            .posts
            .iter()
            .map(|p| (p.src.source.clone(), p.clone()))
            .collect();
        let old_keys = loaded.keys.clone();
        render_delta(loaded, Some(&old_keys), true).inspect_err(|_| loaded.content = old_content)
    }

    /// Re-reads the given post files, re-renders the pages that show them.
    fn update_posts(&mut self, changed: &[PathBuf]) -> Result<Delta, Diagnostics> {
        let site_dir = self.site_dir.clone();
        let loaded = self.loaded.as_mut().expect("loaded");
        let mut md: BTreeMap<PathBuf, ()> = BTreeMap::new();
        let mut new_sources = loaded.sources.clone();
        for p in changed {
            let full = site_dir.join(p);
            if full.is_dir() {
                // A folder appeared (mkdir, rename, checkout): read the posts inside it.
                for f in walk::files(&site_dir, &p.to_string_lossy()) {
                    if let Some(key) = post_key(&site_dir, &f) {
                        md.insert(key, ());
                    }
                }
            } else if let Some(key) = post_key(&site_dir, p) {
                // A post, or a file of a bundle (re-read the bundle so its file list is current).
                md.insert(key, ());
            } else if !full.exists() {
                // Gone: a folder of posts, a bundle's file, or an editor's temporary file.
                new_sources.retain(|k, _| !k.starts_with(p));
                if let Some(src) = loaded.sources.values().find(|s| s.bundle_files.contains(p)) {
                    md.insert(src.source.clone(), ());
                }
            }
        }
        let mut errors = Vec::new();
        for p in md.keys() {
            match walk::read_text(&site_dir, p) {
                Err(_) if !site_dir.join(p).exists() => {
                    new_sources.remove(p);
                }
                Err(e) => errors.push(e),
                Ok(text) => match content::post::parse(p, &text) {
                    Ok(mut src) => {
                        if src.is_bundle() {
                            src.bundle_files = bundle_files(&site_dir, p);
                        }
                        new_sources.insert(p.clone(), src);
                    }
                    Err(e) => errors.extend(e.0),
                },
            }
        }
        if !errors.is_empty() {
            return Err(Diagnostics(errors).sorted());
        }
        let opts = &self.opts;
        let published = |s: &&PostSource| content::is_published(s, opts);
        let old_urls = url_map(&loaded.sources);
        let new_urls = url_map(&new_sources);
        let pages: Vec<_> = loaded.content.pages.iter().map(|p| p.src.clone()).collect();
        let pub_sources: Vec<PostSource> =
            new_sources.values().filter(published).cloned().collect();
        let links = SiteLinks::new(&loaded.config, &pub_sources, &pages);
        // Posts whose links may point at a post that moved, appeared or vanished.
        let moved: Vec<String> = old_urls
            .iter()
            .filter(|(k, v)| new_urls.get(*k) != Some(*v))
            .chain(new_urls.iter().filter(|(k, _)| !old_urls.contains_key(*k)))
            .filter_map(|(k, _)| k.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        let mut rendered = HashMap::with_capacity(pub_sources.len());
        for src in new_sources.values().filter(published) {
            let same = loaded
                .sources
                .get(&src.source)
                .is_some_and(|old| same_source(old, src));
            let linked = !moved.is_empty()
                && src.body.contains(".md")
                && moved.iter().any(|m| src.body.contains(m.as_str()));
            let keep = if same && !linked {
                loaded.rendered.get(&src.source).cloned()
            } else {
                None
            };
            let post = keep.unwrap_or_else(|| Arc::new(content::render_post(src.clone(), &links)));
            rendered.insert(src.source.clone(), post);
        }
        let mut posts: Vec<Arc<Post>> = rendered.values().cloned().collect();
        content::sort_posts(&mut posts);
        let mut content = loaded.content.clone();
        content.assets = content::all_assets(&site_dir, &posts);
        content.posts = posts;
        let old_content = std::mem::replace(&mut loaded.content, content);
        let old_rendered = std::mem::replace(&mut loaded.rendered, rendered);
        let old_sources = std::mem::replace(&mut loaded.sources, new_sources);
        let old_keys = loaded.keys.clone();
        render_delta(loaded, Some(&old_keys), false).inspect_err(|_| {
            loaded.content = old_content;
            loaded.rendered = old_rendered;
            loaded.sources = old_sources;
        })
    }
}

fn same_source(a: &PostSource, b: &PostSource) -> bool {
    a.body == b.body
        && a.title == b.title
        && a.slug == b.slug
        && a.date == b.date
        && a.updated == b.updated
        && a.description == b.description
        && a.tags == b.tags
        && a.author == b.author
        && a.draft == b.draft
        && a.image == b.image
        && a.extra == b.extra
        && a.bundle_files == b.bundle_files
}

fn url_map(sources: &BTreeMap<PathBuf, PostSource>) -> HashMap<PathBuf, String> {
    sources
        .iter()
        .map(|(k, v)| (k.clone(), v.slug.clone()))
        .collect()
}

fn bundle_files(site_dir: &Path, index: &Path) -> Vec<PathBuf> {
    let dir = index.parent().unwrap_or(Path::new(""));
    walk::files(site_dir, &dir.to_string_lossy())
        .into_iter()
        .filter(|f| f != index)
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

/// Renders the jobs whose fingerprint changed (or all, when `full`), and records the new keys.
fn render_delta(
    loaded: &mut Loaded,
    old_keys: Option<&HashMap<String, u64>>,
    full: bool,
) -> Result<Delta, Diagnostics> {
    let renderer = Renderer::new(&loaded.content, &loaded.theme, RENDER);
    let jobs = renderer.jobs();
    renderer.check_collisions(&jobs)?;
    let mut keys = HashMap::with_capacity(jobs.len());
    let mut todo: Vec<Job> = Vec::new();
    for job in jobs {
        let (path, _) = renderer.target(&job);
        let key = renderer.job_key(&job);
        let changed = full || old_keys.and_then(|k| k.get(&path)) != Some(&key);
        keys.insert(path, key);
        if changed {
            todo.push(job);
        }
    }
    let upserts = renderer.render_all(&todo)?;
    let removed = old_keys.map_or_else(Vec::new, |old| {
        old.keys()
            .filter(|p| !keys.contains_key(*p))
            .cloned()
            .collect()
    });
    loaded.keys = keys;
    Ok(Delta {
        upserts,
        removed,
        css_only: false,
    })
}
