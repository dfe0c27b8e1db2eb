//! Every route of the built site, made in one place: a route is a site path ending in `/`
//! (served as `ROUTE/index.html`) or a file name.

/// The blog's first page.
pub const BLOG: &str = "blog/";
/// The list of tags.
pub const TAGS: &str = "tags/";
/// The contact page.
pub const CONTACT: &str = "contact/";
/// The vCard.
pub const VCARD: &str = "contact.vcf";
/// All testimonials.
pub const TESTIMONIALS: &str = "testimonials/";
/// The suggestion form.
pub const SUGGESTIONS: &str = "suggestions/";
/// Where the form sends people after they sent it.
pub const THANKS: &str = "suggestions/thanks/";
/// "You said, we did".
pub const YOU_SAID_WE_DID: &str = "you-said-we-did/";
/// Where customers send their new details.
pub const UPDATE: &str = "update/";
/// Where `/update/` sends a customer once their new details are sent.
pub const UPDATE_THANKS: &str = "update/thanks/";
/// Questions customers ask, and the answers.
pub const FAQ: &str = "faq/";
/// What the business does, and the prices.
pub const SERVICES: &str = "services/";
/// The site search (`search: true`).
pub const SEARCH: &str = "search/";
/// The menu or price list.
pub const MENU: &str = "menu/";
/// The people of the business.
pub const TEAM: &str = "team/";
/// Upcoming and past events.
pub const EVENTS: &str = "events/";
/// Every event, the calendar apps subscribe to.
pub const EVENTS_FEED: &str = "events.ics";
/// The places of a business with several.
pub const LOCATIONS: &str = "locations/";
/// The not-found page.
pub const NOT_FOUND: &str = "404.html";
/// The sitemap.
pub const SITEMAP: &str = "sitemap.xml";
/// `robots.txt`.
pub const ROBOTS: &str = "robots.txt";
/// RSS 2.0.
pub const RSS: &str = "rss.xml";
/// Atom.
pub const ATOM: &str = "atom.xml";
/// JSON Feed.
pub const JSON_FEED: &str = "feed.json";
/// The newsletter's archive and signup page.
pub const NEWSLETTER: &str = "newsletter/";
/// After signing up.
pub const NEWSLETTER_THANKS: &str = "newsletter/thanks/";
/// What the site collects and where it goes.
pub const PRIVACY: &str = "privacy/";
/// The web app manifest.
pub const MANIFEST: &str = "manifest.webmanifest";

/// A team member's vCard: `team/NAME.vcf`.
pub fn team_vcard(key: &str) -> String {
    format!("{TEAM}{key}.vcf")
}

/// A post: `blog/SLUG/`.
pub fn post(slug: &str) -> String {
    format!("{BLOG}{slug}/")
}

/// A location's page: `locations/NAME/`.
pub fn location(key: &str) -> String {
    format!("{LOCATIONS}{key}/")
}

/// A location's vCard: `locations/NAME.vcf`.
pub fn location_vcard(key: &str) -> String {
    format!("{LOCATIONS}{key}.vcf")
}

/// A survey: `surveys/NAME/`.
pub fn survey(name: &str) -> String {
    format!("surveys/{name}/")
}

/// Where a survey sends a customer once their answers are sent: `surveys/NAME/thanks/`.
pub fn survey_thanks(name: &str) -> String {
    format!("surveys/{name}/thanks/")
}

/// A tag's first page: `tags/SLUG/`.
pub fn tag(slug: &str) -> String {
    format!("{TAGS}{slug}/")
}

/// Page `n` (from 0) of a list at `base`: `base` itself, then `base/page/N/`.
pub fn list_page(base: &str, n: usize) -> String {
    if n == 0 {
        base.to_string()
    } else {
        format!("{base}page/{}/", n + 1)
    }
}

/// The file a route is written to: `x/` -> `x/index.html`, a file name as it is.
pub fn file(route: &str) -> String {
    if route.is_empty() || route.ends_with('/') {
        format!("{route}index.html")
    } else {
        route.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_and_files() {
        assert_eq!(post("x"), "blog/x/");
        assert_eq!(list_page(&tag("a"), 0), "tags/a/");
        assert_eq!(list_page(BLOG, 2), "blog/page/3/");
        assert_eq!(file(""), "index.html");
        assert_eq!(file(&post("x")), "blog/x/index.html");
        assert_eq!(file(RSS), "rss.xml");
    }
}
