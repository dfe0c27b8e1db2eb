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
/// `newsletter.yaml`.
pub const NEWSLETTER_FILE: &str = "newsletter.yaml";
/// Newsletter issues.
pub const NEWSLETTER: &str = "newsletter";
/// Blog posts and bundles.
pub const POSTS: &str = "posts";
/// Standalone pages.
pub const PAGES: &str = "pages";
/// One file per testimonial.
pub const TESTIMONIALS: &str = "testimonials";
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
pub const SOURCE_DIRS: [&str; 8] = [
    I18N,
    POSTS,
    PAGES,
    TESTIMONIALS,
    NEWSLETTER,
    STATIC,
    TEMPLATES,
    THEMES,
];
