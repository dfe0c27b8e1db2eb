//! `/menu/`: what a café or restaurant serves, in sections, each item with its anchor,
//! price (or prices by size), options, dietary labels, season and "sold out"; schema.org
//! `Menu` JSON-LD with `MenuSection`s and `MenuItem`s; for a price list (`kind:
//! price-list`), the page "Prices" and an `OfferCatalog` of `Offer`s.

use std::borrow::Cow;
use std::path::PathBuf;

use serde_json::{Value, json};

use super::{Job, Kind};
use crate::content::menu::{Choice, Item, MenuKind, MenuPage, Money};
use crate::error::Diagnostic;
use crate::i18n::Language;
use crate::output::Body;
use crate::render::Renderer;
use crate::render::site::Site;
use crate::routes;

/// `/menu/`, when the site has `menu.yaml`: its job holds the menu it shows and the day
/// its seasons are judged on.
#[derive(Debug, Hash)]
pub struct Menu<'r>(&'r MenuPage, chrono::NaiveDate);

impl<'r> Kind<'r> for Menu<'r> {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        let today = r.content.now.date_naive();
        r.content.menu.iter().map(|m| Menu(m, today)).collect()
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(routes::MENU)
    }

    fn source(&self, _: &Site) -> PathBuf {
        PathBuf::from(crate::layout::MENU_FILE)
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let (menu, today) = (self.0, self.1);
        site.page(routes::MENU, |cx| {
            let lang = site.lang();
            let (title, description) = match menu.kind {
                MenuKind::Menu => ("menu_title", "menu_description"),
                MenuKind::PriceList => ("prices_title", "prices_description"),
            };
            cx.titled(
                &lang.t(title, &[]),
                Some(&lang.t(description, &[("site", site.name())])),
            );
            cx.meta.jsonld = Some(match menu.kind {
                MenuKind::Menu => jsonld(menu, site, &cx.meta.canonical, today),
                MenuKind::PriceList => catalog(menu, site, &cx.meta.canonical, today),
            });
            cx.insert("price_list", &(menu.kind == MenuKind::PriceList));
            cx.insert("intro_html", &menu.intro);
            cx.insert("sections", &view(menu, lang, today));
            "menu.html"
        })
    }

    fn listed(&self) -> Option<Option<crate::content::date::Date>> {
        Some(None)
    }
}

/// The sections as the template shows them.
fn view(menu: &MenuPage, lang: &Language, today: chrono::NaiveDate) -> Value {
    let money = |m: &Money| lang.money(m.amount, m.currency);
    let choices = |list: &[Choice], add: bool| -> Vec<Value> {
        (list.iter())
            .map(|c| {
                let price = if add {
                    lang.t("menu_option_price", &[("price", &money(&c.price))])
                } else {
                    money(&c.price)
                };
                json!({ "name": c.name, "price": price })
            })
            .collect()
    };
    let sections: Vec<Value> = (menu.sections.iter())
        .map(|s| {
            let items: Vec<Value> = (s.items.iter())
                .map(|i| {
                    let dietary: Vec<Value> = (i.dietary.iter())
                        .map(|d| {
                            json!({
                                "icon": d.icon(),
                                "label": lang.t(&format!("menu_diet_{}", d.name().replace('-', "_")), &[]),
                            })
                        })
                        .collect();
                    json!({
                        "name": i.name,
                        "id": i.id,
                        "description_html": i.description,
                        "price": i.price.as_ref().map(money),
                        "sizes": choices(&i.sizes, false),
                        "options": choices(&i.options, true),
                        "dietary": dietary,
                        "season": crate::render::when::season(i, lang),
                        "out_of_season": !i.in_season(today),
                        "sold_out": i.sold_out,
                    })
                })
                .collect();
            json!({
                "title": s.title,
                "id": s.id,
                "description_html": s.description,
                "items": items,
            })
        })
        .collect();
    Value::Array(sections)
}

/// An `Offer` at `m`: `SoldOut`, `OutOfStock` out of season, else `InStock`; the season's
/// first and last day as `availabilityStarts`/`availabilityEnds`.
fn offer(m: &Money, name: Option<&str>, item: &Item<String>, today: chrono::NaiveDate) -> Value {
    let availability = if item.sold_out {
        "https://schema.org/SoldOut"
    } else if !item.in_season(today) {
        "https://schema.org/OutOfStock"
    } else {
        "https://schema.org/InStock"
    };
    let mut o = json!({
        "@type": "Offer",
        "price": m.amount.decimal(m.currency),
        "priceCurrency": m.currency.code(),
        "availability": availability,
    });
    if let Some(n) = name {
        o["name"] = json!(n);
    }
    if let Some((from, until)) = item.available {
        if let Some(f) = from {
            o["availabilityStarts"] = json!(f.to_string());
        }
        if let Some(u) = until {
            o["availabilityEnds"] = json!(u.to_string());
        }
    }
    o
}

/// `Menu` with a `MenuSection` a section and a `MenuItem` an item: its `offers` (one per
/// size), its add-ons as `menuAddOn`, its labels as `suitableForDiet` where schema.org has
/// a `RestrictedDiet` for them.
fn jsonld(menu: &MenuPage, site: &Site, canonical: &str, today: chrono::NaiveDate) -> String {
    let sections: Vec<Value> = (menu.sections.iter())
        .map(|s| {
            let items: Vec<Value> = (s.items.iter())
                .map(|i| {
                    let mut v = json!({
                        "@type": "MenuItem",
                        "name": i.name,
                        "url": format!("{canonical}#{}", i.id),
                    });
                    if let Some(d) = &i.description {
                        v["description"] = json!(crate::text::plain_text(d));
                    }
                    let offers: Vec<Value> = match &i.price {
                        Some(p) => vec![offer(p, None, i, today)],
                        None => (i.sizes.iter())
                            .map(|c| offer(&c.price, Some(&c.name), i, today))
                            .collect(),
                    };
                    if !offers.is_empty() {
                        v["offers"] = json!(offers);
                    }
                    let diets: Vec<&str> =
                        i.dietary.iter().filter_map(|d| d.schema_org()).collect();
                    if !diets.is_empty() {
                        v["suitableForDiet"] = json!(diets);
                    }
                    if !i.options.is_empty() {
                        let addons: Vec<Value> = (i.options.iter())
                            .map(|c| {
                                json!({
                                    "@type": "MenuItem",
                                    "name": c.name,
                                    "offers": offer(&c.price, None, i, today),
                                })
                            })
                            .collect();
                        v["menuAddOn"] = json!(addons);
                    }
                    v
                })
                .collect();
            json!({
                "@type": "MenuSection",
                "name": s.title,
                "url": format!("{canonical}#{}", s.id),
                "hasMenuItem": items,
            })
        })
        .collect();
    let v = json!({
        "@context": "https://schema.org",
        "@type": "Menu",
        "name": site.lang().t(menu.kind.title_key(), &[]),
        "url": canonical,
        "inLanguage": site.config.language,
        "hasMenuSection": sections,
    });
    super::jsonld_text(&v)
}

/// A price list as an `OfferCatalog`: one `OfferCatalog` a section, whose
/// `itemListElement`s are `Offer`s (one per price, named by its size) of a `Product` or a
/// `Service` (`offered:`), with their extras as `addOn` offers.
fn catalog(menu: &MenuPage, site: &Site, canonical: &str, today: chrono::NaiveDate) -> String {
    let sections: Vec<Value> = (menu.sections.iter())
        .map(|s| {
            let offers: Vec<Value> = (s.items.iter())
                .flat_map(|i| {
                    let mut offered = json!({
                        "@type": i.offered.schema_org(),
                        "name": i.name,
                        "url": format!("{canonical}#{}", i.id),
                    });
                    if let Some(d) = &i.description {
                        offered["description"] = json!(crate::text::plain_text(d));
                    }
                    let prices: Vec<(&Money, Option<&str>)> = match &i.price {
                        Some(p) => vec![(p, None)],
                        None => (i.sizes.iter())
                            .map(|c| (&c.price, Some(c.name.as_str())))
                            .collect(),
                    };
                    let add_ons: Vec<Value> = (i.options.iter())
                        .map(|c| {
                            let mut o = offer(&c.price, Some(&c.name), i, today);
                            o["itemOffered"] =
                                json!({ "@type": i.offered.schema_org(), "name": c.name });
                            o
                        })
                        .collect();
                    (prices.into_iter())
                        .map(|(p, size)| {
                            let mut o = offer(p, size, i, today);
                            o["itemOffered"] = offered.clone();
                            if !add_ons.is_empty() {
                                o["addOn"] = json!(add_ons);
                            }
                            o
                        })
                        .collect::<Vec<_>>()
                })
                .collect();
            json!({
                "@type": "OfferCatalog",
                "name": s.title,
                "url": format!("{canonical}#{}", s.id),
                "itemListElement": offers,
            })
        })
        .collect();
    let v = json!({
        "@context": "https://schema.org",
        "@type": "OfferCatalog",
        "name": site.lang().t(menu.kind.title_key(), &[]),
        "url": canonical,
        "itemListElement": sections,
    });
    super::jsonld_text(&v)
}
