//! Real content that no one here wrote: a Jekyll site's post (see the fixture's NOTICE.md)
//! converted by `bench/to-frontdesk.py` as an owner moving over would, then built and
//! checked by the real binary. What it holds (kramdown attribute lists, images wrapped in
//! HTML blocks, root-relative image paths, code in several languages) must publish as the
//! owner meant it: every picture a picture, nothing left as Markdown text.

mod common;
#[path = "common/photos.rs"]
mod photos;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::*;

/// Copies `tests/fixtures/NAME` into `dest`.
fn copy_fixture(name: &str, dest: &Path) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let to = dest.join(entry.path().strip_prefix(&src).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else {
            fs::copy(entry.path(), &to).unwrap();
        }
    }
}

/// Runs the converter; returns what it said it changed.
fn convert(jekyll: &Path, out: &Path) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/to-frontdesk.py");
    let run = Command::new(python())
        .arg(script)
        .arg(jekyll)
        .arg(out)
        .output()
        .expect("run python3 (tests/run.sh installs python3-yaml)");
    assert!(
        run.status.success(),
        "the converter failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8(run.stdout).unwrap()
}

#[test]
fn a_real_jekyll_post_converts_builds_and_shows_its_pictures() {
    let tmp = tempfile::tempdir().unwrap();
    let jekyll = tmp.path().join("jekyll");
    copy_fixture("jekyll-berdini", &jekyll);
    // The site's own pictures carry no licence: photos of the same names and sizes.
    fs::create_dir_all(jekyll.join("img/posts")).unwrap();
    for (name, w, h, seed) in [
        ("aero_chart.jpg", 558, 787, 1),
        ("folders.jpg", 1066, 469, 2),
    ] {
        let bytes = photos::jpeg(&photos::pixels(w, h, seed), 85, photos::Exif::default());
        fs::write(jekyll.join("img/posts").join(name), bytes).unwrap();
    }
    let site = tmp.path().join("site");
    let notes = convert(&jekyll, &site);
    assert!(notes.contains("kramdown attribute list"), "{notes}");
    assert!(notes.contains("unwrapped Markdown from <span>"), "{notes}");

    let run = frontdesk(tmp.path(), &["build", site.to_str().unwrap()]);
    run.assert_success();
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    let out = Out(site.join("public"));
    let page = out.read("blog/aeronautical-charts/index.html");
    let doc = out.html("blog/aeronautical-charts/index.html");
    for (alt, width) in [("Aeronautical chart", "558"), ("Folder structure", "1066")] {
        let img = select(&doc, "article img")
            .into_iter()
            .find(|i| i.value().attr("alt") == Some(alt))
            .unwrap_or_else(|| panic!("no picture {alt:?} on the post"));
        assert_eq!(img.value().attr("width"), Some(width), "{alt}");
        let picture = ancestor_named(img, "picture").expect("a <picture> with smaller files");
        let srcset = picture
            .select(&sel("source"))
            .find_map(|s| s.value().attr("srcset"));
        assert!(
            srcset.is_some_and(|s| s.contains("webp")),
            "{alt}: {srcset:?}"
        );
    }
    for literal in ["![", "{:", "{%", "{{"] {
        assert!(
            !page.contains(literal),
            "{literal:?} left as text on the page"
        );
    }
    assert!(
        select(&doc, "article pre code").len() >= 3,
        "the code blocks"
    );
    // Its title, date and tags came over.
    assert!(out.has("tags/aviation/index.html"));
    assert!(text(one(&doc, "h1")).contains("Automated aeronautical charts"));

    // `check` (offline) finds nothing broken in it.
    let check = frontdesk(
        tmp.path(),
        &[
            "check",
            site.to_str().unwrap(),
            "--offline",
            "--format",
            "json",
        ],
    );
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let errors: Vec<&serde_json::Value> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn a_real_hugo_bundle_converts_builds_and_its_own_broken_links_are_reported_at_their_place() {
    let tmp = tempfile::tempdir().unwrap();
    let hugo = tmp.path().join("hugo");
    copy_fixture("hugo-istvnurbn", &hugo);
    let site = tmp.path().join("site");
    convert(&hugo, &site);

    // The about page links to CV pages this fixture leaves out: two genuinely broken
    // links, each at the line and column of its text in the converted page.
    let run = frontdesk(tmp.path(), &["build", site.to_str().unwrap()]);
    run.assert_failure();
    let errors = run.error_lines();
    assert_eq!(
        errors,
        [
            "error: pages/about.md:8:334: broken link `/cv/short/`: the site has no file at /cv/short/ (on /about/)",
            "error: pages/about.md:8:357: broken link `/cv/tldr/`: the site has no file at /cv/tldr/ (on /about/)",
        ],
        "{}",
        run.stderr
    );
    let line = fs::read_to_string(site.join("pages/about.md")).unwrap();
    let line = line.lines().nth(7).unwrap();
    assert_eq!(
        line.chars().skip(333).take(7).collect::<String>(),
        "[short]"
    );

    // With the links mended the site builds, and the phone photo is a picture.
    let about = fs::read_to_string(site.join("pages/about.md"))
        .unwrap()
        .replace("(/cv/short/)", "(/about/)")
        .replace("(/cv/tldr/)", "(/about/)");
    fs::write(site.join("pages/about.md"), about).unwrap();
    let run = frontdesk(tmp.path(), &["build", site.to_str().unwrap()]);
    run.assert_success();
    let out = Out(site.join("public"));
    let doc = out.html("blog/kotty/index.html");
    let img = one(&doc, "article img");
    assert_eq!(img.value().attr("width"), Some("1200"));
    assert_eq!(img.value().attr("height"), Some("1200"));
    assert_eq!(
        img.value().attr("alt"),
        Some("KOTTY blend in its can packaging.")
    );
    assert!(text(one(&doc, "article")).contains("Short for kotyogós"));
    assert!(out.has("tags/coffee/index.html"));
    // The date kept its offset: 08:01 in Budapest is 06:01 UTC.
    assert!(
        out.read("atom.xml").contains("2022-09-19T06:01:01Z")
            || out.read("atom.xml").contains("2022-09-19T08:01:01+02:00")
    );
}
