//! Link rewriting: `other.md` becomes that post's URL, `/x/` gains the base path,
//! and a bundle's relative files resolve against the post's URL.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

use super::{PageSource, PostSource};
use std::sync::Arc;

use crate::config::Config;
use crate::images::{Format, Images};
use crate::markdown::Links;
use crate::picture::Picture;

/// What every document's links can point at.
pub struct SiteLinks {
    root: String,
    by_source: HashMap<PathBuf, String>,
    /// File name -> the posts of that name (a bare `x.md` resolves only when one post has it).
    by_name: HashMap<String, BTreeMap<PathBuf, String>>,
    /// What local images are (their size and variants), when pictures are made.
    images: Option<Arc<Images>>,
    /// What `[menu:KEY]` shows, by language folder prefix.
    menu: MenuRefs,
}

/// What `[menu:KEY]` shows in each language's documents: by the language's folder prefix
/// (`""` for the first language, `en/`), the HTML of each key.
pub type MenuRefs = Arc<HashMap<String, MenuReferences>>;

/// What `[menu:KEY]` shows in a post or page of one language: its HTML, by key.
pub type MenuReferences = HashMap<String, String>;

impl SiteLinks {
    /// Indexes posts and pages by their source files.
    pub fn new<'a>(
        config: &Config,
        posts: impl IntoIterator<Item = &'a PostSource>,
        pages: &[PageSource],
        images: Option<Arc<Images>>,
    ) -> Self {
        let root = config.root().to_string();
        let prefix = crate::layout::language_prefix;
        let mut by_source = HashMap::new();
        let mut by_name: HashMap<String, BTreeMap<PathBuf, String>> = HashMap::new();
        for p in posts {
            let url = format!(
                "{root}{}{}",
                prefix(&p.source),
                crate::routes::post(&p.slug)
            );
            by_name
                .entry(name_key(p))
                .or_default()
                .insert(p.source.clone(), url.clone());
            by_source.insert(p.source.clone(), url);
        }
        for p in pages {
            by_source.insert(
                p.source.clone(),
                format!("{root}{}{}/", prefix(&p.source), p.path),
            );
        }
        SiteLinks {
            root,
            by_source,
            by_name,
            images,
            menu: MenuRefs::default(),
        }
    }

    /// The same, with what `[menu:KEY]` shows.
    pub fn with_menu(mut self, menu: MenuRefs) -> Self {
        self.menu = menu;
        self
    }

    /// What `[menu:KEY]` shows, by language folder prefix.
    pub fn menu(&self) -> &MenuRefs {
        &self.menu
    }

    /// Updates the index for one post source: `old` was published at this path, `new` is now.
    pub fn set(&mut self, source: &Path, old: Option<&PostSource>, new: Option<&PostSource>) {
        if let Some(old) = old {
            self.by_source.remove(source);
            let key = name_key(old);
            if let Some(posts) = self.by_name.get_mut(&key) {
                posts.remove(source);
                if posts.is_empty() {
                    self.by_name.remove(&key);
                }
            }
        }
        if let Some(new) = new {
            let url = format!(
                "{}{}{}",
                self.root,
                crate::layout::language_prefix(source),
                crate::routes::post(&new.slug)
            );
            self.by_name
                .entry(name_key(new))
                .or_default()
                .insert(source.to_path_buf(), url.clone());
            self.by_source.insert(source.to_path_buf(), url);
        }
    }

    /// Root-relative URL of a site path.
    pub fn config_url(&self, path: &str) -> String {
        format!("{}{path}", self.root)
    }

    /// Root-relative URL of the page `source` (a post or page file) makes at `path`: under
    /// its language's folder when it is in one.
    pub fn url_of(&self, source: &Path, path: &str) -> String {
        format!(
            "{}{}{path}",
            self.root,
            crate::layout::language_prefix(source)
        )
    }

    /// The resolver for one document.
    pub fn for_doc<'a>(&'a self, source: &'a Path, url: &'a str, bundle: bool) -> DocLinks<'a> {
        DocLinks {
            site: self,
            dir: source.parent().unwrap_or(Path::new("")),
            url,
            bundle,
        }
    }
}

impl SiteLinks {
    /// Of the links document `source` resolved (`links`, as [`crate::markdown::Recorder`]
    /// recorded them), each `.md` link that leads to the default language's page because
    /// the document's language has no such page: the destination as written and where it
    /// leads, each once. Empty for a document of the default language.
    pub fn to_default_language(
        &self,
        source: &Path,
        links: &[(String, Option<String>)],
    ) -> Vec<(String, String)> {
        let dir = source.parent().unwrap_or(Path::new(""));
        let mut out: Vec<(String, String)> = Vec::new();
        for (dest, answer) in links {
            let Some(url) = answer else { continue };
            let path = &dest[..dest.find(['#', '?']).unwrap_or(dest.len())];
            if !path.ends_with(".md") || has_scheme(dest) || out.iter().any(|(d, _)| d == dest) {
                continue;
            }
            let joined = normalize(&dir.join(path));
            let fell_back = !self.by_source.contains_key(&joined)
                && default_twin(&joined).is_some_and(|t| self.by_source.contains_key(&t));
            if fell_back {
                out.push((dest.clone(), url.clone()));
            }
        }
        out
    }
}

/// The default language's file at the place of `file` in a language's folder:
/// `pages/about.md` for `en/pages/about.md`; None for a file outside every language folder.
fn default_twin(file: &Path) -> Option<PathBuf> {
    let prefix = crate::layout::language_prefix(file);
    if prefix.is_empty() {
        return None;
    }
    (file.strip_prefix(prefix.trim_end_matches('/')).ok()).map(Path::to_path_buf)
}

/// The file name a link may use for a post: `x.md`, or `SLUG.md` for a bundle.
fn name_key(p: &PostSource) -> String {
    match p
        .source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
    {
        Some(name) if name != "index.md" => name,
        _ => format!("{}.md", p.slug),
    }
}

/// Link resolver for one document.
pub struct DocLinks<'a> {
    site: &'a SiteLinks,
    dir: &'a Path,
    url: &'a str,
    bundle: bool,
}

impl Links for DocLinks<'_> {
    fn resolve(&self, dest: &str) -> Option<String> {
        if let Some(key) = dest.strip_prefix(crate::markdown::MENU_REF) {
            return self.menu_item(key).ok();
        }
        match self.linked_image(dest) {
            Some((url, _)) => Some(url),
            None => self.as_written(dest),
        }
    }

    /// A link to a local raster image (`[full size](photo.jpg)`) leads to its light
    /// fallback (a JPEG, or PNG when transparent, at most 1600 px wide), which the plan
    /// makes for every image a link leads to: the original is not published unless
    /// `publish_originals` (or `keep_metadata`) asks for it, and then the link leads to it.
    /// The answer depends on the image alone, never on whether another page shows it.
    fn linked_image(&self, dest: &str) -> Option<(String, PathBuf)> {
        let images = self.site.images.as_ref()?;
        if images.settings.publish_originals || images.settings.keep_metadata {
            return None;
        }
        let file = self.image_file(dest)?;
        let name = file.to_string_lossy();
        Format::of_name(&name)?;
        if Format::unreadable(&name).is_some() {
            return None;
        }
        // Only a file of the site itself; a missing one is a broken link the check reports.
        std::fs::symlink_metadata(images.site_dir().join(&file))
            .ok()
            .filter(|m| m.file_type().is_file())?;
        let info = images.probe(&file);
        let info = info.as_ref().as_ref().ok()?;
        let w = crate::images::fallback_width(info)?;
        let url = self.as_written(dest).unwrap_or_else(|| dest.to_string());
        Some((crate::images::fallback_url(&url, w, info.alpha), file))
    }

    fn menu_item(&self, key: &str) -> Result<String, String> {
        let prefix = crate::layout::language_prefix(self.dir);
        let Some(refs) = self.site.menu.get(&prefix) else {
            return Err(format!(
                "`[menu:{key}]` names an item of the menu, and the site has no {}: add one, or write the item's name and price",
                crate::layout::MENU_FILE
            ));
        };
        refs.get(key).cloned().ok_or_else(|| {
            let hint = match crate::text::closest(key, refs.keys().map(String::as_str)) {
                Some(k) => format!("did you mean `[menu:{k}]`?"),
                None => format!(
                    "the keys are each item's `key:`, else its name as an anchor (see /{})",
                    crate::routes::MENU
                ),
            };
            format!(
                "`[menu:{key}]`: no item of {} has this key: {hint}",
                crate::layout::MENU_FILE
            )
        })
    }

    fn image(&self, dest: &str) -> Option<Result<Picture, String>> {
        let images = self.site.images.as_ref()?;
        let file = self.image_file(dest)?;
        let name = file.to_string_lossy();
        // Only a file of the site itself: never one a symbolic link points at elsewhere.
        let is_file = std::fs::symlink_metadata(images.site_dir().join(&file))
            .is_ok_and(|m| m.file_type().is_file());
        if let Some((why, shown)) = Format::unreadable(&name) {
            return (!shown && is_file).then(|| Err(format!("the image {} {why}", file.display())));
        }
        Format::of_name(&name)?;
        if !is_file {
            // A missing file is a broken link: the link check reports it.
            return None;
        }
        let info = images.probe(&file);
        Some(match info.as_ref() {
            Ok(info) => {
                let url = self.as_written(dest).unwrap_or_else(|| dest.to_string());
                let (src, width, height) = match crate::images::fallback_width(info) {
                    Some(w) => (
                        crate::images::fallback_url(&url, w, info.alpha),
                        w,
                        crate::images::process::scaled_height(info.width, info.height, w),
                    ),
                    None => (url.clone(), info.width, info.height),
                };
                Ok(Picture {
                    variants: crate::images::widths(info, &images.settings),
                    url,
                    src,
                    width,
                    height,
                    file,
                })
            }
            Err(why) => Err(format!("the image {} {why}", file.display())),
        })
    }
}

impl DocLinks<'_> {
    /// A destination as written, resolved: `other.md` to that post's URL, `/x/` with the
    /// base path, a bundle's file against the post's URL.
    fn as_written(&self, dest: &str) -> Option<String> {
        if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") || has_scheme(dest) {
            return None;
        }
        let cut = dest.find(['#', '?']).unwrap_or(dest.len());
        let (path, rest) = dest.split_at(cut);
        if path.ends_with(".md") {
            let joined = normalize(&self.dir.join(path));
            let name = Path::new(path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            // A translation's link to a page its language does not have (yet) leads to the
            // default language's page, as the navigation does (`Languages::nav_fallback`).
            let target = (self.site.by_source.get(&joined))
                .or_else(|| default_twin(&joined).and_then(|t| self.site.by_source.get(&t)))
                .or_else(|| {
                    self.site
                        .by_name
                        .get(&name)
                        .filter(|posts| posts.len() == 1)
                        .and_then(|posts| posts.values().next())
                })?;
            return Some(format!("{target}{rest}"));
        }
        if let Some(abs) = path.strip_prefix('/') {
            return (self.site.root != "/").then(|| format!("{}{abs}{rest}", self.site.root));
        }
        self.bundle.then(|| format!("{}{dest}", self.url))
    }

    fn image_file(&self, dest: &str) -> Option<PathBuf> {
        local_file(self.dir, self.bundle, dest)
    }
}

/// The site file (relative to the site folder) a link written in a document of `dir`
/// names: a file of the bundle (when the document is one), or of `static/` for a
/// root-relative path. None for other sites' URLs and paths outside those folders.
pub fn local_file(dir: &Path, bundle: bool, dest: &str) -> Option<PathBuf> {
    if dest.is_empty() || dest.starts_with("//") || has_scheme(dest) {
        return None;
    }
    let path = &dest[..dest.find(['#', '?']).unwrap_or(dest.len())];
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?
        .into_owned();
    let (file, folder) = match path.strip_prefix('/') {
        Some(abs) => (
            Path::new(crate::layout::STATIC).join(abs),
            Path::new(crate::layout::STATIC),
        ),
        None if bundle => (dir.join(&path), dir),
        None => return None,
    };
    let file = normalize(&file);
    // Never a file outside the folder it names.
    file.starts_with(folder).then_some(file)
}

fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) => {
            s[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && i > 0
        }
        None => false,
    }
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> SiteLinks {
        let config =
            crate::config::parse("title: T\nbase_url: https://ex.com/shop/\n", None).unwrap();
        let post = crate::content::post::parse(
            Path::new("posts/x.md"),
            "---\ntitle: X\ndate: 2024-01-01\n---\n",
        )
        .unwrap();
        SiteLinks::new(&config, &[post], &[], None)
    }

    #[test]
    fn md_links_become_post_urls() {
        let s = site();
        let d = s.for_doc(Path::new("posts/y.md"), "/shop/blog/y/", false);
        assert_eq!(d.resolve("x.md").as_deref(), Some("/shop/blog/x/"));
        assert_eq!(
            d.resolve("../posts/x.md#part").as_deref(),
            Some("/shop/blog/x/#part")
        );
        assert_eq!(d.resolve("https://x.md"), None);
        assert_eq!(d.resolve("/contact/").as_deref(), Some("/shop/contact/"));
        assert_eq!(d.resolve("pic.png"), None);
        let b = s.for_doc(Path::new("posts/b/index.md"), "/shop/blog/b/", true);
        assert_eq!(
            b.resolve("pic.png").as_deref(),
            Some("/shop/blog/b/pic.png")
        );
        assert_eq!(b.resolve("../x.md").as_deref(), Some("/shop/blog/x/"));
    }
}
