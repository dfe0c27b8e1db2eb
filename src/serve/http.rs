//! The preview HTTP server: serves the in-memory site, live reload over Server-Sent
//! Events, and the suggestion form's preview inbox. Nothing outside the built site is served.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use crate::output::Output;
use crate::render::views::PREVIEW_FORM_ACTION;

/// Where live-reload events are sent.
pub const EVENTS_PATH: &str = "/__frontdesk/events";
/// Largest form submission accepted.
pub const MAX_FORM_BYTES: usize = 64 * 1024;
/// Honeypot field names the theme may use (one per endpoint kind).
const HONEYPOTS: [&str; 3] = ["leave_this_blank", "_gotcha", "bot-field"];

/// The site as served: the last good build and the current error, if any.
#[derive(Default)]
pub struct Served {
    /// Site path -> file.
    pub files: HashMap<String, Arc<Output>>,
    /// The last rebuild's errors, shown over every page until a good rebuild.
    pub error: Option<String>,
    /// Bumped by every rebuild, good or failed; a tab showing an older one reloads.
    pub generation: u64,
}

/// Open live-reload connections.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<String>>>,
}

impl Hub {
    /// Tells every open tab the new generation: `gen` reloads a stale tab, `css` swaps stylesheets.
    pub fn broadcast(&self, event: &str, generation: u64) {
        let msg = format!("event: {event}\ndata: {generation}\n\n");
        self.clients
            .lock()
            .expect("hub lock")
            .retain(|c| c.send(msg.clone()).is_ok());
    }

    fn subscribe(&self, generation: u64) -> Receiver<String> {
        let (tx, rx) = channel();
        tx.send(format!("retry: 500\nevent: gen\ndata: {generation}\n\n"))
            .ok();
        self.clients.lock().expect("hub lock").push(tx);
        rx
    }
}

/// Shared by the request threads.
pub struct ServerState {
    /// What is served.
    pub served: RwLock<Served>,
    /// Live-reload connections.
    pub hub: Hub,
    /// The site folder (for the inbox).
    pub site_dir: PathBuf,
    /// Messages for the terminal.
    pub log: Box<dyn Fn(String) + Send + Sync>,
}

/// Handles requests until the server stops.
pub fn run(server: tiny_http::Server, state: Arc<ServerState>) {
    for request in server.incoming_requests() {
        let state = state.clone();
        std::thread::spawn(move || handle(request, &state));
    }
}

fn handle(mut request: Request, state: &ServerState) {
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("/").to_string();
    let response = if path == EVENTS_PATH {
        return events(request, state);
    } else if path == PREVIEW_FORM_ACTION {
        form(&mut request, state)
    } else if matches!(request.method(), Method::Get | Method::Head) {
        page(&path, state)
    } else {
        text(405, "method not allowed\n").with_header(header("Allow", "GET, HEAD"))
    };
    request.respond(response).ok();
}

fn header(k: &str, v: &str) -> Header {
    Header::from_bytes(k.as_bytes(), v.as_bytes()).expect("valid header")
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body.as_bytes().to_vec())
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// A site path to look up, e.g. `blog/index.html`.
    Site(String),
    /// Something that could reach outside the site: answered 404.
    Outside,
    /// Not a valid path (bad UTF-8): answered 400.
    Bad,
}

/// Maps a request path to a site path, comparing by component, never by string prefix.
pub fn site_path(raw: &str) -> Lookup {
    let lower = raw.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return Lookup::Outside;
    }
    let Ok(decoded) = String::from_utf8(percent_decode(raw.as_bytes())) else {
        return Lookup::Bad;
    };
    if decoded.contains('\\')
        || decoded.contains('\0')
        || !decoded.starts_with('/')
        || decoded.starts_with("//")
    {
        return Lookup::Outside;
    }
    let segments: Vec<&str> = decoded[1..].split('/').collect();
    if segments.iter().any(|s| *s == ".." || *s == ".") {
        return Lookup::Outside;
    }
    let mut key = segments.join("/");
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    Lookup::Site(key)
}

fn percent_decode(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'%' && i + 2 < s.len() {
            let hex = std::str::from_utf8(&s[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(s[i]);
        i += 1;
    }
    out
}

fn page(path: &str, state: &ServerState) -> Response<std::io::Cursor<Vec<u8>>> {
    let key = match site_path(path) {
        Lookup::Bad => return text(400, "bad request: the path is not valid UTF-8\n"),
        Lookup::Outside => return not_found(state),
        Lookup::Site(k) => k,
    };
    let served = state.served.read().expect("served lock");
    let Some(output) = served.files.get(&key).cloned() else {
        let dir_index = format!("{key}/index.html");
        // A folder asked for without its slash: send the browser to it (ASCII only: the
        // raw path goes into a header).
        if served.files.contains_key(&dir_index) && path.bytes().all(|b| b.is_ascii_graphic()) {
            return text(301, "moved\n").with_header(header("Location", &format!("{path}/")));
        }
        drop(served);
        return not_found(state);
    };
    let (error, generation) = (served.error.clone(), served.generation);
    drop(served);
    respond_file(&key, &output, error.as_deref(), generation, 200)
}

fn not_found(state: &ServerState) -> Response<std::io::Cursor<Vec<u8>>> {
    let served = state.served.read().expect("served lock");
    match served.files.get("404.html").cloned() {
        Some(o) => {
            let (error, generation) = (served.error.clone(), served.generation);
            drop(served);
            respond_file("404.html", &o, error.as_deref(), generation, 404)
        }
        // Nothing has built yet: show why, and reload when it does.
        None if served.error.is_some() => {
            let page = b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>frontdesk: the site does not build yet</title></head><body></body></html>";
            let body = inject(page, served.error.as_deref(), served.generation);
            Response::from_data(body)
                .with_status_code(StatusCode(503))
                .with_header(header("Content-Type", "text/html; charset=utf-8"))
                .with_header(header("Cache-Control", "no-store"))
        }
        None => text(404, "not found\n"),
    }
}

fn respond_file(
    key: &str,
    output: &Output,
    error: Option<&str>,
    generation: u64,
    status: u16,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let bytes = match output.body.read() {
        Ok(b) => b.into_owned(),
        Err(_) => return text(404, "not found\n"),
    };
    let mime = mime_type(key);
    let body = if mime.starts_with("text/html") {
        inject(&bytes, error, generation)
    } else {
        bytes
    };
    Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", mime))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

/// The live-reload script and, while a rebuild is failing, the error overlay.
pub fn inject(html: &[u8], error: Option<&str>, generation: u64) -> Vec<u8> {
    let mut extra = RELOAD_SCRIPT.replace("GENERATION", &generation.to_string());
    if let Some(e) = error {
        extra.push_str("<div id=\"frontdesk-error\" role=\"alert\" style=\"position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;background:#fff0f0;color:#5c0000;border-top:4px solid #b00020;font:14px/1.5 ui-monospace,monospace;padding:1rem 1.25rem;white-space:pre-wrap\"><strong>frontdesk: the last change did not build; showing the last good version.</strong>\n");
        pulldown_cmark_escape::escape_html_body_text(&mut extra, e).ok();
        extra.push_str("</div>");
    }
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{extra}").into_bytes(),
    }
}

const RELOAD_SCRIPT: &str = r#"<script>(()=>{let gen="GENERATION";const es=new EventSource("/__frontdesk/events");es.addEventListener("gen",e=>{if(e.data!==gen)location.reload()});es.addEventListener("css",e=>{gen=e.data;for(const l of document.querySelectorAll('link[rel="stylesheet"]')){const u=new URL(l.href);u.searchParams.set("v",gen);l.href=u.href}});})();</script>"#;

/// MIME type from the file name.
pub fn mime_type(key: &str) -> &'static str {
    let ext = key.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "vcf" => "text/vcard; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Only pages of this server may open the event stream or post the form.
fn same_origin(request: &Request) -> bool {
    let get = |name: &str| {
        request
            .headers()
            .iter()
            .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str().to_string())
    };
    match (get("Origin"), get("Host")) {
        (None, _) => true,
        (Some(origin), Some(host)) => origin == format!("http://{host}"),
        (Some(_), None) => false,
    }
}

fn events(request: Request, state: &ServerState) {
    if !same_origin(&request) {
        request
            .respond(text(403, "forbidden: foreign origin\n"))
            .ok();
        return;
    }
    // The current generation at once: a tab that loaded just before a rebuild catches up.
    let generation = state.served.read().expect("served lock").generation;
    let rx = state.hub.subscribe(generation);
    // Written by hand on the raw socket: each event must be flushed as it happens.
    let mut w = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    if w.write_all(head.as_bytes())
        .and_then(|_| w.flush())
        .is_err()
    {
        return;
    }
    loop {
        let msg = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(msg) => msg,
            // A comment now and then notices closed connections.
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if w.write_all(msg.as_bytes()).and_then(|_| w.flush()).is_err() {
            return;
        }
    }
}

fn form(request: &mut Request, state: &ServerState) -> Response<std::io::Cursor<Vec<u8>>> {
    if *request.method() != Method::Post {
        return text(405, "method not allowed: send the form with POST\n")
            .with_header(header("Allow", "POST"));
    }
    if !same_origin(request) {
        return text(403, "forbidden: foreign origin\n");
    }
    if request.body_length().is_some_and(|n| n > MAX_FORM_BYTES) {
        return text(413, "payload too large\n");
    }
    let mut body = Vec::new();
    if request
        .as_reader()
        .take(MAX_FORM_BYTES as u64 + 1)
        .read_to_end(&mut body)
        .is_err()
    {
        return text(400, "bad request\n");
    }
    if body.len() > MAX_FORM_BYTES {
        return text(413, "payload too large\n");
    }
    let mut fields: serde_json::Map<String, serde_json::Value> = serde_json::Map::new();
    for (k, v) in url::form_urlencoded::parse(&body) {
        let v = serde_json::Value::String(v.into_owned());
        match fields.get_mut(k.as_ref()) {
            Some(serde_json::Value::Array(a)) => a.push(v),
            Some(existing) => *existing = serde_json::Value::Array(vec![existing.clone(), v]),
            None => {
                fields.insert(k.into_owned(), v);
            }
        }
    }
    let spam = HONEYPOTS.iter().any(|h| {
        fields
            .get(*h)
            .is_some_and(|v| v.as_str().is_none_or(|s| !s.is_empty()))
    });
    if spam {
        (state.log)("form: dropped a submission with the honeypot filled".into());
    } else {
        for h in HONEYPOTS {
            fields.remove(h);
        }
        match append_inbox(&state.site_dir, &fields) {
            Ok(path) => (state.log)(format!(
                "form: suggestion received ({} fields) -> {}",
                fields.len(),
                path.display()
            )),
            Err(e) => {
                (state.log)(format!("form: could not save the suggestion: {e}"));
                return text(500, "could not save the suggestion\n");
            }
        }
    }
    text(303, "see other\n").with_header(header("Location", "/suggestions/thanks/"))
}

/// Appends one JSON line to `SITE/.frontdesk/inbox.jsonl`.
pub fn append_inbox(
    site_dir: &Path,
    fields: &serde_json::Map<String, serde_json::Value>,
) -> std::io::Result<PathBuf> {
    let dir = site_dir.join(".frontdesk");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("inbox.jsonl");
    let line = serde_json::json!({ "received": chrono::Utc::now().to_rfc3339(), "fields": fields });
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)?;
    writeln!(f, "{line}")?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a%2f..%2fb",
            "/a\\b",
            "//etc/passwd",
            "/%5c..",
            "/./x",
        ] {
            assert_eq!(site_path(bad), Lookup::Outside, "{bad}");
        }
        assert_eq!(site_path("/%ff"), Lookup::Bad);
        assert_eq!(site_path("/"), Lookup::Site("index.html".into()));
        assert_eq!(site_path("/blog/"), Lookup::Site("blog/index.html".into()));
        assert_eq!(site_path("/caf%C3%A9.png"), Lookup::Site("café.png".into()));
    }

    #[test]
    fn overlay_is_escaped() {
        let out = String::from_utf8(inject(
            b"<html><body>x</body></html>",
            Some("posts/a.md:1:1: <script>"),
            3,
        ))
        .unwrap();
        assert!(out.contains("&lt;script&gt;"));
        assert!(out.ends_with("</div></body></html>"));
    }
}
