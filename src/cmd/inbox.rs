//! `frontdesk inbox`: what customers sent, waiting for a person's answer. Every command
//! first takes in what the preview received (`.frontdesk/inbox.jsonl`).

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Result, bail};
use chrono::Utc;

use super::Done;
use crate::cli::{Format, InboxAction, InboxArgs};
use crate::feedback::actions::{self, contact, write_draft};
use crate::feedback::import::{self, Options, Source};
use crate::feedback::message::REFERRED_BY;
use crate::feedback::store::Store;
use crate::feedback::waiting::rows;
use crate::feedback::{self, drafts, promise, referrals};

/// Runs one `inbox` command.
pub fn run(args: &InboxArgs) -> Result<Done> {
    let site_dir = &args.site;
    if !site_dir.join(crate::layout::SITE_FILE).is_file() {
        bail!(
            "{}: no site.yaml here; run `frontdesk inbox` in the site folder or give it with --site DIR",
            site_dir.display()
        );
    }
    let mut store = Store::open(site_dir)?;
    take_preview_inbox(site_dir, &mut store)?;
    match &args.action {
        None => list(site_dir, &store, args.format),
        Some(InboxAction::Import {
            files,
            from,
            map,
            form,
        }) => import_files(&mut store, files, *from, map, form.clone()),
        Some(InboxAction::Show { id }) => show(site_dir, &store, *id),
        Some(InboxAction::Reply { id }) => reply(site_dir, &mut store, *id),
        Some(InboxAction::Done { id }) => mark_done(&mut store, *id),
        Some(InboxAction::Act {
            id,
            we_did,
            you_said,
        }) => act(site_dir, &mut store, *id, we_did, you_said.as_deref()),
        Some(InboxAction::Referrals) => referral_tally(&store, args.format),
        Some(InboxAction::Survey { name }) => survey_tally(site_dir, &store, name, args.format),
        Some(InboxAction::ThankReferrer { id }) => thank_referrer(site_dir, &mut store, *id),
    }
}

/// Imports the preview's inbox, when there is one, and says on stderr what came in (stdout
/// stays the command's own answer, which may be JSON).
fn take_preview_inbox(site_dir: &Path, store: &mut Store) -> Result<()> {
    let (added, skipped) = actions::take_preview(site_dir, store)?;
    for s in &skipped {
        eprintln!("warning: {s}");
    }
    if added > 0 {
        eprintln!(
            "{}: {added} new from the preview",
            site_dir.join(".frontdesk").join("inbox.jsonl").display()
        );
    }
    Ok(())
}

fn import_files(
    store: &mut Store,
    files: &[std::path::PathBuf],
    from: Option<Source>,
    map: &[String],
    form: Option<String>,
) -> Result<Done> {
    let map = map
        .iter()
        .map(|m| match m.split_once('=') {
            Some((c, f)) if !c.trim().is_empty() && !f.trim().is_empty() => {
                Ok((c.trim().to_string(), f.trim().to_string()))
            }
            _ => bail!("--map {m:?}: write it as COLUMN=field, e.g. --map \"Date=received\" or --map \"Your message=suggestion\""),
        })
        .collect::<Result<Vec<_>>>()?;
    let opts = Options {
        source: from,
        map,
        form,
    };
    // Every file is read before anything is stored: a file that cannot be read at all
    // stops the import with nothing written.
    let mut reads = Vec::new();
    for f in files {
        reads.push((f, import::read(f, &opts)?));
    }
    let mut lines = Vec::new();
    for (f, read) in reads {
        for s in &read.skipped {
            eprintln!("warning: {s}");
        }
        let added = store.add(&read.messages)?;
        let known = read.messages.len() - added;
        lines.push(format!(
            "{}: read as {}: {added} new, {known} already in the inbox, {} skipped",
            f.display(),
            read.source.map_or("csv", Source::as_str),
            read.skipped.len()
        ));
    }
    Ok(Done {
        summary: lines.join("\n"),
        next: Some("`frontdesk inbox` lists what waits for an answer".into()),
    })
}

fn list(site_dir: &Path, store: &Store, format: Format) -> Result<Done> {
    let site = feedback::site(site_dir)?;
    let now = Utc::now();
    let rows = rows(&site, &store.all()?, now);
    if format == Format::Json {
        return Ok(serde_json::to_string_pretty(&rows)?.into());
    }
    let promised = site.contact.as_ref().and_then(|c| c.response_time.clone());
    let mut out = String::new();
    if rows.is_empty() {
        out.push_str("Nothing waits for an answer.");
    }
    for r in &rows {
        let who = match (&r.name, &r.email) {
            (Some(n), Some(e)) => format!("{n} <{e}>"),
            (Some(n), None) => n.clone(),
            (None, Some(e)) => e.clone(),
            (None, None) => "(no name or address)".into(),
        };
        let waited = promise::span(chrono::Duration::hours(r.waited_hours));
        let state = match (&r.due, r.overdue) {
            (Some(_), true) => format!(
                "OVERDUE: waited {waited}, promised {}",
                promised.as_deref().unwrap_or("")
            ),
            (Some(due), false) => format!("waited {waited}, due {}", &due[..16].replace('T', " ")),
            (None, _) => format!("waited {waited}"),
        };
        writeln!(
            out,
            "#{} {who}, {} form, sent {} ({state})",
            r.id,
            r.form,
            &r.received[..16].replace('T', " ")
        )?;
        for a in &r.answers {
            writeln!(out, "    {}: {}", a.label, one_line(&a.value))?;
        }
    }
    let next = (!rows.is_empty())
        .then(|| "`frontdesk inbox reply ID` writes a reply draft for you to finish".to_string());
    Ok(Done {
        summary: out.trim_end().to_string(),
        next,
    })
}

fn one_line(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 100 {
        format!("{}...", s.chars().take(100).collect::<String>())
    } else {
        s
    }
}

fn show(site_dir: &Path, store: &Store, id: i64) -> Result<Done> {
    let site = feedback::site(site_dir)?;
    let m = store.get(id)?;
    let mut out = String::new();
    writeln!(
        out,
        "#{} from {}{}",
        m.id,
        m.name.as_deref().unwrap_or("(no name)"),
        m.email
            .as_ref()
            .map_or(String::new(), |e| format!(" <{e}>"))
    )?;
    writeln!(
        out,
        "sent {} through the {} form ({})",
        m.received, m.form, m.source
    )?;
    writeln!(
        out,
        "answered: {}",
        m.answered.as_deref().unwrap_or("not yet")
    )?;
    if let Some(a) = &m.acted {
        writeln!(out, "acted on: {a}")?;
    }
    for a in site.answers(&m) {
        writeln!(out, "\n{}\n{}", a.label, a.value)?;
    }
    Ok(out.trim_end().to_string().into())
}

fn reply(site_dir: &Path, store: &mut Store, id: i64) -> Result<Done> {
    let (path, m) = actions::reply(site_dir, store, id)?;
    Ok(Done {
        summary: format!("{}: reply to {} written", path.display(), m.who()),
        next: Some(format!(
            "replace the line {:?} with your own answer, send it from your mail program, then `frontdesk inbox done {id}`",
            drafts::PLACEHOLDER
        )),
    })
}

fn mark_done(store: &mut Store, id: i64) -> Result<Done> {
    let (at, m) = actions::done(store, id)?;
    Ok(format!("#{id} from {}: marked answered at {at}", m.who()).into())
}

fn act(
    site_dir: &Path,
    store: &mut Store,
    id: i64,
    we_did: &str,
    you_said: Option<&str>,
) -> Result<Done> {
    Ok(Done {
        summary: actions::act(site_dir, store, id, we_did, you_said)?,
        next: Some("the next build shows it on /you-said-we-did/".into()),
    })
}

fn referral_tally(store: &Store, format: Format) -> Result<Done> {
    let t = referrals::tally(&store.all()?);
    if format == Format::Json {
        return Ok(serde_json::to_string_pretty(&t)?.into());
    }
    let mut out = String::from("How did you hear about us?\n");
    let mut answers: Vec<_> = t.heard_from.keys().collect();
    answers.sort_by_key(|a| (std::cmp::Reverse(t.total(a)), *a));
    for a in answers {
        let months = t.heard_from[a]
            .iter()
            .map(|(m, n)| format!("{m}: {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        writeln!(out, "  {a}: {} ({months})", t.total(a))?;
    }
    writeln!(out, "  (no answer): {}", t.unanswered)?;
    if !t.channels.is_empty() {
        writeln!(out, "Channels (?ref= links):")?;
        for (c, n) in &t.channels {
            writeln!(out, "  {c}: {n}")?;
        }
    }
    if !t.referred_by.is_empty() {
        writeln!(out, "Named as the one who told them:")?;
        for (id, who) in &t.referred_by {
            writeln!(
                out,
                "  {who} (#{id}; `frontdesk inbox thank-referrer {id}` writes a thank-you)"
            )?;
        }
    }
    Ok(out.trim_end().to_string().into())
}

fn survey_tally(site_dir: &Path, store: &Store, name: &str, format: Format) -> Result<Done> {
    let site = feedback::site(site_dir)?;
    let survey = site.survey(name)?;
    let t = feedback::surveys::tally(survey, &store.all()?);
    if format == Format::Json {
        return Ok(serde_json::to_string_pretty(&t)?.into());
    }
    let mut out = format!(
        "{} ({}): {} {}, open {} to {}\n",
        t.title,
        survey.source.display(),
        t.answers,
        if t.answers == 1 { "answer" } else { "answers" },
        t.opens,
        t.closes
    );
    for q in &t.questions {
        writeln!(out, "\n{}", q.label)?;
        for c in &q.counts {
            writeln!(out, "  {}: {}", c.choice, c.count)?;
        }
        for x in &q.texts {
            writeln!(out, "  #{} {}", x.id, one_line(&x.value))?;
        }
        writeln!(out, "  (no answer): {}", q.unanswered)?;
    }
    let next = (t.answers > 0).then(|| {
        "tell them what you did with their answers, e.g. in the next newsletter".to_string()
    });
    Ok(Done {
        summary: out.trim_end().to_string(),
        next,
    })
}

fn thank_referrer(site_dir: &Path, store: &mut Store, id: i64) -> Result<Done> {
    let site = feedback::site(site_dir)?;
    let m = store.get(id)?;
    let Some(referrer) = m.answer(REFERRED_BY).map(String::from) else {
        bail!("#{id}: names no one under \"Who told you about us?\"");
    };
    let d = drafts::referral(
        contact(&site)?,
        &m,
        &referrer,
        &site.lang,
        site.update_url.as_deref(),
    )?;
    let path = write_draft(site_dir, store, id, drafts::Kind::Referral, d)?;
    Ok(Done {
        summary: format!("{}: thank-you to {referrer} written", path.display()),
        next: Some(
            "add their address, write your own line in the marked place, and send it".into(),
        ),
    })
}
