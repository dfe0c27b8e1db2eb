//! `site` in templates: the same on every page, navigation included.

use super::feeds;
use super::site::Site;
use super::views::*;
use crate::routes;

pub(super) fn site_view<'s>(site: &Site<'s>) -> SiteView<'s> {
    let config = site.config;
    let nav = match &config.nav {
        Some(items) => items
            .iter()
            .map(|n| Link {
                title: n.title.clone(),
                url: resolve_nav(config, &n.url),
            })
            .collect(),
        None => default_nav(site),
    };
    let mut nav: Vec<Link> = nav;
    let contact_url = config.url(routes::CONTACT);
    if site.contact.is_some() && !nav.iter().any(|l| l.url == contact_url) {
        nav.push(Link {
            title: "Contact".into(),
            url: contact_url,
        });
    }
    SiteView {
        title: &config.title,
        description: config.description.as_deref(),
        language: &config.language,
        author: config.author.as_deref(),
        base_url: config.base_url.as_str(),
        root: config.root(),
        year: site.year,
        feeds: Feeds {
            rss: config.url(feeds::RSS),
            atom: config.url(feeds::ATOM),
            json: config.url(feeds::JSON),
        },
        nav,
        blog_url: config.url(routes::BLOG),
        tags_url: config.url(routes::TAGS),
        brand: BrandView::new(config),
        icons: super::icons::IconsView::new(config),
        newsletter_url: site.newsletter.map(|_| config.url(routes::NEWSLETTER)),
        privacy_url: config.url(routes::PRIVACY),
    }
}

fn resolve_nav(config: &crate::config::Config, url: &str) -> String {
    match url.strip_prefix('/') {
        Some(rest) if !rest.starts_with('/') => config.url(rest),
        _ => url.to_string(),
    }
}

fn default_nav(site: &Site) -> Vec<Link> {
    let config = site.config;
    let mut nav = vec![Link {
        title: "Blog".into(),
        url: config.url(routes::BLOG),
    }];
    nav.extend(
        (site.nav_pages.iter())
            .filter(|(path, _)| !path.contains('/') || path.matches('/').count() == 1)
            .map(|(path, title)| Link {
                title: title.to_string(),
                url: config.url(path),
            }),
    );
    if !site.testimonials.is_empty() {
        nav.push(Link {
            title: "Testimonials".into(),
            url: config.url(routes::TESTIMONIALS),
        });
    }
    if site.suggestions.is_some() {
        nav.push(Link {
            title: "Suggestions".into(),
            url: config.url(routes::SUGGESTIONS),
        });
    }
    if let Some(n) = site.newsletter {
        nav.push(Link {
            title: n.title.clone(),
            url: config.url(routes::NEWSLETTER),
        });
    }
    nav
}
