//! The preview HTTP server, on hyper 1 through axum and tokio: serves the in-memory site,
//! live reload over Server-Sent Events (a task per tab, not a thread), and the suggestion
//! form's preview inbox. Every request is bounded (headers, body, time to send the
//! headers and the body, open connections, form bodies read at once, streams), the Host
//! header must be one and name this machine (against DNS rebinding), and nothing outside
//! the built site is served.

mod desk;
mod events;
mod files;
mod form;
mod inbox;

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

pub use events::{CSS, EVENTS_PATH, Hub, RELOAD};
pub use files::{Lookup, Served, inject, mime_type, site_path};
pub use form::{BODY_TIMEOUT, FORM_READS, FormRules, MAX_FORM_BYTES, Required};
pub use inbox::Inbox;

use crate::render::views::{PREVIEW_FORM_ACTION, PREVIEW_SIGNUP_ACTION};

/// Open connections at most. Past it no connection is accepted until one closes: a new one
/// waits in the system's queue, and a stalled one is closed by the time limits, so a flood
/// of stalled requests delays pages by seconds at most instead of locking them out.
pub const MAX_CONNECTIONS: usize = 512;
/// Largest request head (request line and headers) accepted.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;
/// Time a client has to send a request's headers, counted from the connection's start or
/// the end of its previous response: also how long an idle connection is kept.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(5);

/// Shared by the request tasks.
pub struct ServerState {
    /// What is served.
    pub served: RwLock<Served>,
    /// Live-reload connections.
    pub hub: Hub,
    /// The site folder, canonical (static files are served only from inside it).
    pub site_dir: PathBuf,
    /// Where form submissions go.
    pub inbox: Inbox,
    /// Whether the inbox page (`/__frontdesk/inbox/`) is served: only when the server
    /// listens on a loopback address, so no other machine can read customers' messages.
    pub inbox_page: bool,
    /// Form bodies being read: [`FORM_READS`] at most, apart from the connections' limit.
    pub form_reads: Semaphore,
    /// What the served suggestion form requires.
    pub form: RwLock<FormRules>,
    /// The `Host` names this server answers to.
    pub hosts: AllowedHosts,
    /// Messages for the terminal.
    pub log: Box<dyn Fn(String) + Send + Sync>,
}

/// The `Host` header values accepted: loopback names, the bound address, and the names the
/// user allowed with `--allowed-host`. A page on another site that a developer visits can
/// point its own name at 127.0.0.1 (DNS rebinding); its requests carry that name, and are
/// refused.
#[derive(Debug, Clone)]
pub struct AllowedHosts {
    names: Vec<String>,
}

impl AllowedHosts {
    /// `bind`: the address served on; `extra`: `--allowed-host` values.
    pub fn new(bind: &str, extra: &[String]) -> Self {
        let mut names: Vec<String> = ["localhost", "127.0.0.1", "[::1]"]
            .into_iter()
            .map(String::from)
            .collect();
        let bind = match bind.parse::<IpAddr>() {
            Ok(IpAddr::V6(v6)) => format!("[{v6}]"),
            _ => bind.to_string(),
        };
        names.push(bind.to_ascii_lowercase());
        names.extend(extra.iter().map(|h| h.trim().to_ascii_lowercase()));
        AllowedHosts { names }
    }

    /// Whether a `Host` header value (with or without its port) is one of ours.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        let name = match host.rfind(':') {
            // `[::1]:1111` or `name:1111`; a bare IPv6 address has no brackets and is refused.
            Some(i) if host[i + 1..].bytes().all(|b| b.is_ascii_digit()) => &host[..i],
            _ => host.as_str(),
        };
        self.names.iter().any(|n| n == name) || name.ends_with(".localhost")
    }
}

/// The router: events, the form, and every other path from the in-memory site.
pub fn app(state: Arc<ServerState>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events::stream))
        .route(PREVIEW_FORM_ACTION, post(form::submit))
        .route(PREVIEW_SIGNUP_ACTION, post(form::subscribe))
        .route(desk::PATH, get(desk::page))
        .route(desk::REPLY, post(desk::reply))
        .route(desk::DONE, post(desk::done))
        .route(desk::ACT, post(desk::act_on))
        .fallback(files::page)
        .layer(middleware::from_fn_with_state(state.clone(), check_host))
        .with_state(state)
}

/// The `Host` headers of a request.
enum Host {
    /// One, readable.
    One(String),
    /// None, or one that is not text.
    Missing,
    /// More than one: RFC 9112 section 3.2 says to answer 400.
    Many,
}

fn host_of(headers: &HeaderMap) -> Host {
    let mut all = headers.get_all(header::HOST).iter();
    match (all.next().map(|h| h.to_str()), all.next()) {
        (_, Some(_)) => Host::Many,
        (Some(Ok(h)), None) => Host::One(h.to_string()),
        (Some(Err(_)) | None, None) => Host::Missing,
    }
}

/// Refuses requests without exactly one `Host`, or whose `Host` is not this machine (DNS
/// rebinding).
async fn check_host(State(state): State<Arc<ServerState>>, req: Request, next: Next) -> Response {
    match host_of(req.headers()) {
        Host::One(h) if state.hosts.allows(&h) => next.run(req).await,
        Host::One(h) => {
            (state.log)(format!(
                "refused a request for Host `{}`: not this machine (start serve with --allowed-host NAME to allow it)",
                h.escape_debug()
            ));
            text(
                StatusCode::FORBIDDEN,
                "forbidden: this preview answers only to localhost (see --allowed-host)\n",
            )
        }
        Host::Missing => text(StatusCode::BAD_REQUEST, "bad request: no Host header\n"),
        Host::Many => text(
            StatusCode::BAD_REQUEST,
            "bad request: more than one Host header\n",
        ),
    }
}

/// Only pages of this server may open the event stream or post the form: an `Origin`, when
/// sent, must be this server's.
fn same_origin(headers: &HeaderMap) -> bool {
    let get = |name| headers.get(name).and_then(|v| v.to_str().ok());
    match (get(header::ORIGIN), get(header::HOST)) {
        (None, _) => true,
        (Some(origin), Some(host)) => origin == format!("http://{host}"),
        (Some(_), None) => false,
    }
}

fn text(status: StatusCode, body: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

/// Serves `state` on `listener` until `shutdown` is cancelled, then lets the open requests
/// end (live-reload streams end at once) for at most two seconds.
pub async fn serve(listener: TcpListener, state: Arc<ServerState>, shutdown: CancellationToken) {
    let app = app(state.clone());
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        // A free slot first: while all are taken, new connections wait in the system's queue.
        let slot = tokio::select! {
            () = shutdown.cancelled() => break,
            slot = slots.clone().acquire_owned() => slot.expect("the slots are never closed"),
        };
        let accepted = tokio::select! {
            () = shutdown.cancelled() => break,
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            // Out of file descriptors, or a connection reset before it was accepted: wait a
            // moment and go on; the server never stops accepting for good.
            Err(e) => {
                (state.log)(format!("serve: cannot accept a connection: {e}"));
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        stream.set_nodelay(true).ok();
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEAD_TIMEOUT)
            .max_buf_size(MAX_HEAD_BYTES)
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            conn.await.ok();
            drop(slot);
        });
    }
    state.hub.close();
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(Duration::from_secs(2)) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_machine_is_a_host() {
        let h = AllowedHosts::new("127.0.0.1", &["preview.test".into()]);
        for ok in [
            "localhost:1111",
            "LOCALHOST",
            "127.0.0.1:80",
            "[::1]:1111",
            "preview.test:1111",
            "app.localhost:1111",
        ] {
            assert!(h.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "127.0.0.1.evil.example",
            "localhost.evil.example",
            "",
            "::1",
        ] {
            assert!(!h.allows(bad), "{bad}");
        }
        let v6 = AllowedHosts::new("::1", &[]);
        assert!(v6.allows("[::1]:8080"));
        let lan = AllowedHosts::new("192.168.1.5", &[]);
        assert!(lan.allows("192.168.1.5:1111"));
    }
}
