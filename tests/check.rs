//! `frontdesk check` against a local HTTP server (never the internet) that answers 200,
//! 301, 302, 404, 405 to HEAD, 429 with Retry-After, 503, too slowly, and not at all.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;

/// Requests seen, by method and path.
type Seen = Arc<Mutex<HashMap<String, usize>>>;

fn serve() -> (u16, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen: Seen = Arc::default();
    let s = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let s = s.clone();
            std::thread::spawn(move || answer(stream, &s));
        }
    });
    (port, seen)
}

fn answer(mut stream: TcpStream, seen: &Seen) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let (method, path) = (
            parts.next().unwrap_or("").to_string(),
            parts.next().unwrap_or("").to_string(),
        );
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                break;
            }
        }
        let n = {
            let mut seen = seen.lock().unwrap();
            let n = seen.entry(format!("{method} {path}")).or_default();
            *n += 1;
            *n
        };
        let reply = |status: &str, extra: &str| {
            format!("HTTP/1.1 {status}\r\ncontent-length: 0\r\n{extra}\r\n")
        };
        let response = match path.as_str() {
            "/ok" => reply("200 OK", ""),
            "/old" => reply("301 Moved Permanently", "location: /ok\r\n"),
            "/temp" => reply("302 Found", "location: /ok\r\n"),
            "/gone" => reply("404 Not Found", ""),
            "/nohead" if method == "HEAD" => reply("405 Method Not Allowed", ""),
            "/nohead" => reply("200 OK", ""),
            "/busy" if n == 1 => reply("429 Too Many Requests", "retry-after: 1\r\n"),
            "/busy" => reply("200 OK", ""),
            "/down" => reply("503 Service Unavailable", ""),
            "/slow" => {
                std::thread::sleep(Duration::from_secs(3));
                reply("200 OK", "")
            }
            // Closed without an answer.
            "/reset" => return,
            _ => reply("404 Not Found", ""),
        };
        if stream.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

fn site(port: u16) -> Site {
    let s = Site::basic();
    let u = |p: &str| format!("http://127.0.0.1:{port}{p}");
    s.write(
        "posts/links.md",
        format!(
            "---\ntitle: Links out\ndate: 2024-01-02\ndescription: Links.\n---\n[ok]({}) [old]({}) [temp]({})\n[gone]({}) [nohead]({}) [busy]({})\n[down]({}) [slow]({}) [reset]({})\n[write](mailto:nobody) [call](tel:555-0199) [good](tel:+12075550199)\n",
            u("/ok"), u("/old"), u("/temp"), u("/gone"), u("/nohead"), u("/busy"), u("/down"), u("/slow"), u("/reset")
        ),
    );
    s
}

/// `check` found something broken: exit code 1, the report on stdout.
#[track_caller]
fn assert_found(run: &Run) {
    assert_eq!(run.code, Some(1), "{}\n{}", run.stdout, run.stderr);
    assert!(!run.stdout.is_empty());
}

/// Where `needle` starts in the site's file `rel`: `rel:line:col`.
fn at(s: &Site, rel: &str, needle: &str) -> String {
    let text = s.read(rel);
    let i = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in {rel}"));
    let line = text[..i].matches('\n').count() + 1;
    let col = text[..i].rsplit('\n').next().unwrap().chars().count() + 1;
    format!("{rel}:{line}:{col}")
}

fn check(s: &Site, extra: &[&str]) -> Run {
    let dir = s.dir.to_str().unwrap();
    let mut args = vec!["check", dir, "--timeout", "1"];
    args.extend_from_slice(extra);
    frontdesk(s.root(), &args)
}

#[test]
fn check_reports_each_answer_at_its_source_and_caches_lasting_ones() {
    let (port, seen) = serve();
    let s = site(port);
    let run = check(&s, &[]);
    assert_found(&run);
    let out = &run.stdout;
    let url = |p: &str| format!("http://127.0.0.1:{port}{p}");
    let p = |n: &str| at(&s, "posts/links.md", &format!("[{n}]("));
    let expect = [
        format!(
            "error: {}: 404 Not Found\n    {}\n",
            url("/gone"),
            p("gone")
        ),
        format!(
            "error: {}: 503 Service Unavailable\n    {}\n",
            url("/down"),
            p("down")
        ),
        format!(
            "error: {}: no answer within 1 s\n    {}\n",
            url("/slow"),
            p("slow")
        ),
        format!(
            "error: {}: the connection failed before an answer came (reset or closed)\n    {}\n",
            url("/reset"),
            p("reset")
        ),
        format!(
            "error: mailto:nobody: `mailto:nobody` is not an email address with a domain (name@example.com)\n    {}\n",
            p("write")
        ),
        format!(
            "error: tel:555-0199: `tel:555-0199` is not a full international number (+, country code, number): phones abroad, and some at home, cannot dial it\n    {}\n",
            p("call")
        ),
        format!(
            "warning: {}: 301 -> {}: it has moved for good; link to the new address\n    {}\n",
            url("/old"),
            url("/ok"),
            p("old")
        ),
    ];
    for e in &expect {
        assert!(out.contains(e.as_str()), "missing {e:?} in:\n{out}");
    }
    // Answers that work are not reported: 200, a temporary redirect, GET after a refused
    // HEAD, 200 after waiting as Retry-After asked.
    for fine in ["/ok", "/temp", "/nohead", "/busy"] {
        let reported = out.lines().any(|l| {
            l.starts_with(&format!("error: {}:", url(fine)))
                || l.starts_with(&format!("warning: {}:", url(fine)))
        });
        assert!(!reported, "{fine} reported:\n{out}");
    }
    let seen_now = seen.lock().unwrap().clone();
    assert_eq!(
        seen_now.get("HEAD /busy"),
        Some(&2),
        "asked again after Retry-After"
    );
    assert_eq!(
        seen_now.get("GET /nohead"),
        Some(&1),
        "GET after 405 to HEAD"
    );
    assert!(out.contains("Checked "), "{out}");
    assert!(run.stderr.contains("error: 6 broken"), "{}", run.stderr);

    // Again: the lasting answers (200, moved, 404) come from the cache; the others are asked again.
    let again = check(&s, &[]);
    assert_found(&again);
    assert!(
        again.stdout.contains("answered from the cache"),
        "{}",
        again.stdout
    );
    let seen_again = seen.lock().unwrap().clone();
    for cached in [
        "HEAD /ok",
        "HEAD /old",
        "HEAD /gone",
        "GET /nohead",
        "HEAD /temp",
    ] {
        assert_eq!(
            seen_again.get(cached),
            seen_now.get(cached),
            "{cached} asked again"
        );
    }
    for asked in ["HEAD /down", "HEAD /reset"] {
        assert!(
            seen_again.get(asked) > seen_now.get(asked),
            "{asked} not asked again"
        );
    }
    assert!(
        again
            .stdout
            .contains(&format!("error: {}: 404 Not Found", url("/gone")))
    );

    // Offline: nothing is asked, only the links of the site itself and mailto/tel.
    let before = seen.lock().unwrap().values().sum::<usize>();
    let offline = check(&s, &["--offline", "--no-cache"]);
    assert_found(&offline);
    assert_eq!(
        seen.lock().unwrap().values().sum::<usize>(),
        before,
        "--offline asked the network"
    );
    assert!(
        offline.stdout.contains("not checked: --offline"),
        "{}",
        offline.stdout
    );
    assert!(!offline.stdout.contains("/gone"), "{}", offline.stdout);
}

#[test]
fn check_writes_nothing_and_gives_json_for_ci() {
    let s = Site::basic();
    s.write(
        "posts/broken.md",
        "---\ntitle: Broken\ndate: 2024-01-02\ndescription: B.\n---\nSee [x](winter-storage.md).\n",
    );
    let run = check(&s, &["--offline", "--format", "json"]);
    assert_found(&run);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    let problems = report["problems"].as_array().unwrap();
    let first = &problems[0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["kind"], "internal-link");
    assert_eq!(first["places"][0]["file"], "posts/broken.md");
    assert_eq!(first["places"][0]["line"], 6);
    assert_eq!(first["places"][0]["column"], 5);
    assert!(!s.out().path("").exists(), "check wrote an output folder");
    // A clean site passes.
    s.remove("posts/broken.md");
    let ok = check(&s, &["--offline"]);
    ok.assert_success();
    assert!(ok.stdout.contains("0 errors"), "{}", ok.stdout);
}
