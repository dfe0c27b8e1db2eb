//! `frontdesk check`: builds the site in memory (writing nothing) and reports everything a
//! customer could trip over: broken internal links, images and anchors, links to other sites
//! that are gone or moved, `mailto:` and `tel:` links that cannot work, and the content
//! review. Each problem names every place in the sources that writes it.

pub mod web;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::content::LoadOptions;
use crate::error::{Diagnostic, Diagnostics};
use crate::linkcheck::{PageLinks, SiteUrls, Target, blame};
use crate::output::Body;
use crate::render::{RenderOptions, Renderer};

/// How to check.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Do not go on the network: links to other sites are listed, not checked.
    pub offline: bool,
    /// The build cache folder (answers of other sites are kept there for a day).
    pub cache_dir: Option<PathBuf>,
    /// How to ask other sites.
    pub web: web::Options,
}

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Broken: `check` exits with 1.
    Error,
    /// Worth fixing.
    Warning,
}

/// A place in a source file (ordered by file, line, column).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Place {
    /// File, relative to the site folder.
    pub file: PathBuf,
    /// 1-based line.
    pub line: Option<u32>,
    /// 1-based column.
    pub column: Option<u32>,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        Ok(())
    }
}

/// One problem and every place that causes it.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// What kind: `internal-link`, `external-link`, `moved`, `not-checked`, `contact-link`,
    /// `review`, `content`, `cache`.
    pub kind: &'static str,
    /// The URL, for links.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// What is wrong, in plain words.
    pub message: String,
    /// Where it is written.
    pub places: Vec<Place>,
}

/// What `check` found.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Every problem, errors first.
    pub problems: Vec<Problem>,
    /// HTML pages read.
    pub pages: usize,
    /// Distinct URLs of other sites.
    pub external: usize,
    /// Of those, answered by the network in this run.
    pub checked_now: usize,
    /// Of those, answered from the cache (within the last day).
    pub from_cache: usize,
    /// `mailto:` and `tel:` links.
    pub contact_links: usize,
    /// The network was not used.
    pub offline: bool,
}

impl Report {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count()
    }
}

fn place_of(d: &Diagnostic) -> Place {
    Place {
        file: d.path.clone(),
        line: d.line,
        column: d.column,
    }
}

fn from_diagnostic(d: Diagnostic, severity: Severity, kind: &'static str) -> Problem {
    Problem {
        severity,
        kind,
        url: None,
        places: vec![place_of(&d)],
        message: d.message_and_rule(),
    }
}

/// Checks the site in `site_dir`. `progress(done, total)` is told about links to other
/// sites as they are answered. A site that does not build gives its errors.
pub fn run(
    site_dir: &Path,
    load: &LoadOptions,
    opts: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Report, Diagnostics> {
    let assembled = crate::site::assemble(site_dir, load, None, crate::site::Changes::All, None)
        .map_err(|f| f.diagnostics)?;
    let site = assembled.site;
    // Only pages are read: images are not processed (nothing is written).
    let render = RenderOptions {
        stand_in_images: true,
        ..RenderOptions::default()
    };
    let renderer = Renderer::new(site.languages(), render);
    let built = crate::pipeline::render_content(&site, &renderer, true)?;
    let mut problems: Vec<Problem> = Vec::new();
    problems.extend(
        built
            .broken
            .into_iter()
            .map(|d| from_diagnostic(d, Severity::Error, "internal-link")),
    );
    for w in built.warnings {
        let kind = if w.rule.is_some() {
            "review"
        } else {
            "content"
        };
        problems.push(from_diagnostic(w, Severity::Warning, kind));
    }

    // Every link out of the site, with the pages that carry it.
    let urls = SiteUrls::of(&site.config);
    let mut web: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut contact: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut pages = 0;
    for o in &built.outputs {
        let (true, Body::Bytes(b)) = (o.path.ends_with(".html"), &o.body) else {
            continue;
        };
        pages += 1;
        for link in PageLinks::of(&o.path, b, &urls).links {
            match link.target {
                Target::Web(_) => web.entry(link.raw).or_default().push(o.path.clone()),
                Target::Contact(_) => contact.entry(link.raw).or_default().push(o.path.clone()),
                _ => {}
            }
        }
    }
    let sources = crate::pipeline::blame_sources(&site, &renderer, &renderer.jobs(), &urls);
    let places = |raw: &str, on: &[String]| -> Vec<Place> {
        let on: Vec<&str> = on.iter().map(String::as_str).collect();
        blame::places(raw, &on, &sources)
            .into_iter()
            .map(|(file, line, column)| Place {
                file,
                line: Some(line),
                column: Some(column),
            })
            .collect()
    };

    for (raw, on) in &contact {
        if let Err(why) = contact_link(raw) {
            problems.push(Problem {
                severity: Severity::Error,
                kind: "contact-link",
                url: Some(raw.clone()),
                message: why,
                places: places(raw, on),
            });
        }
    }

    // Each URL once (without its fragment).
    let mut by_url: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for raw in web.keys() {
        by_url
            .entry(raw.split('#').next().unwrap_or(raw).to_string())
            .or_default()
            .push(raw);
    }
    // A folder that is not a build cache is neither read nor written (a warning says so).
    let claimed = opts
        .cache_dir
        .as_deref()
        .map(crate::cache::CacheDir::claim)
        .transpose();
    let claimed = claimed.unwrap_or_else(|e| {
        problems.push(Problem {
            severity: Severity::Warning,
            kind: "cache",
            url: None,
            places: Vec::new(),
            message: format!("{e}; answers of other sites are not kept"),
        });
        None
    });
    let cache = web::WebCache::open(claimed.as_ref());
    let mut outcomes: HashMap<String, web::Outcome> = HashMap::new();
    let mut from_cache = 0;
    let mut to_check = Vec::new();
    for url in by_url.keys() {
        match cache.get(url) {
            Some(o) => {
                from_cache += 1;
                outcomes.insert(url.clone(), o.clone());
            }
            None => to_check.push(url.clone()),
        }
    }
    let mut checked_now = 0;
    if !opts.offline && !to_check.is_empty() {
        let done = std::sync::atomic::AtomicUsize::new(0);
        let total = to_check.len();
        let tick = || {
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress(n, total);
        };
        let fresh = web::check(&to_check, &opts.web, &tick).map_err(|e| {
            Diagnostics::from(Diagnostic::file(
                "frontdesk check",
                format!("cannot check links to other sites: {e}"),
            ))
        })?;
        checked_now = fresh.len();
        if let Err(e) = cache.save(&fresh) {
            problems.push(Problem {
                severity: Severity::Warning,
                kind: "content",
                url: None,
                message: format!("cannot keep the answers in the build cache: {e}"),
                places: Vec::new(),
            });
        }
        outcomes.extend(fresh);
    }
    for (url, raws) in &by_url {
        let on: Vec<String> = raws.iter().flat_map(|r| web[*r].iter().cloned()).collect();
        let mut at: Vec<Place> = Vec::new();
        for raw in raws {
            for p in places(raw, &on) {
                if !at.contains(&p) {
                    at.push(p);
                }
            }
        }
        let (severity, kind, message) = match outcomes.get(url) {
            Some(web::Outcome::Ok { .. }) => continue,
            None if opts.offline => continue,
            Some(web::Outcome::Moved { status, to }) => (
                Severity::Warning,
                "moved",
                format!("{status} -> {to}: it has moved for good; link to the new address"),
            ),
            Some(web::Outcome::Broken { why, .. }) => {
                (Severity::Error, "external-link", why.clone())
            }
            None => (
                Severity::Warning,
                "not-checked",
                "not checked: the check's time limit passed first".to_string(),
            ),
        };
        problems.push(Problem {
            severity,
            kind,
            url: Some(url.clone()),
            message,
            places: at,
        });
    }
    problems.sort_by(|a, b| {
        (a.severity != Severity::Error, a.kind, &a.url, &a.places).cmp(&(
            b.severity != Severity::Error,
            b.kind,
            &b.url,
            &b.places,
        ))
    });
    Ok(Report {
        problems,
        pages,
        external: by_url.len(),
        checked_now,
        from_cache,
        contact_links: contact.len(),
        offline: opts.offline,
    })
}

/// A `mailto:` needs an address with a domain; a `tel:` a number in international form
/// (`+`, country code, 7 to 15 digits), which every phone can dial.
pub fn contact_link(raw: &str) -> Result<(), String> {
    let (scheme, rest) = raw.split_once(':').unwrap_or((raw, ""));
    match scheme.to_ascii_lowercase().as_str() {
        "mailto" => {
            let to = rest.split('?').next().unwrap_or("");
            let to = percent_encoding::percent_decode_str(to).decode_utf8_lossy();
            let all_ok = !to.is_empty() && to.split(',').all(|a| crate::text::is_email(a.trim()));
            if all_ok {
                Ok(())
            } else {
                Err(format!(
                    "`{raw}` is not an email address with a domain (name@example.com)"
                ))
            }
        }
        "tel" => {
            let number: String = rest
                .chars()
                .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
                .collect();
            let digits = number.strip_prefix('+').unwrap_or("x");
            let ok = digits.len() >= 7
                && digits.len() <= 15
                && digits.chars().all(|c| c.is_ascii_digit())
                && !digits.starts_with('0');
            if ok {
                Ok(())
            } else {
                Err(format!(
                    "`{raw}` is not a full international number (+, country code, number): phones abroad, and some at home, cannot dial it"
                ))
            }
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::contact_link;

    #[test]
    fn mailto_and_tel_syntax() {
        assert!(contact_link("mailto:anna@example.com?subject=Hi").is_ok());
        assert!(contact_link("mailto:anna@localhost").is_err());
        assert!(contact_link("mailto:").is_err());
        assert!(contact_link("tel:+12075550199").is_ok());
        assert!(contact_link("tel:+1 (207) 555-0199").is_ok());
        assert!(contact_link("tel:555-0199").is_err());
        assert!(contact_link("tel:+0123").is_err());
    }
}
