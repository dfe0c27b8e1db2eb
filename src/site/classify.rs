//! Maps a changed path to the kind of rebuild it needs.

use std::path::Path;

use crate::{layout, walk};

/// What a change touches, from cheapest to dearest rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// Editor noise or build output: nothing to do.
    Ignore,
    /// A file in `static/`: copied (served from disk), list updated.
    Static,
    /// A post or a file of a bundle: incremental.
    Post,
    /// Pages, events, testimonials, contact, suggestions, surveys, the FAQ, services or redirects:
    /// reread them, render everything.
    Extras,
    /// Templates or theme files: reload the theme, render everything.
    Theme,
    /// `site.yaml`: reload everything.
    Config,
}

/// Classifies `rel`, a path relative to the site folder; `languages` are the site's
/// (the second and further have their posts and pages in `LANG/posts/`, `LANG/pages/`).
pub fn classify(rel: &Path, theme: &str, languages: &[String]) -> ChangeKind {
    if rel.as_os_str().is_empty() || walk::is_ignored(rel) {
        return ChangeKind::Ignore;
    }
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let first = parts.next().unwrap_or_default();
    let second = parts.next();
    match (first.as_ref(), second.as_deref()) {
        (layout::SITE_FILE, None) => ChangeKind::Config,
        (
            layout::CONTACT_FILE
            | layout::SUGGESTIONS_FILE
            | layout::FAQ_FILE
            | layout::SERVICES_FILE
            | layout::MENU_FILE
            | layout::NEWSLETTER_FILE
            | layout::REDIRECTS_FILE,
            None,
        ) => ChangeKind::Extras,
        (
            layout::PAGES
            | layout::EVENTS
            | layout::TESTIMONIALS
            | layout::TEAM
            | layout::LOCATIONS
            | layout::NEWSLETTER
            | layout::SURVEYS,
            _,
        ) => ChangeKind::Extras,
        (layout::POSTS, _) => ChangeKind::Post,
        (layout::STATIC, _) => ChangeKind::Static,
        (layout::TEMPLATES | layout::I18N, _) => ChangeKind::Theme,
        (layout::THEMES, Some(name)) if name == theme => ChangeKind::Theme,
        (lang, Some(dir))
            if languages
                .iter()
                .skip(1)
                .any(|l| crate::layout::lang_folder(l) == lang) =>
        {
            match dir {
                layout::POSTS => ChangeKind::Post,
                layout::PAGES | layout::NEWSLETTER | layout::EVENTS => ChangeKind::Extras,
                _ => ChangeKind::Ignore,
            }
        }
        _ => ChangeKind::Ignore,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        let langs = ["fr".to_string(), "en".to_string()];
        let c = |p: &str| classify(Path::new(p), "default", &langs);
        assert_eq!(c("posts/a.md"), ChangeKind::Post);
        assert_eq!(c("posts/.a.md.swp"), ChangeKind::Ignore);
        assert_eq!(c("posts/a.md~"), ChangeKind::Ignore);
        assert_eq!(c("public/index.html"), ChangeKind::Ignore);
        assert_eq!(c(".frontdesk/inbox.jsonl"), ChangeKind::Ignore);
        assert_eq!(c("site.yaml"), ChangeKind::Config);
        assert_eq!(c("contact.yaml"), ChangeKind::Extras);
        assert_eq!(c("newsletter.yaml"), ChangeKind::Extras);
        assert_eq!(c("faq.yaml"), ChangeKind::Extras);
        assert_eq!(c("events/workshop.md"), ChangeKind::Extras);
        assert_eq!(c("en/events/workshop.md"), ChangeKind::Extras);
        assert_eq!(c("services.yaml"), ChangeKind::Extras);
        assert_eq!(c("redirects.yaml"), ChangeKind::Extras);
        assert_eq!(c("newsletter/2026-11.md"), ChangeKind::Extras);
        assert_eq!(c("surveys/winter.yaml"), ChangeKind::Extras);
        assert_eq!(c("locations/old-port.yaml"), ChangeKind::Extras);
        assert_eq!(c("templates/post.html"), ChangeKind::Theme);
        assert_eq!(c("i18n/fr.yaml"), ChangeKind::Theme);
        assert_eq!(c("themes/other/x.html"), ChangeKind::Ignore);
        assert_eq!(c("static/style.css"), ChangeKind::Static);
        assert_eq!(c("en/posts/a.md"), ChangeKind::Post);
        assert_eq!(c("en/pages/about.md"), ChangeKind::Extras);
        assert_eq!(c("en/notes.txt"), ChangeKind::Ignore);
        assert_eq!(c("de/posts/a.md"), ChangeKind::Ignore);
    }
}
