//! What an image is, read from its header without decoding its pixels: format, size (upright,
//! after the EXIF orientation), orientation, animation, and whether it is whole.

use std::io::Cursor;

use image::{ImageDecoder, ImageFormat, ImageReader};
use serde::{Deserialize, Serialize};

/// The raster formats frontdesk reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Format {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// WebP.
    Webp,
    /// GIF.
    Gif,
}

impl Format {
    /// The format a file name promises, if it is a raster image frontdesk reads.
    pub fn of_name(name: &str) -> Option<Format> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "jpg" | "jpeg" | "jpe" | "jfif" | "pjpeg" | "pjp" => Format::Jpeg,
            "png" => Format::Png,
            "webp" => Format::Webp,
            "gif" => Format::Gif,
            _ => return None,
        })
    }

    /// For a photo format frontdesk cannot read: why it matters, by its name (`.heic`,
    /// `.tiff`, `.avif`, `.bmp`) and whether browsers show it at all.
    pub fn unreadable(name: &str) -> Option<(&'static str, bool)> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "heic" | "heif" => (
                "is a HEIC photo (the iPhone's format), which most browsers cannot show: export it as JPEG (on the iPhone: Settings > Camera > Formats > Most Compatible)",
                false,
            ),
            "tif" | "tiff" => (
                "is a TIFF image, which most browsers cannot show: save it as JPEG or PNG",
                false,
            ),
            "avif" | "bmp" => (
                "is a format frontdesk cannot read: it is published as it is, with any metadata it holds (a GPS position, the camera's serial); save it as JPEG, PNG or WebP to have it stripped, measured and made smaller",
                true,
            ),
            _ => return None,
        })
    }

    /// The name people know it by.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::Webp => "WebP",
            Format::Gif => "GIF",
        }
    }

    pub(crate) fn image_format(self) -> ImageFormat {
        match self {
            Format::Jpeg => ImageFormat::Jpeg,
            Format::Png => ImageFormat::Png,
            Format::Webp => ImageFormat::WebP,
            Format::Gif => ImageFormat::Gif,
        }
    }
}

/// An image as its header describes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Info {
    /// Hash of the file's bytes: what its variants are cached by.
    pub hash: u64,
    /// The format of its bytes (whatever its name says).
    pub format: Format,
    /// Width as shown (after the EXIF orientation).
    pub width: u32,
    /// Height as shown.
    pub height: u32,
    /// EXIF orientation, 1 (upright) to 8.
    pub orientation: u8,
    /// More than one frame: published as it is, without variants.
    pub animated: bool,
    /// Has an alpha channel: its light fallback is a PNG (else a JPEG).
    #[serde(default)]
    pub alpha: bool,
}

/// The most pixels frontdesk decodes in one image: a 48-megapixel phone photo fits, a
/// decompression bomb (a few KB that claim 30000x30000 pixels) does not.
pub const MAX_PIXELS: u64 = 64_000_000;

/// The most memory one decode may allocate (RGBA at [`MAX_PIXELS`], and some room).
pub const MAX_ALLOC: u64 = MAX_PIXELS * 4 + 64 * 1024 * 1024;

/// The most compressed colour profile and text a PNG may hold.
const MAX_PACKED: usize = 512 * 1024;

/// The most a PNG's compressed colour profile or text may inflate to (real profiles are
/// a few KB; the largest printer profiles about 1 MB).
const MAX_INFLATED: usize = 4 * 1024 * 1024;

/// The zlib stream inside a PNG chunk that carries one: `iCCP` and `zTXt` (name, NUL,
/// method, stream) and a compressed `iTXt` (keyword, NUL, flag, method, language, NUL,
/// translated keyword, NUL, stream).
fn packed_stream<'a>(kind: &[u8; 4], data: &'a [u8]) -> Option<&'a [u8]> {
    let after_nul = |d: &'a [u8]| d.iter().position(|&b| b == 0).map(|i| &d[i + 1..]);
    match kind {
        b"iCCP" | b"zTXt" => after_nul(data)?.get(1..),
        b"iTXt" => {
            let rest = after_nul(data)?;
            let (&compressed, rest) = rest.split_first()?;
            if compressed == 0 {
                return None;
            }
            after_nul(after_nul(rest.get(1..)?)?)
        }
        _ => None,
    }
}

/// Decoder limits for every image frontdesk reads.
pub fn limits() -> image::Limits {
    let mut l = image::Limits::default();
    l.max_image_width = Some(30_000);
    l.max_image_height = Some(30_000);
    l.max_alloc = Some(MAX_ALLOC);
    l
}

/// Reads what `bytes` are. Errors are plain sentences about the file.
pub fn probe(bytes: &[u8]) -> Result<Info, String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let format = match reader.format() {
        Some(ImageFormat::Jpeg) => Format::Jpeg,
        Some(ImageFormat::Png) => Format::Png,
        Some(ImageFormat::WebP) => Format::Webp,
        Some(ImageFormat::Gif) => Format::Gif,
        Some(other) => {
            let name = format!("{other:?}").to_uppercase();
            return Err(format!(
                "is an image in {name} format, which browsers and frontdesk do not all read: save it as JPEG, PNG or WebP"
            ));
        }
        None if looks_like_heic(bytes) => {
            return Err(
                "is a HEIC photo (the iPhone's format), which most browsers cannot show: export it as JPEG (on the iPhone: Settings > Camera > Formats > Most Compatible)".into(),
            );
        }
        None => return Err("is not an image frontdesk can read (JPEG, PNG, WebP or GIF)".into()),
    };
    if !whole(bytes, format) {
        return Err(format!(
            "is cut short (a {} file missing its end): copy it again from the camera or phone",
            format.name()
        ));
    }
    if format == Format::Png {
        let chunks = super::strip::png_chunks(bytes)
            .ok_or("is damaged and cannot be read (its PNG chunks do not add up)")?;
        // Compressed chunks the decoder inflates whole: a colour profile of a few MB can
        // inflate to gigabytes. Real profiles and texts are a few KB.
        let packed: usize = chunks
            .iter()
            .filter(|(k, _)| matches!(k, b"iCCP" | b"zTXt" | b"iTXt"))
            .map(|(_, len)| len)
            .sum();
        if packed > MAX_PACKED {
            return Err(format!(
                "holds {} KB of compressed colour profile or text (real ones are a few KB): refused, it could inflate to gigabytes; save the image again without it",
                packed / 1024
            ));
        }
        // Small can still inflate to hundreds of MB (the decoder would hold it all): each
        // is inflated here, into at most MAX_INFLATED bytes, before any decoder sees it.
        let mut at = 8;
        for (kind, len) in &chunks {
            let data = &bytes[at + 8..at + 8 + len];
            at += 12 + len;
            if let Some(stream) = packed_stream(kind, data)
                && let Err(e) =
                    miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(stream, MAX_INFLATED)
                && e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput
            {
                return Err(format!(
                    "holds a compressed colour profile or text that inflates to more than {} MB (real ones are a few KB): refused, the decoder would hold all of it; save the image again without it",
                    MAX_INFLATED / (1024 * 1024)
                ));
            }
        }
    }
    let mut reader = reader;
    reader.limits(limits());
    let (w, h) = header_size(bytes, format)?;
    let frames = match format {
        Format::Gif => {
            let frames = super::strip::gif_frames(bytes)
                .ok_or("is damaged and cannot be read (its GIF blocks do not add up)")?;
            // A frame larger than the canvas makes the decoder allocate for the frame:
            // a 43-byte file could ask for gigabytes.
            if let Some((x, y, fw, fh)) = frames
                .iter()
                .find(|(x, y, fw, fh)| x + fw > w || y + fh > h)
            {
                return Err(format!(
                    "is damaged: a frame of {fw}x{fh} pixels at {x},{y} does not fit its {w}x{h} canvas"
                ));
            }
            frames.len()
        }
        _ => 0,
    };
    let pixels = u64::from(w) * u64::from(h);
    if pixels > MAX_PIXELS {
        return Err(format!(
            "is {w}x{h} pixels ({} megapixels): frontdesk reads images of up to {} megapixels; make it smaller",
            pixels / 1_000_000,
            MAX_PIXELS / 1_000_000
        ));
    }
    let mut decoder = reader.into_decoder().map_err(|e| why(&e))?;
    let orientation = decoder
        .orientation()
        .map(|o| o.to_exif())
        .unwrap_or(1)
        .clamp(1, 8);
    let (width, height) = if orientation >= 5 { (h, w) } else { (w, h) };
    let alpha = decoder.color_type().has_alpha();
    drop(decoder);
    Ok(Info {
        hash: crate::hash::bytes(bytes),
        format,
        width,
        height,
        orientation,
        animated: frames > 1 || animated(bytes, format),
        alpha,
    })
}

/// The stored size, read before any decoder allocates (the limits are checked first).
fn header_size(bytes: &[u8], format: Format) -> Result<(u32, u32), String> {
    let mut r = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    // Only the header is read here; the size is checked against MAX_PIXELS next.
    r.no_limits();
    r.into_dimensions().map_err(|e| why(&e))
}

/// A decoder's error as a sentence about the file.
pub fn why(e: &image::ImageError) -> String {
    match e {
        image::ImageError::Limits(_) => format!(
            "needs more memory to decode than frontdesk allows one image ({} MB): make it smaller",
            MAX_ALLOC / 1_000_000
        ),
        image::ImageError::Unsupported(u) => format!("cannot be read: {u}"),
        other => {
            // "Format error decoding Png: CRC error: ... while decoding ChunkType { .. }"
            // becomes "CRC error: ...": the decoder's words, without its debug dump.
            let text = other.to_string();
            let text = text.split(" while decoding").next().unwrap_or(&text);
            let text = text.split_once(": ").map_or(text, |(head, rest)| {
                if head.starts_with("Format error") {
                    rest
                } else {
                    text
                }
            });
            format!(
                "is damaged and cannot be read ({})",
                text.trim_end_matches('.')
            )
        }
    }
}

/// Whether the file ends as a whole file of its format ends.
fn whole(b: &[u8], format: Format) -> bool {
    match format {
        // The end-of-image marker; some cameras pad after it.
        Format::Jpeg => {
            let tail = &b[b.len().saturating_sub(4096)..];
            tail.windows(2).any(|w| w == [0xFF, 0xD9])
        }
        Format::Png => {
            let tail = &b[b.len().saturating_sub(64)..];
            tail.windows(4).any(|w| w == b"IEND")
        }
        Format::Webp => b.get(4..8).is_some_and(|s| {
            let riff = u32::from_le_bytes(s.try_into().expect("4 bytes")) as usize;
            riff + 8 <= b.len()
        }),
        Format::Gif => b[b.len().saturating_sub(16)..].contains(&0x3B),
    }
}

fn animated(b: &[u8], format: Format) -> bool {
    match format {
        // Counted from the blocks (see `probe`).
        Format::Gif => false,
        Format::Png => image::codecs::png::PngDecoder::new(Cursor::new(b))
            .and_then(|d| d.is_apng())
            .unwrap_or(false),
        Format::Webp => {
            image::codecs::webp::WebPDecoder::new(Cursor::new(b)).is_ok_and(|d| d.has_animation())
        }
        Format::Jpeg => false,
    }
}

fn looks_like_heic(b: &[u8]) -> bool {
    b.get(4..8) == Some(b"ftyp")
        && b.get(8..12).is_some_and(|brand| {
            [b"heic", b"heix", b"mif1", b"msf1", b"hevc", b"avif"]
                .contains(&brand.try_into().unwrap_or(&[0u8; 4]))
        })
}
