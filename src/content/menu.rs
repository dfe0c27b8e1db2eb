//! `menu.yaml`: what a café, bakery or restaurant serves, in sections, each item with its
//! price (or a price per size), add-on options, dietary labels, the season it is served
//! in and whether it is sold out. Posts and pages name an item by its key
//! (`[menu:croissant]`) and show its name and current price: one price in one place.

use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::listfile::{Checker, with_markdown};
use super::money::{Amount, Currency};
use super::services::priced;
use crate::error::Diagnostics;
use crate::i18n::localized::Text;
use crate::layout::MENU_FILE;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    kind: MenuKind,
    intro: Option<Text>,
    currency: Option<Spanned<Currency>>,
    sections: Spanned<Vec<RawSection>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    title: Spanned<Text>,
    description: Option<Text>,
    id: Option<Spanned<String>>,
    items: Spanned<Vec<RawItem>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    name: Spanned<Text>,
    description: Option<Text>,
    price: Option<Spanned<Amount>>,
    sizes: Option<Spanned<Vec<RawChoice>>>,
    #[serde(default)]
    options: Vec<RawChoice>,
    dietary: Option<Spanned<Vec<Diet>>>,
    offered: Option<Spanned<Offered>>,
    available: Option<Spanned<RawAvailable>>,
    #[serde(default)]
    sold_out: bool,
    key: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChoice {
    name: Spanned<Text>,
    price: Spanned<Amount>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAvailable {
    from: Option<Day>,
    until: Option<Day>,
}

/// A day written `2026-03-01`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Day(pub NaiveDate);

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map(Day)
            .map_err(|_| {
                serde::de::Error::custom(format!(
                    "a day is written year-month-day, e.g. 2026-03-01, not {s:?}"
                ))
            })
    }
}

/// What `menu.yaml` lists: what a café or restaurant serves (`kind: menu`, the default),
/// or the prices of what a shop sells and does, a bike shop's or a hairdresser's
/// (`kind: price-list`): a page called "Prices", no dietary labels, schema.org
/// `OfferCatalog` rather than `Menu`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MenuKind {
    /// Food and drink.
    #[default]
    Menu,
    /// Goods and services with their prices.
    PriceList,
}

impl MenuKind {
    /// Every kind, as written in `menu.yaml`.
    pub const ALL: [(&'static str, MenuKind); 2] = [
        ("menu", MenuKind::Menu),
        ("price-list", MenuKind::PriceList),
    ];

    /// The theme's word for the page in the navigation.
    pub fn nav_word(self) -> &'static str {
        match self {
            MenuKind::Menu => "nav_food_menu",
            MenuKind::PriceList => "nav_prices",
        }
    }

    /// The theme's key for the page's title (and the JSON-LD's name).
    pub fn title_key(self) -> &'static str {
        match self {
            MenuKind::Menu => "menu_title",
            MenuKind::PriceList => "prices_title",
        }
    }
}

/// What an item of a price list is: a thing sold (`offered: product`) or work done
/// (`offered: service`, the default); schema.org's `Product` or `Service`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Offered {
    /// Work done: a tune-up, a haircut.
    #[default]
    Service,
    /// A thing sold: an inner tube, a shampoo.
    Product,
}

impl Offered {
    /// Every value, as written in `menu.yaml`.
    pub const ALL: [(&'static str, Offered); 2] =
        [("service", Offered::Service), ("product", Offered::Product)];

    /// Its schema.org type.
    pub fn schema_org(self) -> &'static str {
        match self {
            Offered::Service => "Service",
            Offered::Product => "Product",
        }
    }
}

/// One of a fixed list of names, read with the closest name as the fix for a typo.
fn one_of<'de, D: serde::Deserializer<'de>, T: Copy>(
    d: D,
    what: &str,
    all: &[(&'static str, T)],
) -> Result<T, D::Error> {
    let s = String::deserialize(d)?;
    let name = s.trim().to_ascii_lowercase().replace([' ', '_'], "-");
    if let Some((_, v)) = all.iter().find(|(n, _)| *n == name) {
        return Ok(*v);
    }
    let names = all.iter().map(|(n, _)| *n);
    let hint = match crate::text::closest(&name, names.clone()) {
        Some(n) => format!("did you mean `{n}`? "),
        None => String::new(),
    };
    Err(serde::de::Error::custom(format!(
        "`{s}` is not {what}: {hint}write one of {}",
        names.collect::<Vec<_>>().join(", ")
    )))
}

impl<'de> Deserialize<'de> for MenuKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        one_of(d, "a kind of menu", &MenuKind::ALL)
    }
}

impl<'de> Deserialize<'de> for Offered {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        one_of(d, "what a price list offers", &Offered::ALL)
    }
}

/// A dietary label, from a fixed list: each has its icon, its words in every language and,
/// where schema.org has one, its `RestrictedDiet`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Diet {
    /// No animal products.
    Vegan,
    /// No meat or fish.
    Vegetarian,
    /// Without gluten.
    GlutenFree,
    /// Without milk.
    DairyFree,
    /// Contains nuts (an allergen warning).
    ContainsNuts,
    /// Hot.
    Spicy,
    /// Halal.
    Halal,
    /// Kosher.
    Kosher,
}

impl Diet {
    /// Every label, as written in `menu.yaml`.
    pub const ALL: [(&'static str, Diet); 8] = [
        ("vegan", Diet::Vegan),
        ("vegetarian", Diet::Vegetarian),
        ("gluten-free", Diet::GlutenFree),
        ("dairy-free", Diet::DairyFree),
        ("contains-nuts", Diet::ContainsNuts),
        ("spicy", Diet::Spicy),
        ("halal", Diet::Halal),
        ("kosher", Diet::Kosher),
    ];

    /// The label as written (`gluten-free`).
    pub fn name(self) -> &'static str {
        Diet::ALL
            .iter()
            .find(|(_, d)| *d == self)
            .map(|(n, _)| *n)
            .expect("every label is listed")
    }

    /// schema.org's `RestrictedDiet`, where it has one.
    pub fn schema_org(self) -> Option<&'static str> {
        match self {
            Diet::Vegan => Some("https://schema.org/VeganDiet"),
            Diet::Vegetarian => Some("https://schema.org/VegetarianDiet"),
            Diet::GlutenFree => Some("https://schema.org/GlutenFreeDiet"),
            Diet::DairyFree => Some("https://schema.org/LowLactoseDiet"),
            Diet::Halal => Some("https://schema.org/HalalDiet"),
            Diet::Kosher => Some("https://schema.org/KosherDiet"),
            Diet::ContainsNuts | Diet::Spicy => None,
        }
    }

    /// The label's icon: the outline of a 24-unit square SVG (`<path d>`), drawn in the
    /// text's colour and hidden from screen readers, which read the label's words.
    pub fn icon(self) -> &'static str {
        match self {
            // A leaf.
            Diet::Vegan => "M4 20C4 10 10 4 20 4c0 10-6 16-16 16zM4 20 14 10",
            // A sprout.
            Diet::Vegetarian => {
                "M12 21v-9M12 12C12 7 8 4 3 4c0 5 4 8 9 8zM12 10c0-4 3-6 8-6 0 4-3 6-8 6z"
            }
            // An ear of wheat, struck through.
            Diet::GlutenFree => {
                "M12 21V8M12 8C10 7 9 5 9 3c2 1 3 3 3 5zM12 8c2-1 3-3 3-5-2 1-3 3-3 5zM12 13c-2-1-4-2-4-5 2 1 4 2 4 5zM12 13c2-1 4-2 4-5-2 1-4 2-4 5zM3 3l18 18"
            }
            // A milk bottle, struck through.
            Diet::DairyFree => "M9 3h6v3l2 3v12H7V9l2-3zM3 3l18 18",
            // An acorn.
            Diet::ContainsNuts => "M6 10h12a6 6 0 0 1-12 0zM5 10c0-3 3-5 7-5s7 2 7 5M12 5V3",
            // A chili.
            Diet::Spicy => "M18 6c-1 8-7 14-15 14 5-3 8-8 9-13 1-2 4-3 6-1zM18 6c0-2 1-3 3-3",
            // A crescent.
            Diet::Halal => "M16 4a8 8 0 1 0 4 13A7 7 0 0 1 16 4z",
            // A six-pointed star.
            Diet::Kosher => "M12 3l8 14H4zM12 21 4 7h16z",
        }
    }
}

impl<'de> Deserialize<'de> for Diet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let label = s.trim().to_ascii_lowercase().replace([' ', '_'], "-");
        if let Some((_, diet)) = Diet::ALL.iter().find(|(n, _)| *n == label) {
            return Ok(*diet);
        }
        let names = Diet::ALL.iter().map(|(n, _)| *n);
        let hint = match crate::text::closest(&label, names.clone()) {
            Some(n) => format!("did you mean `{n}`? "),
            None => String::new(),
        };
        Err(serde::de::Error::custom(format!(
            "`{s}` is not a dietary label: {hint}the labels are {}",
            names.collect::<Vec<_>>().join(", ")
        )))
    }
}

/// An amount in the menu's currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    /// The amount.
    pub amount: Amount,
    /// `currency:` of `menu.yaml`.
    pub currency: Currency,
}

/// A size or an option, with its price.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Choice {
    /// `Small`, `Oat milk`.
    pub name: String,
    /// Its price (for an option, what it adds).
    pub price: Money,
}

/// The checked menu (descriptions Markdown in the source, HTML once rendered).
#[derive(Debug, Clone, Hash)]
pub struct Menu<D> {
    /// A food menu or a price list.
    pub kind: MenuKind,
    /// Shown above the sections.
    pub intro: Option<D>,
    /// The sections in order.
    pub sections: Vec<Section<D>>,
}

/// A section of the menu: `Breakfast`, `Drinks`.
#[derive(Debug, Clone, Hash)]
pub struct Section<D> {
    /// Its heading.
    pub title: String,
    /// Shown under the heading.
    pub description: Option<D>,
    /// Its anchor.
    pub id: String,
    /// Its items in order.
    pub items: Vec<Item<D>>,
}

/// One item of the menu.
#[derive(Debug, Clone, Hash)]
pub struct Item<D> {
    /// What it is called.
    pub name: String,
    /// What it is.
    pub description: Option<D>,
    /// One price, or none when it has sizes (or no price at all).
    pub price: Option<Money>,
    /// Its sizes, each with its price.
    pub sizes: Vec<Choice>,
    /// What can be added, each with what it adds.
    pub options: Vec<Choice>,
    /// Its dietary labels (a food menu's only).
    pub dietary: Vec<Diet>,
    /// On a price list: a product or a service.
    pub offered: Offered,
    /// The first and the last day it is served (a season), when it has one.
    pub available: Option<(Option<NaiveDate>, Option<NaiveDate>)>,
    /// Sold out for now.
    pub sold_out: bool,
    /// Its anchor, and the key posts and pages name it by: `key:` as written, else the
    /// name made into a slug.
    pub id: String,
}

impl<D> Item<D> {
    /// Whether `today` is in its season (an item without one always is).
    pub fn in_season(&self, today: NaiveDate) -> bool {
        match self.available {
            Some((from, until)) => {
                from.is_none_or(|f| f <= today) && until.is_none_or(|u| today <= u)
            }
            None => true,
        }
    }

    /// Its least and greatest price (one price: the same twice).
    pub fn price_range(&self) -> Option<(Money, Money)> {
        if let Some(p) = self.price {
            return Some((p, p));
        }
        let value = |m: &Money| m.amount.units as i128 * 10i128.pow(6 - u32::from(m.amount.scale));
        let low = self.sizes.iter().map(|c| c.price).min_by_key(value)?;
        let high = self.sizes.iter().map(|c| c.price).max_by_key(value)?;
        Some((low, high))
    }
}

/// `menu.yaml` as read, its texts Markdown.
pub type MenuSource = Menu<String>;

fn text(s: Spanned<Text>) -> Spanned<String> {
    Spanned::new(s.value.0, s.referenced, s.defined)
}

/// Parses and checks `menu.yaml`.
pub fn parse(text_: &str) -> Result<MenuSource, Diagnostics> {
    let raw: Raw = crate::yaml::parse(text_, Path::new(MENU_FILE), 0)?;
    let mut c = Checker::new(MENU_FILE);
    let currency = raw.currency.as_ref();
    if raw.sections.value.is_empty() {
        c.at(
            &raw.sections.referenced,
            "`sections` is empty: list the menu's sections, each a `title:` and its `items:`",
        );
    }
    let mut sections = Vec::new();
    for s in raw.sections.value {
        let title_at = text(s.title);
        let title = c.written(
            &title_at,
            "the section's `title` is empty: name it, e.g. `title: Breakfast`",
        );
        let id = c.anchor(s.id.as_ref(), &title_at, "section");
        if s.items.value.is_empty() {
            c.at(
                &s.items.referenced,
                format!("the section {title:?} has no items: add some, or remove the section"),
            );
        }
        let mut items = Vec::new();
        for i in s.items.value {
            items.push(item(&mut c, raw.kind, currency, i, &id));
        }
        sections.push(Section {
            title,
            description: s.description.map(String::from),
            id,
            items,
        });
    }
    c.finish(Menu {
        kind: raw.kind,
        intro: raw.intro.map(String::from),
        sections,
    })
}

/// One item, checked.
fn item(
    c: &mut Checker,
    kind: MenuKind,
    currency: Option<&Spanned<Currency>>,
    i: RawItem,
    section: &str,
) -> Item<String> {
    let name_at = text(i.name);
    let name = c.written(
        &name_at,
        "`name` is empty: name the item as it is written on the board",
    );
    let money = |c: &mut Checker, p: &Spanned<Amount>| {
        priced(c, currency, p, MENU_FILE).map(|(amount, currency)| Money { amount, currency })
    };
    let price = i.price.as_ref().and_then(|p| money(c, p));
    let choices = |c: &mut Checker, list: Vec<RawChoice>| -> Vec<Choice> {
        (list.into_iter())
            .filter_map(|ch| {
                let at = text(ch.name);
                let name = c.written(
                    &at,
                    "the `name` of a size or option is empty: write it, e.g. `name: Large`",
                );
                money(c, &ch.price).map(|price| Choice { name, price })
            })
            .collect()
    };
    let sizes = match i.sizes {
        Some(sizes) => {
            if let Some(p) = &i.price {
                c.at(
                    &p.referenced,
                    format!("{name:?} has both `price` and `sizes`: keep `price` for one price, or give each size its own"),
                );
            }
            if sizes.value.is_empty() {
                c.at(&sizes.referenced, "`sizes` is empty: list each size with its `name:` and `price:`, or write one `price:`");
            }
            choices(c, sizes.value)
        }
        None => Vec::new(),
    };
    let options = choices(c, i.options);
    let available = i.available.map(|a| {
        let (from, until) = (a.value.from.map(|d| d.0), a.value.until.map(|d| d.0));
        match (from, until) {
            (None, None) => c.at(
                &a.referenced,
                "`available` names no days: write `from:` and/or `until:` (e.g. `{from: 2026-03-01, until: 2026-05-31}`)",
            ),
            (Some(f), Some(u)) if u < f => c.at(
                &a.referenced,
                format!("`until` ({u}) is before `from` ({f}): swap them"),
            ),
            _ => {}
        }
        (from, until)
    });
    let id = c.anchor_in(i.key.as_ref(), &name_at, "item", section);
    let mut dietary = match i.dietary {
        Some(labels) if kind == MenuKind::PriceList && !labels.value.is_empty() => {
            c.at(
                &labels.referenced,
                format!("{name:?} has dietary labels, and a price list (`kind: price-list`) has none: remove `dietary`, or write `kind: menu` for food and drink"),
            );
            Vec::new()
        }
        Some(labels) => labels.value,
        None => Vec::new(),
    };
    dietary.dedup();
    let offered = match i.offered {
        Some(o) if kind == MenuKind::Menu => {
            c.at(
                &o.referenced,
                format!("{name:?} says what it offers, which only a price list's items do: remove `offered`, or write `kind: price-list` at the top of menu.yaml"),
            );
            Offered::default()
        }
        Some(o) => o.value,
        None => Offered::default(),
    };
    Item {
        name,
        description: i.description.map(String::from),
        price,
        sizes,
        options,
        dietary,
        offered,
        available,
        sold_out: i.sold_out,
        id,
    }
}

/// The menu with its texts rendered to HTML: what the page and its JSON-LD show.
pub type MenuPage = Menu<String>;

/// Renders the intro and the descriptions; their links resolve as from the menu page.
pub fn render(src: &MenuSource, links: &super::links::SiteLinks) -> MenuPage {
    with_markdown(links, MENU_FILE, crate::routes::MENU, |md| Menu {
        kind: src.kind,
        intro: src.intro.as_deref().map(md),
        sections: (src.sections.iter())
            .map(|s| Section {
                title: s.title.clone(),
                description: s.description.as_deref().map(md),
                id: s.id.clone(),
                items: (s.items.iter())
                    .map(|i| Item {
                        description: i.description.as_deref().map(md),
                        ..i.clone()
                    })
                    .collect(),
            })
            .collect(),
    })
}

/// What `[menu:KEY]` shows in a post or page of one language: its HTML, by key (the
/// links' own type, which every document's links read).
pub use super::links::MenuReferences as References;

/// The references of one language's menu: the item's name linked to its place on the menu
/// page (`url`), its price (or its least and greatest price) as `lang` writes it, and
/// "sold out" or "not in season" when it is (on `today`).
pub fn references(
    menu: &MenuSource,
    lang: &crate::i18n::Language,
    url: &str,
    today: NaiveDate,
) -> References {
    let esc = |s: &str| {
        let mut out = String::with_capacity(s.len());
        pulldown_cmark_escape::escape_html(&mut out, s).ok();
        out
    };
    (menu.sections.iter())
        .flat_map(|s| &s.items)
        .map(|i| {
            let mut html = format!(
                "<span class=\"menu-ref\"><a href=\"{}#{}\">{}</a>",
                esc(url),
                esc(&i.id),
                esc(&i.name)
            );
            if let Some(price) = price_text(i, lang) {
                html.push_str(&format!(
                    " <span class=\"menu-ref-price\">{}</span>",
                    esc(&price)
                ));
            }
            let note = if i.sold_out {
                Some(lang.t("menu_sold_out", &[]))
            } else if !i.in_season(today) {
                Some(lang.t("menu_out_of_season", &[]))
            } else {
                None
            };
            if let Some(note) = note {
                html.push_str(&format!(
                    " <span class=\"menu-ref-note\">({})</span>",
                    esc(&note)
                ));
            }
            html.push_str("</span>");
            (i.id.clone(), html)
        })
        .collect()
}

/// The item's price as `lang` writes it: `$3.50`, or `$3.00–$4.50` for its sizes.
pub fn price_text<D>(i: &Item<D>, lang: &crate::i18n::Language) -> Option<String> {
    let (low, high) = i.price_range()?;
    let one = |m: Money| lang.money(m.amount, m.currency);
    Some(if low == high {
        one(low)
    } else {
        format!("{}–{}", one(low), one(high))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MENU: &str = "currency: EUR\nsections:\n  - title: Bakery\n    items:\n      - name: Croissant\n        price: 1.5\n        dietary: [vegetarian]\n      - name: Flat white\n        sizes:\n          - {name: Small, price: 3}\n          - {name: Large, price: 3.8}\n        options:\n          - {name: Oat milk, price: 0.4}\n        available: {from: 2026-03-01, until: 2026-05-31}\n        key: flat-white\n";

    #[test]
    fn items_have_prices_sizes_labels_and_seasons() {
        let m = parse(MENU).unwrap();
        let items = &m.sections[0].items;
        assert_eq!(m.sections[0].id, "bakery");
        assert_eq!(items[0].id, "croissant");
        assert_eq!(items[0].dietary, [Diet::Vegetarian]);
        assert_eq!(items[1].sizes.len(), 2);
        let (low, high) = items[1].price_range().unwrap();
        assert_eq!((low.amount.units, high.amount.units), (3, 38));
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(!items[1].in_season(day("2026-02-28")));
        assert!(items[1].in_season(day("2026-03-01")));
        assert!(items[1].in_season(day("2026-05-31")));
        assert!(!items[1].in_season(day("2026-06-01")));
        assert!(items[0].in_season(day("2026-06-01")));
    }

    #[test]
    fn a_price_list_has_no_dietary_labels_and_its_kind_is_checked() {
        let list = "kind: price-list\ncurrency: EUR\nsections:\n  - title: Repairs\n    items:\n      - name: Tune-up\n        price: 45\n      - name: Inner tube\n        price: 8\n        offered: product\n";
        let m = parse(list).unwrap();
        assert_eq!(m.kind, MenuKind::PriceList);
        let offered: Vec<Offered> = m.sections[0].items.iter().map(|i| i.offered).collect();
        assert_eq!(offered, [Offered::Service, Offered::Product]);
        let e = parse(&list.replace("        offered: product\n", "        dietary: [vegan]\n"))
            .unwrap_err();
        let e = e.0[0].to_string();
        assert!(e.starts_with("menu.yaml:10:18:"), "{e}");
        assert!(e.contains("remove `dietary`"), "{e}");
        let e = parse(&list.replace("price-list", "pricelist")).unwrap_err();
        let e = e.0[0].to_string();
        assert!(e.starts_with("menu.yaml:1:7:"), "{e}");
        assert!(e.contains("did you mean `price-list`?"), "{e}");
        let e = parse(&list.replace("kind: price-list\n", "")).unwrap_err();
        let e = e.0[0].to_string();
        assert!(e.starts_with("menu.yaml:9:18:"), "{e}");
        assert!(e.contains("remove `offered`"), "{e}");
    }

    #[test]
    fn an_unknown_dietary_label_says_which_was_meant_at_its_place() {
        let e = parse("sections:\n  - title: A\n    items:\n      - name: B\n        dietary: [vegan, glutenfree]\n").unwrap_err();
        let e = e.0[0].to_string();
        assert!(e.starts_with("menu.yaml:5:"), "{e}");
        assert!(e.contains("did you mean `gluten-free`?"), "{e}");
    }

    /// A real menu (a sushi restaurant's) lists the same dish at dinner and at lunch:
    /// the second gets its section's name in its anchor, not an error; the same dish twice
    /// in one section, or a written `key:` that is taken, still is one.
    #[test]
    fn the_same_dish_in_two_sections_gets_its_section_in_its_anchor() {
        let m = parse("currency: CAD\nsections:\n  - title: Grill\n    items:\n      - {name: Chicken teriyaki, price: 14}\n  - title: Lunch special\n    items:\n      - {name: Chicken teriyaki, price: 11.95}\n").unwrap();
        assert_eq!(m.sections[0].items[0].id, "chicken-teriyaki");
        assert_eq!(m.sections[1].items[0].id, "lunch-special-chicken-teriyaki");
        let twice = "currency: CAD\nsections:\n  - title: Grill\n    items:\n      - {name: Tempura, price: 9}\n      - {name: Tempura, price: 9}\n";
        let e = parse(twice).unwrap_err().0[0].to_string();
        assert!(e.starts_with("menu.yaml:6:"), "{e}");
        let taken = "currency: CAD\nsections:\n  - title: Grill\n    items:\n      - {name: Tempura, price: 9}\n  - title: Lunch\n    items:\n      - {name: Udon, price: 9, key: tempura}\n";
        let e = parse(taken).unwrap_err().0[0].to_string();
        assert!(
            e.starts_with("menu.yaml:8:") && e.contains("#tempura"),
            "{e}"
        );
    }
}
