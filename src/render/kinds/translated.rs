//! The pages of a site's second and further languages: every job of that language's own
//! renderer (its posts, lists, customer pages, feeds), under the language's folder
//! (`/en/`). Files every language shares (images, icons, the theme's files, the sitemap,
//! `robots.txt`) are the first language's jobs alone.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use super::{Job, Kind, Reads};
use crate::content::date::Date;
use crate::error::Diagnostic;
use crate::output::Body;
use crate::render::Renderer;
use crate::render::site::Site;

/// A job of another language's renderer, written under that language's folder.
#[derive(Debug)]
pub struct Translated<'r> {
    /// The language's renderer, whose site the job is rendered with.
    r: &'r Renderer<'r>,
    /// The job, as that language's renderer lists it.
    job: Box<Job<'r>>,
}

impl std::fmt::Debug for Renderer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.site.config.language)
    }
}

/// Its key: the language's folder and the job's own key in its language's site.
impl Hash for Translated<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.r.site.config.prefix.hash(h);
        self.job.key(&self.r.site).hash(h);
    }
}

/// Whether a job of a language's renderer is that language's own (a page, a feed), not a
/// file every language shares.
fn per_language(job: &Job) -> bool {
    !matches!(
        job,
        Job::Sitemap(_)
            | Job::Robots(_)
            | Job::Manifest(_)
            | Job::Asset(_)
            | Job::Image(_)
            | Job::Icon(_)
            | Job::ThemeStatic(_)
            | Job::HostRedirects(_)
            | Job::Translated(_)
    )
}

impl<'r> Kind<'r> for Translated<'r> {
    /// What it shows of its language's site is in its job's key.
    const READS: Reads = Reads::Nothing;

    fn all(r: &'r Renderer<'r>, before: &[Job<'r>]) -> Vec<Self> {
        let Some((languages, _)) = &r.site.languages else {
            return Vec::new();
        };
        if r.others.is_empty() {
            // Another language's renderer: its jobs are listed by the first one's.
            return Vec::new();
        }
        let jobs: Vec<Translated<'r>> = (r.others.iter())
            .flat_map(|other| {
                (Job::all(other).into_iter())
                    .filter(per_language)
                    .map(move |job| Translated {
                        r: other,
                        job: Box::new(job),
                    })
            })
            .collect();
        // Which language has which page, for every page's links to its translations.
        let first = (before.iter())
            .filter(|j| j.listed().is_some())
            .map(|j| (j.route(), 0));
        let others = (jobs.iter())
            .filter(|t| t.job.listed().is_some())
            .map(|t| (t.job.route(), t.index(languages)));
        let pages: Vec<(Cow<str>, usize)> = first.chain(others).collect();
        languages.set_pages(pages.iter().map(|(route, i)| (route.as_ref(), *i)));
        jobs
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Owned(format!("{}{}", self.r.site.config.prefix, self.job.route()))
    }

    fn file(&self, out: &mut String) {
        out.push_str(&self.r.site.config.prefix);
        let mut inner = String::new();
        self.job.write_path(&mut inner);
        out.push_str(&inner);
    }

    fn source(&self, _: &Site) -> PathBuf {
        self.job.source(&self.r.site)
    }

    fn output(&self, _: &Site) -> Result<Body, Diagnostic> {
        self.job.output(&self.r.site)
    }

    fn listed(&self) -> Option<Option<Date>> {
        self.job.listed()
    }
}

impl<'r> Translated<'r> {
    /// The language's place among the site's languages.
    fn index(&self, languages: &crate::render::languages::Languages) -> usize {
        (languages.list.iter())
            .position(|l| l.prefix == self.r.site.config.prefix)
            .unwrap_or(0)
    }

    /// The job as its language's renderer lists it.
    pub fn job(&self) -> &Job<'r> {
        &self.job
    }

    /// The language's renderer.
    pub fn renderer(&self) -> &'r Renderer<'r> {
        self.r
    }
}
