//! What every page shows besides its own inputs ([`Site`]), the hash of it that is part of
//! every page's key, and the one path by which an HTML page is rendered.

use std::hash::Hash;
use std::path::Path;

use chrono::{DateTime, Utc};

use super::views::{BrandView, Feeds, Link, SiteView};
use super::views::{ContactView, LocationsView, Meta};
use super::{RenderOptions, Theme, customer, feeds};
use crate::config::Config;
use crate::content::newsletter::Settings as NewsletterSettings;
use crate::content::{Content, Testimonial};
use crate::error::Diagnostic;
use crate::image_plan::Plan;
use crate::output::Body;
use crate::routes;

/// The site-wide values: the configuration, the theme, the contact data, testimonials and
/// forms, the navigation, the home intro and the year in the footer. A page kind reads
/// these and its own fields, nothing else; [`Site::key`] hashes every field (the
/// destructuring in [`Site::hash_inputs`] fails to compile when one is added unhashed).
pub struct Site<'a> {
    /// `site.yaml`.
    pub config: &'a Config,
    /// `contact.yaml`.
    pub contact: Option<&'a crate::content::Contact>,
    /// `locations/*.yaml` (empty for a business of one place): every page's header and
    /// footer show the main one.
    pub locations: &'a [crate::content::locations::Location],
    /// Testimonials, newest first.
    pub testimonials: &'a [Testimonial],
    /// `suggestions.yaml`.
    pub suggestions: Option<&'a crate::content::Suggestions>,
    /// `newsletter.yaml` (its issues are the inputs of the kinds that show them).
    pub newsletter: Option<&'a NewsletterSettings>,
    /// The pages of `pages/` as the navigation names them: path and title.
    pub nav_pages: Vec<(&'a str, &'a str)>,
    /// The pages made from a data file the site has (`faq.yaml`...), in the order the
    /// default navigation lists them: route and the theme's word for the link.
    pub data_pages: Vec<(&'static str, &'static str)>,
    /// The home page's intro, rendered.
    pub intro_html: Option<&'a str>,
    /// The footer's year.
    pub year: i32,
    /// The moment of the build: only what of the opening hours depends on it is hashed.
    pub now: DateTime<Utc>,
    /// The site folder.
    pub site_dir: &'a Path,
    /// The theme.
    pub theme: &'a Theme,
    /// What each image makes. Kinds read from it the site's own picture and what their
    /// own fields name.
    pub images: Plan<'a>,
    /// How to render.
    pub opts: RenderOptions,
    /// The site's languages and which pages each has, and this one's place among them,
    /// when the site has more than one.
    pub languages: Option<(std::sync::Arc<super::languages::Languages>, usize)>,
    /// `site` and `contact` of every template.
    base: tera::Context,
    /// The hash of all of the above.
    key: u64,
    /// The hash of `config` alone.
    config_key: u64,
}

impl<'a> Site<'a> {
    /// The site-wide values of `content`.
    pub fn new(
        content: &'a Content,
        theme: &'a Theme,
        opts: RenderOptions,
        languages: Option<(std::sync::Arc<super::languages::Languages>, usize)>,
    ) -> Site<'a> {
        let mut site = Site {
            config: &content.config,
            contact: content.contact.as_ref(),
            locations: &content.locations,
            testimonials: &content.testimonials,
            suggestions: content.suggestions.as_ref(),
            newsletter: content.newsletter.as_ref().map(|n| &n.settings),
            nav_pages: (content.pages.iter())
                .map(|p| (p.path.as_str(), p.src.title.as_str()))
                .collect(),
            data_pages: data_pages(content),
            intro_html: content.intro_html.as_deref(),
            year: content.year,
            now: content.now,
            site_dir: &content.site_dir,
            theme,
            images: Plan::new(content),
            opts,
            languages,
            base: tera::Context::new(),
            key: 0,
            config_key: crate::hash::of(&content.config),
        };
        site.base.insert("site", &site_view(&site));
        let locations = LocationsView::new(
            site.locations,
            site.config,
            &site.images,
            site.now,
            &site.theme.lang,
        );
        match site.contact {
            Some(c) => {
                let mut view = ContactView::new(
                    c,
                    site.config,
                    site.suggestions.is_some(),
                    &site.images,
                    site.now,
                    &site.theme.lang,
                );
                // The header's one-tap phone and the footer's: the main location's.
                if let Some(main) = &locations {
                    view.phone = Some(main.main.phone.clone());
                    view.phone_href = Some(main.main.phone_href.clone());
                }
                site.base.insert("contact", &view);
            }
            None => site.base.insert("contact", &()),
        }
        match &locations {
            Some(view) => site.base.insert("locations", view),
            None => site.base.insert("locations", &()),
        }
        site.key = site.hash_inputs();
        site
    }

    /// The site's language: its words and how it writes dates and times.
    pub fn lang(&self) -> &crate::i18n::Language {
        &self.theme.lang
    }

    /// The hash of the site-wide values: part of the key of every kind that shows them.
    pub fn key(&self) -> u64 {
        self.key
    }

    fn hash_inputs(&self) -> u64 {
        let Site {
            config,
            contact,
            locations,
            testimonials,
            suggestions,
            newsletter,
            nav_pages,
            data_pages,
            intro_html,
            year,
            now,
            site_dir: _, // where the files are, not what they say
            theme,
            images,
            opts,
            languages,
            base: _, // made from the fields above
            key: _,
            config_key,
        } = self;
        let mut h = crate::hash::ContentHasher::new();
        (theme.fingerprint, opts.preview, opts.stand_in_images).hash(&mut h);
        // Which pages each language has is part of each page's own key (see `kinds`).
        (languages.as_ref()).map(|(l, i)| (&l.list, i)).hash(&mut h);
        config_key.hash(&mut h);
        (contact, locations, testimonials, suggestions, newsletter).hash(&mut h);
        (nav_pages, data_pages, intro_html, year).hash(&mut h);
        // What of the opening hours depends on the day: which special days are not over
        // yet and which are announced (the next 30 days).
        let all_hours = (contact.and_then(|c| c.hours.as_ref()))
            .into_iter()
            .chain(locations.iter().map(|l| &l.hours));
        for hours in all_hours {
            if let crate::content::hours::Hours::Week(w) = hours {
                (w.future(*now).count(), w.upcoming(*now).count()).hash(&mut h);
            }
        }
        // What a page without its own image shows as its social card; the photos shown
        // beside testimonials and the contact person.
        images.site_image(config).hash(&mut h);
        let photos = (testimonials.iter().filter_map(|t| t.photo.as_deref()))
            .chain(contact.and_then(|c| c.person.photo.as_deref()))
            .chain(
                locations
                    .iter()
                    .filter_map(|l| l.person.as_ref()?.photo.as_deref()),
            );
        for photo in photos {
            images.avatar(photo, config).hash(&mut h);
        }
        // The vCard's and the JSON-LD's contact photo (its name carries its width).
        (contact.and_then(|c| c.person.photo.as_deref()))
            .map(|p| images.contact_photo(p))
            .hash(&mut h);
        std::hash::Hasher::finish(&h)
    }

    /// The hash of `site.yaml`'s values: part of the key of the kinds that read only them.
    pub fn config_key(&self) -> u64 {
        self.config_key
    }

    /// The business's name: the contact data's, else the site's title.
    pub fn name(&self) -> &'a str {
        self.contact
            .map_or(self.config.title.as_str(), |c| c.business.as_str())
    }

    /// Renders the HTML page at `route`: `fill` sets its meta values and template values
    /// and names its template.
    pub fn page(
        &self,
        route: &str,
        fill: impl FnOnce(&mut PageCx) -> &'static str,
    ) -> Result<Body, Diagnostic> {
        let config = self.config;
        let mut cx = PageCx {
            meta: Meta {
                title: config.title.clone(),
                heading: config.title.clone(),
                description: config.description.clone().unwrap_or_else(|| {
                    format!(
                        "{}: how to reach us, what customers say, and our latest news.",
                        self.name()
                    )
                }),
                canonical: config.absolute(route),
                path: config.url(route),
                og_type: "website",
                image: None,
                image_width: None,
                image_height: None,
                image_alt: None,
                jsonld: None,
                feed_links: true,
                alternates: match &self.languages {
                    Some((l, i)) => l.alternates(*i, route, config),
                    None => Vec::new(),
                },
            },
            ctx: self.base.clone(),
            config,
        };
        cx.meta.set_image(self.images.site_image(config));
        let template = fill(&mut cx);
        cx.ctx.insert("meta", &cx.meta);
        let html = (self.theme.tera.render(template, &cx.ctx))
            .map_err(|e| self.theme.diagnose_in(&e, template))?;
        Ok(Body::Bytes(html.into_bytes()))
    }

    /// The contact data as JSON-LD, for the home and contact pages.
    pub fn jsonld(&self) -> Option<String> {
        self.contact.map(|ct| {
            let photo = customer::photo_url(ct, self.config, &self.images);
            let (config, now, lang) = (self.config, self.now, self.lang());
            match self.locations {
                [] => customer::jsonld(ct, config, now, photo.as_deref(), lang),
                all => {
                    customer::jsonld_with_locations(ct, all, config, now, photo.as_deref(), lang)
                }
            }
        })
    }

    /// A template with the site-wide values and `fill`'s, rendered (the emails).
    pub fn render_template(
        &self,
        template: &str,
        ctx: &tera::Context,
    ) -> Result<String, Diagnostic> {
        let mut all = self.base.clone();
        all.extend(ctx.clone());
        (self.theme.tera.render(template, &all)).map_err(|e| self.theme.diagnose_in(&e, template))
    }
}

/// An HTML page being filled: its meta values and its template's values.
pub struct PageCx<'c> {
    /// `meta`.
    pub meta: Meta,
    /// The template's values (the site-wide ones already in).
    pub ctx: tera::Context,
    config: &'c Config,
}

impl PageCx<'_> {
    /// A page with a heading of its own: `HEADING · SITE` as its title, and `description`
    /// (when given) as its description.
    pub fn titled(&mut self, heading: &str, description: Option<&str>) {
        self.meta.title = format!("{heading} · {}", self.config.title);
        self.meta.heading = heading.to_string();
        if let Some(d) = description {
            self.meta.description = d.to_string();
        }
    }

    /// The description a page of this kind has when the site names none.
    pub fn describe(&mut self, default: String) {
        if self.config.description.is_none() {
            self.meta.description = default;
        }
    }

    /// Inserts a template value.
    pub fn insert<T: serde::Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.ctx.insert(key, value);
    }
}

/// Whether the site has `/update/`: it has someone to tell, its contact data or its form.
pub fn has_update_page(site: &Site) -> bool {
    crate::content::update::has_page(site.contact.is_some(), site.suggestions.is_some())
}

/// `site` in templates: the same on every page, navigation included.
fn site_view<'s>(site: &Site<'s>) -> SiteView<'s> {
    let config = site.config;
    let nav = match &config.nav {
        Some(items) => items
            .iter()
            .map(|n| Link {
                title: n.title.clone(),
                url: resolve_nav(site, &n.url),
            })
            .collect(),
        None => default_nav(site),
    };
    let mut nav: Vec<Link> = nav;
    // The newsletter's signup and the contact page are in every navigation, the owner's
    // own too (their pages exist only with `newsletter.yaml` and `contact.yaml`).
    let newsletter_url = config.url(routes::NEWSLETTER);
    if let Some(n) = site.newsletter
        && !nav.iter().any(|l| l.url == newsletter_url)
    {
        nav.push(Link {
            title: n.title(site.lang()),
            url: newsletter_url,
        });
    }
    let contact_url = config.url(routes::CONTACT);
    if site.contact.is_some() && !nav.iter().any(|l| l.url == contact_url) {
        nav.push(Link {
            title: site.lang().t("nav_contact", &[]),
            url: contact_url,
        });
    }
    SiteView {
        update_url: has_update_page(site).then(|| config.url(routes::UPDATE)),
        title: &config.title,
        description: config.description.as_deref(),
        language: &config.language,
        dir: site.lang().dir,
        og_locale: super::languages::og_locale(&config.language),
        author: config.author.as_deref(),
        base_url: config.base_url.as_str(),
        root: config.root(),
        home: config.url(""),
        year: site.lang().digits(site.year.into()),
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
        search_url: config.search.then(|| config.url(routes::SEARCH)),
    }
}

/// The pages made from the data files `content` has: route and the navigation's word.
fn data_pages(content: &Content) -> Vec<(&'static str, &'static str)> {
    [
        (
            content.menu.is_some(),
            routes::MENU,
            (content.menu.as_ref()).map_or("nav_food_menu", |m| m.kind.nav_word()),
        ),
        (content.services.is_some(), routes::SERVICES, "nav_services"),
        (!content.team.is_empty(), routes::TEAM, "nav_team"),
        (
            content.locations.len() >= 2,
            routes::LOCATIONS,
            "nav_locations",
        ),
        (!content.events.is_empty(), routes::EVENTS, "nav_events"),
        (content.faq.is_some(), routes::FAQ, "nav_faq"),
    ]
    .into_iter()
    .filter(|(present, _, _)| *present)
    .map(|(_, route, word)| (route, word))
    .collect()
}

/// A link of the owner's `nav:` (`/about/`) in this language's pages: to its page in this
/// language (`/fr/about/`), or to the default language's while the page has no
/// translation yet (a new language's pages link no page that is not there).
fn resolve_nav(site: &Site, url: &str) -> String {
    let config = site.config;
    match url.strip_prefix('/') {
        Some(rest) if !rest.starts_with('/') => {
            let untranslated = (site.languages.as_ref())
                .and_then(|(l, i)| l.nav_fallback(*i, rest))
                .unwrap_or(false);
            match untranslated {
                true => config.file_url(rest),
                false => config.url(rest),
            }
        }
        _ => url.to_string(),
    }
}

fn default_nav(site: &Site) -> Vec<Link> {
    let config = site.config;
    let lang = site.lang();
    let mut nav = vec![Link {
        title: lang.t("nav_blog", &[]),
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
            title: lang.t("nav_testimonials", &[]),
            url: config.url(routes::TESTIMONIALS),
        });
    }
    nav.extend(site.data_pages.iter().map(|(route, word)| Link {
        title: lang.t(word, &[]),
        url: config.url(route),
    }));
    if site.suggestions.is_some() {
        nav.push(Link {
            title: lang.t("nav_suggestions", &[]),
            url: config.url(routes::SUGGESTIONS),
        });
    }
    if let Some(n) = site.newsletter {
        nav.push(Link {
            title: n.title(lang),
            url: config.url(routes::NEWSLETTER),
        });
    }
    nav
}
