//! `frontdesk serve` end to end: the real binary on a free port, driven over HTTP.

#[path = "preview/server.rs"]
mod server;

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use server::*;

#[test]
fn serves_pages_and_shows_edits() {
    let s = start();
    let home = get(&s.addr, "/");
    assert_eq!(home.status, 200);
    assert!(
        home.body.contains("/__frontdesk/events"),
        "the live-reload script is injected"
    );
    assert!(get(&s.addr, "/blog/hello/").body.contains("First title"));
    assert_eq!(get(&s.addr, "/ok.txt").body, "fine");
    write(s.dir.path(), "posts/hello.md", &post("Second title"));
    wait_for(&s.addr, "/blog/hello/", "the edited title", |r| {
        r.body.contains("Second title")
    });
    // A new post in a new folder made with mkdir -p appears too.
    write(s.dir.path(), "posts/a/b/new.md", &post("Brand new"));
    wait_for(&s.addr, "/blog/new/", "the new post", |r| {
        r.status == 200 && r.body.contains("Brand new")
    });
    fs::remove_dir_all(s.dir.path().join("posts/a")).unwrap();
    wait_for(&s.addr, "/blog/new/", "the removed post to go", |r| {
        r.status == 404
    });
}

#[test]
fn atomic_rename_save_is_picked_up() {
    let s = start();
    let d = s.dir.path();
    let tmp = write(d, "posts/hello.md___jb_tmp___", &post("Saved atomically"));
    fs::rename(&tmp, d.join("posts/hello.md")).unwrap();
    wait_for(&s.addr, "/blog/hello/", "the renamed-in content", |r| {
        r.body.contains("Saved atomically")
    });
    assert_eq!(get(&s.addr, "/blog/hello.md___jb_tmp___/").status, 404);
}

#[test]
fn a_broken_edit_shows_the_overlay_and_keeps_the_page() {
    let s = start();
    let d = s.dir.path();
    write(
        d,
        "posts/hello.md",
        "---\ntitle: [oops <b>\ndate: 2024-05-01\n---\n",
    );
    let r = wait_for(&s.addr, "/blog/hello/", "the error overlay", |r| {
        r.body.contains("id=\"frontdesk-error\"")
    });
    assert!(
        r.body.contains("First title"),
        "the last good page is still served"
    );
    assert!(
        r.body.contains("posts/hello.md:2:"),
        "the overlay names file and line"
    );
    assert!(
        !r.body.contains("<b>\n") && !r.body.contains("[oops <b>"),
        "the message is escaped"
    );
    write(d, "posts/hello.md", &post("Fixed title"));
    wait_for(&s.addr, "/blog/hello/", "the fix", |r| {
        r.body.contains("Fixed title") && !r.body.contains("frontdesk-error")
    });
}

#[test]
fn nothing_outside_the_site_is_served() {
    let s = start();
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.txt", "secret");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        s.dir.path().join("static/link.txt"),
    )
    .unwrap();
    write(s.dir.path(), "static/trigger.txt", "t");
    wait_for(&s.addr, "/trigger.txt", "the static file", |r| {
        r.status == 200
    });
    for path in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/..\\..\\etc\\passwd",
        "//etc/passwd",
        "/link.txt",
        "/%2e%2e%5csite.yaml",
        "/../site.yaml",
        "/posts/hello.md",
    ] {
        let r = get(&s.addr, path);
        assert_eq!(r.status, 404, "{path}");
        assert!(
            !r.body.contains("root:") && !r.body.contains("secret") && !r.body.contains("base_url"),
            "{path}"
        );
    }
    assert_eq!(get(&s.addr, "/%ff").status, 400);
    let r = request(
        &s.addr,
        &format!(
            "BREW / HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            s.addr
        ),
        b"",
    );
    assert!(r.status >= 400, "unknown method: {}", r.status);
    assert_eq!(get(&s.addr, "/").status, 200, "still up after bad requests");
}

#[test]
fn the_form_lands_in_the_inbox() {
    let s = start();
    let form = get(&s.addr, "/suggestions/");
    assert!(
        form.body.contains("action=\"/__frontdesk/suggestions\""),
        "the preview form posts to the server"
    );
    let post_form = |body: &str| {
        request(
            &s.addr,
            &format!(
                "POST /__frontdesk/suggestions HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                s.addr,
                body.len()
            ),
            body.as_bytes(),
        )
    };
    let r = post_form("suggestion=More+oat+milk&_gotcha=");
    assert_eq!(r.status, 303);
    assert!(
        r.head
            .to_ascii_lowercase()
            .contains("location: /suggestions/thanks/"),
        "{}",
        r.head
    );
    // Another form of the site names its own thank-you page; a foreign one is ignored.
    let update = get(&s.addr, "/update/");
    assert!(
        update
            .body
            .contains("name=\"_next\" value=\"/update/thanks/\""),
        "{}",
        update.body
    );
    let r = post_form("update=details&name=Kim&changed=New+phone&_next=%2Fupdate%2Fthanks%2F");
    assert_eq!(r.status, 303);
    assert!(
        r.head
            .to_ascii_lowercase()
            .contains("location: /update/thanks/"),
        "{}",
        r.head
    );
    assert_eq!(get(&s.addr, "/update/thanks/").status, 200);
    let r = post_form("update=details&name=Kim&changed=x&_next=%2F%2Fevil.example%2F");
    assert!(
        r.head
            .to_ascii_lowercase()
            .contains("location: /suggestions/thanks/"),
        "{}",
        r.head
    );
    let spam = post_form("suggestion=buy+pills&_gotcha=http%3A%2F%2Fspam");
    assert_eq!(spam.status, 303);
    let inbox = fs::read_to_string(s.dir.path().join(".frontdesk/inbox.jsonl")).unwrap();
    let lines: Vec<&str> = inbox.lines().collect();
    assert_eq!(
        lines.len(),
        3,
        "the honeypot submission is dropped: {inbox}"
    );
    assert!(
        !inbox.contains("_next"),
        "where to go next is not kept: {inbox}"
    );
    let v: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(v["fields"]["suggestion"], "More oat milk");
    assert!(v["received"].as_str().unwrap().starts_with("20"));
    let big = "x".repeat(100 * 1024);
    assert_eq!(post_form(&format!("suggestion={big}")).status, 413);
    assert_eq!(get(&s.addr, "/__frontdesk/suggestions").status, 405);
}

#[test]
fn live_reload_refuses_foreign_origins() {
    let s = start();
    let r = request(
        &s.addr,
        &format!(
            "GET /__frontdesk/events HTTP/1.1\r\nHost: {}\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n",
            s.addr
        ),
        b"",
    );
    assert_eq!(r.status, 403);
    assert!(
        !r.head
            .to_ascii_lowercase()
            .contains("access-control-allow-origin")
    );
    // A same-origin client gets the event stream and the current generation.
    let mut st = TcpStream::connect(&s.addr).unwrap();
    st.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        st,
        "GET /__frontdesk/events HTTP/1.1\r\nHost: {0}\r\nOrigin: http://{0}\r\n\r\n",
        s.addr
    )
    .unwrap();
    let mut buf = [0u8; 512];
    let mut got = String::new();
    while !got.contains("event: gen") {
        let n = st.read(&mut buf).unwrap();
        assert!(n > 0, "stream closed: {got}");
        got.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(got.contains("text/event-stream"));
}

#[test]
fn a_burst_of_writes_ends_with_the_last_content() {
    let s = start();
    let d = s.dir.path();
    for i in 0..200 {
        write(d, "posts/hello.md", &post(&format!("Burst {i}")));
    }
    wait_for(
        &s.addr,
        "/blog/hello/",
        "the last write of the burst",
        |r| r.body.contains("Burst 199"),
    );
    // Editor noise next to the post is never published.
    write(d, "posts/.hello.md.swp", "swap");
    write(d, "posts/hello.md~", "backup");
    write(d, "posts/4913", "vim probe");
    write(d, "posts/hello.md", &post("After the noise"));
    wait_for(&s.addr, "/blog/hello/", "the edit after the noise", |r| {
        r.body.contains("After the noise")
    });
    for noise in ["/blog/hello.md~/", "/blog/4913/", "/posts/.hello.md.swp"] {
        assert_eq!(get(&s.addr, noise).status, 404, "{noise}");
    }
}

#[test]
fn a_source_folder_made_after_start_is_watched() {
    let s = start();
    let d = s.dir.path();
    fs::create_dir_all(d.join("templates")).unwrap();
    // The folder's creation is noticed first; then a template inside it takes effect.
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        write(
            d,
            "templates/page.html",
            "{% extends \"base.html\" %}{% block content %}<p id=\"custom\">{{ page.title }}</p>{% endblock content %}",
        );
        write(d, "pages/about.md", "---\ntitle: About us\n---\nHi\n");
        if get(&s.addr, "/about/").body.contains("id=\"custom\"") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the new templates/ folder was not watched"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Copies the folder `from` into `to` (made), file by file.
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &dest);
        } else {
            fs::copy(e.path(), dest).unwrap();
        }
    }
}

#[test]
fn a_site_folder_renamed_away_and_made_again_is_still_watched() {
    for extra in [&[][..], &["--poll"][..]] {
        let s = start_with(extra);
        let d = s.dir.path();
        let old = d.with_extension("old");
        // Renamed away, made again, the files copied back, then a post edited.
        fs::rename(d, &old).unwrap();
        copy_tree(&old, d);
        std::thread::sleep(Duration::from_millis(300));
        write(d, "posts/hello.md", &post("Edited in the new folder"));
        wait_for(&s.addr, "/blog/hello/", "the edit in the new folder", |r| {
            r.body.contains("Edited in the new folder")
        });
        // Deleted and made again.
        fs::remove_dir_all(d).unwrap();
        copy_tree(&old, d);
        std::thread::sleep(Duration::from_millis(300));
        write(d, "posts/hello.md", &post("Edited once more"));
        wait_for(
            &s.addr,
            "/blog/hello/",
            "the edit in the folder made again",
            |r| r.body.contains("Edited once more"),
        );
        fs::remove_dir_all(&old).unwrap();
    }
}

#[test]
fn polling_picks_up_edits_too() {
    let s = start_with(&["--poll"]);
    write(s.dir.path(), "posts/hello.md", &post("Seen by polling"));
    wait_for(&s.addr, "/blog/hello/", "the polled edit", |r| {
        r.body.contains("Seen by polling")
    });
}

#[test]
fn ctrl_c_stops_the_server_and_deletes_nothing() {
    let mut s = start();
    let before: Vec<_> = walkdir_files(s.dir.path());
    let status = Command::new("kill")
        .args(["-INT", &s.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if let Some(exit) = s.child.try_wait().unwrap() {
            assert!(exit.success(), "{exit:?}");
            break;
        }
        assert!(Instant::now() < deadline, "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(walkdir_files(s.dir.path()), before);
}

fn walkdir_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p)
            } else {
                out.push(p)
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_site_that_does_not_build_yet_shows_why_until_it_does() {
    let s = start_site(&[], &[("posts/hello.md", "---\ntitle: [broken\n---\n")]);
    let r = get(&s.addr, "/");
    assert_eq!(r.status, 503);
    assert!(
        r.body.contains("id=\"frontdesk-error\"") && r.body.contains("posts/hello.md:2:"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("/__frontdesk/events"),
        "the page reloads when the site builds"
    );
    write(s.dir.path(), "posts/hello.md", &post("Fixed at last"));
    wait_for(&s.addr, "/blog/hello/", "the first good build", |r| {
        r.status == 200 && r.body.contains("Fixed at last")
    });
}

#[test]
fn serve_reports_the_same_problems_as_build() {
    // A bad date and a broken template: both, in both commands, with the same words.
    let s = start_site(
        &[],
        &[
            (
                "posts/bad.md",
                "---\ntitle: Bad\ndate: 2023-02-30\n---\nText.\n",
            ),
            ("templates/post.html", "{% if %}\n"),
        ],
    );
    let out = tempfile::tempdir().unwrap();
    let build = Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(["build", s.dir.path().to_str().unwrap(), "--out"])
        .arg(out.path().join("public"))
        .output()
        .unwrap();
    assert!(!build.status.success());
    let reported = String::from_utf8(build.stderr).unwrap();
    assert!(reported.contains("posts/bad.md:3:7"), "{reported}");
    assert!(reported.contains("templates/post.html"), "{reported}");
    assert!(reported.contains("build failed: 2 errors"), "{reported}");
    let page = get(&s.addr, "/");
    assert_eq!(page.status, 503);
    for line in reported.lines() {
        let escaped = line
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        assert!(
            page.body.contains(&escaped),
            "serve does not show `{line}`:\n{}",
            page.body
        );
    }
}

#[test]
fn serve_warns_of_what_build_warns_of() {
    // One site with a warning from each source: the content (a stray file in posts/), the
    // images (a PNG named .jpg), the content review (a picture without alt text), and the
    // newsletter (an issue with nothing new: April, before the only post).
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "site.yaml",
        "title: Warnings\nbase_url: https://warn.example/\n",
    );
    write(
        d,
        "posts/hello.md",
        "---\ntitle: Hello\ndate: 2024-05-01\n---\nA picture: ![](/shop.jpg)\n",
    );
    write(d, "posts/notes.txt", "not a post");
    let png = image::RgbImage::from_pixel(40, 30, image::Rgb([200, 100, 50]));
    fs::create_dir_all(d.join("static")).unwrap();
    png.save_with_format(d.join("static/shop.jpg"), image::ImageFormat::Png)
        .unwrap();
    write(
        d,
        "newsletter.yaml",
        "provider: buttondown\nform_url: https://buttondown.com/api/emails/embed-subscribe/warn\n",
    );
    write(
        d,
        "newsletter/2024-04.md",
        "---\nsubject: April\ndate: 2024-04-30\n---\nHello.\n",
    );
    write(
        d,
        "newsletter/2024-05.md",
        "---\nsubject: May, quiet\ndate: 2024-05-02\n---\nNothing new.\n",
    );

    let out = tempfile::tempdir().unwrap();
    let build = Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(["build", d.to_str().unwrap(), "--out"])
        .arg(out.path().join("public"))
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let warned = |text: &str| -> std::collections::BTreeSet<String> {
        text.lines()
            .filter(|l| l.starts_with("warning: "))
            .map(str::to_string)
            .collect()
    };
    let built = warned(&String::from_utf8(build.stderr).unwrap());
    for (source, needle) in [
        ("content", "posts/notes.txt"),
        ("images", "static/shop.jpg"),
        ("review", "alt"),
        ("newsletter", "carries no new post"),
    ] {
        assert!(
            built.iter().any(|w| w.contains(needle)),
            "build warns of no {source} problem: {built:?}"
        );
    }

    let mut serve = Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(["serve", d.to_str().unwrap(), "--port", "0"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = serve.stderr.take().unwrap();
    let lines = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let sink = lines.clone();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let mut all = sink.lock().unwrap();
            all.push_str(&line);
            all.push('\n');
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    let served = loop {
        let now = warned(&lines.lock().unwrap());
        if now.len() >= built.len() || Instant::now() > deadline {
            break now;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    serve.kill().ok();
    serve.wait().ok();
    assert_eq!(served, built, "serve and build warn alike");
}

#[test]
fn an_alias_edit_under_serve_serves_the_redirect_page() {
    let s = start();
    let d = s.dir.path();
    let aliased = |aliases: &str| {
        post("First title").replacen("---\n", &format!("---\naliases: [{aliases}]\n"), 1)
    };
    write(d, "posts/hello.md", &aliased("/old/hello/"));
    let r = wait_for(&s.addr, "/old/hello/", "the alias's page", |r| {
        r.status == 200
    });
    assert!(
        r.body.contains("url=https://serve.example/blog/hello/") || r.body.contains("/blog/hello/"),
        "{}",
        r.body
    );
    write(d, "posts/hello.md", &aliased("/older/hello.html"));
    wait_for(&s.addr, "/older/hello.html", "the renamed alias", |r| {
        r.status == 200 && r.body.contains("This page has moved")
    });
    wait_for(&s.addr, "/old/hello/", "the old alias to go", |r| {
        r.status == 404
    });
    write(d, "redirects.yaml", "- from: /menu/\n  to: /blog/hello/\n");
    wait_for(&s.addr, "/menu/", "the redirects.yaml page", |r| {
        r.status == 200 && r.body.contains("This page has moved")
    });
    let host = wait_for(&s.addr, "/_redirects", "the host file", |r| {
        r.body.contains("/menu/ /blog/hello/ 301")
    });
    assert!(
        host.body.contains("/older/hello.html /blog/hello/ 301"),
        "{}",
        host.body
    );
}

/// The site's own words for the theme (`i18n/LANG.yaml`, a folder made after start) show
/// on the next request, and a mistake in them shows where it is until it is fixed.
#[test]
fn an_edit_of_the_site_s_words_shows_at_once() {
    let s = start();
    let d = s.dir.path();
    assert!(get(&s.addr, "/").body.contains("Follow the blog"));
    write(d, "i18n/en.yaml", "footer_follow_blog: \"Read our news\"\n");
    wait_for(&s.addr, "/", "the site's own words", |r| {
        r.body.contains("Read our news") && !r.body.contains("Follow the blog")
    });
    write(d, "i18n/en.yaml", "footer_folow_blog: \"Read our news\"\n");
    wait_for(&s.addr, "/", "the overlay naming the typo", |r| {
        r.body.contains("i18n/en.yaml") && r.body.contains("footer_follow_blog")
    });
    fs::remove_file(d.join("i18n/en.yaml")).unwrap();
    wait_for(&s.addr, "/", "the theme's words again", |r| {
        r.body.contains("Follow the blog") && !r.body.contains("Read our news")
    });
}
