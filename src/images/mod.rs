//! Images: every raster picture a post or page shows is measured (so `<img>` carries its
//! `width` and `height` and nothing shifts while it loads), given smaller WebP variants, a
//! light JPEG (PNG when transparent) fallback at most [`FALLBACK_WIDTH`] wide and a
//! 1200x630 social card, all upright and without metadata (EXIF, GPS, XMP, comments). Its
//! original is published (stripped) only with `publish_originals`, or when no page shows it
//! as a picture. Every made file's name holds the whole source name (`menu.png.480w.webp`),
//! so two sources never make the same file. Work is cached by the source bytes' hash and the settings, so a warm build
//! or `serve` decodes and encodes nothing that did not change.
//!
//! Stages: [`probe`] reads headers (cheap, at assembly, memoized by file stamp);
//! [`process`] decodes and encodes (at render time, in parallel, into the build cache);
//! [`strip`] removes metadata from an original without touching its pixels.

pub mod probe;
pub mod process;
pub mod strip;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

pub use crate::picture::{
    Picture, SIZES, card_path, fallback_path, fallback_url, url_path, variant_path, variant_url,
};
pub use probe::{Format, Info};

use crate::cache::{CacheDir, Stamp, dir as cache_dir};
use crate::config::ImageSettings;
use crate::hash::FastMap;

/// Width of the social card (`og:image`).
pub const CARD_WIDTH: u32 = 1200;
/// Height of the social card.
pub const CARD_HEIGHT: u32 = 630;
/// The widest light fallback (`<img src>`, feeds, email): a JPEG (PNG when transparent).
pub const FALLBACK_WIDTH: u32 = 1600;
/// The contact photo is shown as a circle of at most 7rem (112px): made at 2x.
pub const CONTACT_AVATAR: u32 = 224;
/// The shorter side of the contact photo the vCard (`PHOTO`) and the JSON-LD (`image`)
/// link: Android keeps a contact's photo at 720x720 at most, and a phone shows it smaller.
pub const CONTACT_PHOTO: u32 = 720;
/// A testimonial's photo is shown as a circle of 3.5rem (56px): made at 2x.
pub const TESTIMONIAL_AVATAR: u32 = 112;

/// Where a crop is centred: defined with the pictures (below the settings that name it).
pub use crate::picture::Focus;

/// The widths of the variants of an image: those of `settings` below its width, and its
/// own width when it is narrower than the widest (a 1200px photo gets 368 to 1104, and 1200).
pub fn widths(info: &Info, settings: &ImageSettings) -> Vec<u32> {
    if info.animated {
        return Vec::new();
    }
    // A WebP is at most 16383 pixels a side: a tall screenshot gets only the widths whose
    // height fits.
    let fits = |w: u32| {
        w <= process::WEBP_MAX
            && process::scaled_height(info.width, info.height, w) <= process::WEBP_MAX
    };
    let mut out: Vec<u32> = settings
        .widths
        .iter()
        .copied()
        .filter(|w| *w < info.width && fits(*w))
        .collect();
    let widest = settings.widths.iter().copied().max().unwrap_or(0);
    if info.width <= widest && !out.contains(&info.width) && fits(info.width) {
        out.push(info.width);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The width of an image's light fallback: its own, at most [`FALLBACK_WIDTH`]; None for
/// an animated image (published as it is).
pub fn fallback_width(info: &Info) -> Option<u32> {
    (!info.animated).then_some(info.width.min(FALLBACK_WIDTH))
}

/// One file made from an image.
#[derive(Debug, Clone, Copy, PartialEq, Hash)]
pub enum Made {
    /// The original, upright and without metadata.
    Original,
    /// WebP at a width.
    Variant(u32),
    /// JPEG (PNG when transparent) at a width, upright and without metadata.
    Fallback(u32),
    /// The social card.
    Card(Focus),
}

/// An image whose files are still to be made (by `serve`, in the background).
#[derive(Debug, Clone)]
pub struct ToMake {
    /// The file, relative to the site folder.
    pub file: PathBuf,
    /// What it is.
    pub info: Info,
    /// Its files.
    pub made: Vec<Made>,
}

/// How much image work a build did.
#[derive(Debug, Default)]
pub struct Stats {
    /// Images decoded.
    pub decoded: AtomicUsize,
    /// Files encoded (variants, cards, originals turned upright).
    pub encoded: AtomicUsize,
}

/// What a probe found, shared by every page that shows the image.
pub type Probed = Arc<Result<Info, String>>;

/// The images of one site: probes memoized by file stamp (and kept in the build cache for
/// the next build), and the folder their processed files are cached in.
#[derive(Debug)]
pub struct Images {
    site_dir: PathBuf,
    /// The settings every file is made with.
    pub settings: ImageSettings,
    /// Their hash (part of the names of the originals made with them).
    settings_hash: u64,
    /// The build cache, and its folder of made files (`images/`): nothing is made when
    /// either cannot be used, and the preview shows the originals.
    cache: Result<(CacheDir, PathBuf), String>,
    /// Every made file's hash (checked when it is used) and stamp (when it is unchanged
    /// since then, it is not read again), by image: only the files listed here are ever
    /// removed from the cache.
    made: Mutex<FastMap<u64, MadeFiles>>,
    /// Cached files found damaged (and made again), for one warning.
    damaged: Mutex<Vec<PathBuf>>,
    memo: Mutex<FastMap<PathBuf, (Option<Stamp>, Probed)>>,
    /// Work done since [`Images::new`].
    pub stats: Stats,
    /// Images that could not be made (by hash), and why: errors of every later render.
    failed: Mutex<FastMap<u64, String>>,
    /// Serializes the processing of one image (two pages may ask for it at once).
    making: Mutex<FastMap<u64, Arc<Mutex<()>>>>,
    /// The images (and the files asked of them) known to be made: asked again for every
    /// job's key in `serve`, answered without looking at the disk.
    ready: Mutex<crate::hash::FastSet<u64>>,
}

const INDEX: &str = "images-index.json";
/// Bumped whenever how files are made changes (2: colour profiles kept; 3: appended
/// payloads dropped, originals never larger than they came).
const MADE: u32 = 3;
const FILES: &str = "images";

/// The files made of one image, by name: their hash and, once settled, their stamp.
type MadeFiles = HashMap<String, (u64, Option<Stamp>)>;

#[derive(Serialize, Deserialize)]
struct IndexFile {
    version: String,
    /// The id of the cache folder it was written in.
    cache: String,
    entries: HashMap<PathBuf, (Stamp, Info)>,
    made: HashMap<u64, MadeFiles>,
}

impl Images {
    /// The images of `site_dir`, processed with `settings` into the build cache's
    /// `images/` (or nowhere, saying why, when the cache cannot be used).
    pub fn new(
        site_dir: &Path,
        settings: ImageSettings,
        cache: Result<CacheDir, String>,
    ) -> Images {
        let cache = cache.and_then(|c| {
            // Made when the first file is (`check` makes none).
            let files = c.sub_unmade(FILES).map_err(|e| e.to_string())?;
            Ok((c, files))
        });
        let mut memo = FastMap::default();
        let mut made = FastMap::default();
        if let Ok((dir, _)) = &cache
            && let Ok(bytes) = cache_dir::read(&dir.path().join(INDEX))
            && let Ok(index) = serde_json::from_slice::<IndexFile>(&bytes)
            && index.cache == dir.id()
        {
            // Probes are kept by one version; made files by any (their names carry how
            // they were made), so an upgrade neither makes them again nor loses track of
            // them. Only plain names of ours are taken: a name with a path in it would
            // let a crafted index remove a file elsewhere.
            if index.version == env!("CARGO_PKG_VERSION") {
                for (path, (stamp, info)) in index.entries {
                    memo.insert(path, (Some(stamp), Arc::new(Ok(info))));
                }
            }
            for (hash, mut files) in index.made {
                files.retain(|name, _| is_made_name(name));
                made.insert(hash, files);
            }
        }
        Images {
            site_dir: site_dir.to_path_buf(),
            settings_hash: crate::hash::of(&settings),
            settings,
            cache,
            made: Mutex::new(made),
            damaged: Mutex::default(),
            memo: Mutex::new(memo),
            stats: Stats::default(),
            failed: Mutex::new(FastMap::default()),
            making: Mutex::new(FastMap::default()),
            ready: Mutex::new(Default::default()),
        }
    }

    /// The site folder.
    pub fn site_dir(&self) -> &Path {
        &self.site_dir
    }

    /// What the image `file` (relative to the site folder) is. Read once per change of
    /// the file: its stamp (size, inode, change times) is checked on every call.
    pub fn probe(&self, file: &Path) -> Probed {
        let abs = self.site_dir.join(file);
        let stamp = Stamp::of(&abs);
        if let Some(stamp) = stamp
            && let Some((Some(s), found)) = self
                .memo
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .get(file)
            && *s == stamp
        {
            return found.clone();
        }
        let found = Arc::new(match fs::read(&abs) {
            Ok(bytes) => probe::probe(&bytes),
            Err(e) => Err(format!("cannot be read: {e}")),
        });
        // A stamp is trusted only once the file has been left alone for a while.
        let stamp = stamp.filter(|s| s.settled());
        self.memo
            .lock()
            .expect("images lock")
            .insert(file.to_path_buf(), (stamp, found.clone()));
        found
    }

    /// Keeps the probes of the files that still exist for the next build, and the made
    /// files of the images in `keep` (by hash): the listed files of images no longer
    /// published go, and nothing else.
    pub fn save(&self, keep: &crate::hash::FastSet<u64>) -> std::io::Result<()> {
        self.remove_unused(keep);
        self.save_index()
    }

    /// Removes the listed files of the images not in `keep`, and their folders when
    /// nothing else is left in them.
    fn remove_unused(&self, keep: &crate::hash::FastSet<u64>) {
        let Ok((cache, files)) = &self.cache else {
            return;
        };
        let mut made = self.made.lock().expect("images lock");
        let gone: Vec<u64> = made.keys().filter(|h| !keep.contains(h)).copied().collect();
        for hash in gone {
            let names = made.remove(&hash).unwrap_or_default();
            let dir = files.join(format!("{hash:016x}"));
            if !fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
                continue;
            }
            for name in names.keys().filter(|n| is_made_name(n)) {
                let file = dir.join(name);
                if file.parent() == Some(dir.as_path())
                    && fs::symlink_metadata(&file).is_ok_and(|m| m.is_file())
                {
                    fs::remove_file(file).ok();
                }
            }
            cache.remove_leftovers(&dir);
            fs::remove_dir(&dir).ok();
        }
    }

    /// Writes the index: the probes of the files that still exist, and every made file
    /// (the preview writes it too, after making files, so a later build takes them over).
    pub fn save_index(&self) -> std::io::Result<()> {
        let Ok((cache, _)) = &self.cache else {
            return Ok(());
        };
        let entries: HashMap<PathBuf, (Stamp, Info)> = self
            .memo
            .lock()
            .expect("images lock")
            .iter()
            .filter(|(p, _)| self.site_dir.join(p).is_file())
            .filter_map(|(p, (stamp, found))| match (stamp, found.as_ref()) {
                (Some(s), Ok(info)) => Some((p.clone(), (*s, info.clone()))),
                _ => None,
            })
            .collect();
        let made = self.made.lock().expect("images lock");
        let index = serde_json::to_vec(&IndexFile {
            version: env!("CARGO_PKG_VERSION").into(),
            cache: cache.id().into(),
            entries,
            made: made.iter().map(|(h, m)| (*h, m.clone())).collect(),
        })?;
        drop(made);
        cache_dir::write_whole(&cache.path().join(INDEX), &index)
    }

    /// The cached files found damaged (and made again) since [`Images::new`].
    pub fn damaged(&self) -> Vec<PathBuf> {
        self.damaged
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Whether the made file `made` of `info` is the one this cache wrote: listed with
    /// its hash, a regular file (no link), and either unchanged since it was last checked
    /// (its stamp) or of the listed hash. A damaged file is forgotten (and made again).
    fn intact(&self, info: &Info, made: Made) -> bool {
        let file = self.file(info, made);
        let name = file_name(&file);
        let listed = self
            .made
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&info.hash)
            .and_then(|m| m.get(&name).copied());
        let Some((hash, stamp)) = listed else {
            return false;
        };
        let Some(now) = Stamp::of(&file) else {
            return false;
        };
        if stamp == Some(now) {
            return true;
        }
        let same = cache_dir::read(&file).is_ok_and(|b| crate::hash::bytes(&b) == hash);
        let mut made = self
            .made
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let files = made.entry(info.hash).or_default();
        if same {
            files.insert(name, (hash, Some(now).filter(Stamp::settled)));
        } else {
            files.remove(&name);
            self.damaged
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(file);
        }
        same
    }

    /// The cached file of `made` from the image `info`.
    pub fn file(&self, info: &Info, made: Made) -> PathBuf {
        let name = match made {
            Made::Original => {
                let ext = match info.format {
                    Format::Jpeg => "jpg",
                    Format::Png => "png",
                    Format::Webp => "webp",
                    Format::Gif => "gif",
                };
                format!("original.{ext}")
            }
            Made::Variant(w) => format!("{w}w-q{}.webp", self.settings.quality),
            Made::Fallback(w) => {
                let ext = if info.alpha { "png" } else { "jpg" };
                format!("{w}w-q{}.{ext}", self.settings.quality)
            }
            Made::Card(f) => format!("card-{}.jpg", f.name()),
        };
        // Files made by an older way of making them are not used.
        let name = format!("v{MADE}-{name}");
        let name = match made {
            Made::Original => format!("{:08x}-{name}", self.settings_hash & 0xffff_ffff),
            _ => name,
        };
        let files = match &self.cache {
            Ok((_, files)) => files.as_path(),
            Err(_) => Path::new(FILES),
        };
        files.join(format!("{:016x}", info.hash)).join(name)
    }

    /// Whether every file of `wants` is in the cache.
    pub fn ready(&self, info: &Info, wants: &[Made]) -> bool {
        let key = crate::hash::of(&(info.hash, wants));
        let lock = || {
            self.ready
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if lock().contains(&key) {
            return true;
        }
        let on_disk = self.cache.is_ok() && wants.iter().all(|m| self.intact(info, *m));
        if on_disk {
            lock().insert(key);
        }
        on_disk
    }

    /// Makes the files of `wants` for the image `file` that the cache does not hold yet:
    /// one read and at most one decode for all of them.
    pub fn make(&self, file: &Path, info: &Info, wants: &[Made]) -> Result<(), String> {
        if let Some(why) = self.failure(info) {
            return Err(why);
        }
        let made = self.make_files(file, info, wants);
        if let Err(why) = &made {
            self.failed
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(info.hash, why.clone());
        }
        made
    }

    /// Why the image `info` could not be made, if it could not.
    pub fn failure(&self, info: &Info) -> Option<String> {
        self.failed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&info.hash)
            .cloned()
    }

    fn make_files(&self, file: &Path, info: &Info, wants: &[Made]) -> Result<(), String> {
        let cache = match &self.cache {
            Ok((cache, _)) => cache,
            Err(why) => return Err(format!("cannot be made: {why}")),
        };
        if self.ready(info, wants) {
            return Ok(());
        }
        let lock = self
            .making
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(info.hash)
            .or_default()
            .clone();
        let _one_at_a_time = lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let missing: Vec<Made> = wants
            .iter()
            .copied()
            .filter(|m| !self.intact(info, *m))
            .collect();
        if missing.is_empty() {
            // Made by another job while this one waited.
            return Ok(());
        }
        let bytes =
            fs::read(self.site_dir.join(file)).map_err(|e| format!("cannot be read: {e}"))?;
        if crate::hash::bytes(&bytes) != info.hash {
            return Err("changed while the site was built: build again".into());
        }
        let needs_pixels = missing.iter().any(|m| match m {
            Made::Original => self.original_needs_pixels(&bytes, info),
            _ => true,
        });
        let pixels = if needs_pixels {
            self.stats.decoded.fetch_add(1, Ordering::Relaxed);
            Some(process::decode(&bytes, info)?)
        } else {
            None
        };
        let widths: Vec<u32> = missing
            .iter()
            .filter_map(|m| match m {
                Made::Variant(w) => Some(*w),
                _ => None,
            })
            .collect();
        // A phone photo is resized once to the fallback's width, and every file of that
        // width or less (variants, fallback, card) made from that copy.
        let working = match &pixels {
            Some(px) => {
                let fits = |m: &Made| match m {
                    Made::Variant(w) | Made::Fallback(w) => *w <= FALLBACK_WIDTH,
                    Made::Card(_) => {
                        let h = process::scaled_height(px.width, px.height, FALLBACK_WIDTH);
                        h >= CARD_HEIGHT && FALLBACK_WIDTH >= CARD_WIDTH
                    }
                    Made::Original => false,
                };
                if missing.iter().filter(|m| fits(m)).count() >= 2 {
                    process::working_copy(px, FALLBACK_WIDTH)?
                } else {
                    None
                }
            }
            None => None,
        };
        let from = |w: u32| match &working {
            Some(small) if w <= small.width => Some(small),
            _ => pixels.as_ref(),
        };
        let mut outputs: Vec<(Made, Vec<u8>)> = Vec::new();
        if let Some(widest) = widths.iter().max()
            && let Some(px) = from(*widest)
        {
            let made = process::variants(px, &widths, &self.settings)?;
            outputs.extend(widths.iter().map(|w| Made::Variant(*w)).zip(made));
        }
        for m in &missing {
            match m {
                Made::Original => outputs.push((*m, self.original(&bytes, info, pixels.as_ref())?)),
                Made::Card(focus) => {
                    let px = match &working {
                        Some(small) if process::card_fits(small) => small,
                        _ => pixels.as_ref().expect("decoded for the card"),
                    };
                    outputs.push((*m, process::card(px, *focus)?));
                }
                Made::Fallback(w) => {
                    let px = from(*w).expect("decoded for the fallback");
                    outputs.push((*m, self.fallback(&bytes, info, px, *w)?));
                }
                Made::Variant(_) => {}
            }
        }
        let turned = self.original_needs_pixels(&bytes, info);
        for (m, data) in outputs {
            if !matches!(m, Made::Original) || turned {
                self.stats.encoded.fetch_add(1, Ordering::Relaxed);
            }
            let path = self.file(info, m);
            cache
                .sub(FILES)
                .and_then(|_| write_whole(cache, &path, &data))
                .map_err(|e| {
                    format!(
                        "cannot write to the build cache ({}): {e}",
                        cache.path().display()
                    )
                })?;
            self.made
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .entry(info.hash)
                .or_default()
                .insert(
                    file_name(&path),
                    (
                        crate::hash::bytes(&data),
                        Stamp::of(&path).filter(Stamp::settled),
                    ),
                );
        }
        Ok(())
    }

    fn original_needs_pixels(&self, bytes: &[u8], info: &Info) -> bool {
        !self.settings.keep_metadata
            && (info.orientation != 1 || stripped(bytes, info.format).is_none())
    }

    /// The original as published: as it is (`keep_metadata`), without its metadata, or,
    /// when it must be turned upright (or cannot be taken apart), encoded again.
    fn original(
        &self,
        bytes: &[u8],
        info: &Info,
        pixels: Option<&process::Pixels>,
    ) -> Result<Vec<u8>, String> {
        if self.settings.keep_metadata {
            return Ok(bytes.to_vec());
        }
        let strip = stripped(bytes, info.format);
        match (info.orientation, strip, pixels) {
            (1, Some(s), _) => Ok(s),
            (_, strip, Some(px)) => {
                // Turned upright, never larger than it came: at a lower quality when need
                // be, else as it was stored, with only its orientation left to say how to
                // turn it.
                let limit = strip.as_ref().map_or(bytes.len(), Vec::len);
                let qualities = match info.format {
                    Format::Jpeg | Format::Webp => vec![self.settings.quality.max(90), 85, 80, 70],
                    Format::Png | Format::Gif => vec![100],
                };
                for q in qualities {
                    let made = px.encode_as(info.format, q)?;
                    if made.len() <= limit {
                        return Ok(made);
                    }
                }
                match (strip, info.format) {
                    (Some(s), Format::Jpeg) => {
                        Ok(strip::jpeg_with_orientation(&s, info.orientation).unwrap_or(s))
                    }
                    (Some(s), _) => Ok(s),
                    (None, _) => px.encode_as(info.format, 70),
                }
            }
            _ => Err("cannot be taken apart to remove its metadata".into()),
        }
    }

    /// The light fallback at `width`: JPEG (PNG when transparent), upright, without
    /// metadata; the stripped original when it is the same file at its own size and the
    /// encoding would be larger.
    fn fallback(
        &self,
        bytes: &[u8],
        info: &Info,
        px: &process::Pixels,
        width: u32,
    ) -> Result<Vec<u8>, String> {
        let made = px.fallback(width, self.settings.quality, info.alpha)?;
        let same_format = match info.format {
            Format::Jpeg => !info.alpha,
            Format::Png => info.alpha,
            _ => false,
        };
        if same_format
            && width == info.width
            && info.orientation == 1
            && let Some(s) = stripped(bytes, info.format)
            && s.len() <= made.len()
        {
            return Ok(s);
        }
        Ok(made)
    }
}

fn stripped(bytes: &[u8], format: Format) -> Option<Vec<u8>> {
    match format {
        Format::Jpeg => strip::jpeg(bytes),
        Format::Png => strip::png(bytes),
        Format::Webp => strip::webp(bytes),
        Format::Gif => strip::gif(bytes),
    }
}

/// Writes a whole made file into its image's folder (made if missing, and refused when a
/// link or a file has its place), after removing what killed builds left there.
fn write_whole(cache: &CacheDir, path: &Path, data: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        match fs::symlink_metadata(dir) {
            Ok(m) if m.is_dir() => cache.remove_leftovers(dir),
            Ok(_) => {
                return Err(std::io::Error::other(format!(
                    "{}: is a link or a file where the cache keeps a folder",
                    dir.display()
                )));
            }
            // An image's files are written from several threads: the first makes the folder.
            Err(_) => match fs::create_dir(dir) {
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => {}
                made => made?,
            },
        }
    }
    cache_dir::write_whole(path, data)
}

/// Whether `name` is one a made file could have: one plain name of ours (`v3-...`, with
/// an original's settings prefix), never a path.
fn is_made_name(name: &str) -> bool {
    let plain =
        !name.is_empty() && !name.contains(['/', '\\', '\0']) && name != "." && name != "..";
    let ours = name.starts_with('v')
        || name
            .split_once("-v")
            .is_some_and(|(pre, _)| pre.len() == 8 && pre.bytes().all(|b| b.is_ascii_hexdigit()));
    plain && ours
}

/// A made file's name (in its image's folder).
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_widths() {
        assert_eq!(
            variant_path("/b/x/photo.jpg", 480),
            "/b/x/photo.jpg.480w.webp"
        );
        assert_eq!(variant_path("a.b/photo", 480), "a.b/photo.480w.webp");
        assert_eq!(variant_path("b/a#1.jpg", 480), "b/a#1.jpg.480w.webp");
        assert_eq!(
            variant_url("/b/a%231.jpg?v=2", 480),
            "/b/a%231.jpg.480w.webp"
        );
        assert_eq!(
            variant_url("/b/my photo,1.jpg", 480),
            "/b/my%20photo%2C1.jpg.480w.webp"
        );
        // Two sources of one stem never make the same file.
        assert_ne!(variant_path("m.jpg", 480), variant_path("m.png", 480));
        assert_eq!(fallback_path("m.png", 900, true), "m.png.900w.png");
        assert_eq!(fallback_url("/m.jpg#x", 1600, false), "/m.jpg.1600w.jpg");
        assert_eq!(card_path("shop/p.png"), "shop/p.png.card.jpg");
        assert_eq!(
            url_path("b/a#1 café.card.jpg"),
            "b/a%231%20caf%C3%A9.card.jpg"
        );
        let info = |width, animated| Info {
            hash: 0,
            format: Format::Jpeg,
            width,
            height: 100,
            orientation: 1,
            animated,
            alpha: false,
        };
        let s = ImageSettings::default();
        assert_eq!(widths(&info(4032, false), &s), [368, 552, 736, 1104, 1472]);
        assert_eq!(widths(&info(1200, false), &s), [368, 552, 736, 1104, 1200]);
        assert_eq!(widths(&info(300, false), &s), [300]);
        assert_eq!(widths(&info(736, false), &s), [368, 552, 736]);
        assert!(widths(&info(4000, true), &s).is_empty());
        assert_eq!(fallback_width(&info(4032, false)), Some(1600));
        assert_eq!(fallback_width(&info(900, false)), Some(900));
        assert_eq!(fallback_width(&info(900, true)), None);
        // A tall screenshot: 1080 wide would be 17000 high, more than WebP allows.
        let tall = Info {
            height: 17_000,
            ..info(1080, false)
        };
        assert_eq!(widths(&tall, &s), [368, 552, 736]);
    }

    #[test]
    fn focus_points() {
        assert_eq!(Focus::parse("30% 40%").unwrap(), Focus { x: 0.3, y: 0.4 });
        assert_eq!(Focus::parse("top").unwrap(), Focus { x: 0.5, y: 0.0 });
        assert_eq!(
            Focus::parse("bottom left").unwrap(),
            Focus { x: 0.0, y: 1.0 }
        );
        assert!(Focus::parse("120% 3%").is_err());
        assert!(Focus::parse("middle").is_err());
        assert!(Focus::parse("left right").is_err());
        assert!(Focus::parse("top bottom").is_err());
        assert_eq!(Focus::parse("right top").unwrap(), Focus { x: 1.0, y: 0.0 });
    }
}
