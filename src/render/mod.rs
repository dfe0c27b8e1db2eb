//! Render stage: [`Content`] + [`Theme`] in, [`Output`]s out. Nothing here touches disk
//! except reading the theme; `build` writes the outputs, `serve` keeps them in memory.
//!
//! The work is split into [`Job`]s, each one output file, so a full build renders
//! them all in parallel and a preview rebuild renders only the jobs a change affects.

pub mod customer;
pub mod feeds;
pub mod filters;
pub mod foreign;
pub mod hours;
pub mod icons;
pub mod ics;
pub mod kinds;
pub mod languages;
pub mod newsletter;
mod recursion;
pub mod site;
pub mod theme;
pub mod views;
pub mod when;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::content::Content;
use crate::error::{Diagnostic, Diagnostics};
use crate::output::Output;
pub use kinds::{Job, Kind, Reads};
pub use site::Site;
pub use theme::Theme;

/// Posts shown on the home page.
pub const HOME_POSTS: usize = 5;
/// Featured testimonials on the home page.
pub const HOME_TESTIMONIALS: usize = 3;

/// How to render.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Rendering for `serve`: the form posts to the preview server.
    pub preview: bool,
    /// Image files are not made here: the original stands in for each variant and card
    /// until they are in the cache (`serve` makes them in the background; `check` reads
    /// only pages).
    pub stand_in_images: bool,
}

impl RenderOptions {
    /// How `serve` renders.
    pub const PREVIEW: RenderOptions = RenderOptions {
        preview: true,
        stand_in_images: true,
    };
}

/// Renders a loaded site: the site-wide values, the newsletter's issues as assembled,
/// and the jobs of every [`Kind`].
pub struct Renderer<'a> {
    /// The content (the kinds read it to list their jobs, never to render one).
    pub content: &'a Content,
    /// The site-wide values.
    pub site: Site<'a>,
    /// What each newsletter issue carries (it depends on the issues before it), assembled
    /// once, with its hash, in the order of the issues.
    pub issues: Vec<(newsletter::Assembled<'a>, u64)>,
    /// The site paths of `static/` and the bundles, in lower case: a site's own file
    /// replaces the theme's file, or the icon, of the same name (made once an update,
    /// for both kinds).
    pub site_files: crate::hash::FastSet<String>,
    /// Each issue's email, rendered once (see [`kinds::IssueJob`]).
    emails: Vec<OnceLock<Result<newsletter::Email, Diagnostic>>>,
    /// The site's second and further languages, each rendered like a site of its own,
    /// under its folder (their jobs are [`kinds::Translated`] jobs of this renderer).
    pub others: Vec<Renderer<'a>>,
}

impl<'a> Renderer<'a> {
    /// Prepares the values every page shares, for each language of the site (`languages`:
    /// each one's content and theme, the default language first).
    pub fn new(languages: Vec<(&'a Content, &'a Theme)>, opts: RenderOptions) -> Self {
        let shared = (languages.len() > 1)
            .then(|| std::sync::Arc::new(languages::Languages::new(&languages)));
        let mut each = (languages.into_iter().enumerate())
            .map(|(i, (content, theme))| Renderer::one(content, theme, opts, shared.clone(), i));
        let mut first = each.next().expect("a site has a language");
        first.others = each.collect();
        first
    }

    /// The renderer of one language.
    fn one(
        content: &'a Content,
        theme: &'a Theme,
        opts: RenderOptions,
        languages: Option<std::sync::Arc<languages::Languages>>,
        index: usize,
    ) -> Self {
        let issues: Vec<_> = (newsletter::assemble(content).into_iter())
            .map(|a| {
                let key = issue_key(&a);
                (a, key)
            })
            .collect();
        let emails = issues.iter().map(|_| OnceLock::new()).collect();
        Renderer {
            content,
            site: Site::new(content, theme, opts, languages.map(|l| (l, index))),
            site_files: (content.assets.iter())
                .map(|a| a.dest.to_lowercase())
                .collect(),
            issues,
            emails,
            others: Vec::new(),
        }
    }

    /// Every job of a full build.
    pub fn jobs(&self) -> Vec<Job<'_>> {
        Job::all(self)
    }

    /// The site path a job writes, and the source file to blame for it.
    pub fn target(&self, job: &Job) -> (String, PathBuf) {
        (self.path(job), self.source(job))
    }

    /// The route of a job (`blog/x/`, `rss.xml`).
    pub fn route(&self, job: &Job) -> String {
        job.route().into_owned()
    }

    /// The site path a job writes.
    pub fn path(&self, job: &Job) -> String {
        let mut path = String::new();
        job.write_path(&mut path);
        path
    }

    /// The source file to blame for a job's output, relative to the site folder.
    pub fn source(&self, job: &Job) -> PathBuf {
        job.source(&self.site)
    }

    /// The hash of a job's inputs (see [`Job::key`]).
    pub fn key(&self, job: &Job) -> u64 {
        job.key(&self.site)
    }

    /// Tags spelled differently that would share a page are errors.
    pub fn check_tags(&self) -> Result<(), Diagnostics> {
        let errors = self.content_errors();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Diagnostics(errors).sorted())
        }
    }

    /// Tags that clash, and images a post or page shows that cannot be read.
    fn content_errors(&self) -> Vec<Diagnostic> {
        let c = self.content;
        let mut errors: Vec<Diagnostic> = c.tags.clashes().cloned().collect();
        errors.extend(crate::content::redirects::chain_errors(
            &crate::content::redirects::all(c),
        ));
        let images = c
            .posts
            .iter()
            .map(|p| (&p.src.source, &p.image_problems))
            .chain(c.pages.iter().map(|p| (&p.src.source, &p.image_problems)));
        errors.extend(self.site.images.errors.iter().cloned());
        for image in &self.site.images.images {
            if let Some(why) = c.images.failure(&image.info) {
                errors.extend(crate::image_plan::errors_at(c, &image.file, &why));
            }
        }
        for (source, problems) in images {
            errors.extend(
                problems
                    .iter()
                    .map(|(line, col, why)| Diagnostic::at(source, *line, *col, why.clone())),
            );
        }
        errors
    }

    /// Two sources that would write one file (also when they differ only by case), or two
    /// spellings of one tag, are errors.
    pub fn check_collisions(&self, jobs: &[Job]) -> Result<(), Diagnostics> {
        let mut seen: HashMap<String, (String, PathBuf)> = HashMap::new();
        let mut errors = self.content_errors();
        for job in jobs {
            let (path, mut source) = self.target(job);
            if let Job::Redirect(r) = job {
                let r = r.redirect();
                source = PathBuf::from(format!("{}:{}:{}", r.source.display(), r.at.0, r.at.1));
                if let Some((other_path, other)) = seen.get(&path.to_lowercase()) {
                    let case = if *other_path != path {
                        format!(
                            " (as /{other_path}: paths differing only by letter case clash on many hosts)"
                        )
                    } else {
                        String::new()
                    };
                    errors.push(Diagnostic::at(
                        r.source,
                        r.at.0,
                        r.at.1,
                        format!("the old path /{} is taken: {} already writes /{path}{case}; remove this redirect, or the other", r.from, other.display()),
                    ));
                    continue;
                }
            }
            match seen.get(&path.to_lowercase()) {
                Some((_, other)) if kinds::is_host_file(job) => {
                    errors.push(kinds::host_file_clash(job, other, jobs));
                }
                Some((other_path, other)) => errors.push(Diagnostic::file(
                    &source,
                    format!("writes /{path}, which {} also writes{}", other.display(), if *other_path != path { format!(" (as /{other_path}: paths differing only by letter case clash on many hosts)") } else { String::new() }),
                )),
                None => {
                    seen.insert(path.to_lowercase(), (path, source));
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Diagnostics(errors).sorted())
        }
    }

    /// The images whose files are not made yet (the preview serves their originals).
    pub fn images_to_make(&self) -> Vec<crate::images::ToMake> {
        let images = &self.content.images;
        (self.site.images.images.iter())
            .filter(|i| !images.ready(&i.info, &i.made()))
            .map(|i| crate::images::ToMake {
                file: i.file.clone(),
                info: i.info.clone(),
                made: i.made(),
            })
            .collect()
    }

    /// Renders every job in parallel; reports every failure.
    pub fn render_all<'j>(
        &self,
        jobs: impl IntoParallelIterator<Item = &'j Job<'j>>,
    ) -> Result<Vec<Output>, Diagnostics> {
        let results: Vec<Result<Output, Diagnostic>> =
            jobs.into_par_iter().map(|j| self.render(j)).collect();
        let (ok, errors) =
            crate::error::partition(results.into_iter().map(|r| r.map_err(Diagnostics::from)));
        if errors.is_empty() {
            Ok(ok)
        } else {
            Err(Diagnostics(errors).sorted())
        }
    }

    /// Renders one job.
    pub fn render(&self, job: &Job) -> Result<Output, Diagnostic> {
        Ok(Output {
            path: self.path(job),
            body: job.output(&self.site)?,
        })
    }

    /// What rendering finds worth a warning: images published other than as their names
    /// say, and newsletter issues that carry nothing new (they still build).
    pub fn warnings(&self) -> Vec<Diagnostic> {
        let empty_issues = (self.issues.iter())
            .filter(|(a, _)| a.is_empty())
            .map(|(a, _)| {
                Diagnostic::file(
                    &a.issue.source,
                    "this issue carries no new post, testimonial, \"You said, we did\" change, event or menu news: only your note goes out",
                )
            });
        (self.site.images.warnings.iter().cloned())
            .chain(self.site.config.brand.warnings.iter().cloned())
            .chain(self.site.theme.warnings.iter().cloned())
            .chain((self.others.iter()).flat_map(|o| o.site.theme.warnings.iter().cloned()))
            .chain(empty_issues)
            .collect()
    }

    /// Every issue's email: the HTML for email clients, the plain text and the message.
    pub fn render_emails(&self) -> Result<Vec<newsletter::Email>, Diagnostics> {
        // Every language's issues, each to its own readers.
        let each = std::iter::once(self)
            .chain(&self.others)
            .flat_map(|r| r.issues.iter().map(move |(a, _)| (r, a)));
        let (out, errors) = crate::error::partition(
            each.map(|(r, a)| newsletter::email(&r.site, a).map_err(Diagnostics::from)),
        );
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(Diagnostics(errors).sorted())
        }
    }
}

/// What an issue shows besides the site: its note and the fingerprints of the posts,
/// testimonial and changes it carries.
fn issue_key(a: &newsletter::Assembled) -> u64 {
    let issue = a.issue;
    crate::hash::of(&(
        (
            &issue.note_html,
            &issue.subject,
            &issue.preheader,
            issue.date,
        ),
        a.previous.map(|p| p.date),
        a.posts.iter().map(|p| p.fingerprint).collect::<Vec<_>>(),
        a.testimonial.map(|t| format!("{t:?}")),
        a.changes
            .iter()
            .map(|c| format!("{c:?}"))
            .collect::<Vec<_>>(),
        &a.surveys,
        (a.events.iter())
            .map(|c| (c.event, &c.starts))
            .collect::<Vec<_>>(),
        &a.menu,
    ))
}

/// Number of pages for `n` items, at least one.
pub fn page_count(n: usize, per_page: usize) -> usize {
    n.div_ceil(per_page).max(1)
}

/// The file a source path is shown as in errors.
pub fn shown(site_dir: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(site_dir).unwrap_or(p).to_path_buf()
}
