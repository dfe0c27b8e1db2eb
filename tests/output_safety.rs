//! The output folder under interruption and interference, with the real binary: a build
//! killed at any moment never leaves the output missing and its debris is removed by the
//! next build; files or folders the user put into the output (before or during a build)
//! are never deleted; two builds of one output do not interleave. Each failed at 8e2d9d2.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// A site of `n` posts, big enough that a build takes a moment.
fn big_site(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("posts")).unwrap();
    fs::write(
        d.join("site.yaml"),
        "title: Big\nbase_url: https://big.example/\n",
    )
    .unwrap();
    let para = "Coffee is roasted on Tuesdays and Fridays, and we answer every email. ".repeat(12);
    for i in 0..n {
        fs::write(
            d.join(format!("posts/p{i:05}.md")),
            format!(
                "---\ntitle: Post {i}\ndescription: Post {i}, in short.\ndate: 2024-01-01T{:02}:{:02}:00Z\ntags: [t{}]\n---\n\n## One\n\n{para}\n\n```rust\nfn main() {{ println!(\"{i}\"); }}\n```\n\n{para}\n",
                (i / 60) % 24,
                i % 60,
                i % 7
            ),
        )
        .unwrap();
    }
    dir
}

fn build(site: &Path, out: &Path) -> Run {
    frontdesk(site, &["build", ".", "--out", out.to_str().unwrap()])
}

/// Entries beside the output that a build made (staging or old folders).
fn debris(out: &Path) -> Vec<String> {
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    entries(out.parent().unwrap())
        .into_iter()
        .filter(|e| e.starts_with(&format!(".{name}.frontdesk-")))
        .collect()
}

fn staging_exists(out: &Path) -> bool {
    !debris(out).is_empty()
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_output_and_no_debris() {
    let site = big_site(1500);
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("public");
    build(site.path(), &out).assert_success();
    let complete = snapshot(&out);
    for delay_ms in [0u64, 20, 60, 120, 200, 300, 450] {
        // Change one post so the build has something to write.
        fs::write(
            site.path().join("posts/p00000.md"),
            format!("---\ntitle: Changed {delay_ms}\ndate: 2024-01-01\n---\nNew.\n"),
        )
        .unwrap();
        let mut child = Command::new(BIN)
            .args(["build", ".", "--out", out.to_str().unwrap()])
            .current_dir(site.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();
        assert!(
            out.join("index.html").is_file(),
            "killed after {delay_ms} ms: the output folder went missing"
        );
        assert!(
            out.join("blog/p00001/index.html").is_file(),
            "killed after {delay_ms} ms: the output is not whole"
        );
        // The next build removes what the killed one left, and succeeds.
        build(site.path(), &out).assert_success();
        assert_eq!(
            debris(&out),
            Vec::<String>::new(),
            "killed after {delay_ms} ms: debris left after the next build"
        );
        assert_eq!(snapshot(&out).len(), complete.len());
    }
}

#[test]
fn a_folder_of_the_users_named_like_debris_is_left_alone() {
    let site = Site::basic();
    let out = site.root().join("www");
    let users = site.root().join(".www.frontdesk-new-12345");
    fs::create_dir_all(&users).unwrap();
    fs::write(users.join("notes.txt"), "mine").unwrap();
    build(&site.dir, &out).assert_success();
    build(&site.dir, &out).assert_success();
    assert_eq!(fs::read_to_string(users.join("notes.txt")).unwrap(), "mine");
}

#[test]
fn an_empty_folder_of_the_users_in_the_output_is_refused_and_kept() {
    let site = Site::basic();
    let out = site.root().join("www");
    build(&site.dir, &out).assert_success();
    fs::create_dir_all(out.join("drafts-for-later")).unwrap();
    let run = build(&site.dir, &out);
    run.assert_failure();
    assert!(run.stderr.contains("drafts-for-later"), "{}", run.stderr);
    assert!(out.join("drafts-for-later").is_dir());
    assert!(out.join("index.html").is_file());
}

#[test]
fn a_file_written_into_the_output_during_a_build_is_kept() {
    let site = big_site(2500);
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("public");
    build(site.path(), &out).assert_success();
    let child = Command::new(BIN)
        .args(["build", ".", "--out", out.to_str().unwrap()])
        .current_dir(site.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !staging_exists(&out) {
        assert!(Instant::now() < deadline, "the build never started writing");
        std::thread::sleep(Duration::from_micros(200));
    }
    let note = out.join("notes-from-the-owner.txt");
    fs::write(&note, "do not lose me").unwrap();
    let done = child.wait_with_output().unwrap();
    assert!(
        !done.status.success(),
        "the build must refuse to replace a folder that gained a foreign file"
    );
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(stderr.contains("notes-from-the-owner.txt"), "{stderr}");
    assert_eq!(fs::read_to_string(&note).unwrap(), "do not lose me");
    assert!(out.join("index.html").is_file(), "the old output stays");
    assert_eq!(debris(&out), Vec::<String>::new());
}

#[test]
fn two_builds_of_one_output_do_not_interleave() {
    let site = big_site(800);
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("public");
    let spawn = || {
        Command::new(BIN)
            .args(["build", ".", "--out", out.to_str().unwrap()])
            .current_dir(site.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    for child in [a, b] {
        let done = child.wait_with_output().unwrap();
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
    }
    // Complete, consistent with its manifest, and nothing left beside it.
    let manifest = fs::read_to_string(out.join(".frontdesk-manifest")).unwrap();
    // A file's line ends with its path; `source` lines name a page's source file.
    let listed: Vec<PathBuf> = manifest
        .lines()
        .filter(|l| !l.starts_with("source\t"))
        .map(|l| PathBuf::from(l.rsplit('\t').next().unwrap()))
        .collect();
    assert!(listed.len() > 800);
    for p in &listed {
        assert!(
            out.join(p).is_file(),
            "{} is listed but missing",
            p.display()
        );
    }
    assert_eq!(snapshot(&out).len(), listed.len() + 1);
    assert_eq!(debris(&out), Vec::<String>::new());
}

#[test]
fn a_warm_build_renders_only_what_changed_and_equals_a_cold_one() {
    let site = big_site(300);
    let work = tempfile::tempdir().unwrap();
    let (warm, cold) = (work.path().join("warm"), work.path().join("cold"));
    // The cache trusts a file's stamp only once it has been left alone for two seconds.
    std::thread::sleep(std::time::Duration::from_millis(2500));
    build(site.path(), &warm).assert_success();
    let edited = site.path().join("posts/p00150.md");
    fs::write(
        &edited,
        "---\ntitle: Edited in the middle\ndate: 2024-01-01T02:30:00Z\ntags: [t3]\n---\nNew text.\n",
    )
    .unwrap();
    let run = build(site.path(), &warm);
    run.assert_success();
    // "Built N pages (F files, R rendered, P of Q posts read)": the post, its two
    // neighbours, and the pages listing it (a blog page, a tag page, feeds, sitemap...),
    // not the whole site; and only the edited post was read and parsed.
    let count = |after: &str| -> usize {
        run.stdout
            .split(after)
            .next()
            .and_then(|s| s.rsplit(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no count before {after:?} in {}", run.stdout))
    };
    let rendered = count(" rendered,");
    assert!(
        (1..=20).contains(&rendered),
        "a one-post edit rendered {rendered} files: {}",
        run.stdout
    );
    assert!(
        run.stdout.contains(" 1 of 300 posts read)"),
        "only the edited post is parsed again: {}",
        run.stdout
    );
    // Rewritten with the same size and modification time: its change time still differs.
    let before = fs::read_to_string(&edited).unwrap();
    let mtime = fs::metadata(&edited).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2500));
    build(site.path(), &warm).assert_success();
    fs::write(&edited, before.replace("Edited in", "Edited at")).unwrap();
    fs::File::options()
        .write(true)
        .open(&edited)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    build(site.path(), &warm).assert_success();
    let page = fs::read_to_string(warm.join("blog/p00150/index.html")).unwrap();
    assert!(page.contains("Edited at the middle"), "stale front matter");
    build(site.path(), &cold).assert_success();
    let (w, c) = (snapshot(&warm), snapshot(&cold));
    assert_eq!(w.keys().collect::<Vec<_>>(), c.keys().collect::<Vec<_>>());
    for (path, bytes) in &w {
        if path == ".frontdesk-manifest" {
            continue;
        }
        assert!(
            bytes == &c[path],
            "{path} differs between warm and cold builds"
        );
    }
}

/// Builds `site` into a fresh folder with the given extra arguments; returns the files.
fn fresh_build(site: &Path, extra: &[&str]) -> (std::collections::BTreeMap<String, Vec<u8>>, Run) {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("out");
    let mut args = vec!["build", ".", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let run = frontdesk(site, &args);
    run.assert_success();
    let mut files = snapshot(&out);
    files.remove(".frontdesk-manifest");
    (files, run)
}

#[test]
fn a_damaged_or_foreign_cache_is_ignored_with_one_warning_and_changes_nothing() {
    let site = big_site(40);
    let cache = site.path().join(".frontdesk/cache");
    let (expected, _) = fresh_build(site.path(), &["--no-cache"]);
    // A good cache first.
    let (first, run) = fresh_build(site.path(), &[]);
    assert_eq!(first, expected);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let index = cache.join("markdown-index.json");
    let good = fs::read(&index).unwrap();
    let damages: Vec<(&str, Vec<u8>)> = vec![
        ("garbage", b"\x00\x01 this is not a cache \xff".to_vec()),
        ("truncated", good[..good.len() / 2].to_vec()),
        (
            "another version",
            String::from_utf8(good.clone())
                .unwrap()
                .replacen(env!("CARGO_PKG_VERSION"), "0.0.0-other", 1)
                .into_bytes(),
        ),
        ("empty", Vec::new()),
    ];
    for (what, bytes) in damages {
        fs::write(&index, &bytes).unwrap();
        let (files, run) = fresh_build(site.path(), &[]);
        assert!(files == expected, "{what}: the output changed");
        let warnings: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| l.contains("build cache"))
            .collect();
        assert_eq!(
            warnings.len(),
            1,
            "{what}: one warning line\n{}",
            run.stderr
        );
    }
    // Every rendered file of the cache replaced by garbage: found out, and rendered again.
    for e in fs::read_dir(cache.join("markdown")).unwrap() {
        fs::write(e.unwrap().path(), "<p>garbage</p>").unwrap();
    }
    let (files, _) = fresh_build(site.path(), &[]);
    assert!(files == expected, "damaged HTML files changed the output");
    // A cache folder elsewhere works the same.
    let other = tempfile::tempdir().unwrap();
    let (files, _) = fresh_build(
        site.path(),
        &["--cache-dir", other.path().to_str().unwrap()],
    );
    assert!(files == expected);
    assert!(other.path().join("markdown-index.json").is_file());
}

#[test]
fn a_cache_made_with_another_base_url_or_theme_gives_the_same_output() {
    let site = big_site(30);
    fs::write(
        site.path().join("posts/links.md"),
        "---\ntitle: Links\ndate: 2023-01-01\n---\nSee [the first](p00000.md) and [the tags](/tags/).\n",
    )
    .unwrap();
    fresh_build(site.path(), &[]);
    let (cached, _) = fresh_build(
        site.path(),
        &["--base-url", "https://staging.example/shop/"],
    );
    let (expected, _) = fresh_build(
        site.path(),
        &["--base-url", "https://staging.example/shop/", "--no-cache"],
    );
    assert!(
        cached == expected,
        "a cache of another base URL leaked into the output"
    );
    fs::create_dir_all(site.path().join("templates")).unwrap();
    fs::write(
        site.path().join("templates/post.html"),
        "{% extends \"base.html\" %}{% block content %}<article class=\"mine\">{{ post.content_html | safe }}</article>{% endblock %}",
    )
    .unwrap();
    let (cached, _) = fresh_build(site.path(), &[]);
    let (expected, _) = fresh_build(site.path(), &["--no-cache"]);
    assert!(
        cached == expected,
        "a cache of another theme leaked into the output"
    );
}
