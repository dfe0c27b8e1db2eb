//! The customer-facing pages: contact links, vCard, JSON-LD, the suggestion form and
//! testimonials, built from copies of `tests/fixtures/basic` by the real binary.

mod common;

use common::*;
use scraper::{ElementRef, Html};

const PHONE_HREF: &str = "tel:+12075550199";
const EMAIL: &str = "hello@basic.example";

// ---------------------------------------------------------------- contact

#[test]
fn every_generated_html_page_has_a_tel_and_a_mailto_link() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    let pages = out.html_files();
    assert!(pages.len() >= 15, "{pages:?}");
    for page in pages {
        let doc = out.html(&page);
        let hrefs: Vec<&str> = select(&doc, "a[href]")
            .iter()
            .map(|a| a.value().attr("href").unwrap())
            .collect();
        assert!(
            hrefs.contains(&PHONE_HREF),
            "{page}: no link to {PHONE_HREF}"
        );
        assert!(
            hrefs.contains(&format!("mailto:{EMAIL}").as_str()),
            "{page}: no mailto:{EMAIL} link"
        );
    }
}

/// vCard content lines, unfolded (a CRLF followed by a space continues the line).
fn vcard_lines(v: &str) -> Vec<String> {
    v.replace("\r\n ", "")
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn vcard_is_version_3_with_fn_org_tel_email_adr_and_crlf_line_ends() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    let v = out.read("contact.vcf");
    let bare_lf = v
        .match_indices('\n')
        .filter(|(i, _)| *i == 0 || v.as_bytes()[i - 1] != b'\r')
        .count();
    assert_eq!(bare_lf, 0, "every line ends with CRLF:\n{v:?}");
    assert!(v.ends_with("\r\n"), "the last line ends with CRLF too");
    let lines = vcard_lines(&v);
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCARD"));
    assert_eq!(lines.get(1).map(String::as_str), Some("VERSION:3.0"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCARD"));
    let prop = |name: &str| -> String {
        lines
            .iter()
            .find(|l| l.split([':', ';']).next() == Some(name))
            .unwrap_or_else(|| panic!("no {name} property in\n{v}"))
            .clone()
    };
    assert_eq!(prop("FN"), "FN:Basic Bakery");
    assert!(
        prop("ORG").starts_with("ORG:Basic Bakery"),
        "{}",
        prop("ORG")
    );
    assert!(prop("TEL").ends_with(":+1 207 555 0199"), "{}", prop("TEL"));
    assert!(
        prop("EMAIL").ends_with(&format!(":{EMAIL}")),
        "{}",
        prop("EMAIL")
    );
    let adr = prop("ADR");
    let value = adr.split_once(':').unwrap().1;
    let parts: Vec<&str> = value.split(';').collect();
    assert_eq!(
        parts,
        ["", "", "1 Flour Street", "Portland", "ME", "04101", "US"],
        "ADR fields: {adr}"
    );
}

fn local_business(doc: &Html, page: &str) -> serde_json::Value {
    let all = json_ld(doc);
    assert_eq!(all.len(), 1, "{page}: one JSON-LD block, found {all:?}");
    all.into_iter().next().unwrap()
}

#[test]
fn json_ld_on_home_and_contact_is_a_local_business_with_address_and_contact_point() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    for page in ["index.html", "contact/index.html"] {
        let v = local_business(&out.html(page), page);
        assert_eq!(v["@context"], "https://schema.org", "{page}");
        assert_eq!(v["@type"], "LocalBusiness", "{page}");
        assert_eq!(v["name"], "Basic Bakery", "{page}");
        assert_eq!(
            v["address"]["streetAddress"], "1 Flour Street",
            "{page}: {v}"
        );
        assert_eq!(v["address"]["addressLocality"], "Portland", "{page}: {v}");
        let cp = &v["contactPoint"];
        assert!(cp.is_object(), "{page}: contactPoint: {v}");
        assert_eq!(cp["telephone"], "+1 207 555 0199", "{page}");
        assert_eq!(cp["email"], EMAIL, "{page}");
    }
}

#[test]
fn json_ld_without_a_place_is_an_organization_with_a_contact_point() {
    let site = Site::basic();
    let contact = site.read("contact.yaml");
    let mut kept = Vec::new();
    let mut in_address = false;
    for line in contact.lines() {
        if line.starts_with("address:") || line.starts_with("hours:") {
            in_address = true;
            continue;
        }
        if in_address && line.starts_with("  ") {
            continue;
        }
        in_address = false;
        kept.push(line);
    }
    assert!(
        kept.len() < contact.lines().count(),
        "removed the address and the hours"
    );
    site.write("contact.yaml", kept.join("\n") + "\n");
    let out = site.build_ok(&[]);
    for page in ["index.html", "contact/index.html"] {
        let v = local_business(&out.html(page), page);
        assert_eq!(v["@type"], "Organization", "{page}: {v}");
        assert!(v.get("address").is_none(), "{page}: no address: {v}");
        assert!(v["contactPoint"].is_object(), "{page}: contactPoint: {v}");
    }
}

#[test]
fn no_review_or_aggregate_rating_markup_anywhere() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    assert!(
        out.read("testimonials/index.html").contains("Anna Smith"),
        "rated testimonials are shown"
    );
    for (file, bytes) in snapshot(&out.0) {
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        for bad in [
            "AggregateRating",
            "\"Review\"",
            "schema.org/Review",
            "ratingValue",
            "reviewRating",
        ] {
            assert!(!text.contains(bad), "{file} contains {bad:?}");
        }
    }
}

// ---------------------------------------------------------------- suggestion form

fn form(doc: &Html) -> ElementRef<'_> {
    one(doc, "main form")
}

/// The form controls named `name`.
fn controls<'a>(form: ElementRef<'a>, name: &str) -> Vec<ElementRef<'a>> {
    form.select(&sel(&format!(r#"[name="{name}"]"#))).collect()
}

/// The text of the `<label for>` of `control`, if any.
fn label_for(doc: &Html, control: ElementRef) -> Option<String> {
    let id = control.value().id()?;
    select(doc, "label[for]")
        .into_iter()
        .find(|l| l.value().attr("for") == Some(id))
        .map(text)
}

/// The text of the legend of the fieldset around `control`, if any.
fn legend_of(control: ElementRef) -> Option<String> {
    let fieldset = ancestor_named(control, "fieldset")?;
    fieldset
        .child_elements()
        .find(|c| c.value().name() == "legend")
        .map(text)
}

const ALL_TYPES: &str = r#"title: Every kind of question
endpoint: https://formspree.io/f/testform
questions:
  - name: name
    label: Your name
    type: text
    required: true
  - name: idea
    label: Your idea
    type: textarea
    required: true
  - name: reply_to
    label: Your email
    type: email
    required: true
  - name: branch
    label: Which shop?
    type: select
    required: true
    options: [Harbor, Hill]
  - name: visits
    label: How often do you come?
    type: radio
    required: true
    options: [Weekly, Monthly]
  - name: treats
    label: Which treats do you like?
    type: checkbox
    options: [Buns, Cakes]
  - name: agree
    label: I am over 16
    type: checkbox
    required: true
  - name: score
    label: How good was the bread?
    type: scale
    required: true
    min: 1
    max: 5
"#;

#[test]
fn every_question_type_is_labelled_and_required_fields_are_marked() {
    let site = Site::basic();
    site.write("suggestions.yaml", ALL_TYPES);
    let out = site.build_ok(&[]);
    let doc = out.html("suggestions/index.html");
    let form = form(&doc);
    // (name, label, grouped in a fieldset, required)
    let questions = [
        ("name", "Your name", false, true),
        ("idea", "Your idea", false, true),
        ("reply_to", "Your email", false, true),
        ("branch", "Which shop?", false, true),
        ("visits", "How often do you come?", true, true),
        ("treats", "Which treats do you like?", true, false),
        ("agree", "I am over 16", false, true),
        ("score", "How good was the bread?", true, true),
        ("heard_from", "How did you hear about us?", false, false),
    ];
    for (name, label, grouped, required) in questions {
        let cs = controls(form, name);
        assert!(!cs.is_empty(), "no control named {name}");
        for c in &cs {
            if grouped {
                let legend = legend_of(*c).unwrap_or_else(|| {
                    panic!("{name}: choices belong in a fieldset with a legend")
                });
                assert!(legend.contains(label), "{name}: legend {legend:?}");
                assert!(
                    label_for(&doc, *c).is_some(),
                    "{name}: each choice has its own <label for>"
                );
            } else {
                let l = label_for(&doc, *c)
                    .unwrap_or_else(|| panic!("{name}: no <label for> its control"));
                assert!(l.contains(label), "{name}: label {l:?}");
            }
        }
        let marked = cs
            .iter()
            .filter(|c| c.value().attr("required").is_some())
            .count();
        if required {
            assert!(
                marked > 0,
                "{name} is required but no control has `required`"
            );
            if !grouped {
                assert_eq!(marked, cs.len(), "{name}: `required` on its control");
            }
        } else {
            assert_eq!(marked, 0, "{name} is optional but marked `required`");
        }
    }
    let tag = |n: &str| controls(form, n)[0].value().name().to_string();
    assert_eq!(tag("idea"), "textarea");
    assert_eq!(tag("branch"), "select");
    assert_eq!(
        controls(form, "reply_to")[0].value().attr("type"),
        Some("email")
    );
    let scale: Vec<&str> = controls(form, "score")
        .iter()
        .map(|c| c.value().attr("value").unwrap())
        .collect();
    assert_eq!(scale, ["1", "2", "3", "4", "5"], "a scale from min to max");
    assert_eq!(
        controls(form, "visits")
            .iter()
            .filter(|c| c.value().attr("type") == Some("radio"))
            .count(),
        2
    );
    assert_eq!(
        controls(form, "treats")
            .iter()
            .filter(|c| c.value().attr("type") == Some("checkbox"))
            .count(),
        2
    );
}

#[test]
fn the_newsletter_opt_in_is_not_ticked() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    let doc = out.html("suggestions/index.html");
    let label = select(&doc, "label[for]")
        .into_iter()
        .find(|l| text(*l).contains("Send me the monthly newsletter"))
        .expect("opt-in label");
    let id = label.value().attr("for").unwrap();
    let input = select(&doc, "input")
        .into_iter()
        .find(|i| i.value().id() == Some(id))
        .expect("opt-in input");
    assert_eq!(input.value().attr("type"), Some("checkbox"));
    assert!(
        input.value().attr("checked").is_none(),
        "opt-in must start unticked: {}",
        input.html()
    );
    let ticked: Vec<String> = form(&doc)
        .select(&sel("[checked], option[selected]"))
        .map(|e| e.html())
        .collect();
    assert!(
        ticked.is_empty(),
        "nothing in the form is pre-selected: {ticked:?}"
    );
}

#[track_caller]
fn assert_honeypot(doc: &Html, name: &str) {
    let hp = controls(form(doc), name);
    assert_eq!(hp.len(), 1, "one honeypot input named {name}");
    let hp = hp[0];
    assert_eq!(hp.value().name(), "input");
    assert_eq!(hp.value().attr("tabindex"), Some("-1"), "{}", hp.html());
    assert_eq!(
        hp.value().attr("autocomplete"),
        Some("off"),
        "{}",
        hp.html()
    );
    assert!(
        within_attr(hp, "aria-hidden", "true"),
        "the honeypot sits inside aria-hidden=\"true\""
    );
}

#[test]
fn formspree_form_has_gotcha_honeypot_and_absolute_next_url() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    let doc = out.html("suggestions/index.html");
    let f = form(&doc);
    assert_eq!(
        f.value().attr("action"),
        Some("https://formspree.io/f/testform")
    );
    assert_eq!(
        f.value().attr("method").map(str::to_lowercase).as_deref(),
        Some("post")
    );
    assert_honeypot(&doc, "_gotcha");
    let next = controls(f, "_next");
    assert_eq!(next.len(), 1, "one _next field");
    assert_eq!(next[0].value().attr("type"), Some("hidden"));
    assert_eq!(
        next[0].value().attr("value"),
        Some(format!("{BASE}suggestions/thanks/").as_str())
    );
    assert!(
        out.has("suggestions/thanks/index.html"),
        "_next points at a page that exists"
    );

    // --base-url moves it.
    let staging = "https://staging.example/";
    let out = site.build_ok(&["--base-url", staging]);
    let doc = out.html("suggestions/index.html");
    let next = controls(form(&doc), "_next");
    assert_eq!(
        next[0].value().attr("value"),
        Some(format!("{staging}suggestions/thanks/").as_str())
    );
}

#[test]
fn netlify_form_has_data_netlify_honeypot_and_form_name() {
    let site = Site::basic();
    let yaml = site.read("suggestions.yaml").replace(
        "endpoint: https://formspree.io/f/testform",
        "provider: netlify",
    );
    site.write("suggestions.yaml", yaml);
    let out = site.build_ok(&[]);
    let doc = out.html("suggestions/index.html");
    let f = form(&doc);
    assert_eq!(f.value().attr("data-netlify"), Some("true"), "{}", f.html());
    let hp = f
        .value()
        .attr("netlify-honeypot")
        .expect("netlify-honeypot attribute")
        .to_string();
    assert_honeypot(&doc, &hp);
    let form_name = f.value().attr("name").expect("the form has a name");
    let hidden = controls(f, "form-name");
    assert_eq!(hidden.len(), 1, "one form-name field");
    assert_eq!(hidden[0].value().attr("type"), Some("hidden"));
    assert_eq!(
        hidden[0].value().attr("value"),
        Some(form_name),
        "form-name matches the form's name"
    );
}

#[test]
fn how_did_you_hear_about_us_is_added_only_when_missing() {
    let site = Site::basic();
    let out = site.build_ok(&[]);
    let doc = out.html("suggestions/index.html");
    let asked: Vec<String> = select(&doc, "main label, main legend")
        .into_iter()
        .map(text)
        .filter(|t| t.contains("hear about us"))
        .collect();
    assert_eq!(
        asked,
        ["How did you hear about us?"],
        "added to a form that lacks it"
    );

    let yaml = site.read("suggestions.yaml").replace(
        "questions:\n",
        "questions:\n  - name: source\n    label: Where did you hear about us?\n    type: text\n",
    );
    site.write("suggestions.yaml", yaml);
    let out = site.build_ok(&[]);
    let doc = out.html("suggestions/index.html");
    let asked: Vec<String> = select(&doc, "main label, main legend")
        .into_iter()
        .map(text)
        .filter(|t| t.contains("hear about us"))
        .collect();
    assert_eq!(asked, ["Where did you hear about us?"], "not asked twice");
}

#[test]
fn no_endpoint_offers_a_mailto_link_and_warns() {
    let site = Site::basic();
    let with_endpoint = site.build(&[]);
    with_endpoint.assert_success();
    assert!(
        !with_endpoint.stderr.contains("warning"),
        "the fixture builds without warnings:\n{}",
        with_endpoint.stderr
    );
    let yaml = site.read("suggestions.yaml");
    let without: String = yaml
        .lines()
        .filter(|l| !l.starts_with("endpoint:"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(without, yaml);
    site.write("suggestions.yaml", without);
    let run = site.build(&[]);
    run.assert_success();
    assert_eq!(
        run.stdout.lines().count(),
        1,
        "warnings do not go to stdout: {}",
        run.stdout
    );
    let warning = run.error_line("warning: ");
    assert!(
        warning.contains("suggestions.yaml"),
        "the warning names suggestions.yaml: {warning}"
    );
    let doc = site.out().html("suggestions/index.html");
    let action = form(&doc).value().attr("action").unwrap_or("").to_string();
    let links: Vec<String> = select(&doc, "main a[href]")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    let mailto = format!("mailto:{EMAIL}");
    assert!(
        action.starts_with(&mailto) || links.iter().any(|l| l.starts_with(&mailto)),
        "the page offers {mailto}: action {action:?}, links {links:?}"
    );
}

#[test]
fn a_non_https_endpoint_is_an_error_naming_suggestions_yaml_and_the_line() {
    for bad in ["http://forms.example/f", "\"javascript:alert(1)\""] {
        let site = Site::basic();
        let yaml = site.read("suggestions.yaml");
        let line = yaml
            .lines()
            .position(|l| l.starts_with("endpoint:"))
            .expect("fixture has an endpoint") as u32
            + 1;
        site.write(
            "suggestions.yaml",
            yaml.replace(
                "endpoint: https://formspree.io/f/testform",
                &format!("endpoint: {bad}"),
            ),
        );
        let run = site.build(&[]);
        run.assert_failure();
        let (l, _, msg) = run.located_error("suggestions.yaml");
        assert_eq!(l, line, "{bad}: {msg}");
        assert!(!site.path("public").exists(), "{bad}: nothing written");
    }
}

// ---------------------------------------------------------------- testimonials

const HOSTILE: &str = r#"author: Mallory <script>alert("author")</script>
role: <img src=x onerror=alert(6)>
quote: |
  Great bread <script>alert('quote')</script> <img src=x onerror=alert(1)>
  and [click me](javascript:alert(2)) and <a href="JaVaScRiPt:alert(3)" onclick="alert(4)">this</a>
  <svg onload=alert(5)></svg> <iframe src="https://evil.example/"></iframe>
featured: true
"#;

fn harmful(doc: &Html) -> Vec<String> {
    let mut found = Vec::new();
    for e in doc.root_element().descendent_elements() {
        let el = e.value();
        match el.name() {
            // The theme's own data blocks and same-site scripts are expected; anything else is not.
            "script"
                if !matches!(
                    el.attr("type"),
                    Some("application/ld+json" | "application/json")
                ) && !el
                    .attr("src")
                    .is_some_and(|s| s.starts_with('/') && !s.starts_with("//")) =>
            {
                found.push(e.html())
            }
            "iframe" | "object" | "embed" => found.push(e.html()),
            _ => {}
        }
        for (name, value) in el.attrs() {
            let squashed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_lowercase();
            if name.to_lowercase().starts_with("on")
                || squashed.starts_with("javascript:")
                || squashed.starts_with("data:text/html")
            {
                found.push(format!("<{} {name}=\"{value}\">", el.name()));
            }
        }
        if el.name() == "img" && el.attr("src") == Some("x") {
            found.push(e.html());
        }
    }
    found
}

#[test]
fn a_hostile_testimonial_comes_out_harmless_on_testimonials_and_home() {
    let site = Site::basic();
    site.write("testimonials/mallory.yaml", HOSTILE);
    let out = site.build_ok(&[]);
    for page in ["testimonials/index.html", "index.html"] {
        let doc = out.html(page);
        let body = text(one(&doc, "main"));
        assert!(body.contains("Mallory"), "{page}: the testimonial is shown");
        assert!(body.contains("Great bread"), "{page}: its quote is shown");
        let bad = harmful(&doc);
        assert!(
            bad.is_empty(),
            "{page}: harmful markup from a testimonial: {bad:#?}"
        );
    }
}

#[test]
fn bad_testimonial_values_are_errors_naming_the_file_and_line() {
    // (file text, expected line if fixed, a word the message must hold)
    let cases: [(&str, Option<u32>, &str); 5] = [
        ("author: Bad\nquote: Hi\nrating: 6\n", Some(3), "rating"),
        ("author: Bad\nquote: Hi\nrating: five\n", Some(3), "rating"),
        ("author: Bad\nquote: Hi\nrating: 4.5\n", Some(3), "rating"),
        ("author: Bad\nrating: 4\n", None, "quote"),
        ("author: Bad\nquote: Hi\nstars: 4\n", Some(3), "stars"),
    ];
    for (yaml, line, word) in cases {
        let site = Site::basic();
        site.write("testimonials/bad.yaml", yaml);
        let run = site.build(&[]);
        run.assert_failure();
        let (l, _, msg) = run.located_error("testimonials/bad.yaml");
        if let Some(line) = line {
            assert_eq!(l, line, "{yaml:?}: {msg}");
        }
        assert!(
            msg.contains(word),
            "{yaml:?}: message should mention {word}: {msg}"
        );
    }
}
