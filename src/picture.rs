//! What a page shows for a picture, and the names of the files made from an image: below
//! the Markdown renderer (which writes `<picture>`) and the image stage (which makes the
//! files), so both name them alike.

use std::path::PathBuf;

/// The `sizes` of a picture in the prose column: the column's width (46rem) on a wide
/// screen, the screen less its margins (`--gap`, `clamp(1rem, 3vw, 2rem)` each side) on a
/// narrower one: 3vw passes 1rem at 33.33rem.
pub const SIZES: &str = "(min-width: 50rem) 46rem, (min-width: 33.4rem) 94vw, calc(100vw - 2rem)";

/// The `sizes` of a picture in a gallery: a cell of the prose column's grid, three
/// columns from 30rem (a 46rem column less two 0.5rem gaps on a wide screen), two below.
pub const GALLERY_SIZES: &str =
    "(min-width: 50rem) 15rem, (min-width: 30rem) 31vw, calc(50vw - 1.25rem)";

/// What a page shows for a local raster image: its size and its variants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// The image file, relative to the site folder.
    pub file: PathBuf,
    /// The original's URL, as the page links it.
    pub url: String,
    /// The `<img src>`: the light fallback's URL (the original's for an animated image).
    pub src: String,
    /// Width of the fallback.
    pub width: u32,
    /// Height of the fallback.
    pub height: u32,
    /// Widths of its WebP variants (none for an animated image).
    pub variants: Vec<u32>,
}

impl Picture {
    /// Everything the HTML depends on, as one string (recorded by the build cache).
    pub fn key(&self) -> String {
        format!(
            "{}|{}|{}x{}|{:?}",
            self.file.display(),
            self.src,
            self.width,
            self.height,
            self.variants
        )
    }

    /// `<picture>` (or `<img>` alone when there are no variants) with `alt` (escaped here)
    /// and `title`; `lazy` for images below the first screen, else fetched first (the
    /// first picture of a page is the likely largest paint).
    pub fn html(&self, alt: &str, title: &str, lazy: bool) -> String {
        self.html_sized(alt, title, lazy, SIZES)
    }

    /// The largest light copy published: the widest WebP variant (the fallback, or the
    /// original of an animated image, when there is none). A gallery links it.
    pub fn full(&self) -> String {
        match self.variants.iter().max() {
            Some(w) => variant_url(&self.url, *w),
            None => in_srcset(&self.src),
        }
    }

    /// [`Picture::html`] with the `sizes` of where it is shown.
    pub fn html_sized(&self, alt: &str, title: &str, lazy: bool, sizes: &str) -> String {
        let esc = |s: &str| html_escape::encode_double_quoted_attribute(s).into_owned();
        let mut out = String::new();
        if !self.variants.is_empty() {
            out.push_str("<picture><source type=\"image/webp\" srcset=\"");
            for (i, w) in self.variants.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&esc(&variant_url(&self.url, *w)));
                out.push_str(&format!(" {w}w"));
            }
            out.push_str(&format!("\" sizes=\"{sizes}\">"));
        }
        out.push_str(&format!(
            "<img src=\"{}\" alt=\"{}\"",
            esc(&in_srcset(&self.src)),
            esc(alt)
        ));
        if !title.is_empty() {
            out.push_str(&format!(" title=\"{}\"", esc(title)));
        }
        out.push_str(&format!(
            " width=\"{}\" height=\"{}\"",
            self.width, self.height
        ));
        out.push_str(" decoding=\"async\"");
        out.push_str(if lazy {
            " loading=\"lazy\">"
        } else {
            " fetchpriority=\"high\">"
        });
        if !self.variants.is_empty() {
            out.push_str("</picture>");
        }
        out
    }
}

/// A picture as a template shows it (the home page's photo, a post's card): the theme
/// writes the `<picture>`, with the `sizes`, the crop and the loading it needs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct PictureView {
    /// The light fallback (JPEG, or PNG when transparent): `<img src>`.
    pub src: String,
    /// The WebP variants as a `srcset` (empty when there are none).
    pub srcset: String,
    /// The fallback's width.
    pub width: u32,
    /// The fallback's height.
    pub height: u32,
    /// The height of the fallback cropped to 3:2 (the default theme's cards and hero).
    pub height_3x2: u32,
    /// What it shows (empty: decorative).
    pub alt: String,
    /// Where a crop is centred, as CSS `object-position` (`50% 30%`).
    pub position: String,
    /// The largest light copy published (the widest WebP variant).
    pub full: String,
}

/// The site path of a variant: `a/photo.jpg` -> `a/photo.jpg.480w.webp`.
pub fn variant_path(original: &str, width: u32) -> String {
    format!("{original}.{width}w.webp")
}

/// The site path of a fallback (JPEG, or PNG for an image with `alpha`):
/// `a/photo.jpg` -> `a/photo.jpg.1600w.jpg`.
pub fn fallback_path(original: &str, width: u32, alpha: bool) -> String {
    let ext = if alpha { "png" } else { "jpg" };
    format!("{original}.{width}w.{ext}")
}

/// The URL of a fallback from the original's URL as a page links it (see [`variant_url`]).
pub fn fallback_url(original: &str, width: u32, alpha: bool) -> String {
    let end = original.find(['?', '#']).unwrap_or(original.len());
    in_srcset(&fallback_path(&original[..end], width, alpha))
}

/// The URL of a variant from the original's URL as a page links it (its query and
/// fragment dropped; spaces and commas, which would split a `srcset`, escaped).
pub fn variant_url(original: &str, width: u32) -> String {
    let end = original.find(['?', '#']).unwrap_or(original.len());
    in_srcset(&variant_path(&original[..end], width))
}

/// The site path of the social card: `a/photo.jpg` -> `a/photo.jpg.card.jpg`.
pub fn card_path(original: &str) -> String {
    format!("{original}.card.jpg")
}

/// A site path as a URL path: characters a URL cannot hold as they are (space, `#`, `?`,
/// `%`, quotes) percent-encoded; letters of any script stay.
pub fn url_path(path: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}')
        .add(b',');
    percent_encoding::utf8_percent_encode(path, SET).to_string()
}

/// A URL as written, made safe inside `srcset` and `src`: whitespace and commas escaped.
fn in_srcset(url: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b',')
        .add(b'"')
        .add(b'<')
        .add(b'>');
    percent_encoding::utf8_percent_encode(url, SET).to_string()
}

/// Where a social card is cropped around, as fractions of the width and height.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Focus {
    /// From the left, 0 to 1.
    pub x: f64,
    /// From the top, 0 to 1.
    pub y: f64,
}

impl std::hash::Hash for Focus {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (self.x.to_bits(), self.y.to_bits()).hash(h);
    }
}

impl Focus {
    /// The middle.
    pub const CENTRE: Focus = Focus { x: 0.5, y: 0.5 };

    /// Parses `"30% 40%"`, `center`, `top`, `bottom`, `left`, `right` or two of them.
    pub fn parse(s: &str) -> Result<Focus, String> {
        let mut f = Focus::CENTRE;
        let words: Vec<&str> = s.split_whitespace().collect();
        let bad = || {
            format!(
                "{s:?} is not a focus point: write two percentages (`30% 40%`, from the left and from the top) or words (`top`, `bottom left`, `center`)"
            )
        };
        if words.is_empty() || words.len() > 2 {
            return Err(bad());
        }
        if words.iter().all(|w| w.ends_with('%')) && words.len() == 2 {
            let pct = |w: &str| -> Result<f64, String> {
                let v: f64 = w.trim_end_matches('%').parse().map_err(|_| bad())?;
                if (0.0..=100.0).contains(&v) {
                    Ok(v / 100.0)
                } else {
                    Err(bad())
                }
            };
            return Ok(Focus {
                x: pct(words[0])?,
                y: pct(words[1])?,
            });
        }
        // Each axis named once: "left right" or "top bottom" says nothing.
        let (mut x_set, mut y_set) = (false, false);
        for w in words {
            let (axis, value) = match w {
                "center" | "centre" => continue,
                "top" => ('y', 0.0),
                "bottom" => ('y', 1.0),
                "left" => ('x', 0.0),
                "right" => ('x', 1.0),
                _ => return Err(bad()),
            };
            let set = if axis == 'x' { &mut x_set } else { &mut y_set };
            if *set {
                return Err(bad());
            }
            *set = true;
            if axis == 'x' {
                f.x = value;
            } else {
                f.y = value;
            }
        }
        Ok(f)
    }

    /// The focus in a file name: `030-040` (percent from the left, from the top).
    pub fn name(&self) -> String {
        format!(
            "{:03}-{:03}",
            (self.x * 100.0).round(),
            (self.y * 100.0).round()
        )
    }
}
