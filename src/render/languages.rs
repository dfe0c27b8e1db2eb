//! A site in more than one language: which languages it has, which pages each language
//! has (a page's translations are the pages at the same path in the other languages'
//! folders), and the links between them every page shows (`hreflang`, the switcher).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;

use crate::config::Config;
use crate::content::Content;
use crate::render::Theme;

/// The site's languages, the default first, and which of them has each page.
#[derive(Debug)]
pub struct Languages {
    /// Each language: its tag, its own name for itself, where its pages are.
    pub list: Vec<LanguageInfo>,
    /// For each page's path inside its language's folder (`blog/x/`), the languages that
    /// have it (bit `i` for the `i`th), once the jobs are listed.
    pages: OnceLock<HashMap<String, u64>>,
}

/// One of the site's languages.
#[derive(Debug, Hash)]
pub struct LanguageInfo {
    /// Its tag (`fr`, `en-GB`).
    pub tag: String,
    /// Its name in itself (`Français`), from its translation's `language_name`.
    pub name: String,
    /// Its folder in the output: empty for the default, `en/` for the others.
    pub prefix: String,
    /// The paths of its pages (`about/`), sorted: a navigation link to a page it lacks
    /// leads to the default language's page instead.
    pub pages: Vec<String>,
}

/// A page in one of the site's languages, for the `hreflang` links and the switcher.
#[derive(Debug, Serialize)]
pub struct Alternate {
    /// The language's tag.
    pub hreflang: String,
    /// The language's name in itself.
    pub name: String,
    /// The page in that language, or that language's home page when it has no such page:
    /// its absolute URL (`hreflang` links) and its link (the switcher).
    pub url: String,
    /// Root-relative link of `url`.
    pub href: String,
    /// Whether `url` is this page's translation (false: the language's home page).
    pub exists: bool,
    /// Whether the page is in more than one language, so `hreflang` links name them.
    pub translated: bool,
    /// Whether it is the language of the page shown.
    pub current: bool,
    /// Whether it is the default language (the `x-default` of `hreflang`).
    pub default: bool,
    /// The language as Open Graph writes it (`en_GB`).
    pub og_locale: String,
}

impl Languages {
    /// The languages of `languages` (each one's content and theme, the default first).
    pub fn new(languages: &[(&Content, &Theme)]) -> Languages {
        Languages {
            list: (languages.iter())
                .map(|(content, theme)| LanguageInfo {
                    tag: content.config.language.clone(),
                    name: theme.lang.t("language_name", &[]),
                    prefix: content.config.prefix.clone(),
                    pages: {
                        let mut pages: Vec<String> =
                            (content.pages.iter()).map(|p| p.path.clone()).collect();
                        pages.sort();
                        pages
                    },
                })
                .collect(),
            pages: OnceLock::new(),
        }
    }

    /// Records which languages have each page: `pages` gives each page's path inside its
    /// language's folder and the language's index. Once, when the jobs are listed.
    pub fn set_pages<'p>(&self, pages: impl IntoIterator<Item = (&'p str, usize)>) {
        let mut map: HashMap<String, u64> = HashMap::new();
        for (route, i) in pages {
            *map.entry(route.to_string()).or_default() |= 1 << i;
        }
        let _ = self.pages.set(map);
    }

    /// Where a navigation link to the page at `path` (`about/`) leads in language
    /// `current`: its own page, or the default language's when it has none of its own
    /// yet (None: not a page of the default language either; keep the link as written).
    pub fn nav_fallback(&self, current: usize, path: &str) -> Option<bool> {
        let has = |i: usize| {
            (self.list.get(i))
                .is_some_and(|l| l.pages.binary_search_by(|p| p.as_str().cmp(path)).is_ok())
        };
        match (has(current), has(0)) {
            (true, _) => Some(false),
            (false, true) => Some(true),
            (false, false) => None,
        }
    }

    /// Which languages have the page at `route` (bit `i` for the `i`th).
    pub fn has(&self, route: &str) -> u64 {
        (self.pages.get())
            .and_then(|m| m.get(route).copied())
            .unwrap_or(0)
    }

    /// The page at `route` of language `current` in every language.
    pub fn alternates(&self, current: usize, route: &str, config: &Config) -> Vec<Alternate> {
        let has = self.has(route);
        (self.list.iter().enumerate())
            .map(|(i, l)| {
                let exists = has & (1 << i) != 0;
                let path = if exists { route } else { "" };
                Alternate {
                    hreflang: l.tag.clone(),
                    name: l.name.clone(),
                    url: config.file_absolute(&format!("{}{path}", l.prefix)),
                    href: config.file_url(&format!("{}{path}", l.prefix)),
                    exists,
                    translated: has.count_ones() > 1,
                    current: i == current,
                    default: i == 0,
                    og_locale: og_locale(&l.tag),
                }
            })
            .collect()
    }
}

/// A language tag as Open Graph writes a locale, `ll_CC`: `en_GB` for `en-GB`, and for a
/// tag without a region the region CLDR's likely subtags give it (ICU4X's
/// `LocaleExpander`): `fr_FR` for `fr`, `en_US` for `en`, `ar_EG` for `ar`, `pt_BR` for
/// `pt`; `zh_TW` for `zh-Hant-TW` (the script is dropped, Open Graph has no place for it).
pub fn og_locale(tag: &str) -> String {
    static EXPANDER: icu_locale::LocaleExpander = icu_locale::LocaleExpander::new_extended();
    let Ok(mut id) = tag.parse::<icu_locale_core::LanguageIdentifier>() else {
        return tag.replace('-', "_");
    };
    let language = id.language;
    let region = id.region.or_else(|| {
        EXPANDER.maximize(&mut id);
        id.region
    });
    match region {
        Some(region) => format!("{language}_{region}"),
        None => language.to_string(),
    }
}
