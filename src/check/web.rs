//! Checking links to other sites: every distinct URL once, `HEAD` then `GET` when a server
//! refuses `HEAD`, redirects followed one by one (so a permanent move can be reported with
//! its new address), at most a few requests at a time per host with a pause between them,
//! `Retry-After` respected on 429, one timeout per request and one for the whole run.
//! Answers that will not change by tomorrow are kept for a day in the build cache.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use reqwest::{Method, StatusCode, header};
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;

/// How to check.
#[derive(Debug, Clone)]
pub struct Options {
    /// Longest wait for one answer.
    pub timeout: Duration,
    /// Longest the whole check may take; URLs not checked by then are reported so.
    pub total: Duration,
    /// Requests at once to one host.
    pub per_host: usize,
    /// Pause between two requests to one host.
    pub delay: Duration,
    /// Longest `Retry-After` waited for (a longer one is reported instead).
    pub max_retry_after: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            timeout: Duration::from_secs(10),
            total: Duration::from_secs(300),
            per_host: 2,
            delay: Duration::from_millis(250),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

/// What a URL answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Outcome {
    /// It works.
    Ok {
        /// The final status.
        status: u16,
    },
    /// It works, but has moved for good: the link should name the new address.
    Moved {
        /// The first (permanent) redirect's status.
        status: u16,
        /// Where it ends.
        to: String,
    },
    /// It does not work.
    Broken {
        /// The status, when the server answered.
        status: Option<u16>,
        /// What happened, in plain words.
        why: String,
    },
}

impl Outcome {
    /// An answer that will still hold tomorrow (not a timeout, a 5xx or a 429).
    fn lasting(&self) -> bool {
        match self {
            Outcome::Ok { .. } | Outcome::Moved { .. } => true,
            Outcome::Broken { status, .. } => matches!(status, Some(404 | 410)),
        }
    }
}

/// Answers kept in the build cache for a day.
pub struct WebCache {
    file: Option<PathBuf>,
    entries: HashMap<String, (u64, Outcome)>,
}

/// A day, in seconds.
const DAY: u64 = 24 * 60 * 60;

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[derive(Serialize, Deserialize)]
struct CacheFile {
    format: u32,
    entries: HashMap<String, (u64, Outcome)>,
}

impl WebCache {
    /// Reads `DIR/web-links.json` in the build cache (none: nothing is kept). A damaged
    /// file is ignored.
    pub fn open(dir: Option<&crate::cache::CacheDir>) -> WebCache {
        let file = dir.map(|d| d.path().join("web-links.json"));
        let entries = file
            .as_ref()
            .and_then(|f| crate::cache::dir::read(f).ok())
            .and_then(|b| serde_json::from_slice::<CacheFile>(&b).ok())
            .filter(|c| c.format == 1)
            .map(|c| c.entries)
            .unwrap_or_default();
        WebCache { file, entries }
    }

    /// The answer `url` gave within the last day.
    pub fn get(&self, url: &str) -> Option<&Outcome> {
        let (when, outcome) = self.entries.get(url)?;
        (now_secs().saturating_sub(*when) < DAY).then_some(outcome)
    }

    /// Keeps the lasting answers and writes the file (whole, or not at all).
    pub fn save(mut self, fresh: &HashMap<String, Outcome>) -> std::io::Result<()> {
        let Some(file) = self.file.take() else {
            return Ok(());
        };
        let now = now_secs();
        self.entries
            .retain(|_, (when, _)| now.saturating_sub(*when) < DAY);
        for (url, outcome) in fresh {
            if outcome.lasting() {
                self.entries.insert(url.clone(), (now, outcome.clone()));
            }
        }
        let body = CacheFile {
            format: 1,
            entries: self.entries,
        };
        crate::cache::dir::write_whole(
            &file,
            &serde_json::to_vec(&body).map_err(std::io::Error::other)?,
        )
    }
}

/// One host's turn-taking: a few requests at once, a pause between them.
struct Host {
    permits: Semaphore,
    next: tokio::sync::Mutex<tokio::time::Instant>,
}

impl Host {
    async fn turn(&self, delay: Duration) {
        let mut next = self.next.lock().await;
        tokio::time::sleep_until(*next).await;
        *next = tokio::time::Instant::now() + delay;
    }
}

/// Checks `urls` (each once), calling `done` after each; URLs not answered within
/// `opts.total` are missing from the result.
pub fn check(
    urls: &[String],
    opts: &Options,
    done: &(dyn Fn() + Sync),
) -> anyhow::Result<HashMap<String, Outcome>> {
    // reqwest is built without a default crypto provider: ring (no C toolchain beyond a
    // compiler, no cmake) is installed here, once per process.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(opts.timeout)
        .user_agent(concat!("frontdesk-check/", env!("CARGO_PKG_VERSION")))
        .build()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let results: Mutex<HashMap<String, Outcome>> = Mutex::default();
    let hosts: Mutex<HashMap<String, Arc<Host>>> = Mutex::default();
    let all = Semaphore::new(16);
    runtime.block_on(async {
        let jobs = urls.iter().map(|url| {
            let (client, results, hosts, all) = (&client, &results, &hosts, &all);
            async move {
                let key = reqwest::Url::parse(url)
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_lowercase))
                    .unwrap_or_default();
                let host = hosts
                    .lock()
                    .expect("hosts")
                    .entry(key)
                    .or_insert_with(|| {
                        Arc::new(Host {
                            permits: Semaphore::new(opts.per_host.max(1)),
                            next: tokio::sync::Mutex::new(tokio::time::Instant::now()),
                        })
                    })
                    .clone();
                let _global = all.acquire().await;
                let _turn = host.permits.acquire().await;
                let outcome = check_one(client, url, &host, opts).await;
                results
                    .lock()
                    .expect("results")
                    .insert(url.clone(), outcome);
                done();
            }
        });
        // Past the whole run's time, what was not answered stays out of the result.
        let _ = tokio::time::timeout(opts.total, futures_util::future::join_all(jobs)).await;
    });
    runtime.shutdown_background();
    Ok(results.into_inner().expect("results"))
}

async fn check_one(client: &reqwest::Client, url: &str, host: &Host, opts: &Options) -> Outcome {
    let mut current = url.to_string();
    let mut permanent: Option<u16> = None;
    let mut chain: Vec<String> = Vec::new();
    let mut retries = 0;
    loop {
        host.turn(opts.delay).await;
        let mut answer = client.request(Method::HEAD, &current).send().await;
        if let Ok(r) = &answer
            && matches!(r.status().as_u16(), 403 | 405 | 501)
        {
            // Some servers refuse HEAD: ask again with GET.
            host.turn(opts.delay).await;
            answer = client.request(Method::GET, &current).send().await;
        }
        let r = match answer {
            Ok(r) => r,
            Err(e) => {
                return Outcome::Broken {
                    status: None,
                    why: with_chain(&chain, failure(&e, opts.timeout)),
                };
            }
        };
        let status = r.status();
        if status.is_redirection()
            && let Some(next) = r
                .headers()
                .get(header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .and_then(|l| reqwest::Url::parse(&current).ok()?.join(l).ok())
        {
            if chain.len() >= 10 {
                return Outcome::Broken {
                    status: Some(status.as_u16()),
                    why: "more than 10 redirects".into(),
                };
            }
            if chain.is_empty() && matches!(status.as_u16(), 301 | 308) {
                permanent = Some(status.as_u16());
            }
            chain.push(format!("{} -> {next}", status.as_u16()));
            current = next.to_string();
            continue;
        }
        if status == StatusCode::TOO_MANY_REQUESTS && retries < 2 {
            let wait = retry_after(&r);
            if let Some(wait) = wait.filter(|w| *w <= opts.max_retry_after) {
                retries += 1;
                tokio::time::sleep(wait).await;
                continue;
            }
        }
        return if status.is_success() {
            match permanent {
                Some(s) => Outcome::Moved {
                    status: s,
                    to: current,
                },
                None => Outcome::Ok {
                    status: status.as_u16(),
                },
            }
        } else {
            let reason = status.canonical_reason().unwrap_or("");
            Outcome::Broken {
                status: Some(status.as_u16()),
                why: with_chain(
                    &chain,
                    format!("{} {reason}", status.as_u16()).trim().to_string(),
                ),
            }
        };
    }
}

fn with_chain(chain: &[String], what: String) -> String {
    if chain.is_empty() {
        what
    } else {
        format!("{}, then {what}", chain.join(", "))
    }
}

/// `Retry-After` in seconds (a date is not waited for).
fn retry_after(r: &reqwest::Response) -> Option<Duration> {
    r.headers()
        .get(header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

/// A request that got no answer, in plain words.
fn failure(e: &reqwest::Error, timeout: Duration) -> String {
    if e.is_timeout() {
        format!("no answer within {} s", timeout.as_secs_f32())
    } else if e.is_connect() {
        "cannot connect to the server".into()
    } else {
        "the connection failed before an answer came (reset or closed)".into()
    }
}
