//! Reading what form providers export into messages: Formspree, Netlify (CSV and the JSON
//! of its API), Basin, Tally, Google Forms, any CSV with a column mapping, and the
//! preview's own `inbox.jsonl`. A row that cannot be read is reported with its file and
//! line and skipped; the rest is kept.

use std::path::Path;

use anyhow::{Context, Result, bail};

use super::message::{Fields, NewMessage, norm, who};

/// Where an export comes from, which says how it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Source {
    /// Formspree's CSV export.
    Formspree,
    /// Netlify Forms: the CSV download or the JSON of its submissions API.
    Netlify,
    /// Basin's CSV export.
    Basin,
    /// Tally's CSV export.
    Tally,
    /// A Google Forms response sheet downloaded as CSV.
    Google,
    /// Any other CSV: name its date column with `--map COLUMN=received`.
    Csv,
    /// The preview's `.frontdesk/inbox.jsonl`.
    Serve,
}

impl Source {
    /// The name stored with each message.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Formspree => "formspree",
            Source::Netlify => "netlify",
            Source::Basin => "basin",
            Source::Tally => "tally",
            Source::Google => "google",
            Source::Csv => "csv",
            Source::Serve => "serve",
        }
    }

    /// The columns (compared by [`norm`]) that hold when a row was sent, its id, and what
    /// the provider adds about the sender's browser (not kept).
    fn columns(
        self,
    ) -> (
        &'static [&'static str],
        &'static [&'static str],
        &'static [&'static str],
    ) {
        match self {
            Source::Formspree => (
                &["date", "submitted_at", "created_at"],
                &["id"],
                &[
                    "gotcha",
                    "ip",
                    "user_agent",
                    "referrer",
                    "spam",
                    "next",
                    "subject",
                ],
            ),
            Source::Netlify => (
                &["created_at"],
                &["id", "number"],
                &[
                    "ip",
                    "user_agent",
                    "referrer",
                    "form_name",
                    "form_id",
                    "site_url",
                    "bot_field",
                ],
            ),
            Source::Basin => (
                &["submitted_at", "created_at", "date"],
                &["id"],
                &["ip", "user_agent", "referrer", "spam", "spam_score"],
            ),
            Source::Tally => (&["submitted_at"], &["submission_id"], &["respondent_id"]),
            Source::Google => (&["timestamp"], &[], &[]),
            Source::Csv | Source::Serve => (&["received"], &["id"], &[]),
        }
    }
}

/// What an import read from one file.
#[derive(Debug, Default)]
pub struct Read {
    /// The source it was read as.
    pub source: Option<Source>,
    /// The messages, in file order.
    pub messages: Vec<NewMessage>,
    /// `FILE:LINE: why`, one for each row skipped.
    pub skipped: Vec<String>,
}

/// How to read a file: its source (None: recognised from its name and columns), column
/// renames (`COLUMN=field`) and the form its rows answer.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The source, when given.
    pub source: Option<Source>,
    /// `(column as written, field)`: a column renamed before anything else.
    pub map: Vec<(String, String)>,
    /// The form the rows answer, when the file does not say [default: suggestions].
    pub form: Option<String>,
}

/// Reads `path` as `opts` say.
pub fn read(path: &Path, opts: &Options) -> Result<Read> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}: is not UTF-8 text (byte {} is not); save the export as UTF-8 (CSV UTF-8 in a spreadsheet) and import it again",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let source = opts.source.or(match ext.as_str() {
        "jsonl" => Some(Source::Serve),
        "json" => Some(Source::Netlify),
        _ => None,
    });
    let form = opts.form.clone().unwrap_or_else(|| "suggestions".into());
    match (source, ext.as_str()) {
        (Some(Source::Serve), _) => Ok(serve_lines(path, text)),
        (Some(Source::Netlify), "json") => netlify_json(path, text, &form),
        _ => csv_rows(path, text, source, &opts.map, &form),
    }
}

/// The preview's inbox: one JSON object a line, `{"received": ..., "fields": {...}}`.
fn serve_lines(path: &Path, text: &str) -> Read {
    let mut read = Read {
        source: Some(Source::Serve),
        ..Read::default()
    };
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("{}:{}", path.display(), i + 1);
        let value: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                read.skipped
                    .push(format!("{at}: not a whole JSON line ({e}); skipped"));
                continue;
            }
        };
        let (Some(received), Some(obj)) = (
            value.get("received").and_then(|v| v.as_str()),
            value.get("fields").and_then(|v| v.as_object()),
        ) else {
            read.skipped.push(format!(
                "{at}: has no `received` time or no `fields`; skipped"
            ));
            continue;
        };
        let Some(received) = parse_time(received) else {
            read.skipped.push(format!(
                "{at}: the time {received:?} cannot be read; skipped"
            ));
            continue;
        };
        let mut form = "suggestions".to_string();
        let mut fields = Fields::new();
        for (k, v) in obj {
            let v = flat(v);
            if k == "form" {
                form = v;
            } else if !v.trim().is_empty() {
                fields.push((k.clone(), v));
            }
        }
        read.messages
            .push(message(Source::Serve, None, &form, received, fields));
    }
    read
}

/// The JSON of Netlify's submissions API: an array of submissions, each with `id`,
/// `created_at`, `form_name` and the answers in `data` (Netlify repeats the sender's
/// `ip`, `user_agent` and `referrer` there; they are not kept).
fn netlify_json(path: &Path, text: &str, form: &str) -> Result<Read> {
    let items: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|e| {
        anyhow::anyhow!(
            "{}:{}:{}: is not the JSON of Netlify's submissions API (an array of submissions): {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    let mut read = Read {
        source: Some(Source::Netlify),
        ..Read::default()
    };
    let (_, _, drop) = Source::Netlify.columns();
    for (i, item) in items.iter().enumerate() {
        let at = format!("{}: submission {}", path.display(), i + 1);
        let id = item.get("id").map(flat).filter(|s| !s.is_empty());
        let received = item
            .get("created_at")
            .and_then(|v| v.as_str())
            .and_then(parse_time);
        let (Some(received), Some(data)) = (received, item.get("data").and_then(|d| d.as_object()))
        else {
            read.skipped.push(format!(
                "{at}: has no readable `created_at` or no `data`; skipped"
            ));
            continue;
        };
        let form = item
            .get("form_name")
            .and_then(|v| v.as_str())
            .unwrap_or(form);
        let fields: Fields = data
            .iter()
            .map(|(k, v)| (k.clone(), flat(v)))
            .filter(|(k, v)| !v.trim().is_empty() && !drop.contains(&norm(k).as_str()))
            .collect();
        read.messages.push(message(
            Source::Netlify,
            id.as_deref(),
            form,
            received,
            fields,
        ));
    }
    Ok(read)
}

/// A CSV export: a header row, then one submission a row.
fn csv_rows(
    path: &Path,
    text: &str,
    source: Option<Source>,
    map: &[(String, String)],
    form: &str,
) -> Result<Read> {
    let shown = path.display();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .with_context(|| format!("{shown}:1: cannot read the header row"))?
        .iter()
        .map(|h| {
            map.iter()
                .find(|(from, _)| from == h.trim())
                .map_or_else(|| h.trim().to_string(), |(_, to)| to.clone())
        })
        .collect();
    for (from, _) in map {
        if !reader
            .headers()
            .is_ok_and(|h| h.iter().any(|c| c.trim() == from))
        {
            bail!(
                "{shown}:1: --map names the column {from:?}, which the header row does not have (it has {})",
                reader
                    .headers()
                    .map(|h| h
                        .iter()
                        .map(|c| format!("{c:?}"))
                        .collect::<Vec<_>>()
                        .join(", "))
                    .unwrap_or_default()
            );
        }
    }
    let normed: Vec<String> = headers.iter().map(|h| norm(h)).collect();
    let has = |n: &str| normed.iter().any(|h| h == n);
    let source = source.unwrap_or_else(|| recognise(&headers, &normed));
    let (time_cols, id_cols, drop) = source.columns();
    let find = |names: &[&str]| {
        has("received")
            .then(|| normed.iter().position(|h| h == "received"))
            .flatten()
            .or_else(|| {
                names
                    .iter()
                    .find_map(|n| normed.iter().position(|h| h == n))
            })
    };
    let Some(time) = find(time_cols) else {
        bail!(
            "{shown}:1: no column says when each row was sent (read as {}, which has it in {}); \
             name it with --map COLUMN=received",
            source.as_str(),
            time_cols.join(" or ")
        );
    };
    let id = normed.iter().position(|h| h == "id").or_else(|| {
        id_cols
            .iter()
            .find_map(|n| normed.iter().position(|h| h == n))
    });
    let form_col = normed.iter().position(|h| h == "form_name" || h == "form");
    let mut read = Read {
        source: Some(source),
        ..Read::default()
    };
    for row in reader.records() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                read.skipped.push(format!(
                    "{shown}:{line}: cannot be read as CSV ({e}); skipped"
                ));
                continue;
            }
        };
        let line = row.position().map_or(0, |p| p.line());
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if row.len() != headers.len() {
            read.skipped.push(format!(
                "{shown}:{line}: has {} columns where the header row has {}; skipped",
                row.len(),
                headers.len()
            ));
            continue;
        }
        let raw_time = row.get(time).unwrap_or("").trim();
        let Some(received) = parse_time(raw_time) else {
            read.skipped.push(format!(
                "{shown}:{line}: the date {raw_time:?} in column {:?} cannot be read \
                 (frontdesk reads e.g. 2025-03-10 09:15:00, 2025-03-10T09:15:00Z or \
                 3/10/2025 9:15:00); skipped",
                headers[time]
            ));
            continue;
        };
        let row_id = id
            .and_then(|i| row.get(i))
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let row_form = form_col
            .and_then(|i| row.get(i))
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let fields: Fields = headers
            .iter()
            .zip(&normed)
            .zip(row.iter())
            .enumerate()
            .filter(|(i, ((_, n), v))| {
                Some(*i) != id
                    && *i != time
                    && Some(*i) != form_col
                    && !v.trim().is_empty()
                    && !drop.contains(&n.as_str())
            })
            .map(|(_, ((h, _), v))| (h.clone(), v.trim().to_string()))
            .collect();
        read.messages.push(message(
            source,
            row_id,
            row_form.unwrap_or(form),
            received,
            fields,
        ));
    }
    Ok(read)
}

/// The source a CSV's header row shows.
fn recognise(headers: &[String], normed: &[String]) -> Source {
    let has = |n: &str| normed.iter().any(|h| h == n);
    if has("submission_id") && has("submitted_at") {
        Source::Tally
    } else if normed.first().is_some_and(|h| h == "timestamp") {
        Source::Google
    } else if headers.iter().any(|h| h.starts_with('_')) || has("gotcha") {
        Source::Formspree
    } else if has("created_at") && (has("form_name") || has("user_agent") || has("referrer")) {
        Source::Netlify
    } else if has("submitted_at") {
        Source::Basin
    } else {
        Source::Csv
    }
}

/// A stored message from one read row; its key is the hash of its source and id, or,
/// without an id, of its time and answers.
fn message(
    source: Source,
    id: Option<&str>,
    form: &str,
    received: String,
    mut fields: Fields,
) -> NewMessage {
    let form = super::message::recognise_form(form, &mut fields);
    let key = match id {
        Some(id) => format!("{}:{id}", source.as_str()),
        None => {
            let mut sorted = fields.clone();
            sorted.sort();
            let content = serde_json::to_string(&(&received, &sorted)).unwrap_or_default();
            format!("{:032x}", xxhash_rust::xxh3::xxh3_128(content.as_bytes()))
        }
    };
    let (name, email) = who(&fields);
    NewMessage {
        key,
        source: source.as_str().into(),
        form,
        received,
        name,
        email,
        fields,
    }
}

/// A JSON value as one line of text: a list (several ticked boxes) joined with ", ".
fn flat(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        serde_json::Value::Array(a) => a
            .iter()
            .map(flat)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// A time as exports write it, as RFC 3339 in UTC; a time without a zone is taken as UTC.
pub fn parse_time(s: &str) -> Option<String> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
    let s = s.trim();
    let utc = |t: NaiveDateTime| t.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true);
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(
            t.with_timezone(&Utc)
                .to_rfc3339_opts(SecondsFormat::Secs, true),
        );
    }
    for f in ["%Y-%m-%d %H:%M:%S%.f %z", "%Y-%m-%d %H:%M:%S %Z"] {
        if let Ok(t) = DateTime::parse_from_str(s, f) {
            return Some(
                t.with_timezone(&Utc)
                    .to_rfc3339_opts(SecondsFormat::Secs, true),
            );
        }
    }
    let s = s.strip_suffix(" UTC").unwrap_or(s);
    for f in [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%m/%d/%Y %H:%M:%S",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %I:%M:%S %p",
        "%m/%d/%Y %I:%M:%S %p",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(utc(t));
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(utc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_as_exports_write_them() {
        for (s, want) in [
            ("2025-03-10T09:15:02.123Z", "2025-03-10T09:15:02Z"),
            ("2025-03-10T10:15:02+01:00", "2025-03-10T09:15:02Z"),
            ("2025-03-10 09:15:02", "2025-03-10T09:15:02Z"),
            ("2025-03-10 09:15:02 UTC", "2025-03-10T09:15:02Z"),
            ("3/10/2025 9:15:02", "2025-03-10T09:15:02Z"),
            ("2025/03/10 9:15:02 AM", "2025-03-10T09:15:02Z"),
            ("2025-03-10", "2025-03-10T00:00:00Z"),
        ] {
            assert_eq!(parse_time(s).as_deref(), Some(want), "{s}");
        }
        assert_eq!(parse_time("yesterday"), None);
    }
}
