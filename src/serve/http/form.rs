//! The suggestion form while previewing: each accepted submission becomes one JSON line of
//! `SITE/.frontdesk/inbox.jsonl`, written whole under a lock before the browser is sent on;
//! a submission missing a required answer is refused with the form page and a message, as
//! a real endpoint would. A body is read only when it may be: announced small enough,
//! one of few read at once, and arriving in time.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use super::files::{Served, inject_notice};
use super::{ServerState, same_origin, text};
use crate::render::views::{HONEYPOT_MAILCHIMP_PREFIX, HONEYPOT_WEBSITE, HONEYPOTS, NEXT};

/// Largest form submission accepted (one announced larger is answered 413 from its
/// headers, without reading a byte of it).
pub const MAX_FORM_BYTES: usize = 64 * 1024;
/// Time a form's body has to arrive once its headers are in; then it is answered 408.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(5);
/// Form bodies read at once; a post past them is answered 503 at once, so stalled posts
/// hold a few connections for [`BODY_TIMEOUT`] at most.
pub const FORM_READS: usize = 4;
/// The page a refused submission is shown on, and where an accepted one is sent.
const FORM_PAGE: &str = "suggestions/index.html";
const THANKS: &str = "/suggestions/thanks/";
/// The newsletter's signup page and where an accepted signup is sent.
const SIGNUP_PAGE: &str = "newsletter/index.html";
const SIGNUP_THANKS: &str = "/newsletter/thanks/";

/// A question the form requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Required {
    /// The field name.
    pub name: String,
    /// Its label, for the message.
    pub label: String,
}

/// What the served form requires, updated with every good rebuild.
#[derive(Debug, Default, Clone)]
pub struct FormRules {
    /// The required questions.
    pub required: Vec<Required>,
}

/// One of the preview's forms: what it is called in the log, its traps for bots, the
/// answers it cannot go without, and where it leads.
struct Form {
    /// The log's prefix.
    log: &'static str,
    /// What one submission is, in the log and errors.
    what: &'static str,
    /// The page shown again when an answer is missing.
    page: &'static str,
    /// Where a received (or silently dropped) submission goes.
    thanks: &'static str,
    /// Field names that are bots' traps (left empty by people).
    trap: fn(&str) -> bool,
    /// The labels of required answers left empty.
    missing: fn(&ServerState, &Fields) -> Vec<String>,
    /// A field added to what is saved, naming the form.
    mark: Option<(&'static str, &'static str)>,
    /// The answer when the inbox cannot be written.
    unsaved: &'static str,
}

type Fields = serde_json::Map<String, serde_json::Value>;

/// The hidden fields that mark a submission as another form's than the suggestion form's.
const OTHER_FORMS: [&str; 2] = [
    crate::content::surveys::FIELD,
    crate::content::update::FIELD,
];

const SUGGESTIONS: Form = Form {
    log: "form",
    what: "suggestion",
    page: FORM_PAGE,
    thanks: THANKS,
    trap: |k| HONEYPOTS.contains(&k),
    missing: |state, fields| {
        // A survey's answers and new details come here too: the suggestion form's
        // required questions are not theirs (the browser checks their own).
        if OTHER_FORMS.iter().any(|f| fields.contains_key(*f)) {
            return Vec::new();
        }
        let rules = state.form.read().expect("form lock");
        rules
            .required
            .iter()
            .filter(|q| !answered(fields.get(&q.name)))
            .map(|q| q.label.clone())
            .collect()
    },
    mark: None,
    unsaved: "could not save the suggestion\n",
};

/// The newsletter signup, with every provider's traps (Mailchimp's `b_...`, `website`).
const SIGNUP: Form = Form {
    log: "newsletter",
    what: "signup",
    page: SIGNUP_PAGE,
    thanks: SIGNUP_THANKS,
    trap: |k| {
        HONEYPOTS.contains(&k) || k.starts_with(HONEYPOT_MAILCHIMP_PREFIX) || k == HONEYPOT_WEBSITE
    },
    missing: |_, fields| {
        if answered(fields.get("email")) || answered(fields.get("EMAIL")) {
            Vec::new()
        } else {
            vec!["Email address".to_string()]
        }
    },
    mark: Some(("form", "newsletter")),
    unsaved: "could not save the signup\n",
};

/// `POST /__frontdesk/suggestions`.
pub async fn submit(State(state): State<Arc<ServerState>>, req: Request) -> Response {
    receive(&state, req, &SUGGESTIONS).await
}

/// `POST /__frontdesk/newsletter`: the newsletter signup while previewing, kept in the same
/// inbox (marked `"form": "newsletter"`) instead of reaching the provider.
pub async fn subscribe(State(state): State<Arc<ServerState>>, req: Request) -> Response {
    receive(&state, req, &SIGNUP).await
}

/// Takes one submission of `form`: refuses a foreign origin, reads the body within its
/// limits, drops it quietly when a trap is filled, shows the page again when a required
/// answer is missing, else saves it to the inbox before answering.
async fn receive(state: &Arc<ServerState>, req: Request, form: &'static Form) -> Response {
    let (parts, body) = req.into_parts();
    if !same_origin(&parts.headers) {
        return closing(StatusCode::FORBIDDEN, "forbidden: foreign origin\n");
    }
    let body = match read_body(state, &parts.headers, body).await {
        Ok(body) => body,
        Err(refused) => {
            (state.log)(format!(
                "{}: refused a {}: {}",
                form.log, form.what, refused.why
            ));
            return refused.answer;
        }
    };
    fill(state, &body, form).await
}

/// A body not read, with the answer and the log's reason.
struct Unread {
    answer: Response,
    why: &'static str,
}

impl Unread {
    fn new(status: StatusCode, answer: &'static str, why: &'static str) -> Self {
        Unread {
            answer: closing(status, answer),
            why,
        }
    }
}

/// The body of a form post, read only when it may be: one announced over [`MAX_FORM_BYTES`]
/// is refused from its headers (no `100 Continue` is sent), one past the [`FORM_READS`]
/// being read is refused at once, and one that has not all arrived within
/// [`BODY_TIMEOUT`] is given up.
async fn read_body(
    state: &ServerState,
    headers: &HeaderMap,
    body: Body,
) -> Result<Vec<u8>, Unread> {
    let too_large = || {
        Unread::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload too large: a form is at most 64 KiB\n",
            "its body is over 64 KiB",
        )
    };
    if announced_length(headers).is_some_and(|n| n > MAX_FORM_BYTES as u64) {
        return Err(too_large());
    }
    let Ok(_reading) = state.form_reads.try_acquire() else {
        let mut busy = Unread::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy: other forms are being received; try again\n",
            "other forms were being received",
        );
        busy.answer
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return Err(busy);
    };
    match tokio::time::timeout(BODY_TIMEOUT, collect_at_most(body, MAX_FORM_BYTES)).await {
        Ok(Ok(Some(bytes))) => Ok(bytes),
        Ok(Ok(None)) => Err(too_large()),
        Ok(Err(_)) => Err(Unread::new(
            StatusCode::BAD_REQUEST,
            "bad request: the body was cut off\n",
            "its body was cut off",
        )),
        Err(_) => Err(Unread::new(
            StatusCode::REQUEST_TIMEOUT,
            "request timeout: the form's body did not arrive in time\n",
            "its body did not arrive in time",
        )),
    }
}

/// The `Content-Length` a request announces (hyper has checked that it is one number).
fn announced_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// The whole body, or None as soon as it is past `limit` bytes.
async fn collect_at_most(body: Body, limit: usize) -> Result<Option<Vec<u8>>, axum::Error> {
    let mut frames = body.into_data_stream();
    let mut bytes = Vec::new();
    while let Some(chunk) = frames.next().await {
        let chunk = chunk?;
        if bytes.len() + chunk.len() > limit {
            return Ok(None);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Some(bytes))
}

/// `text` that also ends the connection: what is left of the request is never read.
fn closing(status: StatusCode, body: &'static str) -> Response {
    let mut answer = text(status, body);
    answer
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    answer
}

/// What to do with a submission of `form` whose body has been read.
async fn fill(state: &Arc<ServerState>, body: &[u8], form: &'static Form) -> Response {
    let mut fields = parse(body);
    let spam = fields
        .iter()
        .any(|(k, v)| (form.trap)(k) && v.as_str().is_none_or(|s| !s.is_empty()));
    if spam {
        (state.log)(format!(
            "{}: dropped a {} with the honeypot filled",
            form.log, form.what
        ));
        return see_other(form.thanks);
    }
    fields.retain(|k, _| !(form.trap)(k));
    // Where the form asks to send the customer on (its own thank-you page), kept out of
    // what is saved; only a path of this site.
    let next = match fields.remove(NEXT) {
        Some(serde_json::Value::String(p)) if is_site_path(&p) => p,
        _ => form.thanks.to_string(),
    };
    let missing = (form.missing)(state, &fields);
    if !missing.is_empty() {
        (state.log)(format!(
            "{}: refused a {} without {}",
            form.log,
            form.what,
            missing.join(", ")
        ));
        return refused_on(state, form.page, &missing);
    }
    if let Some((k, v)) = form.mark {
        fields.insert(k.into(), v.into());
    }
    let n = fields.len();
    let inbox_state = state.clone();
    let saved = tokio::task::spawn_blocking(move || inbox_state.inbox.append(&fields)).await;
    match saved {
        Ok(Ok(())) => {
            (state.log)(format!(
                "{}: {} received ({n} fields) -> {}",
                form.log,
                form.what,
                state.inbox.path().display()
            ));
            see_other(&next)
        }
        Ok(Err(e)) => {
            (state.log)(format!(
                "{}: could not save the {}: {e}",
                form.log, form.what
            ));
            text(StatusCode::INTERNAL_SERVER_ERROR, form.unsaved)
        }
        Err(_) => text(StatusCode::INTERNAL_SERVER_ERROR, form.unsaved),
    }
}

/// Form fields; a name sent twice (checkboxes) becomes a list.
fn parse(body: &[u8]) -> serde_json::Map<String, serde_json::Value> {
    let mut fields = serde_json::Map::new();
    for (k, v) in url::form_urlencoded::parse(body) {
        let v = serde_json::Value::String(v.into_owned());
        match fields.get_mut(k.as_ref()) {
            Some(serde_json::Value::Array(a)) => a.push(v),
            Some(existing) => *existing = serde_json::Value::Array(vec![existing.take(), v]),
            None => {
                fields.insert(k.into_owned(), v);
            }
        }
    }
    fields
}

fn answered(value: Option<&serde_json::Value>) -> bool {
    match value {
        Some(serde_json::Value::String(s)) => !s.trim().is_empty(),
        Some(serde_json::Value::Array(a)) => a
            .iter()
            .any(|v| v.as_str().is_some_and(|s| !s.trim().is_empty())),
        _ => false,
    }
}

fn see_other(location: &str) -> Response {
    let Ok(location) = HeaderValue::from_str(location) else {
        return text(StatusCode::INTERNAL_SERVER_ERROR, "no page to go on to\n");
    };
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location)],
        "see other\n",
    )
        .into_response()
}

/// A path of this site (`/update/thanks/`): never another host (`//x`, `/\\x`), a
/// scheme, or a character a header cannot carry.
fn is_site_path(p: &str) -> bool {
    p.starts_with('/')
        && !p.starts_with("//")
        && p.len() <= 512
        && p.bytes().all(|b| b.is_ascii_graphic() && b != b'\\')
}

/// `page` again, answered 422, with a message naming what is missing.
fn refused_on(state: &ServerState, page: &str, missing: &[String]) -> Response {
    let message = format!("Please answer: {}.", missing.join("; "));
    let served = state.served.read().expect("served lock");
    let page = served_page(&served, page);
    let generation = served.generation;
    drop(served);
    match page {
        Some(html) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            inject_notice(&html, &message, generation),
        )
            .into_response(),
        None => (StatusCode::UNPROCESSABLE_ENTITY, format!("{message}\n")).into_response(),
    }
}

fn served_page(served: &Served, key: &str) -> Option<Vec<u8>> {
    let output = served.files.get(key)?;
    output.body.read().ok().map(|b| b.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_names_become_lists_and_blank_is_unanswered() {
        let f = parse(b"a=1&b=x&b=y&c=+&d=");
        assert_eq!(f["b"], serde_json::json!(["x", "y"]));
        assert!(answered(f.get("a")));
        assert!(answered(f.get("b")));
        assert!(!answered(f.get("c")));
        assert!(!answered(f.get("d")));
        assert!(!answered(f.get("e")));
    }

    #[test]
    fn a_form_goes_on_to_a_page_of_this_site_only() {
        assert!(is_site_path("/update/thanks/"));
        assert!(is_site_path("/fr/surveys/autumn/thanks/"));
        for p in [
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example/",
            "update/thanks/",
            "/a b/",
            "/a\r\nSet-Cookie: x=1",
            "",
        ] {
            assert!(!is_site_path(p), "{p:?}");
        }
    }
}
