//! The assembled site: post sources keyed by path, each post rendered once and shared
//! (`Arc`), and the [`Content`] lists made from them. One function, [`assemble`], makes it
//! for both commands: `build` from nothing, `serve` from its last good site and the paths
//! that changed. Nothing else decides how posts, bundles and pages are counted.

pub mod classify;
mod update;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::content::{self, Content, LoadOptions, Post, PostSource, links::SiteLinks};
use crate::error::Diagnostics;
use crate::render::{Theme, theme};
use classify::{ChangeKind, classify};
use update::site_links;

/// A site assembled from its sources: immutable to its readers, updated by [`assemble`].
pub struct Site {
    /// `site.yaml`.
    pub config: Config,
    /// The theme.
    pub theme: Theme,
    /// The lists a render reads.
    pub content: Content,
    site_dir: PathBuf,
    links: SiteLinks,
    /// The themes of the site's second and further languages (their words and dates).
    themes: Vec<Theme>,
    /// Each language's content, the first's included, when the site has more than one.
    split: Vec<Content>,
    /// Every post source (drafts included), by path relative to the site folder.
    sources: BTreeMap<PathBuf, Arc<PostSource>>,
    /// The published posts, rendered, by source path.
    rendered: HashMap<PathBuf, Arc<Post>>,
}

/// What changed since the previous site.
#[derive(Debug, Clone, Copy)]
pub enum Changes<'a> {
    /// Unknown: read the whole site folder.
    All,
    /// These paths, relative to the site folder.
    Paths(&'a [PathBuf]),
}

/// A site and whether every output must be rendered again (not only the jobs whose inputs
/// changed): files of a theme on disk are not part of the inputs' hashes.
pub struct Assembled {
    /// The new site.
    pub site: Site,
    /// Render every job.
    pub full: bool,
}

/// Why a site could not be assembled, and the previous site when it is still whole.
pub struct Failure {
    /// Every problem, as `build` reports them.
    pub diagnostics: Diagnostics,
    /// The previous site, untouched, when the update failed before changing it.
    pub previous: Option<Box<Site>>,
}

/// Assembles the site in `site_dir`: everything when there is no previous site or
/// `changes` is `All`, else the previous site with `changes` applied, doing the least work
/// that gives the same site as a full assembly (the randomized tests hold it to that).
///
/// `cache`: the build cache, for posts' rendered Markdown (a build uses one; `serve` keeps
/// everything in memory).
pub fn assemble(
    site_dir: &Path,
    opts: &LoadOptions,
    previous: Option<Site>,
    changes: Changes,
    cache: Option<&crate::cache::Cache>,
) -> Result<Assembled, Failure> {
    let (previous, paths) = match (previous, changes) {
        (Some(p), Changes::Paths(paths)) => (p, paths),
        (previous, _) => return full(site_dir, opts, previous, cache),
    };
    let kinds: Vec<ChangeKind> = paths
        .iter()
        .map(|p| classify(p, &previous.config.theme, &previous.config.languages))
        .collect();
    if kinds.contains(&ChangeKind::Config)
        || paths.iter().any(|p| {
            previous.config.brand.reads(p)
                || previous.config.hero.as_ref().is_some_and(|h| h.file == *p)
        })
        || update::bundles_changed(site_dir, &previous.sources, paths)
    {
        return full(site_dir, opts, Some(previous), None);
    }
    if kinds.iter().all(|k| *k == ChangeKind::Ignore) {
        return Ok(Assembled {
            site: previous,
            full: false,
        });
    }
    previous.update(site_dir, opts, paths, &kinds).map(split)
}

/// Splits a site of more than one language into each language's content.
fn split(mut assembled: Assembled) -> Assembled {
    let site = &mut assembled.site;
    site.split = match site.config.multilingual() {
        true => (0..site.config.languages.len())
            .map(|i| site.content.for_language(i, &site.links))
            .collect(),
        false => Vec::new(),
    };
    assembled
}

/// The themes of a site's second and further languages.
fn other_themes(site_dir: &Path, config: &Config) -> Result<Vec<Theme>, Diagnostics> {
    let (themes, errors) = crate::error::partition(
        (config.languages.iter().skip(1)).map(|l| theme::load(site_dir, &config.theme, l)),
    );
    match errors.is_empty() {
        true => Ok(themes),
        false => Err(Diagnostics(errors).sorted()),
    }
}

/// Reads the site's sources and its theme, reporting the problems of both in one run
/// (content and template errors together, sorted).
///
/// `reading`: whether posts' Markdown is kept (see [`content::Reading`]).
pub fn load(
    site_dir: &Path,
    opts: &LoadOptions,
    reading: content::Reading,
) -> Result<(content::Parts, Theme), Diagnostics> {
    let parts = content::load_parts(site_dir, opts, reading);
    // With a broken site.yaml, the theme it names can still be checked when it reads.
    let theme_name = match &parts {
        Ok(p) => Some((p.config.theme.clone(), p.config.language.clone())),
        Err(_) => crate::config::load(site_dir, None)
            .ok()
            .map(|c| (c.theme, c.language)),
    };
    let theme = theme_name.map(|(name, lang)| theme::load(site_dir, &name, &lang));
    match (parts, theme) {
        (Ok(parts), Some(Ok(theme))) => Ok((parts, theme)),
        (parts, theme) => {
            let mut errors = Vec::new();
            if let Err(e) = parts {
                errors.extend(e.0);
            }
            if let Some(Err(e)) = theme {
                errors.extend(e.0);
            }
            Err(Diagnostics(errors).sorted())
        }
    }
}

/// Reads and renders everything; on failure the previous site stands.
fn full(
    site_dir: &Path,
    opts: &LoadOptions,
    previous: Option<Site>,
    cache: Option<&crate::cache::Cache>,
) -> Result<Assembled, Failure> {
    // A build (with a cache) keeps no Markdown in memory; `serve` keeps it for updates.
    let reading = match cache {
        Some(cache) => content::Reading::Lean(Some(cache)),
        None => content::Reading::Whole,
    };
    let (parts, theme) = match load(site_dir, opts, reading) {
        Ok(loaded) => loaded,
        Err(diagnostics) => {
            return Err(Failure {
                diagnostics,
                previous: previous.map(Box::new),
            });
        }
    };
    let content::Parts {
        config,
        posts,
        extras,
    } = parts;
    let sources = posts
        .iter()
        .map(|s| (s.source.clone(), s.clone()))
        .collect();
    // The images of the previous site stay known when they are made the same way.
    let images = previous
        .as_ref()
        .map(|p| p.content.images.clone())
        .filter(|i| i.settings == config.images)
        .unwrap_or_else(|| {
            // The preview has no build cache of its own: its images go to the site's.
            let dir = match cache {
                Some(c) => Ok(c.dir().clone()),
                None => crate::cache::CacheDir::claim(&crate::cache::default_dir(site_dir))
                    .map_err(|e| e.to_string()),
            };
            Arc::new(crate::images::Images::new(
                site_dir,
                config.images.clone(),
                dir,
            ))
        });
    // The further languages' themes are read while the posts render (serial work beside
    // parallel work: a second language adds no wait of its own).
    let (themes, content) = rayon::join(
        || other_themes(site_dir, &config),
        || content::assemble(site_dir, config.clone(), posts, extras, opts, cache, images),
    );
    let themes = match themes {
        Ok(t) => t,
        Err(diagnostics) => {
            return Err(Failure {
                diagnostics,
                previous: previous.map(Box::new),
            });
        }
    };
    let rendered = content
        .posts
        .iter()
        .map(|p| (p.src.source.clone(), p.clone()))
        .collect();
    let links = site_links(&config, &sources, &content, opts);
    Ok(split(Assembled {
        site: Site {
            config,
            theme,
            themes,
            split: Vec::new(),
            content,
            site_dir: site_dir.to_path_buf(),
            links,
            sources,
            rendered,
        },
        full: true,
    }))
}

impl Site {
    /// How Markdown links resolve on this site.
    pub fn links(&self) -> &SiteLinks {
        &self.links
    }

    /// The site folder.
    pub fn site_dir(&self) -> &Path {
        &self.site_dir
    }

    /// Each language's content and theme, the default language first: the site's own
    /// for a site of one language.
    pub fn languages(&self) -> Vec<(&Content, &Theme)> {
        match self.split.is_empty() {
            true => vec![(&self.content, &self.theme)],
            false => (self.split.iter())
                .zip(std::iter::once(&self.theme).chain(&self.themes))
                .collect(),
        }
    }

    /// Number of post files (drafts and future posts included).
    pub fn post_files(&self) -> usize {
        self.sources.len()
    }

    /// Drops what only later updates need: the keyed store, and every post's Markdown
    /// (`build` uses a site once; its posts' HTML is in the build cache or in memory).
    pub fn forget_sources(&mut self) {
        self.sources.clear();
        self.rendered.clear();
        // Each language's lists share the posts too.
        self.split.clear();
        // The tags' lists share the posts: let go of them so each post has one owner.
        self.content.tags = Default::default();
        for post in &mut self.content.posts {
            if let Some(post) = Arc::get_mut(post)
                && let Some(src) = Arc::get_mut(&mut post.src)
            {
                src.body = String::new();
            }
        }
        self.content.tags = Arc::new(content::tags::Tags::new(&self.content.posts));
        if self.config.multilingual() {
            self.split = (0..self.config.languages.len())
                .map(|i| self.content.for_language(i, &self.links))
                .collect();
        }
    }

    /// Each kind of change in turn, cheapest last.
    fn update(
        mut self,
        site_dir: &Path,
        opts: &LoadOptions,
        paths: &[PathBuf],
        kinds: &[ChangeKind],
    ) -> Result<Assembled, Failure> {
        let of_kind = |k: ChangeKind| -> Vec<PathBuf> {
            paths
                .iter()
                .zip(kinds)
                .filter(|(_, x)| **x == k)
                .map(|(p, _)| p.clone())
                .collect()
        };
        let (posts, statics) = (of_kind(ChangeKind::Post), of_kind(ChangeKind::Static));
        // A photo named in contact.yaml or a testimonial may have gone: check them again.
        let static_gone = statics.iter().any(|p| !site_dir.join(p).exists());
        let mut full = false;
        if kinds.contains(&ChangeKind::Theme) {
            let loaded = theme::load(site_dir, &self.config.theme, &self.config.language)
                .and_then(|t| Ok((t, other_themes(site_dir, &self.config)?)));
            match loaded {
                Ok((t, others)) => (self.theme, self.themes) = (t, others),
                Err(diagnostics) => {
                    return Err(Failure {
                        diagnostics,
                        previous: Some(Box::new(self)),
                    });
                }
            }
            full = true;
        }
        // After this point a failure leaves the site half-updated: it is dropped, and the
        // next change assembles everything from the files.
        let touched = |diagnostics, previous: Site, touched: bool| Failure {
            diagnostics,
            previous: (!touched).then(|| Box::new(previous)),
        };
        if kinds.contains(&ChangeKind::Extras) || static_gone {
            if let Err(e) = self.reload_extras(site_dir, opts) {
                return Err(touched(e, self, full));
            }
            full = true;
        }
        if (!posts.is_empty() || !statics.is_empty())
            && let Err(e) = self.update_posts(site_dir, opts, &posts, &statics)
        {
            return Err(touched(e, self, full));
        }
        Ok(Assembled { site: self, full })
    }

    /// Rereads pages, testimonials, contact and suggestions; posts are kept as rendered
    /// unless the set of pages (which posts may link to) changed.
    fn reload_extras(&mut self, site_dir: &Path, opts: &LoadOptions) -> Result<(), Diagnostics> {
        let extras = content::load_extras(site_dir, &self.config.languages).map_err(Diagnostics)?;
        let loaded = self;
        let old_pages: BTreeSet<&PathBuf> =
            loaded.content.pages.iter().map(|p| &p.src.source).collect();
        let same_pages = old_pages == extras.pages.iter().map(|p| &p.source).collect();
        // Posts and pages that name a menu item show its price: when what they show
        // changes, every post and page is rendered again.
        let menu = content::menu_references(
            &loaded.config,
            extras.menu.as_ref(),
            &extras.translations,
            loaded.content.now.date_naive(),
        );
        let same_menu = *menu == **loaded.links.menu();
        if same_pages && same_menu {
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
            content.surveys = extras.surveys;
            content.faq = (extras.faq.as_ref()).map(|f| content::faq::render(f, &loaded.links));
            content.services =
                (extras.services.as_ref()).map(|s| content::services::render(s, &loaded.links));
            content.menu = (extras.menu.as_ref()).map(|m| content::menu::render(m, &loaded.links));
            content.team = extras.team;
            content.locations = content::locations::render(&extras.locations, &loaded.links);
            content.events = (extras.events.iter())
                .map(|e| content::events::render(e, &loaded.links))
                .collect();
            content.newsletter = extras.newsletter;
            content.redirects = extras.redirects;
            content.translations = extras.translations;
            content::newsletter::prepare(&mut content.newsletter, &loaded.links, opts.drafts);
            for t in &mut content.translations {
                content::newsletter::prepare_issues(&mut t.issues, &loaded.links, opts.drafts);
            }
            content.warnings = extras.warnings;
            loaded.content = content;
        } else {
            let sources: Vec<Arc<PostSource>> = loaded.sources.values().cloned().collect();
            loaded.content = content::assemble(
                site_dir,
                loaded.config.clone(),
                sources,
                extras,
                opts,
                None,
                loaded.content.images.clone(),
            );
            loaded.links = site_links(&loaded.config, &loaded.sources, &loaded.content, opts);
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
    /// post that moved). Work follows the change: the post list and the tags take the new
    /// posts in place, and nothing is sorted or grouped again.
    fn update_posts(
        &mut self,
        site_dir: &Path,
        opts: &LoadOptions,
        changed: &[PathBuf],
        statics: &[PathBuf],
    ) -> Result<(), Diagnostics> {
        let (read, gone) = update::post_files_to_read(site_dir, &self.sources, changed);
        let updates = update::parse_posts(site_dir, read, gone)?;
        // Nothing fails from here on: the site is changed in place.
        let mut swaps = Swaps::default();
        let moved = self.apply_post_updates(updates, opts, &mut swaps);
        if !moved.is_empty() {
            self.rerender_linking(&moved, &mut swaps);
        }
        self.rerender_showing(changed, statics, &mut swaps);
        let bundles_changed = self.apply_swaps(swaps);
        if !statics.is_empty() || bundles_changed {
            let content = &mut self.content;
            let static_dir = site_dir.join(crate::layout::STATIC);
            let mut assets = if statics.is_empty() {
                (content.assets.iter())
                    .filter(|a| a.source.starts_with(&static_dir))
                    .cloned()
                    .collect()
            } else {
                content::static_assets(site_dir)
            };
            assets.extend((content.posts.iter()).flat_map(|p| content::bundle_assets(site_dir, p)));
            content.assets = assets;
        }
        Ok(())
    }

    /// Puts a post's rendering in place (None: not published), noting the one it replaces.
    fn set_rendered(&mut self, path: PathBuf, post: Option<Arc<Post>>, swaps: &mut Swaps) {
        let old = match post {
            Some(post) => self.rendered.insert(path.clone(), post),
            None => self.rendered.remove(&path),
        };
        swaps.0.entry(path).or_insert(old);
    }

    /// Replaces the swapped posts in the post list (each at its place in the order) and
    /// in the tags; true when a bundle was among them (its files are assets).
    fn apply_swaps(&mut self, swaps: Swaps) -> bool {
        let (mut removed, mut added) = (Vec::new(), Vec::new());
        for (path, old) in swaps.0 {
            let new = self.rendered.get(&path).cloned();
            if let (Some(a), Some(b)) = (&old, &new)
                && Arc::ptr_eq(a, b)
            {
                continue;
            }
            removed.extend(old);
            added.extend(new);
        }
        let posts = &mut self.content.posts;
        for old in &removed {
            let at = match posts.binary_search_by(|p| content::post_order(p, old)) {
                Ok(i) if Arc::ptr_eq(&posts[i], old) => Some(i),
                _ => posts.iter().position(|p| Arc::ptr_eq(p, old)),
            };
            if let Some(i) = at {
                posts.remove(i);
            }
        }
        for new in &added {
            let at =
                (posts.binary_search_by(|p| content::post_order(p, new))).unwrap_or_else(|i| i);
            posts.insert(at, new.clone());
        }
        Arc::make_mut(&mut self.content.tags).update(&removed, &added);
        (removed.iter().chain(&added)).any(|p| !p.src.bundle_files.is_empty())
    }

    /// Puts parsed posts (None: gone) into the sources, the link index and the rendered
    /// posts; returns the names links may use for posts whose URL changed.
    fn apply_post_updates(
        &mut self,
        updates: Vec<(PathBuf, Option<PostSource>)>,
        opts: &LoadOptions,
        swaps: &mut Swaps,
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
            self.set_rendered(path.clone(), None, swaps);
            match new {
                Some(src) => self.sources.insert(path.clone(), Arc::new(src.clone())),
                None => self.sources.remove(path),
            };
        }
        for (path, new) in updates {
            if new.is_some_and(|s| published(&s)) {
                let src = self.sources[&path].clone();
                let post = content::render_post(src, &self.links, None, &self.site_dir);
                self.set_rendered(path, Some(Arc::new(post)), swaps);
            }
        }
        moved
    }

    /// Renders again the published posts that `stale` picks.
    fn rerender_posts(&mut self, stale: impl Fn(&Post) -> bool, swaps: &mut Swaps) {
        let paths: Vec<PathBuf> = self
            .rendered
            .iter()
            .filter(|(_, p)| stale(p))
            .map(|(k, _)| k.clone())
            .collect();
        for path in paths {
            let src = self.sources[&path].clone();
            let post = content::render_post(src, &self.links, None, &self.site_dir);
            self.set_rendered(path, Some(Arc::new(post)), swaps);
        }
    }

    /// Renders again the posts and pages that show a changed image (its size is in their
    /// HTML).
    fn rerender_showing(&mut self, changed: &[PathBuf], statics: &[PathBuf], swaps: &mut Swaps) {
        let touched: std::collections::HashSet<&PathBuf> = changed.iter().chain(statics).collect();
        if touched.is_empty() {
            return;
        }
        let shows = |images: &[PathBuf]| images.iter().any(|f| touched.contains(f));
        self.rerender_posts(|p| shows(&p.images), swaps);
        if self.content.pages.iter().any(|p| shows(&p.images)) {
            self.content.pages = (self.content.pages.iter())
                .map(|p| match shows(&p.images) {
                    true => Arc::new(content::render_page(p.src.clone(), &self.links)),
                    false => p.clone(),
                })
                .collect();
        }
    }

    /// Renders again the posts and pages whose links may point at a moved post.
    fn rerender_linking(&mut self, moved: &[String], swaps: &mut Swaps) {
        let links_to_moved =
            |body: &str| body.contains(".md") && moved.iter().any(|m| body.contains(m.as_str()));
        self.rerender_posts(|p| links_to_moved(&p.src.body), swaps);
        (self.content.intro_html, self.content.intro_linked_images) =
            content::render_intro(&self.content.config, &self.links);
        self.content.pages = (self.content.pages.iter())
            .map(|p| Arc::new(content::render_page(p.src.clone(), &self.links)))
            .collect();
    }
}

/// The posts an update replaced: each path's rendered post before the update (None: none
/// was published), noted at its first change.
#[derive(Default)]
struct Swaps(HashMap<PathBuf, Option<Arc<Post>>>);

#[cfg(test)]
mod tests {
    use super::*;

    /// A build keeps no post's Markdown once the site is assembled, also for tagged posts
    /// (the tags' lists share the posts), and its tags are still whole.
    #[test]
    fn a_build_forgets_every_posts_markdown() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("site");
        let opts = LoadOptions::now(false, None);
        let mut site = assemble(&dir, &opts, None, Changes::All, None)
            .map_err(|f| f.diagnostics)
            .expect("the example site assembles")
            .site;
        let tag_counts = |site: &Site| -> Vec<(String, usize)> {
            (site.content.tags.list.iter())
                .map(|t| (t.slug.clone(), t.posts.len()))
                .collect()
        };
        let tags_before = tag_counts(&site);
        assert!(site.content.posts.iter().any(|p| !p.src.tags.is_empty()));
        assert!(site.content.posts.iter().any(|p| !p.src.body.is_empty()));
        site.forget_sources();
        for p in &site.content.posts {
            assert!(
                p.src.body.is_empty(),
                "{} keeps its Markdown",
                p.src.source.display()
            );
        }
        let tags_after = tag_counts(&site);
        assert_eq!(tags_before, tags_after);
    }
}
