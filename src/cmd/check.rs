//! `frontdesk check`.

use std::io::IsTerminal;
use std::time::Duration;

use anyhow::{Result, bail};

use crate::check::{self, Options, Report, Severity};
use crate::cli::{CheckArgs, Format};
use crate::content::LoadOptions;

/// Checks the site, prints the report (stdout) and fails when anything is broken.
pub fn run(args: &CheckArgs) -> Result<String> {
    let load = LoadOptions::now(args.site.drafts, args.site.base_url.clone());
    let cache_dir = args.cache.dir(&args.site.site_dir);
    let secs = |s: f64| Duration::from_secs_f64(s.clamp(0.1, 86_400.0));
    let opts = Options {
        offline: args.offline,
        cache_dir,
        web: check::web::Options {
            timeout: secs(args.timeout),
            total: secs(args.total_timeout),
            ..Default::default()
        },
    };
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "checking links to other sites {bar:30} {pos}/{len}",
            )
            .expect("template"),
        );
        bar
    });
    let progress = |done: usize, total: usize| match &bar {
        Some(bar) => {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
        // Not a terminal: a plain line at each quarter.
        None if done == total || done * 4 / total != (done - 1) * 4 / total => {
            eprintln!("checked {done} of {total} links to other sites");
        }
        None => {}
    };
    let report = check::run(&args.site.site_dir, &load, &opts, &progress)?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let errors = report.errors();
    let summary = match args.format {
        Format::Json => {
            println!("{}", serde_json::to_string_pretty(&report)?);
            String::new()
        }
        Format::Text => {
            print!("{}", text(&report));
            summary(&report)
        }
    };
    if errors > 0 {
        if !summary.is_empty() {
            println!("{summary}");
        }
        bail!("{errors} broken");
    }
    Ok(summary)
}

/// The report for people: one problem per line (with every place below it when there are
/// several or it is a URL).
pub fn text(r: &Report) -> String {
    let mut out = String::new();
    for p in &r.problems {
        let severity = match p.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match (&p.url, p.places.as_slice()) {
            (None, [one]) => out.push_str(&format!("{severity}: {one}: {}\n", p.message)),
            (url, places) => {
                let head = url.as_deref().map_or(String::new(), |u| format!("{u}: "));
                out.push_str(&format!("{severity}: {head}{}\n", p.message));
                for place in places {
                    out.push_str(&format!("    {place}\n"));
                }
            }
        }
    }
    out
}

/// One line: what was checked and what was found.
pub fn summary(r: &Report) -> String {
    let warnings = r.problems.len() - r.errors();
    let web = if r.offline {
        format!(
            "{} links to other sites (not checked: --offline)",
            r.external
        )
    } else {
        format!(
            "{} links to other sites ({} asked now, {} answered from the cache)",
            r.external, r.checked_now, r.from_cache
        )
    };
    format!(
        "Checked {} pages, {web}, {} mailto/tel links: {} errors, {warnings} warnings",
        r.pages,
        r.contact_links,
        r.errors()
    )
}
