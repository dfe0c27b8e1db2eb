//! The owner's first hour, with the real binary: `init` writes a starter for their own
//! business that builds without a warning and serves; the flags' values reach the pages
//! as given; bad values are clear errors; `--example` writes the example site, which
//! stays free of warnings however late it is built; the navigation follows what the site
//! has; `build` and `newsletter` end with the next step; and the README's quick start
//! runs as written.

mod common;

#[path = "preview/server.rs"]
mod server;

use std::fs;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};

use common::*;

/// Every `warning:` line of a run.
fn warnings(run: &Run) -> Vec<&str> {
    (run.stderr.lines())
        .filter(|l| l.starts_with("warning:"))
        .collect()
}

/// Runs `init` with `flags` into `TMP/name` and builds it; panics unless both succeed
/// and the build says nothing but its summary and how to publish.
fn init_and_build(tmp: &Path, name: &str, flags: &[&str]) -> Out {
    let mut args = vec!["init", name];
    args.extend_from_slice(flags);
    let init = frontdesk(tmp, &args);
    init.assert_success();
    let build = frontdesk(tmp, &["build", name]);
    build.assert_success();
    assert!(warnings(&build).is_empty(), "{}", build.stderr);
    assert_eq!(
        build.stderr.trim(),
        format!(
            "To publish: put your site's address in base_url in site.yaml (it is https://example.com/), build again, then upload everything in {name}/public/ to your web host (docs/deploying.md: Netlify, GitHub Pages, Cloudflare Pages, Amazon S3)"
        ),
        "the build's only other line is the next step, which starts with the starter's placeholder address"
    );
    // With the site's own address, the step is the upload alone.
    let real = frontdesk(
        tmp,
        &["build", name, "--base-url", "https://harborbakery.pt/"],
    );
    real.assert_success();
    assert_eq!(
        real.stderr.trim(),
        format!(
            "To publish: upload everything in {name}/public/ to your web host (docs/deploying.md: Netlify, GitHub Pages, Cloudflare Pages, Amazon S3)"
        ),
    );
    let build = frontdesk(tmp, &["build", name]);
    build.assert_success();
    Out(tmp.join(name).join("public"))
}

/// The links of the main navigation of a page.
fn nav(out: &Out, page: &str) -> Vec<(String, String)> {
    let doc = out.html(page);
    select(&doc, "nav.site-nav .nav-list a")
        .into_iter()
        .map(|a| (text(a), a.value().attr("href").unwrap_or("").to_string()))
        .collect()
}

/// Every `href` of every HTML page.
fn all_hrefs(out: &Out) -> Vec<String> {
    let mut hrefs = Vec::new();
    for page in out.html_files() {
        let doc = out.html(&page);
        for a in select(&doc, "a[href]") {
            hrefs.push(a.value().attr("href").unwrap().to_string());
        }
    }
    hrefs
}

#[test]
fn the_starter_without_flags_builds_clean_serves_and_has_no_testimonials_or_newsletter() {
    let tmp = tempfile::tempdir().unwrap();
    let init = frontdesk(tmp.path(), &["init", "shop"]);
    init.assert_success();
    assert!(
        init.stdout
            .starts_with("Wrote a starter site for My Business (")
            && init.stdout.trim_end().ends_with("into shop"),
        "{}",
        init.stdout
    );
    assert_eq!(
        init.stderr.trim(),
        "Next: fill in shop/contact.yaml (lines starting with # are notes and examples), preview with `frontdesk serve shop`, then `frontdesk build shop`"
    );
    let site = tmp.path().join("shop");
    let files: Vec<String> = snapshot(&site).into_keys().collect();
    assert_eq!(
        files,
        [
            ".gitignore",
            "contact.yaml",
            "pages/about.md",
            "posts/welcome.md",
            "site.yaml",
            "suggestions.yaml"
        ]
    );
    assert_eq!(
        fs::read_to_string(site.join(".gitignore")).unwrap(),
        "public/\n.frontdesk/\n"
    );
    // What the owner fills in is shown in comments.
    let contact = fs::read_to_string(site.join("contact.yaml")).unwrap();
    for shown in ["# phone: ", "# hours:", "# address:", "response_time: "] {
        assert!(contact.contains(shown), "{shown:?} in:\n{contact}");
    }
    fs::remove_dir_all(tmp.path().join("shop")).unwrap();

    let out = init_and_build(tmp.path(), "shop", &[]);
    assert!(out.has("blog/welcome/index.html"));
    assert!(out.has("about/index.html"));
    assert!(out.has("suggestions/index.html"));
    assert!(!out.has("testimonials/index.html"));
    assert!(!out.has("newsletter/index.html"));
    let hrefs = all_hrefs(&out);
    assert!(hrefs.iter().any(|h| h.ends_with("/suggestions/")));
    for gone in ["/testimonials/", "/newsletter/"] {
        assert!(
            !hrefs.iter().any(|h| h.ends_with(gone)),
            "a link to {gone} on a site without it"
        );
    }
    let titles: Vec<String> = nav(&out, "index.html").into_iter().map(|l| l.0).collect();
    assert_eq!(titles, ["Blog", "About us", "Suggestions", "Contact"]);

    // `serve` shows it: the home page names the business.
    let site = tmp.path().join("shop");
    let mut child = Command::new(BIN)
        .args(["serve", site.to_str().unwrap(), "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let addr = serve_addr(&mut child);
    let home = server::get(&addr, "/");
    child.kill().ok();
    child.wait().ok();
    assert_eq!(home.status, 200);
    assert!(home.body.contains("My Business"), "{}", home.body);
}

/// The address `serve` (started with `--port 0`) printed.
fn serve_addr(child: &mut std::process::Child) -> String {
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(i) = line.find("http://127.0.0.1:") {
            let addr = line[i + 7..]
                .trim_end_matches(|c: char| !c.is_ascii_digit())
                .to_string();
            // The rest of its output is not read: keep the pipe drained.
            std::thread::spawn(move || lines.for_each(drop));
            return addr;
        }
    }
}

#[test]
fn flag_values_with_yaml_syntax_reach_the_pages_as_given() {
    let tmp = tempfile::tempdir().unwrap();
    let name = "Joe's: \"Café\" #1 & <Sons> - [est. 1999] {x} *y* !z %w @v |";
    let person = "Zoë O'Neil: #2";
    let out = init_and_build(
        tmp.path(),
        "joes",
        &[
            "--name",
            name,
            "--person",
            person,
            "--email",
            "zoe@joes-cafe.example",
            "--phone",
            "+44 20 7946 0018",
            "--timezone",
            "Europe/London",
            "--language",
            "en-GB",
        ],
    );
    let home = out.html("index.html");
    assert_eq!(text(one(&home, ".brand-name")), name);
    assert!(text(one(&home, "title")).contains(name));
    assert_eq!(attr_of(&home, "html", "lang"), "en-GB");
    let contact = out.html("contact/index.html");
    let page = text(one(&contact, "main"));
    for shown in [person, "+44 20 7946 0018", "zoe@joes-cafe.example"] {
        assert!(
            page.contains(shown),
            "{shown:?} on the contact page:\n{page}"
        );
    }
    assert_eq!(attr_of(&contact, ".qc-phone", "href"), "tel:+442079460018");
    // The hours are on, in the given zone.
    let ld = json_ld(&home);
    let ld = serde_json::to_string(&ld).unwrap();
    assert!(ld.contains("openingHoursSpecification"), "{ld}");
    assert!(ld.contains(&serde_json::to_string(name).unwrap()), "{ld}");
}

#[test]
fn bad_flag_values_are_clear_errors_naming_the_flag_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    for (flags, error) in [
        (
            &["--timezone", "Europe/Berln"][..],
            "error: --timezone \"Europe/Berln\": not a time zone name; did you mean Europe/Berlin?",
        ),
        (
            &["--timezone", "Lisbon"],
            "error: --timezone \"Lisbon\": not a time zone name; did you mean Europe/Lisbon?",
        ),
        (
            &["--email", "joe at example.com"],
            "error: --email \"joe at example.com\": not an email address; write it as name@example.com",
        ),
        (
            &["--language", "English"],
            "error: --language \"English\": not a language tag; write one like en, de, pt-BR or fr-CA",
        ),
        (
            &["--phone", "ask Joe"],
            "error: --phone \"ask Joe\": too few digits to dial; write the number as customers dial it, e.g. \"+1 207 555 0100\"",
        ),
        (&["--name", " "], "error: --name: must not be empty"),
    ] {
        let mut args = vec!["init", "shop"];
        args.extend_from_slice(flags);
        let run = frontdesk(tmp.path(), &args);
        run.assert_failure();
        assert_eq!(run.stderr.trim(), error);
        assert!(!tmp.path().join("shop").exists(), "{flags:?} wrote files");
    }
    // --example writes the example site as it is: no flag goes with it.
    let run = frontdesk(tmp.path(), &["init", "--example", "shop", "--name", "X"]);
    run.assert_failure();
    assert!(run.stderr.contains("--name"), "{}", run.stderr);
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("shop")).unwrap();
    fs::write(tmp.path().join("shop/notes.txt"), "mine").unwrap();
    let run = frontdesk(tmp.path(), &["init", "shop"]);
    run.assert_failure();
    assert_eq!(
        run.stderr.trim(),
        "error: shop: folder is not empty; init only writes into a new or empty folder"
    );
    assert_eq!(entries(&tmp.path().join("shop")), ["notes.txt"]);
}

#[test]
fn init_example_writes_the_example_site_which_builds_without_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let run = frontdesk(tmp.path(), &["init", "--example", "harbor"]);
    run.assert_success();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("site");
    let written = snapshot(&tmp.path().join("harbor"));
    let mut example = snapshot(&repo);
    // What build.rs leaves out: the build's output and its dot-folders.
    example.retain(|rel, _| {
        !rel.starts_with("public/") && (!rel.starts_with('.') || rel == ".gitignore")
    });
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        example.keys().collect::<Vec<_>>()
    );
    assert!(written == example, "the files differ from site/");
    for drafts in [&[][..], &["--drafts"]] {
        let mut args = vec!["build", "harbor"];
        args.extend_from_slice(drafts);
        let build = frontdesk(tmp.path(), &args);
        build.assert_success();
        assert!(warnings(&build).is_empty(), "{drafts:?}: {}", build.stderr);
    }
}

#[test]
fn the_example_site_stays_free_of_warnings_years_from_now() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("harbor");
    frontdesk(tmp.path(), &["init", "--example", "harbor"]).assert_success();
    for year in [2027, 2031, 2040] {
        let load = frontdesk::content::LoadOptions {
            drafts: false,
            base_url: None,
            now: chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, year, 6, 1, 12, 0, 0).unwrap(),
        };
        let opts = frontdesk::pipeline::BuildOptions {
            render: frontdesk::render::RenderOptions::default(),
            cache_dir: None,
            allow_broken_links: false,
            progress: None,
        };
        let out = tmp.path().join(format!("out-{year}"));
        let built = frontdesk::pipeline::build(&site, &load, &out, opts).expect("builds");
        assert!(
            built.warnings.is_empty() && built.notes.is_empty(),
            "{year}: {:?} {:?}",
            built.warnings,
            built.notes
        );
    }
}

#[test]
fn a_quiet_you_said_we_did_is_measured_against_the_newest_post() {
    let tmp = tempfile::tempdir().unwrap();
    frontdesk(tmp.path(), &["init", "shop"]).assert_success();
    let site = tmp.path().join("shop");
    let post = |name: &str, date: &str| {
        fs::write(
            site.join(format!("posts/{name}.md")),
            format!("---\ntitle: Post {name}\ndate: {date}\ndescription: A post.\n---\nText.\n"),
        )
        .unwrap();
    };
    let review = || {
        let build = frontdesk(tmp.path(), &["build", "shop"]);
        build.assert_success();
        (build.stderr.lines())
            .filter(|l| l.contains("[review: you-said-we-did]"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    // A new site has had no time to act on anything.
    assert!(review().is_empty());
    // Posts going back more than six months, and nothing acted on.
    post("old", "2020-01-10");
    let w = review();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].starts_with("warning: suggestions.yaml:1:1: no \"You said, we did\" item yet (`acted_on`), and the posts go back to 2020-01-10"),
        "{}",
        w[0]
    );
    // An item, six months and more before the newest post.
    fs::remove_file(site.join("posts/welcome.md")).unwrap();
    post("new", "2020-09-01");
    let mut yaml = fs::read_to_string(site.join("suggestions.yaml")).unwrap();
    yaml.push_str(
        "acted_on:\n  - {date: 2020-02-01, you_said: Open earlier, we_did: We open at 8}\n",
    );
    fs::write(site.join("suggestions.yaml"), &yaml).unwrap();
    let w = review();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains(": the newest \"You said, we did\" item is from 2020-02-01, more than 6 months before the newest post (2020-09-01)"),
        "{}",
        w[0]
    );
    // Within six months of the newest post: however long ago that is.
    post("new", "2020-07-01");
    assert!(review().is_empty());
}

/// A starter with the files of `files` written over it.
fn starter_with(tmp: &Path, files: &[(&str, &str)]) -> std::path::PathBuf {
    frontdesk(tmp, &["init", "shop", "--name", "Nav Shop"]).assert_success();
    let site = tmp.join("shop");
    for (rel, text) in files {
        fs::write(site.join(rel), text).unwrap();
    }
    site
}

const OWN_NAV: &str =
    "\nnav:\n  - title: Our blog\n    url: /blog/\n  - title: Who we are\n    url: /about/\n";

const NEWSLETTER: &str = "provider: buttondown\nform_url: https://buttondown.com/api/emails/embed-subscribe/nav-shop\ntitle: Letters\n";

#[test]
fn the_owners_own_nav_gets_the_newsletter_and_the_contact_page() {
    let tmp = tempfile::tempdir().unwrap();
    let site = starter_with(tmp.path(), &[("newsletter.yaml", NEWSLETTER)]);
    let mut yaml = fs::read_to_string(site.join("site.yaml")).unwrap();
    yaml.push_str(OWN_NAV);
    fs::write(site.join("site.yaml"), yaml).unwrap();
    let build = frontdesk(tmp.path(), &["build", "shop"]);
    build.assert_success();
    assert!(warnings(&build).is_empty(), "{}", build.stderr);
    let out = Out(site.join("public"));
    for page in [
        "index.html",
        "blog/welcome/index.html",
        "newsletter/index.html",
    ] {
        assert_eq!(
            nav(&out, page),
            [
                ("Our blog".to_string(), "/blog/".to_string()),
                ("Who we are".into(), "/about/".into()),
                ("Letters".into(), "/newsletter/".into()),
                ("Contact".into(), "/contact/".into()),
            ],
            "{page}"
        );
    }
    // Named in the owner's nav, it is not added twice.
    let yaml = fs::read_to_string(site.join("site.yaml")).unwrap();
    let yaml = format!("{yaml}  - title: Our letter\n    url: /newsletter/\n");
    fs::write(site.join("site.yaml"), yaml).unwrap();
    frontdesk(tmp.path(), &["build", "shop"]).assert_success();
    let titles: Vec<String> = nav(&out, "index.html").into_iter().map(|l| l.0).collect();
    assert_eq!(titles, ["Our blog", "Who we are", "Our letter", "Contact"]);
}

#[test]
fn a_nav_item_for_a_page_the_site_does_not_have_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    let site = starter_with(tmp.path(), &[]);
    let mut yaml = fs::read_to_string(site.join("site.yaml")).unwrap();
    yaml.push_str(OWN_NAV);
    yaml.push_str(
        "  - title: Reviews\n    url: /testimonials/\n  - title: Letters\n    url: /newsletter/\n",
    );
    fs::write(site.join("site.yaml"), &yaml).unwrap();
    let build = frontdesk(tmp.path(), &["build", "shop"]);
    build.assert_failure();
    // In the order of site.yaml; the page it is reported on is the first of many: left out.
    let lines: Vec<&str> = (build.error_lines().into_iter())
        .map(|l| l.split(" (on /").next().unwrap())
        .collect();
    let line_of = |needle: &str| yaml.lines().position(|l| l.contains(needle)).unwrap() + 1;
    assert_eq!(
        lines,
        [
            format!(
                "error: site.yaml:{}:10: broken link `/testimonials/`: /testimonials/ exists only when testimonials/ has at least one file; add one or remove this link",
                line_of("url: /testimonials/")
            ),
            format!(
                "error: site.yaml:{}:10: broken link `/newsletter/`: /newsletter/ exists only when the site has newsletter.yaml; add it or remove this link",
                line_of("url: /newsletter/")
            ),
        ],
        "{}",
        build.stderr
    );
    // With a testimonial, the same nav builds.
    fs::create_dir(site.join("testimonials")).unwrap();
    fs::write(
        site.join("testimonials/ann.yaml"),
        "author: Ann Lee\nquote: Lovely people.\ndate: 2026-01-02\n",
    )
    .unwrap();
    fs::write(site.join("newsletter.yaml"), NEWSLETTER).unwrap();
    let build = frontdesk(tmp.path(), &["build", "shop"]);
    build.assert_success();
}

#[test]
fn newsletter_ends_with_how_to_send_with_the_provider() {
    let tmp = tempfile::tempdir().unwrap();
    frontdesk(tmp.path(), &["init", "--example", "harbor"]).assert_success();
    let run = frontdesk(tmp.path(), &["newsletter", "harbor", "2025-03"]);
    run.assert_success();
    assert!(run.stdout.starts_with("2025-03: "), "{}", run.stdout);
    assert_eq!(
        run.stderr.trim(),
        "To send: in Buttondown, write a new email, switch its editor to HTML, paste in harbor/.frontdesk/newsletter/2025-03/email.html and use the subject above"
    );
    assert!(
        tmp.path()
            .join("harbor/.frontdesk/newsletter/2025-03/email.html")
            .is_file()
    );
    // Netlify keeps the signups only.
    let yaml = fs::read_to_string(tmp.path().join("harbor/newsletter.yaml")).unwrap();
    let yaml = (yaml.lines())
        .filter(|l| !l.starts_with("provider:") && !l.starts_with("form_url:"))
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(
        tmp.path().join("harbor/newsletter.yaml"),
        format!("provider: netlify\n{yaml}\n"),
    )
    .unwrap();
    let run = frontdesk(tmp.path(), &["newsletter", "harbor"]);
    run.assert_success();
    assert_eq!(
        run.stderr.trim(),
        "To send: Netlify keeps the signups but sends no newsletter; export the addresses and send harbor/.frontdesk/newsletter/NAME/issue.eml from your mail program (open it, address it to yourself, the readers in Bcc)"
    );
}

/// The README's quick start, run as written in a temporary folder: each line of the
/// fenced block between `<!-- quickstart -->` and `<!-- /quickstart -->` (its `# `
/// comment left out) runs with `sh -c`, `frontdesk` at its start replaced by the binary
/// under test, and `EDITOR` set to a script that sets the phone number in the file it is
/// given. Two lines are not run as written: `frontdesk serve ...` runs with `--port 0`
/// added and is stopped after its home page answered 200 with the business name; the
/// `npx netlify-cli deploy ... --dir DIR` line (which would publish) is not run, and
/// DIR must hold the built site. Any other line failing fails the test.
#[test]
fn the_readme_quick_start_runs() {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find("<!-- quickstart -->")
        .expect("the start marker");
    let end = readme.find("<!-- /quickstart -->").expect("the end marker");
    let block = &readme[start..end];
    let body = block
        .split_once("```sh\n")
        .and_then(|(_, rest)| rest.split_once("```"))
        .expect("a ```sh block between the markers")
        .0;
    let commands: Vec<&str> = (body.lines())
        .map(|l| l.split_once(" # ").map_or(l, |(c, _)| c).trim())
        .filter(|l| !l.is_empty())
        .collect();
    assert!(commands.len() <= 10, "{commands:?}");
    let kinds: Vec<&str> = commands
        .iter()
        .map(|c| c.split(' ').take(2).collect::<Vec<_>>().join(" "))
        .map(|k| match k.as_str() {
            "frontdesk init" => "init",
            "frontdesk serve" => "serve",
            "frontdesk build" => "build",
            "npx netlify-cli" => "deploy",
            _ if k.starts_with("\"${EDITOR") => "edit",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["init", "edit", "serve", "build", "deploy"]);

    let tmp = tempfile::tempdir().unwrap();
    let editor = tmp.path().join("editor.sh");
    fs::write(
        &editor,
        "#!/bin/sh\nsed -i 's/^# phone: .*/phone: \"+351 21 000 0000\"/' \"$1\"\n",
    )
    .unwrap();
    fs::set_permissions(&editor, fs::Permissions::from_mode(0o755)).unwrap();
    let work = tmp.path().join("work");
    fs::create_dir(&work).unwrap();
    // `frontdesk` at the start of a line is the binary under test.
    let substituted = |command: &str| match command.strip_prefix("frontdesk ") {
        Some(rest) => format!("'{BIN}' {rest}"),
        None => command.to_string(),
    };
    let sh = |command: String| {
        let mut c = Command::new("sh");
        c.args(["-c", &command])
            .current_dir(&work)
            .env("EDITOR", &editor)
            .stdin(Stdio::null());
        c
    };
    let mut published = None;
    for (command, kind) in commands.iter().zip(&kinds) {
        match *kind {
            "serve" => {
                let mut child = sh(format!("exec {} --port 0", substituted(command)))
                    .stdout(Stdio::piped())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap();
                let addr = serve_addr(&mut child);
                let home = server::get(&addr, "/");
                child.kill().ok();
                child.wait().ok();
                assert_eq!(home.status, 200, "{command}");
                assert!(home.body.contains("Harbor Bakery"), "{command}");
            }
            "deploy" => {
                let dir = (command.split(' ').skip_while(|w| *w != "--dir").nth(1))
                    .expect("the deploy names the folder it uploads");
                published = Some(work.join(dir));
            }
            _ => {
                let out = sh(substituted(command)).output().unwrap();
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert!(out.status.success(), "{command}\n{stderr}");
                assert!(!stderr.contains("warning"), "{command}\n{stderr}");
            }
        }
    }
    let published = Out(published.expect("a deploy line"));
    let home = published.read("index.html");
    assert!(home.contains("Harbor Bakery"));
    // The edit is in the published site.
    assert!(
        home.contains("tel:+351210000000"),
        "the edited phone number"
    );
}
