//! The preview server under hostile or heavy input, over raw sockets: each test here failed
//! on the tiny_http server of 8e2d9d2 (abort, lost submissions, Host not checked, thread per
//! stream, a symlinked file served after it left the site).

#[path = "preview/server.rs"]
mod server;

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use server::*;

/// The process is alive and still serves pages.
fn assert_alive(s: &mut Server) {
    assert!(
        s.child.try_wait().unwrap().is_none(),
        "serve exited: {:?}",
        s.child.try_wait()
    );
    assert_eq!(
        get(&s.addr, "/blog/hello/").status,
        200,
        "serve still serves"
    );
}

#[test]
fn a_huge_content_length_is_refused_without_allocating() {
    let mut s = start();
    for head in [
        "GET / HTTP/1.1\r\nHost: {a}\r\nContent-Length: 30000000000\r\nConnection: close\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: {a}\r\nContent-Length: 30000000000\r\nConnection: close\r\n\r\n",
        "POST /__frontdesk/suggestions HTTP/1.1\r\nHost: {a}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 30000000000\r\nConnection: close\r\n\r\n",
        "POST /__frontdesk/suggestions HTTP/1.1\r\nHost: {a}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n100000\r\n",
    ] {
        let mut st = TcpStream::connect(&s.addr).unwrap();
        st.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        st.write_all(head.replace("{a}", &s.addr).as_bytes())
            .unwrap();
        // Some body bytes, far fewer than announced; then read whatever comes back.
        st.write_all(&[b'x'; 70 * 1024]).ok();
        let mut buf = Vec::new();
        st.read_to_end(&mut buf).ok();
        let reply = String::from_utf8_lossy(&buf);
        if head.starts_with("POST /__frontdesk") {
            assert!(reply.starts_with("HTTP/1.1 413"), "{head}: {reply}");
        }
        assert_alive(&mut s);
    }
}

#[test]
fn oversized_headers_are_refused_and_the_server_lives() {
    let mut s = start();
    let big = "x".repeat(64 * 1024);
    let r = request(
        &s.addr,
        &format!(
            "GET / HTTP/1.1\r\nHost: {}\r\nX-Big: {big}\r\nConnection: close\r\n\r\n",
            s.addr
        ),
        b"",
    );
    assert!(r.status == 431 || r.status == 0, "status {}", r.status);
    assert_alive(&mut s);
}

#[test]
fn only_this_machine_is_accepted_as_host() {
    let s = start();
    let port = s.addr.rsplit(':').next().unwrap().to_string();
    let raw = |host: &str, path: &str, method: &str, extra: &str, body: &str| {
        request(
            &s.addr,
            &format!(
                "{method} {path} HTTP/1.1\r\nHost: {host}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            ),
            body.as_bytes(),
        )
    };
    // DNS rebinding: the attacker's name, with its own (matching) Origin.
    for host in ["evil.example", &format!("evil.example:{port}")] {
        let origin = format!("Origin: http://{host}\r\n");
        assert_eq!(raw(host, "/", "GET", "", "").status, 403, "{host}");
        assert_eq!(
            raw(host, "/__frontdesk/events", "GET", &origin, "").status,
            403
        );
        let form = raw(
            host,
            "/__frontdesk/suggestions",
            "POST",
            &format!("{origin}Content-Type: application/x-www-form-urlencoded\r\n"),
            "suggestion=hi",
        );
        assert_eq!(form.status, 403);
    }
    assert!(!s.dir.path().join(".frontdesk/inbox.jsonl").exists());
    for host in [
        s.addr.clone(),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(raw(&host, "/", "GET", "", "").status, 200, "{host}");
    }
    let no_host = request(&s.addr, "GET / HTTP/1.0\r\nConnection: close\r\n\r\n", b"");
    assert_eq!(no_host.status, 400);

    // --allowed-host lets a name in (a container or a tunnel), and only that name.
    let t = start_with(&["--allowed-host", "preview.test"]);
    let ok = request(
        &t.addr,
        "GET / HTTP/1.1\r\nHost: preview.test:80\r\nConnection: close\r\n\r\n",
        b"",
    );
    assert_eq!(ok.status, 200);
    let bad = request(
        &t.addr,
        "GET / HTTP/1.1\r\nHost: other.test\r\nConnection: close\r\n\r\n",
        b"",
    );
    assert_eq!(bad.status, 403);
}

fn post_form(addr: &str, body: &str) -> Reply {
    request(
        addr,
        &format!(
            "POST /__frontdesk/suggestions HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        ),
        body.as_bytes(),
    )
}

#[test]
fn concurrent_submissions_are_each_one_whole_line() {
    let s = start();
    let threads: Vec<_> = (0..16)
        .map(|t| {
            let addr = s.addr.clone();
            std::thread::spawn(move || {
                for i in 0..13 {
                    let long = "oat milk ".repeat(200);
                    let r = post_form(
                        &addr,
                        &format!("suggestion=t{t}-i{i}+{long}&email=a%40b.example&_gotcha="),
                    );
                    assert_eq!(r.status, 303, "{}", r.head);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    // Every 303 was sent after its line was written: no waiting needed.
    let inbox = fs::read_to_string(s.dir.path().join(".frontdesk/inbox.jsonl")).unwrap();
    let mut seen: Vec<String> = inbox
        .lines()
        .map(|l| {
            let v: serde_json::Value =
                serde_json::from_str(l).unwrap_or_else(|e| panic!("corrupt line {e}: {l}"));
            let s = v["fields"]["suggestion"].as_str().unwrap();
            s.split(' ').next().unwrap().to_string()
        })
        .collect();
    assert_eq!(seen.len(), 16 * 13, "every submission is in the inbox once");
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 16 * 13, "no submission is duplicated or lost");
}

#[test]
fn a_required_answer_left_empty_is_refused_with_the_form() {
    let s = start();
    let r = post_form(&s.addr, "suggestion=++&email=&_gotcha=");
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("Please answer: What could we do better?"),
        "the message names the question"
    );
    assert!(r.body.contains("<form"), "the form is shown again");
    let missing = post_form(&s.addr, "email=a%40b.example");
    assert_eq!(missing.status, 422);
    assert!(!s.dir.path().join(".frontdesk/inbox.jsonl").exists());
    assert_eq!(post_form(&s.addr, "suggestion=Later+hours").status, 303);
    // A form that no longer requires it accepts it (the rules follow the rebuilt site).
    write(
        s.dir.path(),
        "suggestions.yaml",
        "endpoint: https://formspree.io/f/x\nquestions:\n  - {name: suggestion, label: What could we do better?, type: textarea}\n",
    );
    let deadline = Instant::now() + Duration::from_secs(15);
    while post_form(&s.addr, "email=").status != 303 {
        assert!(
            Instant::now() < deadline,
            "the new form rules were not applied"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Threads of a process, from /proc.
fn threads(pid: u32) -> usize {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

fn open_stream(addr: &str) -> (TcpStream, String) {
    let mut st = TcpStream::connect(addr).unwrap();
    st.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    st.write_all(
        format!(
            "GET /__frontdesk/events HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\r\n"
        )
        .as_bytes(),
    )
    .unwrap();
    let mut buf = [0u8; 512];
    let n = st.read(&mut buf).unwrap_or(0);
    (st, String::from_utf8_lossy(&buf[..n]).into_owned())
}

#[test]
fn many_live_reload_streams_cost_no_threads_and_never_stop_the_server() {
    let mut s = start();
    let pid = s.child.id();
    let base = threads(pid);
    // 1,500 streams opened and closed, 150 at a time.
    for _ in 0..10 {
        let open: Vec<_> = (0..150).map(|_| open_stream(&s.addr)).collect();
        for (_, head) in &open {
            assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        }
        assert!(
            threads(pid) <= base + 4,
            "streams must not cost threads: {} threads with 150 streams open (was {base})",
            threads(pid)
        );
        drop(open);
    }
    // Closed streams free their slots: the limit is on open streams, and 200 more fit.
    let deadline = Instant::now() + Duration::from_secs(20);
    let again: Vec<_> = (0..200)
        .map(|_| {
            loop {
                let (st, head) = open_stream(&s.addr);
                if head.starts_with("HTTP/1.1 200") {
                    break st;
                }
                assert!(
                    Instant::now() < deadline,
                    "closed streams were not released: {head}"
                );
                std::thread::sleep(Duration::from_millis(100));
            }
        })
        .collect();
    // Past the limit of open streams, a new one is refused, and pages are still served.
    let extra: Vec<_> = (0..100).map(|_| open_stream(&s.addr)).collect();
    assert!(
        extra.iter().any(|(_, h)| h.starts_with("HTTP/1.1 503")),
        "the number of open streams is bounded"
    );
    assert_alive(&mut s);
    // A rebuild reaches the open streams (the first build was generation 1).
    write(s.dir.path(), "posts/hello.md", &post("After the streams"));
    let mut st = again.into_iter().next().unwrap();
    let mut got = String::new();
    let mut buf = [0u8; 1024];
    let deadline = Instant::now() + Duration::from_secs(10);
    while !got.contains("event: gen\ndata: 2") {
        assert!(
            Instant::now() < deadline,
            "no event after a rebuild: {got}\n--- serve said:\n{}",
            s.log.lock().unwrap().join("\n")
        );
        let n = st.read(&mut buf).unwrap_or(0);
        got.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
}

#[test]
fn a_static_file_swapped_for_a_symlink_outside_is_never_served() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    fs::write(&secret, "TOP SECRET").unwrap();
    let s = start_site(&[], &[("static/notes.txt", "public notes")]);
    assert_eq!(get(&s.addr, "/notes.txt").body, "public notes");
    let path = s.dir.path().join("static/notes.txt");
    fs::remove_file(&path).unwrap();
    std::os::unix::fs::symlink(&secret, &path).unwrap();
    // Ask at once and again while the watcher catches up: never the outside file.
    for _ in 0..50 {
        let r = get(&s.addr, "/notes.txt");
        assert!(
            !r.body.contains("TOP SECRET"),
            "served a file outside the site"
        );
    }
}

fn post_signup(addr: &str, body: &str) -> Reply {
    request(
        addr,
        &format!(
            "POST /__frontdesk/newsletter HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        ),
        body.as_bytes(),
    )
}

#[test]
fn the_preview_signs_up_into_the_inbox_and_shows_each_issues_email() {
    let s = start_site(
        &[],
        &[
            (
                "newsletter.yaml",
                "provider: buttondown\nform_url: https://buttondown.com/api/emails/embed-subscribe/x\ntopics: [News]\n",
            ),
            (
                "newsletter/2026-01.md",
                "---\nsubject: January news\ndate: 2026-01-31\n---\nHello, readers.\n",
            ),
        ],
    );
    // The signup page posts to the preview, not to the provider.
    let deadline = Instant::now() + Duration::from_secs(20);
    let page = loop {
        let page = get(&s.addr, "/newsletter/");
        if page.status != 503 || Instant::now() > deadline {
            break page;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("action=\"/__frontdesk/newsletter\""),
        "{}",
        page.body
    );
    // Without an email address: refused with the page and a message.
    let r = post_signup(&s.addr, "email=&metadata__name=Bo");
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Email address") && r.body.contains("<form"));
    // A filled honeypot is dropped silently.
    assert_eq!(
        post_signup(&s.addr, "email=bot%40x.example&website=spam").status,
        303
    );
    let inbox = s.dir.path().join(".frontdesk/inbox.jsonl");
    assert!(!inbox.exists(), "nothing saved for a bot or a refusal");
    let ok = post_signup(
        &s.addr,
        "email=bo%40x.example&metadata__name=Bo&tag=News&heard_from=A+friend",
    );
    assert_eq!(ok.status, 303);
    assert!(
        ok.head.contains("location: /newsletter/thanks/")
            || ok.head.contains("Location: /newsletter/thanks/"),
        "{}",
        ok.head
    );
    let line: serde_json::Value =
        serde_json::from_str(fs::read_to_string(&inbox).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!(line["fields"]["form"], "newsletter");
    assert_eq!(line["fields"]["email"], "bo@x.example");
    assert_eq!(line["fields"]["tag"], "News");
    // The email preview: the issue at 600 px and at phone width, and its text part.
    let preview = get(&s.addr, "/__frontdesk/newsletter/2026-01/");
    assert_eq!(preview.status, 200);
    assert!(preview.body.contains("width=\"600\"") && preview.body.contains("width=\"375\""));
    assert!(
        preview.body.contains("Hello, readers."),
        "the text part is shown"
    );
    let email = get(&s.addr, "/__frontdesk/newsletter/2026-01/email.html");
    assert_eq!(email.status, 200);
    assert!(
        email.body.contains("January news") && email.body.contains("{{ unsubscribe_url }}"),
        "{}",
        email.body
    );
}

/// Sends `head` (and nothing more) on a new connection and reads what comes back within
/// `wait`: the reply, and whether the server closed the connection (else the read timed out).
fn send_head_and_wait(addr: &str, head: &str, wait: Duration) -> (String, bool) {
    let mut st = TcpStream::connect(addr).unwrap();
    st.set_read_timeout(Some(wait)).unwrap();
    st.write_all(head.as_bytes()).unwrap();
    let mut buf = Vec::new();
    let closed = st.read_to_end(&mut buf).is_ok();
    (String::from_utf8_lossy(&buf).into_owned(), closed)
}

#[test]
fn a_form_announcing_a_huge_body_is_refused_at_the_headers() {
    let mut s = start();
    for path in ["/__frontdesk/suggestions", "/__frontdesk/newsletter"] {
        for expect in ["", "Expect: 100-continue\r\n"] {
            let head = format!(
                "POST {path} HTTP/1.1\r\nHost: {a}\r\nOrigin: http://{a}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 30000000000\r\n{expect}\r\n",
                a = s.addr
            );
            // Not one byte of the body is sent: the answer must come from the headers alone,
            // and never be `100 Continue`.
            let (reply, _) = send_head_and_wait(&s.addr, &head, Duration::from_secs(5));
            assert!(
                reply.starts_with("HTTP/1.1 413"),
                "{path} {expect:?}: {reply:?}"
            );
        }
    }
    assert_alive(&mut s);
}

#[test]
fn a_form_body_that_never_arrives_is_timed_out() {
    let mut s = start();
    let head = format!(
        "POST /__frontdesk/suggestions HTTP/1.1\r\nHost: {a}\r\nOrigin: http://{a}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nsuggestion=x",
        a = s.addr
    );
    let start = Instant::now();
    let (reply, closed) = send_head_and_wait(&s.addr, &head, Duration::from_secs(20));
    assert!(
        closed,
        "the stalled body was still awaited after {:?}",
        start.elapsed()
    );
    assert!(
        reply.is_empty() || reply.starts_with("HTTP/1.1 408"),
        "{reply:?}"
    );
    assert!(
        start.elapsed() < Duration::from_secs(15),
        "{:?}",
        start.elapsed()
    );
    assert!(!s.dir.path().join(".frontdesk/inbox.jsonl").exists());
    assert_alive(&mut s);
}

#[test]
fn stalled_form_posts_do_not_lock_out_pages() {
    let mut s = start();
    // As many stalled posts as the server has connections: each sends its headers and a
    // little of a plausible body, then nothing.
    let stalled: Vec<TcpStream> = (0..512)
        .map(|i| {
            let path = if i % 2 == 0 {
                "/__frontdesk/suggestions"
            } else {
                "/__frontdesk/newsletter"
            };
            let mut st = TcpStream::connect(&s.addr).unwrap();
            write!(
                st,
                "POST {path} HTTP/1.1\r\nHost: {a}\r\nOrigin: http://{a}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 2000\r\n\r\nsuggestion=",
                a = s.addr
            )
            .unwrap();
            st
        })
        .collect();
    // Meanwhile, pages are served at once.
    for _ in 0..5 {
        let start = Instant::now();
        let mut st = TcpStream::connect(&s.addr).unwrap();
        st.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
        write!(
            st,
            "GET / HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            s.addr
        )
        .unwrap();
        let mut buf = Vec::new();
        st.read_to_end(&mut buf).ok();
        let reply = String::from_utf8_lossy(&buf);
        assert!(
            reply.starts_with("HTTP/1.1 200"),
            "GET / during 512 stalled posts, after {:?}: {:?}",
            start.elapsed(),
            &reply[..reply.len().min(200)]
        );
        assert!(start.elapsed() < Duration::from_secs(2));
    }
    drop(stalled);
    assert_alive(&mut s);
}

#[test]
fn a_request_with_two_host_headers_is_refused() {
    let s = start();
    for second in [s.addr.clone(), "evil.example".to_string()] {
        let r = request(
            &s.addr,
            &format!(
                "GET / HTTP/1.1\r\nHost: {}\r\nHost: {second}\r\nConnection: close\r\n\r\n",
                s.addr
            ),
            b"",
        );
        assert_eq!(r.status, 400, "Host: {second}: {}", r.head);
    }
    assert_eq!(get(&s.addr, "/").status, 200);
}

#[test]
fn an_inbox_that_is_a_symlink_is_never_written_through() {
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("elsewhere.jsonl");
    fs::write(&target, "untouched\n").unwrap();
    let s = start();
    let private = s.dir.path().join(".frontdesk");

    // The inbox file points outside the site (the folder may be there already: the
    // preview keeps its image cache in it).
    fs::create_dir_all(&private).unwrap();
    std::os::unix::fs::symlink(&target, private.join("inbox.jsonl")).unwrap();
    let r = post_form(&s.addr, "suggestion=through+the+link");
    assert_eq!(r.status, 500, "{}", r.head);
    assert_eq!(fs::read_to_string(&target).unwrap(), "untouched\n");
    let line = s.log_line("symbolic link").expect("the log says why");
    assert!(line.contains("inbox.jsonl"), "{line}");

    // The inbox's folder points outside the site.
    fs::remove_dir_all(&private).unwrap();
    std::os::unix::fs::symlink(outside.path(), &private).unwrap();
    let r = post_form(&s.addr, "suggestion=through+the+folder");
    assert_eq!(r.status, 500, "{}", r.head);
    assert_eq!(fs::read_to_string(&target).unwrap(), "untouched\n");
    assert!(!outside.path().join("inbox.jsonl").exists());

    // A real folder again: submissions are saved.
    fs::remove_file(&private).unwrap();
    assert_eq!(post_form(&s.addr, "suggestion=saved").status, 303);
    assert!(private.join("inbox.jsonl").is_file());
}
