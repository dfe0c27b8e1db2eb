//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// frontdesk: a static-site generator for the pages a business shows its customers.
#[derive(Parser, Debug)]
#[command(name = "frontdesk", version)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into a folder any static host can serve.
    Build(BuildArgs),
    /// Build in memory (writing nothing) and report broken links inside and outside the
    /// site, contact links that cannot work, and the content review.
    Check(CheckArgs),
    /// What customers sent through the site's forms: list what waits for an answer,
    /// import the form providers' exports, write reply drafts, record what you changed.
    Inbox(InboxArgs),
    /// Write a starter site for your business (or, with --example, the example site) into
    /// a new folder.
    Init(InitArgs),
    /// Make the newsletter's email files (HTML, plain text and a .eml message) and say
    /// what each issue carries.
    Newsletter(NewsletterArgs),
    /// Preview the site locally, rebuilding and reloading the browser on every change.
    Serve(ServeArgs),
}

/// The site a command reads, and how (`build`, `check` and `newsletter`).
#[derive(Args, Debug)]
pub struct SiteArgs {
    /// The site folder (holds site.yaml).
    #[arg(default_value = ".")]
    pub site_dir: PathBuf,
    /// Include drafts (posts and newsletter issues) and future-dated posts.
    #[arg(long)]
    pub drafts: bool,
    /// Override base_url from site.yaml (e.g. for a staging host).
    #[arg(long)]
    pub base_url: Option<String>,
}

/// `frontdesk newsletter`.
#[derive(Args, Debug)]
pub struct NewsletterArgs {
    /// The site.
    #[command(flatten)]
    pub site: SiteArgs,
    /// One issue, by its file name (`2026-11`); default: every issue.
    pub issue: Option<String>,
    /// Where the email files go [default: SITE_DIR/.frontdesk/newsletter].
    #[arg(long, value_name = "DIR")]
    pub email_out: Option<PathBuf>,
}

/// `frontdesk build`.
#[derive(Args, Debug)]
pub struct BuildArgs {
    /// The site.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder [default: SITE_DIR/public].
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// The build cache.
    #[command(flatten)]
    pub cache: CacheArgs,
    /// Publish even with broken internal links or anchors (reported as warnings): for an
    /// emergency deploy.
    #[arg(long)]
    pub allow_broken_links: bool,
    /// Where the newsletter's email files go (never into the published site)
    /// [default: SITE_DIR/.frontdesk/newsletter].
    #[arg(long, value_name = "DIR")]
    pub email_out: Option<PathBuf>,
}

/// Where the build cache is (`build` and `check`).
#[derive(Args, Debug)]
pub struct CacheArgs {
    /// The build cache folder [default: SITE_DIR/.frontdesk/cache].
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    pub cache_dir: Option<PathBuf>,
    /// Use no build cache: everything is made anew (the result is the same).
    #[arg(long)]
    pub no_cache: bool,
}

impl CacheArgs {
    /// The cache folder for the site in `site_dir`, or None for no cache.
    pub fn dir(&self, site_dir: &std::path::Path) -> Option<PathBuf> {
        match (&self.cache_dir, self.no_cache) {
            (_, true) => None,
            (Some(dir), false) => Some(dir.clone()),
            (None, false) => Some(crate::cache::default_dir(site_dir)),
        }
    }
}

/// `frontdesk check`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The site.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Do not check links to other sites (no network).
    #[arg(long)]
    pub offline: bool,
    /// `text` for people, `json` for CI annotations.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// The build cache (answers of other sites are kept there for a day).
    #[command(flatten)]
    pub cache: CacheArgs,
    /// Seconds to wait for one answer.
    #[arg(long, default_value_t = 10.0, value_name = "SECS")]
    pub timeout: f64,
    /// Seconds the whole check of other sites may take.
    #[arg(long, default_value_t = 300.0, value_name = "SECS")]
    pub total_timeout: f64,
}

/// Output format of `check`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Lines for people.
    Text,
    /// One JSON document.
    Json,
}

/// `frontdesk init`.
#[derive(Args, Debug)]
pub struct InitArgs {
    /// A new or empty folder.
    pub dir: PathBuf,
    /// Write the example site (Harbor Coffee Roasters) instead of a starter for your own
    /// business.
    #[arg(long, conflicts_with_all = ["name", "person", "email", "phone", "timezone", "language"])]
    pub example: bool,
    /// Your business's name [default: My Business].
    #[arg(long)]
    pub name: Option<String>,
    /// The person who answers customers [default: Your Name].
    #[arg(long)]
    pub person: Option<String>,
    /// The email address customers write to [default: hello@example.com, unless --phone
    /// is given].
    #[arg(long)]
    pub email: Option<String>,
    /// The phone number customers call.
    #[arg(long)]
    pub phone: Option<String>,
    /// The time zone of your opening hours (e.g. Europe/Berlin); without it the hours are
    /// written commented out, for you to fill in.
    #[arg(long)]
    pub timezone: Option<String>,
    /// The language the site is written in, as a language tag (en, de, fr-CA) [default: en].
    #[arg(long)]
    pub language: Option<String>,
}

/// `frontdesk serve`.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The site folder (holds site.yaml).
    #[arg(default_value = ".")]
    pub site_dir: PathBuf,
    /// Port to listen on (0 picks a free one).
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include drafts and future-dated posts.
    #[arg(long)]
    pub drafts: bool,
    /// Poll for changes instead of relying on file-system events (network mounts, WSL, Docker).
    #[arg(long)]
    pub poll: bool,
    /// Also answer requests for this host name (repeatable). Only localhost, 127.0.0.1,
    /// [::1] and the --bind address are accepted otherwise (against DNS rebinding).
    #[arg(long = "allowed-host", value_name = "NAME")]
    pub allowed_hosts: Vec<String>,
    /// Serve even with broken internal links or anchors (shown as warnings).
    #[arg(long)]
    pub allow_broken_links: bool,
}

/// `frontdesk inbox`.
#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = false)]
pub struct InboxArgs {
    /// What to do [default: list what waits for an answer].
    #[command(subcommand)]
    pub action: Option<InboxAction>,
    /// The site folder (holds site.yaml).
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    pub site: PathBuf,
    /// `text` for people, `json` for scripts (the list and `referrals`).
    #[arg(long, global = true, value_enum, default_value = "text")]
    pub format: Format,
}

/// The `inbox` commands.
#[derive(Subcommand, Debug)]
pub enum InboxAction {
    /// Take in form providers' exports (Formspree, Netlify, Basin, Tally, Google Forms,
    /// any CSV with --map); what is already in the inbox is recognised and not added again.
    Import {
        /// The exported files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Where the files come from [default: recognised from their columns].
        #[arg(long, value_enum)]
        from: Option<crate::feedback::import::Source>,
        /// Rename a column before reading: `COLUMN=field` (repeatable); `received` names
        /// the date column, `id` the submission's id.
        #[arg(long, value_name = "COLUMN=FIELD")]
        map: Vec<String>,
        /// The form the rows answer, when the file does not say [default: suggestions].
        #[arg(long)]
        form: Option<String>,
    },
    /// Everything one message says.
    Show {
        /// The message's number (`frontdesk inbox` lists them).
        id: i64,
    },
    /// Write a reply draft (.eml) from the person in contact.yaml, quoting the customer.
    Reply {
        /// The message's number.
        id: i64,
    },
    /// Mark a message answered (refused while its reply draft still holds the place for
    /// your own words).
    Done {
        /// The message's number.
        id: i64,
    },
    /// Record what you changed because of a message: an entry of "You said, we did" in
    /// suggestions.yaml, and a thank-you draft to the customer.
    Act {
        /// The message's number.
        id: i64,
        /// What you changed, as the page says it.
        #[arg(long, value_name = "TEXT")]
        we_did: String,
        /// What the customer asked, in your own words (needed unless they ticked "you may
        /// quote me").
        #[arg(long, value_name = "TEXT")]
        you_said: Option<String>,
    },
    /// How people heard about you: answers by month, ?ref= channels, and who referred whom.
    Referrals,
    /// A survey's answers: how many picked each choice, and the free-text answers.
    Survey {
        /// The survey's name: its file in surveys/ without `.yaml`.
        name: String,
    },
    /// Write a thank-you draft to the person a customer named as the one who told them.
    ThankReferrer {
        /// The message's number.
        id: i64,
    },
}
