//! Redirects: a small page at each old path (an alias or an entry of `redirects.yaml`)
//! that sends people on, and `_redirects` for the hosts that redirect by it.

use std::borrow::Cow;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use super::{Job, Kind, Reads};
use crate::content::redirects::{self, To};
use crate::error::Diagnostic;
use crate::output::Body;
use crate::render::Renderer;
use crate::render::site::Site;

/// The site's `_redirects` (Netlify, Cloudflare Pages).
pub const HOST_REDIRECTS: &str = "_redirects";

/// The page at an old path: what it leads to is its input (boxed: every job of a build
/// is as large as the largest kind).
#[derive(Debug, Hash)]
pub struct Redirect<'r>(pub Box<redirects::Redirect<'r>>);

impl<'r> Redirect<'r> {
    /// The redirect it writes.
    pub fn redirect(&self) -> &redirects::Redirect<'r> {
        &self.0
    }
}

/// Where a redirect leads, root-relative for a site path, and absolute.
fn urls(to: To, site: &Site) -> (String, String) {
    match to {
        To::Site(route) => (site.config.url(route), site.config.absolute(route)),
        To::Url(u) => (u.to_string(), u.to_string()),
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).ok();
    out
}

impl<'r> Kind<'r> for Redirect<'r> {
    // The page's words are the site language's.
    const READS: Reads = Reads::Site;

    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        redirects::all(r.content)
            .into_iter()
            .map(|r| Redirect(Box::new(r)))
            .collect()
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(self.0.from)
    }

    fn source(&self, _: &Site) -> PathBuf {
        self.0.source.to_path_buf()
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let (link, absolute) = urls(self.0.to, site);
        let (link, absolute) = (escape(&link), escape(&absolute));
        let lang = escape(&site.config.language);
        let dir = match site.lang().dir {
            crate::i18n::Dir::Rtl => " dir=\"rtl\"",
            crate::i18n::Dir::Ltr => "",
        };
        let title = escape(&site.lang().t("redirect_title", &[]));
        // The sentence is escaped first, then the link goes in (the placeholder has no
        // character that escaping changes).
        let moved = escape(&site.lang().t("redirect_moved", &[("link", "\u{0}")]))
            .replace('\u{0}', &format!("<a href=\"{link}\">{absolute}</a>"));
        let html = format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\"{dir}>\n<head>\n<meta charset=\"utf-8\">\n\
             <title>{title}</title>\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"robots\" content=\"noindex\">\n\
             <link rel=\"canonical\" href=\"{absolute}\">\n\
             <meta http-equiv=\"refresh\" content=\"0; url={absolute}\">\n\
             </head>\n<body>\n<p>{moved}</p>\n\
             </body>\n</html>\n"
        );
        Ok(Body::Bytes(html.into_bytes()))
    }
}

/// `/_redirects`: one line a redirect (`/old/ /new/ 301`), for the hosts that read it.
/// Made only when the site has redirects.
#[derive(Debug, Hash)]
pub struct HostRedirects<'r> {
    lines: Vec<(&'r str, To<'r>, bool)>,
}

impl<'r> Kind<'r> for HostRedirects<'r> {
    const READS: Reads = Reads::Config;

    fn all(_: &'r Renderer<'r>, before: &[Job<'r>]) -> Vec<Self> {
        let lines: Vec<_> = (before.iter())
            .filter_map(|job| match job {
                Job::Redirect(r) => Some((r.0.from, r.0.to, r.0.permanent)),
                _ => None,
            })
            .collect();
        if lines.is_empty() {
            Vec::new()
        } else {
            vec![HostRedirects { lines }]
        }
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(HOST_REDIRECTS)
    }

    fn source(&self, _: &Site) -> PathBuf {
        PathBuf::from(crate::layout::REDIRECTS_FILE)
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let mut out = String::new();
        for (from, to, permanent) in &self.lines {
            let (to, _) = urls(*to, site);
            let status = if *permanent { 301 } else { 302 };
            let _ = writeln!(out, "{} {to} {status}", site.config.url(from));
        }
        Ok(Body::Bytes(out.into_bytes()))
    }
}

/// The error for a file of the site's own (`static/_redirects`) at the path of the
/// `_redirects` the build writes from the redirects of `jobs`: it names both, and how to
/// move the file's rules into `redirects.yaml`.
pub fn clash(theirs: &Path, jobs: &[Job]) -> Diagnostic {
    let mut sources: Vec<&Path> = Vec::new();
    for job in jobs {
        if let Job::Redirect(r) = job
            && !sources.contains(&r.0.source)
        {
            sources.push(r.0.source);
        }
    }
    let named: Vec<String> = sources.iter().map(|s| s.display().to_string()).collect();
    Diagnostic::file(
        theirs,
        format!(
            "clashes with the /{HOST_REDIRECTS} frontdesk writes for this site's redirects \
             (from {}): move its rules into {} (`/old/ /new/ 301` becomes `- from: /old/` and \
             `  to: /new/`; `302` adds `  permanent: false`) and delete {}",
            and_list(&named),
            crate::layout::REDIRECTS_FILE,
            theirs.display()
        ),
    )
}

/// `a`, `a and b`, `a, b and c`.
pub(super) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
