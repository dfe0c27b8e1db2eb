//! `frontdesk serve`.

use std::collections::HashSet;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use tokio_util::sync::CancellationToken;

use crate::cli::ServeArgs;
use crate::content::LoadOptions;
use crate::serve::http::{self, AllowedHosts, Hub, Inbox, Served, ServerState};
use crate::serve::{Preview, publish, watch};

/// Serves the site until interrupted.
pub fn run(args: &ServeArgs) -> Result<String> {
    let site_dir = std::fs::canonicalize(&args.site_dir)
        .with_context(|| format!("{}: cannot open the site folder", args.site_dir.display()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind((
            args.bind.as_str(),
            args.port,
        )))
        .with_context(|| format!("cannot listen on {}:{}", args.bind, args.port))?;
    let addr = listener.local_addr().context("no local address")?;
    let host = match addr.ip() {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        std::net::IpAddr::V6(v6) => format!("[{v6}]"),
        ip => ip.to_string(),
    };
    let url = format!("http://{host}:{}/", addr.port());
    let opts = LoadOptions::now(args.drafts, Some(url.clone()));

    let mut watcher = watch::watch(&site_dir, args.poll)?;
    let mut preview = Preview::new(&site_dir, opts).allow_broken_links(args.allow_broken_links);
    let state = Arc::new(ServerState {
        served: RwLock::new(Served::default()),
        hub: Hub::default(),
        site_dir: site_dir.clone(),
        inbox: Inbox::new(&site_dir),
        inbox_page: addr.ip().is_loopback(),
        form_reads: tokio::sync::Semaphore::new(http::FORM_READS),
        form: RwLock::default(),
        hosts: AllowedHosts::new(&args.bind, &args.allowed_hosts),
        log: Box::new(|m| println!("{m}")),
    });
    let start = Instant::now();
    let first = preview.rebuild_all();
    *state.form.write().expect("form lock") = preview.form_rules();
    match publish(&state, first) {
        Ok(n) => println!("Built {n} files in {} ms", start.elapsed().as_millis()),
        Err(e) => eprintln!("{e}\n(serving an error page until the site builds)"),
    }
    let mut shown = show_new_warnings(&mut preview, &HashSet::new());
    let waker = watcher.waker();
    make_images(&mut preview, &waker, &site_dir);
    let search = Reindexer::start(state.clone());
    search.send(&mut preview);

    // Ctrl-C (or a TERM from a supervisor) ends the preview: open requests get a moment to
    // finish, live-reload streams end, and nothing is deleted (the preview wrote nothing).
    let shutdown = CancellationToken::new();
    let server = runtime.spawn(http::serve(listener, state.clone(), shutdown.clone()));
    runtime.spawn(async move {
        stop_signal().await;
        shutdown.cancel();
        tokio::time::timeout(Duration::from_secs(3), server)
            .await
            .ok();
        println!("\nStopped.");
        std::process::exit(0);
    });
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
        if result.is_ok() {
            *state.form.write().expect("form lock") = preview.form_rules();
        }
        make_images(&mut preview, &waker, &site_dir);
        let published = publish(&state, result);
        search.send(&mut preview);
        match published {
            Ok(0) => {}
            Ok(n) => {
                println!(
                    "Rebuilt {n} files in {} ms ({})",
                    start.elapsed().as_millis(),
                    describe(&relevant, &site_dir)
                );
                shown = show_new_warnings(&mut preview, &shown);
            }
            Err(e) => eprintln!("{e}\n(still serving the last good version)"),
        }
    }
    Ok("stopped".into())
}

/// Makes the variants and cards of new or changed images on another thread (pages are
/// served at once, with the originals standing in); when they are made, the preview
/// renders those files again and open tabs reload.
fn make_images(preview: &mut Preview, waker: &watch::Waker, site_dir: &std::path::Path) {
    use rayon::prelude::*;
    let Some((images, todo)) = preview.take_images_to_make() else {
        return;
    };
    let waker = waker.clone();
    let done = site_dir.join(crate::serve::state::IMAGES_MADE);
    std::thread::spawn(move || {
        let start = Instant::now();
        todo.par_iter().for_each(|m| {
            if let Err(why) = images.make(&m.file, &m.info, &m.made) {
                eprintln!("warning: {}: the image {why}", m.file.display());
            }
        });
        // Listed in the cache's index, so the next build takes them over (before the line
        // below, which says the files are there).
        if let Err(e) = images.save_index() {
            eprintln!("warning: cannot save the build cache's image index: {e}");
        }
        let names: Vec<String> = (todo.iter())
            .map(|m| m.file.display().to_string())
            .collect();
        println!(
            "Made the files of {} {} in {} ms ({})",
            todo.len(),
            if todo.len() == 1 { "image" } else { "images" },
            start.elapsed().as_millis(),
            match names.len() {
                0..=3 => names.join(", "),
                n => format!("{} and {} more", names[..3].join(", "), n - 3),
            }
        );
        waker.wake(done);
    });
}

/// Makes the site search's index again on its own thread after the pages it finds
/// changed, and serves it when it is made: the previous index is served meanwhile, and
/// an edit is shown without waiting for it. Edits made while it works are indexed
/// together next (only the newest list of pages is indexed).
struct Reindexer(std::sync::mpsc::Sender<Vec<Arc<crate::search::Record>>>);

impl Reindexer {
    fn start(state: Arc<ServerState>) -> Self {
        let (tx, rx) = std::sync::mpsc::channel::<Vec<Arc<crate::search::Record>>>();
        std::thread::spawn(move || {
            while let Ok(mut records) = rx.recv() {
                while let Ok(newer) = rx.try_recv() {
                    records = newer;
                }
                let start = Instant::now();
                let pages = records.len();
                let files = match records.is_empty() {
                    true => Ok(Vec::new()),
                    false => crate::search::index(records.iter().map(|r| (**r).clone()).collect()),
                };
                match files {
                    Ok(files) => {
                        crate::serve::publish_search(&state, files);
                        if pages > 0 {
                            println!(
                                "Indexed {pages} pages for the search in {} ms",
                                start.elapsed().as_millis()
                            );
                        }
                    }
                    Err(e) => eprintln!("warning: the search index could not be made: {e:#}"),
                }
            }
        });
        Reindexer(tx)
    }

    /// Asks for a new index when the pages the search finds changed.
    fn send(&self, preview: &mut Preview) {
        if let Some(records) = preview.take_search_records() {
            self.0.send(records).ok();
        }
    }
}

/// Ctrl-C, or TERM on Unix. The handlers are installed even when the shell that started
/// `serve` ignores these signals (a background job of a script).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).expect("TERM handler");
        let mut int = signal(SignalKind::interrupt()).expect("INT handler");
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
    }
    #[cfg(not(unix))]
    tokio::signal::ctrl_c().await.ok();
}

/// Prints the warnings of the last good build that were not shown before; returns the
/// hashes of all of them (a site may have thousands: they are compared, not formatted).
fn show_new_warnings(preview: &mut Preview, shown: &HashSet<u64>) -> HashSet<u64> {
    let now = preview.warnings();
    let new = now.iter().filter(|w| !shown.contains(&crate::hash::of(w)));
    for w in crate::review::condense(new) {
        eprintln!("warning: {w}");
    }
    now.iter().map(crate::hash::of).collect()
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
