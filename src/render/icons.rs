//! The favicon set, made from the logo (`brand.logo`), else the site's own
//! `static/favicon.svg`, else the theme's: `favicon.ico`, a 32 pixel PNG, the 180 pixel
//! `apple-touch-icon.png`, the 192 and 512 pixel icons of `manifest.webmanifest`, and the
//! manifest itself with the brand colour.

use serde::Serialize;
use serde_json::json;

use crate::brand::{self, Rgb};
use crate::config::Config;
use crate::render::theme::{Theme, ThemeFile};

/// The theme's favicon, the icon source of a site without its own.
pub const THEME_FAVICON: &str = "favicon.svg";

/// The page background the apple-touch icon is laid on (iOS shows transparency as black).
const TOUCH_BACKGROUND: Rgb = Rgb(0xff, 0xff, 0xff);

/// One file of the favicon set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Icon {
    /// `favicon.ico` (32 and 16 pixels), for browsers and tools that ask for it by name.
    Ico,
    /// `favicon-32.png`.
    Png32,
    /// `apple-touch-icon.png`, 180 pixels on white.
    Apple,
    /// `icon-192.png`, for the manifest.
    Png192,
    /// `icon-512.png`, for the manifest, and the vCard's logo.
    Png512,
}

impl Icon {
    /// Every file of the set.
    pub const ALL: [Icon; 5] = [
        Icon::Ico,
        Icon::Png32,
        Icon::Apple,
        Icon::Png192,
        Icon::Png512,
    ];

    /// Its site path.
    pub fn path(self) -> &'static str {
        match self {
            Icon::Ico => "favicon.ico",
            Icon::Png32 => "favicon-32.png",
            Icon::Apple => "apple-touch-icon.png",
            Icon::Png192 => "icon-192.png",
            Icon::Png512 => "icon-512.png",
        }
    }

    /// Its bytes, made from the source's.
    pub fn make(self, source: &Source) -> Result<Vec<u8>, String> {
        let (bytes, svg) = (&source.bytes[..], source.svg);
        match self {
            Icon::Ico => brand::icon_ico(bytes, svg),
            Icon::Png32 => brand::icon_png(bytes, svg, 32, None),
            Icon::Apple => brand::icon_png(bytes, svg, 180, Some(TOUCH_BACKGROUND)),
            Icon::Png192 => brand::icon_png(bytes, svg, 192, None),
            Icon::Png512 => brand::icon_png(bytes, svg, 512, None),
        }
    }
}

/// What the icons are made from.
pub struct Source {
    /// The file's bytes.
    pub bytes: std::borrow::Cow<'static, [u8]>,
    /// An SVG (else a raster image).
    pub svg: bool,
    /// The file to blame, relative to the site folder.
    pub shown: String,
}

impl Source {
    /// The site's logo or favicon, else the theme's favicon.
    pub fn find(
        brand: Option<&crate::brand::Logo>,
        site_dir: &std::path::Path,
        theme: &Theme,
        theme_name: &str,
    ) -> Result<Source, String> {
        if let Some(icon) = brand {
            let file = site_dir.join(crate::layout::STATIC).join(&icon.path);
            let bytes = std::fs::read(&file).map_err(|e| format!("cannot be read: {e}"))?;
            return Ok(Source {
                bytes: bytes.into(),
                svg: icon.svg,
                shown: format!("static/{}", icon.path),
            });
        }
        let file = theme
            .statics
            .iter()
            .find(|(p, _)| p == THEME_FAVICON)
            .map(|(_, f)| f)
            .ok_or("the theme has no favicon.svg and the site names no `brand.logo`")?;
        let bytes = match file {
            ThemeFile::Builtin(b) => std::borrow::Cow::Borrowed(*b),
            ThemeFile::Disk(p) => std::fs::read(p)
                .map_err(|e| format!("cannot be read: {e}"))?
                .into(),
        };
        Ok(Source {
            bytes,
            svg: true,
            shown: format!("themes/{theme_name}/static/{THEME_FAVICON}"),
        })
    }
}

/// The brand colour: the accent, else the theme's.
pub fn theme_color(config: &Config) -> Rgb {
    config
        .brand
        .palette
        .as_ref()
        .map_or(brand::DEFAULT_ACCENT, |p| p.accent)
}

/// The icon links every page's head carries (`site.icons`).
#[derive(Serialize)]
pub struct IconsView {
    /// An SVG favicon: the logo or favicon when it is an SVG.
    pub svg: Option<String>,
    /// The 32 pixel PNG.
    pub png: String,
    /// The apple-touch icon.
    pub apple: String,
    /// `favicon.ico`.
    pub ico: String,
    /// The manifest.
    pub manifest: String,
    /// `theme-color`.
    pub theme_color: String,
}

impl IconsView {
    /// The links for `config`.
    pub fn new(config: &Config) -> IconsView {
        let svg = match &config.brand.icon {
            Some(icon) if icon.svg => Some(config.file_url(&icon.path)),
            Some(_) => None,
            None => Some(config.file_url(THEME_FAVICON)),
        };
        IconsView {
            svg,
            png: config.file_url(Icon::Png32.path()),
            apple: config.file_url(Icon::Apple.path()),
            ico: config.file_url(Icon::Ico.path()),
            manifest: config.file_url(crate::routes::MANIFEST),
            theme_color: theme_color(config).to_string(),
        }
    }
}

/// `manifest.webmanifest`: the name, the start page, the brand colour and the icons.
pub fn manifest(config: &Config, contact: Option<&crate::content::Contact>) -> String {
    let name = contact.map_or(config.title.as_str(), |c| c.business.as_str());
    let short = short_name(&config.title);
    let mut icons = vec![
        json!({ "src": config.file_url(Icon::Png192.path()), "sizes": "192x192", "type": "image/png" }),
        json!({ "src": config.file_url(Icon::Png512.path()), "sizes": "512x512", "type": "image/png" }),
    ];
    if let Some(svg) = IconsView::new(config).svg {
        icons.push(json!({ "src": svg, "sizes": "any", "type": "image/svg+xml" }));
    }
    let mut m = json!({
        "name": name,
        "short_name": short,
        "start_url": config.root(),
        "scope": config.root(),
        "display": "browser",
        "lang": config.language,
        "theme_color": theme_color(config).to_string(),
        "background_color": "#fbf8f3",
        "icons": icons,
    });
    if let Some(d) = &config.description {
        m["description"] = json!(d);
    }
    let mut out = serde_json::to_string_pretty(&m).expect("the manifest serializes");
    out.push('\n');
    out
}

/// A name of at most 12 characters for a home screen: the title, else its first words.
fn short_name(title: &str) -> String {
    if title.chars().count() <= 12 {
        return title.to_string();
    }
    let mut short = String::new();
    for word in title.split_whitespace() {
        let longer = if short.is_empty() {
            word.to_string()
        } else {
            format!("{short} {word}")
        };
        if longer.chars().count() > 12 {
            break;
        }
        short = longer;
    }
    if short.is_empty() {
        short = title.chars().take(12).collect();
    }
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_fit_a_home_screen() {
        assert_eq!(short_name("Basic Bakery"), "Basic Bakery");
        assert_eq!(short_name("Harbor Coffee Roasters"), "Harbor");
        assert_eq!(short_name("Supercalifragilistic"), "Supercalifra");
    }

    #[test]
    fn the_theme_favicon_makes_every_icon() {
        let (_, svg) = crate::embedded::DEFAULT_THEME
            .iter()
            .find(|(rel, _)| *rel == "static/favicon.svg")
            .expect("the default theme has a favicon.svg");
        let source = Source {
            bytes: (*svg).into(),
            svg: true,
            shown: String::new(),
        };
        for icon in Icon::ALL {
            let bytes = icon.make(&source).unwrap();
            if icon == Icon::Ico {
                assert_eq!(&bytes[..4], &[0, 0, 1, 0], "an ICO header");
                continue;
            }
            let img = image::load_from_memory(&bytes).unwrap();
            let size = match icon {
                Icon::Png32 => 32,
                Icon::Apple => 180,
                Icon::Png192 => 192,
                _ => 512,
            };
            assert_eq!((img.width(), img.height()), (size, size), "{icon:?}");
            // The mark is drawn: the centre is opaque and not all one colour with the corner.
            let px = img.to_rgba8();
            assert_eq!(px.get_pixel(size / 2, size / 2)[3], 255, "{icon:?}");
        }
    }
}
