//! Randomized (but deterministic) edits under the preview: after every batch, the served
//! files must equal a fresh full build of the same files, byte for byte; when the full
//! build fails, `apply` must fail too and the served site stays as it was.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

mod preview;

use frontdesk::pipeline::BuildOptions;
use frontdesk::render::RenderOptions;
use frontdesk::serve::{Delta, Preview};
use preview::*;

// ---------------------------------------------------------------------------------------
// Helpers (as in tests/incremental.rs)

/// Like [`apply`], but an upsert that cannot be read is reported, not a panic.
fn apply_checked(files: &mut Files, delta: Delta) -> Result<(), String> {
    for r in delta.removed {
        files.remove(&r);
    }
    for o in delta.upserts {
        let body = o.body.read().map_err(|e| {
            format!(
                "the delta upserts {} but its body cannot be read: {e}",
                o.path
            )
        })?;
        files.insert(o.path.clone(), body.into_owned());
    }
    Ok(())
}

/// The oracle: the build command's own pipeline (rendering the form for the preview), not
/// the preview's full rebuild.
fn full_build(dir: &Path) -> Result<Files, String> {
    full_build_and_links(dir).map(|(files, _)| files)
}

/// The oracle's files and its broken links (allowed, as warnings), sorted.
fn full_build_and_links(dir: &Path) -> Result<(Files, Vec<String>), String> {
    let built = frontdesk::pipeline::render_site(dir, &opts(), RenderOptions::PREVIEW, true)
        .map_err(|e| e.to_string())?;
    let mut broken: Vec<String> = built.broken.iter().map(ToString::to_string).collect();
    broken.sort();
    let files = built
        .outputs
        .into_iter()
        .map(|o| {
            let body = o.body.read().unwrap().into_owned();
            (o.path, body)
        })
        .collect();
    Ok((files, broken))
}

/// The preview's broken links, sorted.
fn served_links(preview: &mut Preview) -> Vec<String> {
    let mut v: Vec<String> = preview
        .warnings()
        .iter()
        .map(ToString::to_string)
        .filter(|w| w.contains(": broken link `") || w.contains(": broken image `"))
        .collect();
    v.sort();
    v
}

/// None when equal, else what differs first.
fn difference(served: &Files, fresh: &Files) -> Option<String> {
    let only_served: Vec<_> = served.keys().filter(|k| !fresh.contains_key(*k)).collect();
    let only_fresh: Vec<_> = fresh.keys().filter(|k| !served.contains_key(*k)).collect();
    if !only_served.is_empty() || !only_fresh.is_empty() {
        return Some(format!(
            "different file sets: only served {only_served:?}, only in the full build {only_fresh:?}"
        ));
    }
    fresh.iter().find(|(k, v)| served[*k] != **v).map(|(k, v)| {
        format!(
            "{k} differs from a full build; first differing line:\n{}",
            first_difference(&served[k], v)
        )
    })
}

fn assert_same(served: &Files, dir: &Path, step: &str) {
    let fresh = full_build(dir).unwrap_or_else(|e| panic!("after {step}: full build: {e}"));
    if let Some(d) = difference(served, &fresh) {
        panic!("after {step}: {d}");
    }
}

const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
const BROKEN: &str = "---\ntitle: [unclosed\ndate: 2024-01-02\n---\nbroken\n";

/// The starting site: like tests/incremental.rs, with posts named `xN.md`.
fn site() -> tempfile::TempDir {
    site_in(false)
}

/// The starting site; `bilingual`: in English and French, with some posts and the about
/// page translated (`fr/posts/`, `fr/pages/`).
fn site_in(bilingual: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut yaml = site_yaml(2, 3);
    if bilingual {
        yaml.push_str("languages: [en, fr]\n");
        for (rel, spec) in World::french_posts() {
            write(d, &rel.to_string_lossy(), &spec.text());
        }
        write(d, "fr/posts/trip/pic.svg", SVG);
        write(
            d,
            "fr/pages/about.md",
            "---\ntitle: À propos\n---\nLisez [le cinquième](../posts/x5.md) et [le voyage](trip.md).\n",
        );
    }
    write(d, "site.yaml", &yaml);
    write(d, "contact.yaml", &contact("Ann"));
    let w = World::initial_posts();
    for (rel, spec) in &w {
        write(d, &rel.to_string_lossy(), &spec.text());
    }
    write(d, "posts/trip/pic.svg", SVG);
    write(d, "static/x.txt", "x");
    write(
        d,
        "pages/about.md",
        "---\ntitle: About\n---\nRead [post five](../posts/x5.md), [two](x2.md) and [the trip](trip.md).\n",
    );
    write(d, "testimonials/a.yaml", &testimonial("Ann Lee", 5, true));
    write(d, "surveys/s.yaml", &survey(2, "2999-01-31"));
    dir
}

fn site_yaml(per_page: u32, feed: u32) -> String {
    format!(
        "title: Inc\nbase_url: https://inc.example/\nposts_per_page: {per_page}\nfeed:\n  limit: {feed}\n"
    )
}

fn contact(name: &str) -> String {
    format!("business: Inc\nperson: {{name: {name}}}\nemail: ann@inc.example\n")
}

fn testimonial(author: &str, rating: u32, featured: bool) -> String {
    format!(
        "author: {author}\nquote: Great, said {author}.\nrating: {rating}\nfeatured: {featured}\n"
    )
}

/// A survey of `questions` questions that closes on `closes` (open or closed at the build).
fn survey(questions: usize, closes: &str) -> String {
    let mut s = format!(
        "title: Survey {questions}\ngroup: Everyone\nopens: 2000-01-01\ncloses: {closes}\nquestions:\n"
    );
    for i in 1..=questions {
        s.push_str(&format!(
            "  - {{name: q{i}, label: Question {i}, type: text}}\n"
        ));
    }
    s
}

fn start(d: &Path) -> (Preview, Files) {
    let mut preview = Preview::new(d, opts()).allow_broken_links(true);
    let mut served = Files::new();
    apply(&mut served, preview.rebuild_all().expect("first build"));
    (preview, served)
}

/// One batch as the watcher reports it; the result must match a full build.
fn step(preview: &mut Preview, served: &mut Files, d: &Path, changed: &[PathBuf], name: &str) {
    let delta = preview
        .apply(changed)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    apply_checked(served, delta).unwrap_or_else(|e| panic!("after {name}: {e}"));
    assert_same(served, d, name);
}

// ---------------------------------------------------------------------------------------
// The generator

/// xorshift64*: small, deterministic, good enough.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<T: Clone>(&mut self, v: &[T]) -> Option<T> {
        (!v.is_empty()).then(|| v[self.below(v.len())].clone())
    }
}

/// A post's front matter and body, as written.
#[derive(Clone, Debug)]
struct Spec {
    title: String,
    date: String,
    tags: Vec<&'static str>,
    slug: Option<String>,
    draft: bool,
    body: String,
}

impl Spec {
    fn text(&self) -> String {
        let mut s = format!(
            "---\ntitle: \"{}\"\ndate: {}\ntags: [{}]\n",
            self.title,
            self.date,
            self.tags.join(", ")
        );
        if let Some(slug) = &self.slug {
            s.push_str(&format!("slug: {slug}\n"));
        }
        if self.draft {
            s.push_str("draft: true\n");
        } else if self.title.len().is_multiple_of(2) {
            s.push_str("draft: false\n");
        }
        s.push_str("---\n");
        s.push_str(&self.body);
        s.push('\n');
        s
    }
}

const TAGS: &[&str] = &["red", "green", "blue", "all", "Red", "big deal"];
const FOLDERS: &[&str] = &["posts/2025", "posts/2025/a", "posts/group", "posts/news"];
const STATICS: &[&str] = &[
    "static/x.txt",
    "static/css/extra.css",
    "static/style.css",
    "static/img/a.svg",
];

struct World<'a> {
    d: &'a Path,
    rng: Rng,
    /// Every post file written (bundle indexes included, and `.md` files that became
    /// files of a bundle), with what it holds when not broken.
    posts: BTreeMap<PathBuf, Spec>,
    /// A post holding bad YAML until a later step fixes it.
    broken: Option<PathBuf>,
    counter: u32,
}

impl<'a> World<'a> {
    fn initial_posts() -> BTreeMap<PathBuf, Spec> {
        let mut m = BTreeMap::new();
        for i in 0..8 {
            let tags = if i % 2 == 0 {
                vec!["red", "all"]
            } else {
                vec!["green", "all"]
            };
            let body = match i {
                3 => "See [post five](x5.md).".to_string(),
                4 => "Intro.\n\n<!-- more -->\n\nSee [the trip](trip.md).".to_string(),
                _ => format!("Hello {i}."),
            };
            m.insert(
                PathBuf::from(format!("posts/x{i}.md")),
                Spec {
                    title: format!("Post {i}"),
                    date: format!("2024-01-{:02}", i + 1),
                    tags,
                    slug: None,
                    draft: false,
                    body,
                },
            );
        }
        m.insert(
            PathBuf::from("posts/trip/index.md"),
            Spec {
                title: "Trip".into(),
                date: "2024-02-01".into(),
                tags: vec!["all"],
                slug: None,
                draft: false,
                body: "![pic](pic.svg) and [post two](../x2.md)".into(),
            },
        );
        m
    }

    /// The posts of the French side of a bilingual site.
    fn french_posts() -> BTreeMap<PathBuf, Spec> {
        let mut m = BTreeMap::new();
        for i in [1, 3, 5] {
            m.insert(
                PathBuf::from(format!("fr/posts/x{i}.md")),
                Spec {
                    title: format!("Billet {i}"),
                    date: format!("2024-01-{:02}", i + 1),
                    tags: vec!["rouge", "all"],
                    slug: None,
                    draft: false,
                    body: format!("Bonjour {i}, voir [le voyage](trip.md)."),
                },
            );
        }
        m.insert(
            PathBuf::from("fr/posts/trip/index.md"),
            Spec {
                title: "Voyage".into(),
                date: "2024-02-01".into(),
                tags: vec!["all"],
                slug: None,
                draft: false,
                body: "![image](pic.svg) et [le premier](../x1.md)".into(),
            },
        );
        m
    }

    fn fresh(&mut self) -> u32 {
        self.counter += 1;
        self.counter
    }

    fn abs(&self, rel: &Path) -> PathBuf {
        self.d.join(rel)
    }

    fn write_rel(&self, rel: &Path, text: &str) -> PathBuf {
        write(self.d, &rel.to_string_lossy(), text)
    }

    fn date(&mut self) -> String {
        if self.rng.chance(8) {
            format!("2099-{:02}-01", 1 + self.rng.below(12))
        } else {
            format!(
                "2024-0{}-{:02}",
                1 + self.rng.below(2),
                1 + self.rng.below(12)
            )
        }
    }

    fn tags(&mut self) -> Vec<&'static str> {
        let mut t: Vec<&'static str> = TAGS
            .iter()
            .copied()
            .filter(|_| self.rng.chance(30))
            .collect();
        t.dedup();
        t
    }

    fn slug(&mut self) -> Option<String> {
        match self.rng.below(10) {
            0..=5 => None,
            6 => Some("x1".into()), // may clash with posts/x1.md until fixed
            _ => Some(format!("s{}", self.fresh())),
        }
    }

    fn body(&mut self) -> String {
        let k = self.rng.below(12);
        match self.rng.below(8) {
            0 => format!("See [post {k}](x{k}.md)."),
            1 => format!("See [post {k}](../posts/x{k}.md) and [the trip](trip.md)."),
            2 => format!("Intro {k}.\n\n<!-- more -->\n\nThe rest, with [x{k}](x{k}.md)."),
            3 => "![pic](pic.svg) and [two](x2.md)".into(),
            // Anchors on other posts come and go with their headings.
            4 => {
                let j = self.rng.below(12);
                format!("## Part\n\nSee [part](x{j}.md#part) and [mine](#part).")
            }
            // Static files and posts linked by URL (not by file) come and go.
            5 => format!(
                "See [the picture](/img/a.svg), [the note](/x.txt) and [post {k}](/blog/x{k}/)."
            ),
            _ => format!("Hello {k}."),
        }
    }

    fn new_spec(&mut self) -> Spec {
        let n = self.fresh();
        Spec {
            title: format!("New {n}"),
            date: self.date(),
            tags: self.tags(),
            slug: self.slug(),
            draft: self.rng.chance(10),
            body: self.body(),
        }
    }

    /// Post files that are not broken.
    fn post_keys(&self) -> Vec<PathBuf> {
        self.posts
            .keys()
            .filter(|k| self.broken.as_ref() != Some(*k))
            .cloned()
            .collect()
    }

    /// Folders below posts/ (not posts/ itself) that do not hold the broken post.
    fn folders(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        dirs_below(&self.d.join("posts"), &mut out);
        out.into_iter()
            .map(|p| p.strip_prefix(self.d).unwrap().to_path_buf())
            .filter(|f| self.broken.as_ref().is_none_or(|b| !b.starts_with(f)))
            .collect()
    }

    /// Sometimes makes a folder that was just renamed or deleted again, with a new post
    /// in it, in the same batch (`mv a b; mkdir a; $EDITOR a/x.md`).
    fn maybe_recreate(&mut self, folder: &Path, log: &mut Vec<String>) -> Option<PathBuf> {
        if !self.rng.chance(25) {
            return None;
        }
        let key = folder.join(format!("x{}.md", self.fresh()));
        let spec = self.new_spec();
        log.push(format!("and write {}: {spec:?}", key.display()));
        let p = self.write_rel(&key, &spec.text());
        self.posts.insert(key, spec);
        Some(p)
    }

    /// Runs one random operation; None when it does not apply to the current site.
    fn op(&mut self, log: &mut Vec<String>) -> Option<Vec<PathBuf>> {
        let d = self.d;
        match self.rng.below(27) {
            // Edit one field of a post.
            0..=4 => {
                let key = self.rng.pick(&self.post_keys())?;
                let mut spec = self.posts[&key].clone();
                let what = match self.rng.below(7) {
                    0 => {
                        spec.title = format!("Edited {}", self.fresh());
                        "title"
                    }
                    1 => {
                        spec.body = self.body();
                        "body"
                    }
                    2 | 3 => {
                        spec.date = self.date();
                        "date"
                    }
                    4 => {
                        spec.tags = self.tags();
                        "tags"
                    }
                    5 => {
                        spec.slug = self.slug();
                        "slug"
                    }
                    _ => {
                        spec.draft = !spec.draft;
                        "draft"
                    }
                };
                log.push(format!("edit {what} of {}: {:?}", key.display(), spec));
                let p = self.write_rel(&key, &spec.text());
                self.posts.insert(key, spec);
                Some(vec![p])
            }
            // Add a post, sometimes in a (new, nested) folder.
            5 | 6 => {
                let n = self.fresh();
                let folder = if self.rng.chance(40) {
                    self.rng.pick(FOLDERS).unwrap()
                } else {
                    "posts"
                };
                // Sometimes a name another post has (or had): bare `xN.md` links may
                // become ambiguous or resolve again.
                let k = self.rng.below(12);
                let reuse = folder != "posts" && self.rng.chance(40);
                let key = if reuse && !self.abs(Path::new(&format!("{folder}/x{k}.md"))).exists() {
                    PathBuf::from(format!("{folder}/x{k}.md"))
                } else {
                    PathBuf::from(format!("{folder}/x{n}.md"))
                };
                let spec = self.new_spec();
                log.push(format!("add {}: {spec:?}", key.display()));
                let p = self.write_rel(&key, &spec.text());
                self.posts.insert(key, spec);
                Some(vec![p])
            }
            // Delete a post file.
            7 => {
                let key = self.rng.pick(&self.post_keys())?;
                log.push(format!("delete {}", key.display()));
                fs::remove_file(self.abs(&key)).unwrap();
                self.posts.remove(&key);
                Some(vec![self.abs(&key)])
            }
            // Rename a post file (not an index.md).
            8 => {
                let keys: Vec<_> = self
                    .post_keys()
                    .into_iter()
                    .filter(|k| !k.ends_with("index.md"))
                    .collect();
                let key = self.rng.pick(&keys)?;
                let n = self.fresh();
                let k = self.rng.below(12);
                let to = if self.rng.chance(40)
                    && !self.abs(&key.with_file_name(format!("x{k}.md"))).exists()
                {
                    key.with_file_name(format!("x{k}.md"))
                } else {
                    key.with_file_name(format!("x{n}.md"))
                };
                log.push(format!("rename {} -> {}", key.display(), to.display()));
                fs::rename(self.abs(&key), self.abs(&to)).unwrap();
                let spec = self.posts.remove(&key).unwrap();
                self.posts.insert(to.clone(), spec);
                Some(vec![self.abs(&key), self.abs(&to)])
            }
            // A post becomes a bundle: posts/x.md -> posts/x/index.md + pic.svg.
            9 => {
                let keys: Vec<_> = self
                    .post_keys()
                    .into_iter()
                    .filter(|k| {
                        !k.ends_with("index.md") && !self.abs(&k.with_extension("")).exists()
                    })
                    .collect();
                let key = self.rng.pick(&keys)?;
                let folder = key.with_extension("");
                let index = folder.join("index.md");
                let pic = folder.join("pic.svg");
                log.push(format!("bundle {} -> {}", key.display(), index.display()));
                let spec = self.posts.remove(&key).unwrap();
                fs::remove_file(self.abs(&key)).unwrap();
                let mut changed = vec![self.abs(&key), self.abs(&folder)];
                changed.push(self.write_rel(&index, &spec.text()));
                changed.push(self.write_rel(&pic, SVG));
                self.posts.insert(index, spec);
                Some(changed)
            }
            // A bundle becomes a post again: posts/x/ -> posts/x.md.
            10 => {
                let keys: Vec<_> = self
                    .post_keys()
                    .into_iter()
                    .filter(|k| {
                        k.ends_with("index.md")
                            && k.parent() != Some(Path::new("posts"))
                            && !self.abs(k.parent().unwrap()).with_extension("md").exists()
                            && self
                                .posts
                                .keys()
                                .filter(|o| o.starts_with(k.parent().unwrap()))
                                .count()
                                == 1
                            && self
                                .broken
                                .as_ref()
                                .is_none_or(|b| !b.starts_with(k.parent().unwrap()))
                    })
                    .collect();
                let key = self.rng.pick(&keys)?;
                let folder = key.parent().unwrap().to_path_buf();
                let to = folder.with_extension("md");
                log.push(format!("unbundle {} -> {}", folder.display(), to.display()));
                let mut changed = vec![self.abs(&folder)];
                if self.rng.chance(50) {
                    // Some watchers report every removed file too.
                    changed.extend(files_below(&self.abs(&folder)));
                }
                fs::remove_dir_all(self.abs(&folder)).unwrap();
                let spec = self.posts.remove(&key).unwrap();
                changed.push(self.write_rel(&to, &spec.text()));
                self.posts.insert(to, spec);
                Some(changed)
            }
            // Add or remove a file of a bundle.
            11 => {
                let keys: Vec<_> = self
                    .post_keys()
                    .into_iter()
                    .filter(|k| k.ends_with("index.md") && k.parent() != Some(Path::new("posts")))
                    .collect();
                let key = self.rng.pick(&keys)?;
                let folder = self.abs(key.parent().unwrap());
                let files: Vec<PathBuf> = files_below(&folder)
                    .into_iter()
                    .filter(|f| f.extension().is_some_and(|e| e == "svg"))
                    .collect();
                if self.rng.chance(30) && !files.is_empty() {
                    let f = self.rng.pick(&files).unwrap();
                    let n = self.fresh();
                    log.push(format!(
                        "edit bundle file {}",
                        f.strip_prefix(d).unwrap().display()
                    ));
                    fs::write(
                        &f,
                        format!("<svg xmlns=\"http://www.w3.org/2000/svg\"><!-- {n} --></svg>"),
                    )
                    .unwrap();
                    Some(vec![f])
                } else if self.rng.chance(50) && !files.is_empty() {
                    let f = self.rng.pick(&files).unwrap();
                    log.push(format!(
                        "remove bundle file {}",
                        f.strip_prefix(d).unwrap().display()
                    ));
                    fs::remove_file(&f).unwrap();
                    Some(vec![f])
                } else {
                    let n = self.fresh();
                    let f = folder.join(format!("f{n}.svg"));
                    log.push(format!(
                        "add bundle file {}",
                        f.strip_prefix(d).unwrap().display()
                    ));
                    fs::write(&f, SVG).unwrap();
                    Some(vec![f])
                }
            }
            // Add an index.md to a folder of posts, or remove one.
            12 => {
                if self.rng.chance(50) {
                    let folders: Vec<_> = self
                        .folders()
                        .into_iter()
                        .filter(|f| !self.abs(&f.join("index.md")).exists())
                        .collect();
                    let folder = self.rng.pick(&folders)?;
                    let key = folder.join("index.md");
                    let spec = self.new_spec();
                    log.push(format!("add {}: {spec:?}", key.display()));
                    let p = self.write_rel(&key, &spec.text());
                    self.posts.insert(key, spec);
                    Some(vec![p])
                } else {
                    let keys: Vec<_> = self
                        .post_keys()
                        .into_iter()
                        .filter(|k| {
                            k.ends_with("index.md") && k.parent() != Some(Path::new("posts"))
                        })
                        .collect();
                    let key = self.rng.pick(&keys)?;
                    log.push(format!("remove {}", key.display()));
                    fs::remove_file(self.abs(&key)).unwrap();
                    self.posts.remove(&key);
                    Some(vec![self.abs(&key)])
                }
            }
            // Rename a folder of posts.
            13 => {
                let folder = self.rng.pick(&self.folders())?;
                let n = self.fresh();
                let into: Vec<PathBuf> = self
                    .folders()
                    .into_iter()
                    .filter(|f| !f.starts_with(&folder))
                    .collect();
                let to = match self.rng.below(3) {
                    0 => folder.with_file_name(format!("moved{n}")),
                    1 if !into.is_empty() => {
                        self.rng.pick(&into).unwrap().join(format!("moved{n}"))
                    }
                    _ => PathBuf::from(format!("posts/moved{n}")),
                };
                log.push(format!(
                    "rename folder {} -> {}",
                    folder.display(),
                    to.display()
                ));
                fs::rename(self.abs(&folder), self.abs(&to)).unwrap();
                let moved: Vec<PathBuf> = self
                    .posts
                    .keys()
                    .filter(|k| k.starts_with(&folder))
                    .cloned()
                    .collect();
                for k in moved {
                    let spec = self.posts.remove(&k).unwrap();
                    self.posts
                        .insert(to.join(k.strip_prefix(&folder).unwrap()), spec);
                }
                let mut changed = vec![self.abs(&folder), self.abs(&to)];
                changed.extend(self.maybe_recreate(&folder, log));
                Some(changed)
            }
            // Delete a folder of posts.
            14 => {
                let folder = self.rng.pick(&self.folders())?;
                log.push(format!("delete folder {}", folder.display()));
                let mut changed = vec![self.abs(&folder)];
                if self.rng.chance(50) {
                    changed.extend(files_below(&self.abs(&folder)));
                }
                fs::remove_dir_all(self.abs(&folder)).unwrap();
                self.posts.retain(|k, _| !k.starts_with(&folder));
                changed.extend(self.maybe_recreate(&folder, log));
                Some(changed)
            }
            // Edit the page that links to posts.
            15 | 16 => {
                let (a, b) = (self.rng.below(12), self.rng.below(12));
                let text = format!(
                    "---\ntitle: About {a}\n---\nRead [post {a}](x{a}.md), [post {b}](../posts/x{b}.md) and [the trip](trip.md).\n"
                );
                log.push(format!("edit pages/about.md: x{a}.md, x{b}.md"));
                Some(vec![write(d, "pages/about.md", &text)])
            }
            // Add or remove a page.
            17 => {
                let rel = format!("pages/extra{}.md", self.rng.below(3));
                let p = d.join(&rel);
                if p.exists() && self.rng.chance(60) {
                    log.push(format!("remove {rel}"));
                    fs::remove_file(&p).unwrap();
                    Some(vec![p])
                } else {
                    let k = self.rng.below(12);
                    log.push(format!("write {rel} linking x{k}.md"));
                    Some(vec![write(
                        d,
                        &rel,
                        &format!("---\ntitle: Extra {k}\n---\nSee [x{k}](x{k}.md).\n"),
                    )])
                }
            }
            // Edit, add or remove a testimonial (or, sometimes, the survey).
            18 => {
                if self.rng.chance(30) {
                    let rel = "surveys/s.yaml";
                    let p = d.join(rel);
                    if p.exists() && self.rng.chance(30) {
                        log.push(format!("remove {rel}"));
                        fs::remove_file(&p).unwrap();
                        return Some(vec![p]);
                    }
                    let questions = 1 + self.rng.below(5);
                    let closes = self.rng.pick(&["2000-01-31", "2999-01-31"]).unwrap();
                    log.push(format!(
                        "write {rel}: {questions} questions, closes {closes}"
                    ));
                    return Some(vec![write(d, rel, &survey(questions, closes))]);
                }
                let rel = if self.rng.chance(70) {
                    "testimonials/a.yaml"
                } else {
                    "testimonials/b.yaml"
                };
                let p = d.join(rel);
                if p.exists() && self.rng.chance(25) {
                    log.push(format!("remove {rel}"));
                    fs::remove_file(&p).unwrap();
                    Some(vec![p])
                } else {
                    let author = self.rng.pick(&["Ann Lee", "Bo Chen", "Cy Diaz"]).unwrap();
                    let rating = 1 + self.rng.below(5) as u32;
                    let featured = self.rng.chance(50);
                    log.push(format!("write {rel}: {author}, {rating}, {featured}"));
                    Some(vec![write(d, rel, &testimonial(author, rating, featured))])
                }
            }
            // Add, edit or remove a static file (style.css overrides the theme's).
            19 | 20 => {
                let rel = self.rng.pick(STATICS).unwrap();
                let p = d.join(rel);
                if p.exists() && self.rng.chance(40) {
                    log.push(format!("remove {rel}"));
                    fs::remove_file(&p).unwrap();
                } else {
                    let n = self.fresh();
                    log.push(format!("write {rel} ({n})"));
                    write(d, rel, &format!("/* {n} */ body {{ color: red }}"));
                }
                Some(vec![p])
            }
            // Edit contact.yaml.
            21 => {
                let name = self.rng.pick(&["Ann", "Bea", "Cyd"]).unwrap();
                log.push(format!("contact.yaml: {name}"));
                Some(vec![write(d, "contact.yaml", &contact(name))])
            }
            // Break a post (fixed in a later step).
            22 => {
                if self.broken.is_some() {
                    return None;
                }
                let key = self.rng.pick(&self.post_keys())?;
                log.push(format!("break {}", key.display()));
                let p = self.write_rel(&key, BROKEN);
                self.broken = Some(key);
                Some(vec![p])
            }
            // Edit site.yaml.
            23 => {
                if !self.rng.chance(30) {
                    return None;
                }
                let per = 2 + self.rng.below(2) as u32;
                let feed = 2 + self.rng.below(2) as u32;
                log.push(format!(
                    "site.yaml: posts_per_page {per}, feed limit {feed}"
                ));
                Some(vec![write(d, "site.yaml", &site_yaml(per, feed))])
            }
            // A folder of posts copied in (`cp -r`, a checkout): only the folder is reported.
            26 => {
                let n = self.fresh();
                let parent = match self.rng.pick(&self.folders()) {
                    Some(f) if self.rng.chance(30) => f,
                    _ => PathBuf::from("posts"),
                };
                let folder = parent.join(format!("copied{n}"));
                let mut names = vec![format!("x{}.md", self.fresh())];
                if self.rng.chance(50) {
                    names.push(format!("x{}.md", self.fresh()));
                }
                if self.rng.chance(30) {
                    names.push("index.md".into());
                }
                for name in names {
                    let key = folder.join(name);
                    let spec = self.new_spec();
                    log.push(format!("copy in {}: {spec:?}", key.display()));
                    self.write_rel(&key, &spec.text());
                    self.posts.insert(key, spec);
                }
                Some(vec![self.abs(&folder)])
            }
            // Fix the broken post, or delete it.
            _ => {
                let key = self.broken.take()?;
                if self.rng.chance(20) {
                    log.push(format!("delete broken {}", key.display()));
                    fs::remove_file(self.abs(&key)).unwrap();
                    self.posts.remove(&key);
                    return Some(vec![self.abs(&key)]);
                }
                log.push(format!("fix {}", key.display()));
                let spec = self.posts[&key].clone();
                Some(vec![self.write_rel(&key, &spec.text())])
            }
        }
    }
}

fn dirs_below(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    entries.sort();
    for e in entries {
        if e.is_dir() {
            out.push(e.clone());
            dirs_below(&e, out);
        }
    }
}

fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    let mut entries: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    entries.sort();
    for e in entries {
        if e.is_dir() {
            out.extend(files_below(&e));
        } else {
            out.push(e);
        }
    }
    out
}

/// Every file under `dir`, as site paths.
fn walk_out(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out
}

fn run(seed: u64, steps: usize) {
    run_in(seed, steps, false);
}

/// [`run`] on a site in one language, or in two (`bilingual`).
fn run_in(seed: u64, steps: usize, bilingual: bool) {
    let dir = site_in(bilingual);
    let d = dir.path();
    let (mut preview, mut served) = start(d);
    let mut posts = World::initial_posts();
    if bilingual {
        posts.extend(World::french_posts());
    }
    let mut world = World {
        d,
        rng: Rng::new(seed),
        posts,
        broken: None,
        counter: 100,
    };
    let mut history: Vec<String> = Vec::new();
    // A warm build (cache and previous output kept from step to step) must equal the
    // oracle too: the cache never changes what is written.
    let warm = tempfile::tempdir().unwrap();
    let warm_out = warm.path().join("out");
    let warm_opts = BuildOptions {
        render: RenderOptions::PREVIEW,
        cache_dir: Some(warm.path().join("cache")),
        allow_broken_links: true,
        progress: None,
    };
    if steps >= 100 {
        // The cache trusts a post's stamp (size, inode, change times) once the file has
        // been left alone for two seconds: let the first posts settle, so that the warm
        // builds take their front matter from the cache while edited posts are read again.
        std::thread::sleep(std::time::Duration::from_millis(2500));
    }
    for n in 0..steps {
        let mut log = Vec::new();
        let mut changed: Vec<PathBuf> = Vec::new();
        let ops = 1 + world.rng.below(3);
        let mut done = 0;
        while done < ops {
            if let Some(paths) = world.op(&mut log) {
                changed.extend(paths);
                done += 1;
            }
        }
        if world.rng.chance(15) {
            // A poller also reports the folders whose listing changed.
            let parents: Vec<PathBuf> = changed
                .iter()
                .filter_map(|p| p.parent())
                .filter(|p| p.is_dir() && p.starts_with(d.join("posts")))
                .map(Path::to_path_buf)
                .collect();
            log.push(format!("(with the parent folders {parents:?})"));
            changed.extend(parents);
        }
        let header = format!("step {n}: {}", log.join("; "));
        history.push(header.clone());
        let fail = |what: String| -> ! {
            panic!(
                "seed {seed}, {header}\nchanged: {changed:?}\n{what}\nhistory:\n{}",
                history.join("\n")
            )
        };
        let expected = full_build_and_links(d);
        let before = served.clone();
        match (expected, preview.apply(&changed)) {
            (Ok((fresh, links)), Ok(delta)) => {
                if let Err(e) = apply_checked(&mut served, delta) {
                    fail(e);
                }
                let served_broken = served_links(&mut preview);
                if served_broken != links {
                    fail(format!(
                        "serve reports other broken links than build:\nserve:\n{}\nbuild:\n{}",
                        served_broken.join("\n"),
                        links.join("\n")
                    ));
                }
                if let Some(diff) = difference(&served, &fresh) {
                    fail(diff);
                }
                // Every step of a long sequence; the first and last of a short one (slow disk).
                if steps < 100 && n != 0 && n + 1 < steps {
                    continue;
                }
                if let Err(e) = frontdesk::pipeline::build(d, &opts(), &warm_out, warm_opts.clone())
                {
                    fail(format!("the warm build failed: {e:#}"));
                }
                let mut built = Files::new();
                for f in walk_out(&warm_out) {
                    built.insert(f.clone(), fs::read(warm_out.join(&f)).unwrap());
                }
                built.remove(".frontdesk-manifest");
                if let Some(diff) = difference(&built, &fresh) {
                    fail(format!("warm build differs from a cold one:\n{diff}"));
                }
            }
            (Err(expected), Err(got)) => {
                assert_eq!(served, before, "a failed batch changed nothing");
                if got.to_string() != expected {
                    fail(format!(
                        "serve reports other problems than build:\nserve:\n{got}\nbuild:\n{expected}"
                    ));
                }
            }
            (Ok(_), Err(e)) => fail(format!("apply failed, the full build did not: {e}")),
            (Err(e), Ok(_)) => fail(format!("apply succeeded, the full build failed: {e}")),
        }
    }
}

#[test]
fn random_edits_seed_1() {
    run(1, 150);
}

#[test]
fn random_edits_seed_2() {
    run(0xC0FFEE, 150);
}

#[test]
fn random_edits_seed_3() {
    run(20_261_123, 150);
}

/// A site in English and French: edits to either language's posts, the preview equal to
/// a full build after every batch.
#[test]
fn random_edits_bilingual() {
    run_in(7, 120, true);
    for seed in 2_000..2_040 {
        run_in(seed, 10, true);
    }
}

/// Three hundred short sequences from fresh sites: many different starting points, each
/// checked against the build pipeline after every batch.
#[test]
fn three_hundred_short_random_sequences() {
    for seed in 1_000..1_300 {
        run(seed, 12);
    }
}

// ---------------------------------------------------------------------------------------
// Regression tests: failures the randomized test found, shrunk by hand. Each failed on
// the commit named in its comment and passes since the fix.

/// A batch that fails after the extras were reloaded (here: contact.yaml edited together
/// with a broken post) drops the preview's state; the fix then rebuilds everything but
/// removed nothing, so a post deleted meanwhile stayed served (failed at 99aa823: served
/// kept blog/x2/index.html; fixed in 6cc1603).
#[test]
fn a_post_deleted_after_a_failed_extras_batch_is_no_longer_served() {
    let dir = site();
    let d = dir.path();
    let (mut preview, mut served) = start(d);
    let before = served.clone();
    let bad = write(d, "posts/x1.md", BROKEN);
    let contact = write(d, "contact.yaml", &contact("Bea"));
    assert!(preview.apply(&[bad.clone(), contact]).is_err());
    assert_eq!(served, before);
    write(
        d,
        "posts/x1.md",
        &post("Post 1", "2024-01-02", "green, all", "Fixed."),
    );
    let gone = d.join("posts/x2.md");
    fs::remove_file(&gone).unwrap();
    step(
        &mut preview,
        &mut served,
        d,
        &[bad, gone],
        "fixing x1 and deleting x2",
    );
}

/// The same through a render error: a slug clash fails after the posts were updated
/// (failed at 99aa823: served kept blog/x2/index.html).
#[test]
fn a_slug_moved_after_a_clash_leaves_no_stale_page() {
    let dir = site();
    let d = dir.path();
    let (mut preview, mut served) = start(d);
    let x2 = write(
        d,
        "posts/x2.md",
        "---\ntitle: Two\ndate: 2024-01-03\nslug: x1\n---\nx\n",
    );
    assert!(preview.apply(std::slice::from_ref(&x2)).is_err());
    write(
        d,
        "posts/x2.md",
        "---\ntitle: Two\ndate: 2024-01-03\nslug: two\n---\nx\n",
    );
    step(
        &mut preview,
        &mut served,
        d,
        &[x2],
        "moving the slug to a free one",
    );
}

/// A bundle inside another bundle's folder is its own post. Deleting its folder (the
/// watcher reports the folder) mapped the path to the outer bundle's `index.md`, so the
/// inner post was never dropped: its page and files stayed served (failed at 99aa823;
/// fixed in 6cc1603).
#[test]
fn a_deleted_bundle_inside_a_bundle_is_no_longer_served() {
    let dir = site();
    let d = dir.path();
    write(
        d,
        "posts/trip/inner/index.md",
        &post("Inner", "2024-02-02", "all", "![pic](pic.svg)"),
    );
    write(d, "posts/trip/inner/pic.svg", SVG);
    let (mut preview, mut served) = start(d);
    assert!(served.contains_key("blog/inner/index.html"));
    fs::remove_dir_all(d.join("posts/trip/inner")).unwrap();
    step(
        &mut preview,
        &mut served,
        d,
        &[d.join("posts/trip/inner")],
        "deleting posts/trip/inner",
    );
}

/// The same with a full render in the batch: the delta upserted the gone bundle's file,
/// whose source no longer exists (failed at 99aa823).
#[test]
fn a_deleted_bundle_inside_a_bundle_is_not_served_from_a_missing_file() {
    let dir = site();
    let d = dir.path();
    write(
        d,
        "posts/trip/inner/index.md",
        &post("Inner", "2024-02-02", "all", "![pic](pic.svg)"),
    );
    write(d, "posts/trip/inner/pic.svg", SVG);
    let (mut preview, mut served) = start(d);
    fs::remove_dir_all(d.join("posts/trip/inner")).unwrap();
    let contact = write(d, "contact.yaml", &contact("Bea"));
    step(
        &mut preview,
        &mut served,
        d,
        &[d.join("posts/trip/inner"), contact],
        "deleting posts/trip/inner and editing contact.yaml",
    );
}

/// Moving a bundle out of another bundle's folder: the new folder was read, the old
/// post never dropped (failed at 99aa823).
#[test]
fn a_bundle_moved_out_of_a_bundle_leaves_no_stale_page() {
    let dir = site();
    let d = dir.path();
    write(
        d,
        "posts/trip/inner/index.md",
        &post("Inner", "2024-02-02", "all", "![pic](pic.svg)"),
    );
    write(d, "posts/trip/inner/pic.svg", SVG);
    let (mut preview, mut served) = start(d);
    fs::rename(d.join("posts/trip/inner"), d.join("posts/outer")).unwrap();
    step(
        &mut preview,
        &mut served,
        d,
        &[d.join("posts/trip/inner"), d.join("posts/outer")],
        "moving posts/trip/inner to posts/outer",
    );
}

/// A folder renamed away and made again in the same batch (`mv trip journey; mkdir trip`
/// and a new post in it): the folder exists, so only its new files were read, and the
/// post that was in it was never dropped (failed at 6cc1603; fixed in f268a37).
#[test]
fn a_folder_renamed_and_made_again_in_one_batch_leaves_no_stale_page() {
    let dir = site();
    let d = dir.path();
    let (mut preview, mut served) = start(d);
    fs::rename(d.join("posts/trip"), d.join("posts/journey")).unwrap();
    let new = write(
        d,
        "posts/trip/new.md",
        &post("New", "2024-03-01", "all", "New."),
    );
    step(
        &mut preview,
        &mut served,
        d,
        &[d.join("posts/trip"), d.join("posts/journey"), new],
        "renaming posts/trip to posts/journey and writing posts/trip/new.md",
    );
}

/// The same with a folder of plain posts: the stale posts clashed with their moved
/// copies, so the preview reported an error while the full build succeeded (failed at
/// 6cc1603).
#[test]
fn a_folder_of_posts_renamed_and_made_again_in_one_batch_is_no_clash() {
    let dir = site();
    let d = dir.path();
    write(d, "posts/group/a.md", &post("A", "2024-03-01", "all", "A."));
    let (mut preview, mut served) = start(d);
    fs::rename(d.join("posts/group"), d.join("posts/moved")).unwrap();
    let new = write(d, "posts/group/b.md", &post("B", "2024-03-02", "all", "B."));
    step(
        &mut preview,
        &mut served,
        d,
        &[d.join("posts/group"), d.join("posts/moved"), new],
        "renaming posts/group to posts/moved and writing posts/group/b.md",
    );
}
