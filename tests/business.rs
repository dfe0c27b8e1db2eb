//! The business profile: structured opening hours, finding the place, the brand (logo,
//! accent, favicon set) and the vCard as an organization, built from copies of
//! `tests/fixtures/basic` by the real binary. The vCard is read back with Python's
//! `vobject` (Debian's `python3-vobject`, which `tests/run.sh` installs).

mod common;

use std::process::Command;

use chrono::{Duration, Utc};
use common::*;

/// The basic fixture with a whole business profile: hours with a special day inside the
/// next 30 days and one after them, a place, a booking link and a logo.
fn profile() -> Site {
    let site = Site::basic();
    let today = Utc::now().date_naive();
    let soon = today + Duration::days(10);
    let later = today + Duration::days(100);
    let contact = site.read("contact.yaml");
    let start = contact.find("hours:").expect("the fixture has hours");
    let end = contact.find("response_time:").expect("and a response time");
    let hours = format!(
        "hours:\n  timezone: Europe/Berlin\n  weekly:\n    mon-fri: \"07:00-15:00\"\n    sat: \"08:00-12:00, 13:00-17:00\"\n    sun: closed\n  special:\n    - {{date: {soon}, closed: true, note: Inventory day}}\n    - {{from: {later}, to: {}, hours: \"10:00-14:00\"}}\n",
        later + Duration::days(2)
    );
    let contact = format!(
        "{}{hours}{}geo: {{lat: 52.52, lon: 13.405}}\nbooking_url: https://book.basic.example/rosa\n",
        &contact[..start],
        &contact[end..]
    );
    site.write("contact.yaml", contact);
    site.write("static/logo.svg", LOGO_SVG);
    let yaml = site.read("site.yaml");
    site.write(
        "site.yaml",
        format!("{yaml}brand:\n  logo: logo.svg\n  accent: \"#8a3b12\"\n"),
    );
    site
}

/// A wide wordmark: 120 by 40.
const LOGO_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40" width="120" height="40"><rect width="120" height="40" rx="8" fill="#8a3b12"/><circle cx="20" cy="20" r="12" fill="#fff"/></svg>"##;

// ---------------------------------------------------------------- hours

#[test]
fn structured_hours_make_a_table_a_footer_line_and_specifications() {
    let site = profile();
    let out = site.build_ok(&[]);
    let contact = out.html("contact/index.html");
    let rows: Vec<(String, String)> = select(&contact, "main .hours-table tr")
        .into_iter()
        .map(|tr| (text(one_in(tr, "th")), text(one_in(tr, "td"))))
        .collect();
    assert_eq!(rows.len(), 7, "one row per day: {rows:?}");
    assert_eq!(rows[0].0, "Monday");
    assert!(
        rows[0].1.contains("07:00") && rows[0].1.contains("15:00"),
        "{rows:?}"
    );
    assert!(
        rows[5].1.contains("13:00"),
        "Saturday's two ranges: {rows:?}"
    );
    assert!(rows[6].1.to_lowercase().contains("closed"), "{rows:?}");
    let main = text(one(&contact, "main"));
    assert!(
        main.contains("Inventory day"),
        "the special day of the next 30 days is announced"
    );
    assert!(main.contains("Europe/Berlin"), "the time zone is named");
    // The footer of every page has the compact lines and the data for the script.
    let home = out.html("index.html");
    let footer = text(one(&home, "footer"));
    assert!(footer.contains("07:00"), "{footer}");
    let data: serde_json::Value =
        serde_json::from_str(&text(one(&home, "script#hours-data"))).expect("hours data is JSON");
    assert_eq!(data["tz"], "Europe/Berlin");
    assert_eq!(data["week"][0], serde_json::json!([[420, 900]]));

    let v = json_ld(&home).remove(0);
    let spec = v["openingHoursSpecification"].as_array().expect("a list");
    let monday = spec
        .iter()
        .find(|s| {
            s["dayOfWeek"]
                .as_array()
                .is_some_and(|d| d.contains(&"Monday".into()))
        })
        .unwrap_or_else(|| panic!("Monday in {spec:?}"));
    assert_eq!(
        (&monday["opens"], &monday["closes"]),
        (&"07:00".into(), &"15:00".into())
    );
    let special = v["specialOpeningHoursSpecification"]
        .as_array()
        .expect("special");
    assert_eq!(special.len(), 2, "both future special days: {special:?}");
    let soon = (Utc::now().date_naive() + Duration::days(10)).to_string();
    assert!(
        special.iter().any(|s| s["validFrom"] == soon.as_str()
            && s["opens"] == "00:00"
            && s["closes"] == "00:00"),
        "a closed day is opens = closes = 00:00: {special:?}"
    );
}

#[test]
fn free_text_hours_still_work_with_a_warning() {
    let site = Site::basic();
    let contact = site.read("contact.yaml");
    let start = contact.find("hours:").unwrap();
    let end = contact.find("response_time:").unwrap();
    site.write(
        "contact.yaml",
        format!(
            "{}hours:\n  - \"Monday to Friday: 7am to 3pm\"\n{}",
            &contact[..start],
            &contact[end..]
        ),
    );
    let run = site.build(&[]);
    run.assert_success();
    let warning = run.error_line("warning: contact.yaml:");
    assert!(warning.contains("search engines"), "{warning}");
    let out = site.out();
    let page = text(one(&out.html("contact/index.html"), "main"));
    assert!(page.contains("Monday to Friday: 7am to 3pm"), "{page}");
}

#[test]
fn every_hours_mistake_is_reported_at_once_with_its_position() {
    let site = Site::basic();
    let contact = site.read("contact.yaml");
    let start = contact.find("hours:").unwrap();
    let end = contact.find("response_time:").unwrap();
    let head = &contact[..start];
    let line0 = head.lines().count() as u32; // the line before `hours:`
    site.write(
        "contact.yaml",
        format!(
            "{head}hours:\n  timezone: Mars/Olympus\n  weekly:\n    mon-fri: \"07:00-25:00\"\n    sat: 18:00-07:00\n    sun: 08:00-12:00, 11:00-13:00\n    fun: closed\n{}",
            &contact[end..]
        ),
    );
    let run = site.build(&[]);
    run.assert_failure();
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error: contact.yaml:"))
        .collect();
    let expect = [
        (line0 + 2, 13, "not a time zone"),
        (line0 + 4, 21, "\"25:00\" is not a time of day"),
        (line0 + 5, 10, "ends before it starts"),
        (line0 + 6, 23, "overlaps"),
        (line0 + 7, 5, "\"fun\" is not a day of the week"),
    ];
    assert_eq!(errors.len(), expect.len(), "{}", run.stderr);
    for ((line, col, words), got) in expect.iter().zip(&errors) {
        let at = format!("error: contact.yaml:{line}:{col}: ");
        assert!(
            got.starts_with(&at) && got.contains(words),
            "want {at}..{words}..\n got {got}"
        );
    }
    assert!(!site.out().has("index.html"), "nothing is published");
}

// ---------------------------------------------------------------- finding the place

#[test]
fn geo_gives_directions_a_map_link_and_coordinates_and_booking_a_button() {
    let site = profile();
    let out = site.build_ok(&[]);
    let doc = out.html("contact/index.html");
    let hrefs: Vec<String> = select(&doc, "main a[href]")
        .into_iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert!(
        hrefs.iter().any(|h| h.starts_with("geo:52.52,13.405")),
        "a geo: link opens the phone's map app: {hrefs:?}"
    );
    assert!(
        hrefs
            .iter()
            .any(|h| h.starts_with("https://www.openstreetmap.org/") && h.contains("52.52")),
        "{hrefs:?}"
    );
    let book = select(&doc, "main a[href='https://book.basic.example/rosa']");
    assert!(
        book.iter()
            .any(|a| text(*a).contains("Book an appointment")),
        "{hrefs:?}"
    );
    // Nothing on the page loads from another host: no embedded map.
    for (sel, attr) in [
        ("img", "src"),
        ("script", "src"),
        ("iframe", "src"),
        ("link", "href"),
    ] {
        for el in select(&doc, sel) {
            let v = el.value().attr(attr).unwrap_or("");
            assert!(
                !v.starts_with("http") || v.starts_with("https://basic.example/"),
                "{sel} loads {v}"
            );
        }
    }
    let v = json_ld(&doc).remove(0);
    assert_eq!(v["geo"]["@type"], "GeoCoordinates");
    assert_eq!(v["geo"]["latitude"], 52.52);
    assert_eq!(v["potentialAction"]["@type"], "ReserveAction");
}

#[test]
fn bad_place_values_are_errors_at_their_positions() {
    let site = Site::basic();
    let contact = site.read("contact.yaml");
    let n = contact.lines().count() as u32;
    site.write(
        "contact.yaml",
        format!("{contact}geo: {{lat: 95, lon: 13.4}}\nbooking_url: http://book.example/\n"),
    );
    let run = site.build(&[]);
    run.assert_failure();
    let lat = run.error_line(&format!("error: contact.yaml:{}:", n + 1));
    assert!(lat.contains("latitude"), "{lat}");
    let book = run.error_line(&format!("error: contact.yaml:{}:", n + 2));
    assert!(
        book.contains("booking_url") && book.contains("https"),
        "{book}"
    );
}

// ---------------------------------------------------------------- brand

#[test]
fn the_logo_is_in_the_header_at_its_proportions_and_makes_the_favicon_set() {
    let site = profile();
    site.write(
        "static/logo-dark.svg",
        LOGO_SVG.replace("#8a3b12", "#f0c0a0"),
    );
    let yaml = site.read("site.yaml").replace(
        "  logo: logo.svg\n",
        "  logo: logo.svg\n  logo_dark: logo-dark.svg\n",
    );
    site.write("site.yaml", yaml);
    let out = site.build_ok(&[]);
    for page in ["index.html", "blog/index.html", "contact/index.html"] {
        let doc = out.html(page);
        let img = one(&doc, "header .brand img");
        assert_eq!(img.value().attr("src"), Some("/logo.svg"), "{page}");
        assert_eq!(
            (img.value().attr("width"), img.value().attr("height")),
            (Some("120"), Some("40")),
            "{page}: the wordmark keeps its 3:1 shape"
        );
        let source = one(&doc, "header .brand picture source");
        assert_eq!(source.value().attr("srcset"), Some("/logo-dark.svg"));
        assert_eq!(
            source.value().attr("media"),
            Some("(prefers-color-scheme: dark)")
        );
        assert_eq!(
            attr_of(&doc, "meta[name=theme-color]", "content"),
            "#8a3b12"
        );
        let style = text(one(&doc, "head style"));
        assert!(style.contains("--accent:#8a3b12"), "{style}");
        assert_eq!(
            attr_of(&doc, "link[rel=apple-touch-icon]", "href"),
            "/apple-touch-icon.png"
        );
        assert_eq!(
            attr_of(&doc, "link[rel=manifest]", "href"),
            "/manifest.webmanifest"
        );
    }
    for (file, size) in [
        ("favicon-32.png", 32),
        ("apple-touch-icon.png", 180),
        ("icon-192.png", 192),
        ("icon-512.png", 512),
    ] {
        let img =
            image::load_from_memory(&out.bytes(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!((img.width(), img.height()), (size, size), "{file}");
        let rgba = img.to_rgba8();
        // The logo's brown is drawn, centred: the middle row holds it.
        let mid = rgba.get_pixel(size * 7 / 8, size / 2);
        assert_eq!(
            mid.0,
            [0x8a, 0x3b, 0x12, 255],
            "{file} at the right of the middle row"
        );
        let corner = rgba.get_pixel(0, 0);
        if file == "apple-touch-icon.png" {
            assert_eq!(
                corner.0,
                [255, 255, 255, 255],
                "the touch icon lies on white"
            );
        } else {
            assert_eq!(
                corner.0[3], 0,
                "{file}: the wide logo leaves the top transparent"
            );
        }
    }
    let ico = out.bytes("favicon.ico");
    let img = image::load_from_memory_with_format(&ico, image::ImageFormat::Ico).expect("an ICO");
    assert_eq!(img.width(), 32);

    let m: serde_json::Value =
        serde_json::from_str(&out.read("manifest.webmanifest")).expect("the manifest is JSON");
    assert_eq!(m["name"], "Basic Bakery");
    assert!(m["short_name"].as_str().unwrap().chars().count() <= 12);
    assert_eq!(m["start_url"], "/");
    assert_eq!(m["theme_color"], "#8a3b12");
    let icons = m["icons"].as_array().unwrap();
    for icon in icons {
        let src = icon["src"].as_str().unwrap();
        assert!(
            out.has(src.trim_start_matches('/')),
            "the manifest names {src}, which is published"
        );
        if let Some((w, _)) = icon["sizes"].as_str().unwrap().split_once('x') {
            let img = image::load_from_memory(&out.bytes(src.trim_start_matches('/'))).unwrap();
            assert_eq!(img.width().to_string(), w, "{src}");
        }
    }
    assert!(icons.iter().any(|i| i["sizes"] == "512x512"));
}

#[test]
fn a_site_without_a_brand_gets_the_neutral_mark_and_the_theme_colours() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    let doc = out.html("index.html");
    assert_eq!(attr_of(&doc, "header .brand img", "src"), "/favicon.svg");
    assert!(
        select(&doc, "head style").is_empty(),
        "no palette without an accent"
    );
    assert_eq!(
        attr_of(&doc, "meta[name=theme-color]", "content"),
        "#0d5f59"
    );
    assert!(out.has("icon-512.png") && out.has("favicon.ico") && out.has("manifest.webmanifest"));
}

#[test]
fn a_pale_accent_is_refused_naming_the_pair_and_the_ratio() {
    let site = Site::basic();
    let yaml = site.read("site.yaml");
    let n = yaml.lines().count() as u32;
    site.write(
        "site.yaml",
        format!("{yaml}brand:\n  accent: \"#f5c400\"\n"),
    );
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("site.yaml");
    assert_eq!((line, col), (n + 2, 11), "{msg}");
    assert!(
        msg.contains("#f5c400") && msg.contains("background"),
        "{msg}"
    );
    assert!(
        msg.contains(":1") && msg.contains("4.5"),
        "the ratio and the need: {msg}"
    );
    // The suggested darker accent builds.
    let better = msg.rsplit("e.g. \"").next().unwrap().trim_end_matches('"');
    site.write(
        "site.yaml",
        format!("{yaml}brand:\n  accent: \"{better}\"\n"),
    );
    site.build_ok(&[]);
}

#[test]
fn logo_mistakes_are_errors_at_the_value() {
    let site = Site::basic();
    let yaml = site.read("site.yaml");
    let n = yaml.lines().count() as u32;
    for (file, contents, words) in [
        ("missing.svg", None, "not found in static/"),
        ("broken.svg", Some(&b"<svg"[..]), "not an SVG image"),
        ("logo.gif", Some(&b"GIF89a"[..]), "SVG, PNG, JPEG or WebP"),
        ("empty.png", Some(&b"\x89PNG\r\n\x1a\n"[..]), "empty.png"),
    ] {
        if let Some(c) = contents {
            site.write(&format!("static/{file}"), c);
        }
        site.write("site.yaml", format!("{yaml}brand:\n  logo: {file}\n"));
        let run = site.build(&[]);
        run.assert_failure();
        let (line, col, msg) = run.located_error("site.yaml");
        assert_eq!((line, col), (n + 2, 9), "{file}: {msg}");
        assert!(msg.contains(words), "{file}: {msg}");
    }
}

// ---------------------------------------------------------------- vCard

/// Reads the vCard with Python's vobject and prints what a contacts app would show.
const READ_VCARD: &str = r#"
import json, sys, vobject
card = vobject.readOne(open(sys.argv[1], encoding="utf-8").read())
def values(name):
    return [c.value for c in card.contents.get(name, [])]
out = {
    "n": [str(n) for n in values("n")],
    "n_parts": [[n.family, n.given] for n in values("n")],
    "fn": values("fn"),
    "org": values("org"),
    "showas": values("x-abshowas"),
    "geo": values("geo"),
    "logo": values("logo"),
    "photo": values("photo"),
    "tel": values("tel"),
    "email": values("email"),
    "note": values("note"),
    "related": values("x-abrelatednames"),
}
print(json.dumps(out))
"#;

#[test]
fn the_vcard_reads_back_as_an_organization_with_labelled_notes() {
    let site = profile();
    let out = site.build_ok(&[]);
    let run = Command::new(python())
        .args(["-c", READ_VCARD])
        .arg(out.path("contact.vcf"))
        .output()
        .expect("run python3 (tests/run.sh installs python3-vobject)");
    assert!(
        run.status.success(),
        "vobject could not read the vCard (is python3-vobject installed? tests/run.sh installs it):\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(v["fn"][0], "Basic Bakery");
    assert_eq!(
        v["n_parts"][0],
        serde_json::json!(["", ""]),
        "no person's name: {v}"
    );
    assert_eq!(v["org"][0][0], "Basic Bakery");
    assert_eq!(v["showas"][0], "COMPANY");
    assert_eq!(v["geo"][0], "52.52;13.405");
    assert_eq!(v["logo"][0], "https://basic.example/icon-512.png");
    assert_eq!(v["tel"][0], "+1 207 555 0199");
    assert_eq!(v["related"][0], "Rosa Baker");
    let note = v["note"][0].as_str().unwrap();
    let lines: Vec<&str> = note.lines().collect();
    for label in [
        "Contact person: Rosa Baker",
        "Response time: ",
        "Opening hours: ",
        "Book an appointment: https://book.basic.example/rosa",
    ] {
        assert!(
            lines.iter().any(|l| l.starts_with(label)),
            "a line labelled {label:?} in the note:\n{note}"
        );
    }
    let hours = lines
        .iter()
        .find(|l| l.starts_with("Opening hours: "))
        .unwrap();
    assert!(
        hours.contains("07:00") && hours.contains("Europe/Berlin"),
        "{hours}"
    );
}

fn one_in<'a>(el: scraper::ElementRef<'a>, selector: &str) -> scraper::ElementRef<'a> {
    el.select(&sel(selector))
        .next()
        .unwrap_or_else(|| panic!("no {selector} in {}", el.html()))
}
