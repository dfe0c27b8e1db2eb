//! Pixels in, published files out: one decode per image (bounded by [`super::probe::limits`]),
//! the EXIF orientation applied, each smaller width resized from the one above it with
//! `fast_image_resize`, WebP from libwebp, the social card cropped around its focus.

use std::io::Cursor;

use fast_image_resize::images::{Image as FirImage, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageDecoder, ImageReader};

use super::probe::{Format, Info, limits, why};
use super::{CARD_HEIGHT, CARD_WIDTH, Focus};
use crate::config::ImageSettings;

/// The largest width or height a WebP file can have.
pub const WEBP_MAX: u32 = 16383;

/// Upright pixels of an image, 8 bits per channel, with alpha only when it has any.
pub struct Pixels {
    /// RGB or RGBA bytes.
    pub buf: Vec<u8>,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
    /// Four channels (else three).
    pub alpha: bool,
    /// The colour profile the pixels are in (kept in every file made from them, or a
    /// wide-gamut phone photo would look dull).
    pub icc: Option<std::sync::Arc<Vec<u8>>>,
}

/// Decodes (the first frame of) `bytes` upright.
pub fn decode(bytes: &[u8], info: &Info) -> Result<Pixels, String> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), info.format.image_format());
    reader.limits(limits());
    let mut decoder = reader.into_decoder().map_err(|e| why(&e))?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let icc = decoder
        .icc_profile()
        .ok()
        .flatten()
        .filter(|p| !p.is_empty())
        .map(std::sync::Arc::new);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| why(&e))?;
    img.apply_orientation(orientation);
    let alpha = img.color().has_alpha();
    let (width, height) = (img.width(), img.height());
    let buf = match (alpha, img) {
        (false, DynamicImage::ImageRgb8(b)) => b.into_raw(),
        (true, DynamicImage::ImageRgba8(b)) => b.into_raw(),
        (false, other) => other.into_rgb8().into_raw(),
        (true, other) => other.into_rgba8().into_raw(),
    };
    Ok(Pixels {
        buf,
        width,
        height,
        alpha,
        icc,
    })
}

impl Pixels {
    fn pixel_type(&self) -> PixelType {
        if self.alpha {
            PixelType::U8x4
        } else {
            PixelType::U8x3
        }
    }

    fn view(&self) -> Result<ImageRef<'_>, String> {
        ImageRef::new(self.width, self.height, &self.buf, self.pixel_type())
            .map_err(|e| e.to_string())
    }

    /// These pixels at `width` (keeping the aspect ratio), or the `crop` of them at
    /// `width` x `height`.
    fn resized(
        &self,
        width: u32,
        height: u32,
        crop: Option<(f64, f64, f64, f64)>,
    ) -> Result<Pixels, String> {
        let src = self.view()?;
        let mut dst = FirImage::new(width, height, self.pixel_type());
        let mut opts =
            ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
        if let Some((left, top, w, h)) = crop {
            opts = opts.crop(left, top, w, h);
        }
        Resizer::new()
            .resize(&src, &mut dst, &opts)
            .map_err(|e| e.to_string())?;
        Ok(Pixels {
            buf: dst.into_vec(),
            width,
            height,
            alpha: self.alpha,
            icc: self.icc.clone(),
        })
    }

    /// The height for `width`, keeping the aspect ratio (at least 1).
    pub fn height_at(&self, width: u32) -> u32 {
        scaled_height(self.width, self.height, width)
    }

    /// Lossy WebP at `quality` (0-100).
    pub fn webp(&self, quality: u8) -> Result<Vec<u8>, String> {
        if self.width > WEBP_MAX || self.height > WEBP_MAX {
            return Err(format!(
                "is too large for WebP at {}x{} (at most {WEBP_MAX} pixels a side)",
                self.width, self.height
            ));
        }
        let enc = if self.alpha {
            webp::Encoder::from_rgba(&self.buf, self.width, self.height)
        } else {
            webp::Encoder::from_rgb(&self.buf, self.width, self.height)
        };
        let webp = enc
            .encode_simple(false, f32::from(quality))
            .map(|m| m.to_vec())
            .map_err(|e| format!("cannot be encoded as WebP ({e:?})"))?;
        Ok(match &self.icc {
            Some(icc) => {
                super::strip::webp_with_icc(&webp, icc, self.width, self.height).unwrap_or(webp)
            }
            None => webp,
        })
    }

    /// JPEG at `quality` (alpha, if any, is dropped onto white), chroma at half the width
    /// (4:2:2, as the `image` crate's encoder wrote it), with `jpeg-encoder`'s AVX2 code
    /// where the processor has it: about three times faster than `image`'s encoder.
    pub fn jpeg(&self, quality: u8) -> Result<Vec<u8>, String> {
        let rgb;
        let buf = if self.alpha {
            rgb = flatten(&self.buf);
            &rgb
        } else {
            &self.buf
        };
        let (Ok(w), Ok(h)) = (u16::try_from(self.width), u16::try_from(self.height)) else {
            return Err(format!(
                "is {}x{} pixels, more than a JPEG file can hold (65535 a side)",
                self.width, self.height
            ));
        };
        let mut out = Vec::new();
        let mut enc = jpeg_encoder::Encoder::new(&mut out, quality);
        enc.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_1);
        if let Some(icc) = &self.icc {
            enc.add_icc_profile(icc).ok();
        }
        enc.encode(buf, w, h, jpeg_encoder::ColorType::Rgb)
            .map_err(|e| e.to_string())?;
        Ok(out)
    }

    /// Lossless PNG.
    pub fn png(&self) -> Result<Vec<u8>, String> {
        use image::ImageEncoder;
        let mut out = Vec::new();
        let color = if self.alpha {
            image::ExtendedColorType::Rgba8
        } else {
            image::ExtendedColorType::Rgb8
        };
        let mut enc = image::codecs::png::PngEncoder::new(&mut out);
        if let Some(icc) = &self.icc {
            enc.set_icc_profile(icc.to_vec()).ok();
        }
        enc.write_image(&self.buf, self.width, self.height, color)
            .map_err(|e| e.to_string())?;
        Ok(out)
    }

    /// The pixels encoded again in `format` (for an original that had to be turned).
    pub fn encode_as(&self, format: Format, quality: u8) -> Result<Vec<u8>, String> {
        match format {
            Format::Jpeg => self.jpeg(quality),
            Format::Png | Format::Gif => self.png(),
            Format::Webp => self.webp(quality),
        }
    }

    /// The light fallback: these pixels at `width` (at most their own), as JPEG at
    /// `quality`, or as PNG when the image has transparency (`alpha`, as probed).
    pub fn fallback(&self, width: u32, quality: u8, alpha: bool) -> Result<Vec<u8>, String> {
        let small;
        let px = if width < self.width {
            small = self.resized(width, self.height_at(width), None)?;
            &small
        } else {
            self
        };
        if alpha { px.png() } else { px.jpeg(quality) }
    }
}

fn flatten(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .flat_map(|p| {
            let a = u16::from(p[3]);
            let over = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
            [over(p[0]), over(p[1]), over(p[2])]
        })
        .collect()
}

/// These pixels at `width` when they are wider (else None): the files an image makes at
/// that width or below (its variants, its fallback, its card) are made from them, one
/// resize of the whole photo instead of one for each.
pub fn working_copy(px: &Pixels, width: u32) -> Result<Option<Pixels>, String> {
    if px.width <= width {
        return Ok(None);
    }
    px.resized(width, px.height_at(width), None).map(Some)
}

/// Whether the card cropped from `px` is cut from at least [`CARD_WIDTH`] x
/// [`CARD_HEIGHT`] of its pixels (never enlarged).
pub fn card_fits(px: &Pixels) -> bool {
    let ratio = f64::from(CARD_WIDTH) / f64::from(CARD_HEIGHT);
    let (w, h) = (f64::from(px.width), f64::from(px.height));
    let (cw, ch) = if w / h > ratio {
        (h * ratio, h)
    } else {
        (w, w / ratio)
    };
    cw >= f64::from(CARD_WIDTH) && ch >= f64::from(CARD_HEIGHT)
}

/// The height of a `w` x `h` image scaled to `width`.
pub fn scaled_height(w: u32, h: u32, width: u32) -> u32 {
    ((u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w.max(1))).max(1) as u32
}

/// The variants of one image: WebP at each width (largest first, each resized from the
/// one above it, which is faster than from the original and looks the same).
pub fn variants(
    px: &Pixels,
    widths: &[u32],
    settings: &ImageSettings,
) -> Result<Vec<Vec<u8>>, String> {
    let mut sorted: Vec<u32> = widths.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let mut made: Vec<(u32, Vec<u8>)> = Vec::new();
    let mut above: Option<Pixels> = None;
    for w in sorted {
        let from = above.as_ref().unwrap_or(px);
        let small = if w == from.width {
            None
        } else {
            Some(from.resized(w, px.height_at(w), None)?)
        };
        let this = small.as_ref().unwrap_or(from);
        made.push((w, this.webp(settings.quality)?));
        if let Some(s) = small {
            above = Some(s);
        }
    }
    // In the order asked.
    Ok(widths
        .iter()
        .map(|w| {
            made.iter()
                .find(|(x, _)| x == w)
                .map(|(_, b)| b.clone())
                .unwrap_or_default()
        })
        .collect())
}

/// The social card: [`CARD_WIDTH`] x [`CARD_HEIGHT`], cropped from the largest region of
/// that shape around `focus`, as JPEG.
pub fn card(px: &Pixels, focus: Focus) -> Result<Vec<u8>, String> {
    let (w, h) = (f64::from(px.width), f64::from(px.height));
    let ratio = f64::from(CARD_WIDTH) / f64::from(CARD_HEIGHT);
    let (cw, ch) = if w / h > ratio {
        (h * ratio, h)
    } else {
        (w, w / ratio)
    };
    let left = (w * focus.x - cw / 2.0).clamp(0.0, w - cw);
    let top = (h * focus.y - ch / 2.0).clamp(0.0, h - ch);
    px.resized(CARD_WIDTH, CARD_HEIGHT, Some((left, top, cw, ch)))?
        .jpeg(85)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gradient(w: u32, h: u32) -> Pixels {
        let mut buf = Vec::with_capacity((w * h * 3) as usize);
        for y in 0..h {
            for x in 0..w {
                buf.extend([(x % 256) as u8, (y % 256) as u8, 128]);
            }
        }
        Pixels {
            buf,
            width: w,
            height: h,
            alpha: false,
            icc: None,
        }
    }

    #[test]
    fn a_colour_profile_goes_into_every_file_made() {
        let mut px = gradient(64, 48);
        let profile = b"not a real profile, but bytes to carry".to_vec();
        px.icc = Some(std::sync::Arc::new(profile.clone()));
        let webp = px.webp(80).unwrap();
        let mut d = image::codecs::webp::WebPDecoder::new(std::io::Cursor::new(&webp)).unwrap();
        use image::ImageDecoder;
        assert_eq!(d.icc_profile().unwrap(), Some(profile.clone()));
        assert_eq!(image::load_from_memory(&webp).unwrap().width(), 64);
        let jpeg = px.jpeg(85).unwrap();
        let mut d = image::codecs::jpeg::JpegDecoder::new(std::io::Cursor::new(&jpeg)).unwrap();
        assert_eq!(d.icc_profile().unwrap(), Some(profile));
    }

    #[test]
    fn variants_have_the_asked_widths_and_the_aspect_ratio() {
        let px = gradient(1000, 750);
        let s = ImageSettings::default();
        let out = variants(&px, &[480, 960], &s).unwrap();
        for (bytes, w) in out.iter().zip([480, 960]) {
            let img = image::load_from_memory(bytes).unwrap();
            assert_eq!((img.width(), img.height()), (w, w * 3 / 4));
        }
        let card = image::load_from_memory(&card(&px, Focus::CENTRE).unwrap()).unwrap();
        assert_eq!((card.width(), card.height()), (CARD_WIDTH, CARD_HEIGHT));
    }
}
