//! The in-memory site over HTTP: request paths mapped to site paths by component (never
//! outside the site), pages with the live-reload script and the error overlay, and static
//! files read from the site folder at the moment they are served, only when they still
//! resolve inside it.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{ServerState, text};
use crate::output::{Body as OutputBody, Output};

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

/// Every path but the server's own: the site's files.
pub async fn page(State(state): State<Arc<ServerState>>, req: Request) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        let mut r = text(StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let path = req.uri().path();
    let key = match site_path(path) {
        Lookup::Bad => {
            return text(
                StatusCode::BAD_REQUEST,
                "bad request: the path is not valid UTF-8\n",
            );
        }
        Lookup::Outside => return not_found(&state).await,
        Lookup::Site(k) => k,
    };
    let found = {
        let served = state.served.read().expect("served lock");
        match served.files.get(&key).cloned() {
            Some(o) => Ok((o, served.error.clone(), served.generation)),
            // A folder asked for without its slash: send the browser to it (ASCII only:
            // the raw path goes into a header).
            None => Err(served.files.contains_key(&format!("{key}/index.html"))
                && path.bytes().all(|b| b.is_ascii_graphic())),
        }
    };
    match found {
        Ok((output, error, generation)) => {
            respond_file(
                &state,
                &key,
                &output,
                error.as_deref(),
                generation,
                StatusCode::OK,
            )
            .await
        }
        Err(true) => (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, format!("{path}/"))],
            "moved\n",
        )
            .into_response(),
        Err(false) => not_found(&state).await,
    }
}

async fn not_found(state: &ServerState) -> Response {
    let (page, error, generation) = {
        let served = state.served.read().expect("served lock");
        (
            served.files.get("404.html").cloned(),
            served.error.clone(),
            served.generation,
        )
    };
    match (page, error) {
        (Some(o), error) => {
            respond_file(
                state,
                "404.html",
                &o,
                error.as_deref(),
                generation,
                StatusCode::NOT_FOUND,
            )
            .await
        }
        // Nothing has built yet: show why, and reload when it does.
        (None, Some(error)) => {
            let page = b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>frontdesk: the site does not build yet</title></head><body></body></html>";
            html(
                StatusCode::SERVICE_UNAVAILABLE,
                inject(page, Some(&error), generation),
            )
        }
        (None, None) => text(StatusCode::NOT_FOUND, "not found\n"),
    }
}

fn html(status: StatusCode, body: Vec<u8>) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

async fn respond_file(
    state: &ServerState,
    key: &str,
    output: &Output,
    error: Option<&str>,
    generation: u64,
    status: StatusCode,
) -> Response {
    let mime = mime_type(key);
    let response = match &output.body {
        OutputBody::Bytes(b) if mime.starts_with("text/html") => {
            return html(status, inject(b, error, generation));
        }
        OutputBody::Static(b) if mime.starts_with("text/html") => {
            return html(status, inject(b, error, generation));
        }
        OutputBody::Bytes(b) => (status, b.clone()).into_response(),
        OutputBody::Static(b) => (status, *b).into_response(),
        OutputBody::File(p) => match open_inside(&state.site_dir, p).await {
            Some((mut file, _)) if mime.starts_with("text/html") => {
                let mut bytes = Vec::new();
                if tokio::io::AsyncReadExt::read_to_end(&mut file, &mut bytes)
                    .await
                    .is_err()
                {
                    return text(StatusCode::NOT_FOUND, "not found\n");
                }
                return html(status, inject(&bytes, error, generation));
            }
            Some((file, len)) => {
                let body = Body::from_stream(tokio_util::io::ReaderStream::new(file));
                let mut r = (status, body).into_response();
                r.headers_mut().insert(header::CONTENT_LENGTH, len.into());
                r
            }
            None => return text(StatusCode::NOT_FOUND, "not found\n"),
        },
    };
    (
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "no-store"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        response,
    )
        .into_response()
}

/// Opens a static file of the site, checked now and not only when the site was scanned:
/// a file replaced by a symbolic link to outside the site (or a folder on the way made
/// one) is refused. The path opened is the resolved one, so what is checked is what is
/// read.
async fn open_inside(site_dir: &Path, path: &Path) -> Option<(tokio::fs::File, u64)> {
    let real = tokio::fs::canonicalize(path).await.ok()?;
    if !real.starts_with(site_dir) {
        return None;
    }
    let file = tokio::fs::File::open(&real).await.ok()?;
    let meta = file.metadata().await.ok()?;
    meta.is_file().then_some((file, meta.len()))
}

/// The live-reload script and, while a rebuild is failing, the error overlay.
pub fn inject(html: &[u8], error: Option<&str>, generation: u64) -> Vec<u8> {
    let mut extra = reload_script(generation);
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

/// A page with the live-reload script and a notice shown above its form (a submission
/// the preview refused, and why).
pub fn inject_notice(html: &[u8], message: &str, generation: u64) -> Vec<u8> {
    let mut notice = String::from(
        "<p id=\"frontdesk-notice\" role=\"alert\" style=\"border:2px solid #b00020;background:#fff0f0;color:#5c0000;padding:.75rem 1rem;font-weight:600\">",
    );
    pulldown_cmark_escape::escape_html_body_text(&mut notice, message).ok();
    notice.push_str("</p>");
    let text = String::from_utf8_lossy(html);
    let at = text.find("<form").unwrap_or(0);
    let page = format!("{}{notice}{}", &text[..at], &text[at..]);
    inject(page.as_bytes(), None, generation)
}

/// The live-reload script: the event names and path are the server's own constants.
fn reload_script(generation: u64) -> String {
    use super::events::{CSS, EVENTS_PATH, RELOAD};
    format!(
        r#"<script>(()=>{{let gen="{generation}";const es=new EventSource("{EVENTS_PATH}");es.addEventListener("{RELOAD}",e=>{{if(e.data!==gen)location.reload()}});es.addEventListener("{CSS}",e=>{{gen=e.data;for(const l of document.querySelectorAll('link[rel="stylesheet"]')){{const u=new URL(l.href);u.searchParams.set("v",gen);l.href=u.href}}}});}})();</script>"#
    )
}

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
