//! The preview's inbox page, `/__frontdesk/inbox/`: what waits for an answer (the list of
//! `frontdesk inbox`), with buttons that write a reply draft and mark a message answered,
//! and a `mailto:` link for each. Served only when the preview listens on a loopback
//! address; the buttons are plain forms (no JavaScript), and their posts must come from
//! this server's own pages (the Host and Origin rules of the preview).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use axum::extract::{Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use html_escape::{encode_double_quoted_attribute as attr, encode_text as esc};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use super::ServerState;
use crate::feedback::{self, actions, drafts, store::Store};

/// The page.
pub const PATH: &str = "/__frontdesk/inbox/";
/// Where the "Write a reply draft" button posts.
pub const REPLY: &str = "/__frontdesk/inbox/reply";
/// Where the "Mark answered" button posts.
pub const DONE: &str = "/__frontdesk/inbox/done";
/// Where the "Add to You said, we did" form posts.
pub const ACT: &str = "/__frontdesk/inbox/act";

/// `GET /__frontdesk/inbox/[?note=...]`.
pub async fn page(
    State(state): State<Arc<ServerState>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if !state.inbox_page {
        return not_here();
    }
    let site_dir = state.site_dir.clone();
    let note = q.get("note").cloned();
    match tokio::task::spawn_blocking(move || render(&site_dir, note.as_deref())).await {
        Ok(Ok(html)) => {
            let mut r = (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                html,
            )
                .into_response();
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            r
        }
        Ok(Err(e)) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("the inbox cannot be read: {e:#}\n"),
        )
            .into_response(),
        Err(_) => super::text(StatusCode::INTERNAL_SERVER_ERROR, "the inbox failed\n"),
    }
}

/// `POST /__frontdesk/inbox/reply`: writes the reply draft of `id`.
pub async fn reply(State(state): State<Arc<ServerState>>, req: Request) -> Response {
    act(state, req, |site_dir, store, id, _| {
        let (path, m) = actions::reply(site_dir, store, id)?;
        Ok(format!(
            "#{id}: a reply draft to {} is in {}; write your own answer in its marked place, send it, then mark it answered.",
            m.who(),
            path.display()
        ))
    })
    .await
}

/// `POST /__frontdesk/inbox/done`: marks `id` answered (refused while its draft holds
/// the place for the owner's own words).
pub async fn done(State(state): State<Arc<ServerState>>, req: Request) -> Response {
    act(state, req, |_, store, id, _| {
        let (at, m) = actions::done(store, id)?;
        Ok(format!("#{id} from {}: marked answered at {at}.", m.who()))
    })
    .await
}

/// `POST /__frontdesk/inbox/act`: adds what the owner changed (`we_did`, and `you_said`
/// in their words when the customer did not let them quote) to "You said, we did", and
/// writes the thank-you draft: `frontdesk inbox act`.
pub async fn act_on(State(state): State<Arc<ServerState>>, req: Request) -> Response {
    act(state, req, |site_dir, store, id, fields| {
        let we_did = fields.get("we_did").map_or("", |s| s.as_str());
        let you_said = (fields.get("you_said"))
            .map(|s| s.trim())
            .filter(|s| !s.is_empty());
        actions::act(site_dir, store, id, we_did, you_said)
            .map(|done| {
                format!(
                    "{}; the preview shows it on /you-said-we-did/.",
                    done.replace('\n', "; ")
                )
            })
            .map_err(|e| {
                // Said as the page's fields are named, not as the command's options.
                anyhow::anyhow!(
                    "{}",
                    format!("{e:#}")
                        .replace("--we-did", "\"What you changed\"")
                        .replace("with --you-said \"...\"", "in \"What they asked\"")
                )
            })
    })
    .await
}

/// The fields of a posted form.
type Fields = HashMap<String, String>;

type Action = fn(&Path, &mut Store, i64, &Fields) -> anyhow::Result<String>;

/// Runs `action` on the message a button posted, then sends the browser back to the page
/// with what happened.
async fn act(state: Arc<ServerState>, req: Request, action: Action) -> Response {
    if !state.inbox_page {
        return not_here();
    }
    if !super::same_origin(req.headers()) {
        return super::text(StatusCode::FORBIDDEN, "forbidden: foreign origin\n");
    }
    let Ok(body) = axum::body::to_bytes(req.into_body(), 8 * 1024).await else {
        return super::text(StatusCode::PAYLOAD_TOO_LARGE, "payload too large\n");
    };
    let fields: Fields = url::form_urlencoded::parse(&body).into_owned().collect();
    let id = fields.get("id").and_then(|v| v.parse::<i64>().ok());
    let Some(id) = id else {
        return super::text(StatusCode::BAD_REQUEST, "bad request: no message id\n");
    };
    let site_dir = state.site_dir.clone();
    let done = tokio::task::spawn_blocking(move || -> anyhow::Result<String> {
        let mut store = Store::open(&site_dir)?;
        action(&site_dir, &mut store, id, &fields)
    })
    .await;
    let note = match done {
        Ok(Ok(note)) => note,
        Ok(Err(e)) => format!("{e:#}"),
        Err(_) => "the action failed".to_string(),
    };
    (state.log)(format!("inbox: {note}"));
    let to = format!(
        "{PATH}?note={}",
        utf8_percent_encode(&note, NON_ALPHANUMERIC)
    );
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(&to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

fn not_here() -> Response {
    super::text(
        StatusCode::NOT_FOUND,
        "not found: the inbox page is shown only when serve listens on this machine alone (--bind 127.0.0.1)\n",
    )
}

/// The whole page.
fn render(site_dir: &Path, note: Option<&str>) -> anyhow::Result<String> {
    let mut store = Store::open(site_dir)?;
    actions::take_preview(site_dir, &mut store)?;
    let site = feedback::site(site_dir)?;
    let messages = store.all()?;
    let rows = feedback::waiting::rows(&site, &messages, chrono::Utc::now());
    let promised = site.contact.as_ref().and_then(|c| c.response_time.clone());
    let mut h = String::new();
    writeln!(
        h,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Inbox: {} waiting</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>Inbox</h1>",
        rows.len()
    )?;
    if let Some(n) = note {
        writeln!(h, "<p class=\"note\" role=\"status\">{}</p>", esc(n))?;
    }
    match (&promised, rows.len()) {
        (_, 0) => h.push_str("<p>Nothing waits for an answer.</p>\n"),
        (Some(p), n) => writeln!(
            h,
            "<p>{n} waiting for an answer. You promise to answer {}.</p>",
            esc(p)
        )?,
        (None, n) => writeln!(h, "<p>{n} waiting for an answer.</p>")?,
    }
    h.push_str("<ol class=\"messages\">\n");
    for r in &rows {
        let m = messages
            .iter()
            .find(|m| m.id == r.id)
            .expect("a row is a message");
        let who = match (&r.name, &r.email) {
            (Some(n), Some(e)) => format!("{n} <{e}>"),
            (Some(n), None) => n.clone(),
            (None, Some(e)) => e.clone(),
            (None, None) => "No name or address".into(),
        };
        let waited = feedback::promise::span(chrono::Duration::hours(r.waited_hours));
        let state = if r.overdue {
            format!("<strong>Overdue</strong>: waited {waited}")
        } else {
            format!("waited {waited}")
        };
        writeln!(
            h,
            "<li><article aria-labelledby=\"m-{id}\">\n<h2 id=\"m-{id}\">#{id} {}</h2>\n<p>Sent {} through the {} form; {state}.</p>\n<dl>",
            esc(&who),
            esc(&r.received.replace('T', " ").replace('Z', " UTC")),
            esc(&r.form),
            id = r.id
        )?;
        for a in &r.answers {
            writeln!(h, "<dt>{}</dt><dd>{}</dd>", esc(&a.label), esc(&a.value))?;
        }
        h.push_str("</dl>\n<div class=\"actions\">\n");
        for (to, label) in [(REPLY, "Write a reply draft"), (DONE, "Mark answered")] {
            writeln!(
                h,
                "<form method=\"post\" action=\"{to}\"><input type=\"hidden\" name=\"id\" value=\"{}\"><button type=\"submit\">{label}<span class=\"visually-hidden\"> (#{})</span></button></form>",
                r.id, r.id
            )?;
        }
        writeln!(
            h,
            "<form method=\"post\" action=\"{ACT}\" class=\"act\"><input type=\"hidden\" name=\"id\" value=\"{id}\">\
             <label for=\"we-did-{id}\">What you changed (shown on \"You said, we did\")</label><input id=\"we-did-{id}\" name=\"we_did\" required maxlength=\"300\">\
             <label for=\"you-said-{id}\">What they asked, in your words{}</label><input id=\"you-said-{id}\" name=\"you_said\" maxlength=\"300\">\
             <button type=\"submit\">Add to \"You said, we did\"<span class=\"visually-hidden\"> (#{id})</span></button></form>",
            if m.may_quote() {
                " (optional: they let you quote them)"
            } else {
                ""
            },
            id = r.id
        )?;
        if let (Some(email), Some(contact)) = (&m.email, &site.contact) {
            let words = site.words(m).unwrap_or("");
            let mut body = format!(
                "Hello{},\n\n{}\n\n{}\n\n{}",
                m.name
                    .as_deref()
                    .map(|n| format!(" {n}"))
                    .unwrap_or_default(),
                drafts::PLACEHOLDER,
                words
                    .lines()
                    .map(|l| format!("> {l}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
                contact.person.name
            );
            // Like every draft, it ends with where customers update their details.
            if let Some(url) = &site.update_url {
                body.push_str("\n\n");
                body.push_str(&site.lang.t("draft_update_details", &[("url", url)]));
            }
            let href = format!(
                "mailto:{}?subject={}&body={}",
                utf8_percent_encode(email, NON_ALPHANUMERIC),
                utf8_percent_encode(
                    &format!("Your message to {}", contact.business),
                    NON_ALPHANUMERIC
                ),
                utf8_percent_encode(&body, NON_ALPHANUMERIC)
            );
            writeln!(
                h,
                "<a href=\"{}\">Reply in your mail program<span class=\"visually-hidden\"> (#{})</span></a>",
                attr(&href),
                r.id
            )?;
        }
        h.push_str("</div>\n</article></li>\n");
    }
    h.push_str("</ol>\n</main>\n</body>\n</html>\n");
    Ok(h)
}

const STYLE: &str = "body{font:1rem/1.5 system-ui,sans-serif;margin:0 auto;max-width:48rem;padding:1rem;color:#1a1a1a;background:#fff}\
h2{font-size:1.15rem;margin:0 0 .25rem}ol.messages{list-style:none;padding:0}\
article{border:1px solid #767676;border-radius:.5rem;padding:1rem;margin:0 0 1rem}\
dt{font-weight:600}dd{margin:0 0 .5rem;white-space:pre-wrap}\
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center}\
form.act{display:grid;gap:.25rem;flex-basis:100%}input{font:inherit;padding:.3rem .5rem;border:1px solid #767676;border-radius:.25rem}\
form.act button{justify-self:start;margin-top:.25rem}\
button{font:inherit;padding:.4rem .9rem;border:1px solid #1a1a1a;border-radius:.35rem;background:#f2f2f2;color:#1a1a1a;cursor:pointer}\
button:focus-visible,a:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}a{color:#0b57d0}\
.note{border-left:4px solid #0b57d0;padding:.5rem 1rem;background:#eef3fd}\
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}\
@media (prefers-color-scheme:dark){body{background:#121212;color:#eee}button{background:#2a2a2a;color:#eee;border-color:#bbb}a{color:#8ab4f8}.note{background:#1c2740}}";
