//! View types: what templates see. They borrow from the content; a list page gets
//! only the posts it shows.
#![allow(missing_docs)] // The fields are documented for theme authors in themes/default/README.md.

use crate::i18n::Language;
use serde::Serialize;

use crate::config::Config;
use crate::content::suggestions::{Endpoint, Kind, Question, Suggestions};
use crate::content::{Contact, Post, Testimonial};

/// `site`: the same on every page.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
    /// `ltr` or `rtl`, for `<html dir>`.
    pub dir: crate::i18n::Dir,
    /// The language as Open Graph writes it: `en_US`, `fr_FR` (see `languages::og_locale`).
    pub og_locale: String,
    pub author: Option<&'a str>,
    pub base_url: &'a str,
    /// Where shared files are (`/`): `{{ site.root }}style.css`.
    pub root: &'a str,
    /// The home page of this language (`/`, `/en/`).
    pub home: String,
    /// The footer's year, in the language's digits (`2026`, `٢٠٢٦`).
    pub year: String,
    pub feeds: Feeds,
    pub nav: Vec<Link>,
    pub blog_url: String,
    pub tags_url: String,
    pub brand: BrandView,
    pub icons: crate::render::icons::IconsView,
    /// The newsletter page, or null.
    pub newsletter_url: Option<String>,
    /// The privacy page.
    pub privacy_url: String,
    /// The search page (`search: true`), or null.
    pub search_url: Option<String>,
    /// Where customers send their new details, or null.
    pub update_url: Option<String>,
}

/// `site.brand`: the header logo and the palette from `brand` in `site.yaml`.
#[derive(Serialize)]
pub struct BrandView {
    /// The logo, or None for the theme's mark.
    pub logo: Option<LogoView>,
    /// CSS custom properties for the accent's palette and the highlight, or None for the
    /// theme's colours.
    pub css: Option<String>,
    /// The header shows the logo alone (the name stays for screen readers).
    pub logo_only: bool,
}

/// A logo as the header shows it: at the header's height, its own width.
#[derive(Serialize)]
pub struct LogoView {
    pub src: String,
    /// The dark-scheme version.
    pub dark_src: Option<String>,
    pub width: u32,
    pub height: u32,
}

/// The height the header shows a logo at, in CSS pixels.
pub const LOGO_HEIGHT: u32 = 40;
/// The widest a header logo may be shown (a long wordmark is scaled down to this).
pub const LOGO_MAX_WIDTH: u32 = 240;

impl BrandView {
    /// The view of `config.brand`.
    pub fn new(config: &crate::config::Config) -> BrandView {
        let logo = config.brand.logo.as_ref().map(|l| {
            let (w, h) = (l.width.max(1), l.height.max(1));
            let mut width = (u64::from(LOGO_HEIGHT) * u64::from(w)).div_ceil(u64::from(h)) as u32;
            let mut height = LOGO_HEIGHT;
            if width > LOGO_MAX_WIDTH {
                height = ((u64::from(LOGO_MAX_WIDTH) * u64::from(h)).div_ceil(u64::from(w)) as u32)
                    .max(1);
                width = LOGO_MAX_WIDTH;
            }
            LogoView {
                src: config.file_url(&l.path),
                dark_src: config
                    .brand
                    .logo_dark
                    .as_ref()
                    .map(|d| config.file_url(&d.path)),
                width,
                height,
            }
        });
        let palette = config.brand.palette.as_ref().map(|p| p.css());
        let accent =
            (config.brand.palette.as_ref()).map_or(crate::brand::DEFAULT_ACCENT, |p| p.accent);
        let highlight = (config.brand.highlight).map(|h| crate::brand::highlight_css(h, accent));
        let css = match (palette, highlight) {
            (None, None) => None,
            (p, h) => Some(format!(
                "{}{}",
                p.unwrap_or_default(),
                h.unwrap_or_default()
            )),
        };
        BrandView {
            logo_only: config.brand.logo_only && logo.is_some(),
            logo,
            css,
        }
    }
}

/// Feed URLs.
#[derive(Serialize)]
pub struct Feeds {
    pub rss: String,
    pub atom: String,
    pub json: String,
}

/// A titled link.
#[derive(Serialize, Clone)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// `contact`: the same on every page.
#[derive(Serialize)]
pub struct ContactView<'a> {
    pub business: &'a str,
    pub person: PersonView<'a>,
    /// As written; on a right-to-left page, isolated left to right (U+2066..U+2069) so
    /// `+1 207 555 0100` is not shown as `0100 555 207 +1`.
    pub phone: Option<String>,
    pub phone_href: Option<String>,
    pub email: Option<&'a str>,
    pub email_href: Option<String>,
    pub address: Option<AddressView<'a>>,
    pub map_url: Option<&'a str>,
    pub hours: Option<crate::render::hours::HoursView>,
    /// `geo:` link that opens the phone's map app at the place.
    pub directions_url: Option<String>,
    /// OpenStreetMap at the place.
    pub osm_url: Option<String>,
    pub booking_url: Option<&'a str>,
    pub response_time: Option<&'a str>,
    pub social: Vec<SocialLink<'a>>,
    pub vcard_url: String,
    pub contact_url: String,
    pub suggestions_url: Option<String>,
    pub you_said_we_did_url: Option<String>,
}

#[derive(Serialize)]
pub struct SocialLink<'a> {
    pub name: &'a str,
    pub url: &'a str,
}

#[derive(Serialize)]
pub struct PersonView<'a> {
    pub name: &'a str,
    pub role: Option<&'a str>,
    pub photo_url: Option<String>,
    /// A WebP of the photo at twice the size it is shown (`photo_url` is its JPEG).
    pub photo_webp: Option<String>,
}

#[derive(Serialize)]
pub struct AddressView<'a> {
    pub street: Option<&'a str>,
    pub city: Option<&'a str>,
    pub region: Option<&'a str>,
    pub postal_code: Option<&'a str>,
    pub country: Option<&'a str>,
    pub one_line: String,
}

impl<'a> ContactView<'a> {
    pub fn new(
        c: &'a Contact,
        config: &Config,
        has_form: bool,
        images: &crate::image_plan::Plan,
        now: chrono::DateTime<chrono::Utc>,
        lang: &Language,
    ) -> Self {
        let (photo_url, photo_webp) = photo(c.person.photo.as_deref(), config, images);
        ContactView {
            business: &c.business,
            person: PersonView {
                name: &c.person.name,
                role: c.person.role.as_deref(),
                photo_url,
                photo_webp,
            },
            phone: c.phone.as_deref().map(|p| left_to_right(p, lang)),
            phone_href: c.phone_href(),
            email: c.email.as_deref(),
            email_href: c.email.as_ref().map(|e| format!("mailto:{e}")),
            address: c.address.as_ref().map(AddressView::new),
            map_url: c.map_url.as_deref(),
            hours: c
                .hours
                .as_ref()
                .map(|h| crate::render::hours::HoursView::new(h, now, lang)),
            directions_url: c.geo.map(|g| g.uri(&c.business)),
            osm_url: c.geo.map(|g| g.osm_url()),
            booking_url: c.booking_url.as_deref(),
            response_time: c.response_time.as_deref(),
            social: c
                .social
                .iter()
                .map(|s| SocialLink {
                    name: &s.name,
                    url: &s.url,
                })
                .collect(),
            vcard_url: config.url("contact.vcf"),
            contact_url: config.url("contact/"),
            suggestions_url: has_form.then(|| config.url("suggestions/")),
            you_said_we_did_url: has_form.then(|| config.url("you-said-we-did/")),
        }
    }
}

/// `locations`: the business's places, on every page of a site with `locations/` (the
/// footer shows the main one, the contact page and `/locations/` all of them).
#[derive(Serialize)]
pub struct LocationsView<'a> {
    /// How many.
    pub count: usize,
    /// `/locations/`.
    pub url: String,
    /// The main location (also in `all`).
    pub main: LocationCard<'a>,
    /// All of them, in order.
    pub all: Vec<LocationCard<'a>>,
}

/// One location as the pages show it.
#[derive(Serialize)]
pub struct LocationCard<'a> {
    pub key: &'a str,
    pub name: &'a str,
    /// Its page.
    pub url: String,
    /// Its vCard.
    pub vcard_url: String,
    pub main: bool,
    pub address: AddressView<'a>,
    /// As written, isolated left to right on a right-to-left page.
    pub phone: String,
    pub phone_href: String,
    pub email: Option<&'a str>,
    pub email_href: Option<String>,
    /// `geo:` link that opens the phone's map app at the place.
    pub directions_url: String,
    /// OpenStreetMap at the place.
    pub osm_url: String,
    /// Who answers there (none: the business's person).
    pub person: Option<PersonView<'a>>,
    pub hours: crate::render::hours::HoursView,
    /// How to get there, rendered.
    pub note_html: Option<&'a str>,
}

impl<'a> LocationsView<'a> {
    /// The view of `locations` (none when the site has none).
    pub fn new(
        locations: &'a [crate::content::locations::Location],
        config: &Config,
        images: &crate::image_plan::Plan,
        now: chrono::DateTime<chrono::Utc>,
        lang: &Language,
    ) -> Option<Self> {
        let all: Vec<LocationCard> = (locations.iter())
            .map(|l| LocationCard::new(l, config, images, now, lang))
            .collect();
        let main = locations.iter().position(|l| l.main)?;
        Some(LocationsView {
            count: all.len(),
            url: config.url(crate::routes::LOCATIONS),
            main: LocationCard::new(&locations[main], config, images, now, lang),
            all,
        })
    }
}

impl<'a> LocationCard<'a> {
    pub fn new(
        l: &'a crate::content::locations::Location,
        config: &Config,
        images: &crate::image_plan::Plan,
        now: chrono::DateTime<chrono::Utc>,
        lang: &Language,
    ) -> Self {
        LocationCard {
            key: &l.key,
            name: &l.name,
            url: config.url(&crate::routes::location(&l.key)),
            vcard_url: config.url(&crate::routes::location_vcard(&l.key)),
            main: l.main,
            address: AddressView::new(&l.address),
            phone: left_to_right(&l.phone, lang),
            phone_href: l.phone_href(),
            email: l.email.as_deref(),
            email_href: l.email.as_ref().map(|e| format!("mailto:{e}")),
            directions_url: l.geo.uri(&l.name),
            osm_url: l.geo.osm_url(),
            person: l.person.as_ref().map(|p| {
                let (photo_url, photo_webp) = photo(p.photo.as_deref(), config, images);
                PersonView {
                    name: &p.name,
                    role: p.role.as_deref(),
                    photo_url,
                    photo_webp,
                }
            }),
            hours: crate::render::hours::HoursView::new(&l.hours, now, lang),
            note_html: l.note_html.as_deref(),
        }
    }
}

impl<'a> AddressView<'a> {
    pub fn new(a: &'a crate::content::contact::Address) -> Self {
        AddressView {
            street: a.street.as_deref(),
            city: a.city.as_deref(),
            region: a.region.as_deref(),
            postal_code: a.postal_code.as_deref(),
            country: a.country.as_deref(),
            one_line: a.one_line(),
        }
    }
}

/// `meta`: per page.
#[derive(Serialize)]
pub struct Meta {
    pub title: String,
    pub heading: String,
    pub description: String,
    pub canonical: String,
    pub path: String,
    pub og_type: &'static str,
    pub image: Option<String>,
    pub image_width: Option<u32>,
    pub image_height: Option<u32>,
    pub image_alt: Option<String>,
    pub jsonld: Option<String>,
    pub feed_links: bool,
    /// The page in each of the site's languages (empty for a site of one language).
    pub alternates: Vec<super::languages::Alternate>,
}

impl Meta {
    /// The image link previews show (None: none).
    pub fn set_image(&mut self, image: Option<crate::image_plan::SocialImage>) {
        self.image = image.as_ref().map(|i| i.url.clone());
        self.image_width = image.as_ref().and_then(|i| i.size).map(|s| s.0);
        self.image_height = image.as_ref().and_then(|i| i.size).map(|s| s.1);
        self.image_alt = image.and_then(|i| i.alt);
    }
}

/// A post in a list.
#[derive(Serialize)]
pub struct PostSummary<'a> {
    pub title: &'a str,
    pub url: String,
    pub date: String,
    pub date_display: String,
    pub updated: Option<String>,
    pub updated_display: Option<String>,
    pub author: Option<&'a str>,
    pub description: Option<&'a str>,
    pub summary_html: &'a str,
    pub reading_time: u32,
    pub tags: Vec<TagRef>,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// The picture its card shows on the lists (see [`crate::image_plan::Plan::post_card`]).
    pub image: Option<crate::picture::PictureView>,
}

impl<'a> PostSummary<'a> {
    pub fn new(p: &'a Post, config: &'a Config, lang: &Language) -> Self {
        PostSummary {
            title: &p.src.title,
            url: config.url(&p.path),
            date: p.src.date.iso_date(),
            date_display: p.src.date.display_in(lang),
            updated: p.src.updated.map(|d| d.iso_date()),
            updated_display: p.src.updated.map(|d| d.display_in(lang)),
            author: p.src.author.as_deref().or(config.author.as_deref()),
            description: p.src.description.as_deref(),
            summary_html: &p.summary_html,
            reading_time: p.reading_time,
            tags: p
                .src
                .tags
                .iter()
                .map(|t| TagRef {
                    name: t.clone(),
                    url: config.url(&crate::routes::tag(&crate::slug::slugify(t))),
                })
                .collect(),
            extra: &p.src.extra,
            image: None,
        }
    }
}

/// A tag as a post shows it.
#[derive(Serialize, Clone)]
pub struct TagRef {
    pub name: String,
    pub url: String,
}

/// A full post.
#[derive(Serialize)]
pub struct PostView<'a> {
    #[serde(flatten)]
    pub summary: PostSummary<'a>,
    pub content_html: &'a str,
    pub prev: Option<Link>,
    pub next: Option<Link>,
}

/// Pagination links.
#[derive(Serialize)]
pub struct Paginator {
    pub current: usize,
    pub total: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    pub first_url: String,
    pub last_url: String,
}

/// A tag in the tag index.
#[derive(Serialize)]
pub struct TagLink<'a> {
    pub name: &'a str,
    pub url: String,
    pub count: usize,
}

/// A testimonial card.
#[derive(Serialize)]
pub struct TestimonialView<'a> {
    pub author: &'a str,
    pub first_name: &'a str,
    pub role: Option<&'a str>,
    pub company: Option<&'a str>,
    pub quote_html: &'a str,
    pub rating: Option<u8>,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub source_url: Option<&'a str>,
    pub photo_url: Option<String>,
    pub photo_webp: Option<String>,
    /// The language it was written in, when it says and it is not the page's.
    pub lang: Option<&'a str>,
}

impl<'a> TestimonialView<'a> {
    pub fn new(
        t: &'a Testimonial,
        config: &Config,
        images: &crate::image_plan::Plan,
        lang: &Language,
    ) -> Self {
        let (photo_url, photo_webp) = photo(t.photo.as_deref(), config, images);
        TestimonialView {
            author: &t.author,
            first_name: t.author.split_whitespace().next().unwrap_or(&t.author),
            role: t.role.as_deref(),
            company: t.company.as_deref(),
            quote_html: &t.quote_html,
            rating: t.rating,
            date: t.date.map(|d| d.iso_date()),
            date_display: t.date.map(|d| d.display_in(lang)),
            source_url: t.source_url.as_deref(),
            photo_url,
            photo_webp,
            lang: (t.lang.as_deref()).filter(|l| !l.eq_ignore_ascii_case(config.language.as_str())),
        }
    }
}

/// A person's photo as a template shows it: the `<img src>` (the avatar's JPEG or PNG at
/// twice the size shown, else the file as it is) and the avatar's WebP.
fn photo(
    photo: Option<&str>,
    config: &Config,
    images: &crate::image_plan::Plan,
) -> (Option<String>, Option<String>) {
    let Some(p) = photo else {
        return (None, None);
    };
    match images.avatar(p, config) {
        Some(a) => (Some(a.src), Some(a.webp)),
        None => (Some(config.file_url(p)), None),
    }
}

/// A "You said, we did" item.
#[derive(Serialize)]
pub struct ActedOnView<'a> {
    pub date: String,
    pub date_display: String,
    pub you_said: &'a str,
    pub we_did: &'a str,
}

impl<'a> ActedOnView<'a> {
    pub fn list(s: &'a Suggestions, limit: usize, lang: &Language) -> Vec<Self> {
        s.acted_on
            .iter()
            .take(limit)
            .map(|a| ActedOnView {
                date: a.date.iso_date(),
                date_display: a.date.display_in(lang),
                you_said: &a.you_said,
                we_did: &a.we_did,
            })
            .collect()
    }
}

/// The suggestion form.
#[derive(Serialize)]
pub struct FormView<'a> {
    pub title: String,
    pub intro: Option<&'a str>,
    pub action: String,
    pub method: &'static str,
    pub netlify: bool,
    pub honeypot_name: &'static str,
    pub hidden: Vec<Hidden>,
    pub questions: Vec<QuestionView<'a>>,
    pub opt_in: Option<OptIn>,
    /// The "you may quote me" box.
    pub quote_opt_in: OptIn,
    /// The name of the hidden field of a `?ref=` link's channel.
    pub channel_name: &'static str,
    pub mailto_url: Option<String>,
    pub submit_label: String,
}

#[derive(Serialize)]
pub struct Hidden {
    pub name: &'static str,
    pub value: String,
}

#[derive(Serialize)]
pub struct OptIn {
    pub name: &'static str,
    pub label: String,
}

#[derive(Serialize)]
pub struct QuestionView<'a> {
    pub name: &'a str,
    pub id: String,
    pub label: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub required: bool,
    pub options: Vec<String>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub scale: Vec<i64>,
    pub placeholder: Option<&'a str>,
    pub help: Option<&'a str>,
}

/// The honeypot field of a form posted to any endpoint: people never see or fill it.
pub const HONEYPOT: &str = "leave_this_blank";
/// Netlify Forms' honeypot field.
pub const HONEYPOT_NETLIFY: &str = "bot-field";
/// Formspree's honeypot field.
pub const HONEYPOT_FORMSPREE: &str = "_gotcha";
/// The honeypot field of the newsletter providers that take any field name (Buttondown,
/// listmonk, a form of one's own).
pub const HONEYPOT_WEBSITE: &str = "website";
/// How Mailchimp's honeypot field is named: `b_<u>_<id>` from the form's address.
pub const HONEYPOT_MAILCHIMP_PREFIX: &str = "b_";
/// Every honeypot field name a form may carry (the preview inbox drops what fills one).
pub const HONEYPOTS: [&str; 3] = [HONEYPOT, HONEYPOT_FORMSPREE, HONEYPOT_NETLIFY];

/// Where the form posts while previewing with `serve`.
pub const PREVIEW_FORM_ACTION: &str = "/__frontdesk/suggestions";
/// Where the newsletter signup posts in the preview (the local inbox).
pub const PREVIEW_SIGNUP_ACTION: &str = "/__frontdesk/newsletter";

impl<'a> FormView<'a> {
    /// `preview`: post to the preview server instead of the real endpoint.
    pub fn new(
        s: &'a Suggestions,
        config: &Config,
        contact: Option<&Contact>,
        preview: bool,
        lang: &Language,
    ) -> Self {
        let target = FormTarget::new(
            &s.endpoint,
            "suggestions",
            crate::routes::THANKS,
            config,
            contact,
            preview,
            lang,
        );
        FormView {
            title: s.title(lang),
            intro: s.intro.as_deref(),
            action: target.action,
            method: "post",
            netlify: target.netlify,
            honeypot_name: target.honeypot_name,
            hidden: target.hidden,
            questions: question_views(&s.questions, lang),
            opt_in: s.email_opt_in.as_ref().map(|label| OptIn {
                name: "newsletter_opt_in",
                label: label.clone(),
            }),
            quote_opt_in: OptIn {
                name: crate::content::suggestions::QUOTE_OK,
                label: s.quote_opt_in(lang),
            },
            channel_name: crate::content::suggestions::CHANNEL,
            mailto_url: target.mailto_url,
            submit_label: s.submit_label(lang),
        }
    }
}

/// The hidden field naming the page a form's endpoint sends the customer on to
/// (Formspree's, and the preview's).
pub const NEXT: &str = "_next";

/// Where a form of the site posts and what it carries for its endpoint: the site's form
/// endpoint (`suggestions.yaml`'s), else an email to the business.
pub struct FormTarget {
    /// The form's `action`.
    pub action: String,
    /// Netlify Forms finds it at deploy time.
    pub netlify: bool,
    /// The endpoint's honeypot field.
    pub honeypot_name: &'static str,
    /// Hidden fields the endpoint wants (`form-name`, `_next`).
    pub hidden: Vec<Hidden>,
    /// The mailto the form falls back to, when there is no endpoint.
    pub mailto_url: Option<String>,
}

impl FormTarget {
    /// The target of the form `form_name` (Netlify's name for it) sent to `endpoint`,
    /// which sends the customer on to the page at `thanks` (a route); `preview`: post to
    /// the preview server instead.
    pub fn new(
        endpoint: &Endpoint,
        form_name: &str,
        thanks: &str,
        config: &Config,
        contact: Option<&Contact>,
        preview: bool,
        lang: &Language,
    ) -> Self {
        let thanks_abs = config.absolute(thanks);
        let mut hidden = Vec::new();
        let mut honeypot_name = HONEYPOT;
        let mut netlify = false;
        let mut mailto_url = None;
        let mut action = match endpoint {
            Endpoint::Netlify => {
                netlify = true;
                honeypot_name = HONEYPOT_NETLIFY;
                hidden.push(Hidden {
                    name: "form-name",
                    value: form_name.into(),
                });
                config.url(thanks)
            }
            Endpoint::Formspree(url) => {
                honeypot_name = HONEYPOT_FORMSPREE;
                hidden.push(Hidden {
                    name: NEXT,
                    value: thanks_abs,
                });
                url.clone()
            }
            Endpoint::Url(url) => url.clone(),
            Endpoint::None => {
                let email = contact.and_then(|c| c.email.as_deref()).unwrap_or("");
                let url = format!(
                    "mailto:{email}?subject={}",
                    super::filters::urlencode(
                        &lang.t("form_mail_subject", &[("site", &config.title)])
                    )
                );
                mailto_url = Some(url.clone());
                url
            }
        };
        if preview {
            action = PREVIEW_FORM_ACTION.to_string();
            // The preview sends the customer on to this form's own thank-you page.
            hidden.retain(|h| h.name != NEXT);
            hidden.push(Hidden {
                name: NEXT,
                value: config.url(thanks),
            });
        }
        FormTarget {
            action,
            netlify,
            honeypot_name,
            hidden,
            mailto_url,
        }
    }
}

/// The questions of a form as its template shows them.
pub fn question_views<'a>(questions: &'a [Question], lang: &Language) -> Vec<QuestionView<'a>> {
    questions
        .iter()
        .map(|q| QuestionView {
            name: &q.name,
            id: format!("q-{}", q.name),
            label: q.label(lang),
            kind: q.kind.as_str(),
            required: q.required,
            options: q.options(lang),
            min: q.min,
            max: q.max,
            scale: match (q.kind, q.min, q.max) {
                (Kind::Scale, Some(a), Some(b)) => (a..=b).collect(),
                _ => Vec::new(),
            },
            placeholder: q.placeholder.as_deref(),
            help: q.help.as_deref(),
        })
        .collect()
}

/// `form` on `/update/`: where it posts, and the newsletter provider's page for
/// subscribers, when the site has a newsletter that names one.
#[derive(Serialize)]
pub struct UpdateView {
    pub action: String,
    pub netlify: bool,
    pub form_name: &'static str,
    pub honeypot_name: &'static str,
    /// The endpoint's hidden fields and the one marking new details.
    pub hidden: Vec<Hidden>,
    pub channel_name: &'static str,
    pub mailto_url: Option<String>,
    /// The fields' names.
    pub name: &'static str,
    pub email: &'static str,
    pub phone: &'static str,
    pub changed: &'static str,
    /// The newsletter provider's page where subscribers change their subscription.
    pub manage_url: Option<String>,
}

impl UpdateView {
    /// The form sent to the site's form endpoint `endpoint`.
    pub fn new(
        endpoint: &Endpoint,
        manage_url: Option<&str>,
        config: &Config,
        contact: Option<&Contact>,
        preview: bool,
        lang: &Language,
    ) -> Self {
        use crate::content::update;
        let mut target = FormTarget::new(
            endpoint,
            update::FORM_NAME,
            crate::routes::UPDATE_THANKS,
            config,
            contact,
            preview,
            lang,
        );
        target.hidden.push(Hidden {
            name: update::FIELD,
            value: update::VALUE.into(),
        });
        UpdateView {
            action: target.action,
            netlify: target.netlify,
            form_name: update::FORM_NAME,
            honeypot_name: target.honeypot_name,
            hidden: target.hidden,
            channel_name: crate::content::suggestions::CHANNEL,
            mailto_url: target.mailto_url,
            name: update::NAME,
            email: update::EMAIL,
            phone: update::PHONE,
            changed: update::CHANGED,
            manage_url: manage_url.map(String::from),
        }
    }
}

/// `survey` on a survey's page: its words, its dates, and its form.
#[derive(Serialize)]
pub struct SurveyView<'a> {
    pub title: &'a str,
    pub intro: Option<&'a str>,
    pub group: &'a str,
    pub opens: String,
    pub closes: String,
    pub opens_display: String,
    pub closes_display: String,
    /// Past its last day: the page shows a notice instead of the form.
    pub closed: bool,
    pub action: String,
    pub netlify: bool,
    /// The form's name for Netlify (`survey-NAME`).
    pub form_name: String,
    pub honeypot_name: &'static str,
    /// The endpoint's hidden fields and the one naming the survey.
    pub hidden: Vec<Hidden>,
    pub questions: Vec<QuestionView<'a>>,
    pub channel_name: &'static str,
    pub mailto_url: Option<String>,
    pub submit_label: String,
}

impl<'a> SurveyView<'a> {
    /// The view of `s`, sent to the site's form endpoint `endpoint`.
    pub fn new(
        s: &'a crate::content::Survey,
        closed: bool,
        endpoint: &Endpoint,
        config: &Config,
        contact: Option<&Contact>,
        preview: bool,
        lang: &Language,
    ) -> Self {
        let form_name = format!("survey-{}", s.name);
        let thanks = crate::routes::survey_thanks(&s.name);
        let mut target = FormTarget::new(
            endpoint, &form_name, &thanks, config, contact, preview, lang,
        );
        target.hidden.push(Hidden {
            name: crate::content::surveys::FIELD,
            value: s.name.clone(),
        });
        SurveyView {
            title: &s.title,
            intro: s.intro.as_deref(),
            group: &s.group,
            opens: s.opens.iso_date(),
            closes: s.closes.iso_date(),
            opens_display: s.opens.display_in(lang),
            closes_display: s.closes.display_in(lang),
            closed,
            action: target.action,
            netlify: target.netlify,
            form_name,
            honeypot_name: target.honeypot_name,
            hidden: target.hidden,
            questions: question_views(&s.questions, lang),
            channel_name: crate::content::suggestions::CHANNEL,
            mailto_url: target.mailto_url,
            submit_label: (s.submit_label.clone()).unwrap_or_else(|| lang.t("survey_submit", &[])),
        }
    }
}

/// `newsletter` on the newsletter pages: the settings and the issues, newest first.
#[derive(Serialize)]
pub struct NewsletterView {
    pub title: String,
    pub intro: Option<String>,
    pub frequency: String,
    pub topics: Vec<String>,
    pub manage_url: Option<String>,
    pub provider: &'static str,
    pub issues: Vec<IssueLink>,
    pub privacy_url: String,
}

/// An issue in the archive.
#[derive(Serialize)]
pub struct IssueLink {
    pub subject: String,
    pub url: String,
    pub date: String,
    pub date_display: String,
    pub preheader: Option<String>,
}

impl NewsletterView {
    pub fn new(
        n: &crate::content::newsletter::Settings,
        issues: &[crate::content::newsletter::Issue],
        config: &Config,
        lang: &Language,
    ) -> NewsletterView {
        NewsletterView {
            title: n.title(lang),
            intro: n.intro.clone(),
            frequency: n.frequency(lang),
            topics: n.topics.clone(),
            manage_url: n.manage_url.clone(),
            provider: n.provider.display_name(),
            issues: issues
                .iter()
                .rev()
                .map(|i| IssueLink {
                    subject: i.subject.clone(),
                    url: config.url(&i.route()),
                    date: i.date.iso_date(),
                    date_display: i.date.display_in(lang),
                    preheader: i.preheader.clone(),
                })
                .collect(),
            privacy_url: config.url(crate::routes::PRIVACY),
        }
    }
}

/// `privacy`: what the site collects, from its forms as configured.
#[derive(Serialize)]
pub struct PrivacyView {
    pub forms: Vec<FormPrivacy>,
    /// Who answers questions about data: the contact person.
    pub person: Option<String>,
    pub email: Option<String>,
    pub email_href: Option<String>,
    pub phone: Option<String>,
    /// `pages/privacy.md`, added below.
    pub extra_html: Option<String>,
}

/// One form and where its answers go.
#[derive(Serialize)]
pub struct FormPrivacy {
    pub name: String,
    /// The newsletter's signup (its answers also get the newsletter).
    pub signup: bool,
    pub url: String,
    pub fields: Vec<String>,
    pub destination: String,
    pub destination_url: Option<String>,
}

/// What the privacy page says of the site besides its own text: its forms, its newsletter
/// and who answers.
pub struct PrivacyInputs<'a> {
    pub config: &'a Config,
    pub lang: &'a Language,
    pub contact: Option<&'a Contact>,
    pub suggestions: Option<&'a Suggestions>,
    pub newsletter: Option<&'a crate::content::newsletter::Settings>,
    /// Whether the site has `/update/`.
    pub update_page: bool,
}

impl PrivacyView {
    /// `surveys`: those whose form the site shows.
    pub fn new(
        site: PrivacyInputs,
        own_html: Option<&str>,
        surveys: &[&crate::content::Survey],
    ) -> PrivacyView {
        use crate::content::newsletter::Provider;
        let config = site.config;
        let lang = site.lang;
        let mut forms = Vec::new();
        if let Some(s) = site.suggestions {
            let mut fields: Vec<String> = s.questions.iter().map(|q| q.label(lang)).collect();
            if let Some(o) = &s.email_opt_in {
                fields.push(o.clone());
            }
            fields.push(s.quote_opt_in(lang));
            forms.push(FormPrivacy {
                name: s.title(lang),
                signup: false,
                url: config.url(crate::routes::SUGGESTIONS),
                fields,
                destination: endpoint_destination(&s.endpoint, lang),
                destination_url: None,
            });
        }
        // The surveys and `/update/` send to the same endpoint.
        let endpoint = site.suggestions.map_or(&Endpoint::None, |s| &s.endpoint);
        for survey in surveys {
            forms.push(FormPrivacy {
                name: survey.title.clone(),
                signup: false,
                url: config.url(&survey.route()),
                fields: survey.questions.iter().map(|q| q.label(lang)).collect(),
                destination: endpoint_destination(endpoint, lang),
                destination_url: None,
            });
        }
        if site.update_page {
            forms.push(FormPrivacy {
                name: lang.t("update_title", &[]),
                signup: false,
                url: config.url(crate::routes::UPDATE),
                fields: [
                    "update_name",
                    "update_email",
                    "update_phone",
                    "update_what_changed",
                ]
                .iter()
                .map(|k| lang.t(k, &[]))
                .collect(),
                destination: endpoint_destination(endpoint, lang),
                destination_url: None,
            });
        }
        if let Some(n) = site.newsletter {
            let mut fields = vec![
                lang.t("privacy_field_email", &[]),
                lang.t("privacy_field_name", &[]),
            ];
            if !n.topics.is_empty() {
                fields.push(lang.t("privacy_field_topics", &[("topics", &n.topics.join(", "))]));
            }
            fields.push(lang.t("form_heard_label", &[]));
            let destination = match n.provider {
                Provider::Custom => n
                    .form_url
                    .as_deref()
                    .and_then(|u| url::Url::parse(u).ok())
                    .and_then(|u| u.host_str().map(str::to_string))
                    .unwrap_or_else(|| lang.t("privacy_newsletter_service", &[])),
                p => p.display_name().to_string(),
            };
            let destination = match (n.provider, n.form_url.as_deref()) {
                (Provider::Custom, _) => destination,
                (_, Some(u)) => format!(
                    "{destination} ({})",
                    url::Url::parse(u)
                        .ok()
                        .and_then(|u| u.host_str().map(str::to_string))
                        .unwrap_or_default()
                ),
                (_, None) => destination,
            };
            forms.push(FormPrivacy {
                name: lang.t("privacy_signup_form", &[("newsletter", &n.title(lang))]),
                signup: true,
                url: config.url(crate::routes::NEWSLETTER),
                fields,
                destination,
                destination_url: None,
            });
        }
        let contact = site.contact;
        PrivacyView {
            forms,
            person: contact.map(|c| c.person.name.clone()),
            email: contact.and_then(|c| c.email.clone()),
            email_href: contact.and_then(|c| c.email.as_ref().map(|e| format!("mailto:{e}"))),
            phone: contact.and_then(|c| c.phone.as_deref().map(|p| left_to_right(p, lang))),
            extra_html: own_html.map(str::to_string),
        }
    }
}

/// Where a form's answers go, as the privacy page names it: with its host, not linked (a
/// form's endpoint is no page to visit, and the page must not send readers, or the link
/// check, elsewhere unasked).
fn endpoint_destination(endpoint: &Endpoint, lang: &Language) -> String {
    let host = |u: &str| {
        url::Url::parse(u)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default()
    };
    match endpoint {
        Endpoint::Netlify => lang.t("privacy_to_netlify", &[]),
        Endpoint::Formspree(u) => format!("Formspree ({})", host(u)),
        Endpoint::Url(u) => host(u),
        Endpoint::None => lang.t("privacy_to_nowhere", &[]),
    }
}

/// `pages/privacy.md`: added to the generated privacy page rather than replacing it.
pub const PRIVACY_PAGE: &str = "privacy/";

/// `text` (a phone number, a code) as it reads left to right: isolated (U+2066..U+2069)
/// on a right-to-left page, where the digit groups would otherwise run backwards.
fn left_to_right(text: &str, lang: &Language) -> String {
    match lang.dir {
        crate::i18n::Dir::Rtl => format!("\u{2066}{text}\u{2069}"),
        crate::i18n::Dir::Ltr => text.to_string(),
    }
}
