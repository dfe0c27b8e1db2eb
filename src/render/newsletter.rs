//! The newsletter's issues, assembled from the site: the owner's note, the posts published
//! since the previous issue, a featured testimonial not used before, the "You said, we did"
//! changes since then, the events that take place before the next issue, what is back on
//! the menu, the suggestion form and the named person. Each issue becomes a web
//! page and an email (HTML for email clients, plain text, and a `multipart/alternative`
//! message a provider can import).

use serde::Serialize;
use url::Url;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};

use crate::content::events::{Event, Status};
use crate::content::menu::Item;
use crate::content::newsletter::{Issue, Provider, Settings};
use crate::content::suggestions::ActedOn;
use crate::content::{Content, Post, Survey, Testimonial};
use crate::render::site::Site;
use crate::render::views::{
    HONEYPOT_FORMSPREE, HONEYPOT_MAILCHIMP_PREFIX, HONEYPOT_NETLIFY, HONEYPOT_WEBSITE,
};

/// Where `serve` shows each issue's email (never part of a build).
pub const PREVIEW_ROUTE: &str = "__frontdesk/newsletter/";

/// Gmail clips a message's HTML beyond this many bytes.
pub const MAX_EMAIL_HTML: usize = 102 * 1024;
/// When there is no previous issue, the first one carries the posts of this many days.
pub const FIRST_ISSUE_DAYS: i64 = 31;
/// When there is no next issue, the last one carries the events of this many days.
pub const LAST_ISSUE_DAYS: i64 = 31;

/// An event that takes place between an issue and the next, with the starts of its
/// occurrences in that time (local, in the event's zone).
#[derive(Debug)]
pub struct Coming<'a> {
    /// The event.
    pub event: &'a Event,
    /// Its occurrences between the issue and the next, in order.
    pub starts: Vec<NaiveDateTime>,
}

/// What one issue holds.
#[derive(Debug)]
pub struct Assembled<'a> {
    /// The issue.
    pub issue: &'a Issue,
    /// The previous published issue.
    pub previous: Option<&'a Issue>,
    /// Posts published after the previous issue's date, up to this one's (newest first).
    pub posts: Vec<&'a Post>,
    /// A testimonial no earlier issue carried (featured ones first).
    pub testimonial: Option<&'a Testimonial>,
    /// "You said, we did" items dated after the previous issue, up to this one.
    pub changes: Vec<&'a ActedOn>,
    /// The surveys open on the day the issue is sent.
    pub surveys: Vec<&'a Survey>,
    /// The events that take place from the issue's day to the next issue's (or for
    /// [`LAST_ISSUE_DAYS`] after the last), soonest first; none when `sections: {events:
    /// false}`.
    pub events: Vec<Coming<'a>>,
    /// The menu's items whose season starts in the issue's month and that are not sold
    /// out, in the order of their first day; none when `sections: {menu: false}`.
    pub menu: Vec<&'a Item<String>>,
}

impl Assembled<'_> {
    /// Nothing new: no post, testimonial, change, event or menu news (the issue still
    /// builds, with a warning).
    pub fn is_empty(&self) -> bool {
        self.posts.is_empty()
            && self.testimonial.is_none()
            && self.changes.is_empty()
            && self.events.is_empty()
            && self.menu.is_empty()
    }
}

/// Every occurrence of every event, by its UTC start: made once, each issue takes its
/// slice by binary search.
fn occurrences(events: &[Event]) -> Vec<(DateTime<Utc>, usize, NaiveDateTime)> {
    let mut all: Vec<_> = (events.iter().enumerate())
        .flat_map(|(i, e)| {
            (e.starts.iter()).map(move |s| (e.instant(*s).0.with_timezone(&Utc), i, *s))
        })
        .collect();
    all.sort();
    all
}

/// The events of `occurrences` that start in `[from, until)`, each with its starts there,
/// soonest first.
fn coming<'a>(
    events: &'a [Event],
    occurrences: &[(DateTime<Utc>, usize, NaiveDateTime)],
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Vec<Coming<'a>> {
    let start = occurrences.partition_point(|o| o.0 < from);
    let end = occurrences.partition_point(|o| o.0 < until);
    let mut out: Vec<Coming> = Vec::new();
    for &(_, i, local) in &occurrences[start..end.max(start)] {
        match out.iter_mut().find(|c| std::ptr::eq(c.event, &events[i])) {
            Some(c) => c.starts.push(local),
            None => out.push(Coming {
                event: &events[i],
                starts: vec![local],
            }),
        }
    }
    out
}

/// The menu's items with a season that starts on a day, by that day (in menu order on
/// one day): made once, each issue takes its month by binary search.
fn seasons(menu: Option<&crate::content::menu::MenuPage>) -> Vec<(NaiveDate, &Item<String>)> {
    let mut all: Vec<_> = (menu.iter())
        .flat_map(|m| m.sections.iter().flat_map(|s| &s.items))
        .filter(|i| !i.sold_out)
        .filter_map(|i| Some((i.available?.0?, i)))
        .collect();
    all.sort_by_key(|(d, _)| *d);
    all
}

/// The items of `seasons` whose season starts in the month of `day`.
fn back_on_the_menu<'a>(
    seasons: &[(NaiveDate, &'a Item<String>)],
    day: NaiveDate,
) -> Vec<&'a Item<String>> {
    let first = day.with_day(1).expect("the first of a month");
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(NaiveDate::MAX);
    let start = seasons.partition_point(|(d, _)| *d < first);
    let end = seasons.partition_point(|(d, _)| *d < next);
    seasons[start..end.max(start)]
        .iter()
        .map(|(_, i)| *i)
        .collect()
}

/// Every published issue of `content`, oldest first, with what it holds. Linear in posts
/// and issues: each issue's posts are a slice of the date-sorted list found by binary search.
pub fn assemble(content: &Content) -> Vec<Assembled<'_>> {
    let Some(n) = &content.newsletter else {
        return Vec::new();
    };
    let posts = &content.posts; // newest first
    let mut used: Vec<&std::path::Path> = Vec::new();
    let mut out: Vec<Assembled> = Vec::with_capacity(n.issues.len());
    let mut previous: Option<&Issue> = None;
    let sections = n.settings.sections;
    let occurrences = if sections.events {
        occurrences(&content.events)
    } else {
        Vec::new()
    };
    let seasons = if sections.menu {
        seasons(content.menu.as_ref())
    } else {
        Vec::new()
    };
    for (index, issue) in n.issues.iter().enumerate() {
        let until = issue.date.0;
        let since = previous.map_or(until - chrono::Duration::days(FIRST_ISSUE_DAYS), |p| {
            p.date.0
        });
        // Newest first: [start, end) holds the posts with since < date <= until.
        let start = posts.partition_point(|p| p.src.date.0 > until);
        let end = posts.partition_point(|p| p.src.date.0 > since);
        let slice: Vec<&Post> = posts[start..end.max(start)]
            .iter()
            .map(|p| p.as_ref())
            .collect();
        let testimonial = content
            .testimonials
            .iter()
            .filter(|t| !used.contains(&t.source.as_path()))
            .find(|t| t.featured)
            .or_else(|| {
                content
                    .testimonials
                    .iter()
                    .find(|t| !used.contains(&t.source.as_path()))
            });
        if let Some(t) = testimonial {
            used.push(&t.source);
        }
        let changes = content
            .suggestions
            .as_ref()
            .map(|s| {
                s.acted_on
                    .iter()
                    .filter(|a| a.date.0 > since && a.date.0 <= until)
                    .collect()
            })
            .unwrap_or_default();
        let surveys = (content.surveys.iter())
            .filter(|s| s.is_open_on(issue.date))
            .collect();
        let sent = until.with_timezone(&Utc);
        let next = n
            .issues
            .get(index + 1)
            .map_or(sent + chrono::Duration::days(LAST_ISSUE_DAYS), |next| {
                next.date.0.with_timezone(&Utc)
            });
        out.push(Assembled {
            issue,
            previous,
            posts: slice,
            testimonial,
            changes,
            surveys,
            events: coming(&content.events, &occurrences, sent, next),
            menu: back_on_the_menu(&seasons, until.date_naive()),
        });
        previous = Some(issue);
    }
    out
}

/// `issue` in templates: the web page and the email show the same values. Every URL is
/// absolute (an email has no base to resolve against).
#[derive(Serialize)]
#[allow(missing_docs)]
pub struct IssueView {
    pub slug: String,
    pub subject: String,
    pub preheader: Option<String>,
    pub date: String,
    pub date_display: String,
    /// The day of the previous issue, or null for the first.
    pub since_display: Option<String>,
    /// The note, links absolute.
    pub note_html: String,
    /// The note as plain text, each link written out after its text.
    pub note_text: String,
    /// The web version.
    pub url: String,
    pub posts: Vec<IssuePost>,
    pub testimonial: Option<IssueTestimonial>,
    pub changes: Vec<IssueChange>,
    /// The surveys open on the issue's day.
    pub surveys: Vec<IssueSurvey>,
    /// The events between this issue and the next.
    pub events: Vec<IssueEvent>,
    /// What is back on the menu this month.
    pub menu: Vec<IssueMenuItem>,
    /// The menu page, absolute, when the issue names items of it.
    pub menu_url: Option<String>,
    /// The suggestion form, absolute, or null.
    pub suggestions_url: Option<String>,
    /// How long the form is: "4 questions, about 2 minutes".
    pub suggestions_length: Option<String>,
    /// "You said, we did", absolute, or null.
    pub you_said_we_did_url: Option<String>,
    /// The newsletter page (archive and signup).
    pub archive_url: String,
    /// Where subscribers update their details, or null.
    pub manage_url: Option<String>,
    /// The site's `/update/` page, absolute, or null: where readers send new details (it
    /// links the provider's page too).
    pub update_url: Option<String>,
    /// The unsubscribe link: the provider's merge tag, else a mailto.
    pub unsubscribe_url: String,
    /// Why the reader receives it.
    pub reason: String,
    /// The site's home, absolute.
    pub home_url: String,
    /// The sender's name.
    pub from_name: String,
    /// The logo as a PNG, absolute (email clients do not all show SVG).
    pub logo_url: Option<String>,
    /// The brand colour.
    pub accent: String,
}

/// A post in an issue.
#[derive(Serialize)]
#[allow(missing_docs)]
pub struct IssuePost {
    pub title: String,
    pub url: String,
    pub date_display: String,
    pub summary_html: String,
    pub summary_text: String,
    pub image: Option<IssueImage>,
}

/// A picture with its drawn size.
#[derive(Serialize)]
#[allow(missing_docs)]
pub struct IssueImage {
    pub src: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

/// The issue's testimonial.
#[derive(Serialize)]
#[allow(missing_docs)]
pub struct IssueTestimonial {
    pub author: String,
    pub byline: Option<String>,
    pub quote_html: String,
    pub quote_text: String,
    pub source_url: Option<String>,
}

/// A "You said, we did" item.
#[derive(Serialize)]
#[allow(missing_docs)]
pub struct IssueChange {
    pub you_said: String,
    pub we_did: String,
    pub date_display: String,
}

/// A survey an issue links.
#[derive(Serialize)]
#[allow(missing_docs)]
pub struct IssueSurvey {
    pub title: String,
    /// Its page, absolute.
    pub url: String,
    /// "3 questions, open until March 31, 2026".
    pub details: String,
}

/// An event an issue announces.
#[derive(Serialize)]
#[allow(missing_docs)]
pub struct IssueEvent {
    pub title: String,
    /// Its page, absolute.
    pub url: String,
    /// Its calendar file, absolute.
    pub ics_url: String,
    /// Its first occurrence before the next issue, in its zone and the site's language.
    pub when: String,
    /// That occurrence as RFC 3339, with its offset.
    pub iso: String,
    /// Its further occurrences before the next issue, written alike.
    pub more_dates: Vec<String>,
    pub place: Option<String>,
    /// "Cancelled", "Postponed: ...", "Moved: ...", or null.
    pub status_text: Option<String>,
    pub description: Option<String>,
}

/// A menu item an issue announces: its season starts in the issue's month.
#[derive(Serialize)]
#[allow(missing_docs)]
pub struct IssueMenuItem {
    pub name: String,
    /// Its place on the menu page, absolute.
    pub url: String,
    pub price: Option<String>,
    /// "1 March to 31 May".
    pub season: Option<String>,
}

/// The width of the email's content column, in pixels.
pub const EMAIL_WIDTH: u32 = 600;
/// Pictures in the email are drawn this wide (the column less its padding).
const IMAGE_WIDTH: u32 = 552;

impl IssueView {
    /// The view of an assembled issue.
    pub fn new(a: &Assembled, site: &Site) -> IssueView {
        let config = site.config;
        let lang = site.lang();
        let images = &site.images;
        let n = site.newsletter.expect("an issue has a newsletter");
        let base = |path: &str| config.absolute(path);
        let page = Url::parse(&base(&a.issue.route())).expect("base_url joins");
        let note_html = crate::render::feeds::absolutize(&a.issue.note_html, &page);
        let posts = a
            .posts
            .iter()
            .map(|p| {
                let post_url = Url::parse(&base(&p.path)).expect("base_url joins");
                let summary_html = crate::render::feeds::absolutize(&p.summary_html, &post_url);
                let has_own = p.src.image.is_some() || !p.images.is_empty();
                let image = has_own
                    .then(|| images.post_image(p, config))
                    .flatten()
                    .and_then(|img| {
                        let (w, h) = img.size?;
                        Some(IssueImage {
                            src: img.url,
                            width: IMAGE_WIDTH,
                            height: (u64::from(IMAGE_WIDTH) * u64::from(h) / u64::from(w.max(1)))
                                as u32,
                            alt: img.alt.unwrap_or_default(),
                        })
                    });
                IssuePost {
                    title: p.src.title.clone(),
                    url: post_url.to_string(),
                    date_display: p.src.date.display_in(lang),
                    summary_text: html_to_text(&summary_html),
                    summary_html,
                    image,
                }
            })
            .collect();
        let testimonial = a.testimonial.map(|t| {
            let byline = [t.role.as_deref(), t.company.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            IssueTestimonial {
                author: t.author.clone(),
                byline: (!byline.is_empty()).then_some(byline),
                quote_text: html_to_text(&t.quote_html),
                quote_html: t.quote_html.clone(),
                source_url: t.source_url.clone(),
            }
        });
        let changes = a
            .changes
            .iter()
            .map(|c| IssueChange {
                you_said: c.you_said.clone(),
                we_did: c.we_did.clone(),
                date_display: c.date.display_in(lang),
            })
            .collect();
        let surveys = (a.surveys.iter())
            .map(|s| IssueSurvey {
                title: s.title.clone(),
                url: base(&s.route()),
                details: lang.t(
                    "issue_survey_details",
                    &[
                        (
                            "questions",
                            &lang.t_n("email_questions", s.questions.len() as u64, &[]),
                        ),
                        ("date", &s.closes.display_in(lang)),
                    ],
                ),
            })
            .collect();
        let events = (a.events.iter()).map(|c| issue_event(c, site)).collect();
        let menu_url = (!a.menu.is_empty()).then(|| base(crate::routes::MENU));
        let menu = (a.menu.iter())
            .map(|i| IssueMenuItem {
                name: i.name.clone(),
                url: format!("{}#{}", menu_url.as_deref().unwrap_or_default(), i.id),
                price: crate::content::menu::price_text(i, lang),
                season: crate::render::when::season(i, lang),
            })
            .collect();
        let contact = site.contact;
        let reply_to = n
            .reply_to
            .clone()
            .or_else(|| contact.and_then(|c| c.email.clone()));
        let unsubscribe_url = match n.provider.unsubscribe_tag() {
            Some(tag) => tag.to_string(),
            None => format!(
                "mailto:{}?subject={}",
                reply_to.as_deref().unwrap_or_default(),
                crate::render::filters::urlencode(&lang.t("email_unsubscribe_subject", &[]))
            ),
        };
        let business = contact.map_or(config.title.as_str(), |c| c.business.as_str());
        IssueView {
            slug: a.issue.slug.clone(),
            subject: a.issue.subject.clone(),
            preheader: a.issue.preheader.clone(),
            date: a.issue.date.iso_date(),
            date_display: a.issue.date.display_in(lang),
            since_display: a.previous.map(|p| p.date.display_in(lang)),
            note_text: html_to_text(&note_html),
            note_html,
            url: page.to_string(),
            posts,
            testimonial,
            changes,
            surveys,
            events,
            menu,
            menu_url,
            suggestions_url: site.suggestions.map(|_| base(crate::routes::SUGGESTIONS)),
            suggestions_length: site.suggestions.map(|s| {
                let n = s.questions.len() as u64;
                let minutes = n.div_ceil(2).max(1);
                lang.t(
                    "email_form_length",
                    &[
                        ("questions", &lang.t_n("email_questions", n, &[])),
                        ("minutes", &lang.t_n("email_minutes", minutes, &[])),
                    ],
                )
            }),
            you_said_we_did_url: site
                .suggestions
                .filter(|s| !s.acted_on.is_empty())
                .map(|_| base(crate::routes::YOU_SAID_WE_DID)),
            archive_url: base(crate::routes::NEWSLETTER),
            manage_url: n.manage_url.clone(),
            update_url: crate::render::site::has_update_page(site)
                .then(|| base(crate::routes::UPDATE)),
            unsubscribe_url,
            reason: lang.t(
                "email_reason",
                &[
                    ("business", business),
                    ("website", config.base_url.host_str().unwrap_or_default()),
                ],
            ),
            home_url: config.base_url.to_string(),
            from_name: from_name(site),
            logo_url: config
                .brand
                .logo
                .as_ref()
                .map(|_| base(crate::render::icons::Icon::Png192.path())),
            accent: crate::render::icons::theme_color(config).to_string(),
        }
    }
}

/// An event as an issue shows it: the dates it takes place before the next issue, in the
/// event's own zone, with links to its page and its calendar file.
fn issue_event(c: &Coming, site: &Site) -> IssueEvent {
    let lang = site.lang();
    let (event, src) = (c.event, &c.event.src);
    let when = |s: &NaiveDateTime| crate::render::when::event(event, *s, lang);
    let first = c.starts[0];
    let status_text = match src.status {
        Status::Scheduled => None,
        Status::Cancelled => Some(lang.t("events_status_cancelled", &[])),
        Status::Postponed => Some(lang.t("events_status_postponed", &[])),
        Status::Rescheduled => (src.previous_start)
            .map(|p| lang.t("events_status_rescheduled", &[("date", &when(&p))])),
    };
    IssueEvent {
        title: src.title.clone(),
        url: site.config.absolute(&event.route),
        ics_url: site.config.absolute(&event.ics_route()),
        when: when(&first),
        iso: event.instant(first).0.to_rfc3339(),
        more_dates: c.starts[1..].iter().map(when).collect(),
        place: src
            .venue
            .place
            .clone()
            .or_else(|| (src.venue.online.is_some()).then(|| lang.t("events_online", &[]))),
        status_text,
        description: src.description.clone(),
    }
}

/// The sender's name: `from_name`, else the contact person, else the business.
pub fn from_name(site: &Site) -> String {
    (site.newsletter.and_then(|n| n.from_name.clone()))
        .or_else(|| {
            (site.contact).map(|c| {
                (site.lang()).t(
                    "email_from",
                    &[("name", &c.person.name), ("business", &c.business)],
                )
            })
        })
        .unwrap_or_else(|| site.config.title.clone())
}

/// One issue's email: the HTML for email clients, the plain text and the message.
pub fn email(site: &Site, a: &Assembled) -> Result<Email, crate::error::Diagnostic> {
    let view = IssueView::new(a, site);
    let mut ctx = tera::Context::new();
    ctx.insert("issue", &view);
    let html = site.render_template("email/newsletter.html", &ctx)?;
    let text = site.render_template("email/newsletter.txt", &ctx)?;
    if html.len() > MAX_EMAIL_HTML {
        return Err(crate::error::Diagnostic::file(
            &a.issue.source,
            format!(
                "the email's HTML is {} KB, and Gmail clips messages over {} KB: shorten the note or carry fewer posts",
                html.len() / 1024,
                MAX_EMAIL_HTML / 1024
            ),
        ));
    }
    // A further language's issue is its own email: `2026-11.en` beside `2026-11` (in
    // the folder's name and the Message-ID; an issue's slug never holds a dot).
    let mut view = view;
    if let Some(folder) = site.config.prefix.strip_suffix('/') {
        view.slug = format!("{}.{folder}", view.slug);
    }
    let eml = eml(&view, site, &html, &text);
    Ok(Email {
        slug: view.slug,
        subject: view.subject,
        counts: (
            a.posts.len(),
            usize::from(a.testimonial.is_some()),
            a.changes.len(),
        ),
        html,
        text,
        eml,
    })
}

/// Plain text of an HTML fragment for the text part: paragraphs and list items on their
/// own lines, each link's address written out after its text.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut href_stack: Vec<Option<String>> = Vec::new();
    // Line breaks in the HTML source are white space; only elements break lines.
    let flow = |s: &str| decode(s).replace(['\n', '\r'], " ");
    while let Some(lt) = rest.find('<') {
        out.push_str(&flow(&rest[..lt]));
        let Some(gt) = rest[lt..].find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        rest = &rest[lt + gt + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let closing = tag.starts_with('/');
        match (name.as_str(), closing) {
            ("a", false) => href_stack.push(attr(tag, "href")),
            ("a", true) => {
                if let Some(Some(href)) = href_stack.pop()
                    && !href.starts_with('#')
                {
                    out.push_str(&format!(" ({href})"));
                }
            }
            ("br", _) => out.push('\n'),
            ("li", false) => out.push_str("\n- "),
            ("p" | "div" | "ul" | "ol" | "blockquote" | "h1" | "h2" | "h3" | "h4" | "pre", _) => {
                out.push_str("\n\n")
            }
            _ => {}
        }
    }
    out.push_str(&flow(rest));
    // Fold runs of spaces on each line and of blank lines.
    let mut folded = String::with_capacity(out.len());
    let mut blank = 0;
    for line in out.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !folded.is_empty() {
            folded.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        folded.push_str(&line);
    }
    folded
}

fn decode(s: &str) -> String {
    html_escape::decode_html_entities(s).into_owned()
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let i = tag.find(&format!("{name}=\""))?;
    let v = &tag[i + name.len() + 2..];
    Some(decode(&v[..v.find('"')?]))
}

/// One issue's email files.
#[derive(Debug)]
pub struct Email {
    /// The issue's slug (its folder under `--email-out`).
    pub slug: String,
    /// The email's subject.
    pub subject: String,
    /// `email.html`.
    pub html: String,
    /// `email.txt`.
    pub text: String,
    /// `issue.eml`.
    pub eml: Vec<u8>,
    /// Posts, testimonial (0 or 1) and changes it carries.
    pub counts: (usize, usize, usize),
}

/// The whole message: `multipart/alternative` with the text and the HTML part.
pub fn eml(view: &IssueView, site: &Site, html: &str, text: &str) -> Vec<u8> {
    let n = site.newsletter.expect("an email has a newsletter");
    use mail_builder::MessageBuilder;
    use mail_builder::headers::HeaderType;
    use mail_builder::headers::raw::Raw;
    let contact = site.contact;
    let from_address = n
        .reply_to
        .clone()
        .or_else(|| contact.and_then(|c| c.email.clone()))
        .unwrap_or_else(|| {
            format!(
                "newsletter@{}",
                site.config.base_url.host_str().unwrap_or("localhost")
            )
        });
    let reply_to = n.reply_to.clone().unwrap_or_else(|| from_address.clone());
    let host = site
        .config
        .base_url
        .host_str()
        .unwrap_or("localhost")
        .to_string();
    let date = view_date(view);
    let mut message = MessageBuilder::new()
        .from((view.from_name.clone(), from_address))
        .reply_to(reply_to)
        .subject(view.subject.clone())
        .date(date)
        .message_id(format!("newsletter-{}@{host}", view.slug))
        .header(
            "List-Unsubscribe",
            HeaderType::Raw(Raw::new(format!("<{}>", view.unsubscribe_url))),
        )
        .text_body(text.to_string())
        .html_body(html.to_string());
    if n.provider.unsubscribe_tag().is_some() {
        // RFC 8058 one-click: the provider's unsubscribe address takes a POST.
        message = message.header(
            "List-Unsubscribe-Post",
            HeaderType::Raw(Raw::new("List-Unsubscribe=One-Click")),
        );
    }
    message.write_to_vec().unwrap_or_default()
}

fn view_date(view: &IssueView) -> i64 {
    chrono::NaiveDate::parse_from_str(&view.date, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .map_or(0, |d| d.and_utc().timestamp())
}

/// The preview of an issue's email: as a 600 px wide client and a phone show it, and its
/// text part.
pub fn preview_page(email: &Email) -> String {
    let esc = |s: &str| html_escape::encode_text(s).into_owned();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Email preview: {subject}</title>\n<style>body{{font-family:system-ui,sans-serif;margin:1rem;background:#eee;color:#111}}.frames{{display:flex;gap:1.5rem;flex-wrap:wrap;align-items:flex-start}}iframe{{border:1px solid #999;background:#fff;height:80vh}}pre{{white-space:pre-wrap;background:#fff;padding:1rem;max-width:72ch}}</style>\n</head>\n<body>\n<h1>Email preview: {subject}</h1>\n<p>{kb:.1} KB of HTML (Gmail clips at 102 KB). The files to send are written by <code>frontdesk build</code> and <code>frontdesk newsletter</code>.</p>\n<div class=\"frames\">\n<figure><figcaption>600 px (desktop clients)</figcaption><iframe src=\"email.html\" width=\"600\" title=\"The email at 600 pixels\"></iframe></figure>\n<figure><figcaption>375 px (phone)</figcaption><iframe src=\"email.html\" width=\"375\" title=\"The email at phone width\"></iframe></figure>\n</div>\n<h2>Plain-text part</h2>\n<pre>{text}</pre>\n</body>\n</html>\n",
        subject = esc(&email.subject),
        kb = email.html.len() as f64 / 1024.0,
        text = esc(&email.text),
    )
}

/// Which providers take which field names for the signup form.
#[derive(Serialize)]
pub struct SignupForm {
    /// Where the form posts.
    pub action: String,
    /// `data-netlify` and its hidden `form-name`.
    pub netlify: bool,
    /// The email field's name.
    pub email_name: &'static str,
    /// The name field's name.
    pub name_name: &'static str,
    /// The topics' field name (one checkbox each, unticked).
    pub topic_name: &'static str,
    /// The "How did you hear about us?" field's name.
    pub heard_name: &'static str,
    /// The honeypot's field name.
    pub honeypot_name: String,
    /// Hidden fields the provider wants (`embed`, `list`).
    pub hidden: Vec<HiddenField>,
    /// The topics.
    pub topics: Vec<String>,
    /// "How did you hear about us?" options.
    pub heard_options: Vec<String>,
    /// How often, e.g. "once a month".
    pub frequency: String,
    /// Where the list is kept, for the consent sentence.
    /// The provider's name; none for a form of the owner's own (the theme says "our
    /// newsletter service").
    pub provider_name: Option<&'static str>,
    /// Where subscribers update their details.
    pub manage_url: Option<String>,
    /// The privacy page.
    pub privacy_url: String,
    /// The thank-you page (where the form returns when the provider allows it).
    pub thanks_url: String,
}

impl SignupForm {
    /// The form for `n`; in the preview it posts to the local inbox.
    pub fn new(s: &Settings, site: &Site) -> SignupForm {
        let config = site.config;
        let lang = site.lang();
        let preview = site.opts.preview;
        let (email_name, name_name, topic_name, honeypot_name) = match s.provider {
            Provider::Buttondown => (
                "email",
                "metadata__name",
                "tag",
                HONEYPOT_WEBSITE.to_string(),
            ),
            Provider::Mailchimp => (
                "EMAIL",
                "FNAME",
                "topics",
                mailchimp_honeypot(s.form_url.as_deref()),
            ),
            Provider::Listmonk => ("email", "name", "topics", HONEYPOT_WEBSITE.to_string()),
            Provider::Formspree => ("email", "name", "topics", HONEYPOT_FORMSPREE.to_string()),
            Provider::Netlify => ("email", "name", "topics", HONEYPOT_NETLIFY.to_string()),
            Provider::Custom => ("email", "name", "topics", HONEYPOT_WEBSITE.to_string()),
        };
        let mut hidden = Vec::new();
        if s.provider == Provider::Buttondown {
            hidden.push(HiddenField {
                name: "embed".into(),
                value: "1".into(),
            });
        }
        if s.provider == Provider::Formspree {
            hidden.push(HiddenField {
                name: "_next".into(),
                value: config.absolute(crate::routes::NEWSLETTER_THANKS),
            });
        }
        let action = if preview {
            crate::render::views::PREVIEW_SIGNUP_ACTION.to_string()
        } else {
            match s.provider {
                Provider::Netlify => config.url(crate::routes::NEWSLETTER_THANKS),
                _ => s.form_url.clone().unwrap_or_default(),
            }
        };
        let heard = site
            .suggestions
            .and_then(|sg| {
                sg.questions
                    .iter()
                    .find(|q| q.name == crate::content::suggestions::HEARD_FROM)
                    .map(|q| q.options(lang))
            })
            .unwrap_or_else(|| crate::content::suggestions::heard_from_options(lang));
        SignupForm {
            action,
            netlify: s.provider == Provider::Netlify && !preview,
            email_name,
            name_name,
            topic_name,
            heard_name: "heard_from",
            honeypot_name,
            hidden,
            topics: s.topics.clone(),
            heard_options: heard,
            frequency: s.frequency(lang),
            provider_name: (s.provider != Provider::Custom).then(|| s.provider.display_name()),
            manage_url: s.manage_url.clone(),
            privacy_url: config.url(crate::routes::PRIVACY),
            thanks_url: config.url(crate::routes::NEWSLETTER_THANKS),
        }
    }
}

/// A hidden field a provider wants.
#[derive(Serialize)]
pub struct HiddenField {
    /// Its name.
    pub name: String,
    /// Its value.
    pub value: String,
}

/// Mailchimp's bot trap is a field named `b_<u>_<id>` from the form's address.
fn mailchimp_honeypot(form_url: Option<&str>) -> String {
    let url = form_url.and_then(|u| Url::parse(u).ok());
    let get = |k: &str| {
        url.as_ref()
            .and_then(|u| {
                u.query_pairs()
                    .find(|(key, _)| key == k)
                    .map(|(_, v)| v.into_owned())
            })
            .unwrap_or_default()
    };
    format!("{HONEYPOT_MAILCHIMP_PREFIX}{}_{}", get("u"), get("id"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_keeps_paragraphs_lists_and_link_addresses() {
        let t = html_to_text(
            "<p>Hello &amp; welcome,\n see <a href=\"https://x.example/a\">our <em>menu</em></a>.</p><ul><li>One</li><li>Two</li></ul><p><a href=\"#top\">top</a></p>",
        );
        assert_eq!(
            t,
            "Hello & welcome, see our menu (https://x.example/a).\n\n- One\n- Two\n\ntop"
        );
    }
}
