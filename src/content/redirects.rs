//! Redirects that keep old links alive: `aliases:` in a post's or page's front matter, and
//! `redirects.yaml` at the site root. Each makes a small page at the old path (and a line
//! of `_redirects` for hosts that read it).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::Content;
use crate::error::{Diagnostic, Diagnostics};
use crate::layout::REDIRECTS_FILE;

/// An old path written in `aliases:`, as a route (`old/`, `2019/01/old.html`), with where
/// it is written (line, column in the file).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Alias {
    /// The route of the old path.
    pub route: String,
    /// Line and column in the file.
    pub at: (u32, u32),
}

/// Where a redirect leads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// A route of this site (`new/`, `x.html`), with a `#fragment` if written.
    Site(String),
    /// An `http(s)` URL of another site.
    Url(String),
}

/// One entry of `redirects.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RedirectEntry {
    /// The old path's route.
    pub from: String,
    /// Where `from` is written (line, column).
    pub from_at: (u32, u32),
    /// Where it leads.
    pub to: Target,
    /// Where `to` is written.
    pub to_at: (u32, u32),
    /// 301 (true, the default) or 302.
    pub permanent: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    from: Spanned<String>,
    to: Spanned<String>,
    #[serde(default = "yes")]
    permanent: bool,
}

fn yes() -> bool {
    true
}

/// The route of an old path of this site (`/old/` -> `old/`, `/old` -> `old/`,
/// `/2019/01/old.html` -> `2019/01/old.html`), or why it is not one.
pub fn route(path: &str) -> Result<String, String> {
    let p = path.trim();
    if p.starts_with("//") || p.contains("://") {
        return Err(format!(
            "{p:?} is a URL: write a path of this site, starting with `/` (e.g. /old/page/)"
        ));
    }
    let Some(rest) = p.strip_prefix('/') else {
        return Err(format!(
            "{p:?} must start with `/`: write the old path as people's links show it (e.g. /{p})"
        ));
    };
    if p.contains('?') || p.contains('#') {
        return Err(format!(
            "{p:?} has a query or a fragment (`?`, `#`): a host redirects a path alone; leave them out"
        ));
    }
    if let Some(c) = rest
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "-._~/".contains(*c)))
    {
        return Err(format!(
            "{p:?} holds {c:?}: a path may hold only letters, digits, `-`, `_`, `.`, `~` and `/`"
        ));
    }
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        if *s == "." || *s == ".." {
            return Err(format!("{p:?} holds `{s}`: write the path without it"));
        }
        if s.is_empty() && i != last {
            return Err(format!("{p:?} holds `//`: write one `/`"));
        }
    }
    if rest.is_empty() {
        return Err("`/` is the home page: an old path must name another page".into());
    }
    // A last segment without a dot is a folder: `/old` is served as `/old/`.
    let name = segments[last];
    if name.is_empty() || name.contains('.') {
        Ok(rest.to_string())
    } else {
        Ok(format!("{rest}/"))
    }
}

/// Checks the `aliases:` of a front matter (each value with its line and column in the
/// file), pushing an error for each bad one.
pub fn aliases(
    rel: &Path,
    written: &[(String, (u32, u32))],
    errors: &mut Vec<Diagnostic>,
) -> Vec<Alias> {
    let mut out = Vec::new();
    for (value, at) in written {
        match route(value) {
            Ok(route) => out.push(Alias { route, at: *at }),
            Err(why) => errors.push(Diagnostic::at(rel, at.0, at.1, format!("alias {why}"))),
        }
    }
    out
}

/// Parses `redirects.yaml`: a list of `{from, to, permanent}`.
pub fn parse(text: &str) -> Result<Vec<RedirectEntry>, Diagnostics> {
    let path = Path::new(REDIRECTS_FILE);
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let raw: Vec<RawEntry> = crate::yaml::parse(text, path, 0)?;
    let mut errors = Vec::new();
    let mut out = Vec::new();
    let place = |s: &Spanned<String>| (s.referenced.line() as u32, s.referenced.column() as u32);
    for e in raw {
        let (from_at, to_at) = (place(&e.from), place(&e.to));
        let error = |(line, col): (u32, u32), field: &str, why: String| {
            Diagnostic::at(path, line, col, format!("`{field}` {why}"))
        };
        let from = match route(&e.from.value) {
            Ok(r) => r,
            Err(why) => {
                errors.push(error(from_at, "from", why));
                continue;
            }
        };
        let to = match target(&e.to.value) {
            Ok(t) => t,
            Err(why) => {
                errors.push(error(to_at, "to", why));
                continue;
            }
        };
        out.push(RedirectEntry {
            from,
            from_at,
            to,
            to_at,
            permanent: e.permanent,
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Diagnostics(errors))
    }
}

/// Where `to` leads: an `http(s)` URL, or a path of this site (a `#fragment` allowed).
fn target(to: &str) -> Result<Target, String> {
    let to = to.trim();
    let lower = to.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return match url::Url::parse(to) {
            Ok(u) if u.host_str().is_some_and(|h| !h.is_empty()) => Ok(Target::Url(to.into())),
            _ => Err(format!("{to:?} is not a valid URL")),
        };
    }
    if to == "/" {
        return Ok(Target::Site(String::new()));
    }
    let (path, fragment) = match to.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (to, None),
    };
    if path == "/" {
        return Ok(Target::Site(format!("#{}", fragment.unwrap_or(""))));
    }
    let route =
        route(path).map_err(|why| format!("{why} (or write an absolute URL, https://...)"))?;
    Ok(Target::Site(match fragment {
        Some(f) => format!("{route}#{f}"),
        None => route,
    }))
}

impl Target {
    /// The route without its fragment, for a site path.
    pub fn route(&self) -> Option<&str> {
        match self {
            Target::Site(r) => Some(r.split_once('#').map_or(r.as_str(), |(p, _)| p)),
            Target::Url(_) => None,
        }
    }
}

/// One redirect of the site, from an alias or from `redirects.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Redirect<'c> {
    /// The old path's route.
    pub from: &'c str,
    /// Where it leads.
    pub to: To<'c>,
    /// 301 or 302.
    pub permanent: bool,
    /// The file it is written in.
    pub source: &'c Path,
    /// Where its old path is written (line, column).
    pub at: (u32, u32),
    /// Where its target is written (the alias itself for an alias).
    pub to_at: (u32, u32),
}

/// Where a [`Redirect`] leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum To<'c> {
    /// A route of this site, maybe with a `#fragment`.
    Site(&'c str),
    /// Another site's URL.
    Url(&'c str),
}

impl<'c> To<'c> {
    /// The route without its fragment, for a site path.
    pub fn route(&self) -> Option<&'c str> {
        match self {
            To::Site(r) => Some(r.split_once('#').map_or(*r, |(p, _)| p)),
            To::Url(_) => None,
        }
    }
}

/// Every redirect of the site: the aliases of published posts, of pages, then the entries
/// of `redirects.yaml`, in that order.
pub fn all(content: &Content) -> Vec<Redirect<'_>> {
    let mut out = Vec::new();
    for p in &content.posts {
        for a in &p.src.aliases {
            out.push(alias(a, &p.path, &p.src.source));
        }
    }
    for p in &content.pages {
        for a in &p.src.aliases {
            out.push(alias(a, &p.path, &p.src.source));
        }
    }
    for e in &content.redirects {
        out.push(Redirect {
            from: &e.from,
            to: match &e.to {
                Target::Site(r) => To::Site(r),
                Target::Url(u) => To::Url(u),
            },
            permanent: e.permanent,
            source: Path::new(REDIRECTS_FILE),
            at: e.from_at,
            to_at: e.to_at,
        });
    }
    out
}

fn alias<'c>(a: &'c Alias, to: &'c str, source: &'c PathBuf) -> Redirect<'c> {
    Redirect {
        from: &a.route,
        to: To::Site(to),
        permanent: true,
        source,
        at: a.at,
        to_at: a.at,
    }
}

/// Redirects that lead to another redirect (a chain: the error names the final target)
/// or back to themselves (a loop).
pub fn chain_errors(all: &[Redirect]) -> Vec<Diagnostic> {
    let by_from: std::collections::HashMap<&str, &Redirect> =
        all.iter().map(|r| (r.from, r)).collect();
    let mut errors = Vec::new();
    for r in all {
        let Some(mut next) = r.to.route() else {
            continue;
        };
        let mut seen = vec![r.from];
        let mut last = r.to;
        let mut looped = false;
        while let Some(step) = by_from.get(next) {
            if seen.contains(&step.from) {
                looped = true;
                seen.push(step.from);
                break;
            }
            seen.push(step.from);
            last = step.to;
            match step.to.route() {
                Some(n) => next = n,
                None => break,
            }
        }
        if seen.len() == 1 {
            continue;
        }
        let shown = |route: &str| format!("/{route}");
        let path: Vec<String> = seen.iter().map(|s| shown(s)).collect();
        let msg = if looped {
            format!(
                "this redirect loops ({}): point it at a page that exists",
                path.join(" -> ")
            )
        } else {
            let fin = match last {
                To::Site(s) => shown(s),
                To::Url(u) => u.to_string(),
            };
            format!(
                "this redirect leads to another redirect ({} -> {fin}): point it at {fin} directly",
                path.join(" -> "),
            )
        };
        errors.push(Diagnostic::at(r.source, r.to_at.0, r.to_at.1, msg));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_normalised_and_checked() {
        assert_eq!(route("/old/").unwrap(), "old/");
        assert_eq!(route("/old").unwrap(), "old/");
        assert_eq!(route("/2019/01/old.html").unwrap(), "2019/01/old.html");
        for bad in [
            "old/",
            "https://x.org/a/",
            "//x.org/a",
            "/a/../b/",
            "/a/?x=1",
            "/a/#x",
            "/a//b/",
            "/",
            "/a b/",
        ] {
            assert!(route(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parses_entries_with_positions() {
        let r =
            parse("- from: /a/\n  to: /b/\n- from: /c\n  to: https://x.org/\n  permanent: false\n")
                .unwrap();
        assert_eq!(r[0].from, "a/");
        assert_eq!(r[0].from_at, (1, 9));
        assert_eq!(r[0].to, Target::Site("b/".into()));
        assert!(r[0].permanent);
        assert_eq!(r[1].from, "c/");
        assert_eq!(r[1].to, Target::Url("https://x.org/".into()));
        assert!(!r[1].permanent);
        let e = parse("- from: /a/\n  too: /b/\n").unwrap_err();
        assert!(
            e.0[0].to_string().contains("did you mean `to`"),
            "{}",
            e.0[0]
        );
    }
}
