//! Markdown and YAML traps that used to publish silently or fail in jargon (issue 21), with
//! the real binary: a link or image whose destination has spaces, a file name that differs
//! in letter case or accents, a typo in a key, a day-first date and 12-hour opening hours.
//! Each is said at its file, line and column, with the rewrite that works.

mod common;

use common::*;

/// The `warning: FILE:LINE:COL: message` lines about `file`, without the prefix.
fn warnings<'a>(run: &'a Run, file: &str) -> Vec<&'a str> {
    let prefix = format!("warning: {file}:");
    run.stderr
        .lines()
        .filter_map(|l| l.strip_prefix(prefix.as_str()))
        .collect()
}

const COOKIES: &str = "---\ntitle: Cookies\ndate: 2024-02-01\n---\n\nFresh today.\n\n![Crème brûlée cookies](Crème brûlée 1.jpg)\n\nSee [menu](our menu.pdf).\n";

#[test]
fn a_destination_with_spaces_is_a_warning_at_its_brackets() {
    let site = Site::basic();
    site.write("posts/cookies/index.md", COOKIES);
    let photo = std::fs::read(site.path("posts/bread-bundle/loaf.png")).unwrap();
    site.write("posts/cookies/Crème brûlée 1.png", &photo);
    // The file name as the phone wrote it, with a `.png` that the link does not name.
    let run = site.build(&[]);
    run.assert_success();
    let found = warnings(&run, "posts/cookies/index.md");
    assert_eq!(
        found,
        [
            "8:1: ![Crème brûlée cookies](Crème brûlée 1.jpg) is shown as text, not as an image, because its file name has spaces: write ![Crème brûlée cookies](<Crème brûlée 1.jpg>) or rename the file without spaces: the page shows the brackets and the file name instead of the image or link [review: link-as-text]",
            "10:5: [menu](our menu.pdf) is shown as text, not as a link, because its destination has spaces: write [menu](<our menu.pdf>) or rename the file without spaces: the page shows the brackets and the file name instead of the image or link [review: link-as-text]",
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn a_destination_with_spaces_says_when_the_file_is_there() {
    let site = Site::basic();
    site.write("posts/cookies/index.md", COOKIES);
    let photo = std::fs::read(site.path("posts/bread-bundle/loaf.png")).unwrap();
    site.write("posts/cookies/Crème brûlée 1.jpg", &photo);
    site.write("posts/cookies/our menu.pdf", "%PDF-1.4\n");
    let run = site.build(&[]);
    run.assert_success();
    let found = warnings(&run, "posts/cookies/index.md");
    assert_eq!(
        found.first().copied(),
        Some(
            "8:1: ![Crème brûlée cookies](Crème brûlée 1.jpg) is shown as text, not as an image, because its file name has spaces: write ![Crème brûlée cookies](<Crème brûlée 1.jpg>) or rename the file without spaces (the file \"Crème brûlée 1.jpg\" is there, in posts/cookies/): the page shows the brackets and the file name instead of the image or link [review: link-as-text]"
        ),
        "{}",
        run.stderr
    );
    // The fix the warning gives works: the picture is shown, and nothing is said.
    site.write(
        "posts/cookies/index.md",
        COOKIES
            .replace("(Crème brûlée 1.jpg)", "(<Crème brûlée 1.jpg>)")
            .replace("(our menu.pdf)", "(<our menu.pdf>)"),
    );
    let run = site.build(&[]);
    run.assert_success();
    assert!(
        warnings(&run, "posts/cookies/index.md").is_empty(),
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_name_in_another_letter_case_is_named() {
    let site = Site::basic();
    let index = site.read("posts/bread-bundle/index.md");
    site.write(
        "posts/bread-bundle/index.md",
        index.replace("](loaf.png)", "](LOAF.png)"),
    );
    let run = site.build(&[]);
    run.assert_failure();
    assert_eq!(
        run.located_error("posts/bread-bundle/index.md"),
        (
            11,
            1,
            "broken image `LOAF.png`: no file \"LOAF.png\" in posts/bread-bundle/; there is \"loaf.png\" (the letter case differs): write ![...](loaf.png) or rename the file".to_string()
        )
    );
}

#[test]
fn a_file_name_without_its_accents_is_named() {
    let site = Site::basic();
    let photo = std::fs::read(site.path("posts/bread-bundle/loaf.png")).unwrap();
    site.write("posts/cafe/café.png", &photo);
    // é written as e plus a combining accent, as macOS names files.
    site.write("posts/cafe/cre\u{300}me.png", &photo);
    site.write(
        "posts/cafe/index.md",
        "---\ntitle: Café\ndate: 2024-02-01\n---\n\n![Our café](cafe.png)\n\n![Crème](cr\u{e8}me.png)\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error: posts/cafe/index.md:"))
        .collect();
    assert_eq!(
        errors,
        [
            "error: posts/cafe/index.md:6:1: broken image `cafe.png`: no file \"cafe.png\" in posts/cafe/; there is \"café.png\" (the accents differ): write ![...](café.png) or rename the file",
            "error: posts/cafe/index.md:8:1: broken image `crème.png`: no file \"crème.png\" in posts/cafe/; there is \"cre\\u{300}me.png\" (the accents are stored differently, as one character or as a letter and an accent): write ![...](cre\u{300}me.png) or rename the file",
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn a_static_file_in_another_letter_case_is_named() {
    let site = Site::basic();
    site.write(
        "posts/menu.md",
        "---\ntitle: Menu\ndate: 2024-02-01\n---\n\nThe [menu](/docs/Menu.txt).\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    assert_eq!(
        run.located_error("posts/menu.md"),
        (
            6,
            5,
            "broken link `/docs/Menu.txt`: no file \"Menu.txt\" in static/docs/; there is \"menu.txt\" (the letter case differs): write [...](/docs/menu.txt) or rename the file".to_string()
        )
    );
}

/// Builds the basic site with `file` replaced by `text`; the one error about it.
fn error_in(file: &str, text: &str) -> (u32, u32, String) {
    let site = Site::basic();
    site.write(file, text);
    let run = site.build(&[]);
    run.assert_failure();
    run.located_error(file)
}

#[test]
fn a_typo_in_a_key_names_the_key_meant_in_every_file() {
    let basic = Site::basic();
    let post = basic
        .read("posts/hello.md")
        .replacen("title:", "tittle:", 1);
    assert_eq!(
        error_in("posts/hello.md", &post),
        (2, 1, "unknown field `tittle`: did you mean `title`?".into())
    );
    let page = basic.read("pages/about.md").replacen("title:", "titel:", 1);
    assert_eq!(
        error_in("pages/about.md", &page).2,
        "unknown field `titel`: did you mean `title`?"
    );
    let contact = basic
        .read("contact.yaml")
        .replace("response_time:", "responce_time:");
    let line = contact
        .lines()
        .position(|l| l.starts_with("responce_time"))
        .unwrap() as u32
        + 1;
    assert_eq!(
        error_in("contact.yaml", &contact),
        (
            line,
            1,
            "unknown field `responce_time`: did you mean `response_time`?".into()
        )
    );
    let config = basic
        .read("site.yaml")
        .replace("posts_per_page:", "post_per_page:");
    assert_eq!(
        error_in("site.yaml", &config).2,
        "unknown field `post_per_page`: did you mean `posts_per_page`?"
    );
    let testimonial = basic
        .read("testimonials/ben.yaml")
        .replace("quote:", "qoute:");
    assert_eq!(
        error_in("testimonials/ben.yaml", &testimonial),
        (2, 1, "unknown field `qoute`: did you mean `quote`?".into())
    );
    let suggestions = basic.read("suggestions.yaml").replace("intro:", "intr:");
    assert_eq!(
        error_in("suggestions.yaml", &suggestions),
        (2, 1, "unknown field `intr`: did you mean `intro`?".into())
    );
    let newsletter = "provider: mailchimp\nform_url: https://basic.us1.list-manage.com/subscribe/post?u=abc123&id=def456\ntopcs: [News]\n";
    assert_eq!(
        error_in("newsletter.yaml", newsletter),
        (3, 1, "unknown field `topcs`: did you mean `topics`?".into())
    );
}

#[test]
fn a_day_first_date_gets_its_rewrite() {
    let post = |date: &str| {
        let site = Site::basic();
        let text = site.read("posts/hello.md");
        let line = text.lines().position(|l| l.starts_with("date:")).unwrap() as u32 + 1;
        let text = text
            .lines()
            .map(|l| {
                if l.starts_with("date:") {
                    format!("date: {date}")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let (l, c, m) = error_in("posts/hello.md", &text);
        assert_eq!((l, c), (line, 7), "{m}");
        m
    };
    assert_eq!(
        post("25/12/2026"),
        "invalid date \"25/12/2026\": write the date as YYYY-MM-DD: 2026-12-25"
    );
    assert_eq!(
        post("12/25/2026"),
        "invalid date \"12/25/2026\": write the date as YYYY-MM-DD: 2026-12-25"
    );
    assert_eq!(
        post("02/05/2026"),
        "invalid date \"02/05/2026\": write the date as YYYY-MM-DD: 2026-05-02 (2 May) or 2026-02-05 (5 February)"
    );
}

#[test]
fn twelve_hour_opening_hours_get_their_rewrite() {
    let basic = Site::basic();
    let contact = basic.read("contact.yaml");
    let line = contact
        .lines()
        .position(|l| l.contains("07:00-15:00"))
        .unwrap() as u32
        + 1;
    let col = contact
        .lines()
        .nth(line as usize - 1)
        .unwrap()
        .find("07:00")
        .unwrap() as u32
        + 1;
    assert_eq!(
        error_in("contact.yaml", &contact.replace("07:00-15:00", "9:00-5:00")),
        (
            line,
            col,
            "\"9:00-5:00\" ends before it starts: write the times on the 24-hour clock, 09:00-17:00".into()
        )
    );
    assert_eq!(
        error_in("contact.yaml", &contact.replace("07:00-15:00", "9-5")),
        (
            line,
            col,
            "\"9-5\" ends before it starts: write the times on the 24-hour clock, 09:00-17:00"
                .into()
        )
    );
}
