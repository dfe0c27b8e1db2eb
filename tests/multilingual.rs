//! A site in two languages (`languages: [en, fr]`): the second language's posts and pages
//! in `fr/`, its pages under `/fr/` in its own words, each page linked to its translations
//! (reciprocally, with `x-default`), the switcher, per-language lists and feeds, one
//! sitemap with alternates, and the errors of a wrong `languages`.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{Site, attr_of, frontdesk, select};

/// The example site (`init --example`) in English and French, with one post and the
/// about page translated and one post written in French alone.
fn bilingual() -> Site {
    let site = Site::fixture("basic");
    std::fs::remove_dir_all(&site.dir).unwrap();
    frontdesk(
        site.root(),
        &["init", "--example", site.dir.to_str().unwrap()],
    )
    .assert_success();
    let yaml = site
        .read("site.yaml")
        .replace("language: en\n", "languages: [en, fr]\n");
    assert!(yaml.contains("languages: [en, fr]\n"));
    site.write("site.yaml", yaml);
    // Texts the site shows, one per language.
    let contact = site.read("contact.yaml").replace(
        "response_time: within one business day\n",
        "response_time:\n  en: within one business day\n  fr: sous un jour ouvré\n",
    );
    assert!(contact.contains("sous un jour ouvré"));
    site.write("contact.yaml", contact);
    let yaml = site.read("site.yaml").replace(
        "description: Small-batch coffee, roasted twice a week on the Portland waterfront.\n",
        "description: {en: \"Small-batch coffee, roasted twice a week.\", fr: \"Du café torréfié deux fois par semaine.\"}\n",
    );
    assert!(yaml.contains("fr: \"Du café"));
    site.write("site.yaml", yaml);
    let suggestions = site.read("suggestions.yaml").replacen(
        "title: Help us do better\n",
        "title: {en: Help us do better, fr: Aidez-nous à faire mieux}\n",
        1,
    );
    site.write("suggestions.yaml", suggestions);
    site.write(
        "testimonials/claire.yaml",
        "author: Claire Martin\nquote: Le meilleur café du port.\nrating: 5\ndate: 2024-02-02\nlang: fr\nfeatured: true\n",
    );
    let posts = site.path("posts");
    let english: Vec<String> = std::fs::read_dir(&posts)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".md"))
        .collect();
    let first = english.iter().min().unwrap().clone();
    site.write(
        &format!("fr/posts/{first}"),
        "---\ntitle: Notre premier billet en français\ndate: 2024-03-02\ntags: [Nouvelles]\n---\n\nBonjour ! Lisez [qui nous sommes](../pages/about.md).\n",
    );
    site.write(
        "fr/posts/seulement-en-francais.md",
        "---\ntitle: Un billet en français seulement\ndate: 2024-03-05\n---\n\nCe billet n'existe qu'en français.\n",
    );
    site.write(
        "fr/pages/about.md",
        "---\ntitle: Qui sommes-nous\ndescription: Qui nous sommes et comment nous joindre.\n---\n\nUne petite maison, une équipe qui répond au téléphone.\n",
    );
    site
}

/// Every `<link rel=alternate hreflang>` of every page, by page.
fn alternates(site: &Site) -> BTreeMap<String, BTreeMap<String, String>> {
    let out = site.out();
    let mut all = BTreeMap::new();
    for page in out.html_files() {
        let doc = out.html(&page);
        let links: BTreeMap<String, String> = select(&doc, "link[rel=alternate][hreflang]")
            .into_iter()
            .map(|l| {
                (
                    l.value().attr("hreflang").unwrap().to_string(),
                    l.value().attr("href").unwrap().to_string(),
                )
            })
            .collect();
        all.insert(page, links);
    }
    all
}

/// The output file of an absolute URL of the site.
fn file_of(url: &str) -> String {
    let path = url
        .strip_prefix("https://")
        .and_then(|u| u.split_once('/'))
        .map(|(_, p)| p)
        .unwrap_or_else(|| panic!("not an absolute URL: {url}"));
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

#[test]
fn each_language_has_its_pages_words_and_feeds() {
    let site = bilingual();
    site.build_ok(&[]);
    let out = site.out();
    for page in ["fr/index.html", "fr/blog/index.html", "fr/about/index.html"] {
        assert!(out.has(page), "no {page}");
        let doc = out.html(page);
        assert_eq!(attr_of(&doc, "html", "lang"), "fr", "{page}");
    }
    assert_eq!(attr_of(&out.html("index.html"), "html", "lang"), "en");
    // The French pages are in French: the theme's words, the dates.
    let fr_home = out.read("fr/index.html");
    assert!(
        fr_home.contains("Langues"),
        "the switcher's label in French"
    );
    // The owner's texts in each language.
    assert!(
        fr_home.contains("sous un jour ouvré"),
        "the French response time"
    );
    assert!(!fr_home.contains("within one business day"));
    assert!(out.read("index.html").contains("within one business day"));
    assert!(
        out.read("fr/contact/index.html")
            .contains("sous un jour ouvré")
    );
    assert!(fr_home.contains("Du café torréfié deux fois par semaine."));
    assert!(
        out.read("fr/suggestions/index.html")
            .contains("Aidez-nous à faire mieux")
    );
    assert!(
        out.read("suggestions/index.html")
            .contains("Help us do better")
    );
    // A testimonial stays in its language, marked so on the other language's pages.
    let en_says = out.read("testimonials/index.html");
    assert!(en_says.contains("<blockquote class=\"testimonial-quote\" lang=\"fr\">"));
    let fr_says = out.read("fr/testimonials/index.html");
    assert!(fr_says.contains("Le meilleur café du port."));
    assert!(!fr_says.contains("lang=\"fr\">\n    <p>Le meilleur"));
    let fr_post = out.read("fr/blog/seulement-en-francais/index.html");
    assert!(fr_post.contains("5 mars 2024"), "a French date");
    // Search engines read each post's language in its JSON-LD.
    let ld = |page: &str| -> serde_json::Value {
        let doc = out.html(page);
        let script = common::one(&doc, "script[type='application/ld+json']");
        serde_json::from_str(&script.inner_html()).unwrap()
    };
    let fr_ld = ld("fr/blog/seulement-en-francais/index.html");
    assert_eq!(fr_ld["@type"], "BlogPosting");
    assert_eq!(fr_ld["inLanguage"], "fr");
    assert_eq!(fr_ld["headline"], "Un billet en français seulement");
    assert_eq!(fr_ld["datePublished"], "2024-03-05");
    let en_post = (out.html_files().into_iter())
        .find(|p| p.starts_with("blog/") && !p.contains("/page/") && p != "blog/index.html")
        .unwrap();
    assert_eq!(ld(&en_post)["inLanguage"], "en");
    // Each language's list and feeds hold its own posts only.
    let fr_blog = out.read("fr/blog/index.html");
    assert!(fr_blog.contains("Un billet en français seulement"));
    let en_blog = out.read("blog/index.html");
    assert!(!en_blog.contains("Un billet en français seulement"));
    let fr_rss = out.read("fr/rss.xml");
    assert!(fr_rss.contains("Un billet en français seulement"));
    assert!(fr_rss.contains("https://"));
    assert!(!out.read("rss.xml").contains("seulement"));
    assert!(out.read("fr/feed.json").contains("seulement-en-francais"));
    // Files every language shares are written once, at the top.
    assert!(out.has("style.css") && !out.has("fr/style.css"));
    assert!(out.has("sitemap.xml") && !out.has("fr/sitemap.xml"));
    assert!(!out.has("fr/robots.txt"));
    // A French page's relative link to a French page stays in French.
    let first_fr = out
        .html_files()
        .into_iter()
        .find(|p| {
            p.starts_with("fr/blog/")
                && p != "fr/blog/index.html"
                && !p.contains("seulement")
                && !p.contains("/page/")
        })
        .expect("the translated post");
    assert!(
        out.read(&first_fr).contains("href=\"/fr/about/\""),
        "{first_fr}"
    );
}

#[test]
fn translations_link_each_other_and_the_switcher_goes_to_the_same_page() {
    let site = bilingual();
    site.build_ok(&[]);
    let out = site.out();
    let all = alternates(&site);
    let mut linked = 0;
    for (page, links) in &all {
        if links.is_empty() {
            continue;
        }
        // Every alternate resolves to a page of the site that links back to this one.
        let own = links
            .values()
            .find(|u| file_of(u) == *page)
            .unwrap_or_else(|| panic!("{page} does not list itself among {links:?}"));
        assert!(
            links.len() >= 3,
            "{page}: a page with links has two languages and x-default: {links:?}"
        );
        assert!(links.contains_key("x-default"), "{page}: no x-default");
        for (lang, url) in links {
            let file = file_of(url);
            assert!(
                out.has(&file),
                "{page}: hreflang {lang} leads to {url}, not written"
            );
            let back = &all[&file];
            assert!(
                back.values().any(|u| u == own),
                "{file} does not link back to {page}"
            );
        }
        linked += 1;
    }
    assert!(linked > 20, "only {linked} pages with translations");
    // The about page and its translation.
    let about = &all["about/index.html"];
    assert_eq!(file_of(&about["fr"]), "fr/about/index.html");
    assert_eq!(file_of(&about["x-default"]), "about/index.html");
    // The switcher goes to the same page in the other language...
    let doc = out.html("fr/about/index.html");
    assert_eq!(
        attr_of(&doc, ".languages a[hreflang=en]", "href"),
        "/about/"
    );
    // ...or to that language's home when the page has no translation.
    let doc = out.html("fr/blog/seulement-en-francais/index.html");
    assert_eq!(attr_of(&doc, ".languages a[hreflang=en]", "href"), "/");
    assert!(alternates(&site)["fr/blog/seulement-en-francais/index.html"].is_empty());
    // og:locale and its alternates, `ll_CC`: a tag without a region gets its likely one.
    let doc = out.html("fr/about/index.html");
    assert_eq!(
        attr_of(&doc, "meta[property='og:locale']", "content"),
        og_locale("fr")
    );
    assert_eq!(
        attr_of(&doc, "meta[property='og:locale:alternate']", "content"),
        og_locale("en")
    );
    let doc = out.html("about/index.html");
    assert_eq!(
        attr_of(&doc, "meta[property='og:locale']", "content"),
        og_locale("en")
    );
}

/// What Open Graph wants for a bare tag: `ll_CC`, the region from CLDR's likely subtags
/// (ICU4X's expander, not typed here).
fn og_locale(tag: &str) -> String {
    let mut id: icu_locale_core::LanguageIdentifier = tag.parse().unwrap();
    icu_locale::LocaleExpander::new_extended().maximize(&mut id);
    let region = id.region.expect("CLDR knows a likely region");
    let out = format!("{}_{region}", id.language);
    assert_eq!(out.len(), 5, "{out}");
    out
}

#[test]
fn the_sitemap_lists_every_language_with_its_alternates() {
    let site = bilingual();
    site.build_ok(&[]);
    let sitemap = site.out().read("sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    let locs: BTreeSet<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    assert!(locs.iter().any(|l| l.ends_with("/fr/about/")));
    assert!(
        locs.iter()
            .any(|l| l.ends_with("/fr/blog/seulement-en-francais/"))
    );
    let about = sitemap
        .lines()
        .find(|l| l.contains("<loc>https://") && l.contains("/fr/about/</loc>"))
        .unwrap();
    assert!(about.contains("hreflang=\"en\""), "{about}");
    assert!(about.contains("hreflang=\"fr\""), "{about}");
    let alone = sitemap
        .lines()
        .find(|l| l.contains("/fr/blog/seulement-en-francais/</loc>"))
        .unwrap();
    assert!(!alone.contains("xhtml:link"), "{alone}");
}

#[test]
fn a_broken_link_in_a_translation_is_reported_at_its_file() {
    let site = bilingual();
    site.write(
        "fr/posts/lien.md",
        "---\ntitle: Lien\ndate: 2024-03-06\n---\n\nVoir [rien](/fr/nulle-part/).\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let line = run.error_line("error: fr/posts/lien.md:");
    assert!(line.contains("/fr/nulle-part/"), "{line}");
}

#[test]
fn a_wrong_languages_list_is_an_error_at_its_place() {
    let site = bilingual();
    let yaml = site.read("site.yaml");
    site.write(
        "site.yaml",
        yaml.replace(
            "languages: [en, fr]\n",
            "language: de\nlanguages: [en, fr, fr_CA, fr]\n",
        ),
    );
    let run = site.build(&[]);
    run.assert_failure();
    let errors = run.error_lines().join("\n");
    assert!(errors.contains("`language` is \"de\""), "{errors}");
    assert!(errors.contains("fr-CA"), "{errors}");
    assert!(errors.contains("listed twice"), "{errors}");
    assert!(errors.contains("site.yaml:"), "{errors}");
}

#[test]
fn a_text_without_one_of_the_languages_is_an_error_at_its_place() {
    let site = bilingual();
    let contact = site.read("contact.yaml").replace(
        "  fr: sous un jour ouvré\n",
        "  de: innerhalb eines Tages\n",
    );
    site.write("contact.yaml", contact);
    let run = site.build(&[]);
    run.assert_failure();
    let errors = run.error_lines().join("\n");
    assert!(errors.contains("contact.yaml:"), "{errors}");
    assert!(
        errors.contains("`de` is not one of the site's languages"),
        "{errors}"
    );
    let contact = site
        .read("contact.yaml")
        .replace("  de: innerhalb eines Tages\n", "");
    site.write("contact.yaml", contact);
    let run = site.build(&[]);
    run.assert_failure();
    let (line, _, message) = run.located_error("contact.yaml");
    assert!(message.contains("no fr version"), "{message}");
    let text = site.read("contact.yaml");
    let at = text
        .lines()
        .position(|l| l.starts_with("response_time:"))
        .unwrap() as u32
        + 1;
    assert!(
        (at..=at + 1).contains(&line),
        "line {line}, response_time at {at}"
    );
}

#[test]
fn each_language_has_its_own_newsletter_issues_and_emails() {
    let site = bilingual();
    site.write(
        "fr/newsletter/2025-03.md",
        "---\nsubject: \"Mars au port : un coin calme\"\ndate: 2025-03-31\n---\nBonjour à tous,\n\nÀ l'étage, un coin calme : lisez [notre billet](../posts/seulement-en-francais.md).\n\nMaria\n",
    );
    site.build_ok(&[]);
    let out = site.out();
    // The French readers get the issue written in French, its link to the French post.
    let fr_issue = out.read("fr/newsletter/2025-03/index.html");
    assert!(
        fr_issue.contains("Mars au port : un coin calme"),
        "{fr_issue}"
    );
    assert!(fr_issue.contains("/fr/blog/seulement-en-francais/\">notre billet</a>"));
    assert!(!fr_issue.contains("Hello again"));
    assert!(
        !out.has("fr/newsletter/2025-02/index.html"),
        "an issue written in English only is not on the French pages"
    );
    // The English issues stay as they were.
    let en_issue = out.read("newsletter/2025-03/index.html");
    assert!(en_issue.contains("Hello again") && !en_issue.contains("Mars au port"));
    // One email per issue and language, each its own message.
    let emails = site.root().join("emails");
    frontdesk(
        site.root(),
        &[
            "newsletter",
            site.dir.to_str().unwrap(),
            "--email-out",
            emails.to_str().unwrap(),
        ],
    )
    .assert_success();
    let read = |slug: &str| std::fs::read(emails.join(slug).join("issue.eml")).unwrap();
    let (en, fr) = (read("2025-03"), read("2025-03.fr"));
    let parse = |raw: &[u8]| {
        let m = mail_parser::MessageParser::default().parse(raw).unwrap();
        (
            m.subject().unwrap().to_string(),
            m.message_id().unwrap().to_string(),
            m.body_text(0).unwrap().to_string(),
        )
    };
    let (en, fr) = (parse(&en), parse(&fr));
    assert_eq!(fr.0, "Mars au port : un coin calme");
    assert!(en.0.starts_with("March at Harbor"), "{}", en.0);
    assert_ne!(en.1, fr.1, "two messages, two Message-IDs");
    assert!(fr.2.contains("Bonjour à tous"), "{}", fr.2);
    assert!(!emails.join("2025-02.fr").exists());
}

#[test]
fn a_new_languages_navigation_leads_to_the_default_pages_it_has_not_translated_yet() {
    let site = bilingual();
    std::fs::remove_file(site.path("fr/pages/about.md")).unwrap();
    // The French post no longer links the page either.
    for entry in std::fs::read_dir(site.path("fr/posts")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            text.replace("(../pages/about.md)", "(https://example.com/)"),
        )
        .unwrap();
    }
    site.build_ok(&[]);
    let out = site.out();
    let fr_home = out.html("fr/index.html");
    let nav: Vec<String> = select(&fr_home, "header nav a")
        .into_iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert!(nav.contains(&"/about/".to_string()), "{nav:?}");
    assert!(!nav.contains(&"/fr/about/".to_string()), "{nav:?}");
    assert!(nav.contains(&"/fr/blog/".to_string()), "{nav:?}");
    // Translated, the link goes to the translation.
    let site = bilingual();
    site.build_ok(&[]);
    let fr_home = site.out().html("fr/index.html");
    assert!(!select(&fr_home, "header nav a[href='/fr/about/']").is_empty());
}

/// `faq.yaml` and `services.yaml` take one text per language like the other data files:
/// each language's `/faq/` and `/services/` (`/fr/faq/`) show its own words, in a page of
/// that language, and a text lacking one of the languages is an error at its place.
#[test]
fn the_faq_and_the_services_speak_each_language() {
    let site = bilingual();
    let faq = site.read("faq.yaml").replacen(
        "      - question: How fresh are the beans?\n",
        "      - question: {en: How fresh are the beans?, fr: Le café est-il frais ?}\n",
        1,
    );
    let faq = faq.replacen(
        "  - title: Coffee and beans\n",
        "  - title:\n      en: Coffee and beans\n      fr: Café et grains\n",
        1,
    );
    site.write("faq.yaml", &faq);
    let services = site.read("services.yaml").replacen(
        "  - name: Home barista class\n",
        "  - name: {en: Home barista class, fr: Cours de barista à la maison}\n",
        1,
    );
    let services = services.replacen(
        "area_served: [Portland, South Portland, Westbrook]\n",
        "area_served: [Portland, {en: South Portland, fr: Portland-Sud}, Westbrook]\n",
        1,
    );
    site.write("services.yaml", &services);
    let out = site.build_ok(&[]);
    let fr = out.html("fr/faq/index.html");
    let en = out.html("faq/index.html");
    assert_eq!(attr_of(&fr, "html", "lang"), "fr");
    let words = |doc: &scraper::Html, s: &str| -> Vec<String> {
        select(doc, s).into_iter().map(common::text).collect()
    };
    let fr_text = words(&fr, "main").join(" ");
    let en_text = words(&en, "main").join(" ");
    assert!(fr_text.contains("Le café est-il frais ?"), "{fr_text}");
    assert!(fr_text.contains("Café et grains"), "{fr_text}");
    assert!(!fr_text.contains("How fresh are the beans?"), "{fr_text}");
    assert!(en_text.contains("How fresh are the beans?"), "{en_text}");
    assert!(!en_text.contains("Le café est-il frais"), "{en_text}");
    // Texts written once are the same in both.
    assert!(fr_text.contains("Do you have decaf?"));
    // The FAQPage JSON-LD speaks the page's language too.
    let ld = common::json_ld(&fr)
        .iter()
        .map(|v| v.to_string())
        .collect::<String>();
    assert!(ld.contains("Le café est-il frais ?"), "{ld}");
    let fr = words(&out.html("fr/services/index.html"), "main").join(" ");
    let en = words(&out.html("services/index.html"), "main").join(" ");
    assert!(fr.contains("Cours de barista à la maison"), "{fr}");
    assert!(
        en.contains("Home barista class") && !en.contains("Cours de barista"),
        "{en}"
    );
    let fr_ld = common::json_ld(&out.html("fr/services/index.html"))
        .iter()
        .map(|v| v.to_string())
        .collect::<String>();
    assert!(fr_ld.contains("Portland-Sud"), "{fr_ld}");
    // A text without the French: an error at its place, naming what to add.
    let broken = faq.replacen(", fr: Le café est-il frais ?}", "}", 1);
    site.write("faq.yaml", &broken);
    let run = site.build(&[]);
    run.assert_failure();
    let (line, _, msg) = run.located_error("faq.yaml");
    let expected = 1 + broken[..broken.find("How fresh").unwrap()]
        .matches('\n')
        .count() as u32;
    assert_eq!(line, expected, "{msg}");
    assert!(msg.contains("no fr version"), "{msg}");
    site.write("faq.yaml", &faq);
    let broken = services.replacen(", fr: Portland-Sud}", "}", 1);
    site.write("services.yaml", &broken);
    let run = site.build(&[]);
    run.assert_failure();
    let (line, _, msg) = run.located_error("services.yaml");
    assert_eq!(line, 3, "{msg}");
    assert!(msg.contains("no fr version"), "{msg}");
}

/// A translation's link to a page only the default language has (`../pages/visit.md` from
/// `fr/posts/`) leads to the default language's page, as the navigation does, on the
/// post's page and in its summary on the blog list; the content review notes it once.
#[test]
fn a_translation_links_a_page_only_the_default_language_has() {
    let site = bilingual();
    site.write(
        "pages/visit.md",
        "---\ntitle: Visit us\ndescription: Where we are and when we are open.\n---\n\n## Hours\n\nEvery day.\n",
    );
    site.write(
        "fr/posts/seulement-en-francais.md",
        "---\ntitle: Un billet en français seulement\ndate: 2024-03-05\n---\n\nPassez nous voir : [nos horaires](../pages/visit.md#hours).\n\nÀ bientôt.\n",
    );
    let run = site.build(&[]);
    run.assert_success();
    let out = site.out();
    let hrefs = |file: &str| -> Vec<String> {
        select(&out.html(file), "main a[href*=visit]")
            .into_iter()
            .map(|a| a.value().attr("href").unwrap().to_string())
            .collect()
    };
    assert_eq!(
        hrefs("fr/blog/seulement-en-francais/index.html"),
        ["/visit/#hours"]
    );
    // The blog list shows the post's first paragraph: the same link, not a relative one.
    assert_eq!(hrefs("fr/blog/index.html"), ["/visit/#hours"]);
    assert!(out.has("visit/index.html") && !out.has("fr/visit/index.html"));
    // Noted once, at the post, with where the link leads (`check` lists every note).
    let check = frontdesk(
        site.root(),
        &["check", site.dir.to_str().unwrap(), "--offline"],
    );
    let all = format!("{}{}", check.stdout, check.stderr);
    let notes: Vec<&str> = (all.lines())
        .filter(|l| l.contains("../pages/visit.md"))
        .collect();
    assert_eq!(notes.len(), 1, "{all}");
    assert!(
        notes[0].contains("fr/posts/seulement-en-francais.md:"),
        "{}",
        notes[0]
    );
    assert!(notes[0].contains("/visit/#hours"), "{}", notes[0]);
    assert!(notes[0].contains("untranslated"), "{}", notes[0]);
    // Once the page is translated, the link leads to the translation and the note goes.
    site.write(
        "fr/pages/visit.md",
        "---\ntitle: Nous rendre visite\ndescription: Où nous trouver.\n---\n\n## Horaires {#hours}\n\nTous les jours.\n",
    );
    site.build(&[]).assert_success();
    assert_eq!(
        hrefs("fr/blog/seulement-en-francais/index.html"),
        ["/fr/visit/#hours"]
    );
    let check = frontdesk(
        site.root(),
        &["check", site.dir.to_str().unwrap(), "--offline"],
    );
    let all = format!("{}{}", check.stdout, check.stderr);
    assert!(all.contains("untranslated"), "{all}");
    assert!(!all.contains("../pages/visit.md"), "{all}");
}
