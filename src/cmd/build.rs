//! `frontdesk build`.

use std::time::Instant;

use anyhow::Result;

use super::Done;
use crate::cli::BuildArgs;
use crate::content::LoadOptions;
use crate::pipeline::{self, BuildOptions};
use crate::render::RenderOptions;

/// Builds the site and writes it atomically; returns the summary line and how to publish.
pub fn run(args: &BuildArgs) -> Result<Done> {
    let start = Instant::now();
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| args.site.site_dir.join("public"));
    let load = LoadOptions::now(args.site.drafts, args.site.base_url.clone());
    let cache_dir = args.cache.dir(&args.site.site_dir);
    let opts = BuildOptions {
        render: RenderOptions::default(),
        cache_dir,
        allow_broken_links: args.allow_broken_links,
        progress: Some(crate::progress::Progress::new(
            std::io::IsTerminal::is_terminal(&std::io::stderr()),
        )),
    };
    let built = pipeline::build(&args.site.site_dir, &load, &out_dir, opts)?;
    for w in crate::review::condense(&built.warnings) {
        eprintln!("warning: {w}");
    }
    for n in &built.notes {
        eprintln!("warning: {n}");
    }
    let emails = if built.emails.is_empty() {
        String::new()
    } else {
        let dir = args
            .email_out
            .clone()
            .unwrap_or_else(|| crate::cmd::newsletter::default_dir(&args.site.site_dir));
        match crate::cmd::newsletter::write_emails(&dir, &built.emails) {
            Ok(_) => {}
            // The site is built; only the default folder's email files could not be
            // written (a read-only `.frontdesk/`): a folder the user named must work.
            Err(e) if args.email_out.is_none() => {
                eprintln!(
                    "warning: {e:#}; the newsletter's email files were not written \
                     (give --email-out a folder that can be written)"
                );
                return Ok(done(
                    summary_line(&built, &out_dir, start, ""),
                    &out_dir,
                    &built.base_url,
                ));
            }
            Err(e) => return Err(e),
        }
        format!(
            "; {} newsletter {} in {}",
            built.emails.len(),
            if built.emails.len() == 1 {
                "issue"
            } else {
                "issues"
            },
            dir.display()
        )
    };
    Ok(done(
        summary_line(&built, &out_dir, start, &emails),
        &out_dir,
        &built.base_url,
    ))
}

/// The summary, and the one line on how to publish what is in `out_dir`.
fn done(summary: String, out_dir: &std::path::Path, base_url: &str) -> Done {
    let host = url::Url::parse(base_url).ok();
    let host = host.as_ref().and_then(|u| u.host_str()).unwrap_or("");
    // The starter's address, or one reserved for examples (RFC 2606): the links in the
    // feeds, the sitemap and the emails would lead there.
    let placeholder = ["example.com", "example.org", "example.net"].contains(&host)
        || host.ends_with(".example")
        || host.ends_with(".example.com");
    let first = if placeholder {
        format!(
            "put your site's address in base_url in site.yaml (it is {base_url}), build again, then "
        )
    } else {
        String::new()
    };
    Done {
        summary,
        next: Some(format!(
            "To publish: {first}upload everything in {}/ to your web host (docs/deploying.md: Netlify, GitHub Pages, Cloudflare Pages, Amazon S3)",
            out_dir.display()
        )),
    }
}

/// The line that says what was built.
fn summary_line(
    built: &pipeline::Summary,
    out_dir: &std::path::Path,
    start: Instant,
    emails: &str,
) -> String {
    let images = if built.images > 0 {
        format!(
            ", {} images ({} decoded, {} files encoded)",
            built.images, built.images_decoded, built.images_encoded
        )
    } else {
        String::new()
    };
    format!(
        "Built {} pages ({} files, {} rendered, {} of {} posts read{images}) in {:.2} s into {}{emails}",
        built.pages,
        built.files,
        built.rendered,
        built.posts_read,
        built.posts,
        start.elapsed().as_secs_f64(),
        out_dir.display()
    )
}
