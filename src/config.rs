//! `site.yaml`: a raw serde layer that rejects unknown keys, then a validated [`Config`].

use std::path::Path;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::error::{Diagnostic, Diagnostics};
use crate::layout::SITE_FILE;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(deserialize_with = "crate::i18n::localized::string")]
    title: String,
    base_url: String,
    #[serde(default, deserialize_with = "crate::i18n::localized::option")]
    description: Option<String>,
    language: Option<String>,
    languages: Option<Vec<String>>,
    author: Option<String>,
    theme: Option<String>,
    posts_per_page: Option<usize>,
    feed: Option<RawFeed>,
    nav: Option<Vec<NavItem>>,
    #[serde(default, deserialize_with = "crate::i18n::localized::option")]
    intro: Option<String>,
    review: Option<RawReview>,
    image: Option<String>,
    images: Option<RawImages>,
    brand: Option<RawBrand>,
    hero: Option<RawHero>,
    /// Present (even empty, `headers:`): the build writes `_headers`.
    #[serde(default, deserialize_with = "present")]
    headers: Option<Option<RawHeaders>>,
    /// `search: true`: the build indexes the pages with Pagefind and writes `/search/`.
    search: Option<bool>,
}

/// A key that is present, even with no value (`headers:`), is `Some`.
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeaders {
    frame_ancestors: Option<String>,
    referrer_policy: Option<String>,
    permissions_policy: Option<String>,
}

/// Which pages may show the site's pages in a frame (`headers.frame_ancestors`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FrameAncestors {
    /// None (the default): no other page may frame the site's.
    None,
    /// The site's own pages only.
    SameOrigin,
}

impl FrameAncestors {
    /// Its CSP `frame-ancestors` source list.
    pub fn csp(self) -> &'static str {
        match self {
            FrameAncestors::None => "'none'",
            FrameAncestors::SameOrigin => "'self'",
        }
    }

    /// Its `X-Frame-Options` (for browsers without `frame-ancestors`).
    pub fn x_frame_options(self) -> &'static str {
        match self {
            FrameAncestors::None => "DENY",
            FrameAncestors::SameOrigin => "SAMEORIGIN",
        }
    }
}

/// The headers of `_headers` (`headers:` in `site.yaml`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Headers {
    /// `frame-ancestors` and `X-Frame-Options`.
    pub frame_ancestors: FrameAncestors,
    /// `Referrer-Policy`.
    pub referrer_policy: String,
    /// `Permissions-Policy`.
    pub permissions_policy: String,
}

/// The values `Referrer-Policy` takes.
const REFERRER_POLICIES: [&str; 8] = [
    "no-referrer",
    "no-referrer-when-downgrade",
    "origin",
    "origin-when-cross-origin",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
    "unsafe-url",
];

/// Features a small business's pages never use, turned off for them and what they embed.
pub const PERMISSIONS_POLICY: &str =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHero {
    image: String,
    alt: Option<String>,
    focus: Option<String>,
}

/// The home page's photo (`hero` in `site.yaml`).
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Hero {
    /// The image file, relative to the site folder (`static/shop.jpg`).
    pub file: std::path::PathBuf,
    /// What it shows, for people who cannot see it.
    pub alt: String,
    /// Where the crop is centred (`object-position`).
    pub focus: crate::picture::Focus,
}

impl Hero {
    /// The file's name inside `static/` (`shop.jpg` for `static/shop.jpg`).
    pub fn in_static(&self) -> &Path {
        self.file
            .strip_prefix(crate::layout::STATIC)
            .unwrap_or(&self.file)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBrand {
    logo: Option<String>,
    logo_dark: Option<String>,
    accent: Option<String>,
    highlight: Option<String>,
    logo_only: Option<bool>,
    icon: Option<String>,
    image: Option<String>,
}

/// The business's look (`brand` in `site.yaml`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Brand {
    /// The header logo: a file under `static/` (SVG, PNG, JPEG or WebP). None: the theme's.
    pub logo: Option<crate::brand::Logo>,
    /// The logo for the dark scheme.
    pub logo_dark: Option<crate::brand::Logo>,
    /// What the favicons are made from when it is the site's own file: the logo, else a
    /// `static/favicon.svg` of the site. None: the theme's `favicon.svg`.
    pub icon: Option<crate::brand::Logo>,
    /// The palette derived from `accent`. None: the theme's colours.
    pub palette: Option<crate::brand::Palette>,
    /// A light brand colour for bands and backgrounds with dark text (`highlight`).
    pub highlight: Option<crate::brand::Rgb>,
    /// The header shows the logo without the name (`logo_only`); the name stays for
    /// screen readers.
    pub logo_only: bool,
    /// A square image for the favicons (`icon`), instead of the logo.
    pub own_icon: Option<crate::brand::Logo>,
    /// Warnings about the brand (a wide or lettered logo made into the favicons).
    pub warnings: Vec<Diagnostic>,
}

impl Brand {
    /// Whether `rel` (relative to the site folder) is a file `site.yaml`'s brand measured
    /// or may now find: a logo, or the site's own favicon. Its change reloads the config.
    pub fn reads(&self, rel: &Path) -> bool {
        let Ok(rest) = rel.strip_prefix(crate::layout::STATIC) else {
            return false;
        };
        rest == Path::new(SITE_FAVICON)
            || [&self.logo, &self.logo_dark, &self.own_icon]
                .into_iter()
                .flatten()
                .any(|l| rest == Path::new(&l.path))
    }
}

/// A site's own favicon in `static/`, which the favicon set is made from when there is
/// no `brand.logo`.
pub const SITE_FAVICON: &str = "favicon.svg";

/// File types a logo may have.
pub const LOGO_TYPES: [&str; 5] = ["svg", "png", "jpg", "jpeg", "webp"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImages {
    keep_metadata: Option<bool>,
    publish_originals: Option<bool>,
    widths: Option<Vec<u32>>,
    quality: Option<u8>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReview {
    #[serde(default)]
    ignore: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeed {
    limit: Option<usize>,
}

/// One entry of the main navigation.
#[derive(Deserialize, Clone, Debug, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub struct NavItem {
    /// Link text.
    #[serde(deserialize_with = "crate::i18n::localized::string")]
    pub title: String,
    /// Target: a site path such as `/blog/` or an absolute URL.
    pub url: String,
}

/// The validated site configuration the rest of the program trusts.
#[derive(Clone, Debug, Hash)]
pub struct Config {
    /// Site title.
    pub title: String,
    /// Absolute base URL, always ending in `/`.
    pub base_url: Url,
    /// Description for the home page and feeds.
    pub description: Option<String>,
    /// BCP 47 language tag: the language of these pages.
    pub language: String,
    /// Every language of the site (`languages:`), the default first; one for most sites.
    pub languages: Vec<String>,
    /// Where this language's pages go in the output: empty for the default language,
    /// `en/` for the others.
    pub prefix: String,
    /// The texts of the second and further languages (the first's are the fields).
    pub texts: Vec<Texts>,
    /// Default author of posts.
    pub author: Option<String>,
    /// Theme name: `default` or a folder under `SITE/themes/`.
    pub theme: String,
    /// Posts per blog and tag page.
    pub posts_per_page: usize,
    /// Posts in each feed.
    pub feed_limit: usize,
    /// Navigation as written (None: derived from the content).
    pub nav: Option<Vec<NavItem>>,
    /// Markdown shown on the home page.
    pub intro: Option<String>,
    /// Content review rules silenced by `review: {ignore: [...]}`.
    pub review_ignore: Vec<String>,
    /// The default social card (`image`): a file under `static/` or an absolute URL.
    pub image: Option<String>,
    /// How images are processed (`images`).
    pub images: ImageSettings,
    /// Logo and colours.
    pub brand: Brand,
    /// The home page's photo.
    pub hero: Option<Hero>,
    /// The host headers to write into `_headers` (None: no `_headers`).
    pub headers: Option<Headers>,
    /// Site search (`search: true`): a Pagefind index under `/pagefind/` and a `/search/`
    /// page in every language (docs/search.md).
    pub search: bool,
}

/// Variant widths unless `site.yaml` says otherwise: the prose column (46rem of 16px is
/// 736px) at 0.5x, 0.75x, 1x, 1.5x and 2x. A phone's column is its screen less 2rem
/// (328 to 398 CSS px on 360 to 430 px phones): 656 to 796 px at 2x (736, or 1104 for the
/// widest), 984 to 1194 px at 3x (1104, or 1472); a desktop takes 736 at 1x, 1472 at 2x.
pub const IMAGE_WIDTHS: [u32; 5] = [368, 552, 736, 1104, 1472];
/// How images are processed (`images:` in `site.yaml`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ImageSettings {
    /// Variant widths in pixels.
    pub widths: Vec<u32>,
    /// WebP quality, 1 to 100.
    pub quality: u8,
    /// Publish originals with their metadata (EXIF, GPS, XMP) as they are.
    pub keep_metadata: bool,
    /// Publish the originals of the pictures pages show (stripped, never larger than they
    /// came); else only their smaller files are published.
    pub publish_originals: bool,
}

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings {
            widths: IMAGE_WIDTHS.to_vec(),
            quality: 80,
            keep_metadata: false,
            publish_originals: false,
        }
    }
}

impl Config {
    /// Root-relative base path, e.g. `/` or `/shop/`.
    pub fn root(&self) -> &str {
        self.base_url.path()
    }

    /// Root-relative URL of a page of this language (`blog/x/` -> `/root/blog/x/`, or
    /// `/root/en/blog/x/` for a second language).
    pub fn url(&self, site_path: &str) -> String {
        format!(
            "{}{}{}",
            self.root(),
            self.prefix,
            site_path.trim_start_matches('/')
        )
    }

    /// Absolute URL of a page of this language.
    pub fn absolute(&self, site_path: &str) -> String {
        format!(
            "{}{}{}",
            self.base_url,
            self.prefix,
            site_path.trim_start_matches('/')
        )
    }

    /// Root-relative URL of a file every language shares (an image, an icon, the theme's
    /// style sheet): never under a language's folder.
    pub fn file_url(&self, site_path: &str) -> String {
        format!("{}{}", self.root(), site_path.trim_start_matches('/'))
    }

    /// Absolute URL of a file every language shares.
    pub fn file_absolute(&self, site_path: &str) -> String {
        format!("{}{}", self.base_url, site_path.trim_start_matches('/'))
    }

    /// Which of the site's languages a post or page file is written in (its index in
    /// `languages`): a file in a language's folder (`en/posts/x.md`) is in that language.
    pub fn language_of(&self, source: &Path) -> usize {
        let folder = crate::layout::language_prefix(source);
        let folder = folder.trim_end_matches('/');
        (self.languages.iter().skip(1))
            .position(|l| crate::layout::lang_folder(l) == folder)
            .map_or(0, |i| i + 1)
    }

    /// The folders of the second and further languages' sources (`en`).
    pub fn language_folders(&self) -> Vec<String> {
        (self.languages.iter().skip(1))
            .map(|l| crate::layout::lang_folder(l))
            .collect()
    }

    /// Whether the site has more than one language.
    pub fn multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// The configuration of the site's `i`th language: its pages under its folder.
    pub fn for_language(&self, i: usize) -> Config {
        let mut c = self.clone();
        c.language = self.languages[i].clone();
        if i > 0
            && let Some(t) = self.texts.get(i - 1)
        {
            c.title = t.title.clone();
            c.description = t.description.clone();
            c.intro = t.intro.clone();
            c.nav = t.nav.clone();
        }
        c.prefix = match i {
            0 => String::new(),
            _ => format!("{}/", crate::layout::lang_folder(&self.languages[i])),
        };
        c
    }
}

/// Reads and validates `site.yaml` in `site_dir`; `base_url` overrides the file's value.
pub fn load(site_dir: &Path, base_url: Option<&str>) -> Result<Config, Diagnostics> {
    if !site_dir.join(SITE_FILE).is_file() {
        let msg = format!(
            "not found: a site folder needs a {SITE_FILE} with at least `title` and `base_url`"
        );
        return Err(Diagnostic::file(SITE_FILE, msg).into());
    }
    let text = crate::walk::read_text(site_dir, Path::new(SITE_FILE))?;
    let config = parse(&text, base_url)?;
    let mut config = config;
    let positions = crate::yaml::Positions::of(&text);
    let static_dir = site_dir.join(crate::layout::STATIC);
    let mut errors = Vec::new();
    for (key, slot) in [
        ("logo", &mut config.brand.logo),
        ("logo_dark", &mut config.brand.logo_dark),
        ("icon", &mut config.brand.own_icon),
    ] {
        let Some(named) = slot.as_ref() else { continue };
        let read = crate::walk::check_static_file(&static_dir, &named.path).and_then(|()| {
            crate::brand::Logo::read(&static_dir, &named.path)
                .map_err(|m| format!("{:?} {m}", named.path))
        });
        match read {
            Ok(logo) => *slot = Some(logo),
            Err(m) => {
                let (line, col) = positions.at(&["brand", key]);
                errors.push(Diagnostic::at(
                    SITE_FILE,
                    line,
                    col,
                    format!("`brand.{key}` {m}"),
                ));
            }
        }
    }
    if let Some(hero) = &config.hero {
        let name = hero.in_static().to_string_lossy();
        if let Err(m) = crate::walk::check_static_file(&static_dir, &name) {
            let (line, col) = positions.at(&["hero", "image"]);
            errors.push(Diagnostic::at(
                SITE_FILE,
                line,
                col,
                format!("`hero.image` {m}"),
            ));
        }
    }
    if let (Some(logo), None) = (&config.brand.logo, &config.brand.own_icon)
        && logo.width > 0
        && logo.height > 0
    {
        let ratio = f64::from(logo.width) / f64::from(logo.height);
        let lettered = logo.svg
            && std::fs::read(static_dir.join(&logo.path))
                .is_ok_and(|b| crate::brand::svg_has_text(&b));
        let why = if lettered {
            Some(
                "holds text (<text> elements), which a 16-pixel favicon cannot show legibly"
                    .to_string(),
            )
        } else if ratio > 1.5 {
            Some(format!(
                "is {}x{} ({ratio:.1}:1), and a favicon is square: it shrinks to a thin strip",
                logo.width, logo.height
            ))
        } else {
            None
        };
        if let Some(why) = why {
            let (line, col) = positions.at(&["brand", "logo"]);
            config.brand.warnings.push(Diagnostic::at(
                SITE_FILE,
                line,
                col,
                format!(
                    "`brand.logo` {why}; the favicons, the home-screen icon and the app icons are made from it: give a square `brand.icon` (e.g. the logo's mark alone, 512x512)"
                ),
            ));
        }
    }
    config.brand.icon = match (&config.brand.own_icon, &config.brand.logo) {
        (Some(icon), _) => Some(icon.clone()),
        (None, Some(logo)) => Some(logo.clone()),
        (None, None) => site_favicon(&static_dir, &mut errors),
    };
    if errors.is_empty() {
        Ok(config)
    } else {
        Err(Diagnostics(errors))
    }
}

/// The site's own `static/favicon.svg`, which the favicons are made from when there is
/// no logo and no icon.
fn site_favicon(static_dir: &Path, errors: &mut Vec<Diagnostic>) -> Option<crate::brand::Logo> {
    if !static_dir.join(SITE_FAVICON).is_file() {
        return None;
    }
    match crate::brand::Logo::read(static_dir, SITE_FAVICON) {
        Ok(icon) => Some(icon),
        Err(m) => {
            errors.push(Diagnostic::file(
                format!("static/{SITE_FAVICON}"),
                format!("the favicon {m}"),
            ));
            None
        }
    }
}

/// Parses and validates the text of `site.yaml`, reporting every problem.
pub fn parse(text: &str, base_url: Option<&str>) -> Result<Config, Diagnostics> {
    let languages = declared_languages(text);
    let read = |lang: &str| {
        crate::i18n::localized::reading_in(&languages, lang, || {
            crate::yaml::parse::<RawConfig>(text, Path::new(SITE_FILE), 0)
        })
    };
    let mut config = parse_raw(read(&languages[0])?, text, base_url)?;
    for lang in &languages[1..] {
        let raw = read(lang)?;
        config.texts.push(Texts {
            title: raw.title,
            description: raw.description,
            intro: raw.intro,
            nav: raw.nav,
        });
    }
    Ok(config)
}

/// The languages `site.yaml` declares (`languages`, else `language`), read leniently
/// before the whole file is (its texts may differ by language): `[en]` when it does not
/// say, or says it wrongly (the whole reading reports that).
fn declared_languages(text: &str) -> Vec<String> {
    #[derive(Deserialize)]
    struct Declared {
        language: Option<String>,
        languages: Option<Vec<String>>,
    }
    match serde_saphyr::from_str::<Declared>(text) {
        Ok(Declared {
            languages: Some(l), ..
        }) if !l.is_empty() => l,
        Ok(Declared {
            language: Some(l), ..
        }) => vec![l],
        _ => vec!["en".to_string()],
    }
}

/// The texts of `site.yaml` in one of the site's further languages.
#[derive(Clone, Debug, Hash)]
pub struct Texts {
    /// `title`.
    pub title: String,
    /// `description`.
    pub description: Option<String>,
    /// `intro`.
    pub intro: Option<String>,
    /// `nav`.
    pub nav: Option<Vec<NavItem>>,
}

fn parse_raw(raw: RawConfig, text: &str, base_url: Option<&str>) -> Result<Config, Diagnostics> {
    let mut errors = Vec::new();
    let positions = crate::yaml::Positions::of(text);
    let mut err_at = |path: &[&str], msg: String| {
        let (line, col) = positions.at(path);
        errors.push(Diagnostic::at(SITE_FILE, line, col, msg));
    };
    let base_url = match base_url {
        Some(over) => parse_base_url(over)
            .map_err(|m| Diagnostic::file("--base-url", m))
            .map_err(Diagnostics::from)?,
        None => match parse_base_url(&raw.base_url) {
            Ok(u) => u,
            Err(m) => {
                err_at(&["base_url"], m);
                Url::parse("http://invalid/").expect("valid placeholder")
            }
        },
    };
    if raw.title.trim().is_empty() {
        err_at(&["title"], "`title` must not be empty".into());
    }
    let posts_per_page = raw.posts_per_page.unwrap_or(10);
    if posts_per_page == 0 {
        err_at(
            &["posts_per_page"],
            "`posts_per_page` must be at least 1".into(),
        );
    }
    let feed_limit = raw.feed.and_then(|f| f.limit).unwrap_or(20);
    if feed_limit == 0 {
        err_at(&["feed", "limit"], "`feed.limit` must be at least 1".into());
    }
    let languages = match (raw.languages, raw.language) {
        (Some(list), language) => {
            if list.len() > 16 {
                err_at(
                    &["languages"],
                    format!(
                        "`languages` lists {}; a site may have at most 16",
                        list.len()
                    ),
                );
            }
            if list.is_empty() {
                err_at(
                    &["languages"],
                    "`languages` needs at least one language tag, e.g. [fr, en]".into(),
                );
            }
            if let Some(l) = language
                && list.first() != Some(&l)
            {
                err_at(
                    &["language"],
                    format!(
                        "`language` is {l:?} but `languages` starts with {:?}: the first of `languages` is the default language; remove `language`",
                        list.first().map_or("", |s| s.as_str())
                    ),
                );
            }
            for (i, tag) in list.iter().enumerate() {
                if let Err(why) = crate::i18n::check_tag(tag) {
                    err_at(&["languages", &i.to_string()], why);
                } else if list[..i].iter().any(|t| t.eq_ignore_ascii_case(tag)) {
                    err_at(
                        &["languages", &i.to_string()],
                        format!("{tag:?} is listed twice in `languages`: remove one"),
                    );
                } else if i > 0
                    && crate::layout::is_reserved_folder(&crate::layout::lang_folder(tag))
                {
                    err_at(
                        &["languages", &i.to_string()],
                        format!(
                            "{tag:?} would put its pages in {}/, a folder the site already uses",
                            crate::layout::lang_folder(tag)
                        ),
                    );
                }
            }
            list
        }
        (None, language) => {
            let language = language.unwrap_or_else(|| "en".into());
            if let Err(why) = crate::i18n::check_tag(&language) {
                err_at(&["language"], why);
            }
            vec![language]
        }
    };
    let language = languages.first().cloned().unwrap_or_else(|| "en".into());
    let theme = raw.theme.unwrap_or_else(|| "default".into());
    if theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.') {
        err_at(
            &["theme"],
            format!("`theme` must be a plain folder name, not {theme:?}"),
        );
    }
    for (i, item) in raw.nav.iter().flatten().enumerate() {
        let i = i.to_string();
        if item.title.trim().is_empty() {
            err_at(&["nav", &i, "title"], "a `nav` item needs a `title`".into());
        }
        if let Err(m) = crate::url_policy::check_link(&item.url) {
            err_at(
                &["nav", &i, "url"],
                format!("`nav` link {:?}: {m}", item.title),
            );
        }
    }
    let review_ignore = raw.review.map(|r| r.ignore).unwrap_or_default();
    for (i, name) in review_ignore.iter().enumerate() {
        if crate::review_rules::rule(name).is_none() {
            let names: Vec<&str> = crate::review_rules::RULES.iter().map(|r| r.name).collect();
            err_at(
                &["review", "ignore", &i.to_string()],
                format!(
                    "no review rule is called {name:?}; the rules are: {}",
                    names.join(", ")
                ),
            );
        }
    }
    let mut images = ImageSettings::default();
    if let Some(raw) = raw.images {
        images.keep_metadata = raw.keep_metadata.unwrap_or(false);
        images.publish_originals = raw.publish_originals.unwrap_or(false);
        if let Some(q) = raw.quality {
            if (1..=100).contains(&q) {
                images.quality = q;
            } else {
                err_at(
                    &["images", "quality"],
                    format!("`images.quality` must be 1 to 100 (80 is a good start), not {q}"),
                );
            }
        }
        if let Some(widths) = raw.widths {
            if widths.is_empty() || widths.len() > 8 {
                err_at(
                    &["images", "widths"],
                    "`images.widths` needs 1 to 8 widths in pixels, e.g. [480, 960, 1600]".into(),
                );
            }
            for (i, w) in widths.iter().enumerate() {
                if !(16..=8000).contains(w) {
                    err_at(
                        &["images", "widths", &i.to_string()],
                        format!("an image width must be 16 to 8000 pixels, not {w}"),
                    );
                }
            }
            images.widths = widths;
        }
    }
    let mut brand = Brand::default();
    let mut image = raw.image;
    if let Some(b) = raw.brand {
        for (key, value) in [("logo", &b.logo), ("logo_dark", &b.logo_dark)] {
            let Some(v) = value else { continue };
            let ext = Path::new(v)
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase);
            if !ext.is_some_and(|e| LOGO_TYPES.contains(&e.as_str())) {
                err_at(
                    &["brand", key],
                    format!(
                        "`brand.{key}` {v:?} must be an SVG, PNG, JPEG or WebP file under static/"
                    ),
                );
            }
        }
        if b.logo_dark.is_some() && b.logo.is_none() {
            err_at(
                &["brand", "logo_dark"],
                "`brand.logo_dark` is the dark-scheme version of `brand.logo`: give `logo` too"
                    .into(),
            );
        }
        if let Some(v) = &b.icon {
            let ext = Path::new(v)
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase);
            if !ext.is_some_and(|e| LOGO_TYPES.contains(&e.as_str())) {
                err_at(
                    &["brand", "icon"],
                    format!(
                        "`brand.icon` {v:?} must be an SVG, PNG, JPEG or WebP file under static/"
                    ),
                );
            }
        }
        if b.logo_only == Some(true) && b.logo.is_none() {
            err_at(
                &["brand", "logo_only"],
                "`brand.logo_only` shows the logo without the name: give `brand.logo` too".into(),
            );
        }
        brand.logo_only = b.logo_only.unwrap_or(false);
        brand.own_icon = b.icon.map(crate::brand::Logo::named);
        if let Some(h) = &b.highlight {
            let accent = (b.accent.as_deref())
                .and_then(|a| crate::brand::Rgb::parse(a).ok())
                .unwrap_or(crate::brand::DEFAULT_ACCENT);
            match crate::brand::Rgb::parse(h)
                .and_then(|h| crate::brand::check_highlight_with(h, accent))
            {
                Ok(c) => brand.highlight = Some(c),
                Err(m) => err_at(&["brand", "highlight"], format!("`brand.highlight`: {m}")),
            }
        }
        brand.logo = b.logo.map(crate::brand::Logo::named);
        brand.logo_dark = b.logo_dark.map(crate::brand::Logo::named);
        if let Some(a) = &b.accent {
            match crate::brand::Rgb::parse(a).and_then(crate::brand::Palette::new) {
                Ok(p) => brand.palette = Some(p),
                Err(m) => err_at(&["brand", "accent"], format!("`brand.accent`: {m}")),
            }
        }
        if let Some(img) = b.image {
            if image.is_some() {
                err_at(
                    &["brand", "image"],
                    "the social image is given twice, as `image` and as `brand.image`: keep `brand.image`".into(),
                );
            }
            image = Some(img);
        }
    }
    if let Some(img) = &image
        && let Err(m) = crate::url_policy::check_link(img)
    {
        let at: &[&str] = if positions.at(&["brand", "image"]) != (1, 1) {
            &["brand", "image"]
        } else {
            &["image"]
        };
        err_at(at, format!("`image` {m}"));
    }
    let hero = raw.hero.and_then(|h| {
        let file = hero_file(&h.image);
        if file.is_none() {
            err_at(
                &["hero", "image"],
                format!(
                    "`hero.image` must be a JPEG, PNG or WebP file under static/ (e.g. static/shop.jpg), not {:?}",
                    h.image
                ),
            );
        }
        let alt = match h.alt.as_deref().map(str::trim) {
            Some(a) if !a.is_empty() => a.to_string(),
            _ => {
                let at: &[&str] = if h.alt.is_some() {
                    &["hero", "alt"]
                } else {
                    &["hero"]
                };
                err_at(
                    at,
                    "`hero` needs `alt`: say what the photo shows for people who cannot see it, e.g. alt: \"The shop's counter in the morning\"".into(),
                );
                String::new()
            }
        };
        let focus = match h.focus.as_deref().map(crate::picture::Focus::parse) {
            None => crate::picture::Focus::CENTRE,
            Some(Ok(f)) => f,
            Some(Err(m)) => {
                err_at(&["hero", "focus"], format!("`hero.focus`: {m}"));
                crate::picture::Focus::CENTRE
            }
        };
        Some(Hero {
            file: file?,
            alt,
            focus,
        })
    });
    let headers = raw.headers.map(|h| {
        let h = h.unwrap_or(RawHeaders {
            frame_ancestors: None,
            referrer_policy: None,
            permissions_policy: None,
        });
        let frame_ancestors = match h.frame_ancestors.as_deref().map(str::trim) {
            None | Some("none") => FrameAncestors::None,
            Some("self") => FrameAncestors::SameOrigin,
            Some(other) => {
                err_at(
                    &["headers", "frame_ancestors"],
                    format!("`headers.frame_ancestors` is `none` (no site may show these pages in a frame) or `self` (only this site), not {other:?}"),
                );
                FrameAncestors::None
            }
        };
        let referrer_policy = match h.referrer_policy.map(|r| r.trim().to_string()) {
            None => "strict-origin-when-cross-origin".to_string(),
            Some(r) if REFERRER_POLICIES.contains(&r.as_str()) => r,
            Some(r) => {
                let hint = crate::text::closest(&r, REFERRER_POLICIES)
                    .map_or_else(String::new, |c| format!("did you mean {c:?}? "));
                err_at(
                    &["headers", "referrer_policy"],
                    format!(
                        "`headers.referrer_policy` {r:?} is not a referrer policy: {hint}the policies are {}",
                        REFERRER_POLICIES.join(", ")
                    ),
                );
                r
            }
        };
        let permissions_policy = match h.permissions_policy.map(|p| p.trim().to_string()) {
            None => PERMISSIONS_POLICY.to_string(),
            Some(p) if !p.is_empty() && !p.contains(['\n', '\r', ';']) => p,
            Some(p) => {
                err_at(
                    &["headers", "permissions_policy"],
                    format!("`headers.permissions_policy` {p:?} must be one line of `feature=(allowlist)` separated by commas, e.g. \"camera=(), geolocation=(self)\""),
                );
                p
            }
        };
        Headers {
            frame_ancestors,
            referrer_policy,
            permissions_policy,
        }
    });
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    Ok(Config {
        headers,
        search: raw.search.unwrap_or(false),
        hero,
        image,
        brand,
        images,
        review_ignore,
        title: raw.title,
        base_url,
        description: raw.description,
        language,
        languages,
        prefix: String::new(),
        texts: Vec::new(),
        author: raw.author,
        theme,
        posts_per_page,
        feed_limit,
        nav: raw.nav,
        intro: raw.intro,
    })
}

/// The file a `hero.image` names, relative to the site folder: `static/shop.jpg`,
/// `/shop.jpg` and `shop.jpg` all name `static/shop.jpg`. None when it is not a raster
/// image a page can show, or leaves `static/`.
fn hero_file(image: &str) -> Option<std::path::PathBuf> {
    let rel = image.trim_start_matches('/');
    let rel = rel
        .strip_prefix(crate::layout::STATIC)
        .and_then(|r| r.strip_prefix('/'))
        .unwrap_or(rel);
    let path = Path::new(rel);
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if !["jpg", "jpeg", "png", "webp"].contains(&ext.as_str())
        || !path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
    {
        return None;
    }
    Some(Path::new(crate::layout::STATIC).join(rel))
}

fn parse_base_url(s: &str) -> Result<Url, String> {
    let mut url =
        Url::parse(s).map_err(|e| format!("`base_url` {s:?} is not an absolute URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "`base_url` must start with https:// or http://, not {s:?}"
        ));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_trailing_slash() {
        let c = parse("title: T\nbase_url: https://ex.com/shop\n", None).unwrap();
        assert_eq!(c.base_url.as_str(), "https://ex.com/shop/");
        assert_eq!(c.root(), "/shop/");
        assert_eq!(c.url("/blog/"), "/shop/blog/");
        assert_eq!(c.absolute("rss.xml"), "https://ex.com/shop/rss.xml");
        assert_eq!(
            (c.posts_per_page, c.feed_limit, c.language.as_str()),
            (10, 20, "en")
        );
    }

    #[test]
    fn typo_is_an_error_with_location() {
        let e = parse(
            "title: T\nbase_url: https://ex.com/\npost_per_page: 3\n",
            None,
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("error: site.yaml:3:1: unknown field `post_per_page`"),
            "{e}"
        );
    }

    #[test]
    fn bad_base_url_points_at_the_value() {
        let e = parse("title: T\nbase_url: ftp://x/\n", None).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("error: site.yaml:2:11: `base_url` must start"),
            "{e}"
        );
    }

    #[test]
    fn every_bad_field_is_reported() {
        let e = parse(
            "title: \"\"\nbase_url: https://ex.com/\nposts_per_page: 0\ntheme: ../x\n",
            None,
        )
        .unwrap_err();
        let lines: Vec<String> = e.0.iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines[2].starts_with("site.yaml:4:8: `theme`"), "{lines:?}");
    }

    #[test]
    fn a_bad_nav_link_is_reported_at_its_value_in_either_style() {
        let flow = "nav: [{title: A, url: /a/}, {title: B, url: \"javascript:alert(1)\"}]\ntitle: \"  \"\nbase_url: https://ex.com/\n";
        let e = parse(flow, None).unwrap_err();
        let lines: Vec<String> = e.0.iter().map(ToString::to_string).collect();
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("site.yaml:1:45: `nav` link \"B\"")),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("site.yaml:2:8: `title` must not be empty")),
            "{lines:?}"
        );
        let block = "title: T\nbase_url: https://ex.com/\nnav:\n  - title: A\n    url: /a/\n  - title: B\n    url: data:text/html,x\n";
        let e = parse(block, None).unwrap_err();
        assert!(
            e.0[0]
                .to_string()
                .starts_with("site.yaml:7:10: `nav` link \"B\""),
            "{}",
            e.0[0]
        );
    }

    #[test]
    fn hero_and_brand_errors_point_at_their_values() {
        let base = "title: T\nbase_url: https://ex.com/\n";
        let e = parse(
            &format!("{base}hero:\n  image: static/a.jpg\n  focus: middle\n"),
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("site.yaml:3:1: `hero` needs `alt`")
                || e.contains("site.yaml:4:3: `hero` needs `alt`"),
            "{e}"
        );
        assert!(e.contains("site.yaml:5:10: `hero.focus`"), "{e}");
        let e = parse(
            &format!("{base}hero:\n  image: static/a.gif\n  alt: A\n"),
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("site.yaml:4:10: `hero.image` must be a JPEG"),
            "{e}"
        );
        let c = parse(
            &format!("{base}hero: {{image: /a.jpg, alt: A, focus: top}}\n"),
            None,
        )
        .unwrap();
        let hero = c.hero.unwrap();
        assert_eq!(hero.file, Path::new("static/a.jpg"));
        assert_eq!(hero.focus.y, 0.0);
        let e = parse(&format!("{base}brand:\n  highlight: \"#b08d1f\"\n"), None)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("site.yaml:4:14: `brand.highlight`: muted text (#5a5049) on the highlight colour #b08d1f has a contrast of 2.49:1"),
            "{e}"
        );
        let better = e
            .rsplit("e.g. \"")
            .next()
            .unwrap()
            .trim_end_matches('"')
            .trim();
        let better = &better[..7];
        assert!(
            parse(&format!("{base}brand:\n  highlight: \"{better}\"\n"), None).is_ok(),
            "{better}"
        );
        let e = parse(&format!("{base}brand:\n  logo_only: true\n"), None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("site.yaml:4:14: `brand.logo_only`"), "{e}");
    }

    #[test]
    fn override_base_url() {
        let c = parse(
            "title: T\nbase_url: https://ex.com/\n",
            Some("http://localhost:1111/"),
        )
        .unwrap();
        assert_eq!(c.base_url.as_str(), "http://localhost:1111/");
    }
}
