//! A preview rebuilt incrementally after a sequence of edits must equal a fresh full
//! build of the same files, byte for byte.

use std::fs;
use std::path::{Path, PathBuf};

mod preview;

use frontdesk::render::RenderOptions;
use frontdesk::serve::Preview;
use preview::*;

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "site.yaml",
        "title: Inc\nbase_url: https://inc.example/\nposts_per_page: 2\nfeed:\n  limit: 3\n",
    );
    write(
        d,
        "contact.yaml",
        "business: Inc\nperson: {name: Ann}\nemail: ann@inc.example\n",
    );
    for i in 0..7 {
        let tags = if i % 2 == 0 { "even, all" } else { "odd, all" };
        let link = if i == 3 {
            "See [post five](p5.md)."
        } else {
            "Hello."
        };
        write(
            d,
            &format!("posts/p{i}.md"),
            &post(
                &format!("Post {i}"),
                &format!("2024-01-{:02}", i + 1),
                tags,
                link,
            ),
        );
    }
    write(
        d,
        "posts/trip/index.md",
        &post("Trip", "2024-02-01", "all", "![pic](pic.svg)"),
    );
    write(
        d,
        "posts/trip/pic.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    write(d, "static/x.txt", "x");
    write(
        d,
        "pages/about.md",
        "---\ntitle: About\n---\nRead [post five](../posts/p5.md) and [the trip](trip.md).\n",
    );
    dir
}

/// The oracle: the build command's own pipeline (rendering the form for the preview).
fn full(dir: &Path) -> Files {
    let built = frontdesk::pipeline::render_site(dir, &opts(), RenderOptions::PREVIEW, true)
        .expect("full build");
    built
        .outputs
        .into_iter()
        .map(|o| {
            let body = o.body.read().unwrap().into_owned();
            (o.path, body)
        })
        .collect()
}

fn assert_same(served: &Files, dir: &Path, step: &str) {
    let fresh = full(dir);
    let served_keys: Vec<_> = served.keys().collect();
    let fresh_keys: Vec<_> = fresh.keys().collect();
    assert_eq!(served_keys, fresh_keys, "after {step}: different file sets");
    for (k, v) in &fresh {
        assert!(
            served[k] == *v,
            "after {step}: {k} differs from a full build; first differing line:\n{}",
            first_difference(&served[k], v)
        );
    }
}

#[test]
fn edits_in_sequence_match_a_full_build() {
    let dir = site();
    let d = dir.path();
    let mut preview = Preview::new(d, opts()).allow_broken_links(true);
    let mut served = Files::new();
    apply(&mut served, preview.rebuild_all().unwrap());
    assert!(served.contains_key("blog/p6/index.html"));

    type Step = Box<dyn Fn(&Path) -> Vec<PathBuf>>;
    let steps: Vec<(&str, Step)> = vec![
        (
            "editing a title",
            Box::new(|d| {
                vec![write(
                    d,
                    "posts/p2.md",
                    &post("Renamed two", "2024-01-03", "even, all", "Hi."),
                )]
            }),
        ),
        (
            "moving a post to the top by date",
            Box::new(|d| {
                vec![write(
                    d,
                    "posts/p0.md",
                    &post("Post 0", "2025-06-01", "even, all", "Now newest."),
                )]
            }),
        ),
        (
            "changing tags",
            Box::new(|d| {
                vec![write(
                    d,
                    "posts/p1.md",
                    &post("Post 1", "2024-01-02", "new-tag", "Hi."),
                )]
            }),
        ),
        (
            "adding a post",
            Box::new(|d| {
                vec![write(
                    d,
                    "posts/p9.md",
                    &post("Nine", "2024-03-01", "odd", "New."),
                )]
            }),
        ),
        (
            "changing the slug a link points at",
            Box::new(|d| {
                vec![write(
                    d,
                    "posts/p5.md",
                    "---\ntitle: Five\ndate: 2024-01-06\nslug: fifth\n---\nMoved.\n",
                )]
            }),
        ),
        (
            "deleting a post",
            Box::new(|d| {
                let p = d.join("posts/p4.md");
                fs::remove_file(&p).unwrap();
                vec![p]
            }),
        ),
        (
            "making a post a draft",
            Box::new(|d| {
                vec![write(
                    d,
                    "posts/p6.md",
                    "---\ntitle: Six\ndate: 2024-01-07\ndraft: true\n---\nx\n",
                )]
            }),
        ),
        (
            "adding a file to a bundle",
            Box::new(|d| {
                vec![write(
                    d,
                    "posts/trip/more.svg",
                    "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
                )]
            }),
        ),
        (
            "renaming a bundle folder",
            Box::new(|d| {
                fs::rename(d.join("posts/trip"), d.join("posts/journey")).unwrap();
                vec![d.join("posts/trip"), d.join("posts/journey")]
            }),
        ),
        (
            "adding a folder with a post",
            Box::new(|d| {
                vec![write(
                    d,
                    "posts/2025/a/b.md",
                    &post("Deep", "2024-04-01", "all", "Deep."),
                )]
            }),
        ),
        (
            "deleting a folder of posts",
            Box::new(|d| {
                fs::remove_dir_all(d.join("posts/2025")).unwrap();
                vec![d.join("posts/2025")]
            }),
        ),
        (
            "adding a static file",
            Box::new(|d| vec![write(d, "static/css/extra.css", "body{}")]),
        ),
        (
            "editing contact.yaml",
            Box::new(|d| {
                vec![write(
                    d,
                    "contact.yaml",
                    "business: Inc\nperson: {name: Bea}\nphone: \"+1 555 0101\"\n",
                )]
            }),
        ),
        (
            "adding faq.yaml (a new page, and a link in the navigation)",
            Box::new(|d| {
                vec![write(
                    d,
                    "faq.yaml",
                    "questions:\n  - question: Do you deliver?\n    answer: See [post five](posts/p5.md).\n",
                )]
            }),
        ),
        (
            "editing faq.yaml",
            Box::new(|d| {
                vec![write(
                    d,
                    "faq.yaml",
                    "groups:\n  - title: Orders\n    questions:\n      - {question: Do you deliver?, answer: Yes.}\n",
                )]
            }),
        ),
        (
            "adding services.yaml (a new page, and a link in the navigation)",
            Box::new(|d| {
                vec![write(
                    d,
                    "services.yaml",
                    "currency: EUR\nservices:\n  - {name: Repair, price_from: 40, duration: 1h30}\n",
                )]
            }),
        ),
        (
            "changing a price in services.yaml",
            Box::new(|d| {
                vec![write(
                    d,
                    "services.yaml",
                    "currency: EUR\nservices:\n  - {name: Repair, price_from: 45, duration: 1h30}\n",
                )]
            }),
        ),
        (
            "removing faq.yaml",
            Box::new(|d| {
                fs::remove_file(d.join("faq.yaml")).unwrap();
                vec![d.join("faq.yaml")]
            }),
        ),
        (
            "adding menu.yaml (a new page, and a link in the navigation)",
            Box::new(|d| {
                vec![write(
                    d,
                    "menu.yaml",
                    "currency: EUR\nsections:\n  - title: Bakery\n    items:\n      - {name: Bun, price: 2, dietary: [vegan]}\n",
                )]
            }),
        ),
        (
            "a post naming a menu item",
            Box::new(|d| {
                vec![write(
                    d,
                    "posts/bun.md",
                    &post("Buns", "2024-02-01", "all", "Try a [menu:bun]."),
                )]
            }),
        ),
        (
            "changing a price in menu.yaml (the post naming the item shows it)",
            Box::new(|d| {
                vec![write(
                    d,
                    "menu.yaml",
                    "currency: EUR\nsections:\n  - title: Bakery\n    items:\n      - {name: Bun, price: 2.5, sold_out: true}\n",
                )]
            }),
        ),
        (
            "removing the post naming a menu item, then menu.yaml",
            Box::new(|d| {
                fs::remove_file(d.join("posts/bun.md")).unwrap();
                fs::remove_file(d.join("menu.yaml")).unwrap();
                vec![d.join("posts/bun.md"), d.join("menu.yaml")]
            }),
        ),
        (
            "adding a team member (a new page, and a link in the navigation)",
            Box::new(|d| {
                vec![write(
                    d,
                    "team/bea.yaml",
                    "name: Bea\nrole: Baker\nask_me_about: [bread]\n",
                )]
            }),
        ),
        (
            "the contact person becomes a team member",
            Box::new(|d| {
                vec![write(
                    d,
                    "contact.yaml",
                    "business: Inc\nperson: bea\nphone: \"+1 555 0101\"\n",
                )]
            }),
        ),
        (
            "editing the team member",
            Box::new(|d| {
                vec![write(
                    d,
                    "team/bea.yaml",
                    "name: Bea Stone\nrole: Head baker\n",
                )]
            }),
        ),
        (
            "adding an event (its page, its .ics, the list, the feed, the navigation)",
            Box::new(|d| {
                vec![write(
                    d,
                    "events/workshop.md",
                    "---\ntitle: Workshop\nstart: 2040-05-05 10:00\nend: \"12:00\"\ntimezone: Europe/Berlin\nplace: Shop\nrepeat: {every: week, count: 3}\n---\nSee [post five](../posts/p5.md).\n",
                )]
            }),
        ),
        (
            "editing an event",
            Box::new(|d| {
                vec![write(
                    d,
                    "events/workshop.md",
                    "---\ntitle: Workshop\nstart: 2040-05-05 10:00\nend: \"12:00\"\ntimezone: Europe/Berlin\nplace: Shop\nstatus: cancelled\n---\nCancelled.\n",
                )]
            }),
        ),
        (
            "removing an event",
            Box::new(|d| {
                fs::remove_file(d.join("events/workshop.md")).unwrap();
                vec![d.join("events/workshop.md")]
            }),
        ),
        (
            "overriding a template",
            Box::new(|d| {
                vec![write(
                    d,
                    "templates/page.html",
                    "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1>{% endblock content %}",
                )]
            }),
        ),
        (
            "editing a template, a page, a testimonial and a post in one batch",
            Box::new(|d| {
                vec![
                    write(
                        d,
                        "templates/page.html",
                        "{% extends \"base.html\" %}{% block content %}<h2>{{ page.title }}</h2>{% endblock content %}",
                    ),
                    write(
                        d,
                        "pages/about.md",
                        "---\ntitle: About us\n---\nNew text.\n",
                    ),
                    write(
                        d,
                        "testimonials/a.yaml",
                        "author: Ann Lee\nquote: Great.\nrating: 5\nfeatured: true\n",
                    ),
                    write(
                        d,
                        "posts/p3.md",
                        &post("Three again", "2024-01-04", "odd", "Edited."),
                    ),
                ]
            }),
        ),
        (
            "overriding the theme's stylesheet",
            Box::new(|d| vec![write(d, "static/style.css", "body { color: red }")]),
        ),
        (
            "editing the overriding stylesheet",
            Box::new(|d| vec![write(d, "static/style.css", "body { color: blue }")]),
        ),
        (
            "removing the override",
            Box::new(|d| {
                let p = d.join("static/style.css");
                fs::remove_file(&p).unwrap();
                vec![p]
            }),
        ),
        (
            "adding a site favicon (the icons are made from it)",
            Box::new(|d| {
                vec![write(
                    d,
                    "static/favicon.svg",
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\" fill=\"#123\"/></svg>",
                )]
            }),
        ),
        (
            "naming a logo and an accent in site.yaml",
            Box::new(|d| {
                vec![
                    write(
                        d,
                        "static/logo.svg",
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 30 10\"><rect width=\"30\" height=\"10\" fill=\"#345\"/></svg>",
                    ),
                    write(
                        d,
                        "site.yaml",
                        "title: Inc\nbase_url: https://inc.example/\nposts_per_page: 2\nfeed:\n  limit: 3\nbrand:\n  logo: logo.svg\n  accent: \"#6a1b9a\"\n",
                    ),
                ]
            }),
        ),
        (
            "redrawing the logo at another shape",
            Box::new(|d| {
                vec![write(
                    d,
                    "static/logo.svg",
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><circle cx=\"5\" cy=\"5\" r=\"5\" fill=\"#345\"/></svg>",
                )]
            }),
        ),
        (
            "a Markdown file in static/",
            Box::new(|d| vec![write(d, "static/docs/readme.md", "no front matter here")]),
        ),
        (
            "a post in a new folder",
            Box::new(|d| {
                vec![write(
                    d,
                    "posts/group/a.md",
                    &post("Group A", "2024-05-01", "all", "A."),
                )]
            }),
        ),
        (
            "an index.md making that folder a bundle",
            Box::new(|d| {
                vec![write(
                    d,
                    "posts/group/index.md",
                    &post("Group", "2024-05-02", "all", "The group."),
                )]
            }),
        ),
        (
            "editing site.yaml",
            Box::new(|d| {
                vec![write(
                    d,
                    "site.yaml",
                    "title: Inc two\nbase_url: https://inc.example/\nposts_per_page: 3\n",
                )]
            }),
        ),
    ];
    for (name, step) in steps {
        let changed = step(d);
        apply(
            &mut served,
            preview
                .apply(&changed)
                .unwrap_or_else(|e| panic!("{name}: {e}")),
        );
        assert_same(&served, d, name);
    }
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_and_the_fix_recovers() {
    let dir = site();
    let d = dir.path();
    let mut preview = Preview::new(d, opts()).allow_broken_links(true);
    let mut served = Files::new();
    apply(&mut served, preview.rebuild_all().unwrap());
    let before = served.clone();
    let bad = write(
        d,
        "posts/p1.md",
        "---\ntitle: [unclosed\ndate: 2024-01-02\n---\n",
    );
    let err = preview.apply(std::slice::from_ref(&bad)).unwrap_err();
    assert!(err.to_string().contains("posts/p1.md:2:"), "{err}");
    // An unrelated edit while p1 is broken still reports p1.
    let other = write(
        d,
        "posts/p2.md",
        &post("Two again", "2024-01-03", "even", "x"),
    );
    assert!(
        preview
            .apply(&[other])
            .unwrap_err()
            .to_string()
            .contains("posts/p1.md")
    );
    assert_eq!(served, before);
    write(d, "posts/p1.md", &post("Fixed", "2024-01-02", "odd", "ok"));
    apply(&mut served, preview.apply(&[bad]).unwrap());
    assert_same(&served, d, "the fix");
}

#[test]
fn a_clashing_slug_is_an_error_until_it_is_fixed() {
    let dir = site();
    let d = dir.path();
    let mut preview = Preview::new(d, opts()).allow_broken_links(true);
    let mut served = Files::new();
    apply(&mut served, preview.rebuild_all().unwrap());
    let clash = write(
        d,
        "posts/copy.md",
        "---\ntitle: Copy\ndate: 2024-06-01\nslug: p3\n---\nx\n",
    );
    let err = preview
        .apply(std::slice::from_ref(&clash))
        .unwrap_err()
        .to_string();
    assert!(err.contains("blog/p3/index.html"), "{err}");
    fs::remove_file(&clash).unwrap();
    apply(&mut served, preview.apply(&[clash]).unwrap());
    assert_same(&served, d, "removing the clash");
}

#[test]
fn an_edit_renders_only_the_pages_that_show_the_post() {
    let dir = site();
    let d = dir.path();
    let mut preview = Preview::new(d, opts()).allow_broken_links(true);
    let mut served = Files::new();
    apply(&mut served, preview.rebuild_all().unwrap());
    let total = served.len();
    let delta = preview
        .apply(&[write(
            d,
            "posts/p0.md",
            &post("Oldest, edited", "2024-01-01", "even, all", "Hello."),
        )])
        .unwrap();
    let mut paths: Vec<_> = delta.upserts.iter().map(|o| o.path.as_str()).collect();
    paths.sort();
    assert!(
        paths.contains(&"blog/p0/index.html") && paths.contains(&"blog/p1/index.html"),
        "{paths:?}"
    );
    assert!(
        !paths.contains(&"index.html"),
        "the home page does not show the oldest post: {paths:?}"
    );
    assert!(!paths.contains(&"blog/p6/index.html"), "{paths:?}");
    assert!(
        paths.len() < total / 2,
        "rendered {} of {total}",
        paths.len()
    );
}

#[test]
fn editing_a_location_updates_its_page_the_list_the_contact_page_and_every_footer() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "site.yaml",
        "title: Two\nbase_url: https://two.example/\n",
    );
    write(
        d,
        "contact.yaml",
        "business: Two\nperson: {name: Ann}\nemail: ann@two.example\n",
    );
    write(
        d,
        "posts/p.md",
        &post("Post", "2024-01-01", "all", "Hello."),
    );
    let place = |name: &str, phone: &str, tz: &str| {
        format!(
            "name: {name}\naddress: {{street: 1 Main St, city: {name}}}\ngeo: {{lat: 40.1, lon: -74.2}}\nphone: \"{phone}\"\nhours:\n  timezone: {tz}\n  weekly: {{mon-fri: \"09:00-17:00\", sat-sun: closed}}\n"
        )
    };
    write(
        d,
        "locations/east.yaml",
        &place("East", "+1 212 555 0100", "America/New_York"),
    );
    write(
        d,
        "locations/west.yaml",
        &place("West", "+1 415 555 0100", "America/Los_Angeles"),
    );
    let mut preview = Preview::new(d, opts()).allow_broken_links(true);
    let mut served = Files::new();
    apply(&mut served, preview.rebuild_all().unwrap());
    assert_same(&served, d, "the first build");
    let steps: Vec<(&str, PathBuf)> = vec![
        (
            "the main location's phone",
            write(
                d,
                "locations/east.yaml",
                &place("East", "+1 212 555 0199", "America/New_York"),
            ),
        ),
        (
            "another location's zone",
            write(
                d,
                "locations/west.yaml",
                &place("West", "+1 415 555 0100", "America/Denver"),
            ),
        ),
    ];
    for (name, changed) in steps {
        apply(
            &mut served,
            preview
                .apply(&[changed])
                .unwrap_or_else(|e| panic!("{name}: {e}")),
        );
        assert_same(&served, d, name);
    }
    let text = |k: &str| String::from_utf8_lossy(&served[k]).into_owned();
    assert!(text("blog/p/index.html").contains("tel:+12125550199"));
    assert!(text("locations/index.html").contains("America/Denver"));
    assert!(text("contact/index.html").contains("America/Denver"));
    assert!(text("locations/east.vcf").contains("+1 212 555 0199"));
}
