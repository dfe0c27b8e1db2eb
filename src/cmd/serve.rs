//! `frontdesk serve`.

use std::sync::{Arc, RwLock};
use std::time::Instant;

use anyhow::{Context, Result};

use crate::cli::ServeArgs;
use crate::content::LoadOptions;
use crate::serve::http::{self, Hub, Served, ServerState};
use crate::serve::{Preview, publish, watch};

/// Serves the site until interrupted.
pub fn run(args: &ServeArgs) -> Result<String> {
    let site_dir = std::fs::canonicalize(&args.site_dir)
        .with_context(|| format!("{}: cannot open the site folder", args.site_dir.display()))?;
    let server = tiny_http::Server::http((args.bind.as_str(), args.port))
        .map_err(|e| anyhow::anyhow!("cannot listen on {}:{}: {e}", args.bind, args.port))?;
    let addr = server.server_addr().to_ip().context("not an IP address")?;
    let host = if addr.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        addr.ip().to_string()
    };
    let url = format!("http://{host}:{}/", addr.port());
    let opts = LoadOptions {
        drafts: args.drafts,
        base_url: Some(url.clone()),
        now: chrono::Utc::now(),
    };

    // Ctrl-C (or a TERM from a supervisor) ends the preview; it wrote nothing to delete.
    ctrlc::set_handler(|| {
        println!("\nStopped.");
        std::process::exit(0);
    })
    .context("cannot handle Ctrl-C")?;
    let mut watcher = watch::watch(&site_dir, args.poll)?;
    let mut preview = Preview::new(&site_dir, opts);
    let state = Arc::new(ServerState {
        served: RwLock::new(Served::default()),
        hub: Hub::default(),
        site_dir: site_dir.clone(),
        log: Box::new(|m| println!("{m}")),
    });
    let start = Instant::now();
    let first = preview.rebuild_all();
    match publish(&state, first) {
        Ok(n) => println!("Built {n} files in {} ms", start.elapsed().as_millis()),
        Err(e) => eprintln!("{e}\n(serving an error page until the site builds)"),
    }
    let mut shown = show_new_warnings(&preview, &[]);
    let server_state = state.clone();
    std::thread::spawn(move || http::run(server, server_state));
    println!("Serving {} at {url} (Ctrl-C to stop)", site_dir.display());
    if args.open {
        open_browser(&url);
    }
    while let Some(batch) = watcher.next_batch(|w| eprintln!("warning: {w}")) {
        let relevant: Vec<_> = batch
            .into_iter()
            .filter(|p| p.starts_with(&site_dir))
            .collect();
        if relevant.is_empty() {
            continue;
        }
        let start = Instant::now();
        let result = preview.apply(&relevant);
        match publish(&state, result) {
            Ok(0) => {}
            Ok(n) => {
                println!(
                    "Rebuilt {n} files in {} ms ({})",
                    start.elapsed().as_millis(),
                    describe(&relevant, &site_dir)
                );
                shown = show_new_warnings(&preview, &shown);
            }
            Err(e) => eprintln!("{e}\n(still serving the last good version)"),
        }
    }
    Ok("stopped".into())
}

/// Prints the warnings of the last good build that were not shown before.
fn show_new_warnings(preview: &Preview, shown: &[String]) -> Vec<String> {
    let now: Vec<String> = preview.warnings().iter().map(ToString::to_string).collect();
    for w in now.iter().filter(|w| !shown.contains(w)) {
        eprintln!("warning: {w}");
    }
    now
}

fn describe(paths: &[std::path::PathBuf], site_dir: &std::path::Path) -> String {
    let first = paths[0]
        .strip_prefix(site_dir)
        .unwrap_or(&paths[0])
        .display()
        .to_string();
    if paths.len() == 1 {
        first
    } else {
        format!("{first} and {} more", paths.len() - 1)
    }
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(cmd).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; visit {url}");
    }
}
