//! Where the author wrote a broken reference: the Markdown link (or raw HTML) of the post or
//! page, a value in `site.yaml` or `contact.yaml`, or the theme's template.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{Attr, Broken, SiteUrls, Target, Why};
use crate::content::links::SiteLinks;
use crate::content::{Content, frontmatter};
use crate::error::Diagnostic;
use crate::hash::FastMap;
use crate::markdown::Links;
use crate::render::Theme;
use crate::text::line_col;
use crate::walk;

/// What blame reads: the site's sources, the theme and which source each page is made from.
pub struct Sources<'a> {
    /// The site folder.
    pub site_dir: &'a Path,
    /// The assembled content.
    pub content: &'a Content,
    /// The theme.
    pub theme: &'a Theme,
    /// How Markdown links resolve.
    pub links: &'a SiteLinks,
    /// The site's URLs.
    pub urls: &'a SiteUrls,
    /// Output path -> the source file it is made from.
    pub owners: FastMap<String, PathBuf>,
}

/// One diagnostic per place a broken reference is written (a link in a post's summary is
/// reported once, at the post, not again for each list page showing it).
pub fn diagnostics(mut broken: Vec<Broken>, s: &Sources) -> Vec<Diagnostic> {
    let is_doc = |b: &Broken| {
        s.owners
            .get(&b.page)
            .is_some_and(|o| o.extension().is_some_and(|e| e == "md"))
    };
    // Posts and pages first: their links are the ones list pages repeat.
    broken.sort_by_key(|b| (!is_doc(b), b.page.clone(), b.link.raw.clone()));
    let mut told: HashSet<String> = HashSet::new();
    // A place is told once per target: a summary's `#part` is `/blog/x/#part` on the
    // blog's pages and absolute in a newsletter issue, and one link for the author to fix.
    let mut seen: HashSet<(PathBuf, Option<u32>, Option<u32>, &Target)> = HashSet::new();
    let mut out = Vec::new();
    for b in &broken {
        let owner = s.owners.get(&b.page);
        let placed = owner
            .filter(|_| is_doc(b))
            .and_then(|o| in_document(o, &b.link.raw, s))
            .or_else(|| in_excerpt(&b.link.target, &b.link.raw, s))
            .or_else(|| {
                if told.contains(&b.link.raw) {
                    return None;
                }
                in_data_files(&b.link.raw, s)
                    .or_else(|| in_templates(&b.link.raw, s))
                    .map(|at| (at, None))
            });
        let d = match placed {
            Some(((file, line, col), written)) => {
                let mut what = describe(b, s.urls, written.as_deref());
                if let (Some(owner), Some(written)) = (owner.filter(|_| is_doc(b)), &written)
                    && let Some(near) = near_miss(owner, written, b, s)
                {
                    what = near;
                }
                Diagnostic::at(file, line, col, what)
            }
            None if told.contains(&b.link.raw) => continue,
            None => Diagnostic::file(
                owner
                    .cloned()
                    .unwrap_or_else(|| PathBuf::from(crate::layout::SITE_FILE)),
                describe(b, s.urls, None),
            ),
        };
        told.insert(b.link.raw.clone());
        if seen.insert((d.path.clone(), d.line, d.column, &b.link.target)) {
            out.push(d);
        }
    }
    out
}

/// Every place a reference written as `raw` on `pages` comes from: the posts and pages
/// that write it, else the data file or template line that makes it.
pub fn places(raw: &str, pages: &[&str], s: &Sources) -> Vec<At> {
    let mut out: Vec<At> = Vec::new();
    let mut shared = false;
    for page in pages {
        match s.owners.get(*page) {
            Some(o) if o.extension().is_some_and(|e| e == "md") => {
                if let Some((at, _)) = in_document(o, raw, s)
                    && !out.contains(&at)
                {
                    out.push(at);
                }
            }
            _ => shared = true,
        }
    }
    if shared && let Some(at) = in_data_files(raw, s).or_else(|| in_templates(raw, s)) {
        out.push(at);
    }
    out
}

/// The message: what is broken (as the author `written` it, when known), in plain words,
/// and on which page.
pub fn describe(b: &Broken, urls: &SiteUrls, written: Option<&str>) -> String {
    let raw = written.unwrap_or(&b.link.raw);
    let what = match b.link.attr {
        Attr::Href => "link",
        Attr::Src | Attr::Srcset | Attr::Poster => "image",
    };
    let on = format!(" (on {})", url_of(&b.page, urls));
    match (&b.why, &b.link.target) {
        (Why::Outside, _) => format!(
            "broken {what} `{raw}`: it points outside the site (every page is under {}){on}",
            urls.root
        ),
        (Why::NoAnchor, Target::Site { path, fragment }) => format!(
            "broken link `{raw}`: {} has no heading or anchor with the id `{}`{on}",
            url_of(path, urls),
            fragment.as_deref().unwrap_or("")
        ),
        (_, Target::Site { path, .. })
            if raw
                .split(['#', '?'])
                .next()
                .is_some_and(|p| p.ends_with(".md")) =>
        {
            format!(
                "broken link `{raw}`: no post or page is written in that file (the site has nothing at {}){on}",
                url_of(path, urls)
            )
        }
        (_, Target::Site { path, .. }) => match only_when(path) {
            Some((needs, fix)) => format!(
                "broken {what} `{raw}`: {} exists only when {needs}; {fix} or remove this link{on}",
                url_of(path, urls)
            ),
            None => format!(
                "broken {what} `{raw}`: the site has no file at {}{on}",
                url_of(path, urls)
            ),
        },
        _ => format!("broken {what} `{raw}`{on}"),
    }
}

/// For the output path of a page the site makes only when it has what the page shows
/// (`testimonials/index.html`): what that is, and how to add it.
fn only_when(path: &str) -> Option<(&'static str, &'static str)> {
    use crate::routes;
    let route = path.strip_suffix("index.html").unwrap_or(path);
    let is = |routes: &[&str]| routes.contains(&route);
    if is(&[routes::TESTIMONIALS]) {
        Some(("testimonials/ has at least one file", "add one"))
    } else if is(&[routes::CONTACT, routes::VCARD]) {
        Some(("the site has contact.yaml", "add it"))
    } else if is(&[routes::SUGGESTIONS, routes::THANKS, routes::YOU_SAID_WE_DID]) {
        Some(("the site has suggestions.yaml", "add it"))
    } else if is(&[routes::NEWSLETTER, routes::NEWSLETTER_THANKS]) {
        Some(("the site has newsletter.yaml", "add it"))
    } else {
        None
    }
}

/// For a file the document at `source` names as `written` that is not there, but a file
/// whose name differs only in letter case or accents is (`photo.jpg` for `photo.JPG`,
/// `cafe.jpg` for `café.jpg`, or é written as e plus an accent): the message naming it.
fn near_miss(source: &Path, written: &str, b: &Broken, s: &Sources) -> Option<String> {
    if !matches!(b.why, Why::NoFile) {
        return None;
    }
    let (_, bundle) = document_route(source, s)?;
    let dir = source.parent().unwrap_or(Path::new(""));
    let path = written.split(['#', '?']).next().unwrap_or(written);
    let file = if path.ends_with(".md") && !path.starts_with('/') {
        crate::content::links::local_file(dir, true, written)?
    } else {
        crate::content::links::local_file(dir, bundle, written)?
    };
    let name = file.file_name()?.to_str()?;
    let folder = file.parent().unwrap_or(Path::new(""));
    let wanted = crate::text::fold(name);
    let mut there: Vec<String> = std::fs::read_dir(s.site_dir.join(folder))
        .ok()?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n != name && crate::text::fold(n) == wanted)
        .collect();
    there.sort();
    let found = there.first()?;
    let differs = if found.to_lowercase() == name.to_lowercase() {
        "the letter case differs"
    } else if found.chars().filter(|c| !c.is_ascii()).count() == 0
        || name.chars().filter(|c| !c.is_ascii()).count() == 0
    {
        "the accents differ"
    } else {
        "the accents are stored differently, as one character or as a letter and an accent"
    };
    let what = match b.link.attr {
        Attr::Href => "link",
        _ => "image",
    };
    // The destination as written, with the name that is there.
    let rest = &written[path.len()..];
    let fixed = match path.rsplit_once('/') {
        Some((prefix, _)) => format!("{prefix}/{found}{rest}"),
        None => format!("{found}{rest}"),
    };
    let fixed = if fixed.contains(' ') {
        format!("<{fixed}>")
    } else {
        fixed
    };
    let example = if what == "image" {
        format!("![...]({fixed})")
    } else {
        format!("[...]({fixed})")
    };
    Some(format!(
        "broken {what} `{written}`: no file {name:?} in {}/; there is {found:?} ({differs}): write {example} or rename the file",
        crate::walk::slash_path(folder)
    ))
}

/// `blog/x/index.html` -> `/blog/x/` (with the site's root path).
pub fn url_of(path: &str, urls: &SiteUrls) -> String {
    let path = path.strip_suffix("index.html").unwrap_or(path);
    format!("{}{path}", urls.root)
}

/// A place in a file.
pub type At = (PathBuf, u32, u32);

/// In the summary of the post `raw` points into (a post's summary, shown on another page,
/// links where the post does: `#part` there is `/blog/x/#part` here).
fn in_excerpt(target: &Target, raw: &str, s: &Sources) -> Option<(At, Option<String>)> {
    let Target::Site { path, .. } = target else {
        return None;
    };
    let post = s
        .content
        .posts
        .iter()
        .filter(|p| path.starts_with(p.path.as_str()))
        .max_by_key(|p| p.path.len())?;
    let source = &post.src.source;
    in_document(source, raw, s).or_else(|| {
        // Raw HTML is found as written: relative to the post (`#part`, not `/blog/x/#part`).
        let page = url::Url::parse(&s.content.config.absolute(&post.path)).ok()?;
        let joined = page.join(raw).ok()?;
        let written = joined.as_str().strip_prefix(page.as_str())?;
        (!written.is_empty() && written != raw)
            .then(|| in_document(source, written, s))
            .flatten()
    })
}

/// In the Markdown (or its front matter) of the post or page at `source`; with the
/// destination as the author wrote it when it is a Markdown link.
fn in_document(source: &Path, raw: &str, s: &Sources) -> Option<(At, Option<String>)> {
    let text = walk::read_text(s.site_dir, source).ok()?;
    let split = frontmatter::split(&text).ok()?;
    let body_at = text.len() - split.body.len();
    let (route, bundle) = document_route(source, s)?;
    let url = s.links.config_url(&route);
    let doc = s.links.for_doc(source, &url, bundle);
    // A newsletter issue's web page shows its note's links absolute (as its email does).
    let page = url::Url::parse(&s.content.config.absolute(&route)).ok();
    // Written as `raw`, or pointing where `raw` points when read on this document's page
    // (absolute in an email, root-relative in a summary on the blog's pages).
    let raw_url = page.as_ref().and_then(|p| p.join(raw).ok());
    // The output writes a name with accents or spaces percent-encoded.
    let decoded = percent_encoding::percent_decode_str(raw).decode_utf8().ok();
    let is_raw = |link: &str| {
        link == raw
            || decoded.as_deref() == Some(link)
            || page
                .as_ref()
                .and_then(|p| p.join(link).ok())
                .is_some_and(|u| Some(&u) == raw_url.as_ref())
    };
    let (offset, written) = match crate::markdown::link_offsets(split.body)
        .into_iter()
        .find(|(dest, _)| is_raw(doc.resolve(dest).as_deref().unwrap_or(dest)))
    {
        Some((dest, at)) => (body_at + at, Some(dest)),
        // Raw HTML in the Markdown or a link definition; else a front matter value (`image:
        // pic.png` is published as an absolute URL), found by its file name.
        None => {
            let name = raw
                .split(['#', '?'])
                .next()
                .and_then(|p| p.rsplit('/').next())
                .filter(|n| n.len() >= 3);
            match text.find(raw) {
                Some(at) => (at, None),
                None => {
                    let name = name?;
                    (text[..body_at].find(name)?, Some(name.to_string()))
                }
            }
        }
    };
    let (line, col) = line_col(&text, offset);
    Some(((source.to_path_buf(), line, col), written))
}

/// The route of the post, page or newsletter issue written in `source`, and whether it is a
/// bundle (whose relative links point at its own files).
fn document_route(source: &Path, s: &Sources) -> Option<(String, bool)> {
    if let Some(p) = s.content.posts.iter().find(|p| p.src.source == source) {
        return Some((p.path.clone(), p.src.is_bundle()));
    }
    if let Some(page) = s.content.pages.iter().find(|p| p.src.source == source) {
        return Some((page.path.clone(), false));
    }
    let issues = s
        .content
        .newsletter
        .as_ref()
        .map_or(&[][..], |n| &n.issues[..]);
    let issue = issues.iter().find(|i| i.source == source)?;
    Some((issue.route(), false))
}

/// In `site.yaml` (navigation, intro), `contact.yaml`, `suggestions.yaml` or a testimonial.
fn in_data_files(raw: &str, s: &Sources) -> Option<At> {
    let files = [
        crate::layout::SITE_FILE,
        crate::layout::CONTACT_FILE,
        crate::layout::SUGGESTIONS_FILE,
    ]
    .into_iter()
    .map(PathBuf::from)
    .chain(s.content.testimonials.iter().map(|t| t.source.clone()));
    let needles = needles(raw, s.urls);
    files.into_iter().find_map(|file| {
        let text = walk::read_text(s.site_dir, &file).ok()?;
        let at = needles.iter().find_map(|n| text.find(n.as_str()))?;
        let (line, col) = line_col(&text, at);
        Some((file, line, col))
    })
}

/// In a template of the theme.
fn in_templates(raw: &str, s: &Sources) -> Option<At> {
    needles(raw, s.urls).iter().find_map(|n| {
        s.theme.texts.iter().find_map(|(file, text)| {
            let at = text.find(n.as_str())?;
            let (line, col) = line_col(text, at);
            Some((file.clone(), line, col))
        })
    })
}

/// What to look for in a source: the reference as written, then without the site's base
/// URL or root path (a template writes `{{ root }}blog/`).
fn needles(raw: &str, urls: &SiteUrls) -> Vec<String> {
    let mut out = vec![raw.to_string()];
    for prefix in [urls.base.as_str(), urls.root.as_str()] {
        if let Some(rest) = raw.strip_prefix(prefix)
            && rest.len() >= 2
        {
            out.push(rest.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::only_when;

    #[test]
    fn a_page_the_site_makes_only_with_its_file_says_which() {
        let needs = |path: &str| only_when(path).map(|(needs, _)| needs);
        assert_eq!(
            needs("testimonials/index.html"),
            Some("testimonials/ has at least one file")
        );
        assert_eq!(
            needs("contact/index.html"),
            Some("the site has contact.yaml")
        );
        assert_eq!(needs("contact.vcf"), Some("the site has contact.yaml"));
        for path in [
            "suggestions/index.html",
            "suggestions/thanks/index.html",
            "you-said-we-did/index.html",
        ] {
            assert_eq!(needs(path), Some("the site has suggestions.yaml"), "{path}");
        }
        assert_eq!(
            needs("newsletter/thanks/index.html"),
            Some("the site has newsletter.yaml")
        );
        // Pages every site has, and a post that is not there: no such reason.
        for path in [
            "blog/index.html",
            "newsletter/2025-03/index.html",
            "testimonials/x/index.html",
        ] {
            assert_eq!(needs(path), None, "{path}");
        }
    }
}
