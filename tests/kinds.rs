//! The page kinds made from a business's data files (issue 26): the FAQ, services, the menu
//! and the team. Each is built
//! from a copy of `tests/fixtures/basic` by the real binary: errors at their positions,
//! the page, its JSON-LD, the sitemap and the navigation.

mod common;

use common::*;

// ---------------------------------------------------------------- FAQ

const FAQ: &str = "\
intro: What customers ask at the counter.
questions:
  - question: Do you bake <b>gluten-free</b> bread?
    answer: |
      On **Thursdays**. See [our about page](pages/about.md).
groups:
  - title: Orders & delivery
    questions:
      - question: Do you deliver?
        answer: Within 5 km.
        id: delivery
      - question: Can I order a cake?
        answer: Two days ahead.
";

#[test]
fn faq_page_shows_each_question_in_details_with_its_anchor_and_escapes_the_question() {
    let site = Site::basic();
    site.write("faq.yaml", FAQ);
    let out = site.build_ok(&[]);
    let doc = out.html("faq/index.html");
    let questions: Vec<String> = select(&doc, "details.faq-item > summary")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(
        questions,
        [
            "Do you bake <b>gluten-free</b> bread?",
            "Do you deliver?",
            "Can I order a cake?"
        ]
    );
    let ids: Vec<&str> = select(&doc, "details.faq-item > .faq-answer")
        .into_iter()
        .map(|e| e.value().attr("id").unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "do-you-bake-b-gluten-free-b-bread",
            "delivery",
            "can-i-order-a-cake"
        ]
    );
    assert_eq!(select(&doc, "details.faq-item summary b").len(), 0);
    let answer = one(&doc, "#delivery");
    assert_eq!(text(answer), "Within 5 km.");
    // The answer's Markdown is rendered and its link to a page resolved.
    assert_eq!(
        attr_of(&doc, "#do-you-bake-b-gluten-free-b-bread a", "href"),
        "/about/"
    );
    assert_eq!(text(one(&doc, ".faq-group h2")), "Orders & delivery");
    assert!(
        out.read("sitemap.xml")
            .contains("<loc>https://basic.example/faq/</loc>")
    );
}

#[test]
fn faq_json_ld_is_an_faq_page_with_every_question_and_its_answer() {
    let site = Site::basic();
    site.write("faq.yaml", FAQ);
    let out = site.build_ok(&[]);
    let doc = out.html("faq/index.html");
    let raw = text(one(&doc, "script[type=\"application/ld+json\"]"));
    let v: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(v["@type"], "FAQPage");
    assert_eq!(
        v["inLanguage"],
        attr_of(&doc, "html", "lang"),
        "the page's own language"
    );
    let entities = v["mainEntity"].as_array().unwrap();
    assert_eq!(entities.len(), 3);
    assert_eq!(entities[1]["@type"], "Question");
    assert_eq!(entities[1]["name"], "Do you deliver?");
    assert_eq!(entities[1]["url"], "https://basic.example/faq/#delivery");
    assert_eq!(entities[1]["acceptedAnswer"]["@type"], "Answer");
    assert_eq!(entities[1]["acceptedAnswer"]["text"], "<p>Within 5 km.</p>");
}

#[test]
fn faq_is_in_the_default_navigation_only_when_the_site_has_one() {
    let site = Site::basic();
    let nav_links = |out: &Out| -> Vec<String> {
        let doc = out.html("index.html");
        select(&doc, "nav a")
            .into_iter()
            .filter_map(|a| a.value().attr("href").map(str::to_string))
            .collect()
    };
    let out = site.build_ok(&[]);
    assert!(!out.has("faq/index.html"));
    assert!(!nav_links(&out).iter().any(|h| h == "/faq/"));
    site.write("faq.yaml", FAQ);
    let out = site.build_ok(&[]);
    assert!(
        nav_links(&out).iter().any(|h| h == "/faq/"),
        "{:?}",
        nav_links(&out)
    );
}

#[test]
fn faq_errors_name_the_line_and_column_with_the_fix() {
    let site = Site::basic();
    // A typo in a key: the closest known key is the fix.
    site.write(
        "faq.yaml",
        "questions:\n  - question: Open on Sundays?\n    answer: No.\n  - question: Parking?\n    anwser: Behind the shop.\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("faq.yaml");
    assert_eq!((line, col), (5, 5), "{msg}");
    assert!(msg.contains("did you mean `answer`?"), "{msg}");
    // A group whose questions are not a list.
    site.write(
        "faq.yaml",
        "groups:\n  - title: Orders\n    questions: Do you deliver?\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, _) = run.located_error("faq.yaml");
    assert_eq!((line, col), (3, 16));
    // Two questions with the same anchor: the second is blamed, and told to take an id.
    site.write(
        "faq.yaml",
        "questions:\n  - {question: Gift cards?, answer: Yes.}\n  - {question: Gift cards!, answer: In store.}\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("faq.yaml");
    assert_eq!((line, col), (3, 16), "{msg}");
    assert!(
        msg.contains("#gift-cards") && msg.contains("`id:`"),
        "{msg}"
    );
    // An empty answer.
    site.write(
        "faq.yaml",
        "questions:\n  - question: Gift cards?\n    answer: \"\"\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("faq.yaml");
    assert_eq!((line, col), (3, 13), "{msg}");
}

#[test]
fn a_broken_link_in_an_answer_is_blamed_on_faq_yaml() {
    let site = Site::basic();
    site.write(
        "faq.yaml",
        "questions:\n  - {question: Menu?, answer: \"See [the menu](/no-such-page/).\"}\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    run.error_line("error: faq.yaml: broken link `/no-such-page/`");
}

// ---------------------------------------------------------------- services

const SERVICES: &str = "\
currency: EUR
area_served: [Lyon, Villeurbanne]
services:
  - name: Wedding cake <tasting>
    description: Three cakes to taste, *by appointment*.
    duration: 1h30
    price: 1234.5
    booking_url: https://book.basic.example/tasting
  - name: Bread subscription
    price_from: 12
    area_served: [Lyon]
  - name: Custom order
";

/// The site's language set to `lang` (the fixture's is en-GB).
fn in_language(site: &Site, lang: &str) {
    let config = site
        .read("site.yaml")
        .replace("language: en-GB", &format!("language: {lang}"));
    site.write("site.yaml", config);
}

/// `n` (given as a string such as "1234.50") as ICU4X's decimal formatter writes it in
/// `lang`: the number part of a price, computed apart from the currency formatter.
fn icu_number(lang: &str, n: &str) -> String {
    let locale: icu_locale_core::Locale = lang.parse().unwrap();
    let f = icu_decimal::DecimalFormatter::try_new((&locale).into(), Default::default()).unwrap();
    f.format(&n.parse().unwrap()).to_string()
}

fn prices(out: &Out) -> Vec<String> {
    let doc = out.html("services/index.html");
    // The text as it is: CLDR's no-break spaces are part of what is compared.
    select(&doc, ".service-price")
        .into_iter()
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

#[test]
fn service_prices_are_written_as_each_language_writes_them() {
    let site = Site::basic();
    site.write("services.yaml", SERVICES);
    // (language, where CLDR puts the symbol: before or after the number, with what space)
    for (lang, price, from) in [
        (
            "en-GB",
            format!("€{}", icu_number("en-GB", "1234.50")),
            format!("from €{}", icu_number("en-GB", "12.00")),
        ),
        (
            "de",
            format!("{}\u{a0}€", icu_number("de", "1234.50")),
            format!("ab {}\u{a0}€", icu_number("de", "12.00")),
        ),
        (
            "fr",
            format!("{}\u{a0}€", icu_number("fr", "1234.50")),
            format!("à partir de {}\u{a0}€", icu_number("fr", "12.00")),
        ),
        (
            "nl",
            format!("€\u{a0}{}", icu_number("nl", "1234.50")),
            format!("vanaf €\u{a0}{}", icu_number("nl", "12.00")),
        ),
        (
            "pl",
            format!("{}\u{a0}€", icu_number("pl", "1234.50")),
            format!("od {}\u{a0}€", icu_number("pl", "12.00")),
        ),
    ] {
        in_language(&site, lang);
        let out = site.build_ok(&[]);
        assert_eq!(prices(&out), [price, from], "{lang}");
        // Back to the fixture's language for the next one.
        let config = site
            .read("site.yaml")
            .replace(&format!("language: {lang}"), "language: en-GB");
        site.write("site.yaml", config);
    }
    // The number parts differ between these languages: the test compares something.
    assert_ne!(icu_number("fr", "1234.50"), icu_number("de", "1234.50"));
}

#[test]
fn services_page_shows_each_service_escaped_with_duration_area_and_booking() {
    let site = Site::basic();
    site.write("services.yaml", SERVICES);
    let out = site.build_ok(&[]);
    let doc = out.html("services/index.html");
    let names: Vec<String> = select(&doc, ".service h2").into_iter().map(text).collect();
    assert_eq!(
        names,
        [
            "Wedding cake <tasting>",
            "Bread subscription",
            "Custom order"
        ]
    );
    let ids: Vec<&str> = select(&doc, "li.service")
        .into_iter()
        .map(|e| e.value().attr("id").unwrap())
        .collect();
    assert_eq!(
        ids,
        ["wedding-cake-tasting", "bread-subscription", "custom-order"]
    );
    let facts: Vec<String> = select(&doc, "#wedding-cake-tasting .service-facts dd")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(facts, ["1 hour 30 minutes", "Lyon, Villeurbanne"]);
    assert_eq!(
        text(one(&doc, "#bread-subscription .service-facts dd")),
        "Lyon"
    );
    assert_eq!(
        attr_of(&doc, "#wedding-cake-tasting .service-book a", "href"),
        "https://book.basic.example/tasting"
    );
    assert_eq!(
        select(
            &doc,
            "#custom-order .service-price, #custom-order .service-book"
        )
        .len(),
        0
    );
    assert!(
        out.read("sitemap.xml")
            .contains("<loc>https://basic.example/services/</loc>")
    );
    let nav: Vec<String> = select(&out.html("index.html"), "nav a")
        .into_iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert!(nav.iter().any(|h| h == "/services/"), "{nav:?}");
}

#[test]
fn services_json_ld_has_the_business_as_provider_and_the_price_as_an_offer() {
    let site = Site::basic();
    site.write("services.yaml", SERVICES);
    let out = site.build_ok(&[]);
    let doc = out.html("services/index.html");
    let v: serde_json::Value =
        serde_json::from_str(&text(one(&doc, "script[type=\"application/ld+json\"]"))).unwrap();
    let graph = v["@graph"].as_array().unwrap();
    assert_eq!(graph.len(), 3);
    let cake = &graph[0];
    assert_eq!(cake["@type"], "Service");
    assert_eq!(cake["name"], "Wedding cake <tasting>");
    assert_eq!(cake["description"], "Three cakes to taste, by appointment.");
    assert_eq!(cake["provider"]["@type"], "LocalBusiness");
    assert_eq!(cake["provider"]["name"], "Basic Bakery");
    assert_eq!(
        cake["areaServed"],
        serde_json::json!(["Lyon", "Villeurbanne"])
    );
    assert_eq!(cake["offers"]["price"], "1234.50");
    assert_eq!(cake["offers"]["priceCurrency"], "EUR");
    assert_eq!(
        graph[1]["offers"]["priceSpecification"]["minPrice"],
        "12.00"
    );
    assert!(graph[2].get("offers").is_none());
}

#[test]
fn services_errors_name_the_line_and_column_with_the_fix() {
    let site = Site::basic();
    let fails = |yaml: &str| -> (u32, u32, String) {
        site.write("services.yaml", yaml);
        let run = site.build(&[]);
        run.assert_failure();
        run.located_error("services.yaml")
    };
    let (l, c, m) = fails("currency: EUR\nservices:\n  - name: Cut\n    prise: 20\n");
    assert_eq!((l, c), (4, 5), "{m}");
    assert!(m.contains("did you mean `price`?"), "{m}");
    let (l, c, m) = fails("currency: EUR\nservices:\n  - name: Cut\n    price: 20 euros\n");
    assert_eq!((l, c), (4, 12), "{m}");
    assert!(m.contains("a number such as 12 or 4.50"), "{m}");
    let (l, c, m) = fails("services:\n  - name: Cut\n    price: 20\n");
    assert_eq!((l, c), (3, 12), "{m}");
    assert!(m.contains("add `currency:`"), "{m}");
    let (l, c, m) = fails("currency: eur\nservices:\n  - name: Cut\n");
    assert_eq!((l, c), (1, 11), "{m}");
    assert!(m.contains("write \"EUR\""), "{m}");
    let (l, c, m) = fails("currency: EUR\nservices:\n  - name: Cut\n    price: 20.555\n");
    assert_eq!((l, c), (4, 12), "{m}");
    assert!(m.contains("2 decimals at most"), "{m}");
    let (l, c, m) = fails("services:\n  - name: Cut\n    duration: an afternoon\n");
    assert_eq!((l, c), (3, 15), "{m}");
    assert!(m.contains("\"1h30\""), "{m}");
    let (l, c, m) = fails("services:\n  - name: Cut\n    booking_url: http://book.example/\n");
    assert_eq!((l, c), (3, 18), "{m}");
    assert!(m.starts_with("`booking_url`"), "{m}");
}

// ---------------------------------------------------------------- menu

/// A day `days` from today, as `menu.yaml` writes it: seasons are judged on the day of the
/// build.
fn day(days: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

fn menu_yaml() -> String {
    format!(
        "\
currency: EUR
intro: Baked *every morning*.
sections:
  - title: Bakery
    items:
      - name: Croissant <au beurre>
        description: Butter from **Isigny**.
        price: 1234.5
        dietary: [vegetarian, contains-nuts]
        key: croissant
      - name: Baguette
        price: 1.2
        dietary: [vegan]
        sold_out: true
  - title: Drinks
    items:
      - name: Flat white
        sizes:
          - {{name: Small, price: 3}}
          - {{name: Large, price: 3.8}}
        options:
          - {{name: Oat milk, price: 0.4}}
        dietary: [gluten-free]
      - name: Iced tea
        price: 3
        available: {{from: {in_from}, until: {in_until}}}
      - name: Hot chocolate
        price: 4
        available: {{from: {out_from}, until: {out_until}}}
",
        in_from = day(-10),
        in_until = day(10),
        out_from = day(30),
        out_until = day(60),
    )
}

#[test]
fn menu_page_shows_sections_items_labels_and_what_is_not_served_now() {
    let site = Site::basic();
    site.write("menu.yaml", menu_yaml());
    let out = site.build_ok(&[]);
    let doc = out.html("menu/index.html");
    let sections: Vec<String> = select(&doc, ".menu-section > h2")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(sections, ["Bakery", "Drinks"]);
    assert_eq!(
        select(&doc, ".menu-section > h2")[0].value().attr("id"),
        Some("bakery")
    );
    let toc: Vec<String> = select(&doc, ".menu-toc a")
        .into_iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert_eq!(toc, ["#bakery", "#drinks"]);
    let ids: Vec<&str> = select(&doc, "li.menu-item")
        .into_iter()
        .map(|e| e.value().attr("id").unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "croissant",
            "baguette",
            "flat-white",
            "iced-tea",
            "hot-chocolate"
        ]
    );
    // The name is text, never markup; the description is Markdown.
    assert_eq!(text(one(&doc, "#croissant h3")), "Croissant <au beurre>");
    assert_eq!(text(one(&doc, "#croissant .prose strong")), "Isigny");
    // Each label: its icon hidden from screen readers, its words read.
    let labels: Vec<String> = select(&doc, "#croissant .menu-diet")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(labels.len(), 2);
    assert!(labels[0].ends_with("Vegetarian"), "{labels:?}");
    assert!(labels[1].ends_with("Contains nuts"), "{labels:?}");
    for icon in select(&doc, ".menu-diet-icon") {
        assert_eq!(icon.value().attr("aria-hidden"), Some("true"));
    }
    // Sizes and options, each with its price.
    let sizes: Vec<String> = select(&doc, "#flat-white .menu-sizes li")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(sizes.len(), 2);
    assert!(sizes[0].starts_with("Small"), "{sizes:?}");
    assert!(text(one(&doc, "#flat-white .menu-options li")).starts_with("Oat milk"));
    assert!(text(one(&doc, "#flat-white .menu-option-price")).starts_with('+'));
    // Sold out, and out of season (decided on the day of the build), are said.
    assert_eq!(text(one(&doc, "#baguette .menu-status")), "Sold out");
    assert_eq!(
        text(one(&doc, "#hot-chocolate .menu-status")),
        "Not in season"
    );
    assert!(select(&doc, "#iced-tea .menu-status").is_empty());
    assert!(select(&doc, "#croissant .menu-status").is_empty());
    assert!(!text(one(&doc, "#iced-tea .menu-season")).is_empty());
    // In the sitemap and the navigation.
    assert!(
        out.read("sitemap.xml")
            .contains("<loc>https://basic.example/menu/</loc>")
    );
    let nav: Vec<String> = select(&out.html("index.html"), "nav a")
        .into_iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert!(nav.iter().any(|h| h == "/menu/"), "{nav:?}");
}

fn menu_prices(out: &Out) -> Vec<String> {
    let doc = out.html("menu/index.html");
    select(
        &doc,
        "#croissant .menu-price, #flat-white .menu-sizes .menu-price",
    )
    .into_iter()
    .map(|e| e.text().collect::<String>().trim().to_string())
    .collect()
}

#[test]
fn menu_prices_are_written_as_each_language_writes_them() {
    let site = Site::basic();
    site.write("menu.yaml", menu_yaml());
    for (lang, expected) in [
        (
            "en-GB",
            [
                format!("€{}", icu_number("en-GB", "1234.50")),
                format!("€{}", icu_number("en-GB", "3.00")),
                format!("€{}", icu_number("en-GB", "3.80")),
            ],
        ),
        (
            "de",
            [
                format!("{}\u{a0}€", icu_number("de", "1234.50")),
                format!("{}\u{a0}€", icu_number("de", "3.00")),
                format!("{}\u{a0}€", icu_number("de", "3.80")),
            ],
        ),
        (
            "fr",
            [
                format!("{}\u{a0}€", icu_number("fr", "1234.50")),
                format!("{}\u{a0}€", icu_number("fr", "3.00")),
                format!("{}\u{a0}€", icu_number("fr", "3.80")),
            ],
        ),
    ] {
        in_language(&site, lang);
        let out = site.build_ok(&[]);
        assert_eq!(menu_prices(&out), expected, "{lang}");
        let config = site
            .read("site.yaml")
            .replace(&format!("language: {lang}"), "language: en-GB");
        site.write("site.yaml", config);
    }
    assert_ne!(icu_number("fr", "1234.50"), icu_number("en-GB", "1234.50"));
}

#[test]
fn menu_json_ld_is_a_menu_of_sections_and_items_with_offers_and_diets() {
    let site = Site::basic();
    site.write("menu.yaml", menu_yaml());
    let out = site.build_ok(&[]);
    let doc = out.html("menu/index.html");
    let v: serde_json::Value =
        serde_json::from_str(&text(one(&doc, "script[type=\"application/ld+json\"]"))).unwrap();
    assert_eq!(v["@type"], "Menu");
    let sections = v["hasMenuSection"].as_array().unwrap();
    assert_eq!(sections.len(), 2);
    assert_eq!(sections[0]["@type"], "MenuSection");
    let croissant = &sections[0]["hasMenuItem"][0];
    assert_eq!(croissant["@type"], "MenuItem");
    assert_eq!(croissant["name"], "Croissant <au beurre>");
    assert_eq!(croissant["url"], "https://basic.example/menu/#croissant");
    assert_eq!(croissant["description"], "Butter from Isigny.");
    assert_eq!(croissant["offers"][0]["@type"], "Offer");
    assert_eq!(croissant["offers"][0]["price"], "1234.50");
    assert_eq!(croissant["offers"][0]["priceCurrency"], "EUR");
    assert_eq!(
        croissant["suitableForDiet"],
        serde_json::json!(["https://schema.org/VegetarianDiet"])
    );
    let baguette = &sections[0]["hasMenuItem"][1];
    assert_eq!(
        baguette["offers"][0]["availability"],
        "https://schema.org/SoldOut"
    );
    let flat = &sections[1]["hasMenuItem"][0];
    assert_eq!(flat["offers"].as_array().unwrap().len(), 2);
    assert_eq!(flat["offers"][1]["name"], "Large");
    assert_eq!(flat["offers"][1]["price"], "3.80");
    assert_eq!(flat["menuAddOn"][0]["name"], "Oat milk");
    let chocolate = &sections[1]["hasMenuItem"][2];
    assert_eq!(
        chocolate["offers"][0]["availability"],
        "https://schema.org/OutOfStock"
    );
    assert_eq!(chocolate["offers"][0]["availabilityStarts"], day(30));
}

#[test]
fn menu_errors_name_the_line_and_column_with_the_fix() {
    let site = Site::basic();
    let fails = |yaml: &str| -> (u32, u32, String) {
        site.write("menu.yaml", yaml);
        let run = site.build(&[]);
        run.assert_failure();
        run.located_error("menu.yaml")
    };
    let (l, c, m) = fails(
        "currency: EUR\nsections:\n  - title: Bakery\n    items:\n      - name: Bun\n        prise: 2\n",
    );
    assert_eq!((l, c), (6, 9), "{m}");
    assert!(m.contains("did you mean `price`?"), "{m}");
    let (l, c, m) = fails(
        "sections:\n  - title: Bakery\n    items:\n      - name: Bun\n        dietary: [vegan, glutenfree]\n",
    );
    assert_eq!(l, 5, "{m}");
    assert!(c >= 18, "{m}");
    assert!(m.contains("did you mean `gluten-free`?"), "{m}");
    let (l, c, m) =
        fails("sections:\n  - title: Bakery\n    items:\n      - name: Bun\n        price: 2\n");
    assert_eq!((l, c), (5, 16), "{m}");
    assert!(m.contains("add `currency:` at the top of menu.yaml"), "{m}");
    let (l, c, m) = fails(
        "currency: EUR\nsections:\n  - title: Bakery\n    items:\n      - name: Bun\n        price: 2\n        sizes:\n          - {name: Big, price: 3}\n",
    );
    assert_eq!((l, c), (6, 16), "{m}");
    assert!(m.contains("both `price` and `sizes`"), "{m}");
    let (l, c, m) = fails(
        "sections:\n  - title: Bakery\n    items:\n      - name: Bun\n        available: {from: 1 March}\n",
    );
    assert_eq!(l, 5, "{m}");
    assert!(c > 20, "{m}");
    assert!(m.contains("2026-03-01"), "{m}");
    let (l, c, m) =
        fails("sections:\n  - title: Bakery\n    items:\n      - name: Bun\n      - name: bun\n");
    assert_eq!((l, c), (5, 15), "{m}");
    assert!(m.contains("#bun") && m.contains("`id:`"), "{m}");
}

#[test]
fn posts_and_pages_show_a_menu_item_s_current_price_and_an_unknown_key_is_an_error_at_it() {
    let site = Site::basic();
    site.write("menu.yaml", menu_yaml());
    let post = "---\ntitle: Our croissant\ndate: 2024-03-05\n---\n\nTry the [menu:croissant] today, or a [menu:flat-white].\n";
    site.write("posts/croissant.md", post);
    site.write(
        "pages/prices.md",
        "---\ntitle: Prices\n---\n\nThe baguette: [menu:baguette].\n\n`[menu:not-a-key]` in code stays code.\n",
    );
    let out = site.build_ok(&[]);
    let doc = out.html("blog/croissant/index.html");
    let refs = select(&doc, ".menu-ref");
    assert_eq!(refs.len(), 2);
    let link = select(&doc, ".menu-ref a")[0];
    assert_eq!(link.value().attr("href"), Some("/menu/#croissant"));
    assert_eq!(text(link), "Croissant <au beurre>");
    let price = select(&doc, ".menu-ref-price")[0]
        .text()
        .collect::<String>();
    assert_eq!(price, format!("€{}", icu_number("en-GB", "1234.50")));
    // Sizes: the least and the greatest price.
    let range = select(&doc, ".menu-ref-price")[1]
        .text()
        .collect::<String>();
    assert_eq!(
        range,
        format!(
            "€{}–€{}",
            icu_number("en-GB", "3.00"),
            icu_number("en-GB", "3.80")
        )
    );
    let page = out.html("prices/index.html");
    assert_eq!(text(one(&page, ".menu-ref-note")), "(Sold out)");
    assert!(text(one(&page, "code")).contains("[menu:not-a-key]"));
    // One price in one place: the menu's new price is the post's.
    site.write(
        "menu.yaml",
        menu_yaml().replace("price: 1234.5", "price: 2.1"),
    );
    let out = site.build_ok(&[]);
    let doc = out.html("blog/croissant/index.html");
    let price = select(&doc, ".menu-ref-price")[0]
        .text()
        .collect::<String>();
    assert_eq!(price, format!("€{}", icu_number("en-GB", "2.10")));
    // A key the menu does not have: an error at the reference, with the key meant.
    site.write(
        "posts/croissant.md",
        post.replace("[menu:croissant]", "[menu:croisant]"),
    );
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("posts/croissant.md");
    assert_eq!((line, col), (6, 9), "{msg}");
    assert!(msg.contains("did you mean `[menu:croissant]`?"), "{msg}");
}

#[test]
fn a_bilingual_site_has_a_menu_in_each_language_and_references_in_their_language() {
    let site = Site::basic();
    let yaml = site
        .read("site.yaml")
        .replace("language: en-GB\n", "languages: [en, fr]\n");
    site.write("site.yaml", yaml);
    site.write(
        "menu.yaml",
        "currency: EUR\nsections:\n  - title: {en: Bakery, fr: Boulangerie}\n    id: bakery\n    items:\n      - name: {en: Almond croissant, fr: Croissant aux amandes}\n        key: almond\n        price: 2.5\n",
    );
    site.write(
        "fr/posts/amandes.md",
        "---\ntitle: Amandes\ndate: 2024-03-05\n---\n\nGoûtez le [menu:almond].\n",
    );
    let out = site.build_ok(&[]);
    let en = out.html("menu/index.html");
    let fr = out.html("fr/menu/index.html");
    assert_eq!(text(one(&en, "#almond h3")), "Almond croissant");
    assert_eq!(text(one(&fr, "#almond h3")), "Croissant aux amandes");
    assert_eq!(text(one(&fr, ".menu-section > h2")), "Boulangerie");
    assert_eq!(
        one(&fr, ".menu-price").text().collect::<String>(),
        format!("{}\u{a0}€", icu_number("fr", "2.50"))
    );
    let post = out.html("fr/blog/amandes/index.html");
    assert_eq!(attr_of(&post, ".menu-ref a", "href"), "/fr/menu/#almond");
    assert_eq!(text(one(&post, ".menu-ref a")), "Croissant aux amandes");
}

// ---------------------------------------------------------------- team

const ANN: &str = "name: Ann <Baker>\nrole: Head baker\nphoto: ann.svg\nask_me_about: [sourdough, wedding cakes]\nemail: ann@basic.example\norder: 2\n";
const BOB: &str = "name: Bob Miller\nrole: {en: Deliveries}\nask_me_about: Where your order is.\nphone: \"+44 20 7946 0000\"\norder: 1\n";

fn with_team(site: &Site) {
    site.write(
        "static/ann.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
    );
    site.write("team/ann.yaml", ANN);
    site.write(
        "team/bob.yaml",
        BOB.replace("{en: Deliveries}", "Deliveries"),
    );
}

#[test]
fn team_page_shows_each_person_in_order_with_role_photo_and_what_to_ask() {
    let site = Site::basic();
    with_team(&site);
    let out = site.build_ok(&[]);
    let doc = out.html("team/index.html");
    let names: Vec<String> = select(&doc, ".team-member h2")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(names, ["Bob Miller", "Ann <Baker>"]);
    let ids: Vec<&str> = select(&doc, "li.team-member")
        .into_iter()
        .map(|e| e.value().attr("id").unwrap())
        .collect();
    assert_eq!(ids, ["bob", "ann"]);
    assert_eq!(text(one(&doc, "#ann .team-role")), "Head baker");
    assert!(text(one(&doc, "#ann .team-ask")).ends_with("sourdough, wedding cakes"));
    assert!(text(one(&doc, "#bob .team-ask")).ends_with("Where your order is."));
    assert_eq!(attr_of(&doc, "#ann .team-photo", "src"), "/ann.svg");
    assert_eq!(
        attr_of(&doc, "#ann .team-reach a", "href"),
        "mailto:ann@basic.example"
    );
    assert_eq!(
        attr_of(&doc, "#bob .team-reach a", "href"),
        "tel:+442079460000"
    );
    assert!(select(&doc, "#bob .team-photo").is_empty());
    assert!(
        out.read("sitemap.xml")
            .contains("<loc>https://basic.example/team/</loc>")
    );
    let nav: Vec<String> = select(&out.html("index.html"), "nav a")
        .into_iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert!(nav.iter().any(|h| h == "/team/"), "{nav:?}");
    // Person JSON-LD, each working for the business of contact.yaml.
    let v: serde_json::Value =
        serde_json::from_str(&text(one(&doc, "script[type=\"application/ld+json\"]"))).unwrap();
    let graph = v["@graph"].as_array().unwrap();
    assert_eq!(graph.len(), 2);
    let ann = &graph[1];
    assert_eq!(ann["@type"], "Person");
    assert_eq!(ann["name"], "Ann <Baker>");
    assert_eq!(ann["jobTitle"], "Head baker");
    assert_eq!(
        ann["knowsAbout"],
        serde_json::json!(["sourdough", "wedding cakes"])
    );
    assert_eq!(ann["image"], "https://basic.example/ann.svg");
    assert_eq!(ann["worksFor"]["@type"], "LocalBusiness");
    assert_eq!(ann["worksFor"]["name"], "Basic Bakery");
    assert_eq!(graph[0]["telephone"], "+44 20 7946 0000");
}

#[test]
fn the_contact_person_may_be_a_team_member_and_an_unknown_one_is_an_error_at_it() {
    let site = Site::basic();
    with_team(&site);
    let contact = site.read("contact.yaml");
    let inline = "person:\n  name: Rosa Baker\n  role: Customer care\n";
    assert!(contact.contains(inline));
    site.write("contact.yaml", contact.replace(inline, "person: ann\n"));
    let out = site.build_ok(&[]);
    let doc = out.html("contact/index.html");
    assert_eq!(text(one(&doc, ".person-name-lg")), "Ann <Baker>");
    assert!(doc.html().contains("Head baker"));
    site.write("contact.yaml", contact.replace(inline, "person: an\n"));
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("contact.yaml");
    assert_eq!((line, col), (2, 9), "{msg}");
    assert!(msg.contains("did you mean `ann`?"), "{msg}");
    // Today's form still works.
    site.write("contact.yaml", &contact);
    let out = site.build_ok(&[]);
    assert_eq!(
        text(one(&out.html("contact/index.html"), ".person-name-lg")),
        "Rosa Baker"
    );
}

#[test]
fn team_errors_name_the_line_and_column_with_the_fix() {
    let site = Site::basic();
    let fails = |yaml: &str| -> (u32, u32, String) {
        site.write("team/ann.yaml", yaml);
        let run = site.build(&[]);
        run.assert_failure();
        run.located_error("team/ann.yaml")
    };
    let (l, c, m) = fails("name: Ann\nrol: Baker\n");
    assert_eq!((l, c), (2, 1), "{m}");
    assert!(m.contains("did you mean `role`?"), "{m}");
    let (l, c, m) = fails("name: Ann\nphoto: nobody.jpg\n");
    assert_eq!((l, c), (2, 8), "{m}");
    assert!(m.contains("static/nobody.jpg"), "{m}");
    let (l, c, m) = fails("name: Ann\nemail: ann-at-bakery\n");
    assert_eq!((l, c), (2, 8), "{m}");
    assert!(m.contains("not an email address"), "{m}");
}

#[test]
fn a_bilingual_site_has_a_team_page_in_each_language() {
    let site = Site::basic();
    let yaml = site
        .read("site.yaml")
        .replace("language: en-GB\n", "languages: [en, fr]\n");
    site.write("site.yaml", yaml);
    site.write(
        "team/bob.yaml",
        BOB.replace("{en: Deliveries}", "{en: Deliveries, fr: Livraisons}"),
    );
    let out = site.build_ok(&[]);
    assert_eq!(
        text(one(&out.html("team/index.html"), ".team-role")),
        "Deliveries"
    );
    assert_eq!(
        text(one(&out.html("fr/team/index.html"), ".team-role")),
        "Livraisons"
    );
    // Many members are read on several threads: each still reads the language being read.
    for i in 0..12 {
        site.write(
            &format!("team/m{i:02}.yaml"),
            format!(
                "name: Member {i}\nrole: {{en: Baker {i}, fr: Boulanger {i}}}\norder: {}\n",
                i + 2
            ),
        );
    }
    let out = site.build_ok(&[]);
    let roles = |page: &str| -> Vec<String> {
        let doc = out.html(page);
        select(&doc, ".team-role").into_iter().map(text).collect()
    };
    let fr = roles("fr/team/index.html");
    assert_eq!(fr.len(), 13, "{fr:?}");
    assert!(fr[1..].iter().all(|r| r.starts_with("Boulanger")), "{fr:?}");
    let en = roles("team/index.html");
    assert!(en[1..].iter().all(|r| r.starts_with("Baker")), "{en:?}");
}

/// Reads a vCard with Python's vobject (Debian's python3-vobject) and prints what a
/// contacts app would show.
const READ_VCARD: &str = r#"
import json, sys, vobject
card = vobject.readOne(open(sys.argv[1], encoding="utf-8").read())
def values(name):
    return [c.value for c in card.contents.get(name, [])]
print(json.dumps({
    "version": values("version"),
    "fn": values("fn"),
    "given": [n.given for n in values("n")],
    "org": values("org"),
    "title": values("title"),
    "tel": values("tel"),
    "email": values("email"),
    "photo": values("photo"),
    "url": values("url"),
}))
"#;

fn read_vcard(path: &std::path::Path) -> serde_json::Value {
    let run = std::process::Command::new(python())
        .args(["-c", READ_VCARD])
        .arg(path)
        .output()
        .expect("run python3");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_slice(&run.stdout).unwrap()
}

#[test]
fn each_member_with_a_phone_or_email_has_a_vcard_the_team_page_links() {
    let site = Site::basic();
    with_team(&site);
    site.write("team/cid.yaml", "name: Cid Quiet\nrole: Night baker\n");
    let out = site.build_ok(&[]);
    let doc = out.html("team/index.html");
    assert_eq!(attr_of(&doc, "#ann .team-card a", "href"), "/team/ann.vcf");
    assert_eq!(
        text(one(&doc, "#ann .team-card a")),
        "Save Ann <Baker> to your contacts"
    );
    assert_eq!(attr_of(&doc, "#bob .team-card a", "href"), "/team/bob.vcf");
    // No way to reach Cid: no card, and no link to one.
    assert!(select(&doc, "#cid .team-card").is_empty());
    assert!(!out.has("team/cid.vcf"));

    let ann = read_vcard(&out.path("team/ann.vcf"));
    assert_eq!(ann["version"], serde_json::json!(["3.0"]));
    assert_eq!(ann["fn"], serde_json::json!(["Ann <Baker>"]));
    assert_eq!(ann["given"], serde_json::json!(["Ann <Baker>"]));
    assert_eq!(ann["org"], serde_json::json!([["Basic Bakery"]]));
    assert_eq!(ann["title"], serde_json::json!(["Head baker"]));
    assert_eq!(ann["email"], serde_json::json!(["ann@basic.example"]));
    assert_eq!(ann["tel"], serde_json::json!([]));
    assert_eq!(
        ann["photo"],
        serde_json::json!(["https://basic.example/ann.svg"])
    );
    assert_eq!(
        ann["url"],
        serde_json::json!(["https://basic.example/team/#ann"])
    );
    let bob = read_vcard(&out.path("team/bob.vcf"));
    assert_eq!(bob["tel"], serde_json::json!(["+44 20 7946 0000"]));
    assert_eq!(bob["title"], serde_json::json!(["Deliveries"]));
    assert_eq!(bob["photo"], serde_json::json!([]));
    let raw = out.read("team/bob.vcf");
    assert!(raw.ends_with("END:VCARD\r\n") && !raw.replace("\r\n", "").contains('\n'));
}

#[test]
fn a_bilingual_team_member_card_has_the_role_of_its_language() {
    let site = Site::basic();
    let yaml = site
        .read("site.yaml")
        .replace("language: en-GB\n", "languages: [en, fr]\n");
    site.write("site.yaml", yaml);
    site.write(
        "team/bob.yaml",
        BOB.replace("{en: Deliveries}", "{en: Deliveries, fr: Livraisons}"),
    );
    let out = site.build_ok(&[]);
    let fr = out.html("fr/team/index.html");
    assert_eq!(
        attr_of(&fr, "#bob .team-card a", "href"),
        "/fr/team/bob.vcf"
    );
    assert_eq!(
        text(one(&fr, "#bob .team-card a")),
        "Enregistrer Bob Miller dans vos contacts"
    );
    assert_eq!(
        read_vcard(&out.path("fr/team/bob.vcf"))["title"],
        serde_json::json!(["Livraisons"])
    );
    assert_eq!(
        read_vcard(&out.path("team/bob.vcf"))["title"],
        serde_json::json!(["Deliveries"])
    );
}

// ---------------------------------------------------------------- price list

/// A bike shop's prices: work done (the default `service`) and parts sold (`product`).
const PRICE_LIST: &str = "\
kind: price-list
currency: EUR
sections:
  - title: Workshop
    items:
      - name: Tune-up
        description: Gears, brakes and a *wash*.
        price: 45
        options:
          - {name: New chain fitted, price: 12.5}
      - name: Wheel truing
        sizes:
          - {name: Front, price: 15}
          - {name: Rear, price: 18}
  - title: Parts
    items:
      - name: Inner tube
        price: 8
        offered: product
        sold_out: true
";

#[test]
fn a_price_list_is_a_prices_page_with_an_offer_catalog_and_no_dietary_labels() {
    let site = Site::basic();
    site.write("menu.yaml", PRICE_LIST);
    let out = site.build_ok(&[]);
    let doc = out.html("menu/index.html");
    assert_eq!(text(one(&doc, "h1")), "Prices");
    assert_eq!(text(one(&doc, "title")), "Prices · Basic Bakery");
    assert_eq!(
        attr_of(&doc, ".menu-toc", "aria-label"),
        "Price list sections"
    );
    let nav: Vec<String> = select(&out.html("index.html"), "nav a")
        .into_iter()
        .filter(|a| a.value().attr("href") == Some("/menu/"))
        .map(text)
        .collect();
    assert!(
        !nav.is_empty() && nav.iter().all(|t| t == "Prices"),
        "{nav:?}"
    );
    assert_eq!(text(one(&doc, "#tune-up .menu-price")), "€45.00");

    let v: serde_json::Value =
        serde_json::from_str(&text(one(&doc, "script[type=\"application/ld+json\"]"))).unwrap();
    assert_eq!(v["@type"], "OfferCatalog");
    assert_eq!(v["name"], "Prices");
    let sections = v["itemListElement"].as_array().unwrap();
    assert_eq!(sections.len(), 2);
    assert_eq!(sections[0]["@type"], "OfferCatalog");
    assert_eq!(sections[0]["name"], "Workshop");
    let offers = sections[0]["itemListElement"].as_array().unwrap();
    // One offer for the tune-up, one per size of the truing.
    assert_eq!(offers.len(), 3);
    let tune = &offers[0];
    assert_eq!(tune["@type"], "Offer");
    assert_eq!(tune["price"], "45.00");
    assert_eq!(tune["priceCurrency"], "EUR");
    assert_eq!(tune["itemOffered"]["@type"], "Service");
    assert_eq!(tune["itemOffered"]["name"], "Tune-up");
    assert_eq!(
        tune["itemOffered"]["description"],
        "Gears, brakes and a wash."
    );
    assert_eq!(
        tune["itemOffered"]["url"],
        "https://basic.example/menu/#tune-up"
    );
    assert_eq!(tune["addOn"][0]["price"], "12.50");
    assert_eq!(tune["addOn"][0]["itemOffered"]["name"], "New chain fitted");
    assert_eq!(offers[2]["name"], "Rear");
    assert_eq!(offers[2]["price"], "18.00");
    let tube = &sections[1]["itemListElement"][0];
    assert_eq!(tube["itemOffered"]["@type"], "Product");
    assert_eq!(tube["availability"], "https://schema.org/SoldOut");
    let all = doc.html();
    assert!(!all.contains("\"Menu\"") && !all.contains("MenuItem"));

    // A dietary label on a price list is an error at it.
    site.write(
        "menu.yaml",
        PRICE_LIST.replace("        offered: product\n", "        dietary: [vegan]\n"),
    );
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("menu.yaml");
    assert_eq!((line, col), (19, 18), "{msg}");
    assert!(msg.contains("remove `dietary`"), "{msg}");
    // A typo in the kind names the one meant.
    site.write("menu.yaml", PRICE_LIST.replace("price-list", "price-lsit"));
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("menu.yaml");
    assert_eq!((line, col), (1, 7), "{msg}");
    assert!(msg.contains("did you mean `price-list`?"), "{msg}");
}

#[test]
fn a_bilingual_price_list_has_its_words_in_each_language() {
    let site = Site::basic();
    let yaml = site
        .read("site.yaml")
        .replace("language: en-GB\n", "languages: [en, fr]\n");
    site.write("site.yaml", yaml);
    site.write(
        "menu.yaml",
        PRICE_LIST.replace("name: Tune-up", "name: {en: Tune-up, fr: Révision}"),
    );
    let out = site.build_ok(&[]);
    let fr = out.html("fr/menu/index.html");
    assert_eq!(text(one(&fr, "h1")), "Tarifs");
    let v: serde_json::Value =
        serde_json::from_str(&text(one(&fr, "script[type=\"application/ld+json\"]"))).unwrap();
    assert_eq!(v["@type"], "OfferCatalog");
    assert_eq!(v["name"], "Tarifs");
    assert_eq!(
        v["itemListElement"][0]["itemListElement"][0]["itemOffered"]["name"],
        "Révision"
    );
    assert_eq!(text(one(&out.html("menu/index.html"), "h1")), "Prices");
}
