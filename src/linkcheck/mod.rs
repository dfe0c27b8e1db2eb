//! Internal link integrity: every `href`, `src`, `srcset` and `poster` of every page that
//! points into the site must name a file the build writes, and every `#fragment` an anchor
//! on its target page. Checked on the rendered HTML (so theme links are checked too), in
//! `build` as each page is written and in `serve` on every update; [`blame`] then finds
//! where the author wrote each broken reference.
//!
//! Nothing here grows with the site per page: a reference is checked by one hash lookup,
//! and anchors on other pages are checked once every page has been read.

pub mod blame;
pub mod graph;
pub mod scan;

use std::sync::Mutex;

use crate::hash::{FastMap, FastSet};
pub use scan::{Attr, Scanned};

/// How the site's own URLs look: its root path (`/` or `/shop/`) and its `base_url`.
#[derive(Debug, Clone)]
pub struct SiteUrls {
    /// The path every site URL starts with, ending in `/`.
    pub root: String,
    /// The absolute URL of the site's root, ending in `/`.
    pub base: String,
}

impl SiteUrls {
    /// From the site's configuration.
    pub fn of(config: &crate::config::Config) -> Self {
        SiteUrls {
            root: config.root().to_string(),
            base: config.base_url.as_str().to_string(),
        }
    }
}

/// Where a reference points.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// A file of the site (`blog/x/index.html`) and an anchor on it.
    Site {
        /// The output path.
        path: String,
        /// The fragment, percent-decoded, if any.
        fragment: Option<String>,
    },
    /// A root-relative URL outside the site's base path, or a relative one climbing above
    /// the root.
    Outside,
    /// An `http(s)` URL of another site.
    Web(String),
    /// A `mailto:` or `tel:` link.
    Contact(String),
    /// Anything else: `mailto:`, `tel:`, `data:`, an empty reference.
    Other,
}

/// Resolves `raw`, written on the page at output path `page`.
pub fn resolve(page: &str, raw: &str, urls: &SiteUrls) -> Target {
    let raw = raw.trim_matches(|c: char| c.is_ascii_whitespace());
    if raw.is_empty() {
        return Target::Other;
    }
    let (joined, query_or_frag) = if let Some(rest) = raw.strip_prefix(urls.base.as_str()) {
        split_fragment(rest)
    } else if raw.starts_with("//") {
        return Target::Web(raw.into());
    } else if let Some(scheme) = scheme(raw) {
        return match scheme.to_ascii_lowercase().as_str() {
            "http" | "https" => Target::Web(raw.into()),
            "mailto" | "tel" => Target::Contact(raw.into()),
            _ => Target::Other,
        };
    } else if raw.starts_with('/') {
        match raw.strip_prefix(urls.root.as_str()) {
            Some(rest) => split_fragment(rest),
            // `/shop` for the root `/shop/`.
            None if format!("{raw}/") == urls.root => ("", None),
            None => return Target::Outside,
        }
    } else {
        let dir = page.rfind('/').map_or("", |i| &page[..=i]);
        let (path, frag) = split_fragment(raw);
        if path.is_empty() {
            // `#x` or `?q`: this page.
            return Target::Site {
                path: page.to_string(),
                fragment: frag,
            };
        }
        return match normalize(&format!("{dir}{path}")) {
            Some(path) => Target::Site {
                path,
                fragment: frag,
            },
            None => Target::Outside,
        };
    };
    match normalize(joined) {
        Some(path) => Target::Site {
            path,
            fragment: query_or_frag,
        },
        None => Target::Outside,
    }
}

/// `path?query#fragment` -> (`path`, decoded fragment).
fn split_fragment(s: &str) -> (&str, Option<String>) {
    let (before, frag) = match s.split_once('#') {
        Some((b, f)) => (b, Some(decode(f))),
        None => (s, None),
    };
    (before.split('?').next().unwrap_or(""), frag)
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// The URL's scheme, if it has one (`mailto`, `https`).
fn scheme(s: &str) -> Option<&str> {
    let i = s.find(':')?;
    let head = &s[..i];
    (i > 0
        && head.starts_with(|c: char| c.is_ascii_alphabetic())
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
    .then_some(head)
}

/// A site-relative path with `.` and `..` resolved and percent-escapes decoded; a folder
/// (`blog/`, or the root) becomes its `index.html`. None when it climbs above the root.
fn normalize(path: &str) -> Option<String> {
    let plain = !path.contains('%')
        && !path.contains("//")
        && !path.starts_with('/')
        && path.split('/').all(|s| s != "." && s != "..");
    if plain {
        return Some(match path.is_empty() || path.ends_with('/') {
            true => format!("{path}index.html"),
            false => path.to_string(),
        });
    }
    let mut parts: Vec<String> = Vec::new();
    let folder = path.is_empty() || path.ends_with('/');
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(decode(s)),
        }
    }
    let mut out = parts.join("/");
    if folder {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str("index.html");
    }
    Some(out)
}

/// One reference of a page, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The attribute it was written in.
    pub attr: Attr,
    /// As written in the HTML.
    pub raw: String,
    /// Where it points.
    pub target: Target,
}

/// What one page links to and the anchors it has: what the check needs of a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageLinks {
    /// References into the site (and out of it, for `check`).
    pub links: Vec<Link>,
    /// Hashes of the page's anchors (`id`s, `<a name>`).
    pub ids: Vec<u64>,
}

impl PageLinks {
    /// Reads the references of the page written at output path `page`.
    pub fn of(page: &str, html: &[u8], urls: &SiteUrls) -> Self {
        let mut scanned = scan::scan(html);
        // Each reference once (a page repeats its navigation, tags, ...).
        scanned
            .refs
            .sort_unstable_by(|a, b| a.1.cmp(&b.1).then((a.0 as u8).cmp(&(b.0 as u8))));
        scanned.refs.dedup_by(|a, b| a.1 == b.1);
        let links: Vec<Link> = scanned
            .refs
            .into_iter()
            .filter_map(|(attr, raw)| {
                let target = resolve(page, &raw, urls);
                (target != Target::Other).then(|| Link {
                    target,
                    attr,
                    raw: raw.into_owned(),
                })
            })
            .collect();
        let mut ids: Vec<u64> = scanned.ids.iter().map(|i| anchor(i)).collect();
        ids.sort_unstable();
        ids.dedup();
        PageLinks { links, ids }
    }
}

fn anchor(id: &str) -> u64 {
    crate::hash::bytes(id.as_bytes())
}

/// A reference that does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// The output path of the page it is written on.
    pub page: String,
    /// The reference.
    pub link: Link,
    /// What is wrong.
    pub why: Why,
}

/// What is wrong with a reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// No such file in the output.
    NoFile,
    /// The target page has no such anchor.
    NoAnchor,
    /// It points outside the site.
    Outside,
}

/// Checks the pages of one site. Every page's references are checked as the page is
/// given (one lookup each); anchors on other pages are checked by [`Checker::finish`].
pub struct Checker<'a> {
    exists: &'a (dyn Fn(&str) -> bool + Sync),
    /// Hashes of the output paths, for pages checked from their [`Record`].
    hashes: Option<&'a FastSet<u64>>,
    /// Each HTML page's anchors, by the hash of its path.
    ids: Mutex<FastMap<u64, Vec<u64>>>,
    deferred: Mutex<Vec<(String, Link)>>,
    /// Anchors on other pages asked for by pages checked from their record: the page,
    /// the hash of the target's path and of the anchor.
    deferred_hashed: Mutex<Vec<(String, u64, u64)>>,
}

/// What the check needs of a page, kept in the build cache so that a warm build checks a
/// page it takes over unchanged without reading it again: the hashes of the files its
/// references name, of the anchors it asks for on other pages, and of its own anchors.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// Each file named (hash of its path, and of its `PATH/index.html` form or 0).
    pub files: Vec<(u64, u64)>,
    /// Anchors on other pages: (hash of the page's path, hash of the anchor).
    pub anchors: Vec<(u64, u64)>,
    /// Hashes of the page's own anchors.
    pub ids: Vec<u64>,
    /// A reference was broken within the page itself (an anchor of its own, a link out of
    /// the site) when it was read.
    pub broken_inside: bool,
}

/// A record as the build cache keeps it: per list a count and its numbers, then the flag.
impl crate::cache::Packed for Record {
    fn pack(&self) -> Vec<u8> {
        use crate::cache::put;
        let pairs = self.files.len() + self.anchors.len();
        let mut out = Vec::with_capacity(8 * (3 + 2 * pairs + self.ids.len()) + 1);
        for list in [&self.files, &self.anchors] {
            put(&mut out, list.len() as u64);
            for (a, b) in list {
                put(&mut out, *a);
                put(&mut out, *b);
            }
        }
        put(&mut out, self.ids.len() as u64);
        for id in &self.ids {
            put(&mut out, *id);
        }
        out.push(u8::from(self.broken_inside));
        out
    }

    fn unpack(bytes: &[u8]) -> Option<Record> {
        let mut r = crate::cache::Numbers(bytes);
        let files = r.pairs()?;
        let anchors = r.pairs()?;
        let n = r.count()?;
        let ids = (0..n).map(|_| r.num()).collect::<Option<Vec<u64>>>()?;
        let flag = r.byte()?;
        r.0.is_empty().then_some(Record {
            files,
            anchors,
            ids,
            broken_inside: flag == 1,
        })
    }
}

/// The hash a path is known by in a [`Record`].
pub fn path_hash(path: &str) -> u64 {
    crate::hash::bytes(path.as_bytes())
}

impl<'a> Checker<'a> {
    /// A checker for a site whose output paths are those `exists` says yes to.
    pub fn new(exists: &'a (dyn Fn(&str) -> bool + Sync)) -> Self {
        Checker {
            exists,
            hashes: None,
            ids: Default::default(),
            deferred: Default::default(),
            deferred_hashed: Default::default(),
        }
    }

    /// A checker that can also check pages from their [`Record`]s: `hashes` are the
    /// [`path_hash`]es of the paths `exists` says yes to.
    pub fn with_hashes(
        exists: &'a (dyn Fn(&str) -> bool + Sync),
        hashes: &'a FastSet<u64>,
    ) -> Self {
        Checker {
            hashes: Some(hashes),
            ..Checker::new(exists)
        }
    }

    /// Checks a page from its record, without reading it. False when that cannot tell
    /// (something it names is gone, or it had a broken reference): read it with
    /// [`Checker::html`] then, which says what is broken.
    pub fn cached(&self, page: &str, record: &Record) -> bool {
        let Some(hashes) = self.hashes else {
            return false;
        };
        let all_there = record
            .files
            .iter()
            .all(|(f, alt)| hashes.contains(f) || (*alt != 0 && hashes.contains(alt)));
        if !all_there || record.broken_inside {
            return false;
        }
        if !record.anchors.is_empty() {
            let mut d = self.deferred_hashed.lock().expect("deferred");
            d.extend(
                record
                    .anchors
                    .iter()
                    .map(|(p, a)| (page.to_string(), *p, *a)),
            );
        }
        self.record_ids(page, record.ids.clone());
        true
    }

    /// Reads and checks the HTML of the page at output path `page` (a build checks each
    /// page as it writes it). The common references (root-relative, same-page anchors,
    /// other sites) are settled without allocating; any other goes through [`resolve`].
    pub fn html(&self, page: &str, html: &[u8], urls: &SiteUrls) -> (Vec<Broken>, Record) {
        // The preview's own pages (the email preview) are never published: an email's
        // links hold the provider's merge tags.
        if page.starts_with(crate::render::newsletter::PREVIEW_ROUTE) {
            return (Vec::new(), Record::default());
        }
        // Not deduplicated: a plain reference costs one lookup, less than sorting them.
        let scanned = scan::scan(html);
        let mut ids: Vec<u64> = scanned.ids.iter().map(|i| anchor(i)).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut buf = String::new();
        let mut broken = Vec::new();
        let mut record = Record::default();
        for (attr, raw) in &scanned.refs {
            let fine = match fast(raw, urls) {
                Some(Fast::Skip) => true,
                Some(Fast::Anchor(f)) => is_top(f) || ids.binary_search(&anchor(f)).is_ok(),
                Some(Fast::File(p)) => {
                    record.files.push((path_hash(p), 0));
                    (self.exists)(p)
                }
                Some(Fast::Folder(p)) => {
                    buf.clear();
                    buf.push_str(p);
                    buf.push_str("index.html");
                    record.files.push((path_hash(&buf), 0));
                    (self.exists)(&buf)
                }
                None => false,
            };
            if fine {
                continue;
            }
            let link = Link {
                attr: *attr,
                target: resolve(page, raw, urls),
                raw: raw.to_string(),
            };
            match &link.target {
                Target::Site { path, fragment } => {
                    let folder = format!("{path}/index.html");
                    let alt = (!path.ends_with("index.html")).then(|| path_hash(&folder));
                    record.files.push((path_hash(path), alt.unwrap_or(0)));
                    if let Some(f) = fragment.as_deref().filter(|f| !is_top(f))
                        && let Some(file) = self.file(path).filter(|file| file != page)
                    {
                        record.anchors.push((path_hash(&file), anchor(f)));
                    }
                }
                Target::Outside => record.broken_inside = true,
                _ => {}
            }
            if broken.iter().any(|b: &Broken| b.link.raw == link.raw) {
                continue;
            }
            if let Some(why) = self.why(page, &ids, &link) {
                if why != Why::NoFile && link_is_to(&link, page) || why == Why::Outside {
                    record.broken_inside = true;
                }
                broken.push(Broken {
                    page: page.to_string(),
                    link,
                    why,
                });
            }
        }
        record.files.sort_unstable();
        record.files.dedup();
        record.anchors.sort_unstable();
        record.anchors.dedup();
        record.ids = ids.clone();
        self.record_ids(page, ids);
        (broken, record)
    }

    fn record_ids(&self, page: &str, ids: Vec<u64>) {
        if page.ends_with(".html") {
            self.ids.lock().expect("ids").insert(path_hash(page), ids);
        }
    }

    /// What is wrong with one resolved reference of `page` (whose anchors are `ids`); an
    /// anchor on another page is put aside for [`Checker::finish`].
    fn why(&self, page: &str, ids: &[u64], link: &Link) -> Option<Why> {
        match &link.target {
            Target::Outside => Some(Why::Outside),
            Target::Site { path, fragment } => match self.file(path) {
                None => Some(Why::NoFile),
                Some(file) if file == page => fragment
                    .as_deref()
                    .filter(|f| !is_top(f) && ids.binary_search(&anchor(f)).is_err())
                    .map(|_| Why::NoAnchor),
                Some(file) => {
                    if fragment.as_deref().is_some_and(|f| !is_top(f)) {
                        let mut l = link.clone();
                        if let Target::Site { path, .. } = &mut l.target {
                            *path = file.into_owned();
                        }
                        self.deferred
                            .lock()
                            .expect("deferred")
                            .push((page.to_string(), l));
                    }
                    None
                }
            },
            Target::Web(_) | Target::Contact(_) | Target::Other => None,
        }
    }

    /// The output file a site path names: itself, or `PATH/index.html` for a folder
    /// written without its slash (static hosts redirect `/about` to `/about/`).
    fn file<'p>(&self, path: &'p str) -> Option<std::borrow::Cow<'p, str>> {
        file_of(self.exists, path)
    }

    /// Checks the anchors on other pages, once every page was given. A page checked from
    /// its record that asks for a missing anchor is read again (`read`) to say which
    /// reference it is.
    pub fn finish(self, read: &dyn Fn(&str) -> Option<Vec<u8>>, urls: &SiteUrls) -> Vec<Broken> {
        let ids = self.ids.into_inner().expect("ids");
        let has = |path: u64, f: u64| {
            ids.get(&path)
                .is_none_or(|ids| ids.binary_search(&f).is_ok())
        };
        let mut broken = Vec::new();
        for (page, link) in self.deferred.into_inner().expect("deferred") {
            let Target::Site {
                path,
                fragment: Some(f),
            } = &link.target
            else {
                continue;
            };
            // A page not read (not HTML) has no anchors to check against.
            if !has(path_hash(path), anchor(f)) {
                broken.push(Broken {
                    page,
                    link,
                    why: Why::NoAnchor,
                });
            }
        }
        let mut reread: Vec<String> = self
            .deferred_hashed
            .into_inner()
            .expect("deferred")
            .into_iter()
            .filter(|(_, path, f)| !has(*path, *f))
            .map(|(page, _, _)| page)
            .collect();
        reread.sort();
        reread.dedup();
        for page in reread {
            let Some(bytes) = read(&page) else { continue };
            for link in PageLinks::of(&page, &bytes, urls).links {
                if let Target::Site {
                    path,
                    fragment: Some(f),
                } = &link.target
                    && !is_top(f)
                    && path != &page
                    && !has(path_hash(path), anchor(f))
                    && (self.exists)(path)
                {
                    broken.push(Broken {
                        page: page.clone(),
                        link,
                        why: Why::NoAnchor,
                    });
                }
            }
        }
        broken
    }
}

/// A reference settled without allocating (see [`Checker::html`]).
enum Fast<'r> {
    /// Nothing to check here (another site, `mailto:`, `data:`...).
    Skip,
    /// `#id` on this page.
    Anchor(&'r str),
    /// A file of the site.
    File(&'r str),
    /// A folder of the site (its `index.html`).
    Folder(&'r str),
}

/// The plain cases: a root-relative (or `base_url`) path without `.`/`..` segments,
/// escapes, query or fragment; `#id`; a URL of another scheme. None: resolve it fully.
fn fast<'r>(raw: &'r str, urls: &SiteUrls) -> Option<Fast<'r>> {
    let b = raw.as_bytes();
    if b.first().is_some_and(u8::is_ascii_whitespace)
        || b.last().is_some_and(u8::is_ascii_whitespace)
    {
        return None;
    }
    if let Some(f) = raw.strip_prefix('#') {
        return (!f.contains('%')).then_some(Fast::Anchor(f));
    }
    let path = if let Some(p) = raw.strip_prefix(urls.base.as_str()) {
        p
    } else if let Some(p) = raw.strip_prefix(urls.root.as_str()) {
        p
    } else {
        // Another scheme (not our base URL) is not the site's to check.
        return scheme(raw).map(|_| Fast::Skip);
    };
    if path.contains(['#', '?', '%', '\\']) || path.starts_with('/') || path.contains("//") {
        return None;
    }
    if path.split('/').any(|s| s == "." || s == "..") {
        return None;
    }
    Some(if path.is_empty() || path.ends_with('/') {
        Fast::Folder(path)
    } else {
        Fast::File(path)
    })
}

/// The output file a site path names: itself, or `PATH/index.html` for a folder written
/// without its slash (static hosts redirect `/about` to `/about/`).
pub fn file_of<'p>(
    exists: &(dyn Fn(&str) -> bool + Sync),
    path: &'p str,
) -> Option<std::borrow::Cow<'p, str>> {
    if exists(path) {
        return Some(path.into());
    }
    let folder = format!("{path}/index.html");
    (!path.ends_with("index.html") && exists(&folder)).then_some(folder.into())
}

/// True when the link points at `page` itself.
fn link_is_to(link: &Link, page: &str) -> bool {
    matches!(&link.target, Target::Site { path, .. } if path == page)
}

/// `#` and `#top` go to the top of any page.
fn is_top(fragment: &str) -> bool {
    fragment.is_empty() || fragment.eq_ignore_ascii_case("top")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_read_back_as_the_cache_keeps_them_and_damage_is_ignored() {
        use crate::cache::Packed;
        let r = Record {
            files: vec![(1, 2), (3, 0)],
            anchors: vec![(4, 5)],
            ids: vec![6, 8],
            broken_inside: true,
        };
        let bytes = r.pack();
        assert_eq!(Record::unpack(&bytes), Some(r));
        assert_eq!(
            Record::unpack(&Record::default().pack()),
            Some(Record::default())
        );
        for cut in [0, 8, 20, bytes.len() - 1] {
            assert!(Record::unpack(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        let mut huge = bytes.clone();
        huge[..8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(Record::unpack(&huge).is_none());
        let mut longer = bytes;
        longer.push(0);
        assert!(Record::unpack(&longer).is_none());
    }

    fn urls() -> SiteUrls {
        SiteUrls {
            root: "/shop/".into(),
            base: "https://ex.com/shop/".into(),
        }
    }

    fn site(path: &str, frag: Option<&str>) -> Target {
        Target::Site {
            path: path.into(),
            fragment: frag.map(Into::into),
        }
    }

    #[test]
    fn resolves_every_kind_of_reference() {
        let u = urls();
        let p = "blog/x/index.html";
        assert_eq!(resolve(p, "/shop/blog/", &u), site("blog/index.html", None));
        assert_eq!(resolve(p, "/shop/", &u), site("index.html", None));
        assert_eq!(resolve(p, "/shop", &u), site("index.html", None));
        assert_eq!(resolve(p, "/elsewhere/", &u), Target::Outside);
        assert_eq!(
            resolve(p, "pic%20one.png", &u),
            site("blog/x/pic one.png", None)
        );
        assert_eq!(
            resolve(p, "../y/#part", &u),
            site("blog/y/index.html", Some("part"))
        );
        assert_eq!(resolve(p, "#fn-1", &u), site(p, Some("fn-1")));
        assert_eq!(resolve(p, "../../../../x", &u), Target::Outside);
        assert_eq!(
            resolve(p, "https://ex.com/shop/contact/?a=1#hours", &u),
            site("contact/index.html", Some("hours"))
        );
        assert_eq!(
            resolve(p, "https://other.example/", &u),
            Target::Web("https://other.example/".into())
        );
        assert_eq!(
            resolve(p, "mailto:a@b.c", &u),
            Target::Contact("mailto:a@b.c".into())
        );
        assert_eq!(resolve(p, "data:image/png;base64,x", &u), Target::Other);
        assert_eq!(
            resolve(p, "winter-storage.md", &u),
            site("blog/x/winter-storage.md", None)
        );
    }

    #[test]
    fn reading_html_finds_what_the_link_graph_finds() {
        let u = urls();
        let files = [
            "index.html",
            "blog/x/index.html",
            "about/index.html",
            "a b.png",
        ];
        let exists = |p: &str| files.contains(&p);
        let pages: [(&str, &[u8]); 3] = [
            ("index.html", br##"<a href="/shop/about">a</a><a href="/shop/blog/x/#intro">b</a><a href="/shop/blog/x/#nope">c</a><a href="#top">t</a><a href="#missing">m</a><img src="gone.png"><img src="/shop/a%20b.png"><a href="https://ex.com/shop/about/">x</a><a href="https://ex.com/shop/nope/">y</a><a href="/elsewhere/">z</a><a href="mailto:a@b.c">m</a><a href=" /shop/ ">s</a><a href="/shop/./blog/../about/">d</a>"##),
            ("blog/x/index.html", br##"<h2 id="intro">I</h2><a href="../../about/">up</a><a href="#intro">i</a><a href="/shop/blog/x">self</a>"##),
            ("about/index.html", br#"<a href="/shop/blog/">gone</a><a href="/shop">home</a>"#),
        ];
        let list = |bs: Vec<Broken>| {
            let mut v: Vec<(String, String, Why)> = bs
                .into_iter()
                .map(|b| (b.page, b.link.raw, b.why))
                .collect();
            v.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
            v
        };
        let by_html = Checker::new(&exists);
        let mut a: Vec<Broken> = pages
            .iter()
            .flat_map(|(p, h)| by_html.html(p, h, &u).0)
            .collect();
        a.extend(by_html.finish(&|_| None, &u));
        // The same pages as `serve` checks them: links read first, kept in a graph.
        let graph = graph::Graph::default();
        let read = pages
            .iter()
            .map(|(p, h)| (p.to_string(), PageLinks::of(p, h, &u)))
            .collect();
        let b = graph.check(read, &[], &exists).broken(&graph);
        let (a, b) = (list(a), list(b));
        assert_eq!(a, b);
        let raws: Vec<&str> = a.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(
            raws,
            [
                "/shop/blog/",
                "#missing",
                "/elsewhere/",
                "/shop/blog/x/#nope",
                "gone.png",
                "https://ex.com/shop/nope/"
            ]
        );
    }

    #[test]
    fn finds_missing_files_and_anchors_on_this_and_other_pages() {
        let u = urls();
        let files = ["index.html", "blog/x/index.html", "about/index.html"];
        let exists = |p: &str| files.contains(&p);
        let checker = Checker::new(&exists);
        let home: &[u8] = br##"<a href="/shop/about">a</a><a href="/shop/blog/x/#intro">b</a><a href="/shop/blog/x/#nope">c</a><a href="#top">t</a><a href="#missing">m</a><img src="gone.png">"##;
        let post: &[u8] = br#"<h2 id="intro">I</h2>"#;
        let mut broken: Vec<(String, Why)> = checker
            .html("index.html", home, &u)
            .0
            .into_iter()
            .chain(checker.html("blog/x/index.html", post, &u).0)
            .map(|b| (b.link.raw, b.why))
            .collect();
        broken.extend(
            checker
                .finish(&|_| None, &u)
                .into_iter()
                .map(|b| (b.link.raw, b.why)),
        );
        broken.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            broken,
            vec![
                ("#missing".to_string(), Why::NoAnchor),
                ("/shop/blog/x/#nope".to_string(), Why::NoAnchor),
                ("gone.png".to_string(), Why::NoFile),
            ]
        );
    }
}
