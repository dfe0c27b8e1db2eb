//! The newsletter: which posts, testimonial and changes each issue carries, the email files
//! (the message read back with Python's `email` package), errors, the privacy promise.

mod common;

use std::process::Command;

use common::*;
use scraper::Html;

const SETTINGS: &str = "provider: mailchimp\nform_url: https://basic.us1.list-manage.com/subscribe/post?u=abc123&id=def456\nmanage_url: https://basic.us1.list-manage.com/profile?u=abc123&id=def456\ntopics: [News and offers, New blog posts]\nfrequency: once a month\n";

fn issue(subject: &str, date: &str, extra: &str) -> String {
    format!(
        "---\nsubject: \"{subject}\"\ndate: {date}\npreheader: What is new at the bakery\n{extra}---\nHello from the bakery!\n\nRead [the other post](../posts/other.md).\n"
    )
}

/// The basic fixture with a newsletter: January, February, March (every post of the
/// fixture is older than April), a draft April and an issue far in the future.
fn site() -> Site {
    let site = Site::basic();
    site.write("newsletter.yaml", SETTINGS);
    site.write("newsletter/2024-01.md", issue("January", "2024-01-31", ""));
    site.write(
        "newsletter/2024-02.md",
        issue("Février: café & crème ☕", "2024-02-29", ""),
    );
    site.write("newsletter/2024-03.md", issue("March", "2024-03-31", ""));
    site.write(
        "newsletter/2024-04.md",
        issue("April", "2024-04-30", "draft: true\n"),
    );
    site.write("newsletter/2999-01.md", issue("Far away", "2999-01-31", ""));
    site
}

#[test]
fn each_issue_carries_what_is_new_since_the_one_before() {
    let site = site();
    let run = site.build(&[]);
    run.assert_success();
    let out = site.out();
    let titles = |slug: &str| -> Vec<String> {
        let doc = out.html(&format!("newsletter/{slug}/index.html"));
        select(&doc, "main .post-card-title a")
            .into_iter()
            .map(text)
            .collect()
    };
    // The first issue: the posts of the month before it.
    assert_eq!(titles("2024-01"), ["The other post", "A loaf in a bundle"]);
    // February: the draft of 15 February never goes out.
    assert_eq!(titles("2024-02"), ["A Markdown tour"]);
    assert_eq!(titles("2024-03"), ["Hello from the bakery"]);
    // Nothing new since March: the post dated 2999 is not published yet.
    assert!(titles("2999-01").is_empty());
    let warning = run.error_line("warning: newsletter/2999-01.md:");
    assert!(warning.contains("no new post"), "{warning}");
    assert!(
        !out.has("newsletter/2024-04/index.html"),
        "a draft issue is not published"
    );

    let main = |slug: &str| {
        text(one(
            &out.html(&format!("newsletter/{slug}/index.html")),
            "main",
        ))
    };
    // Testimonials, newest featured first, each used once.
    assert!(main("2024-01").contains("Anna Smith"));
    assert!(main("2024-02").contains("Ben Jones") && !main("2024-02").contains("Anna Smith"));
    assert!(!main("2024-03").contains("Ben Jones") && !main("2024-03").contains("Anna Smith"));
    // "You said, we did" of 10 February goes out in February only.
    assert!(main("2024-02").contains("open at 7am on Saturdays"));
    assert!(!main("2024-01").contains("7am") && !main("2024-03").contains("7am"));

    // The archive lists the published issues newest first and is in the sitemap.
    let archive = out.html("newsletter/index.html");
    let listed: Vec<String> = select(&archive, "main .issue-list a")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(
        listed,
        ["Far away", "March", "Février: café & crème ☕", "January"]
    );
    let sitemap = out.read("sitemap.xml");
    assert!(sitemap.contains("https://basic.example/newsletter/2024-02/"));
    assert!(sitemap.contains("https://basic.example/privacy/"));
    // The note's link to a post's source became the post's URL (absolute, as in the email).
    let note = out.html("newsletter/2024-01/index.html");
    assert_eq!(
        attr_of(&note, "main .prose a", "href"),
        "https://basic.example/blog/other/"
    );
}

#[test]
fn the_email_files_stay_out_of_the_published_site() {
    let site = site();
    let emails = site.root().join("mail");
    let run = site.build(&["--email-out", emails.to_str().unwrap()]);
    run.assert_success();
    assert!(
        run.stdout.contains("newsletter issues in"),
        "{}",
        run.stdout
    );
    for f in site.out().files() {
        assert!(
            !f.ends_with("email.html") && !f.ends_with(".eml") && !f.ends_with("email.txt"),
            "published: {f}"
        );
    }
    for slug in ["2024-01", "2024-02", "2024-03", "2999-01"] {
        for f in ["email.html", "email.txt", "issue.eml"] {
            assert!(emails.join(slug).join(f).is_file(), "{slug}/{f}");
        }
    }
    assert!(!emails.join("2024-04").exists(), "no email for a draft");
    // The newsletter command makes the same files and says what they carry.
    let again = site.root().join("again");
    let run = frontdesk(
        site.root(),
        &[
            "newsletter",
            site.dir.to_str().unwrap(),
            "2024-02",
            "--email-out",
            again.to_str().unwrap(),
        ],
    );
    run.assert_success();
    assert!(
        run.stdout.contains("2024-02") && run.stdout.contains("1 post, 1 testimonial, 1 change"),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read(again.join("2024-02/email.html")).unwrap(),
        std::fs::read(emails.join("2024-02/email.html")).unwrap()
    );
}

/// Reads each `issue.eml` with Python's email package and prints what a mail client sees.
const READ_EML: &str = r#"
import email, email.policy, json, sys
raw = open(sys.argv[1], "rb").read()
msg = email.message_from_bytes(raw, policy=email.policy.default)
parts = [(p.get_content_type(), p.get_content_charset()) for p in msg.iter_parts()] if msg.is_multipart() else []
html = msg.get_body(("html",))
text = msg.get_body(("plain",))
print(json.dumps({
    "type": msg.get_content_type(),
    "parts": parts,
    "subject": str(msg["subject"]),
    "raw_subject": [l for l in raw.decode("ascii", "replace").split("\r\n") if l.lower().startswith("subject:")],
    "from": str(msg["from"]),
    "reply_to": str(msg["reply-to"]),
    "date": str(msg["date"]),
    "message_id": str(msg["message-id"]),
    "unsubscribe": str(msg["list-unsubscribe"]),
    "unsubscribe_post": str(msg["list-unsubscribe-post"]),
    "html": html.get_content() if html else None,
    "text": text.get_content() if text else None,
    "longest_line": max(len(l) for l in raw.split(b"\r\n")),
    "bare_lf": raw.replace(b"\r\n", b"").count(b"\n"),
}))
"#;

#[test]
fn the_message_reads_back_as_multipart_alternative_with_the_list_headers() {
    let site = site();
    let emails = site.root().join("mail");
    site.build(&["--email-out", emails.to_str().unwrap()])
        .assert_success();
    let eml = emails.join("2024-02/issue.eml");
    let run = Command::new(python())
        .args(["-c", READ_EML])
        .arg(&eml)
        .output()
        .expect("run python3");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let m: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(m["type"], "multipart/alternative");
    assert_eq!(
        m["parts"],
        serde_json::json!([["text/plain", "utf-8"], ["text/html", "utf-8"]])
    );
    assert_eq!(m["subject"], "Février: café & crème ☕");
    let raw_subject = m["raw_subject"][0].as_str().unwrap();
    assert!(
        raw_subject.contains("=?utf-8?"),
        "RFC 2047 encoded: {raw_subject}"
    );
    assert_eq!(
        m["from"],
        "Rosa Baker at Basic Bakery <hello@basic.example>"
    );
    assert_eq!(m["reply_to"], "hello@basic.example");
    assert!(
        m["date"].as_str().unwrap().contains("29 Feb 2024"),
        "{}",
        m["date"]
    );
    assert_eq!(m["message_id"], "<newsletter-2024-02@basic.example>");
    assert_eq!(m["unsubscribe"], "<*|UNSUB|*>");
    assert_eq!(m["unsubscribe_post"], "List-Unsubscribe=One-Click");
    assert!(m["longest_line"].as_u64().unwrap() <= 998);
    assert_eq!(m["bare_lf"], 0, "every line ends with CRLF");
    let html = m["html"].as_str().unwrap();
    let text = m["text"].as_str().unwrap();
    assert!(html.contains("What is new at the bakery"), "the preheader");
    assert!(!html.contains("<script") && !html.contains("rel=\"stylesheet\""));
    assert!(
        html.contains("https://basic.example/blog/other/"),
        "the note's link, absolute"
    );
    assert!(
        text.contains("the other post (https://basic.example/blog/other/)"),
        "{text}"
    );
    assert!(text.contains("Unsubscribe: *|UNSUB|*"));
    assert!(
        text.contains("1 Flour Street"),
        "the business address in the footer"
    );
    for href in html
        .split("href=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
    {
        let href = href.replace("&amp;", "&");
        assert!(
            href.starts_with("https://")
                || href.starts_with("mailto:")
                || href.starts_with("tel:")
                || href == "*|UNSUB|*",
            "an absolute link: {href}"
        );
        if href.starts_with("https://") {
            assert!(text.contains(&href), "{href} is in the text part too");
        }
    }
}

#[test]
fn newsletter_mistakes_are_reported_together_at_their_places() {
    let site = Site::basic();
    site.write(
        "newsletter.yaml",
        "provider: postal\ntopics: [News, news]\n",
    );
    site.write("newsletter/2024-05.md", "---\ndate: 2024-05-31\n---\nHi\n");
    site.write(
        "newsletter/2024-06.md",
        "---\nsubject: June\ndate: 2024-06-31\n---\nHi\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let provider = run.error_line("error: newsletter.yaml:1:11:");
    assert!(provider.contains("unknown `provider`"), "{provider}");
    let topic = run.error_line("error: newsletter.yaml:2:");
    assert!(topic.contains("given twice"), "{topic}");
    let subject = run.error_line("error: newsletter/2024-05.md:2:");
    assert!(subject.contains("`subject` is missing"), "{subject}");
    let date = run.error_line("error: newsletter/2024-06.md:3:");
    assert!(date.contains("2024-06-31"), "{date}");

    let site = Site::basic();
    site.write(
        "newsletter/2024-05.md",
        "---\nsubject: S\ndate: 2024-05-31\n---\nHi\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    assert!(
        run.error_line("error: newsletter.yaml:")
            .contains("newsletter/ holds issues")
    );
}

#[test]
fn the_signup_form_posts_to_the_provider_with_its_field_names_and_nothing_ticked() {
    let site = site();
    let out = site.build_ok(&[]);
    let doc = out.html("newsletter/index.html");
    let form = one(&doc, "main form");
    assert_eq!(
        form.value().attr("action"),
        Some("https://basic.us1.list-manage.com/subscribe/post?u=abc123&id=def456")
    );
    assert_eq!(form.value().attr("method"), Some("post"));
    let email = one(&doc, "main form input[type=email]");
    assert_eq!(email.value().attr("name"), Some("EMAIL"));
    assert!(email.value().attr("required").is_some());
    let boxes = select(&doc, "main form input[type=checkbox]");
    assert_eq!(boxes.len(), 2, "one box per topic");
    assert!(
        boxes.iter().all(|b| b.value().attr("checked").is_none()),
        "nothing ticked"
    );
    assert_eq!(
        attr_of(&doc, "main form .hp input", "name"),
        "b_abc123_def456",
        "Mailchimp's bot trap"
    );
    let heard: Vec<String> = select(&doc, "main form select option")
        .into_iter()
        .map(text)
        .collect();
    assert!(heard.len() > 2, "How did you hear about us? {heard:?}");
    assert!(text(one(&doc, "main form")).contains("once a month"));
    assert_eq!(
        attr_of(&doc, "main form .consent a[href$='privacy/']", "href"),
        "/privacy/"
    );
    // The privacy page lists the signup's fields and where they go; every page links it.
    let privacy = text(one(&out.html("privacy/index.html"), "main"));
    assert!(
        privacy.contains("Mailchimp") && privacy.contains("News and offers, New blog posts"),
        "{privacy}"
    );
    assert!(
        privacy.contains("Your email address"),
        "the suggestion form's questions: {privacy}"
    );
    assert!(privacy.contains("Rosa Baker"), "who answers data requests");
    for page in ["index.html", "blog/index.html", "suggestions/index.html"] {
        let doc = out.html(page);
        assert!(
            !select(&doc, "a[href='/privacy/']").is_empty(),
            "{page} links the privacy page"
        );
    }
}

#[test]
fn a_template_or_stylesheet_loading_from_another_host_fails_the_build() {
    let site = Site::basic();
    site.write(
        "templates/partials/footer.html",
        "<footer>\n  <script src=\"https://cdn.tracker.example/t.js\"></script>\n</footer>\n",
    );
    site.write(
        "static/fonts.css",
        "body { color: red }\n@import url(\"https://fonts.example/css?family=Lobster\");\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("templates/partials/footer.html");
    assert_eq!((line, col), (2, 15), "{msg}");
    assert!(
        msg.contains("https://cdn.tracker.example/t.js") && msg.contains("privacy"),
        "{msg}"
    );
    let (line, _, msg) = run.located_error("static/fonts.css");
    assert_eq!(line, 2, "{msg}");
    assert!(!site.out().has("index.html"));
}

/// A weekly workshop in Berlin on the four Saturdays of February 2024 (between the
/// January and the February issue), a cancelled open day in March (between February and
/// March), and a menu with a spring item, a sold-out spring item and one served always.
fn with_events_and_menu() -> Site {
    let site = site();
    site.write(
        "events/repair.md",
        "---\ntitle: Saturday repair workshop\ndescription: Bring your bike.\nstart: 2024-02-03 10:00\nend: \"12:30\"\ntimezone: Europe/Berlin\nplace: The workshop\nfree: true\nrepeat: {every: week, on: [sat], until: 2024-02-24}\n---\nTools provided.\n",
    );
    site.write(
        "events/open-day.md",
        "---\ntitle: Open day\nstart: 2024-03-09 09:00\nend: \"13:00\"\ntimezone: America/New_York\nplace: The bakery\nfree: true\nstatus: cancelled\n---\nThe oven is being repaired.\n",
    );
    site.write(
        "menu.yaml",
        "currency: USD\nsections:\n  - title: Bakery\n    items:\n      - name: Rhubarb tart\n        price: 4.5\n        available: {from: 2024-03-01, until: 2024-05-31}\n      - name: Wild garlic loaf\n        price: 6\n        available: {from: 2024-03-15}\n        sold_out: true\n      - name: Sourdough loaf\n        price: 5\n",
    );
    site
}

/// The links of `doc` into the site (absolute, to `BASE`), each as a file of `out` that
/// must exist and, with a fragment, an element of that id on it: the link check's rule,
/// applied again by the test.
fn assert_site_links_resolve(out: &Out, hrefs: &[String]) {
    for href in hrefs {
        let rest = href.strip_prefix(BASE).unwrap_or_else(|| panic!("{href}"));
        let (path, fragment) = rest.split_once('#').unwrap_or((rest, ""));
        let file = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        assert!(out.has(&file), "{href}: no {file}");
        if !fragment.is_empty() {
            let doc = out.html(&file);
            assert_eq!(
                select(&doc, &format!("[id=\"{fragment}\"]")).len(),
                1,
                "{href}: no anchor"
            );
        }
    }
}

#[test]
fn an_issue_carries_the_events_before_the_next_and_what_comes_into_season() {
    let site = with_events_and_menu();
    let emails = site.root().join("mail");
    let run = site.build(&["--email-out", emails.to_str().unwrap()]);
    run.assert_success();
    let out = site.out();
    let page = |slug: &str| out.html(&format!("newsletter/{slug}/index.html"));
    let events = |doc: &Html| -> Vec<String> {
        select(doc, "main .issue-events h3 a")
            .into_iter()
            .map(text)
            .collect()
    };
    // January's issue (31 January) carries February's workshop, its first Saturday with
    // its time in Berlin, written in the site's language (en-GB), and the three others.
    let january = page("2024-01");
    assert_eq!(events(&january), ["Saturday repair workshop"]);
    let time = one(&january, "main .issue-events time");
    assert_eq!(text(time), "Saturday 3 February 2024, 10:00–12:30");
    assert_eq!(
        time.value().attr("datetime"),
        Some("2024-02-03T10:00:00+01:00")
    );
    let more = text(one(&january, "main .issue-events .muted"));
    assert!(
        more.starts_with("Also: Saturday 10 February 2024") && more.contains("24 February"),
        "{more}"
    );
    // February's carries March's open day, shown cancelled; March's carries none (the
    // next issue is in 2999, and nothing is planned).
    let february = page("2024-02");
    assert_eq!(events(&february), ["Open day"]);
    assert!(text(one(&february, "main .issue-events")).contains("Cancelled"));
    assert!(select(&page("2024-03"), "main .issue-events").is_empty());
    // The menu: what comes into season in March, not what is sold out or always served.
    let menu = |doc: &Html| -> Vec<String> {
        select(doc, "main .issue-menu a")
            .into_iter()
            .map(text)
            .collect()
    };
    let march = page("2024-03");
    assert_eq!(menu(&march), ["Rhubarb tart"]);
    assert!(text(one(&march, "main .issue-menu")).contains("$4.50"));
    assert!(menu(&january).is_empty() && menu(&february).is_empty());
    assert!(
        select(&january, "#issue-menu").is_empty(),
        "no empty section"
    );

    // Every link of the new sections leads to a page or file the build wrote (and the
    // menu's to an item's anchor).
    let mut hrefs = Vec::new();
    for (doc, sel) in [
        (&january, "main .issue-events a"),
        (&march, "main .issue-menu ~ p a, main .issue-menu a"),
    ] {
        hrefs.extend(
            select(doc, sel)
                .into_iter()
                .map(|a| a.value().attr("href").unwrap().to_string()),
        );
    }
    assert!(
        hrefs.contains(&format!("{BASE}events/repair/")),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&format!("{BASE}events/repair.ics")),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&format!("{BASE}menu/#rhubarb-tart")),
        "{hrefs:?}"
    );
    assert_site_links_resolve(&out, &hrefs);

    // The email says the same, in its HTML and its text part, read back by Python.
    let read = |slug: &str| -> serde_json::Value {
        let run = Command::new(python())
            .args(["-c", READ_EML])
            .arg(emails.join(slug).join("issue.eml"))
            .output()
            .expect("run python3");
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        serde_json::from_slice(&run.stdout).unwrap()
    };
    let m = read("2024-01");
    let (html, text_part) = (m["html"].as_str().unwrap(), m["text"].as_str().unwrap());
    assert!(html.contains("Saturday repair workshop") && html.contains("Coming up"));
    assert!(
        html.contains(&format!("href=\"{BASE}events/repair.ics\"")),
        "{html}"
    );
    assert!(text_part.contains("COMING UP"), "{text_part}");
    assert!(
        text_part.contains("Saturday 3 February 2024, 10:00–12:30 · The workshop"),
        "{text_part}"
    );
    assert!(
        text_part.contains(&format!("Add to calendar: {BASE}events/repair.ics")),
        "{text_part}"
    );
    assert!(!text_part.contains("IN SEASON THIS MONTH"));
    let m = read("2024-03");
    let text_part = m["text"].as_str().unwrap();
    assert!(
        text_part.contains(&format!(
            "- Rhubarb tart · US$4.50 (1 Mar to 31 May): {BASE}menu/#rhubarb-tart"
        )),
        "{text_part}"
    );
    assert!(text_part.contains(&format!("The whole menu: {BASE}menu/")));
    assert!(
        m["html"]
            .as_str()
            .unwrap()
            .contains(&format!("href=\"{BASE}menu/#rhubarb-tart\""))
    );
}

#[test]
fn an_owner_switches_sections_off_and_a_typo_names_the_key() {
    let site = with_events_and_menu();
    site.write(
        "newsletter.yaml",
        format!("{SETTINGS}sections:\n  events: false\n"),
    );
    let out = site.build_ok(&[]);
    let january = out.html("newsletter/2024-01/index.html");
    assert!(select(&january, "#issue-events").is_empty());
    let march = out.html("newsletter/2024-03/index.html");
    assert_eq!(
        select(&march, "main .issue-menu li").len(),
        1,
        "the menu stays on"
    );

    site.write(
        "newsletter.yaml",
        format!("{SETTINGS}sections:\n  event: false\n"),
    );
    let run = site.build(&[]);
    run.assert_failure();
    let e = run.error_line("error: newsletter.yaml:7:3:");
    assert!(e.contains("did you mean `events`?"), "{e}");
}

#[test]
fn a_further_language_s_issue_carries_the_events_and_menu_in_its_words_and_folder() {
    let site = with_events_and_menu();
    let yaml = site
        .read("site.yaml")
        .replace("language: en-GB\n", "languages: [en-GB, fr]\n");
    site.write("site.yaml", yaml);
    site.write(
        "fr/newsletter/2024-01.md",
        issue("Janvier", "2024-01-31", ""),
    );
    site.write("fr/newsletter/2024-03.md", issue("Mars", "2024-03-31", ""));
    let out = site.build_ok(&[]);
    let january = out.html("fr/newsletter/2024-01/index.html");
    assert_eq!(text(one(&january, "#issue-events")), "À venir");
    // This language's next issue is March's: January's carries February and March.
    let titles: Vec<String> = select(&january, "main .issue-events h3")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(titles, ["Saturday repair workshop", "Open day"]);
    assert_eq!(
        text(select(&january, "main .issue-events time")[0]),
        "samedi 3 février 2024, 10:00 – 12:30"
    );
    assert!(text(one(&january, "main .issue-events")).contains("Annulé"));
    let hrefs: Vec<String> = select(&january, "main .issue-events a")
        .into_iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        hrefs[..2],
        [
            format!("{BASE}fr/events/repair/"),
            format!("{BASE}fr/events/repair.ics")
        ]
    );
    assert_site_links_resolve(&out, &hrefs);
    let march = out.html("fr/newsletter/2024-03/index.html");
    assert_eq!(text(one(&march, "#issue-menu")), "De saison ce mois-ci");
    assert_eq!(
        attr_of(&march, "main .issue-menu a", "href"),
        format!("{BASE}fr/menu/#rhubarb-tart")
    );
    assert!(text(one(&march, "main .issue-menu")).contains("4,50 $US"));
}
