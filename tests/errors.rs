//! Every error at its place (issue 20), with the real binary: a source linked from outside
//! the site, a broken link in a newsletter issue, a bad `reply_to`, endless template
//! recursion in the site's own partial, and control characters bound for an email header.
//! Each is reported once, at the file, line and column that cause it, by `build`, `check`
//! and `newsletter` alike.

mod common;

use std::path::Path;

use common::*;

const SETTINGS: &str = "provider: mailchimp\nform_url: https://basic.us1.list-manage.com/subscribe/post?u=abc123&id=def456\ntopics: [News]\n";

/// The basic fixture with a newsletter and one issue whose note is `body`.
fn with_issue(body: &str) -> Site {
    let site = Site::basic();
    site.write("newsletter.yaml", SETTINGS);
    site.write(
        "newsletter/2024-01.md",
        format!("---\nsubject: \"January\"\ndate: 2024-01-31\n---\n{body}"),
    );
    site
}

/// `frontdesk check SITE --offline`.
fn check(site: &Site) -> Run {
    frontdesk(
        site.root(),
        &["check", site.dir.to_str().unwrap(), "--offline"],
    )
}

/// `frontdesk newsletter SITE --email-out TMP/mail`.
fn newsletter(site: &Site) -> Run {
    let out = site.root().join("mail");
    frontdesk(
        site.root(),
        &[
            "newsletter",
            site.dir.to_str().unwrap(),
            "--email-out",
            out.to_str().unwrap(),
        ],
    )
}

/// The `error:` lines of a run (`check` reports on stdout), without the count.
fn errors(run: &Run) -> Vec<&str> {
    run.stdout
        .lines()
        .chain(run.stderr.lines())
        .filter(|l| l.starts_with("error:") && !l.ends_with(" broken"))
        .collect()
}

/// Panics unless the run failed without crashing.
#[track_caller]
fn failed(run: &Run) {
    assert!(
        matches!(run.code, Some(c) if c != 0) && !run.stderr.contains("panicked"),
        "expected a failure\n--- stdout:\n{}\n--- stderr:\n{}",
        run.stdout,
        run.stderr
    );
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

// ------------------------------------------------------- 1. links leading outside

#[cfg(unix)]
#[test]
fn a_post_linked_from_outside_the_site_is_an_error_naming_the_post() {
    let outside = tempfile::tempdir().unwrap();
    let real = outside.path().join("x.md");
    std::fs::write(&real, "---\ntitle: Elsewhere\ndate: 2024-01-01\n---\nHi\n").unwrap();
    std::fs::create_dir(outside.path().join("more")).unwrap();
    let site = Site::basic();
    symlink(&real, &site.path("posts/x.md"));
    symlink(&outside.path().join("more"), &site.path("posts/more"));
    symlink(&real, &site.path("pages/y.md"));
    let real = std::fs::canonicalize(&real).unwrap();
    for run in [site.build(&[]), check(&site)] {
        run.assert_failure();
        let line = run.error_line("error: posts/x.md: ");
        assert!(
            line.contains("is a link to a file outside the site folder")
                && line.contains(&format!("({})", real.display()))
                && line.contains("copy the file into the site"),
            "{line}"
        );
        let line = run.error_line("error: posts/more: ");
        assert!(line.contains("a folder outside the site folder"), "{line}");
        run.error_line("error: pages/y.md: is a link to a file outside the site folder");
        assert_eq!(errors(&run).len(), 3, "{}", run.stderr);
    }
    assert!(!site.out().has("blog/x/index.html"));
}

#[cfg(unix)]
#[test]
fn links_inside_the_site_are_followed_and_a_loop_ends() {
    let site = Site::basic();
    site.write(
        "drafts/inner.md",
        "---\ntitle: Inner\ndate: 2024-01-02\n---\nHi\n",
    );
    symlink(
        Path::new("../drafts/inner.md"),
        &site.path("posts/inner.md"),
    );
    symlink(Path::new("../posts"), &site.path("posts/loop"));
    let out = site.build_ok(&[]);
    assert!(out.has("blog/inner/index.html"));
    assert!(out.has("blog/hello/index.html"));
}

// ------------------------------------------------ 2. broken link in an issue's note

#[test]
fn a_broken_link_in_a_newsletter_issue_is_reported_where_it_is_written() {
    let site =
        with_issue("Hello\n\nRead [the gone post](../posts/gone.md).\n\nAnd [this](/nowhere/).\n");
    for run in [site.build(&[]), check(&site)] {
        failed(&run);
        let found = errors(&run);
        assert_eq!(found.len(), 2, "{}", run.stderr);
        assert!(
            found[0]
                .starts_with("error: newsletter/2024-01.md:7:6: broken link `../posts/gone.md`"),
            "{}",
            found[0]
        );
        assert!(
            found[1].starts_with("error: newsletter/2024-01.md:9:5: broken link `/nowhere/`"),
            "{}",
            found[1]
        );
    }
}

// --------------------------------------------------------------- 3. bad reply_to

#[test]
fn a_bad_reply_to_is_the_only_error() {
    let site = with_issue("Hello\n");
    site.write(
        "newsletter.yaml",
        format!("{SETTINGS}reply_to: not-an-email\n"),
    );
    for run in [site.build(&[]), check(&site), newsletter(&site)] {
        run.assert_failure();
        assert_eq!(
            errors(&run),
            ["error: newsletter.yaml:4:11: `reply_to` \"not-an-email\" is not an email address"],
            "{}",
            run.stderr
        );
    }
}

// ------------------------------------------------------ 4. endless recursion

#[test]
fn endless_component_recursion_in_the_sites_footer_is_reported_once_at_its_line() {
    let site = Site::basic();
    site.write(
        "templates/partials/footer.html",
        "<footer>\n{% component looping(n) %}{{ <looping n={n} /> }}{% endcomponent %}\n{{ <looping n={1} /> }}\n</footer>\n",
    );
    for run in [site.build(&[]), check(&site)] {
        run.assert_failure();
        let found = errors(&run);
        assert_eq!(found.len(), 1, "{}", run.stderr);
        assert!(
            found[0].starts_with("error: templates/partials/footer.html:2:30: ")
                && found[0].contains("`looping`")
                && found[0].contains("itself"),
            "{}",
            found[0]
        );
    }
}

#[test]
fn a_footer_including_itself_is_reported_once_at_the_include() {
    let site = with_issue("Hello\n");
    site.write(
        "templates/partials/footer.html",
        "<footer>\n  {% include \"partials/footer.html\" %}\n</footer>\n",
    );
    for run in [site.build(&[]), check(&site), newsletter(&site)] {
        run.assert_failure();
        let found = errors(&run);
        assert_eq!(found.len(), 1, "{}", run.stderr);
        assert!(
            found[0].starts_with("error: templates/partials/footer.html:2:3: ")
                && found[0].contains("includes itself"),
            "{}",
            found[0]
        );
    }
}

// ------------------------------------------- 5. control characters in email headers

#[test]
fn control_characters_bound_for_an_email_header_are_refused_at_their_place() {
    // (subject as written, column of the character, what the message names)
    for (subject, col, name) in [
        (r#""Jan\0uary""#, 14, "U+0000 (NUL)"),
        (r#""Jan\vuary""#, 14, "U+000B (vertical tab)"),
        (r#""Jan\Nuary""#, 14, "U+0085 (next line)"),
        ("Jan\u{85}uary", 13, "U+0085 (next line)"),
        (r#""Jan\u2028uary""#, 14, "U+2028 (line separator)"),
    ] {
        let site = with_issue("Hello\n");
        site.write(
            "newsletter/2024-01.md",
            format!("---\nsubject: {subject}\ndate: 2024-01-31\n---\nHello\n"),
        );
        for run in [site.build(&[]), check(&site), newsletter(&site)] {
            run.assert_failure();
            assert_eq!(errors(&run).len(), 1, "{subject}: {}", run.stderr);
            let (line, c, msg) = run.located_error("newsletter/2024-01.md");
            assert_eq!((line, c), (2, col), "{subject}: {msg}");
            assert!(
                msg.contains("`subject`") && msg.contains(name) && msg.contains("delete it"),
                "{subject}: {msg}"
            );
        }
    }
    let site = with_issue("Hello\n");
    site.write(
        "newsletter.yaml",
        format!("{SETTINGS}from_name: \"Rosa\\tBaker\"\nreply_to: \"hello@basic.example\\0\"\n"),
    );
    for run in [site.build(&[]), check(&site), newsletter(&site)] {
        run.assert_failure();
        let found = errors(&run);
        assert_eq!(found.len(), 2, "{}", run.stderr);
        assert!(
            found[0].starts_with("error: newsletter.yaml:4:17: `from_name`")
                && found[0].contains("U+0009 (tab)"),
            "{}",
            found[0]
        );
        assert!(
            found[1].starts_with("error: newsletter.yaml:5:31: `reply_to`")
                && found[1].contains("U+0000 (NUL)"),
            "{}",
            found[1]
        );
    }
}
