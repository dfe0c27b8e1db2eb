//! Metadata in and out of image files without re-encoding: the published original keeps every pixel byte and
//! loses its EXIF (camera serial, GPS position), XMP, IPTC and comments. Colour data
//! (ICC profiles, Adobe colour transform, gamma) stays, or the colours would change.
//!
//! Each function returns None when the bytes are not a well-formed file of its format;
//! the caller then re-encodes from decoded pixels, which carries no metadata either.

/// A JPEG without APP1 (EXIF, XMP), APP2 other than `ICC_PROFILE` (an iPhone's `MPF`
/// index), APP3-APP13, APP15 and COM segments, and without anything after its end (the
/// further frames of an MPO, a Samsung or Google photo's appended video or depth map).
/// APP0 (JFIF), APP2 `ICC_PROFILE` and APP14 (Adobe) stay.
pub fn jpeg(b: &[u8]) -> Option<Vec<u8>> {
    if b.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(&b[..2]);
    let mut i = 2;
    loop {
        // Fill bytes (0xFF repeated) may precede a marker.
        while b.get(i)? == &0xFF && b.get(i + 1)? == &0xFF {
            i += 1;
        }
        if b.get(i)? != &0xFF {
            return None;
        }
        let marker = *b.get(i + 1)?;
        match marker {
            // Markers without a length.
            0x01 | 0xD0..=0xD7 => {
                out.extend_from_slice(&b[i..i + 2]);
                i += 2;
                continue;
            }
            0xD9 => {
                out.extend_from_slice(&b[i..i + 2]);
                return Some(out);
            }
            _ => {}
        }
        let len = usize::from(u16::from_be_bytes([*b.get(i + 2)?, *b.get(i + 3)?]));
        if len < 2 {
            return None;
        }
        let end = i + 2 + len;
        let segment = b.get(i..end)?;
        // Start of scan: the header, then the entropy-coded data up to the next marker
        // (stuffed 0xFF00 and restart markers are part of the data).
        if marker == 0xDA {
            let mut j = end;
            loop {
                let at = j + b.get(j..)?.iter().position(|&x| x == 0xFF)?;
                match *b.get(at + 1)? {
                    0x00 | 0xD0..=0xD7 | 0xFF => j = at + 1,
                    _ => {
                        j = at;
                        break;
                    }
                }
            }
            out.extend_from_slice(&b[i..j]);
            i = j;
            continue;
        }
        let body = &segment[4..];
        let keep = match marker {
            0xE0 | 0xEE => true,
            0xE2 => body.starts_with(b"ICC_PROFILE\0"),
            0xE1 | 0xE3..=0xED | 0xEF | 0xFE => false,
            _ => true,
        };
        if keep {
            out.extend_from_slice(segment);
        }
        i = end;
    }
}

/// A stripped JPEG told to be shown turned by EXIF `orientation` (2 to 8): a minimal EXIF
/// block holding only that tag, after the JFIF header. For an original that could not be
/// turned without growing.
pub fn jpeg_with_orientation(stripped: &[u8], orientation: u8) -> Option<Vec<u8>> {
    if stripped.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    // TIFF, big-endian: header, one IFD of one entry (0x0112, SHORT, 1), no next IFD.
    let mut tiff = b"MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
    tiff.extend([0, orientation, 0, 0, 0, 0, 0, 0]);
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend(((tiff.len() + 8) as u16).to_be_bytes());
    app1.extend(b"Exif\0\0");
    app1.extend(tiff);
    // After APP0 (JFIF), which must come first when there is one.
    let at = if stripped.get(2..4)? == [0xFF, 0xE0] {
        4 + usize::from(u16::from_be_bytes([*stripped.get(4)?, *stripped.get(5)?]))
    } else {
        2
    };
    let mut out = stripped.get(..at)?.to_vec();
    out.extend(app1);
    out.extend(&stripped[at..]);
    Some(out)
}

/// A PNG without text chunks (`tEXt`, `zTXt`, `iTXt`), `eXIf` and `tIME`.
pub fn png(b: &[u8]) -> Option<Vec<u8>> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !b.starts_with(SIGNATURE) {
        return None;
    }
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(SIGNATURE);
    let mut i = SIGNATURE.len();
    loop {
        let len = u32::from_be_bytes(b.get(i..i + 4)?.try_into().ok()?) as usize;
        let kind = b.get(i + 4..i + 8)?;
        let end = i.checked_add(12)?.checked_add(len)?;
        let chunk = b.get(i..end)?;
        if !matches!(kind, b"tEXt" | b"zTXt" | b"iTXt" | b"eXIf" | b"tIME") {
            out.extend_from_slice(chunk);
        }
        if kind == b"IEND" {
            return Some(out);
        }
        i = end;
    }
}

/// A WebP without its `EXIF` and `XMP ` chunks (and without the flags that announce them).
pub fn webp(b: &[u8]) -> Option<Vec<u8>> {
    if b.get(..4)? != b"RIFF" || b.get(8..12)? != b"WEBP" {
        return None;
    }
    let riff_end = (u32::from_le_bytes(b.get(4..8)?.try_into().ok()?) as usize).checked_add(8)?;
    let body = b.get(12..riff_end.min(b.len()))?;
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(b"RIFF\0\0\0\0WEBP");
    let mut i = 0;
    while i + 8 <= body.len() {
        let kind = &body[i..i + 4];
        let len = u32::from_le_bytes(body[i + 4..i + 8].try_into().ok()?) as usize;
        // Chunks are padded to an even length.
        let end = i.checked_add(8)?.checked_add(len + (len & 1))?;
        let chunk = body.get(i..end.min(body.len()))?;
        match kind {
            b"EXIF" | b"XMP " => {}
            b"VP8X" => {
                let mut c = chunk.to_vec();
                // Flags: bit 3 EXIF, bit 2 XMP.
                if let Some(flags) = c.get_mut(8) {
                    *flags &= !0b0000_1100;
                }
                out.extend_from_slice(&c);
            }
            _ => out.extend_from_slice(chunk),
        }
        i = end;
    }
    riff_size(out)
}

/// A WebP file with the colour profile `icc`: the extended format (a `VP8X` header
/// announcing it, then an `ICCP` chunk before the image data). None when `webp` is not a
/// file libwebp writes.
pub fn webp_with_icc(webp: &[u8], icc: &[u8], width: u32, height: u32) -> Option<Vec<u8>> {
    if webp.get(..4)? != b"RIFF" || webp.get(8..12)? != b"WEBP" {
        return None;
    }
    let body = &webp[12..];
    let mut out = b"RIFF\0\0\0\0WEBP".to_vec();
    if body.starts_with(b"VP8X") {
        // Already extended (alpha): announce the profile and put it after the header.
        let mut header = body.get(..18)?.to_vec();
        header[8] |= 0x20;
        out.extend(header);
        out.extend(riff_chunk(b"ICCP", icc));
        out.extend(&body[18..]);
    } else {
        let mut vp8x = vec![0x20, 0, 0, 0];
        vp8x.extend(&(width - 1).to_le_bytes()[..3]);
        vp8x.extend(&(height - 1).to_le_bytes()[..3]);
        out.extend(riff_chunk(b"VP8X", &vp8x));
        out.extend(riff_chunk(b"ICCP", icc));
        out.extend(body);
    }
    riff_size(out)
}

/// One RIFF chunk: its type, its little-endian length, the data, padded to an even length.
pub fn riff_chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
    let mut c = kind.to_vec();
    c.extend((data.len() as u32).to_le_bytes());
    c.extend(data);
    if data.len() % 2 == 1 {
        c.push(0);
    }
    c
}

/// A RIFF file (`RIFF`, size, form, chunks) with its size field set.
fn riff_size(mut out: Vec<u8>) -> Option<Vec<u8>> {
    let size = u32::try_from(out.len() - 8).ok()?;
    out[4..8].copy_from_slice(&size.to_le_bytes());
    Some(out)
}

/// A GIF without comment blocks and without application blocks other than the looping
/// ones (`NETSCAPE2.0`, `ANIMEXTS1.0`): XMP lives in one.
pub fn gif(b: &[u8]) -> Option<Vec<u8>> {
    if !(b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a")) {
        return None;
    }
    let mut out = Vec::with_capacity(b.len());
    let flags = *b.get(10)?;
    let mut i = 13 + color_table(flags);
    out.extend_from_slice(b.get(..i)?);
    loop {
        match *b.get(i)? {
            0x3B => {
                out.push(0x3B);
                return Some(out);
            }
            0x21 => {
                let label = *b.get(i + 1)?;
                let end = sub_blocks(b, i + 2)?;
                let keep = match label {
                    0xFE => false,
                    0xFF => {
                        let id = b.get(i + 3..i + 14)?;
                        id == b"NETSCAPE2.0" || id == b"ANIMEXTS1.0"
                    }
                    _ => true,
                };
                if keep {
                    out.extend_from_slice(&b[i..end]);
                }
                i = end;
            }
            0x2C => {
                let flags = *b.get(i + 9)?;
                // Descriptor, local colour table, LZW code size, then the data blocks.
                let data = i + 10 + color_table(flags) + 1;
                let end = sub_blocks(b, data)?;
                out.extend_from_slice(&b[i..end]);
                i = end;
            }
            _ => return None,
        }
    }
}

/// The size of each frame of a GIF (its image descriptors), read without decoding; None
/// when the blocks do not parse.
pub fn gif_frames(b: &[u8]) -> Option<Vec<(u32, u32, u32, u32)>> {
    if !(b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a")) {
        return None;
    }
    let mut frames = Vec::new();
    let mut i = 13 + color_table(*b.get(10)?);
    loop {
        match *b.get(i)? {
            0x3B => return Some(frames),
            0x21 => i = sub_blocks(b, i + 2)?,
            0x2C => {
                let d = b.get(i + 1..i + 10)?;
                let at = |k: usize| u32::from(u16::from_le_bytes([d[k], d[k + 1]]));
                frames.push((at(0), at(2), at(4), at(6)));
                let data = i + 10 + color_table(d[8]) + 1;
                i = sub_blocks(b, data)?;
            }
            _ => return None,
        }
    }
}

/// Each chunk of a PNG: its type and length; None when the chunks do not parse.
pub fn png_chunks(b: &[u8]) -> Option<Vec<([u8; 4], usize)>> {
    if !b.starts_with(b"\x89PNG\r\n\x1a\n") {
        return None;
    }
    let mut out = Vec::new();
    let mut i = 8;
    loop {
        let len = u32::from_be_bytes(b.get(i..i + 4)?.try_into().ok()?) as usize;
        let kind: [u8; 4] = b.get(i + 4..i + 8)?.try_into().ok()?;
        out.push((kind, len));
        if &kind == b"IEND" {
            return Some(out);
        }
        i = i.checked_add(12)?.checked_add(len)?;
        if i > b.len() {
            return None;
        }
    }
}

fn color_table(flags: u8) -> usize {
    if flags & 0x80 != 0 {
        3 * (1 << ((flags & 0x07) + 1))
    } else {
        0
    }
}

/// The end of a run of GIF data sub-blocks starting at `i` (after its zero terminator).
fn sub_blocks(b: &[u8], mut i: usize) -> Option<usize> {
    loop {
        let n = usize::from(*b.get(i)?);
        i += 1 + n;
        if n == 0 {
            return Some(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jpeg_loses_exif_and_comments_but_keeps_colour_and_pixels() {
        let mut f = vec![0xFF, 0xD8];
        f.extend([0xFF, 0xE0, 0, 6, b'J', b'F', b'I', b'F']);
        f.extend([0xFF, 0xE1, 0, 8, b'E', b'x', b'i', b'f', 0, 0]);
        f.extend([0xFF, 0xFE, 0, 5, b'h', b'i', b'!']);
        let icc = b"ICC_PROFILE\0xy";
        f.extend([0xFF, 0xE2, 0, (icc.len() + 2) as u8]);
        f.extend(icc);
        f.extend([0xFF, 0xDA, 0, 2, 1, 2, 0xFF, 0x00, 3, 0xFF, 0xD9]);
        let s = jpeg(&f).unwrap();
        assert!(!s.windows(4).any(|w| w == b"Exif"));
        assert!(!s.windows(3).any(|w| w == b"hi!"));
        assert!(s.windows(11).any(|w| w == b"ICC_PROFILE"));
        assert!(s.windows(4).any(|w| w == b"JFIF"));
        assert!(s.ends_with(&[0xFF, 0xDA, 0, 2, 1, 2, 0xFF, 0x00, 3, 0xFF, 0xD9]));
        assert_eq!(jpeg(&f[..f.len() - 30]), None);
        assert_eq!(jpeg(b"not a jpeg"), None);
    }

    #[test]
    fn jpeg_ends_at_its_first_image_end() {
        let frame = |tag: u8| {
            let mut f = vec![0xFF, 0xD8];
            let mpf = b"MPF\0MM\0*";
            f.extend([0xFF, 0xE2, 0, (mpf.len() + 2) as u8]);
            f.extend(mpf);
            // Two progressive scans with a table between them; stuffing and a restart.
            f.extend([0xFF, 0xDA, 0, 2, tag, 0xFF, 0x00, 0xFF, 0xD0, 7]);
            f.extend([0xFF, 0xC4, 0, 3, 9]);
            f.extend([0xFF, 0xDA, 0, 2, 5, 0xFF, 0xD9]);
            f
        };
        let mut mpo = frame(1);
        mpo.extend(frame(2));
        mpo.extend(b"trailing video");
        let s = jpeg(&mpo).unwrap();
        assert_eq!(
            s.len(),
            frame(1).len() - 12,
            "one frame, without its MPF index"
        );
        assert!(!s.windows(3).any(|w| w == b"MPF"));
        assert!(s.ends_with(&[0xFF, 0xC4, 0, 3, 9, 0xFF, 0xDA, 0, 2, 5, 0xFF, 0xD9]));
        let turned = jpeg_with_orientation(&s, 6).unwrap();
        let exif = exif::Reader::new()
            .read_from_container(&mut std::io::Cursor::new(&turned))
            .unwrap();
        let o = exif
            .get_field(exif::Tag::Orientation, exif::In::PRIMARY)
            .unwrap();
        assert_eq!(o.value.get_uint(0), Some(6));
    }

    #[test]
    fn png_loses_text_chunks() {
        let chunk = |kind: &[u8], data: &[u8]| {
            let mut c = (data.len() as u32).to_be_bytes().to_vec();
            c.extend(kind);
            c.extend(data);
            c.extend([0, 0, 0, 0]);
            c
        };
        let mut f = b"\x89PNG\r\n\x1a\n".to_vec();
        f.extend(chunk(b"IHDR", &[0; 13]));
        f.extend(chunk(b"tEXt", b"Author\0Me"));
        f.extend(chunk(b"eXIf", b"MM\0*"));
        f.extend(chunk(b"IDAT", b"pixels"));
        f.extend(chunk(b"IEND", b""));
        let s = png(&f).unwrap();
        assert!(!s.windows(6).any(|w| w == b"Author"));
        assert!(!s.windows(4).any(|w| w == b"eXIf"));
        assert!(s.windows(6).any(|w| w == b"pixels"));
        assert!(png(&f[..f.len() - 5]).is_none());
    }

    #[test]
    fn gif_loses_comments_and_xmp_but_keeps_looping() {
        let mut f = b"GIF89a\x01\x00\x01\x00\x80\x00\x00".to_vec();
        f.extend([0; 6]); // 2-colour table
        f.extend(b"\x21\xFE\x05hello\x00");
        f.extend(b"\x21\xFF\x0BXMP DataXMP\x03abc\x00");
        f.extend(b"\x21\xFF\x0BNETSCAPE2.0\x03\x01\x00\x00\x00");
        f.extend(b"\x2C\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00");
        f.push(0x3B);
        let s = gif(&f).unwrap();
        assert!(!s.windows(5).any(|w| w == b"hello"));
        assert!(!s.windows(7).any(|w| w == b"XMP Dat"));
        assert!(s.windows(11).any(|w| w == b"NETSCAPE2.0"));
        assert!(s.ends_with(b"\x02\x02\x44\x01\x00\x3B"));
    }

    #[test]
    fn webp_loses_exif_and_xmp() {
        let chunk = riff_chunk;
        let mut body = b"WEBP".to_vec();
        body.extend(chunk(b"VP8X", &[0b0000_1100, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        body.extend(chunk(b"VP8L", b"pixels!"));
        body.extend(chunk(b"EXIF", b"MM\0*gps"));
        body.extend(chunk(b"XMP ", b"<x/>"));
        let mut f = b"RIFF".to_vec();
        f.extend((body.len() as u32).to_le_bytes());
        f.extend(body);
        let s = webp(&f).unwrap();
        assert!(!s.windows(3).any(|w| w == b"gps"));
        assert!(!s.windows(4).any(|w| w == b"<x/>"));
        assert!(s.windows(7).any(|w| w == b"pixels!"));
        assert_eq!(s[20], 0, "the flags no longer announce EXIF or XMP");
        assert_eq!(
            u32::from_le_bytes(s[4..8].try_into().unwrap()) as usize,
            s.len() - 8
        );
    }
}
