//! Rebuilding over a previous output: unchanged files are reused (same inode and
//! modification time, nothing written), changed and hand-edited files are written anew.

mod common;

use std::fs;
use std::os::unix::fs::MetadataExt;

use common::Site;

fn inode(site: &Site, rel: &str) -> (u64, i64) {
    let m = fs::metadata(site.path("public").join(rel)).unwrap();
    (m.ino(), m.mtime_nsec() + m.mtime() * 1_000_000_000)
}

#[test]
fn unchanged_files_are_reused_and_changed_ones_rewritten() {
    let site = Site::basic();
    site.build_ok(&[]);
    let about = "about/index.html";
    let before_about = inode(&site, about);
    let before_feed = fs::read_to_string(site.path("public/rss.xml")).unwrap();

    // Change one page only; edit one output file by hand as well.
    let page = site.read("pages/about.md");
    site.write("pages/about.md", format!("{page}\nA new first line.\n"));
    fs::write(site.path("public/tags/index.html"), "hand-edited").unwrap();
    site.build_ok(&[]);

    let out = site.out();
    assert!(
        out.read(about).contains("A new first line."),
        "the changed page is rewritten"
    );
    assert_ne!(
        inode(&site, about),
        before_about,
        "the changed page is a new file"
    );
    assert_ne!(
        out.read("tags/index.html"),
        "hand-edited",
        "a hand-edited output file is not trusted"
    );
    assert_eq!(
        fs::read_to_string(site.path("public/rss.xml")).unwrap(),
        before_feed
    );
    let manifest = fs::read_to_string(site.path("public/.frontdesk-manifest")).unwrap();
    assert!(
        manifest.lines().any(|l| l.ends_with("\trss.xml")),
        "{manifest}"
    );
}

#[test]
fn a_rebuild_with_no_change_writes_nothing_new() {
    let site = Site::basic();
    site.build_ok(&[]);
    let files = site.out().files();
    let before: Vec<_> = files
        .iter()
        .filter(|f| !f.ends_with(".frontdesk-manifest"))
        .map(|f| (f.clone(), inode(&site, f)))
        .collect();
    site.build_ok(&[]);
    for (f, stamp) in before {
        assert_eq!(inode(&site, &f), stamp, "{f} was written again");
    }
}

#[test]
fn a_site_static_file_replaces_the_theme_file_of_the_same_name() {
    let site = Site::basic();
    site.write("static/style.css", "body { color: rebeccapurple }");
    for _ in 0..3 {
        site.build_ok(&[]);
        assert_eq!(
            site.out().read("style.css"),
            "body { color: rebeccapurple }"
        );
        let manifest = fs::read_to_string(site.path("public/.frontdesk-manifest")).unwrap();
        assert_eq!(
            manifest
                .lines()
                .filter(|l| l.ends_with("\tstyle.css"))
                .count(),
            1,
            "{manifest}"
        );
    }
}
