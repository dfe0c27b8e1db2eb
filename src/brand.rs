//! The brand colour: an accent from `site.yaml` (`brand.accent`) from which the default
//! theme's palette is derived for the light and the dark scheme, refused when a text and
//! background pair it makes misses WCAG AA contrast (4.5:1 for text).

use std::fmt;

/// The default theme's page and card backgrounds the accent is read on (see
/// `themes/default/static/style.css`): light page, light card, dark page, dark card.
pub const LIGHT_BACKGROUNDS: [(&str, Rgb); 3] = [
    ("the light page background", Rgb(0xfb, 0xf8, 0xf3)),
    ("the light card background", Rgb(0xff, 0xff, 0xff)),
    ("the light panel background", Rgb(0xf3, 0xec, 0xe2)),
];
/// The dark scheme's page, card and panel backgrounds.
pub const DARK_BACKGROUNDS: [(&str, Rgb); 3] = [
    ("the dark page background", Rgb(0x16, 0x13, 0x11)),
    ("the dark card background", Rgb(0x20, 0x1c, 0x19)),
    ("the dark panel background", Rgb(0x2a, 0x24, 0x20)),
];
/// The footer's text colours (the footer background is derived from the accent).
const FOOTER_TEXT: Rgb = Rgb(0xe7, 0xec, 0xea);
const FOOTER_MUTED: Rgb = Rgb(0xb9, 0xc4, 0xc1);
/// WCAG 2 AA for normal text.
pub const AA: f64 = 4.5;

const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);
const INK: Rgb = Rgb(0x11, 0x11, 0x11);
const BLACK: Rgb = Rgb(0, 0, 0);

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

impl Rgb {
    /// `#0d5f59` or `#fc0`.
    pub fn parse(s: &str) -> Result<Rgb, String> {
        let bad = || format!("{s:?} is not a colour: write it as #rrggbb, e.g. \"#0d5f59\"");
        let hex = s.trim().strip_prefix('#').ok_or_else(bad)?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let digit = |i: usize, n: usize| u8::from_str_radix(&hex[i..i + n], 16).map_err(|_| bad());
        match hex.len() {
            6 => Ok(Rgb(digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
            3 => {
                let d = |i| digit(i, 1).map(|v| v * 17);
                Ok(Rgb(d(0)?, d(1)?, d(2)?))
            }
            _ => Err(bad()),
        }
    }

    /// Relative luminance (WCAG 2).
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// Contrast ratio with `other`, 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// `self` moved towards `to` by `t` (0 to 1).
    pub fn mix(self, to: Rgb, t: f64) -> Rgb {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(m(self.0, to.0), m(self.1, to.1), m(self.2, to.2))
    }

    /// The least mix towards `to` (in steps of 2%) that reads at `ratio` on every background.
    fn until_readable(self, to: Rgb, backgrounds: &[Rgb], ratio: f64) -> Rgb {
        (0..=50)
            .map(|i| self.mix(to, f64::from(i) / 50.0))
            .find(|c| backgrounds.iter().all(|b| c.contrast(*b) >= ratio))
            .unwrap_or(to)
    }

    /// White or ink, whichever reads better on `self`.
    fn text_on(self) -> Rgb {
        if WHITE.contrast(self) >= INK.contrast(self) {
            WHITE
        } else {
            INK
        }
    }
}

/// The default theme's colours derived from an accent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Palette {
    /// The accent as given.
    pub accent: Rgb,
    light: Scheme,
    dark: Scheme,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Scheme {
    accent: Rgb,
    hover: Rgb,
    soft: Rgb,
    hero: Rgb,
    on_accent: Rgb,
    topbar: Rgb,
    topbar_text: Rgb,
    footer: Rgb,
    footer_link: Rgb,
}

impl Palette {
    /// Derives the palette, or says which pair misses AA contrast and by how much, and
    /// suggests the nearest darker accent that passes.
    pub fn new(accent: Rgb) -> Result<Palette, String> {
        Palette::derive(accent).map_err(|m| {
            let better = (1..=50)
                .map(|i| accent.mix(BLACK, f64::from(i) / 50.0))
                .find(|c| Palette::derive(*c).is_ok());
            match better {
                Some(b) => format!("{m}; choose a darker accent, e.g. \"{b}\""),
                None => format!("{m}; choose another accent"),
            }
        })
    }

    fn derive(accent: Rgb) -> Result<Palette, String> {
        for (name, bg) in LIGHT_BACKGROUNDS {
            let ratio = accent.contrast(bg);
            if ratio < AA {
                return Err(format!(
                    "links and headings in the accent colour {accent} on {name} ({bg}) have a contrast of {ratio:.2}:1, and WCAG AA needs {AA}:1 for text"
                ));
            }
        }
        let on_accent = accent.text_on();
        let ratio = on_accent.contrast(accent);
        if ratio < AA {
            return Err(format!(
                "button text ({on_accent}) on the accent colour {accent} has a contrast of {ratio:.2}:1, and WCAG AA needs {AA}:1 for text"
            ));
        }
        let topbar = accent.mix(BLACK, 0.55);
        let footer = accent.mix(BLACK, 0.8);
        let footer_link = accent.until_readable(WHITE, &[footer], AA + 0.1);
        let light = Scheme {
            accent,
            hover: accent.mix(BLACK, 0.2),
            soft: accent.mix(WHITE, 0.88),
            hero: accent.mix(WHITE, 0.92),
            on_accent,
            topbar,
            topbar_text: topbar.text_on(),
            footer,
            footer_link,
        };
        let dark_soft = accent.mix(DARK_BACKGROUNDS[0].1, 0.8);
        let dark_hero = accent.mix(DARK_BACKGROUNDS[0].1, 0.88);
        let mut dark_bgs: Vec<Rgb> = DARK_BACKGROUNDS.iter().map(|(_, c)| *c).collect();
        dark_bgs.extend([dark_soft, dark_hero]);
        let dark_accent = accent.until_readable(WHITE, &dark_bgs, AA + 0.1);
        let dark_topbar = accent.mix(BLACK, 0.75);
        let dark = Scheme {
            accent: dark_accent,
            hover: dark_accent.mix(WHITE, 0.25),
            soft: dark_soft,
            hero: dark_hero,
            on_accent: dark_accent.text_on(),
            topbar: dark_topbar,
            topbar_text: dark_topbar.text_on(),
            footer: accent.mix(BLACK, 0.88),
            footer_link: accent.until_readable(WHITE, &[accent.mix(BLACK, 0.88)], AA + 0.1),
        };
        for (scheme, name) in [(&light, "light"), (&dark, "dark")] {
            for (what, fg, bg) in [
                ("button text on the accent", scheme.on_accent, scheme.accent),
                (
                    "button text on the hovered accent",
                    scheme.on_accent,
                    scheme.hover,
                ),
                ("the top bar's text", scheme.topbar_text, scheme.topbar),
                (
                    "accent links on the soft accent",
                    scheme.accent,
                    scheme.soft,
                ),
                (
                    "accent links on the hero background",
                    scheme.accent,
                    scheme.hero,
                ),
                ("the footer's links", scheme.footer_link, scheme.footer),
                ("the footer's text", FOOTER_TEXT, scheme.footer),
                ("the footer's muted text", FOOTER_MUTED, scheme.footer),
            ] {
                let ratio = fg.contrast(bg);
                if ratio < AA {
                    return Err(format!(
                        "in the {name} scheme, {what} ({fg} on {bg}) has a contrast of {ratio:.2}:1, and WCAG AA needs {AA}:1 for text"
                    ));
                }
            }
        }
        Ok(Palette {
            accent,
            light,
            dark,
        })
    }

    /// CSS custom properties for both schemes (the default theme's names).
    pub fn css(&self) -> String {
        let vars = |s: &Scheme| {
            format!(
                "--accent:{};--accent-hover:{};--accent-soft:{};--hero-bg:{};--on-accent:{};--topbar-bg:{};--topbar-text:{};--footer-bg:{};--footer-link:{};",
                s.accent,
                s.hover,
                s.soft,
                s.hero,
                s.on_accent,
                s.topbar,
                s.topbar_text,
                s.footer,
                s.footer_link
            )
        };
        format!(
            ":root{{{}}}@media (prefers-color-scheme: dark){{:root{{{}}}}}",
            vars(&self.light),
            vars(&self.dark)
        )
    }
}

/// The texts the default theme shows on a `brand.highlight` band, in both schemes (the
/// band stays light): its text, its muted text and the accent's links (`accent`: the
/// site's, else the theme's). Errors name the pair, the ratio and a lighter colour.
pub fn check_highlight_with(highlight: Rgb, accent: Rgb) -> Result<Rgb, String> {
    let pairs = [
        ("text", HIGHLIGHT_TEXT),
        ("muted text", HIGHLIGHT_MUTED),
        ("accent links", accent),
    ];
    let fails = |c: Rgb| {
        pairs
            .iter()
            .find(|(_, fg)| fg.contrast(c) < AA)
            .map(|(what, fg)| (*what, *fg, fg.contrast(c)))
    };
    match fails(highlight) {
        None => Ok(highlight),
        Some((what, fg, ratio)) => {
            let better = (1..=50)
                .map(|i| highlight.mix(WHITE, f64::from(i) / 50.0))
                .find(|c| fails(*c).is_none());
            let hint = match better {
                Some(b) => format!("choose a lighter highlight, e.g. \"{b}\""),
                None => "choose a lighter highlight".to_string(),
            };
            Err(format!(
                "{what} ({fg}) on the highlight colour {highlight} has a contrast of {ratio:.2}:1, and WCAG AA needs {AA}:1 for text; {hint}"
            ))
        }
    }
}

/// The default theme's call-to-action band in the highlight colour, with the light
/// scheme's dark text and `accent` in both schemes (the band stays light).
pub fn highlight_css(highlight: Rgb, accent: Rgb) -> String {
    let on_accent = accent.text_on();
    format!(
        ".band-cta{{--highlight:{highlight};background:{highlight};color:{HIGHLIGHT_TEXT};--text:{HIGHLIGHT_TEXT};--muted:{HIGHLIGHT_MUTED};--accent:{accent};--accent-hover:{};--on-accent:{on_accent};--border:{}}}",
        accent.mix(BLACK, 0.2),
        highlight.mix(BLACK, 0.15)
    )
}

/// The dark text the default theme shows on a highlight band (its light `--text`).
pub const HIGHLIGHT_TEXT: Rgb = Rgb(0x24, 0x1f, 0x1b);
/// The muted text on a highlight band (its light `--muted`).
pub const HIGHLIGHT_MUTED: Rgb = Rgb(0x5a, 0x50, 0x49);

/// Whether an SVG draws text (`<text>` elements): a lettered logo, illegible as a favicon.
pub fn svg_has_text(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    text.match_indices("<text").any(|(i, _)| {
        text[i + 5..]
            .chars()
            .next()
            .is_some_and(|c| c.is_whitespace() || c == '>' || c == '/')
    })
}

/// The default theme's accent (`--accent` in its `style.css`): the brand colour of a site
/// that names none, for `theme-color` and the web app manifest.
pub const DEFAULT_ACCENT: Rgb = Rgb(0x0d, 0x5f, 0x59);

/// The most bytes a logo file may have: a logo is small, and a huge file is a mistake.
pub const MAX_LOGO_BYTES: usize = 2 * 1024 * 1024;

/// A logo or icon file of the site's `static/`, measured when `site.yaml` is read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Logo {
    /// The site path, without a leading slash (`logo.svg`, `img/logo.png`).
    pub path: String,
    /// Its intrinsic size in CSS pixels.
    pub width: u32,
    /// Its intrinsic height.
    pub height: u32,
    /// An SVG (else a raster image).
    pub svg: bool,
    /// A hash of its bytes: the favicons made from it change exactly when this does.
    pub hash: u64,
}

impl Logo {
    /// A logo named in `site.yaml`, not read yet ([`crate::config::load`] reads it).
    pub fn named(path: String) -> Logo {
        Logo {
            path: path.trim_start_matches('/').to_string(),
            width: 0,
            height: 0,
            svg: path.to_ascii_lowercase().ends_with(".svg"),
            hash: 0,
        }
    }

    /// Reads and measures `static/<path>`. Errors are sentences about the file.
    pub fn read(static_dir: &std::path::Path, path: &str) -> Result<Logo, String> {
        let path = path.trim_start_matches('/').to_string();
        let bytes =
            std::fs::read(static_dir.join(&path)).map_err(|e| format!("cannot be read: {e}"))?;
        let svg = path.to_ascii_lowercase().ends_with(".svg");
        let (width, height) = measure(&bytes, svg)?;
        Ok(Logo {
            hash: crate::hash::of(&bytes),
            path,
            width,
            height,
            svg,
        })
    }
}

/// The size of a logo, refusing files too big or unreadable.
pub fn measure(bytes: &[u8], svg: bool) -> Result<(u32, u32), String> {
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(format!(
            "is {} KiB, and a logo may have at most {} KiB: export it smaller",
            bytes.len() / 1024,
            MAX_LOGO_BYTES / 1024
        ));
    }
    if svg {
        let tree = parse_svg(bytes)?;
        let size = tree.size();
        Ok((size.width().ceil() as u32, size.height().ceil() as u32))
    } else {
        let info = crate::images::probe::probe(bytes)?;
        Ok((info.width, info.height))
    }
}

/// Parses an SVG without reading any other file or embedded image.
fn parse_svg(bytes: &[u8]) -> Result<resvg::usvg::Tree, String> {
    let options = resvg::usvg::Options {
        image_href_resolver: resvg::usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..Default::default()
    };
    let tree = resvg::usvg::Tree::from_data(bytes, &options)
        .map_err(|e| format!("is not an SVG image frontdesk can read ({e})"))?;
    let size = tree.size();
    if !(size.width() >= 1.0 && size.height() >= 1.0) {
        return Err("has no size: give the <svg> element a viewBox".into());
    }
    Ok(tree)
}

/// A square PNG icon `size` pixels wide made from a logo's bytes: the logo scaled to fit,
/// centred, on `background` (transparent when None).
pub fn icon_png(
    bytes: &[u8],
    svg: bool,
    size: u32,
    background: Option<Rgb>,
) -> Result<Vec<u8>, String> {
    let rgba: image::RgbaImage = if svg {
        let tree = parse_svg(bytes)?;
        let mut pixmap = resvg::tiny_skia::Pixmap::new(size, size).ok_or("icon size is zero")?;
        let s = tree.size();
        let scale = (size as f32 / s.width()).min(size as f32 / s.height());
        let (dx, dy) = (
            (size as f32 - s.width() * scale) / 2.0,
            (size as f32 - s.height() * scale) / 2.0,
        );
        let transform = resvg::tiny_skia::Transform::from_row(scale, 0.0, 0.0, scale, dx, dy);
        resvg::render(&tree, transform, &mut pixmap.as_mut());
        image::RgbaImage::from_raw(size, size, pixmap.take_demultiplied())
            .ok_or("the rendered icon has the wrong size")?
    } else {
        let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|e| e.to_string())?;
        reader.limits(crate::images::probe::limits());
        let logo = reader
            .decode()
            .map_err(|e| format!("cannot be decoded: {e}"))?;
        let fit = logo
            .resize(size, size, image::imageops::FilterType::Lanczos3)
            .to_rgba8();
        let mut canvas = image::RgbaImage::new(size, size);
        let (x, y) = ((size - fit.width()) / 2, (size - fit.height()) / 2);
        image::imageops::overlay(&mut canvas, &fit, i64::from(x), i64::from(y));
        canvas
    };
    let rgba = match background {
        Some(bg) => {
            let mut canvas =
                image::RgbaImage::from_pixel(size, size, image::Rgba([bg.0, bg.1, bg.2, 255]));
            image::imageops::overlay(&mut canvas, &rgba, 0, 0);
            canvas
        }
        None => rgba,
    };
    let mut png = Vec::new();
    image::DynamicImage::ImageRgba8(rgba)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    Ok(png)
}

/// `favicon.ico`: the 32 and 16 pixel icons as PNG frames of one ICO file.
pub fn icon_ico(bytes: &[u8], svg: bool) -> Result<Vec<u8>, String> {
    let frames = [32, 16]
        .into_iter()
        .map(|size| {
            let png = icon_png(bytes, svg, size, None)?;
            image::codecs::ico::IcoFrame::with_encoded(
                png,
                size,
                size,
                image::ExtendedColorType::Rgba8,
            )
            .map_err(|e| e.to_string())
        })
        .collect::<Result<Vec<_>, String>>()?;
    let mut ico = Vec::new();
    image::codecs::ico::IcoEncoder::new(&mut ico)
        .encode_images(&frames)
        .map_err(|e| e.to_string())?;
    Ok(ico)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag_examples() {
        assert!((WHITE.contrast(BLACK) - 21.0).abs() < 1e-9);
        assert!((Rgb::parse("#777").unwrap().contrast(WHITE) - 4.48).abs() < 0.01);
        assert_eq!(Rgb::parse("#0D5F59").unwrap(), Rgb(0x0d, 0x5f, 0x59));
        assert!(Rgb::parse("0d5f59").is_err() && Rgb::parse("#12345").is_err());
        assert!(Rgb::parse("#ggg").is_err());
    }

    #[test]
    fn a_readable_accent_gets_both_schemes() {
        let p = Palette::new(Rgb::parse("#0d5f59").unwrap()).unwrap();
        assert!(p.dark.accent.contrast(DARK_BACKGROUNDS[0].1) >= AA);
        assert!(p.light.on_accent.contrast(p.light.accent) >= AA);
        let css = p.css();
        assert!(css.starts_with(":root{--accent:#0d5f59;"), "{css}");
        assert!(css.contains("@media (prefers-color-scheme: dark)"));
    }

    #[test]
    fn a_pale_accent_is_refused_with_the_pair_and_the_ratio() {
        let e = Palette::new(Rgb::parse("#ffcc00").unwrap()).unwrap_err();
        assert!(
            e.starts_with("links and headings in the accent colour #ffcc00 on the light page background (#fbf8f3) have a contrast of 1."),
            "{e}"
        );
        let better = e.rsplit("e.g. \"").next().unwrap().trim_end_matches('"');
        let again = Palette::new(Rgb::parse(better).unwrap());
        assert!(again.is_ok(), "{better}: {again:?}");
        // A mid grey is just too light for links on the page; a darker one passes.
        assert!(Palette::new(Rgb::parse("#777777").unwrap()).is_err());
        let grey = Palette::new(Rgb::parse("#595959").unwrap());
        assert!(grey.is_ok(), "{grey:?}");
    }
}
