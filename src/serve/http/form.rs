//! The suggestion form while previewing: each accepted submission becomes one JSON line of
//! `SITE/.frontdesk/inbox.jsonl`, written whole under a lock before the browser is sent on;
//! a submission missing a required answer is refused with the form page and a message, as
//! a real endpoint would.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::files::{Served, inject_notice};
use super::{ServerState, same_origin, text};
use crate::render::views::HONEYPOTS;

/// Largest form submission accepted (a larger one is answered 413 without reading it).
pub const MAX_FORM_BYTES: usize = 64 * 1024;
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

/// The preview inbox: one writer at a time, one `write` per submission.
pub struct Inbox {
    path: PathBuf,
    lock: Mutex<()>,
}

impl Inbox {
    /// The inbox of `site_dir`: `SITE/.frontdesk/inbox.jsonl`.
    pub fn new(site_dir: &Path) -> Self {
        Inbox {
            path: site_dir.join(".frontdesk").join("inbox.jsonl"),
            lock: Mutex::new(()),
        }
    }

    /// Where submissions go.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one whole line (JSON with the time received) and returns once it is written.
    pub fn append(
        &self,
        fields: &serde_json::Map<String, serde_json::Value>,
    ) -> std::io::Result<()> {
        let record =
            serde_json::json!({ "received": chrono::Utc::now().to_rfc3339(), "fields": fields });
        let mut line = serde_json::to_vec(&record)?;
        line.push(b'\n');
        let _one_writer = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        std::fs::create_dir_all(self.path.parent().expect("inbox in a folder"))?;
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        // One write of the whole line: an O_APPEND write is never interleaved with another's.
        f.write_all(&line)?;
        f.flush()
    }
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

const SUGGESTIONS: Form = Form {
    log: "form",
    what: "suggestion",
    page: FORM_PAGE,
    thanks: THANKS,
    trap: |k| HONEYPOTS.contains(&k),
    missing: |state, fields| {
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
    trap: |k| HONEYPOTS.contains(&k) || k.starts_with("b_") || k == "website",
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
pub async fn submit(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    receive(&state, &headers, &body, &SUGGESTIONS).await
}

/// `POST /__frontdesk/newsletter`: the newsletter signup while previewing, kept in the same
/// inbox (marked `"form": "newsletter"`) instead of reaching the provider.
pub async fn subscribe(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    receive(&state, &headers, &body, &SIGNUP).await
}

/// Takes one submission of `form`: refuses a foreign origin, drops it quietly when a trap
/// is filled, shows the page again when a required answer is missing, else saves it to the
/// inbox before answering.
async fn receive(
    state: &Arc<ServerState>,
    headers: &HeaderMap,
    body: &[u8],
    form: &'static Form,
) -> Response {
    if !same_origin(headers) {
        return text(StatusCode::FORBIDDEN, "forbidden: foreign origin\n");
    }
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
            see_other(form.thanks)
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

fn see_other(location: &'static str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location)],
        "see other\n",
    )
        .into_response()
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
}
