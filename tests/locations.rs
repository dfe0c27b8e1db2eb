//! Several locations (`locations/NAME.yaml`, issue 26): the fixture `tests/fixtures/locations`
//! has two places in two time zones (Portland in America/New_York, the main one; San Diego
//! in America/Los_Angeles, with a closed special day and its own person and email). Built by
//! the real binary at a fixed moment: the pages, the footer and header, the JSON-LD (one
//! `LocalBusiness` a place under the business's `department`), the vCards read back by
//! Python's vobject, the errors at their positions, a bilingual site, and a site of one
//! place unchanged.

mod common;

use std::process::Command;

use common::*;

/// Before San Diego's special day (2030-07-04): the build keeps and announces it.
const NOW: &str = "2030-06-20T12:00:00Z";

/// `frontdesk build` of `site` with the clock at [`NOW`].
fn build_at(site: &Site) -> Run {
    let out = Command::new(BIN)
        .args(["build", site.dir.to_str().unwrap()])
        .current_dir(site.root())
        .env("FRONTDESK_NOW", NOW)
        .env_remove("RUST_LOG")
        .output()
        .expect("run frontdesk");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn built() -> (Site, Out) {
    let site = Site::fixture("locations");
    build_at(&site).assert_success();
    let out = site.out();
    (site, out)
}

#[test]
fn the_list_shows_every_place_with_its_phone_map_and_hours_in_its_own_zone() {
    let (_site, out) = built();
    let doc = out.html("locations/index.html");
    let cards = select(&doc, ".location-list > .location-card");
    let ids: Vec<&str> = cards
        .iter()
        .map(|c| c.value().attr("id").unwrap())
        .collect();
    assert_eq!(ids, ["portland", "san-diego"], "ordered by `order`");
    let zones: Vec<String> = cards
        .iter()
        .map(|c| {
            assert!(c.value().attr("data-hours").is_some());
            let data = c
                .select(&sel(r#"script[type="application/json"]"#))
                .next()
                .expect("each place carries its hours' data");
            let v: serde_json::Value =
                serde_json::from_str(&data.text().collect::<String>()).unwrap();
            v["tz"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(zones, ["America/New_York", "America/Los_Angeles"]);
    let phones: Vec<String> = select(&doc, ".location-list .contact-lines a[href^='tel:']")
        .into_iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(phones, ["tel:+12075550100", "tel:+16195550140"]);
    let maps: Vec<String> = select(&doc, ".location-list .postal a")
        .into_iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        maps,
        [
            "https://www.openstreetmap.org/?mlat=43.65626&mlon=-70.25274#map=18/43.65626/-70.25274",
            "https://www.openstreetmap.org/?mlat=32.71533&mlon=-117.1711#map=18/32.71533/-117.1711"
        ]
    );
    assert_eq!(text(one(&doc, "#portland .location-main")), "Main location");
    assert_eq!(select(&doc, "#san-diego .location-main").len(), 0);
    assert_eq!(
        attr_of(&doc, "#san-diego .location-more a", "href"),
        "/locations/san-diego/"
    );
    // The special day is announced on its place only.
    assert!(text(one(&doc, "#san-diego .hours-compact")).contains("Independence Day"));
    assert!(!text(one(&doc, "#portland .hours-compact")).contains("Independence Day"));
    let sitemap = out.read("sitemap.xml");
    for loc in ["locations/", "locations/portland/", "locations/san-diego/"] {
        assert!(
            sitemap.contains(&format!("<loc>https://two-shores.example/{loc}</loc>")),
            "{loc} not in the sitemap"
        );
    }
}

#[test]
fn a_place_page_has_its_hours_table_person_directions_and_card() {
    let (_site, out) = built();
    let doc = out.html("locations/san-diego/index.html");
    assert_eq!(text(one(&doc, "h1")), "San Diego bar");
    let rows = select(&doc, ".location-hours .hours-table tr");
    assert_eq!(rows.len(), 7);
    assert!(text(one(&doc, ".special-hours")).contains("Independence Day"));
    assert!(text(one(&doc, ".hours-zone")).contains("America/Los_Angeles"));
    assert_eq!(
        text(one(&doc, ".person-name-lg")),
        "Leo Park",
        "person: leo"
    );
    assert_eq!(
        attr_of(&doc, ".contact-actions a.btn-primary", "href"),
        "tel:+16195550140"
    );
    assert_eq!(
        attr_of(&doc, ".contact-actions a.btn-secondary", "href"),
        "mailto:sandiego@two-shores.example"
    );
    assert_eq!(
        attr_of(&doc, ".contact-person a[download]", "href"),
        "/locations/san-diego.vcf"
    );
    assert!(attr_of(&doc, ".map-links a.btn", "href").starts_with("geo:32.71533,-117.1711?q="));
    // Portland's directions are Markdown, their link resolved as from its page.
    let doc = out.html("locations/portland/index.html");
    assert_eq!(attr_of(&doc, ".location-note a", "href"), "/about/");
    assert_eq!(
        text(one(&doc, ".person-name-lg")),
        "Maria Lopez",
        "no person of its own: the business's"
    );
}

#[test]
fn header_footer_contact_page_and_navigation_choose_the_main_place() {
    let (_site, out) = built();
    let doc = out.html("index.html");
    // The header's one-tap phone is the main location's.
    assert_eq!(
        attr_of(&doc, ".quick-contact .qc-phone", "href"),
        "tel:+12075550100"
    );
    let nav: Vec<String> = select(&doc, ".site-nav .nav-list a")
        .into_iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert!(nav.contains(&"/locations/".to_string()), "{nav:?}");
    assert_eq!(text(one(&doc, ".footer-place")), "Portland roastery");
    assert_eq!(text(one(&doc, ".footer-all-places a")), "All 2 locations");
    assert_eq!(attr_of(&doc, ".footer-all-places a", "href"), "/locations/");
    // The contact page lists every place beside the central contact, and its footer does
    // not repeat them.
    let doc = out.html("contact/index.html");
    let names: Vec<String> = select(&doc, ".contact-side .location-name a")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(names, ["Portland roastery", "San Diego bar"]);
    assert_eq!(select(&doc, ".footer-place").len(), 0);
    assert_eq!(
        attr_of(&doc, ".contact-person a[href^='mailto:']", "href"),
        "mailto:hello@two-shores.example"
    );
}

#[test]
fn json_ld_has_one_local_business_a_place_under_the_business() {
    let (_site, out) = built();
    let doc = out.html("contact/index.html");
    let business = &json_ld(&doc)[0];
    assert_eq!(business["@type"], "LocalBusiness");
    let id = business["@id"].as_str().unwrap();
    assert_eq!(id, "https://two-shores.example/#business");
    let places = business["department"].as_array().unwrap();
    assert_eq!(places.len(), 2);
    let sd = &places[1];
    assert_eq!(sd["@type"], "LocalBusiness");
    assert_eq!(
        sd["@id"],
        "https://two-shores.example/locations/san-diego/#place"
    );
    assert_eq!(sd["parentOrganization"]["@id"], id);
    assert_eq!(sd["telephone"], "+1 619 555 0140");
    assert_eq!(sd["address"]["addressLocality"], "San Diego");
    assert_eq!(sd["geo"]["latitude"], 32.71533);
    let week = sd["openingHoursSpecification"].as_array().unwrap();
    assert_eq!(week[0]["opens"], "09:00");
    assert_eq!(week[0]["dayOfWeek"].as_array().unwrap().len(), 7);
    let special = &sd["specialOpeningHoursSpecification"][0];
    assert_eq!(special["validFrom"], "2030-07-04");
    assert_eq!(special["closes"], "00:00");
    assert!(places[0].get("specialOpeningHoursSpecification").is_none());
    // A place's own page: the place, naming its business.
    let doc = out.html("locations/portland/index.html");
    let place = &json_ld(&doc)[0];
    assert_eq!(place["@context"], "https://schema.org");
    assert_eq!(
        place["@id"],
        "https://two-shores.example/locations/portland/#place"
    );
    assert_eq!(place["parentOrganization"]["@id"], id);
    assert_eq!(place["parentOrganization"]["name"], "Two Shores Coffee");
}

/// Reads a vCard with Python's vobject and prints what a contacts app would show.
const READ_VCARD: &str = r#"
import json, sys, vobject
card = vobject.readOne(open(sys.argv[1], encoding="utf-8").read())
def values(name):
    return [c.value for c in card.contents.get(name, [])]
print(json.dumps({
    "fn": values("fn"), "org": values("org"), "tel": values("tel"), "email": values("email"),
    "geo": values("geo"), "related": values("x-abrelatednames"), "note": values("note"),
    "adr": [[a.street, a.city, a.region, a.code, a.country] for a in values("adr")],
}))
"#;

#[test]
fn each_place_has_a_vcard_a_contacts_app_reads() {
    let (_site, out) = built();
    let run = Command::new(python())
        .args(["-c", READ_VCARD])
        .arg(out.path("locations/san-diego.vcf"))
        .output()
        .expect("run python3 (tests/run.sh installs python3-vobject)");
    assert!(
        run.status.success(),
        "vobject could not read the vCard:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(v["fn"][0], "Two Shores Coffee – San Diego bar");
    assert_eq!(
        v["org"][0],
        serde_json::json!(["Two Shores Coffee", "San Diego bar"])
    );
    assert_eq!(v["tel"][0], "+1 619 555 0140");
    assert_eq!(v["email"][0], "sandiego@two-shores.example");
    assert_eq!(v["geo"][0], "32.71533;-117.1711");
    assert_eq!(v["related"][0], "Leo Park");
    assert_eq!(
        v["adr"][0],
        serde_json::json!(["900 Harbor Drive", "San Diego", "CA", "92101", "US"])
    );
    assert!(
        v["note"][0]
            .as_str()
            .unwrap()
            .contains("America/Los_Angeles"),
        "{v}"
    );
}

#[test]
fn every_broken_place_file_is_reported_at_once_at_its_positions() {
    let site = Site::fixture("locations");
    // A typo in a key.
    let portland = site.read("locations/portland.yaml");
    site.write(
        "locations/portland.yaml",
        portland.replace("phone:", "phnoe:"),
    );
    // A second `main`, an unknown person, a time zone that is not one.
    let sd = site.read("locations/san-diego.yaml");
    site.write(
        "locations/old-town.yaml",
        sd.replace("person: leo", "person: lea")
            .replace("America/Los_Angeles", "America/San_Diego")
            + "main: true\n",
    );
    site.write("locations/san-diego.yaml", format!("main: true\n{sd}"));
    // A place's field left in contact.yaml.
    site.write(
        "contact.yaml",
        format!("{}phone: \"+1 207 555 0100\"\n", site.read("contact.yaml")),
    );
    let run = build_at(&site);
    run.assert_failure();
    let errors = run.error_lines();
    let has = |want: &str| {
        assert!(
            errors.iter().any(|l| l.starts_with(want)),
            "no error starting {want:?} in:\n{}",
            errors.join("\n")
        )
    };
    has("error: locations/portland.yaml:9:1: unknown field `phnoe`: did you mean `phone`?");
    has(
        "error: locations/old-town.yaml:14:13: `timezone` \"America/San_Diego\" is not a time zone name",
    );
    has("error: contact.yaml:5:1: `phone` belongs to a place, and this site has locations/");
    // The person and the second `main` are checked once every file has parsed: fix the
    // time zone and they are reported.
    site.write(
        "locations/old-town.yaml",
        sd.replace("person: leo", "person: lea") + "main: true\n",
    );
    site.write("locations/portland.yaml", &portland);
    site.write(
        "contact.yaml",
        site.read("contact.yaml")
            .replace("phone: \"+1 207 555 0100\"\n", ""),
    );
    let run = build_at(&site);
    run.assert_failure();
    let errors = run.error_lines();
    let has = |want: &str| {
        assert!(
            errors.iter().any(|l| l.starts_with(want)),
            "no error starting {want:?} in:\n{}",
            errors.join("\n")
        )
    };
    has(
        "error: locations/old-town.yaml:11:9: `person: lea` names no one of team/: did you mean `leo`?",
    );
    has(
        "error: locations/san-diego.yaml:1:7: `main: true` is already written in locations/old-town.yaml",
    );
}

#[test]
fn a_bilingual_site_has_each_language_s_places_under_its_prefix() {
    let site = Site::fixture("locations");
    site.write(
        "site.yaml",
        site.read("site.yaml")
            .replace("language: en\n", "languages: [en, fr]\n"),
    );
    site.write(
        "locations/portland.yaml",
        site.read("locations/portland.yaml").replace(
            "name: Portland roastery",
            "name: {en: Portland roastery, fr: Torréfaction de Portland}",
        ),
    );
    build_at(&site).assert_success();
    let out = site.out();
    let doc = out.html("fr/locations/portland/index.html");
    assert_eq!(text(one(&doc, "h1")), "Torréfaction de Portland");
    assert_eq!(text(one(&doc, ".location-back a")), "Nos adresses");
    assert_eq!(attr_of(&doc, ".location-back a", "href"), "/fr/locations/");
    let doc = out.html("fr/locations/index.html");
    assert_eq!(
        attr_of(&doc, "#portland .location-name a", "href"),
        "/fr/locations/portland/"
    );
    assert!(out.has("fr/locations/portland.vcf"));
    let doc = out.html("locations/portland/index.html");
    assert_eq!(text(one(&doc, "h1")), "Portland roastery");
}

#[test]
fn a_site_of_one_place_is_unchanged_by_the_feature() {
    // The basic fixture keeps its place in contact.yaml: nothing of the locations shows.
    let site = Site::basic();
    let before = snapshot(&site.build_ok(&[]).path(""));
    for (file, bytes) in &before {
        if file.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            assert!(!html.contains("/locations/"), "{file} links /locations/");
            assert!(!html.contains("data-hours"), "{file} has a place's hours");
        }
    }
    assert!(!before.keys().any(|f| f.starts_with("locations/")));
    // With a place, then without it again: every file as before.
    let sd = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/locations/locations/san-diego.yaml"),
    )
    .unwrap();
    site.write("locations/san-diego.yaml", sd.replace("person: leo\n", ""));
    let with = site.build(&[]);
    with.assert_failure();
    assert!(
        with.stderr
            .contains("contact.yaml:5:1: `phone` belongs to a place"),
        "{}",
        with.stderr
    );
    site.remove("locations/san-diego.yaml");
    let after = snapshot(&site.build_ok(&[]).path(""));
    let changed: Vec<&String> = before
        .iter()
        .filter(|(f, b)| after.get(*f) != Some(b) && !f.starts_with(".frontdesk"))
        .map(|(f, _)| f)
        .collect();
    assert!(changed.is_empty(), "changed: {changed:?}");
}
