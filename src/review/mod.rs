//! The content review: warnings, for the owner, about what makes a business site harder for
//! customers to use (no stated response time, an image without alt text, a form too long,
//! "You said, we did" gone quiet, titles that search results cut...). Each names its file,
//! line and column, one sentence on why it matters, and its rule, which `site.yaml`
//! `review: {ignore: [RULE, ...]}` silences. `build` and `serve` run the same review on the
//! assembled site; it reads only what assembly kept (no file is parsed again but the small
//! YAML files, for positions).

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};

use crate::content::Content;
use crate::error::Diagnostic;
use crate::hash::{FastMap, FastSet};
pub use crate::review_rules::{RULES, Rule};
use crate::yaml::Positions;

/// Longest title search results show whole.
pub const TITLE_MAX: usize = 60;
/// Longest description search results show whole.
pub const DESCRIPTION_MAX: usize = 160;
/// Longest first paragraph that makes a good summary.
pub const SUMMARY_MAX: usize = 300;
/// Days from the newest "You said, we did" item to the newest post before the review
/// says so.
pub const QUIET_DAYS: i64 = 183;

/// Names that answer for a department, not a person.
const NOT_A_PERSON: &[&str] = &[
    "customer care",
    "customer service",
    "customer services",
    "support",
    "team",
    "the team",
    "sales",
    "info",
    "office",
    "reception",
    "admin",
    "help desk",
    "helpdesk",
    "service",
    "contact",
    "staff",
    "management",
    "enquiries",
    "inquiries",
    "hello",
    "front desk",
];

/// Reviews the assembled site; rules named in `site.yaml` `review.ignore` are left out.
pub fn review(content: &Content) -> Vec<Diagnostic> {
    review_with(content, &mut Memo::default())
}

/// [`review`], taking each unchanged document's findings from `memo` (and keeping the new).
pub fn review_with(content: &Content, memo: &mut Memo) -> Vec<Diagnostic> {
    let now = content.now;
    let mut r = Review {
        out: Vec::new(),
        ignore: &content.config.review_ignore,
    };
    r.contact(content);
    r.suggestions(content, now);
    for t in &content.testimonials {
        if t.date.is_none() {
            let at = positions(&content.site_dir, &t.source).at(&["author"]);
            r.warn(
                "testimonial-date",
                &t.source,
                at,
                format!("the testimonial of {} has no `date`", t.author),
            );
        }
    }
    r.documents(content, memo);
    r.untranslated(content);
    r.links_to_default_language(content);
    r.out
}

struct Review<'a> {
    out: Vec<Diagnostic>,
    ignore: &'a [String],
}

impl Review<'_> {
    fn warn(&mut self, rule: &'static str, file: &Path, at: (u32, u32), what: String) {
        if !self.ignore.iter().any(|i| i == rule) {
            self.out.push(warning(rule, file, at, what));
        }
    }

    /// On a site of more than one language, each post and page that some language lacks.
    fn untranslated(&mut self, content: &Content) {
        let config = &content.config;
        if !config.multilingual() || self.ignore.iter().any(|i| i == "untranslated") {
            return;
        }
        let docs = (content.posts.iter())
            .map(|p| (&p.src.source, p.path.clone()))
            .chain((content.pages.iter()).map(|p| (&p.src.source, p.path.clone())));
        let mut by_route: std::collections::HashMap<String, (u64, Vec<&std::path::PathBuf>)> =
            std::collections::HashMap::new();
        for (source, route) in docs {
            let e = by_route.entry(route).or_default();
            e.0 |= 1 << config.language_of(source);
            e.1.push(source);
        }
        let all = (1u64 << config.languages.len()) - 1;
        for (has, sources) in by_route.values() {
            if *has == all {
                continue;
            }
            let missing: Vec<usize> = (0..config.languages.len())
                .filter(|i| has & (1 << i) == 0)
                .collect();
            for source in sources {
                // The same file in the other language's place: `fr/posts/x.md` <-> `posts/x.md`.
                let inner = match config.language_of(source) {
                    0 => source.as_path(),
                    i => source
                        .strip_prefix(crate::layout::lang_folder(&config.languages[i]))
                        .unwrap_or(source),
                };
                let places: Vec<String> = (missing.iter())
                    .map(|&i| {
                        let place = match i {
                            0 => inner.to_path_buf(),
                            _ => std::path::Path::new(&crate::layout::lang_folder(
                                &config.languages[i],
                            ))
                            .join(inner),
                        };
                        format!("{} in {}", config.languages[i], place.display())
                    })
                    .collect();
                self.warn(
                    "untranslated",
                    source,
                    (1, 1),
                    format!(
                        "no translation of this page: write it ({})",
                        places.join(", ")
                    ),
                );
            }
        }
    }

    /// Each link of a translation that leads to the default language's page, its own
    /// language having none yet: once per document and destination.
    fn links_to_default_language(&mut self, content: &Content) {
        let config = &content.config;
        if !config.multilingual() {
            return;
        }
        let docs = (content.posts.iter())
            .map(|p| (&p.src.source, &p.untranslated_links))
            .chain((content.pages.iter()).map(|p| (&p.src.source, &p.untranslated_links)));
        for (source, links) in docs {
            let lang = &config.languages[config.language_of(source)];
            for (dest, url) in links {
                self.warn(
                    "untranslated",
                    source,
                    (1, 1),
                    format!(
                        "the link to {dest} leads to the {} page ({url}): it has no {lang} translation yet",
                        config.languages[0]
                    ),
                );
            }
        }
    }

    fn contact(&mut self, content: &Content) {
        let Some(c) = &content.contact else { return };
        let file = Path::new(crate::layout::CONTACT_FILE);
        let pos = positions(&content.site_dir, file);
        if c.response_time
            .as_deref()
            .is_none_or(|r| r.trim().is_empty())
        {
            self.warn(
                "contact-response-time",
                file,
                pos.at(&["person"]),
                "no `response_time` (e.g. \"within one business day\")".into(),
            );
        }
        let name = c.person.name.trim().to_lowercase();
        if NOT_A_PERSON.contains(&name.as_str())
            || name.ends_with(" team")
            || name.ends_with(" department")
        {
            self.warn("contact-named-person", file, pos.at(&["person", "name"]), format!("`person.name` {:?} names a department, not the person who answers (put the department in `role`)", c.person.name));
        }
    }

    fn suggestions(&mut self, content: &Content, now: DateTime<Utc>) {
        let Some(s) = &content.suggestions else {
            return;
        };
        let file = Path::new(crate::layout::SUGGESTIONS_FILE);
        let pos = positions(&content.site_dir, file);
        let max = crate::content::suggestions::MAX_QUESTIONS;
        if s.questions.len() > max {
            self.warn(
                "form-length",
                file,
                pos.at(&["questions"]),
                format!(
                    "{} questions (\"How did you hear about us?\" included); keep it to {max}",
                    s.questions.len()
                ),
            );
        }
        for (i, q) in s.questions.iter().enumerate().skip(2) {
            if q.required {
                self.warn(
                    "form-required",
                    file,
                    pos.at(&["questions", &i.to_string(), "required"]),
                    format!("question {} ({:?}) is required", i + 1, q.label),
                );
            }
        }
        // Measured against the site's own newest post (the build's day for a site without
        // posts), not the clock: a site that keeps posting but shows no change for six
        // months looks as if it does not listen, and dates fixed in a site's files never
        // turn into a warning by time passing alone (the example site's stay clean).
        let posted = (content.posts.iter())
            .map(|p| p.src.date.0.with_timezone(&Utc))
            .filter(|d| *d <= now);
        let newest_post = posted.clone().max();
        let since = |d: DateTime<Utc>| (newest_post.unwrap_or(now) - d).num_days();
        let against = match newest_post {
            Some(p) => format!("the newest post ({})", p.format("%Y-%m-%d")),
            None => "today".to_string(),
        };
        let newest = s.acted_on.iter().map(|a| a.date).max();
        let quiet = match newest {
            Some(d) if since(d.0.with_timezone(&Utc)) > QUIET_DAYS => Some((
                pos.at(&["acted_on"]),
                format!(
                    "the newest \"You said, we did\" item is from {}, more than 6 months before {against}",
                    d.iso_date()
                ),
            )),
            Some(_) => None,
            // A new site has had no time to act on anything: only posts going back more
            // than six months make an empty list a finding.
            None => posted.min().filter(|&d| since(d) > QUIET_DAYS).map(|d| {
                (
                    (1, 1),
                    format!(
                        "no \"You said, we did\" item yet (`acted_on`), and the posts go back to {}",
                        d.format("%Y-%m-%d")
                    ),
                )
            }),
        };
        if let Some((at, what)) = quiet {
            self.warn("you-said-we-did", file, at, what);
        }
    }

    /// Posts and pages: alt text, summaries, titles and descriptions (each document's
    /// findings from `memo` when it is unchanged), and titles used twice.
    fn documents(&mut self, content: &Content, memo: &mut Memo) {
        let docs = content
            .posts
            .iter()
            .map(|p| Doc {
                key: p.fingerprint,
                source: &p.src.source,
                title: &p.src.title,
                title_at: p.src.title_at,
                description: p.src.description.as_deref(),
                description_at: p.src.description_at,
                images_without_alt: &p.images_without_alt,
                text_links: &p.text_links,
                bundle: p
                    .src
                    .is_bundle()
                    .then(|| (p.src.source.parent(), &p.src.bundle_files[..])),
                first_paragraph_chars: Some(p.first_paragraph_chars),
            })
            .chain(content.pages.iter().map(|p| Doc {
                key: p.fingerprint,
                source: &p.src.source,
                title: &p.src.title,
                title_at: p.src.title_at,
                description: p.src.description.as_deref(),
                description_at: p.src.description_at,
                images_without_alt: &p.images_without_alt,
                text_links: &p.text_links,
                bundle: None,
                first_paragraph_chars: None,
            }));
        let mut titles: FastMap<u64, &Path> = FastMap::default();
        let mut used = FastSet::default();
        for doc in docs {
            used.insert(doc.key);
            let found = memo.0.entry(doc.key).or_insert_with(|| doc.findings());
            for (rule, d) in found.iter() {
                if !self.ignore.iter().any(|i| i == rule) {
                    self.out.push(d.clone());
                }
            }
            let title = doc.title.trim();
            // Titles compared without letter case, hashed without building a string.
            let key = {
                use std::hash::Hasher;
                let mut h = crate::hash::ContentHasher::new();
                for c in title.chars().flat_map(char::to_lowercase) {
                    h.write_u32(c as u32);
                }
                h.finish()
            };
            match titles.get(&key) {
                Some(first) => {
                    let what = format!("{} has the same title {title:?}", first.display());
                    self.warn("duplicate-title", doc.source, doc.title_at, what);
                }
                None => {
                    titles.insert(key, doc.source);
                }
            }
        }
        memo.0.retain(|k, _| used.contains(k));
    }
}

/// One finding: its rule, and the warning.
type Finding = (&'static str, Diagnostic);

/// The findings of each post and page, by the hash of what it was made from, kept between
/// the updates of `serve` (a build starts with an empty one).
#[derive(Default)]
pub struct Memo(FastMap<u64, Vec<Finding>>);

/// What the review reads of a post or page.
struct Doc<'a> {
    key: u64,
    source: &'a Path,
    title: &'a str,
    title_at: (u32, u32),
    description: Option<&'a str>,
    description_at: Option<(u32, u32)>,
    images_without_alt: &'a [(u32, u32)],
    text_links: &'a [(u32, u32, crate::markdown::TextLink)],
    /// A bundle post's folder and files.
    bundle: Option<(Option<&'a Path>, &'a [std::path::PathBuf])>,
    /// None for a page (it has no summary).
    first_paragraph_chars: Option<usize>,
}

impl Doc<'_> {
    fn findings(&self) -> Vec<Finding> {
        let mut out: Vec<(&'static str, (u32, u32), String)> = Vec::new();
        for &at in self.images_without_alt {
            out.push(("image-alt", at, "an image without alt text (write it between the brackets: ![a red bicycle](bike.jpg))".to_string()));
        }
        for (line, col, link) in self.text_links {
            out.push(("link-as-text", (*line, *col), self.text_link(link)));
        }
        if let (None, Some(chars)) = (self.description, self.first_paragraph_chars)
            && chars > SUMMARY_MAX
        {
            out.push(("summary-length", self.title_at, format!("no `description`, so the first paragraph ({chars} characters) is the summary; add a `description` of up to {DESCRIPTION_MAX}")));
        }
        let n = self.title.chars().count();
        if n > TITLE_MAX {
            out.push((
                "title-length",
                self.title_at,
                format!("the title has {n} characters; at most {TITLE_MAX} show in search results"),
            ));
        }
        if let (Some(d), Some(at)) = (self.description, self.description_at) {
            let n = d.chars().count();
            if n > DESCRIPTION_MAX {
                out.push(("description-length", at, format!("the description has {n} characters; at most {DESCRIPTION_MAX} show in search results")));
            }
        }
        out.into_iter()
            .map(|(rule, at, what)| (rule, warning(rule, self.source, at, what)))
            .collect()
    }
}

impl Doc<'_> {
    /// What to do about a link or image left as text, and whether its file is there.
    fn text_link(&self, link: &crate::markdown::TextLink) -> String {
        let (what, dest) = if link.image {
            ("an image", "its file name")
        } else {
            ("a link", "its destination")
        };
        let mut out = format!(
            "{} is shown as text, not as {what}, because {dest} has spaces: write {} or rename the file without spaces",
            link.written(),
            link.fixed()
        );
        if let Some((Some(dir), files)) = self.bundle {
            let file = dir.join(&link.dest);
            if files.contains(&file) {
                out.push_str(&format!(
                    " (the file {:?} is there, in {}/)",
                    link.dest,
                    crate::walk::slash_path(dir)
                ));
            }
        }
        out
    }
}

/// A review warning: what was found, why it matters, and the rule.
fn warning(rule: &'static str, file: &Path, (line, col): (u32, u32), what: String) -> Diagnostic {
    let why = crate::review_rules::rule(rule).map_or("", |r| r.why);
    Diagnostic::at(file, line, col, format!("{what}: {why}")).with_rule(rule)
}

/// Warnings shown per review rule by `build` and `serve` (`check` lists them all).
pub const SHOWN_PER_RULE: usize = 5;

/// Warning lines for a terminal: all of them, but past [`SHOWN_PER_RULE`] warnings of one
/// review rule a single line counting the rest (a site of 10,000 posts without
/// descriptions must not scroll 10,000 lines by).
pub fn condense<'a>(warnings: impl IntoIterator<Item = &'a Diagnostic>) -> Vec<String> {
    let mut seen: HashMap<&'static str, usize> = HashMap::new();
    let mut out = Vec::new();
    for w in warnings {
        match w.rule {
            Some(rule) => {
                let n = seen.entry(rule).or_default();
                *n += 1;
                if *n <= SHOWN_PER_RULE {
                    out.push(w.to_string());
                }
            }
            None => out.push(w.to_string()),
        }
    }
    let mut more: Vec<(&&'static str, &usize)> =
        seen.iter().filter(|(_, n)| **n > SHOWN_PER_RULE).collect();
    more.sort();
    for (rule, n) in more {
        out.push(format!(
            "{} more like these (`frontdesk check` lists them all) [review: {rule}]",
            n - SHOWN_PER_RULE
        ));
    }
    out
}

/// Positions of a small YAML file's values (none when it cannot be read).
fn positions(site_dir: &Path, file: &Path) -> Positions {
    let text = crate::walk::read_text(site_dir, file).unwrap_or_default();
    Positions::of(&text)
}
