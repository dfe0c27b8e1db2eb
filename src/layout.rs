//! The site folder's layout: where each kind of source lives, named once for the loader,
//! the theme, the watcher and the output checks.

/// `site.yaml`.
pub const SITE_FILE: &str = "site.yaml";
/// `contact.yaml`.
pub const CONTACT_FILE: &str = "contact.yaml";
/// `suggestions.yaml`.
pub const SUGGESTIONS_FILE: &str = "suggestions.yaml";
/// `redirects.yaml`: old paths and where they lead now.
pub const REDIRECTS_FILE: &str = "redirects.yaml";
/// `faq.yaml`: the questions customers ask, and the answers.
pub const FAQ_FILE: &str = "faq.yaml";
/// `services.yaml`: what the business does for customers, and the prices.
pub const SERVICES_FILE: &str = "services.yaml";
/// `menu.yaml`: what a café or restaurant serves, and the prices.
pub const MENU_FILE: &str = "menu.yaml";
/// `newsletter.yaml`.
pub const NEWSLETTER_FILE: &str = "newsletter.yaml";
/// Newsletter issues.
pub const NEWSLETTER: &str = "newsletter";
/// Blog posts and bundles.
pub const POSTS: &str = "posts";
/// Standalone pages.
pub const PAGES: &str = "pages";
/// One file per person of the team (`team/NAME.yaml`).
pub const TEAM: &str = "team";
/// The business's places, one file each (`locations/NAME.yaml`).
pub const LOCATIONS: &str = "locations";
/// One file per testimonial.
pub const TESTIMONIALS: &str = "testimonials";
/// One file per event (`events/NAME.md`).
pub const EVENTS: &str = "events";
/// One file per survey (`surveys/NAME.yaml`).
pub const SURVEYS: &str = "surveys";
/// Copied as it is to the output root.
pub const STATIC: &str = "static";
/// Templates replacing the theme's.
pub const TEMPLATES: &str = "templates";
/// Themes of the site's own.
pub const THEMES: &str = "themes";
/// The site's own words for the theme, one file per language (`i18n/fr.yaml`).
pub const I18N: &str = "i18n";

/// Every folder that holds sources. Only these (and the files at the top of the site) are
/// watched, and an output folder may never lie inside one.
pub const SOURCE_DIRS: [&str; 12] = [
    I18N,
    POSTS,
    PAGES,
    EVENTS,
    TESTIMONIALS,
    TEAM,
    LOCATIONS,
    NEWSLETTER,
    SURVEYS,
    STATIC,
    TEMPLATES,
    THEMES,
];

/// Whether `name` is a folder the site folder already uses for something else, so a
/// language's folder (`en/`) may not be called so.
pub fn is_reserved_folder(name: &str) -> bool {
    SOURCE_DIRS.contains(&name) || name == ".frontdesk"
}

/// Whether a folder name may be a language's folder (`en`, `pt-br`, `zh-hant`): a
/// language subtag of two or three letters, then subtags of letters and digits.
pub fn may_be_language_folder(name: &str) -> bool {
    let mut parts = name.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The posts folder `rel` lies in: `posts`, or a language's `en/posts`.
pub fn posts_root(rel: &std::path::Path) -> Option<std::path::PathBuf> {
    source_root(rel, POSTS)
}

/// `rel` inside the pages folder it lies in (`pages/a/b.md` and `en/pages/a/b.md` give
/// `a/b.md`).
pub fn in_pages(rel: &std::path::Path) -> &std::path::Path {
    match source_root(rel, PAGES) {
        Some(root) => rel.strip_prefix(root).unwrap_or(rel),
        None => rel,
    }
}

/// The `dir` folder (`posts`, `pages`) that holds `rel`: the site's own, or a language's.
fn source_root(rel: &std::path::Path, dir: &str) -> Option<std::path::PathBuf> {
    let mut parts = rel
        .components()
        .map(|c| c.as_os_str().to_str().unwrap_or(""));
    match (parts.next(), parts.next()) {
        (Some(first), _) if first == dir => Some(dir.into()),
        (Some(lang), Some(second)) if second == dir && may_be_language_folder(lang) => {
            Some(std::path::Path::new(lang).join(dir))
        }
        _ => None,
    }
}

/// The folder of a language, in its sources (`en/posts/`) and in the output (`/en/`): its
/// tag in lower case (`pt-br`).
pub fn lang_folder(tag: &str) -> String {
    tag.to_ascii_lowercase()
}

/// The language folder (`en/`) a post, page, newsletter issue or event file lies in,
/// known from its path alone: `en/posts/x.md` is in `en/` (only a language's folder holds
/// a `posts/`, `pages/`, `newsletter/` or `events/`, and only the site's languages' folders
/// are read); empty for the others.
pub fn language_prefix(source: &std::path::Path) -> String {
    let mut parts = source
        .components()
        .map(|c| c.as_os_str().to_str().unwrap_or(""));
    match (parts.next(), parts.next()) {
        (Some(lang), Some(POSTS | PAGES | NEWSLETTER | EVENTS)) if may_be_language_folder(lang) => {
            format!("{lang}/")
        }
        _ => String::new(),
    }
}
