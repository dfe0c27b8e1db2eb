//! The build cache trusts nothing it did not write, with the real binary: a folder of the
//! user's given as the cache is refused untouched; links inside a cache are never followed
//! (nothing outside the site is published, no user file deleted or written); a cached file
//! changed from outside is not used (the output equals `--no-cache`) and a warning says so;
//! killed builds leave nothing the next build keeps; a file name that is not UTF-8 is an
//! error at its path; a `.frontdesk/` that cannot be written is a warning. Each case
//! failed before the cache's marker (`CACHEDIR.TAG`).

mod common;
#[path = "common/photos.rs"]
mod photos;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;

/// The basic fixture with a bundle post showing one photo.
fn photo_site() -> Site {
    let site = Site::basic();
    let photo = photos::jpeg(&photos::pixels(1200, 800, 7), 85, photos::Exif::default());
    site.write("posts/shop/photo.jpg", photo);
    site.write(
        "posts/shop/index.md",
        "---\ntitle: The shop\ndate: 2024-02-02\n---\n\nOur counter.\n\n![The counter](photo.jpg)\n",
    );
    site
}

/// Builds into a new folder (so every file is copied from the cache, none linked from an
/// earlier output); returns the files (without the manifest) and the run.
fn build_fresh(site: &Site, extra: &[&str]) -> (BTreeMap<String, Vec<u8>>, Run) {
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("out");
    let mut args = vec!["--out", dest.to_str().unwrap()];
    args.extend_from_slice(extra);
    let run = site.build(&args);
    let mut files = if dest.is_dir() {
        snapshot(&dest)
    } else {
        BTreeMap::new()
    };
    files.remove(".frontdesk-manifest");
    (files, run)
}

/// The basic fixture with a newsletter and one issue.
fn newsletter_site() -> Site {
    let site = Site::basic();
    site.write(
        "newsletter.yaml",
        "provider: buttondown\nform_url: https://buttondown.com/api/emails/embed-subscribe/basic\nmanage_url: https://buttondown.com/basic\n",
    );
    site.write(
        "newsletter/2024-03.md",
        "---\nsubject: March\ndate: 2024-03-31\n---\nHello from the bakery!\n",
    );
    site
}

/// A folder of the user's beside the site, with `files` (name, text).
fn users_folder(site: &Site, name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = site.root().join(name);
    for (f, text) in files {
        let p = dir.join(f);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

#[test]
fn a_folder_of_the_users_given_as_the_cache_is_refused_and_untouched() {
    let site = Site::basic();
    let files = [
        ("markdown/notes.html", "my notes"),
        ("markdown/0123456789abcdef.html", "named like a cache file"),
        ("images/2025/holiday.jpg", "a photo"),
        ("images/cafe/menu.png", "a menu"),
        ("markdown-index.json", "{}"),
    ];
    let users = users_folder(&site, "mine", &files);
    let before = snapshot(&users);
    let run = site.build(&["--cache-dir", users.to_str().unwrap()]);
    run.assert_failure();
    assert!(
        run.stderr.contains("not a frontdesk build cache") && run.stderr.contains("mine"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&users), before, "nothing in the folder changed");
    assert!(!site.out().0.exists(), "nothing was built");
    // The same folder as `check`'s cache: a warning, and still untouched.
    let run = frontdesk(
        site.root(),
        &[
            "check",
            site.dir.to_str().unwrap(),
            "--offline",
            "--cache-dir",
            users.to_str().unwrap(),
        ],
    );
    assert!(
        run.stdout.contains("not a frontdesk build cache"),
        "{}",
        run.stdout
    );
    assert_eq!(snapshot(&users), before);
    // A new or empty folder becomes a cache, and a second build uses it.
    let empty = site.root().join("empty");
    fs::create_dir(&empty).unwrap();
    site.build(&["--cache-dir", empty.to_str().unwrap()])
        .assert_success();
    assert!(empty.join("CACHEDIR.TAG").is_file());
    let run = site.build(&["--cache-dir", empty.to_str().unwrap()]);
    run.assert_success();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn the_sites_cache_folder_linked_to_a_users_folder_is_not_touched() {
    let site = Site::basic();
    let users = users_folder(&site, "documents", &[("markdown/letter.html", "Dear ...")]);
    let before = snapshot(&users);
    fs::create_dir_all(site.path(".frontdesk")).unwrap();
    std::os::unix::fs::symlink(&users, site.path(".frontdesk/cache")).unwrap();
    let (files, run) = build_fresh(&site, &[]);
    run.assert_success();
    assert!(
        run.stderr.contains("not a frontdesk build cache"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&users), before);
    let (expected, _) = build_fresh(&site, &["--no-cache"]);
    assert!(files == expected, "the build without the cache is the same");
}

#[cfg(unix)]
#[test]
fn links_inside_the_cache_are_never_followed() {
    let site = photo_site();
    let (expected, run) = build_fresh(&site, &["--no-cache"]);
    run.assert_success();
    build_fresh(&site, &[]).1.assert_success();
    let cache = site.path(".frontdesk/cache");

    // markdown/ replaced by a link to a folder of the user's: nothing deleted or written there.
    let users = users_folder(
        &site,
        "letters",
        &[("a.html", "mine"), ("b.txt", "mine too")],
    );
    let before = snapshot(&users);
    fs::rename(cache.join("markdown"), site.root().join("old-markdown")).unwrap();
    std::os::unix::fs::symlink(&users, cache.join("markdown")).unwrap();
    let (files, run) = build_fresh(&site, &[]);
    run.assert_success();
    assert!(files == expected, "the output is the one without a cache");
    assert_eq!(snapshot(&users), before, "the linked folder is untouched");
    assert!(run.stderr.contains("is a link"), "{}", run.stderr);
    fs::remove_file(cache.join("markdown")).unwrap();
    fs::rename(site.root().join("old-markdown"), cache.join("markdown")).unwrap();

    // Every made image file a link to a file outside the site: never published.
    let secret = site.root().join("secret.txt");
    fs::write(&secret, "the owner's private notes").unwrap();
    let mut linked = 0;
    for f in walk(&cache.join("images")) {
        fs::remove_file(&f).unwrap();
        std::os::unix::fs::symlink(&secret, &f).unwrap();
        linked += 1;
    }
    assert!(linked >= 3, "the photo's files are in the cache ({linked})");
    let (files, run) = build_fresh(&site, &[]);
    run.assert_success();
    for (path, bytes) in &files {
        assert!(
            !bytes.windows(13).any(|w| w == b"private notes"),
            "{path} holds a file from outside the site"
        );
    }
    assert!(files == expected, "the photo's files are made again");
    assert!(
        run.stderr.contains("did not hold what the cache wrote")
            || run.stderr.lines().all(|l| l.starts_with("To publish:")),
        "{}",
        run.stderr
    );
    assert_eq!(
        fs::read_to_string(&secret).unwrap(),
        "the owner's private notes"
    );
}

/// Every regular file and link below `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let t = e.file_type().unwrap();
        if t.is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

#[test]
fn a_cached_image_changed_from_outside_is_made_again_with_a_warning() {
    let site = photo_site();
    let (expected, _) = build_fresh(&site, &["--no-cache"]);
    build_fresh(&site, &[]).1.assert_success();
    let cache = site.path(".frontdesk/cache/images");
    let webps: Vec<PathBuf> = walk(&cache)
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "webp"))
        .collect();
    assert!(!webps.is_empty());
    for f in &webps {
        fs::write(f, b"RIFF\x10\x00\x00\x00WEBPgarbage!").unwrap();
    }
    let (files, run) = build_fresh(&site, &[]);
    run.assert_success();
    assert!(files == expected, "garbage in the cache reached the output");
    let warning = run
        .stderr
        .lines()
        .find(|l| l.contains("did not hold what the cache wrote"))
        .unwrap_or_else(|| panic!("a warning names the damage\n{}", run.stderr));
    assert!(
        warning.contains(&format!("{} cached files", webps.len())),
        "{warning}"
    );
    // Made again: the next build has nothing to say.
    let (files, run) = build_fresh(&site, &[]);
    assert!(files == expected);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

#[test]
fn only_files_the_cache_listed_are_removed() {
    let site = photo_site();
    site.build_ok(&[]);
    let cache = site.path(".frontdesk/cache");
    // The user's files inside the cache folder, some named like ours.
    let strays = [
        "markdown/notes.txt",
        "markdown/fedcba9876543210.html",
        "images/2025/holiday.jpg",
        "images/00000000cafe0000/v2-480w-q80.webp",
        "notes.txt",
    ];
    for s in strays {
        let p = cache.join(s);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, "mine").unwrap();
    }
    // The photo and a post change: what the cache made of them before goes.
    let dirs = |root: &Path| -> Vec<String> {
        let mut d: Vec<String> = fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        d.sort();
        d
    };
    let images_before = dirs(&cache.join("images"));
    let html_before = dirs(&cache.join("markdown"));
    site.write(
        "posts/shop/photo.jpg",
        photos::jpeg(&photos::pixels(1000, 700, 9), 85, photos::Exif::default()),
    );
    site.write(
        "posts/hello.md",
        site.read("posts/hello.md") + "\nOne more line.\n",
    );
    site.build_ok(&[]);
    for s in strays {
        assert_eq!(
            fs::read_to_string(cache.join(s)).unwrap(),
            "mine",
            "{s} was kept"
        );
    }
    // An index crafted to list files elsewhere (a cache checked out of someone's
    // repository): the names are not ours, and nothing is removed.
    let victim = site.root().join("thesis.tex");
    fs::write(&victim, "years of work").unwrap();
    let index_path = cache.join("images-index.json");
    let mut index: serde_json::Value =
        serde_json::from_slice(&fs::read(&index_path).unwrap()).unwrap();
    index["made"]["1"] = serde_json::json!({
        victim.to_str().unwrap(): [0, null],
        "../../../thesis.tex": [0, null],
    });
    fs::create_dir_all(cache.join("images/0000000000000001")).unwrap();
    fs::write(&index_path, serde_json::to_vec(&index).unwrap()).unwrap();
    site.build_ok(&[]);
    assert_eq!(fs::read_to_string(&victim).unwrap(), "years of work");
    let images_after = dirs(&cache.join("images"));
    let html_after = dirs(&cache.join("markdown"));
    let gone = |before: &[String], after: &[String]| -> Vec<String> {
        before
            .iter()
            .filter(|d| !after.contains(d))
            .cloned()
            .collect()
    };
    assert_eq!(
        gone(&images_before, &images_after).len(),
        1,
        "the old photo's folder"
    );
    // The edited post's HTML, and the shop's (its picture has another size now).
    assert_eq!(
        gone(&html_before, &html_after).len(),
        2,
        "the old posts' HTML"
    );
    assert_eq!(images_before.len(), images_after.len());
    assert_eq!(html_before.len(), html_after.len());
}

#[test]
fn killed_builds_leave_nothing_in_the_cache_that_the_next_build_keeps() {
    let site = Site::basic();
    let para = "We roast on Tuesdays and answer every email by noon. ".repeat(40);
    for i in 0..1500 {
        site.write(
            &format!("posts/p{i:04}.md"),
            format!("---\ntitle: Post {i}\ndate: 2024-01-01\n---\n\n{para}\n\n## Part\n\n{para}\n"),
        );
    }
    site.build_ok(&[]);
    let cache = site.path(".frontdesk/cache");
    // What a build killed between writing and renaming the index leaves (a pid no
    // process has), and kills at moments spread over real builds.
    fs::write(
        cache.join("markdown-index.json.frontdesk-tmp-4294967295-0"),
        "half an index",
    )
    .unwrap();
    fs::write(
        cache.join("markdown/00000000000000aa.html.frontdesk-tmp-4294967294-3"),
        "x",
    )
    .unwrap();
    for (i, ms) in [40u64, 150, 300, 500, 800, 1200].into_iter().enumerate() {
        // Each build has new text to write.
        site.write(
            "posts/p0000.md",
            format!("---\ntitle: Edit {i}\ndate: 2024-01-01\n---\n\n{para} {i}\n"),
        );
        let mut child = Command::new(BIN)
            .args(["build", site.dir.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(ms));
        child.kill().ok();
        child.wait().unwrap();
    }
    let run = site.build(&[]);
    run.assert_success();
    let leftovers: Vec<PathBuf> = walk(&cache)
        .into_iter()
        .filter(|p| p.file_name().unwrap().to_string_lossy().contains("tmp"))
        .collect();
    assert!(leftovers.is_empty(), "left in the cache: {leftovers:?}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_file_name_that_is_not_utf8_is_an_error_at_its_path_and_the_cache_still_works() {
    use std::os::unix::ffi::OsStrExt;
    let site = Site::basic();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    fs::write(
        site.path("posts").join(name),
        "---\ntitle: Cafe\ndate: 2024-01-01\n---\n\nText.\n",
    )
    .unwrap();
    let run = site.build(&[]);
    run.assert_failure();
    let line = run.error_line("error: posts/caf");
    assert!(
        line.contains("not valid UTF-8") && line.contains("rename"),
        "{line}"
    );
    fs::remove_file(site.path("posts").join(name)).unwrap();
    site.build_ok(&[]);
    let cache = site.path(".frontdesk/cache");
    assert!(
        cache.join("markdown-index.json").is_file(),
        "the cache was saved"
    );
    assert!(
        walk(&cache)
            .iter()
            .all(|p| !p.file_name().unwrap().to_string_lossy().contains("tmp"))
    );
}

#[test]
fn a_frontdesk_folder_that_cannot_be_written_is_a_warning() {
    let site = newsletter_site();
    // Root writes into any folder whatever its mode: a file in the folder's place cannot
    // be written into by anyone.
    fs::write(site.path(".frontdesk"), "not a folder").unwrap();
    let (files, run) = build_fresh(&site, &[]);
    run.assert_success();
    assert!(files.contains_key("index.html"));
    assert!(
        run.stderr.contains("built without the build cache"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("email files were not written"),
        "{}",
        run.stderr
    );
    assert_eq!(site.read(".frontdesk"), "not a folder");
    let (expected, _) = build_fresh(
        &site,
        &[
            "--no-cache",
            "--email-out",
            site.root().join("mail").to_str().unwrap(),
        ],
    );
    assert!(files == expected);
}

#[cfg(unix)]
#[test]
fn the_newsletter_files_are_never_written_through_a_link() {
    let site = newsletter_site();
    let users = users_folder(&site, "letters", &[("2024-03/email.html", "my own letter")]);
    let before = snapshot(&users);
    fs::create_dir_all(site.path(".frontdesk")).unwrap();
    std::os::unix::fs::symlink(&users, site.path(".frontdesk/newsletter")).unwrap();
    let run = site.build(&[]);
    run.assert_success();
    assert!(run.stderr.contains("is a link"), "{}", run.stderr);
    assert_eq!(snapshot(&users), before, "nothing written through the link");
    // A real folder: the files are there.
    fs::remove_file(site.path(".frontdesk/newsletter")).unwrap();
    site.build_ok(&[]);
    assert!(
        site.path(".frontdesk/newsletter/2024-03/issue.eml")
            .is_file()
    );
}
