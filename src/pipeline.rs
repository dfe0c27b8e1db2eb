//! The whole build as one pipeline: load (sources and theme) -> assemble -> render. Writing
//! is the caller's. `build` runs it whole; `serve` starts from [`crate::site::load`] too, and asks
//! [`diagnose`] for the errors of a failed update, so both report the same problems.

use std::path::Path;

use crate::cache::CacheDir;
use crate::cache::dir::Refused;
use crate::content::{self, LoadOptions};
use crate::error::{Diagnostic, Diagnostics};
use crate::linkcheck::{Broken, Checker, SiteUrls, blame, path_hash};
use crate::output::Output;
use crate::render::{Job, RenderOptions, Renderer};
use crate::site::{Site, load};

/// A site rendered into memory.
pub struct Built {
    /// Every output file.
    pub outputs: Vec<Output>,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// Broken links, images and anchors (when they were allowed).
    pub broken: Vec<Diagnostic>,
    /// Number of HTML pages among the outputs.
    pub pages: usize,
}

/// Loads, assembles and renders the site in `site_dir`.
pub fn render_site(
    site_dir: &Path,
    load_opts: &LoadOptions,
    opts: RenderOptions,
    allow_broken_links: bool,
) -> Result<Built, Diagnostics> {
    let assembled =
        crate::site::assemble(site_dir, load_opts, None, crate::site::Changes::All, None)
            .map_err(|f| f.diagnostics)?;
    let site = &assembled.site;
    let renderer = Renderer::new(site.languages(), opts);
    render_content(site, &renderer, allow_broken_links)
}

/// Renders an assembled site with its theme, and checks its links (broken ones are
/// errors unless `allow_broken_links`).
pub fn render_content(
    site: &Site,
    renderer: &Renderer,
    allow_broken_links: bool,
) -> Result<Built, Diagnostics> {
    let jobs = renderer.jobs();
    renderer.check_collisions(&jobs)?;
    let outputs = renderer.render_all(&jobs)?;
    let pages = outputs.iter().filter(|o| o.path.ends_with(".html")).count();
    let paths: crate::hash::FastSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
    let exists = |p: &str| paths.contains(p);
    let checker = Checker::new(&exists);
    let urls = SiteUrls::of(&site.config);
    let mut broken = Vec::new();
    for o in &outputs {
        if let (true, crate::output::Body::Bytes(b)) = (o.path.ends_with(".html"), &o.body) {
            broken.extend(checker.html(&o.path, b, &urls).0);
        }
    }
    broken.extend(checker.finish(&|_| None, &urls));
    let broken = link_problems(site, renderer, &jobs, broken, allow_broken_links)?;
    let review = crate::review::review(&site.content);
    // The broken links are `Built::broken`, apart (`check` reports them as errors).
    let warnings = warnings(&site.content, &renderer.warnings(), &review, &[]);
    Ok(Built {
        outputs,
        warnings,
        broken,
        pages,
    })
}

/// Every warning of a site, in one order, the same from every command (`build`, `check`,
/// `serve`, `newsletter`): the content's, the renderer's (`rendered`: images published
/// other than their names say, newsletter issues with nothing new), the content
/// `review`'s, and the broken `links` when they are allowed.
pub fn warnings(
    content: &crate::content::Content,
    rendered: &[Diagnostic],
    review: &[Diagnostic],
    links: &[Diagnostic],
) -> Vec<Diagnostic> {
    (content.warnings.iter())
        .chain(rendered)
        .chain(review)
        .chain(links)
        .cloned()
        .collect()
}

/// Broken references as diagnostics at the place they were written: errors (returned as
/// `Err`), or warnings when `allow` (`--allow-broken-links`, for an emergency deploy).
pub fn link_problems(
    site: &Site,
    renderer: &Renderer,
    jobs: &[Job],
    broken: Vec<Broken>,
    allow: bool,
) -> Result<Vec<Diagnostic>, Diagnostics> {
    if broken.is_empty() {
        return Ok(Vec::new());
    }
    let urls = SiteUrls::of(&site.config);
    let found = blame::diagnostics(broken, &blame_sources(site, renderer, jobs, &urls));
    if allow {
        Ok(found)
    } else {
        Err(Diagnostics(found).sorted())
    }
}

/// The problems that stop a full build of the site from loading now (every broken source
/// and template, as `build` reports them), or None when it loads. `serve` reports these
/// for a failed update, so the preview and `build` never disagree on what is broken.
pub fn diagnose(site_dir: &Path, load_opts: &LoadOptions) -> Option<Diagnostics> {
    load(site_dir, load_opts, content::Reading::Lean(None)).err()
}

/// What [`blame`] reads to say where a reference of `site` is written: its sources, its
/// theme, and which source each output (of `jobs`) is made from.
pub fn blame_sources<'a>(
    site: &'a Site,
    renderer: &Renderer,
    jobs: &[Job],
    urls: &'a SiteUrls,
) -> blame::Sources<'a> {
    blame::Sources {
        site_dir: site.site_dir(),
        content: &site.content,
        theme: &site.theme,
        links: site.links(),
        urls,
        owners: jobs.iter().map(|j| renderer.target(j)).collect(),
    }
}

/// What a build wrote.
pub struct Summary {
    /// HTML pages.
    pub pages: usize,
    /// Files in the output.
    pub files: usize,
    /// Files rendered (the rest were taken over unchanged from the previous output).
    pub rendered: usize,
    /// Post files (drafts included).
    pub posts: usize,
    /// Post files read and parsed (the rest were unchanged, and their front matter was
    /// taken from the build cache).
    pub posts_read: usize,
    /// Raster images published.
    pub images: usize,
    /// Images decoded (the rest were unchanged: their files came from the build cache).
    pub images_decoded: usize,
    /// Image files encoded (variants, cards, originals turned upright).
    pub images_encoded: usize,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// Remarks on the build itself (a cache that could not be used).
    pub notes: Vec<String>,
    /// The newsletter's emails, one per issue, for `--email-out`.
    pub emails: Vec<crate::render::newsletter::Email>,
    /// The address the site was built for (`base_url`).
    pub base_url: String,
}

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// How to render.
    pub render: RenderOptions,
    /// The build cache folder; None: no cache, and every file is rendered (nothing is
    /// taken over from the previous output, whose input hashes are part of the cache).
    pub cache_dir: Option<std::path::PathBuf>,
    /// Broken links are warnings, not errors (an emergency deploy).
    pub allow_broken_links: bool,
    /// Where the build shows its progress.
    pub progress: Option<crate::progress::Progress>,
}

/// Counts one job as done when it ends, however it ends.
struct Step<'a>(&'a crate::progress::Progress, bool);

impl Drop for Step<'_> {
    fn drop(&mut self) {
        self.0.step(self.1);
    }
}

/// Builds the site in `site_dir` into `out_dir`. Each file is written as soon as it is
/// rendered, so memory holds the assembled site, never the rendered one; the output folder
/// is replaced only when every file was written.
pub fn build(
    site_dir: &Path,
    load_opts: &LoadOptions,
    out_dir: &Path,
    opts: BuildOptions,
) -> anyhow::Result<Summary> {
    // The cache is opened under the output's lock: one build at a time reads and saves it.
    let writer = crate::output::Writer::open(site_dir, out_dir)?;
    let mut notes = Vec::new();
    let cache = match opts.cache_dir.as_deref().map(claim_cache) {
        None => None,
        Some(Ok(cache)) => Some(cache),
        // A folder the user named that is not a cache is refused whole: nothing in it is
        // touched, and the build stops so the user sees why.
        Some(Err(Refused::NotOurs(dir))) if dir != crate::cache::default_dir(site_dir) => {
            writer.abort();
            return Err(Refused::NotOurs(dir).into());
        }
        // The site's own cache folder that cannot be used (read-only, not ours): the build
        // goes on without it.
        Some(Err(e)) => {
            notes.push(format!("{e}; built without the build cache"));
            None
        }
    };
    if let (Some(c), Some(dir)) = (&cache, &opts.cache_dir)
        && let Some(why) = &c.ignored
    {
        notes.push(format!(
            "{}: the build cache was not used: {why}; it is written anew",
            dir.display()
        ));
    }
    // Without a cache, rendered Markdown still goes to disk (a scratch folder inside the
    // staging folder, removed before the swap), so memory stays small on any site; nothing
    // is kept for the next build.
    let scratch = match &cache {
        Some(_) => None,
        None => claim_cache(&writer.scratch_dir()).ok(),
    };
    let reuse = cache.is_some();
    match write_site(
        site_dir,
        load_opts,
        &writer,
        &opts,
        cache.as_ref().or(scratch.as_ref()),
        reuse,
    ) {
        Ok(mut summary) => {
            drop(scratch);
            writer.remove_scratch();
            let old = writer.commit()?;
            // The old output goes while the cache is saved: both wait mostly on the disk.
            let saved = std::thread::scope(|s| {
                s.spawn(|| old.remove());
                cache.map(|c| c.save())
            });
            if let (Some(Err(e)), Some(dir)) = (saved, &opts.cache_dir) {
                notes.push(format!(
                    "{}: cannot save the build cache: {e}",
                    dir.display()
                ));
            }
            notes.append(&mut summary.notes);
            summary.notes = notes;
            Ok(summary)
        }
        Err(e) => {
            writer.abort();
            Err(e)
        }
    }
}

/// Records which source each post's and page's HTML is made from, and warns of those
/// whose address changed since the previous build (with the `aliases:` line to add).
fn moved_pages(
    site_dir: &Path,
    site: &Site,
    renderer: &Renderer,
    jobs: &[Job],
    paths: &crate::hash::FastSet<String>,
    writer: &crate::output::Writer,
) -> Vec<Diagnostic> {
    let now: crate::output::Sources = (jobs.iter())
        .filter(|j| matches!(j, Job::Post(_) | Job::Page(_)))
        .map(|j| {
            let (path, source) = renderer.target(j);
            (path, crate::walk::slash_path(&source))
        })
        .collect();
    let moved = content::redirects::moved(
        writer.previous_sources(),
        &now,
        &|p| paths.contains(p),
        &|s| site_dir.join(s).exists(),
    );
    let found = content::redirects::alias_suggestions(&site.content, &moved);
    writer.set_sources(now);
    found
}

/// A site's own `static/_headers` where `headers:` in `site.yaml` makes the build write one.
fn host_headers_clash(site: &Site, renderer: &Renderer, jobs: &[Job]) -> Result<(), Diagnostics> {
    if site.content.config.headers.is_none() {
        return Ok(());
    }
    match jobs
        .iter()
        .find(|j| renderer.path(j) == crate::headers::HOST_HEADERS)
    {
        None => Ok(()),
        Some(job) => Err(Diagnostic::file(
            renderer.source(job),
            format!(
                "clashes with the /{} frontdesk writes for `headers:` in {}: delete this file \
                 (the build computes the Content-Security-Policy from the pages), or remove \
                 `headers:` to publish this file as it is",
                crate::headers::HOST_HEADERS,
                crate::layout::SITE_FILE
            ),
        )
        .into()),
    }
}

/// A site's own file under `/pagefind/`, where `search: true` makes the build write the
/// search index.
fn search_clash(site: &Site, renderer: &Renderer, jobs: &[Job]) -> Result<(), Diagnostics> {
    if !site.content.config.search {
        return Ok(());
    }
    match (jobs.iter()).find(|j| renderer.path(j).starts_with(crate::search::BUNDLE)) {
        None => Ok(()),
        Some(job) => Err(Diagnostic::file(
            renderer.source(job),
            format!(
                "clashes with the search index frontdesk writes under /{} for `search: true` \
                 in {}: move this file to another folder, or remove `search: true`",
                crate::search::BUNDLE,
                crate::layout::SITE_FILE
            ),
        )
        .into()),
    }
}

/// Writes `_headers`: its Content-Security-Policy allows what the written pages and
/// stylesheets (read back from the staging folder) load.
fn write_host_headers(
    site: &Site,
    headers: &crate::config::Headers,
    paths: &crate::hash::FastSet<String>,
    writer: &crate::output::Writer,
) -> anyhow::Result<()> {
    use rayon::prelude::*;
    let config = &site.content.config;
    let origin = config.base_url.origin().ascii_serialization();
    let read: Vec<&String> = (paths.iter())
        .filter(|p| p.ends_with(".html") || p.ends_with(".css"))
        .collect();
    type Scanned = (crate::headers::Loads, crate::headers::Loads, Vec<String>);
    // What every page loads, what the search pages load, and where those pages are.
    let (loads, search, searching) = read
        .par_iter()
        .map(|p| -> anyhow::Result<Scanned> {
            let bytes = std::fs::read(writer.staged(p))
                .map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", writer.staged(p).display()))?;
            let loads = if p.ends_with(".css") {
                crate::headers::scan_css(&String::from_utf8_lossy(&bytes), &origin)
            } else {
                crate::headers::scan_html(&bytes, &origin)
            };
            Ok(if loads.searches() {
                let dir = p.strip_suffix("index.html").unwrap_or(p);
                let path = format!("{}{dir}*", config.root());
                (loads.clone().without_search(), loads, vec![path])
            } else {
                (loads, Default::default(), Vec::new())
            })
        })
        .try_reduce(Default::default, |mut a: Scanned, b: Scanned| {
            a.0.merge(b.0);
            a.1.merge(b.1);
            a.2.extend(b.2);
            Ok(a)
        })?;
    let csp = crate::headers::csp(&loads, headers);
    let mut own = Vec::new();
    if !searching.is_empty() {
        let mut search_csp = loads.clone();
        search_csp.merge(search);
        let search_csp = crate::headers::csp(&search_csp, headers);
        let mut paths = searching;
        // Pagefind's worker runs under the policy its own file is served with.
        paths.push(format!("{}{}*", config.root(), crate::search::BUNDLE));
        paths.sort();
        own = paths.into_iter().map(|p| (p, search_csp.clone())).collect();
    }
    let text = crate::headers::file(headers, &csp, &own, config.root());
    let key = crate::hash::bytes(text.as_bytes());
    writer.write(
        &Output {
            path: crate::headers::HOST_HEADERS.to_string(),
            body: crate::output::Body::Bytes(text.into_bytes()),
        },
        key,
    )
}

/// The records of the pages the search finds, gathered while the pages are written
/// (None: the site has no search).
struct Searched<'a> {
    site: &'a Site,
    records: Option<std::sync::Mutex<Vec<crate::search::Record>>>,
}

impl<'a> Searched<'a> {
    fn new(site: &'a Site) -> Self {
        let records = site.content.config.search.then(Default::default);
        Searched { site, records }
    }

    /// Keeps the record of `job`'s page when the search finds it; `html` gives its bytes
    /// (read only then).
    fn read<'b>(
        &self,
        job: &Job,
        html: impl FnOnce() -> std::io::Result<std::borrow::Cow<'b, [u8]>>,
    ) -> anyhow::Result<()> {
        let Some(records) = &self.records else {
            return Ok(());
        };
        let config = &self.site.content.config;
        if crate::search::entry(job, &config.language).is_none() {
            return Ok(());
        }
        if let Some(record) = crate::search::found(config, job, &html()?) {
            records.lock().expect("no thread panicked").push(record);
        }
        Ok(())
    }

    /// Writes the index made from the records; returns how many files it wrote.
    fn write(self, writer: &crate::output::Writer) -> anyhow::Result<usize> {
        let Some(records) = self.records else {
            return Ok(0);
        };
        let records = records.into_inner().expect("no thread panicked");
        let files = crate::search::index(records)?;
        for f in &files {
            let key = match &f.body {
                crate::output::Body::Bytes(b) => crate::hash::bytes(b),
                _ => unreachable!("the index is made in memory"),
            };
            writer.write(f, key)?;
        }
        Ok(files.len())
    }
}

/// The build cache in `dir`, claimed as ours and opened.
fn claim_cache(dir: &Path) -> Result<crate::cache::Cache, Refused> {
    let claimed = CacheDir::claim(dir)?;
    crate::cache::Cache::open(&claimed).map_err(|e| Refused::Io(dir.to_path_buf(), e))
}

fn write_site(
    site_dir: &Path,
    load_opts: &LoadOptions,
    writer: &crate::output::Writer,
    opts: &BuildOptions,
    cache: Option<&crate::cache::Cache>,
    reuse: bool,
) -> anyhow::Result<Summary> {
    use rayon::prelude::*;
    let progress = opts
        .progress
        .clone()
        .unwrap_or_else(crate::progress::Progress::hidden);
    progress.stage("reading", None, 0);
    let assembled =
        crate::site::assemble(site_dir, load_opts, None, crate::site::Changes::All, cache)
            .map_err(|f| f.diagnostics)?;
    let mut site = assembled.site;
    let posts = site.post_files();
    let posts_read = posts - cache.map_or(0, |c| c.posts_reused());
    // A build is not updated later: free every post's Markdown before rendering pages.
    site.forget_sources();
    let renderer = Renderer::new(site.languages(), opts.render);
    let jobs = renderer.jobs();
    renderer.check_collisions(&jobs)?;
    host_headers_clash(&site, &renderer, &jobs)?;
    search_clash(&site, &renderer, &jobs)?;
    // An image's first job makes all its files: the bar counts those.
    let first_of_image = |j: &Job| j.makes_image();
    let images = jobs.iter().filter(|j| first_of_image(j)).count();
    progress.stage("writing", Some(jobs.len() as u64), images as u64);
    let rendered = std::sync::atomic::AtomicUsize::new(0);
    // Every page's links are checked as it is written. A page taken over unchanged is
    // checked from its record in the cache (a file it links to may be gone), else read back.
    let paths: crate::hash::FastSet<String> = jobs.iter().map(|j| renderer.path(j)).collect();
    let hashes: crate::hash::FastSet<u64> = paths.iter().map(|p| path_hash(p)).collect();
    let exists = |p: &str| paths.contains(p);
    let checker = Checker::with_hashes(&exists, &hashes);
    let urls = SiteUrls::of(&site.config);
    let check = |path: &str, key: u64, html: &[u8]| {
        let (broken, record) = checker.html(path, html, &urls);
        // Kept only in a cache the next build reads (not in the scratch one of --no-cache).
        if let (Some(cache), true) = (cache, reuse) {
            cache.keep_record(path, key, record);
        }
        broken
    };
    // The pages the search finds (`search: true`), as each is written or taken over.
    let found = Searched::new(&site);
    let results: Vec<(Option<Diagnostic>, Vec<Broken>)> = jobs
        .par_iter()
        .map(|job| -> anyhow::Result<(Option<Diagnostic>, Vec<Broken>)> {
            let _step = Step(&progress, first_of_image(job));
            let key = renderer.key(job);
            let path = renderer.path(job);
            // A copied file's key names it, not its bytes: it is always copied (the
            // writer still links it from the previous output when the bytes are equal).
            // An image's files are keyed by the source's hash: reused like pages.
            let copied = job.is_copied();
            if reuse && !copied && writer.reuse(&path, key) {
                if !path.ends_with(".html") {
                    return Ok((None, Vec::new()));
                }
                found.read(job, || std::fs::read(writer.staged(&path)).map(Into::into))?;
                if let Some(cache) = cache
                    && let Some(record) = cache.take_record(&path, key)
                    && checker.cached(&path, &record)
                {
                    cache.keep_record(&path, key, record);
                    return Ok((None, Vec::new()));
                }
                let bytes = std::fs::read(writer.staged(&path))?;
                return Ok((None, check(&path, key, &bytes)));
            }
            match renderer.render(job) {
                Ok(output) => {
                    let broken = match (&output.body, path.ends_with(".html")) {
                        (crate::output::Body::Bytes(b), true) => {
                            found.read(job, || Ok(b.as_slice().into()))?;
                            check(&path, key, b)
                        }
                        _ => Vec::new(),
                    };
                    writer.write(&output, key)?;
                    rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    Ok((None, broken))
                }
                Err(d) => Ok((Some(d), Vec::new())),
            }
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut errors = Vec::new();
    let mut broken = Vec::new();
    for (e, b) in results {
        errors.extend(e);
        broken.extend(b);
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors).sorted().into());
    }
    broken.extend(checker.finish(&|p| std::fs::read(writer.staged(p)).ok(), &urls));
    let link_warnings = link_problems(&site, &renderer, &jobs, broken, opts.allow_broken_links)?;
    let moved = moved_pages(site_dir, &site, &renderer, &jobs, &paths, writer);
    let search_files = found.write(writer)?;
    if let Some(headers) = &site.content.config.headers {
        write_host_headers(&site, headers, &paths, writer)?;
    }
    let emails = renderer.render_emails()?;
    progress.finish();
    let images = &site.content.images;
    // The probes are kept for the next build (not from the scratch cache of --no-cache).
    if reuse {
        let keep = renderer
            .site
            .images
            .images
            .iter()
            .map(|i| i.info.hash)
            .collect();
        images.save(&keep).ok();
    }
    let stats = &images.stats;
    use std::sync::atomic::Ordering::Relaxed;
    let damaged = images.damaged().len() + cache.map_or(0, crate::cache::Cache::damaged);
    let mut notes = Vec::new();
    if reuse && damaged > 0 {
        notes.push(format!(
            "{}: {damaged} cached {} did not hold what the cache wrote (changed from outside \
             or damaged): not used, made again",
            cache.map_or_else(String::new, |c| c.dir().path().display().to_string()),
            if damaged == 1 { "file" } else { "files" }
        ));
    }
    Ok(Summary {
        base_url: site.content.config.base_url.to_string(),
        pages: jobs
            .iter()
            .filter(|j| renderer.path(j).ends_with(".html"))
            .count(),
        files: jobs.len() + search_files,
        rendered: rendered.into_inner(),
        posts,
        posts_read,
        images: renderer.site.images.images.len(),
        images_decoded: stats.decoded.load(Relaxed),
        images_encoded: stats.encoded.load(Relaxed),
        warnings: warnings(
            &site.content,
            &renderer.warnings(),
            &crate::review::review(&site.content),
            &link_warnings,
        )
        .into_iter()
        .chain(moved)
        .collect(),
        notes,
        emails,
    })
}
