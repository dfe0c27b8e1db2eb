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

/// A post or page whose address changed since the previous build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved<'a> {
    /// Its source file now.
    pub source: &'a str,
    /// The source file it was made from before, when the file was renamed.
    pub renamed_from: Option<&'a str>,
    /// The old route (`blog/old/`).
    pub from: String,
    /// The new route.
    pub to: String,
}

/// The route of a page's file (`blog/x/index.html` -> `blog/x/`).
fn page_route(path: &str) -> String {
    path.strip_suffix("index.html").unwrap_or(path).to_string()
}

/// The top folder of a source (`posts`, `pages`): a renamed file stays in it.
fn top(source: &str) -> &str {
    source.split_once('/').map_or(source, |(t, _)| t)
}

/// The posts and pages whose address changed between the `previous` build and `now` (each
/// a list of (site path, source file)): an old page no file is `written` at any more whose
/// source now makes a page at a new path, or whose source is gone (not `exists`) while
/// exactly one new source of its folder appeared (a renamed file).
pub fn moved<'a>(
    previous: &'a [(String, String)],
    now: &'a [(String, String)],
    written: &dyn Fn(&str) -> bool,
    exists: &dyn Fn(&str) -> bool,
) -> Vec<Moved<'a>> {
    use std::collections::{HashMap, HashSet};
    let before: HashSet<&str> = previous.iter().map(|(p, _)| p.as_str()).collect();
    let old_sources: HashSet<&str> = previous.iter().map(|(_, s)| s.as_str()).collect();
    let now_by_source: HashMap<&str, &str> =
        now.iter().map(|(p, s)| (s.as_str(), p.as_str())).collect();
    let gone: Vec<(&str, &str)> = (previous.iter())
        .filter(|(p, _)| !written(p))
        .map(|(p, s)| (p.as_str(), s.as_str()))
        .collect();
    let mut out = Vec::new();
    for &(old, source) in &gone {
        if let Some(new) = now_by_source.get(source) {
            if !before.contains(new) {
                out.push(Moved {
                    source,
                    renamed_from: None,
                    from: page_route(old),
                    to: page_route(new),
                });
            }
            continue;
        }
        if exists(source) {
            continue;
        }
        // A renamed file: the only vanished source of its folder, and the only new one.
        let vanished = (gone.iter())
            .filter(|(_, s)| top(s) == top(source) && !now_by_source.contains_key(s) && !exists(s))
            .count();
        let mut appeared = (now.iter()).filter(|(p, s)| {
            top(s) == top(source)
                && !old_sources.contains(s.as_str())
                && !before.contains(p.as_str())
        });
        if let (1, Some((new, new_source)), None) = (vanished, appeared.next(), appeared.next()) {
            out.push(Moved {
                source: new_source,
                renamed_from: Some(source),
                from: page_route(old),
                to: page_route(new),
            });
        }
    }
    out
}

/// A warning for each post or page that `moved`, at its front matter, with the exact
/// `aliases:` line that keeps its old links alive.
pub fn alias_suggestions(content: &Content, moved: &[Moved]) -> Vec<Diagnostic> {
    let aliases_of = |source: &str| -> Option<&[Alias]> {
        let source = Path::new(source);
        (content.posts.iter())
            .find(|p| p.src.source == source)
            .map(|p| p.src.aliases.as_slice())
            .or_else(|| {
                (content.pages.iter())
                    .find(|p| p.src.source == source)
                    .map(|p| p.src.aliases.as_slice())
            })
    };
    let mut out = Vec::new();
    for m in moved {
        let Some(aliases) = aliases_of(m.source) else {
            continue;
        };
        let why = match m.renamed_from {
            Some(old) => format!("if this file is {old} renamed, its"),
            None => "its".to_string(),
        };
        let (at, add) = match aliases.first() {
            None => (
                (2, 1),
                format!(
                    "add this line to its front matter: `aliases: [/{}]`",
                    m.from
                ),
            ),
            Some(first) => {
                let all: Vec<String> = aliases.iter().map(|a| format!("/{}", a.route)).collect();
                (
                    first.at,
                    format!(
                        "add it to `aliases:`, which becomes `aliases: [{}, /{}]`",
                        all.join(", "),
                        m.from
                    ),
                )
            }
        };
        out.push(Diagnostic::at(
            m.source,
            at.0,
            at.1,
            format!(
                "{why} address moved from /{} to /{}: links to the old address now break; {add}",
                m.from, m.to
            ),
        ));
    }
    out
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
        assert!(e.0[0].to_string().contains("did you mean `to`"));
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(p, s)| (p.to_string(), s.to_string()))
            .collect()
    }

    #[test]
    fn a_page_moved_by_its_slug_or_by_a_renamed_file() {
        let previous = pairs(&[
            ("blog/old/index.html", "posts/a.md"),
            ("blog/b/index.html", "posts/b.md"),
            ("about/index.html", "pages/about.md"),
        ]);
        let now = pairs(&[
            ("blog/new/index.html", "posts/a.md"),
            ("blog/b/index.html", "posts/b.md"),
            ("team/index.html", "pages/team.md"),
        ]);
        let written = |p: &str| now.iter().any(|(n, _)| n == p);
        let exists = |s: &str| now.iter().any(|(_, n)| n == s);
        let found = moved(&previous, &now, &written, &exists);
        assert_eq!(
            found,
            vec![
                Moved {
                    source: "posts/a.md",
                    renamed_from: None,
                    from: "blog/old/".into(),
                    to: "blog/new/".into()
                },
                Moved {
                    source: "pages/team.md",
                    renamed_from: Some("pages/about.md"),
                    from: "about/".into(),
                    to: "team/".into()
                },
            ]
        );
        // An old path written again (an alias was added) has not moved; nor has a post
        // whose file still exists (a draft now), nor one of two vanished files.
        let written_too = |p: &str| written(p) || p == "blog/old/index.html";
        assert_eq!(moved(&previous, &now, &written_too, &exists).len(), 1);
        let still = |s: &str| exists(s) || s == "pages/about.md";
        assert_eq!(moved(&previous, &now, &written, &still).len(), 1);
        let mut two = previous.clone();
        two.push(("faq/index.html".into(), "pages/faq.md".into()));
        assert_eq!(moved(&two, &now, &written, &exists).len(), 1);
    }
}
