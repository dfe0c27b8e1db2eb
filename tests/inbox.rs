//! `frontdesk inbox` end to end: the real binary, a real SQLite store, each provider's
//! sample export (tests/fixtures/inbox/, invented people) read back field by field, drafts
//! read with a MIME parser, suggestions.yaml edited in place, and the output folder free
//! of every customer's name and address.

mod common;
#[path = "preview/server.rs"]
mod server;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{Run, Site, frontdesk};
use rusqlite::Connection;
use serde_json::Value;

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/inbox")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

fn inbox(site: &Site, args: &[&str]) -> Run {
    let mut all = vec!["inbox", "--site", site.dir.to_str().unwrap()];
    all.extend_from_slice(args);
    frontdesk(site.root(), &all)
}

fn store(site: &Site) -> PathBuf {
    site.path(".frontdesk/feedback.sqlite")
}

/// Every stored message: (source, form, received, name, email, fields).
type Stored = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Vec<(String, String)>,
);

fn stored(site: &Site) -> Vec<Stored> {
    let c = Connection::open(store(site)).unwrap();
    let mut q = c
        .prepare("SELECT source, form, received, name, email, fields FROM message ORDER BY id")
        .unwrap();
    q.query_map([], |r| {
        let fields: String = r.get(5)?;
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            serde_json::from_str(&fields).unwrap(),
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// All the provider samples, imported into a fresh copy of the basic site.
fn imported() -> Site {
    let site = Site::basic();
    let files: Vec<String> = [
        "formspree.csv",
        "netlify.csv",
        "netlify.json",
        "basin.csv",
        "tally.csv",
        "google.csv",
    ]
    .iter()
    .map(|f| fixture(f))
    .collect();
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    inbox(&site, &args).assert_success();
    let generic = fixture("generic.csv");
    inbox(
        &site,
        &[
            "import",
            &generic,
            "--map",
            "When=received",
            "--map",
            "Customer=name",
            "--map",
            "Mail=email",
            "--map",
            "Text=suggestion",
            "--map",
            "Source=heard_from",
        ],
    )
    .assert_success();
    site
}

#[test]
fn each_provider_sample_is_read_back_field_by_field() {
    let site = imported();
    let s = stored(&site);
    let want: Vec<Stored> = vec![
        (
            "formspree".into(),
            "suggestions".into(),
            "2025-03-10T09:15:02Z".into(),
            Some("Ana Lima".into()),
            Some("ana.lima@mail.example".into()),
            pairs(&[
                ("name", "Ana Lima"),
                ("email", "ana.lima@mail.example"),
                ("suggestion", "Open at 7 on Saturdays, please."),
                ("heard_from", "A friend"),
                ("quote_ok", "yes"),
            ]),
        ),
        (
            "formspree".into(),
            "suggestions".into(),
            "2025-03-12T16:40:00Z".into(),
            Some("Ben Okafor".into()),
            Some("ben.okafor@mail.example".into()),
            pairs(&[
                ("name", "Ben Okafor"),
                ("email", "ben.okafor@mail.example"),
                ("suggestion", "The oat milk ran out twice this week."),
                ("heard_from", "Search engine"),
            ]),
        ),
        (
            "netlify".into(),
            "suggestions".into(),
            "2025-04-02T10:05:11Z".into(),
            Some("Chloe Martin".into()),
            Some("chloe.martin@mail.example".into()),
            pairs(&[
                ("name", "Chloe Martin"),
                ("email", "chloe.martin@mail.example"),
                ("suggestion", "More seats outside, when it's warm."),
                ("heard_from", "A friend"),
                ("referred_by", "Dora Weiss"),
                ("ref", "flyer"),
            ]),
        ),
        (
            "netlify".into(),
            "suggestions".into(),
            "2025-04-20T08:00:00Z".into(),
            Some("Eitan Levi".into()),
            Some("eitan.levi@mail.example".into()),
            pairs(&[
                ("name", "Eitan Levi"),
                ("email", "eitan.levi@mail.example"),
                ("suggestion", "Could you stock decaf beans?"),
                ("heard_from", "Walked past"),
                ("ref", "market"),
            ]),
        ),
        (
            "netlify".into(),
            "suggestions".into(),
            "2025-05-01T12:30:45Z".into(),
            Some("Fatima Zahra".into()),
            Some("fatima.zahra@mail.example".into()),
            pairs(&[
                ("email", "fatima.zahra@mail.example"),
                ("heard_from", "Social media"),
                ("name", "Fatima Zahra"),
                ("ref", "flyer"),
                ("suggestion", "Bring back the rye loaf."),
            ]),
        ),
        (
            "basin".into(),
            "suggestions".into(),
            "2025-05-15T14:00:00Z".into(),
            Some("Gus Novak".into()),
            Some("gus.novak@mail.example".into()),
            pairs(&[
                ("name", "Gus Novak"),
                ("email", "gus.novak@mail.example"),
                ("message", "Card payments under 5 euros, please."),
                ("heard_from", "Search engine"),
            ]),
        ),
        (
            "tally".into(),
            "suggestions".into(),
            "2025-06-03T18:22:10Z".into(),
            Some("Hana Sato".into()),
            Some("hana.sato@mail.example".into()),
            pairs(&[
                ("What could we do better?", "A gluten-free loaf on Fridays."),
                ("How did you hear about us?", "A friend"),
                ("Your email address", "hana.sato@mail.example"),
                ("Your name", "Hana Sato"),
                ("Who told you about us?", "Ivo Petrov"),
            ]),
        ),
        (
            "google".into(),
            "suggestions".into(),
            "2025-06-20T09:05:33Z".into(),
            Some("Jonas Berg".into()),
            Some("jonas.berg@mail.example".into()),
            pairs(&[
                ("Email Address", "jonas.berg@mail.example"),
                (
                    "What could we do better?",
                    "Please label the allergens on the cakes.",
                ),
                ("How did you hear about us?", "Social media"),
                ("Name", "Jonas Berg"),
            ]),
        ),
        (
            "csv".into(),
            "suggestions".into(),
            "2025-07-01T11:11:11Z".into(),
            Some("Kemi Adeyemi".into()),
            Some("kemi.adeyemi@mail.example".into()),
            pairs(&[
                ("name", "Kemi Adeyemi"),
                ("email", "kemi.adeyemi@mail.example"),
                (
                    "suggestion",
                    "A loyalty card would bring me back more often.",
                ),
                ("heard_from", "A friend"),
            ]),
        ),
    ];
    assert_eq!(s.len(), want.len(), "{s:#?}");
    for (got, want) in s.iter().zip(&want) {
        assert_eq!(got, want);
    }
}

#[test]
fn a_second_import_adds_nothing_and_keeps_what_was_stored() {
    let site = imported();
    let before = stored(&site);
    let again = inbox(
        &site,
        &[
            "import",
            &fixture("formspree.csv"),
            &fixture("netlify.csv"),
            &fixture("netlify.json"),
            &fixture("tally.csv"),
            &fixture("google.csv"),
            &fixture("basin.csv"),
        ],
    );
    again.assert_success();
    for line in again.stdout.lines().filter(|l| l.contains(": read as ")) {
        assert!(line.contains(": 0 new, "), "{line}");
    }
    assert_eq!(stored(&site), before);
}

#[test]
fn a_row_that_cannot_be_read_is_skipped_with_its_line() {
    let site = Site::basic();
    let bad = fixture("bad.csv");
    let run = inbox(&site, &["import", &bad]);
    run.assert_success();
    assert!(
        run.stderr.contains(&format!(
            "{bad}:3: the date \"last tuesday\" in column \"_date\" cannot be read"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "{bad}:4: has 3 columns where the header row has 6; skipped"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout
            .contains("2 new, 0 already in the inbox, 2 skipped"),
        "{}",
        run.stdout
    );
    let names: Vec<_> = stored(&site).into_iter().map(|m| m.3.unwrap()).collect();
    assert_eq!(names, ["Lars Holm", "Omar Haddad"]);
}

#[test]
fn the_preview_inbox_is_taken_in_by_every_inbox_command() {
    let site = Site::basic();
    site.write(
        ".frontdesk/inbox.jsonl",
        std::fs::read(fixture("inbox.jsonl")).unwrap(),
    );
    let run = inbox(&site, &["referrals"]);
    run.assert_success();
    assert!(
        run.stderr.contains("inbox.jsonl: 2 new from the preview"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("inbox.jsonl:3: not a whole JSON line"),
        "{}",
        run.stderr
    );
    let s = stored(&site);
    assert_eq!(
        s.iter()
            .map(|m| (m.0.as_str(), m.1.as_str()))
            .collect::<Vec<_>>(),
        [("serve", "suggestions"), ("serve", "newsletter")]
    );
    assert_eq!(
        s[0].5,
        pairs(&[
            ("email", "pia.keller@mail.example"),
            ("heard_from", "Walked past"),
            ("name", "Pia Keller"),
            ("suggestion", "Thursday evenings would suit me better.")
        ])
    );
    // Taken in once.
    inbox(&site, &["referrals"]).assert_success();
    assert_eq!(stored(&site).len(), 2);
}

#[test]
fn the_list_puts_overdue_first_with_answers_in_the_form_order() {
    let site = Site::basic();
    let now = chrono::Utc::now().to_rfc3339();
    site.write(
        ".frontdesk/inbox.jsonl",
        format!(
            "{{\"received\":\"{now}\",\"fields\":{{\"email\":\"rita.new@mail.example\",\"suggestion\":\"Just sent.\",\"visit\":\"Weekly\"}}}}\n{{\"received\":\"2025-01-06T09:00:00Z\",\"fields\":{{\"visit\":\"Monthly\",\"email\":\"sam.old@mail.example\",\"suggestion\":\"Sent long ago.\"}}}}\n"
        ),
    );
    let run = inbox(&site, &["--format", "json"]);
    run.assert_success();
    let rows: Value = serde_json::from_str(&run.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["email"], "sam.old@mail.example");
    assert_eq!(rows[0]["overdue"], true);
    assert_eq!(rows[1]["email"], "rita.new@mail.example");
    assert_eq!(rows[1]["overdue"], false);
    // suggestion, visit, email: the order of suggestions.yaml, whatever order they came in.
    let labels: Vec<_> = rows[0]["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "What could we do better?",
            "How often do you visit?",
            "Your email address"
        ]
    );
    let text = inbox(&site, &[]);
    assert!(
        text.stdout.starts_with(
            "#2 sam.old@mail.example, suggestions form, sent 2025-01-06 09:00 (OVERDUE: waited "
        ),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("promised within one business day"),
        "{}",
        text.stdout
    );
}

fn parse_eml(path: &Path) -> mail_parser::Message<'static> {
    let bytes = std::fs::read(path).unwrap();
    mail_parser::MessageParser::default()
        .parse(Box::leak(bytes.into_boxed_slice()) as &[u8])
        .expect("a MIME message")
}

fn draft_path(run: &Run) -> PathBuf {
    PathBuf::from(
        run.stdout
            .lines()
            .last()
            .unwrap()
            .split(".eml:")
            .next()
            .unwrap()
            .to_string()
            + ".eml",
    )
}

#[test]
fn a_reply_comes_from_the_named_person_quotes_the_customer_and_done_waits_for_own_words() {
    let site = imported();
    let run = inbox(&site, &["reply", "2"]);
    run.assert_success();
    let path = draft_path(&run);
    assert!(
        path.starts_with(site.path(".frontdesk/drafts")),
        "{}",
        path.display()
    );
    let eml = parse_eml(&path);
    let from = eml.from().unwrap().first().unwrap();
    assert_eq!(
        (from.name(), from.address()),
        (Some("Rosa Baker"), Some("hello@basic.example"))
    );
    let to = eml.to().unwrap().first().unwrap();
    assert_eq!(
        (to.name(), to.address()),
        (Some("Ben Okafor"), Some("ben.okafor@mail.example"))
    );
    let body = eml.body_text(0).unwrap().replace("\r\n", "\n");
    assert!(body.starts_with("Hello Ben Okafor,"), "{body}");
    assert!(
        body.contains("> The oat milk ran out twice this week."),
        "{body}"
    );
    assert!(body.contains("[WRITE YOUR OWN ANSWER HERE"), "{body}");
    assert!(
        body.contains("Rosa Baker\nCustomer care, Basic Bakery"),
        "{body}"
    );

    let refused = inbox(&site, &["done", "2"]);
    refused.assert_failure();
    assert!(
        refused
            .stderr
            .contains("still holds the place for your own answer"),
        "{}",
        refused.stderr
    );
    let answered: Option<String> = Connection::open(store(&site))
        .unwrap()
        .query_row("SELECT answered FROM message WHERE id = 2", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(answered, None);

    let text = std::fs::read_to_string(&path).unwrap();
    let own = text.replace(
        "[WRITE YOUR OWN ANSWER HERE, in your own words, then delete this line]",
        "You are right, Ben: we now order twice as much oat milk on Mondays.",
    );
    assert_ne!(
        own, text,
        "the placeholder is written as it is, for an editor to find"
    );
    std::fs::write(&path, own).unwrap();
    let done = inbox(&site, &["done", "2"]);
    done.assert_success();
    assert!(
        done.stdout
            .contains("#2 from Ben Okafor: marked answered at "),
        "{}",
        done.stdout
    );
    let answered: Option<String> = Connection::open(store(&site))
        .unwrap()
        .query_row("SELECT answered FROM message WHERE id = 2", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(answered.is_some());
    let list: Value = serde_json::from_str(&inbox(&site, &["--format", "json"]).stdout).unwrap();
    assert!(
        list.as_array().unwrap().iter().all(|r| r["id"] != 2),
        "an answered message no longer waits"
    );
}

#[test]
fn act_appends_one_entry_to_suggestions_yaml_and_the_build_shows_it() {
    let site = imported();
    let before = site.read("suggestions.yaml");
    // Comments and formatting of the owner's, to be kept.
    let before = before.replace(
        "title: Help us bake better",
        "title: Help us bake better   # our words\n# questions first",
    ) + "\n# keep this comment\n";
    site.write("suggestions.yaml", &before);

    // Ben did not tick "you may quote me": his words stay private without a paraphrase.
    let refused = inbox(&site, &["act", "2", "--we-did", "We order more oat milk."]);
    refused.assert_failure();
    assert!(
        refused.stderr.contains("did not tick \"you may quote me\""),
        "{}",
        refused.stderr
    );
    assert_eq!(site.read("suggestions.yaml"), before);

    // Ana ticked it: her words are quoted.
    let run = inbox(
        &site,
        &["act", "1", "--we-did", "We now open at 7 on Saturdays."],
    );
    run.assert_success();
    let after = site.read("suggestions.yaml");
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let entry = format!(
        "  - date: {today}\n    you_said: \"Open at 7 on Saturdays, please.\"\n    we_did: \"We now open at 7 on Saturdays.\"\n"
    );
    let at = after.find(&entry).expect("the entry");
    assert_eq!(
        format!("{}{}", &after[..at], &after[at + entry.len()..]),
        before,
        "only the entry was added"
    );

    let thanks = parse_eml(&draft_path(&run));
    assert_eq!(
        thanks.to().unwrap().first().unwrap().address(),
        Some("ana.lima@mail.example")
    );
    let body = thanks.body_text(0).unwrap().to_string();
    assert!(body.contains("> Open at 7 on Saturdays, please."), "{body}");
    assert!(body.contains("We now open at 7 on Saturdays."), "{body}");

    let out = site.build_ok(&[]);
    let page = std::fs::read_to_string(out.0.join("you-said-we-did/index.html")).unwrap();
    assert!(page.contains("Open at 7 on Saturdays, please."), "{page}");
    assert!(page.contains("We now open at 7 on Saturdays."));
}

#[test]
fn act_works_on_a_site_whose_texts_are_written_per_language() {
    let site = imported();
    let yaml: String = (site.read("site.yaml").lines())
        .filter(|l| !l.starts_with("language:"))
        .map(|l| format!("{l}\n"))
        .collect();
    let yaml = format!("{yaml}languages: [en-GB, fr]\n");
    site.write("site.yaml", &yaml);
    let before = site.read("suggestions.yaml").replacen(
        "title: Help us bake better",
        "title: {en-GB: Help us bake better, fr: Aidez-nous à mieux faire}",
        1,
    );
    assert!(before.contains("fr: Aidez-nous"));
    site.write("suggestions.yaml", &before);
    let list = inbox(&site, &["--format", "json"]);
    list.assert_success();
    let run = inbox(
        &site,
        &["act", "1", "--we-did", "We now open at 7 on Saturdays."],
    );
    run.assert_success();
    let after = site.read("suggestions.yaml");
    assert!(
        after.starts_with(before.trim_end()),
        "the owner's text kept"
    );
    assert!(after.contains("We now open at 7 on Saturdays."));
}

#[test]
fn the_referral_tally_counts_the_samples() {
    let site = imported();
    site.write(
        ".frontdesk/inbox.jsonl",
        std::fs::read(fixture("inbox.jsonl")).unwrap(),
    );
    let run = inbox(&site, &["referrals", "--format", "json"]);
    run.assert_success();
    let t: Value = serde_json::from_str(&run.stdout).unwrap();
    let total = |a: &str| {
        t["heard_from"][a]
            .as_object()
            .map_or(0, |m| m.values().map(|n| n.as_u64().unwrap()).sum::<u64>())
    };
    // Ana, Chloe, Hana, Kemi and Quinn (newsletter); Ben and Gus; Eitan and Pia; Fatima and Jonas.
    assert_eq!(
        (
            total("A friend"),
            total("Search engine"),
            total("Walked past"),
            total("Social media")
        ),
        (5, 2, 2, 2)
    );
    assert_eq!(t["heard_from"]["A friend"]["2025-04"], 1);
    assert_eq!(t["heard_from"]["Social media"]["2025-06"], 1);
    assert_eq!(t["channels"], serde_json::json!({"flyer": 2, "market": 1}));
    assert_eq!(
        t["referred_by"],
        serde_json::json!([[3, "Dora Weiss"], [7, "Ivo Petrov"]])
    );

    let thank = inbox(&site, &["thank-referrer", "3"]);
    thank.assert_success();
    let eml = parse_eml(&draft_path(&thank));
    let body = eml.body_text(0).unwrap().replace("\r\n", "\n");
    assert!(body.starts_with("Hello Dora Weiss,"), "{body}");
    // Chloe did not agree to be named.
    assert!(!body.contains("Chloe"), "{body}");
}

#[test]
fn a_foreign_or_damaged_store_is_refused_and_kept() {
    let site = Site::basic();
    std::fs::create_dir_all(site.path(".frontdesk")).unwrap();
    let c = Connection::open(store(&site)).unwrap();
    c.execute_batch("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('rye');")
        .unwrap();
    drop(c);
    let before = std::fs::read(store(&site)).unwrap();
    let run = inbox(&site, &["import", &fixture("formspree.csv")]);
    run.assert_failure();
    assert!(
        run.stderr
            .contains("feedback.sqlite: is an SQLite database of another program"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(store(&site)).unwrap(), before);

    std::fs::write(store(&site), b"SQLite format 3\0 and then nothing useful").unwrap();
    let run = inbox(&site, &[]);
    run.assert_failure();
    assert!(
        run.stderr.contains("feedback.sqlite: is damaged"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_kill_in_the_middle_of_an_import_leaves_the_store_as_it_was() {
    let site = imported();
    let before = stored(&site);
    // A large export, so that the kill lands while its transaction is open.
    let mut big = String::from("id,_date,name,email,suggestion,heard_from\n");
    for i in 0..300_000 {
        big.push_str(&format!("big-{i},2025-10-01T10:00:00Z,Tess {i},tess{i}@mail.example,\"Suggestion number {i}, with a few words to make it longer.\",A friend\n"));
    }
    let file = site.root().join("big.csv");
    std::fs::write(&file, big).unwrap();
    let journal = site.path(".frontdesk/feedback.sqlite-journal");
    let mut killed_mid_write = false;
    for _ in 0..3 {
        let mut child = std::process::Command::new(common::BIN)
            .args([
                "inbox",
                "--site",
                site.dir.to_str().unwrap(),
                "import",
                file.to_str().unwrap(),
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while !journal.exists()
            && start.elapsed() < Duration::from_secs(60)
            && child.try_wait().unwrap().is_none()
        {
            std::thread::sleep(Duration::from_micros(200));
        }
        let writing = journal.exists() && child.try_wait().unwrap().is_none();
        child.kill().unwrap();
        child.wait().unwrap();
        if writing {
            killed_mid_write = true;
            break;
        }
        // The import finished first: start again from the same store.
        assert!(
            stored(&site).len() == before.len() || stored(&site).len() == before.len() + 300_000
        );
        if stored(&site).len() != before.len() {
            panic!("the import finished before it could be killed; make the file larger");
        }
    }
    assert!(killed_mid_write, "never caught the import while it wrote");
    // The next command finds the store whole, with exactly what it held before.
    inbox(&site, &["--format", "json"]).assert_success();
    assert_eq!(stored(&site), before);
    let check: String = Connection::open(store(&site))
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn no_customer_name_or_address_reaches_the_output() {
    let site = imported();
    site.write(
        ".frontdesk/inbox.jsonl",
        std::fs::read(fixture("inbox.jsonl")).unwrap(),
    );
    inbox(&site, &["reply", "1"]).assert_success();
    inbox(
        &site,
        &[
            "act",
            "3",
            "--we-did",
            "More seats outside from May.",
            "--you-said",
            "Seats outside in summer.",
        ],
    )
    .assert_success();
    let mut secrets = Vec::new();
    for m in stored(&site) {
        secrets.extend(m.3);
        secrets.extend(m.4);
    }
    assert!(secrets.len() >= 20, "{secrets:?}");
    let out = site.build_ok(&[]);
    let files = common::snapshot(&out.0);
    assert!(files.len() > 10);
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "{path} holds {s:?}");
        }
    }
}

#[test]
fn the_form_has_an_unticked_quote_box_and_a_channel_field_only_the_script_fills() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    let html = std::fs::read_to_string(out.path("suggestions/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let quote = common::one(&doc, "form input[name=quote_ok]");
    assert_eq!(quote.value().attr("type"), Some("checkbox"));
    assert_eq!(quote.value().attr("checked"), None, "unticked");
    assert_eq!(quote.value().attr("required"), None, "optional");
    let label = common::one(&doc, "form label[for=quote-ok]");
    assert_eq!(
        common::text(label),
        "You may quote my words (without my name) on your \u{201c}You said, we did\u{201d} page"
    );
    // Sent only when ref.js has put a channel in it.
    let channel = common::one(&doc, "form input[name=ref]");
    assert_eq!(channel.value().attr("type"), Some("hidden"));
    assert!(channel.value().attr("disabled").is_some());
    assert_eq!(
        common::select(&doc, "script[src$='ref.js'][defer]").len(),
        1,
        "{html}"
    );
    let script = std::fs::read_to_string(out.path("ref.js")).unwrap();
    assert!(script.contains("field.disabled = false"));
    for kept in [
        "document.cookie",
        "localStorage",
        "sessionStorage",
        "indexedDB",
    ] {
        assert!(!script.contains(kept), "ref.js keeps nothing: {kept}");
    }
}

#[test]
fn the_preview_inbox_page_lists_messages_and_its_buttons_change_the_store() {
    let message = "{\"received\":\"2025-09-01T07:30:00+00:00\",\"fields\":{\"suggestion\":\"Thursday <evenings> would suit me better.\",\"email\":\"pia.keller@mail.example\",\"name\":\"Pia Keller\"}}\n";
    let s = server::start_site(&[], &[(".frontdesk/inbox.jsonl", message)]);
    let page = server::get(&s.addr, "/__frontdesk/inbox/");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body
            .contains("<h2 id=\"m-1\">#1 Pia Keller &lt;pia.keller@mail.example&gt;</h2>"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("<dd>Thursday &lt;evenings&gt; would suit me better.</dd>"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("href=\"mailto:pia%2Ekeller%40mail%2Eexample?subject="),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("<script"),
        "the page needs no JavaScript"
    );
    let press = |path: &str, origin: &str| {
        server::request(
            &s.addr,
            &format!(
                "POST {path} HTTP/1.1\r\nHost: {}\r\nOrigin: {origin}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 4\r\nConnection: close\r\n\r\n",
                s.addr
            ),
            b"id=1",
        )
    };
    let answered = || -> Option<String> {
        Connection::open(s.dir.path().join(".frontdesk/feedback.sqlite"))
            .unwrap()
            .query_row("SELECT answered FROM message WHERE id = 1", [], |r| {
                r.get(0)
            })
            .unwrap()
    };
    let own = format!("http://{}", s.addr);
    // Another site's page cannot press the buttons.
    assert_eq!(
        press("/__frontdesk/inbox/done", "http://evil.example").status,
        403
    );
    assert_eq!(answered(), None);
    // The reply button writes the draft; "Mark answered" waits for the owner's own words.
    let r = press("/__frontdesk/inbox/reply", &own);
    assert_eq!(r.status, 303, "{}", r.head);
    let draft = s.dir.path().join(".frontdesk/drafts/1-reply.eml");
    assert!(draft.is_file());
    let r = press("/__frontdesk/inbox/done", &own);
    assert_eq!(r.status, 303);
    let location = r
        .head
        .lines()
        .find_map(|l| l.strip_prefix("location: "))
        .expect("a location")
        .to_string();
    let back = server::get(&s.addr, &location);
    assert!(
        back.body
            .contains("still holds the place for your own answer"),
        "{}",
        back.body
    );
    assert_eq!(answered(), None);
    let text = std::fs::read_to_string(&draft).unwrap();
    std::fs::write(
        &draft,
        text.replace(drafts_placeholder(), "Thursdays it is, from next week."),
    )
    .unwrap();
    assert_eq!(press("/__frontdesk/inbox/done", &own).status, 303);
    assert!(answered().is_some(), "the button changed the store");
    let page = server::get(&s.addr, "/__frontdesk/inbox/");
    assert!(
        page.body.contains("Nothing waits for an answer."),
        "{}",
        page.body
    );
}

fn drafts_placeholder() -> &'static str {
    "[WRITE YOUR OWN ANSWER HERE, in your own words, then delete this line]"
}

#[test]
fn the_preview_inbox_page_is_not_served_to_other_machines() {
    let s = server::start_with(&["--bind", "0.0.0.0"]);
    let page = server::get(&s.addr, "/__frontdesk/inbox/");
    assert_eq!(page.status, 404, "{}", page.body);
    assert!(
        page.body
            .contains("only when serve listens on this machine alone")
    );
}

const SURVEY: &str = "title: Our winter menu\nintro: Tell us what you thought of the soups.\ngroup: Customers who visited this winter\nopens: 2026-01-05\ncloses: 2099-01-31\nquestions:\n  - {name: soup, label: Which soup did you like best?, type: radio, options: [Leek, Pumpkin, Lentil]}\n  - {name: extras, label: What would you add?, type: checkbox, options: [Bread, Butter, Jam]}\n  - {name: again, label: Would you order it again?, type: checkbox}\n  - {name: more, label: Anything else?, type: textarea}\n";

const CLOSED_SURVEY: &str = "title: Summer terrace\ngroup: Everyone\nopens: 2020-06-01\ncloses: 2020-06-30\nquestions:\n  - {name: terrace, label: Did you sit outside?, type: radio, options: [Yes, No]}\n";

/// A survey's answers from the preview (`inbox.jsonl`) and new details from `/update/`.
const SURVEY_PREVIEW: &str = "{\"received\":\"2026-01-13T09:00:00+00:00\",\"fields\":{\"survey\":\"winter-menu\",\"soup\":\"Leek\",\"more\":\"Warmer room, please\",\"ref\":\"flyer\"}}\n{\"received\":\"2026-01-14T09:00:00+00:00\",\"fields\":{\"update\":\"details\",\"name\":\"Kim Lee\",\"email\":\"kim.new@mail.example\",\"changed\":\"New email address\"}}\n";

fn survey_site() -> Site {
    let site = Site::basic();
    site.write("surveys/winter-menu.yaml", SURVEY);
    site.write("surveys/summer.yaml", CLOSED_SURVEY);
    site
}

#[test]
fn a_survey_page_is_a_form_to_the_sites_endpoint_and_a_closed_one_says_so() {
    let site = survey_site();
    let out = site.build_ok(&[]);
    let doc = out.html("surveys/winter-menu/index.html");
    let form = common::one(&doc, "form.survey-form");
    assert_eq!(
        form.value().attr("action"),
        Some("https://formspree.io/f/testform"),
        "the endpoint of suggestions.yaml"
    );
    let hidden = common::one(&doc, "form input[type=hidden][name=survey]");
    assert_eq!(hidden.value().attr("value"), Some("winter-menu"));
    // Every field people fill has a visible label; no box is ticked beforehand.
    let fields = common::select(
        &doc,
        "form input:not([type=hidden]):not(#hp-field), form textarea, form select",
    );
    assert_eq!(fields.len(), 3 + 3 + 1 + 1, "radios, boxes, yes/no, text");
    for f in &fields {
        let id = f.value().attr("id").expect("an id");
        let label = common::one(&doc, &format!("label[for='{id}']"));
        assert!(!common::text(label).is_empty(), "{id}");
        assert_eq!(f.value().attr("checked"), None, "{id} unticked");
    }
    let legends: Vec<String> = common::select(&doc, "form fieldset legend")
        .into_iter()
        .map(common::text)
        .collect();
    assert_eq!(
        legends,
        ["Which soup did you like best?", "What would you add?"]
    );
    // The honeypot, the channel of a ?ref= link, the privacy page.
    common::one(&doc, ".hp input[name=_gotcha]");
    let channel = common::one(&doc, "form input[name=ref]");
    assert!(channel.value().attr("disabled").is_some());
    assert_eq!(
        common::select(&doc, ".form-card a[href='/privacy/']").len(),
        1
    );
    assert!(out.read("sitemap.xml").contains("/surveys/winter-menu/"));
    // Sent, the answers lead to the survey's own thank-you page, which says who reads them.
    let next = common::one(&doc, "form input[type=hidden][name=_next]");
    assert_eq!(
        next.value().attr("value"),
        Some("https://basic.example/surveys/winter-menu/thanks/")
    );
    let thanks = out.html("surveys/winter-menu/thanks/index.html");
    let lead = common::text(common::one(&thanks, ".page-head .lead"));
    assert!(lead.contains("Thank you for your answers"), "{lead}");
    let next_step = common::text(common::select(&thanks, ".card p")[0]);
    assert!(next_step.contains("reads every answer"), "{next_step}");
    assert!(
        !next_step.contains("suggestion"),
        "not the suggestion form's words: {next_step}"
    );
    // Past its last day: a notice, no form.
    let closed = out.html("surveys/summer/index.html");
    assert!(common::select(&closed, "form.survey-form").is_empty());
    let notice = common::text(common::one(&closed, ".survey-closed"));
    assert!(
        notice.contains("This survey closed on 30 June 2020."),
        "{notice}"
    );
}

#[test]
fn a_survey_of_six_questions_is_refused_at_the_sixth() {
    let site = Site::basic();
    let mut text =
        "title: Too long\ngroup: Everyone\nopens: 2026-01-01\ncloses: 2026-01-31\nquestions:\n"
            .to_string();
    for i in 1..=6 {
        text.push_str(&format!(
            "  - {{name: q{i}, label: Question {i}, type: text}}\n"
        ));
    }
    site.write("surveys/long.yaml", &text);
    let run = site.build(&[]);
    assert_ne!(run.code, Some(0));
    let line = run.error_line("error: surveys/long.yaml:11:5:");
    assert!(line.contains("at most 5 questions"), "{line}");
    site.write("surveys/long.yaml", text.replace("closes:", "clses:"));
    let run = site.build(&[]);
    let line = run.error_line("error: surveys/long.yaml:4:1:");
    assert!(line.contains("did you mean `closes`?"), "{line}");
}

#[test]
fn the_issue_sent_while_a_survey_is_open_links_it_and_every_email_links_update() {
    let site = survey_site();
    site.write(
        "newsletter.yaml",
        "provider: buttondown\nform_url: https://buttondown.com/api/emails/embed-subscribe/basic\nmanage_url: https://buttondown.com/basic/manage\n",
    );
    for (slug, date) in [("2025-12", "2025-12-31"), ("2026-01", "2026-01-31")] {
        site.write(
            &format!("newsletter/{slug}.md"),
            format!("---\nsubject: News {slug}\ndate: {date}\n---\nHello.\n"),
        );
    }
    let mail = site.root().join("mail");
    site.build(&["--email-out", mail.to_str().unwrap()])
        .assert_success();
    let out = site.out();
    let link = "a[href='https://basic.example/surveys/winter-menu/']";
    let january = out.html("newsletter/2026-01/index.html");
    assert_eq!(common::select(&january, link).len(), 1);
    let december = out.html("newsletter/2025-12/index.html");
    assert!(common::select(&december, link).is_empty(), "not open yet");
    let text = std::fs::read_to_string(mail.join("2026-01/email.txt")).unwrap();
    assert!(
        text.contains("Our winter menu (4 questions, open until 31 January 2099)\nhttps://basic.example/surveys/winter-menu/"),
        "{text}"
    );
    assert!(text.contains("Update your details: https://basic.example/update/"));
    let html = std::fs::read_to_string(mail.join("2026-01/email.html")).unwrap();
    assert!(html.contains("href=\"https://basic.example/update/\""));
    // The page itself links the provider's page for subscribers.
    let update = out.html("update/index.html");
    assert_eq!(
        common::select(
            &update,
            "main a[href='https://buttondown.com/basic/manage']"
        )
        .len(),
        1
    );
}

#[test]
fn the_update_page_is_linked_from_every_footer_and_the_contact_page() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    let doc = out.html("update/index.html");
    let form = common::one(&doc, "form.update-form");
    assert_eq!(
        form.value().attr("action"),
        Some("https://formspree.io/f/testform")
    );
    let marker = common::one(&doc, "form input[type=hidden][name=update]");
    assert_eq!(marker.value().attr("value"), Some("details"));
    // Sent, new details lead to their own thank-you page.
    let next = common::one(&doc, "form input[type=hidden][name=_next]");
    assert_eq!(
        next.value().attr("value"),
        Some("https://basic.example/update/thanks/")
    );
    let thanks = out.html("update/thanks/index.html");
    let lead = common::text(common::one(&thanks, ".page-head .lead"));
    assert!(lead.contains("we have your new details"), "{lead}");
    let next_step = common::text(common::select(&thanks, ".card p")[0]);
    assert!(next_step.contains("will update our records"), "{next_step}");
    for name in ["name", "email", "phone", "changed"] {
        let f = common::one(&doc, &format!("form [name={name}]"));
        let id = f.value().attr("id").unwrap();
        common::one(&doc, &format!("label[for='{id}']"));
    }
    let pages = out.html_files();
    assert!(pages.len() > 15, "{pages:?}");
    for page in pages {
        let d = out.html(&page);
        assert_eq!(
            common::select(&d, "footer a[href='/update/']").len(),
            1,
            "{page}"
        );
    }
    let contact = out.html("contact/index.html");
    assert_eq!(common::select(&contact, "main a[href='/update/']").len(), 1);
}

#[test]
fn survey_answers_and_new_details_are_recognised_counted_and_kept_private() {
    let site = survey_site();
    site.write(".frontdesk/inbox.jsonl", SURVEY_PREVIEW);
    inbox(&site, &["import", &fixture("survey-formspree.csv")]).assert_success();
    let s = stored(&site);
    let forms: Vec<&str> = s.iter().map(|m| m.1.as_str()).collect();
    assert_eq!(forms, ["survey", "update", "survey", "survey", "update"]);
    // The marker of new details is not kept as an answer; the survey's name is.
    let mut details = s[1].5.clone();
    details.sort();
    assert_eq!(
        details,
        pairs(&[
            ("changed", "New email address"),
            ("email", "kim.new@mail.example"),
            ("name", "Kim Lee"),
        ])
    );
    assert!(s[2].5.contains(&("survey".into(), "winter-menu".into())));

    let run = inbox(&site, &["survey", "winter-menu", "--format", "json"]);
    run.assert_success();
    let t: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(t["answers"], 3);
    let counts = |q: usize| -> Vec<(String, u64)> {
        t["questions"][q]["counts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["choice"].as_str().unwrap().to_string(),
                    c["count"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let want = |v: &[(&str, u64)]| -> Vec<(String, u64)> {
        v.iter().map(|(c, n)| (c.to_string(), *n)).collect()
    };
    assert_eq!(
        counts(0),
        want(&[("Leek", 2), ("Pumpkin", 1), ("Lentil", 0)])
    );
    assert_eq!(counts(1), want(&[("Bread", 2), ("Butter", 1), ("Jam", 0)]));
    assert_eq!(t["questions"][1]["unanswered"], 1);
    assert_eq!(counts(2), want(&[("yes", 1)]));
    let texts: Vec<&str> = t["questions"][3]["texts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["value"].as_str().unwrap())
        .collect();
    // In the order they were sent.
    assert_eq!(texts, ["More bread please", "Warmer room, please"]);

    let run = inbox(&site, &["survey", "winter-menu"]);
    run.assert_success();
    assert!(
        run.stdout
            .contains("Our winter menu (surveys/winter-menu.yaml): 3 answers"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("\n  Leek: 2\n"), "{}", run.stdout);
    let run = inbox(&site, &["survey", "winter-men"]);
    assert_ne!(run.code, Some(0));
    assert!(
        run.stderr.contains("did you mean `winter-menu`?"),
        "{}",
        run.stderr
    );

    // The waiting list holds the new details, not the survey's answers.
    let run = inbox(&site, &["--format", "json"]);
    let rows: Value = serde_json::from_str(&run.stdout).unwrap();
    let forms: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["form"].as_str().unwrap())
        .collect();
    assert_eq!(forms, ["update", "update"]);

    // A reply ends with the page where details are updated.
    let run = inbox(&site, &["reply", "2"]);
    run.assert_success();
    let eml = parse_eml(&draft_path(&run));
    let body = eml.body_text(0).unwrap();
    assert!(
        body.contains(
            "If your details change, you can tell us here: https://basic.example/update/"
        ),
        "{body}"
    );

    // Nothing customers sent reaches the output.
    let out = site.build_ok(&[]);
    let mut secrets: Vec<String> = Vec::new();
    for m in stored(&site) {
        secrets.extend(m.3);
        secrets.extend(m.4);
        secrets.extend(m.5.into_iter().map(|(_, v)| v).filter(|v| v.len() > 12));
    }
    assert!(secrets.len() >= 8, "{secrets:?}");
    for (path, bytes) in common::snapshot(&out.0) {
        let text = String::from_utf8_lossy(&bytes);
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "{path} holds {s:?}");
        }
    }
}
