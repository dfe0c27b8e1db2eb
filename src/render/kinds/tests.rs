//! Each kind's key changes when, and only when, something its output shows changes: the
//! example site is rendered twice, the second time after an edit; every file whose bytes
//! changed must have a new key, and the kinds whose key changed must be those that show
//! what was edited.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::content::LoadOptions;
use crate::output::Body;
use crate::render::{RenderOptions, Renderer};

type Files = BTreeMap<String, (String, u64, Vec<u8>)>;

/// Each file of the site in `dir` (but copied files, keyed by name): its kind, key and
/// bytes; and the kinds that show the site-wide values.
fn files(dir: &Path, now: chrono::DateTime<chrono::Utc>) -> (Files, BTreeSet<&'static str>) {
    let opts = LoadOptions {
        drafts: false,
        base_url: None,
        now,
    };
    let assembled = crate::site::assemble(dir, &opts, None, crate::site::Changes::All, None)
        .unwrap_or_else(|f| panic!("{}", f.diagnostics));
    let site = assembled.site;
    let renderer = Renderer::new(site.languages(), RenderOptions::PREVIEW);
    let jobs = renderer.jobs();
    let showing_site = (jobs.iter())
        .filter(|j| j.reads() == crate::render::Reads::Site)
        .map(|j| j.kind_name())
        .collect();
    let files = (jobs.iter())
        .filter(|job| !job.is_copied())
        .map(|job| {
            let out = renderer.render(job).expect("renders");
            let bytes = match out.body {
                Body::Bytes(b) => b,
                Body::Static(b) => b.to_vec(),
                Body::File(p) => std::fs::read(p).expect("reads"),
            };
            (
                out.path,
                (job.kind_name().to_string(), renderer.key(job), bytes),
            )
        })
        .collect();
    (files, showing_site)
}

/// A copy of the example site with one raster photo in a bundle, so every kind has a job.
fn example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("site");
    copy(&src, dir.path());
    let photo = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90]));
    photo
        .save(dir.path().join("posts/new-roaster/bench.png"))
        .unwrap();
    let post = dir.path().join("posts/new-roaster/index.md");
    let mut text = std::fs::read_to_string(&post).unwrap();
    text.push_str("\n![The new bench by the roaster](bench.png)\n");
    std::fs::write(&post, text).unwrap();
    dir
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "public" || name == ".frontdesk" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &to.join(&name));
        } else {
            std::fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} holds {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Builds the example site, applies `change`, builds again, and returns the kinds of
/// the files whose key changed, after checking that every file whose bytes changed has a
/// new key (added and removed files aside).
fn changed(change: impl FnOnce(&Path)) -> BTreeMap<String, BTreeSet<String>> {
    changed_and_showing_site(change).0
}

fn changed_and_showing_site(
    change: impl FnOnce(&Path),
) -> (BTreeMap<String, BTreeSet<String>>, BTreeSet<&'static str>) {
    changed_after(|_| {}, change)
}

/// As [`changed_and_showing_site`], on the example site after `setup`.
fn changed_after(
    setup: impl FnOnce(&Path),
    change: impl FnOnce(&Path),
) -> (BTreeMap<String, BTreeSet<String>>, BTreeSet<&'static str>) {
    let now = chrono::Utc::now();
    let dir = example();
    setup(dir.path());
    let (before, _) = files(dir.path(), now);
    change(dir.path());
    let (after, showing_site) = files(dir.path(), now);
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, (kind, key, bytes)) in &after {
        let Some((_, old_key, old_bytes)) = before.get(path) else {
            continue;
        };
        let key_changed = key != old_key;
        // A file whose key is the same is not rendered again: its bytes must be the same.
        assert!(
            key_changed || bytes == old_bytes,
            "/{path} ({kind}): its bytes changed and its key did not"
        );
        if key_changed {
            out.entry(kind.clone()).or_default().insert(path.clone());
        }
    }
    (out, showing_site)
}

/// The kinds that show a post's text, title or date: its page, the lists and the feeds
/// (in the example site, the edited post is in no newsletter issue).
const SHOW_POSTS: [&str; 7] = ["Atom", "Blog", "Home", "JsonFeed", "Post", "Rss", "Tag"];

fn kinds(changed: &BTreeMap<String, BTreeSet<String>>) -> BTreeSet<&str> {
    changed.keys().map(String::as_str).collect()
}

#[test]
fn a_posts_text_changes_the_pages_that_show_it_and_no_other() {
    let changed = changed(|d| {
        edit(
            d,
            "posts/brew-guide.md",
            "All amounts are for one large mug.",
            "All amounts are for one big mug.",
        )
    });
    // Its page, the lists and feeds that show it; not its neighbours (they show its title),
    // the sitemap (it lists paths and dates), or any page that does not list it.
    assert_eq!(
        changed["Post"],
        BTreeSet::from(["blog/brew-guide/index.html".to_string()])
    );
    assert_eq!(kinds(&changed), SHOW_POSTS.into(), "{changed:?}");
}

#[test]
fn a_posts_title_changes_its_neighbours_but_not_the_sitemap() {
    let changed = changed(|d| {
        edit(
            d,
            "posts/brew-guide.md",
            "title: A brew guide for every kitchen",
            "title: A brew guide for any kitchen",
        )
    });
    assert!(
        changed["Post"].len() > 1,
        "neighbours link its title: {changed:?}"
    );
    assert_eq!(kinds(&changed), SHOW_POSTS.into(), "{changed:?}");
}

#[test]
fn a_posts_date_changes_the_sitemap() {
    let changed = changed(|d| {
        edit(
            d,
            "posts/brew-guide.md",
            "updated: 2025-01-08",
            "updated: 2025-01-09",
        )
    });
    let mut expect = BTreeSet::from(SHOW_POSTS);
    expect.insert("Sitemap");
    assert_eq!(kinds(&changed), expect, "{changed:?}");
}

#[test]
fn contact_data_changes_every_page_and_no_file_made_from_one_source() {
    let (changed, showing_site) = changed_and_showing_site(|d| {
        let text = std::fs::read_to_string(d.join("contact.yaml")).unwrap();
        let line = text
            .lines()
            .find(|l| l.starts_with("response_time:"))
            .expect("a response time");
        edit(
            d,
            "contact.yaml",
            line,
            "response_time: within two hours on weekdays",
        );
    });
    // Every kind that shows the site-wide values, and none of the others (feeds, the
    // sitemap, robots.txt, images, icons, the theme's files).
    assert_eq!(kinds(&changed), showing_site);
    assert!(showing_site.is_superset(&["Contact", "Home", "Post", "Vcard"].into()));
}

#[test]
fn a_page_changes_itself_only() {
    let changed = changed(|d| {
        edit(
            d,
            "pages/about.md",
            "There are seven of us.",
            "There are eight of us.",
        )
    });
    assert_eq!(kinds(&changed), BTreeSet::from(["Page"]), "{changed:?}");
}

#[test]
fn an_faq_answer_changes_the_faq_page_only() {
    let changed = changed(|d| {
        edit(
            d,
            "faq.yaml",
            "Oat, almond and soy, at no extra charge.",
            "Oat, almond, soy and coconut, at no extra charge.",
        )
    });
    assert_eq!(kinds(&changed), BTreeSet::from(["Faq"]), "{changed:?}");
}

#[test]
fn an_event_changes_its_page_its_calendar_file_the_list_and_the_feed_only() {
    let changed = changed(|d| {
        edit(
            d,
            "events/saturday-cupping.md",
            "No experience needed.",
            "No experience needed, and children are welcome.",
        )
    });
    assert_eq!(
        kinds(&changed),
        BTreeSet::from(["Event", "EventIcs", "Events", "EventsFeed"]),
        "{changed:?}"
    );
    assert_eq!(
        changed["Event"],
        BTreeSet::from(["events/saturday-cupping/index.html".to_string()])
    );
    assert_eq!(
        changed["EventIcs"],
        BTreeSet::from(["events/saturday-cupping.ics".to_string()])
    );
}

#[test]
fn a_service_price_changes_the_services_page_only() {
    let changed = changed(|d| edit(d, "services.yaml", "price: 65", "price: 70"));
    assert_eq!(kinds(&changed), BTreeSet::from(["Services"]), "{changed:?}");
}

#[test]
fn a_newsletter_note_changes_its_issue_only() {
    let changed = changed(|d| {
        let file = d.join("newsletter/2025-03.md");
        let mut text = std::fs::read_to_string(&file).unwrap();
        text.push_str("\nOne more line from us.\n");
        std::fs::write(file, text).unwrap();
    });
    assert_eq!(
        kinds(&changed),
        BTreeSet::from(["EmailHtml", "EmailPreview", "NewsletterIssue"]),
        "{changed:?}"
    );
}

#[test]
fn a_photo_of_the_same_size_changes_its_files_only() {
    let changed = changed(|d| {
        let photo =
            image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([y as u8 * 4, x as u8 * 2, 30]));
        photo.save(d.join("posts/new-roaster/bench.png")).unwrap();
    });
    // Its files; the pages showing it show its size and name, which did not change.
    assert_eq!(kinds(&changed), ["Image"].into(), "{changed:?}");
}

#[test]
fn a_new_logo_changes_the_icons_and_every_page_but_no_image_or_theme_file() {
    // The logo is the site's icon, and `site.yaml`'s brand records its hash: the icons,
    // every page (its header) and what reads `site.yaml` (feeds, sitemap, robots.txt).
    let changed = changed(|d| {
        let svg = std::fs::read_to_string(d.join("static/logo.svg")).unwrap();
        std::fs::write(
            d.join("static/logo.svg"),
            svg.replacen("<svg", "<svg data-v=\"2\"", 1),
        )
        .unwrap();
    });
    let (_, showing_site) = changed_and_showing_site(|_| {});
    let mut expect: BTreeSet<&str> = showing_site;
    expect.extend(["Icon", "Rss", "Atom", "JsonFeed", "Sitemap", "Robots"]);
    assert_eq!(kinds(&changed), expect, "{changed:?}");
}

#[test]
fn a_posts_card_photo_of_another_size_changes_the_lists_that_show_its_card() {
    // The post's first picture is its card on the lists: they show its size.
    let changed = changed(|d| {
        let photo =
            image::RgbImage::from_fn(96, 48, |x, y| image::Rgb([y as u8 * 4, x as u8 * 2, 30]));
        photo.save(d.join("posts/new-roaster/bench.png")).unwrap();
    });
    let kinds = kinds(&changed);
    for kind in ["Image", "Post", "Home", "Blog", "Tag"] {
        assert!(kinds.contains(kind), "{kind} not in {changed:?}");
    }
    for kind in ["Page", "Contact", "Tags", "Sitemap", "Icon", "ThemeStatic"] {
        assert!(!kinds.contains(kind), "{kind} in {changed:?}");
    }
}

#[test]
fn a_hero_photo_of_another_size_changes_the_home_page_and_its_files_only() {
    let hero = |d: &Path, w: u32| {
        let photo = image::RgbImage::from_fn(w, 60, |x, y| image::Rgb([x as u8, y as u8, 60]));
        photo.save(d.join("static/shop.png")).unwrap();
    };
    let (changed, _) = changed_after(
        |d| {
            hero(d, 90);
            let site = std::fs::read_to_string(d.join("site.yaml")).unwrap();
            let site = format!("{site}\nhero:\n  image: static/shop.png\n  alt: The shop\n");
            std::fs::write(d.join("site.yaml"), site).unwrap();
        },
        |d| hero(d, 120),
    );
    // Its variants are named by their widths: new files rather than changed ones.
    assert_eq!(kinds(&changed), ["Home"].into(), "{changed:?}");
}

/// A build holds a job for every post, page, image and file (about 134,000 at 100,000
/// posts): a kind whose fields grow the enum for all of them boxes what is rare.
#[test]
fn a_job_stays_small() {
    let size = std::mem::size_of::<super::Job>();
    assert!(size <= 88, "Job is {size} bytes");
}
