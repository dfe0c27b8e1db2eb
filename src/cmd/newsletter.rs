//! `frontdesk newsletter`: makes each issue's email files and says where they are and
//! what each issue carries. `build` writes the same files.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::Done;
use crate::cli::NewsletterArgs;
use crate::content::LoadOptions;
use crate::content::newsletter::Provider;
use crate::render::newsletter::Email;
use crate::render::{RenderOptions, Renderer};

/// The default folder of the email files: outside the published site.
pub fn default_dir(site_dir: &Path) -> PathBuf {
    site_dir.join(".frontdesk").join("newsletter")
}

/// Writes each issue's `email.html`, `email.txt` and `issue.eml` into `dir/SLUG/`, each
/// file whole (written beside, then renamed over the old one). Returns the folders.
/// The folder the user named (`--email-out`) is taken as it is; below it, and from the
/// site folder down to the default one, no link is followed.
pub fn write_emails(dir: &Path, emails: &[Email]) -> Result<Vec<PathBuf>> {
    let mut folders = Vec::new();
    // The default folder's own levels (`.frontdesk`, `newsletter`) are checked like the
    // issues' folders; a folder given with --email-out is the user's choice.
    let site = dir
        .ends_with(Path::new(".frontdesk").join("newsletter"))
        .then(|| dir.parent().and_then(Path::parent))
        .flatten();
    let (named, below) = match site {
        Some(site) => (site.to_path_buf(), vec![".frontdesk", "newsletter"]),
        None => (dir.to_path_buf(), Vec::new()),
    };
    std::fs::create_dir_all(&named)
        .with_context(|| format!("cannot create {}", named.display()))?;
    let mut at = named;
    for level in below {
        at.push(level);
        own_folder(&at)?;
    }
    for e in emails {
        let folder = dir.join(&e.slug);
        own_folder(&folder)?;
        crate::cache::dir::remove_leftovers_in(&folder);
        for (name, bytes) in [
            ("email.html", e.html.as_bytes()),
            ("email.txt", e.text.as_bytes()),
            ("issue.eml", &e.eml[..]),
        ] {
            let path = folder.join(name);
            // Written beside and renamed: a link in its place is replaced, not followed.
            crate::cache::dir::write_whole(&path, bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        folders.push(folder);
    }
    Ok(folders)
}

/// Makes the folder `path` if missing; refuses a link (or a file) in its place.
fn own_folder(path: &Path) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => bail!(
            "{}: is a link or a file where the newsletter's email files go; they are never \
             written through a link (remove it, or give --email-out a folder)",
            path.display()
        ),
        Err(_) => {
            std::fs::create_dir(path).with_context(|| format!("cannot create {}", path.display()))
        }
    }
}

/// One line per issue: where it is and what it holds.
pub fn describe(folder: &Path, e: &Email) -> String {
    let (posts, testimonials, changes) = e.counts;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}: {:?}: {}, {}, {}; HTML {:.1} KB (Gmail clips at 102 KB)\n  {}",
        e.slug,
        e.subject,
        plural(posts, "post", "posts"),
        plural(testimonials, "testimonial", "testimonials"),
        plural(changes, "change", "changes"),
        e.html.len() as f64 / 1024.0,
        folder.display()
    )
}

/// The one line on how to send an issue's files (in `folder`) with `provider`.
pub fn how_to_send(provider: Provider, folder: &str) -> String {
    let html = format!("{folder}/email.html");
    let eml = format!("{folder}/issue.eml");
    match provider {
        Provider::Buttondown => format!(
            "To send: in Buttondown, write a new email, switch its editor to HTML, paste in {html} and use the subject above"
        ),
        Provider::Mailchimp => format!(
            "To send: in Mailchimp, create a regular email campaign, choose \"Code your own\" > \"Paste in code\", paste in {html} and use the subject above"
        ),
        Provider::Listmonk => format!(
            "To send: in listmonk, create a campaign with the format \"Raw HTML\", paste in {html} and use the subject above"
        ),
        Provider::Formspree | Provider::Netlify => format!(
            "To send: {} keeps the signups but sends no newsletter; export the addresses and send {eml} from your mail program (open it, address it to yourself, the readers in Bcc)",
            provider.display_name()
        ),
        Provider::Custom => format!(
            "To send: import {html} (or the whole message, {eml}) into your newsletter service"
        ),
    }
}

/// Runs the command.
pub fn run(args: &NewsletterArgs) -> Result<Done> {
    let load = LoadOptions::now(args.site.drafts, args.site.base_url.clone());
    let assembled = crate::site::assemble(
        &args.site.site_dir,
        &load,
        None,
        crate::site::Changes::All,
        None,
    )
    .map_err(|f| f.diagnostics)?;
    let site = &assembled.site;
    let Some(newsletter) = &site.content.newsletter else {
        bail!(
            "{}: no newsletter.yaml: add one (see docs/site-folder.md) and write issues in newsletter/",
            args.site.site_dir.display()
        );
    };
    let provider = newsletter.settings.provider;
    let renderer = Renderer::new(site.languages(), RenderOptions::default());
    let review = crate::review::review(&site.content);
    for w in crate::pipeline::warnings(&site.content, &renderer.warnings(), &review, &[]) {
        eprintln!("warning: {w}");
    }
    let mut emails = renderer.render_emails()?;
    if let Some(want) = &args.issue {
        let want = want.trim_end_matches(".md");
        emails.retain(|e| e.slug == want);
        if emails.is_empty() {
            bail!("no issue {want:?} in newsletter/ (drafts need --drafts)");
        }
    }
    if emails.is_empty() {
        return Ok(Done::from(
            "No issues yet: write one in newsletter/, e.g. newsletter/2026-12.md".to_string(),
        ));
    }
    let dir = args
        .email_out
        .clone()
        .unwrap_or_else(|| default_dir(&args.site.site_dir));
    let folders = write_emails(&dir, &emails)?;
    // One issue: its own folder; several: where each is.
    let folder = match &folders[..] {
        [one] => one.display().to_string(),
        _ => dir.join("NAME").display().to_string(),
    };
    Ok(Done {
        summary: (emails.iter().zip(&folders))
            .map(|(e, f)| describe(f, e))
            .collect::<Vec<_>>()
            .join("\n"),
        next: Some(how_to_send(provider, &folder)),
    })
}
