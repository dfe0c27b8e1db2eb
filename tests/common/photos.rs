//! Phone-like photos made on the spot (nothing is downloaded): smooth colour fields with
//! sensor-like noise, so they compress as a real photo does, optionally with the EXIF a
//! phone writes (orientation, a GPS position, the camera's serial number). Shared by the
//! image tests and the image benchmark's generator (`examples/gen-photos.rs`).
#![allow(dead_code)]

use image::{ImageEncoder, RgbImage};

/// The GPS latitude written into photos with [`Exif::gps`], as text that survives in the
/// bytes of the EXIF block (a test looks for it after publishing).
pub const SERIAL: &str = "SN-0042-HOME";

/// What EXIF block to write.
#[derive(Debug, Clone, Copy, Default)]
pub struct Exif {
    /// Orientation tag, 1 (upright) to 8; 0 writes none.
    pub orientation: u16,
    /// Write a GPS position and the camera's serial number.
    pub gps: bool,
}

/// Pixels of a `w` x `h` photo; `seed` changes the picture. Left half warm, right half
/// cool, top brighter than bottom, so a test can tell which way up it is.
pub fn pixels(w: u32, h: u32, seed: u64) -> RgbImage {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407)
        | 1;
    let mut noise = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % 17) as i32 - 8
    };
    let hue = (seed % 7) as i32 * 9;
    RgbImage::from_fn(w, h, |x, y| {
        let fx = x as i32 * 255 / w.max(1) as i32;
        let fy = y as i32 * 255 / h.max(1) as i32;
        let base = 230 - fy * 3 / 4;
        let (r, g, b) = if x < w / 2 {
            (base, base / 2 + hue, 40)
        } else {
            (40, base / 2 + fx / 8, base)
        };
        let mut c = |v: i32| (v + noise()).clamp(0, 255) as u8;
        image::Rgb([c(r), c(g), c(b)])
    })
}

/// A JPEG of `img` at `quality`, with the EXIF block `exif` asks for.
pub fn jpeg(img: &RgbImage, quality: u8, exif: Exif) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgb8,
        )
        .expect("encode JPEG");
    if exif.orientation == 0 && !exif.gps {
        return out;
    }
    let app1 = exif_segment(exif);
    let mut with = out[..2].to_vec();
    with.extend(app1);
    with.extend(&out[2..]);
    with
}

/// A PNG of `img`, with a text chunk naming the author (metadata to strip).
pub fn png(img: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgb8,
        )
        .expect("encode PNG");
    // tEXt before IEND (CRC is not checked by the readers used here, but write it right).
    let data = format!("Author\0{SERIAL}");
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    let mut crc_input = b"tEXt".to_vec();
    crc_input.extend(data.as_bytes());
    chunk.extend(&crc_input);
    chunk.extend(crc32(&crc_input).to_be_bytes());
    let iend = out.len() - 12;
    out.splice(iend..iend, chunk);
    out
}

/// The CRC-32 of PNG chunks.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// An APP1 segment holding a little-endian TIFF with IFD0 (orientation, the camera
/// serial as `ImageDescription`) and a GPS IFD (latitude and longitude).
fn exif_segment(exif: Exif) -> Vec<u8> {
    // Entries: (tag, type, count, value-or-offset bytes).
    let mut ifd0: Vec<(u16, u16, u32, Vec<u8>)> = Vec::new();
    if exif.orientation != 0 {
        let mut v = exif.orientation.to_le_bytes().to_vec();
        v.extend([0, 0]);
        ifd0.push((0x0112, 3, 1, v));
    }
    let mut tail: Vec<u8> = Vec::new();
    // Offsets are from the TIFF header; IFD0 starts at 8.
    let ifd0_len = |n: usize| 2 + n * 12 + 4;
    let n0 = ifd0.len() + if exif.gps { 2 } else { 0 };
    let data_start = 8 + ifd0_len(n0);
    if exif.gps {
        let serial = format!("{SERIAL}\0");
        let serial_at = data_start as u32;
        tail.extend(serial.as_bytes());
        ifd0.push((
            0x010E,
            2,
            serial.len() as u32,
            serial_at.to_le_bytes().to_vec(),
        ));
        let gps_at = (data_start + tail.len()) as u32;
        ifd0.push((0x8825, 4, 1, gps_at.to_le_bytes().to_vec()));
        // GPS IFD: LatitudeRef, Latitude (3 rationals), LongitudeRef, Longitude.
        let gps_len = ifd0_len(4);
        let rationals_at = gps_at as usize + gps_len;
        let lat_at = rationals_at as u32;
        let lon_at = (rationals_at + 24) as u32;
        let mut gps = 4u16.to_le_bytes().to_vec();
        let entry = |gps: &mut Vec<u8>, tag: u16, ty: u16, count: u32, v: [u8; 4]| {
            gps.extend(tag.to_le_bytes());
            gps.extend(ty.to_le_bytes());
            gps.extend(count.to_le_bytes());
            gps.extend(v);
        };
        entry(&mut gps, 1, 2, 2, [b'N', 0, 0, 0]);
        entry(&mut gps, 2, 5, 3, lat_at.to_le_bytes());
        entry(&mut gps, 3, 2, 2, [b'W', 0, 0, 0]);
        entry(&mut gps, 4, 5, 3, lon_at.to_le_bytes());
        gps.extend(0u32.to_le_bytes());
        for (d, m, s) in [(40u32, 42u32, 4600u32), (74, 0, 2160)] {
            for (num, den) in [(d, 1u32), (m, 1), (s, 100)] {
                gps.extend(num.to_le_bytes());
                gps.extend(den.to_le_bytes());
            }
        }
        tail.extend(gps);
    }
    ifd0.sort_by_key(|e| e.0);
    let mut tiff = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    tiff.extend((ifd0.len() as u16).to_le_bytes());
    for (tag, ty, count, v) in &ifd0 {
        tiff.extend(tag.to_le_bytes());
        tiff.extend(ty.to_le_bytes());
        tiff.extend(count.to_le_bytes());
        tiff.extend(v);
    }
    tiff.extend(0u32.to_le_bytes());
    assert_eq!(tiff.len(), data_start, "IFD0 layout");
    tiff.extend(tail);
    let mut seg = vec![0xFF, 0xE1];
    seg.extend(((tiff.len() + 8) as u16).to_be_bytes());
    seg.extend(b"Exif\0\0");
    seg.extend(tiff);
    seg
}
