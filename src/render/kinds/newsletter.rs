//! The newsletter's pages: the archive with the signup form, its thank-you page, each
//! issue's web version, and in the preview each issue's email.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::OnceLock;

use super::{Job, Kind};
use crate::content::date::Date;
use crate::content::newsletter::Issue;
use crate::error::Diagnostic;
use crate::layout::NEWSLETTER_FILE as FILE;
use crate::output::Body;
use crate::render::Renderer;
use crate::render::newsletter::{self as letter, Assembled, Email};
use crate::render::site::Site;
use crate::render::views::NewsletterView;
use crate::routes;

/// The issues as the archive lists them: hashed by what it shows of each.
#[derive(Debug, Clone, Copy)]
pub struct IssueLinks<'r>(pub &'r [Issue]);

impl Hash for IssueLinks<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        for i in self.0 {
            (&i.slug, &i.subject, i.date, &i.preheader).hash(h);
        }
    }
}

fn issue_links<'r>(r: &'r Renderer<'r>) -> Option<IssueLinks<'r>> {
    (r.content.newsletter.as_ref()).map(|n| IssueLinks(&n.issues))
}

/// `/newsletter/`: the archive and the signup form.
#[derive(Debug, Hash)]
pub struct Newsletter<'r> {
    issues: IssueLinks<'r>,
}

impl<'r> Kind<'r> for Newsletter<'r> {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        issue_links(r)
            .map(|issues| Newsletter { issues })
            .into_iter()
            .collect()
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(routes::NEWSLETTER)
    }

    fn source(&self, _: &Site) -> PathBuf {
        PathBuf::from(FILE)
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let n = site
            .newsletter
            .expect("a newsletter job has newsletter.yaml");
        site.page(routes::NEWSLETTER, |cx| {
            let lang = site.lang();
            cx.titled(
                &n.title(lang),
                Some(&lang.t(
                    "newsletter_description",
                    &[("frequency", &n.frequency(lang))],
                )),
            );
            cx.insert(
                "newsletter",
                &NewsletterView::new(n, self.issues.0, site.config, site.lang()),
            );
            cx.insert("signup", &letter::SignupForm::new(n, site));
            "newsletter.html"
        })
    }

    fn listed(&self) -> Option<Option<Date>> {
        Some(None)
    }
}

/// `/newsletter/thanks/`.
#[derive(Debug, Hash)]
pub struct NewsletterThanks<'r> {
    issues: IssueLinks<'r>,
}

impl<'r> Kind<'r> for NewsletterThanks<'r> {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        (issue_links(r)
            .map(|issues| NewsletterThanks { issues })
            .into_iter())
        .collect()
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(routes::NEWSLETTER_THANKS)
    }

    fn source(&self, _: &Site) -> PathBuf {
        PathBuf::from(FILE)
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let n = site
            .newsletter
            .expect("a newsletter job has newsletter.yaml");
        site.page(routes::NEWSLETTER_THANKS, |cx| {
            cx.titled(&site.lang().t("newsletter_thanks_title", &[]), None);
            cx.insert(
                "newsletter",
                &NewsletterView::new(n, self.issues.0, site.config, site.lang()),
            );
            "newsletter_thanks.html"
        })
    }
}

/// A newsletter issue, with what it carries: its web page, and in the preview its email.
#[derive(Debug, Clone, Copy)]
pub struct IssueJob<'r> {
    /// The issue and what it carries.
    pub assembled: &'r Assembled<'r>,
    /// The hash of what it carries.
    pub key: u64,
    /// Its email, rendered by the first of the preview's two files that shows it.
    pub email: &'r OnceLock<Result<Email, Diagnostic>>,
}

impl Hash for IssueJob<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (&self.issue().slug, self.key).hash(h);
    }
}

impl<'r> IssueJob<'r> {
    /// The issue.
    pub fn issue(&self) -> &'r Issue {
        self.assembled.issue
    }

    fn all(r: &'r Renderer<'r>) -> impl Iterator<Item = IssueJob<'r>> {
        (r.issues.iter().zip(&r.emails)).map(|((assembled, key), email)| IssueJob {
            assembled,
            key: *key,
            email,
        })
    }

    /// Its email: rendered once for both preview files.
    fn email(&self, site: &Site) -> Result<&'r Email, Diagnostic> {
        (self
            .email
            .get_or_init(|| letter::email(site, self.assembled))
            .as_ref())
        .map_err(Clone::clone)
    }
}

/// An issue's web version, `/newsletter/NAME/`.
#[derive(Debug, Hash)]
pub struct NewsletterIssue<'r>(IssueJob<'r>);

impl<'r> Kind<'r> for NewsletterIssue<'r> {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        IssueJob::all(r).map(NewsletterIssue).collect()
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Owned(self.0.issue().route())
    }

    fn source(&self, _: &Site) -> PathBuf {
        self.0.issue().source.clone()
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let issue = self.0.issue();
        site.page(&issue.route(), |cx| {
            cx.titled(&issue.subject, issue.preheader.as_deref());
            cx.meta.og_type = "article";
            cx.insert("issue", &letter::IssueView::new(self.0.assembled, site));
            cx.insert("newsletter_url", &site.config.url(routes::NEWSLETTER));
            "newsletter_issue.html"
        })
    }

    fn listed(&self) -> Option<Option<Date>> {
        Some(Some(self.0.issue().date))
    }
}

/// In the preview only: `/__frontdesk/newsletter/NAME/`, the issue's email at 600 px and
/// at phone width, and its text part.
#[derive(Debug, Hash)]
pub struct EmailPreview<'r>(IssueJob<'r>);

impl<'r> Kind<'r> for EmailPreview<'r> {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        if !r.site.opts.preview {
            return Vec::new();
        }
        IssueJob::all(r).map(EmailPreview).collect()
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Owned(format!("{}{}/", letter::PREVIEW_ROUTE, self.0.issue().slug))
    }

    fn source(&self, _: &Site) -> PathBuf {
        self.0.issue().source.clone()
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let email = self.0.email(site)?;
        Ok(Body::Bytes(letter::preview_page(email).into_bytes()))
    }
}

/// In the preview only: `/__frontdesk/newsletter/NAME/email.html`.
#[derive(Debug, Hash)]
pub struct EmailHtml<'r>(IssueJob<'r>);

impl<'r> Kind<'r> for EmailHtml<'r> {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        if !r.site.opts.preview {
            return Vec::new();
        }
        IssueJob::all(r).map(EmailHtml).collect()
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Owned(format!(
            "{}{}/email.html",
            letter::PREVIEW_ROUTE,
            self.0.issue().slug
        ))
    }

    fn source(&self, _: &Site) -> PathBuf {
        self.0.issue().source.clone()
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let email = self.0.email(site)?;
        Ok(Body::Bytes(email.html.clone().into_bytes()))
    }
}
