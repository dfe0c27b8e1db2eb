//! Which files each image of the site makes, decided from the assembled content: every
//! raster file of `static/` and of the bundles is published upright and without metadata;
//! those a post or page shows get WebP variants; those a post (or the site) uses as its
//! social image get a 1200x630 card.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::{Asset, Content, Post};
use crate::error::Diagnostic;
use crate::hash::FastMap;
use crate::images::{CARD_HEIGHT, CARD_WIDTH, Focus, Format, Info, Made};

/// One raster file of the site and what it makes.
#[derive(Debug)]
pub struct ImageAsset<'a> {
    /// The file as `static/` or a bundle publishes it.
    pub asset: &'a Asset,
    /// The file, relative to the site folder.
    pub file: PathBuf,
    /// What it is.
    pub info: Info,
    /// Widths of its WebP variants (when a page shows it).
    pub widths: Vec<u32>,
    /// The width of its light fallback (when a page shows it, and it is not animated).
    pub fallback: Option<u32>,
    /// The width of its avatar (a contact or testimonial photo): a WebP and a fallback.
    pub avatar: Option<u32>,
    /// The width of the contact photo the vCard and the JSON-LD link: a fallback.
    pub contact: Option<u32>,
    /// Its social cards, by focus.
    pub cards: Vec<Focus>,
    /// The original is published as it is (`keep_metadata`).
    pub as_is: bool,
    /// The original is published (`publish_originals`, `keep_metadata`, or no page shows
    /// it as a picture: a theme or a link may use it).
    pub original: bool,
}

impl ImageAsset<'_> {
    /// Every file it makes.
    pub fn made(&self) -> Vec<Made> {
        let mut out = Vec::new();
        if self.original && !self.as_is {
            out.push(Made::Original);
        }
        out.extend(self.fallback.map(Made::Fallback));
        out.extend(self.widths.iter().map(|w| Made::Variant(*w)));
        if let Some(a) = self.avatar {
            out.push(Made::Fallback(a));
            out.push(Made::Variant(a));
        }
        out.extend(self.contact.map(Made::Fallback));
        out.extend(self.cards.iter().map(|f| Made::Card(*f)));
        let mut seen = Vec::new();
        out.retain(|m| {
            let new = !seen.contains(m);
            seen.push(*m);
            new
        });
        out
    }

    /// The site path of one of its files.
    pub fn path(&self, made: Made) -> String {
        match made {
            Made::Original => self.asset.dest.clone(),
            Made::Variant(w) => crate::images::variant_path(&self.asset.dest, w),
            Made::Fallback(w) => crate::images::fallback_path(&self.asset.dest, w, self.info.alpha),
            Made::Card(f) => card_dest(&self.asset.dest, f),
        }
    }
}

/// The width of an avatar shown as a circle `size` pixels across (at 2x, cropped to cover
/// it): its shorter side `size`, at most its own width.
fn avatar_width(info: &Info, size: u32) -> u32 {
    let short = info.width.min(info.height).max(1);
    let w = (u64::from(size) * u64::from(info.width)).div_ceil(u64::from(short));
    (w as u32).clamp(1, info.width)
}

/// The URLs of an avatar: its WebP and its fallback (`<img src>`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Avatar {
    /// The WebP, for a `<source>`.
    pub webp: String,
    /// The JPEG (PNG when transparent).
    pub src: String,
}

/// The card's site path: `photo.card.jpg`, or `photo.card-30-40.jpg` off centre.
fn card_dest(dest: &str, focus: Focus) -> String {
    let card = crate::images::card_path(dest);
    if focus == Focus::CENTRE {
        card
    } else {
        let stem = card.trim_end_matches(".jpg");
        format!("{stem}-{}.jpg", focus.name())
    }
}

/// The image link previews show for a page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SocialImage {
    /// Absolute URL.
    pub url: String,
    /// Its size, when known.
    pub size: Option<(u32, u32)>,
    /// What it shows.
    pub alt: Option<String>,
}

/// The images of a site and what each makes.
#[derive(Debug, Default)]
pub struct Plan<'a> {
    /// Every raster file published from `static/` or a bundle that could be read.
    pub images: Vec<ImageAsset<'a>>,
    by_file: FastMap<PathBuf, usize>,
    /// Files that cannot be read and that no page shows (those a page shows are errors
    /// at the page): published as they are.
    pub warnings: Vec<Diagnostic>,
    /// Contact and testimonial photos that cannot be read.
    pub errors: Vec<Diagnostic>,
}

impl<'a> Plan<'a> {
    /// The plan for `content`.
    pub fn new(content: &'a Content) -> Plan<'a> {
        let images = &content.images;
        let site_dir = images.site_dir();
        let mut plan = Plan::default();
        for asset in &content.assets {
            if let Some((why, shown)) = Format::unreadable(&asset.dest) {
                let file = asset.source.strip_prefix(site_dir).unwrap_or(&asset.source);
                let why = match shown {
                    true => why.to_string(),
                    false => format!("{why}; it is published as it is, with any metadata it holds"),
                };
                plan.warnings.push(Diagnostic::file(file, why));
            }
            if Format::of_name(&asset.dest).is_none() {
                continue;
            }
            let file = asset
                .source
                .strip_prefix(site_dir)
                .unwrap_or(&asset.source)
                .to_path_buf();
            match images.probe(&file).as_ref() {
                Ok(info) => {
                    if Format::of_name(&asset.dest) != Some(info.format) {
                        plan.warnings.push(Diagnostic::file(
                            &file,
                            format!(
                                "is a {} file with the name of another format: browsers show it, but rename it to end in .{}",
                                info.format.name(),
                                info.format.name().to_lowercase().replace("jpeg", "jpg")
                            ),
                        ));
                    }
                    plan.by_file.insert(file.clone(), plan.images.len());
                    plan.images.push(ImageAsset {
                        asset,
                        file,
                        info: info.clone(),
                        widths: Vec::new(),
                        fallback: None,
                        avatar: None,
                        contact: None,
                        cards: Vec::new(),
                        as_is: images.settings.keep_metadata,
                        original: true,
                    });
                }
                Err(why) => plan.warnings.push(Diagnostic::file(
                    &file,
                    format!("{why}; it is published as it is"),
                )),
            }
        }
        let static_dir = Path::new(crate::layout::STATIC);
        // Each photo with the file that names it, and the size it is shown at.
        let named: Vec<(PathBuf, PathBuf, u32)> = content
            .contact
            .iter()
            .filter_map(|c| c.person.photo.as_ref())
            .map(|p| {
                let by = PathBuf::from(crate::layout::CONTACT_FILE);
                (by, p, crate::images::CONTACT_AVATAR)
            })
            .chain(content.testimonials.iter().filter_map(|t| {
                let p = t.photo.as_ref()?;
                Some((t.source.clone(), p, crate::images::TESTIMONIAL_AVATAR))
            }))
            .chain(content.team.iter().filter_map(|m| {
                let p = m.photo.as_ref()?;
                Some((m.source.clone(), p, crate::images::CONTACT_AVATAR))
            }))
            .map(|(by, p, size)| (by, static_dir.join(p.trim_start_matches('/')), size))
            .collect();
        for (by, photo, _) in &named {
            if Format::of_name(&photo.to_string_lossy()).is_some()
                && let Err(why) = images.probe(photo).as_ref()
            {
                plan.errors.push(Diagnostic::file(
                    by,
                    format!("the photo {} {why}", photo.display()),
                ));
            }
        }
        let settings = &images.settings;
        let publish = settings.publish_originals || settings.keep_metadata;
        // The pictures pages show: in their text, the home page's photo and each post's
        // card on the lists (its `image`, else its first picture).
        let hero = content.config.hero.as_ref().map(|h| h.file.clone());
        if let Some(file) = &hero
            && plan.get(file).is_none()
        {
            plan.errors.push(Diagnostic::file(
                crate::layout::SITE_FILE,
                format!(
                    "`hero.image` {} cannot be shown: it is not an image frontdesk can read",
                    file.display()
                ),
            ));
        }
        let cards: Vec<PathBuf> = content
            .posts
            .iter()
            .filter_map(|p| post_image_file(p))
            .collect();
        let shown = content
            .posts
            .iter()
            .flat_map(|p| &p.images)
            .chain(content.pages.iter().flat_map(|p| &p.images))
            .chain(&hero)
            .chain(&cards);
        let mut animated_told = Vec::new();
        // The images whose original's fate a page or a photo decided.
        let mut decided = crate::hash::FastSet::default();
        for file in shown {
            if let Some(&i) = plan.by_file.get(file) {
                decided.insert(i);
                let img = &mut plan.images[i];
                if img.info.animated && !animated_told.contains(&i) {
                    animated_told.push(i);
                    plan.warnings.push(Diagnostic::file(
                        &img.file,
                        format!(
                            "is an animated {}: published as it is, without smaller variants (a short MP4 video is usually ten times smaller)",
                            img.info.format.name()
                        ),
                    ));
                }
                if img.widths.is_empty() {
                    img.widths = crate::images::widths(&img.info, settings);
                }
                img.fallback = crate::images::fallback_width(&img.info);
                img.original = publish || img.info.animated;
            }
        }
        // A link to an image leads to its fallback (see `DocLinks::linked_image`).
        let linked = content
            .posts
            .iter()
            .flat_map(|p| &p.linked_images)
            .chain(content.pages.iter().flat_map(|p| &p.linked_images))
            .chain(&content.intro_linked_images)
            .chain(
                (content.newsletter.iter())
                    .flat_map(|n| &n.issues)
                    .flat_map(|i| &i.linked_images),
            );
        for file in linked {
            if let Some(&i) = plan.by_file.get(file) {
                let img = &mut plan.images[i];
                img.fallback = img.fallback.or(crate::images::fallback_width(&img.info));
            }
        }
        for (_, photo, size) in &named {
            if let Some(&i) = plan.by_file.get(photo) {
                decided.insert(i);
                let img = &mut plan.images[i];
                if !img.info.animated {
                    img.original = publish;
                    let w = avatar_width(&img.info, *size);
                    img.avatar = Some(img.avatar.map_or(w, |a| a.max(w)));
                    if *size == crate::images::CONTACT_AVATAR {
                        // The vCard and the business's JSON-LD link a photo of their own.
                        img.contact = Some(avatar_width(&img.info, crate::images::CONTACT_PHOTO));
                    }
                }
            }
        }
        // Link previews (Facebook, LinkedIn, WhatsApp, X) do not show SVG.
        let svg = |s: &str| {
            let path = s.split(['?', '#']).next().unwrap_or(s);
            path.to_ascii_lowercase().ends_with(".svg")
        };
        const SVG_CARD: &str = "is an SVG image, which link previews (Facebook, LinkedIn, WhatsApp, X) do not show: use a JPEG or PNG, ideally 1200x630";
        if let Some(img) = content.config.image.as_deref().filter(|i| svg(i)) {
            plan.warnings.push(Diagnostic::file(
                crate::layout::SITE_FILE,
                format!("`image` {img:?} {SVG_CARD}"),
            ));
        }
        for post in &content.posts {
            if let Some(img) = post.src.image.as_deref().filter(|i| svg(i)) {
                plan.warnings.push(Diagnostic::file(
                    &post.src.source,
                    format!("`image` {img:?} {SVG_CARD}"),
                ));
            }
        }
        let mut cards: Vec<(PathBuf, Focus, bool)> = content
            .posts
            .iter()
            .filter_map(|p| {
                let focus = p.src.image_focus.unwrap_or(Focus::CENTRE);
                post_image_file(p).map(|f| (f, focus, true))
            })
            .collect();
        cards.extend(site_image_file(&content.config).map(|f| (f, Focus::CENTRE, false)));
        for (file, focus, of_post) in cards {
            if let Some(&i) = plan.by_file.get(&file) {
                let img = &mut plan.images[i];
                if !img.cards.contains(&focus) {
                    img.cards.push(focus);
                }
                // A post's social image that no page shows is published as its card only
                // (a bundle's cover photo is often several MB).
                if of_post && !decided.contains(&i) && !img.info.animated {
                    img.original = publish;
                }
            }
        }
        plan
    }

    /// The image of `file`, if it is one the plan publishes.
    pub fn get(&self, file: &Path) -> Option<&ImageAsset<'a>> {
        self.by_file.get(file).map(|&i| &self.images[i])
    }

    /// A picture of the plan as a template shows it: the hero, a post's card.
    pub fn picture(
        &self,
        file: &Path,
        alt: &str,
        focus: Focus,
        config: &Config,
    ) -> Option<crate::picture::PictureView> {
        let img = self.get(file)?;
        let fallback = img.fallback?;
        let url = |m| config.file_url(&crate::images::url_path(&img.path(m)));
        let height =
            crate::images::process::scaled_height(img.info.width, img.info.height, fallback);
        let srcset = (img.widths.iter())
            .map(|w| format!("{} {w}w", url(Made::Variant(*w))))
            .collect::<Vec<_>>()
            .join(", ");
        let full = match img.widths.iter().max() {
            Some(w) => url(Made::Variant(*w)),
            None => url(Made::Fallback(fallback)),
        };
        Some(crate::picture::PictureView {
            src: url(Made::Fallback(fallback)),
            srcset,
            width: fallback,
            height,
            height_3x2: (fallback * 2).div_ceil(3),
            alt: alt.to_string(),
            position: format!(
                "{}% {}%",
                (focus.x * 100.0).round(),
                (focus.y * 100.0).round()
            ),
            full,
        })
    }

    /// The home page's photo (`hero` in `site.yaml`).
    pub fn hero(&self, config: &Config) -> Option<crate::picture::PictureView> {
        let hero = config.hero.as_ref()?;
        self.picture(&hero.file, &hero.alt, hero.focus, config)
    }

    /// The picture a post's card on the lists shows: its `image`, else its first picture,
    /// cropped around `image_focus`; its alt text is `image_alt`, else empty (the card's
    /// title beside it says what the post is).
    pub fn post_card(&self, post: &Post, config: &Config) -> Option<crate::picture::PictureView> {
        let file = post_image_file(post)?;
        let alt = post.src.image_alt.as_deref().unwrap_or("");
        let focus = post.src.image_focus.unwrap_or(Focus::CENTRE);
        self.picture(&file, alt, focus, config)
    }

    /// Whether `asset` is published through the plan (not copied as it is).
    pub fn handles(&self, asset: &Asset, site_dir: &Path) -> bool {
        let file = asset.source.strip_prefix(site_dir).unwrap_or(&asset.source);
        self.get(file).is_some_and(|i| !i.as_is || !i.original)
    }

    /// The avatar of a photo of `static/` (`photo` in `contact.yaml` or a testimonial),
    /// shown as a small circle: a WebP and a fallback at twice the size shown.
    pub fn avatar(&self, photo: &str, config: &Config) -> Option<Avatar> {
        let file = Path::new(crate::layout::STATIC).join(photo.trim_start_matches('/'));
        let img = self.get(&file)?;
        let w = img.avatar?;
        let url = |m| config.file_url(&crate::images::url_path(&img.path(m)));
        Some(Avatar {
            webp: url(Made::Variant(w)),
            src: url(Made::Fallback(w)),
        })
    }

    /// The site path (URL-escaped) of the contact photo as the vCard and the JSON-LD link
    /// it: a JPEG (PNG when transparent) whose shorter side is [`crate::images::CONTACT_PHOTO`],
    /// stripped; None when the plan does not make one (the photo is then published as it
    /// is: an SVG, an animated or unreadable file).
    pub fn contact_photo(&self, photo: &str) -> Option<String> {
        let file = Path::new(crate::layout::STATIC).join(photo.trim_start_matches('/'));
        let img = self.get(&file)?;
        Some(crate::picture::url_path(
            &img.path(Made::Fallback(img.contact?)),
        ))
    }

    /// The social image of a post: its card (from `image`, else its first picture), else
    /// the site's.
    pub fn post_image(&self, post: &Post, config: &Config) -> Option<SocialImage> {
        if !has_own_image(post) {
            return self.site_image(config);
        }
        let alt = post
            .src
            .image_alt
            .clone()
            .or_else(|| Some(post.src.title.clone()));
        if let Some(file) = post_image_file(post) {
            let focus = post.src.image_focus.unwrap_or(Focus::CENTRE);
            if let Some(card) = self.card(&file, focus, config, alt.clone()) {
                return Some(card);
            }
        }
        // An image elsewhere (another site, or a file that is not a raster image).
        if let Some(img) = &post.src.image {
            let base = url::Url::parse(&config.absolute(&post.path)).ok()?;
            return Some(SocialImage {
                url: base.join(img).ok()?.to_string(),
                size: None,
                alt,
            });
        }
        self.site_image(config)
    }

    /// The social image of a post with an image of its own, else None (the site's is
    /// shown: see [`Plan::site_image`]). Most posts have none, and a post's page key asks
    /// this for every post on every update.
    pub fn own_post_image(&self, post: &Post, config: &Config) -> Option<SocialImage> {
        has_own_image(post)
            .then(|| self.post_image(post, config))
            .flatten()
    }

    /// The site's social image (`image` in `site.yaml`), as a card when it is a raster file.
    pub fn site_image(&self, config: &Config) -> Option<SocialImage> {
        let img = config.image.as_ref()?;
        let alt = Some(config.title.clone());
        if let Some(file) = site_image_file(config)
            && let Some(card) = self.card(&file, Focus::CENTRE, config, alt.clone())
        {
            return Some(card);
        }
        let url = match url::Url::parse(img) {
            Ok(u) => u.to_string(),
            Err(_) => config.file_absolute(img),
        };
        Some(SocialImage {
            url,
            size: None,
            alt,
        })
    }

    fn card(
        &self,
        file: &Path,
        focus: Focus,
        config: &Config,
        alt: Option<String>,
    ) -> Option<SocialImage> {
        let img = self.get(file)?;
        Some(SocialImage {
            url: config.file_absolute(&crate::images::url_path(&img.path(Made::Card(focus)))),
            size: Some((CARD_WIDTH, CARD_HEIGHT)),
            alt,
        })
    }
}

/// Where the Markdown of the site's posts and pages shows `file` (errors about the image
/// point there); the file itself when no document shows it.
pub fn places(content: &Content, file: &Path) -> Vec<(PathBuf, Option<(u32, u32)>)> {
    let docs = content
        .posts
        .iter()
        .filter(|p| p.images.iter().any(|f| f == file))
        .map(|p| (&p.src.source, p.src.is_bundle()))
        .chain(
            content
                .pages
                .iter()
                .filter(|p| p.images.iter().any(|f| f == file))
                .map(|p| (&p.src.source, false)),
        );
    let mut out = Vec::new();
    for (source, bundle) in docs {
        let Ok(text) = crate::walk::read_text(&content.site_dir, source) else {
            continue;
        };
        let Ok(split) = crate::content::frontmatter::split(&text) else {
            continue;
        };
        let dir = source.parent().unwrap_or(Path::new(""));
        for (dest, at) in crate::markdown::link_offsets(split.body) {
            if crate::content::links::local_file(dir, bundle, &dest).as_deref() == Some(file) {
                let (line, col) = crate::text::line_col(split.body, at);
                out.push((source.clone(), Some((line + split.body_line - 1, col))));
            }
        }
    }
    if out.is_empty() {
        out.push((file.to_path_buf(), None));
    }
    out
}

/// An error about the image `file`, at every place that shows it.
pub fn errors_at(content: &Content, file: &Path, why: &str) -> Vec<Diagnostic> {
    places(content, file)
        .into_iter()
        .map(|(source, at)| match at {
            Some((line, col)) => Diagnostic::at(
                &source,
                line,
                col,
                format!("the image {} {why}", file.display()),
            ),
            None => Diagnostic::file(&source, format!("the image {why}")),
        })
        .collect()
}

/// The local file a post's social image comes from: `image`, else its first picture.
fn post_image_file(post: &Post) -> Option<PathBuf> {
    match &post.src.image {
        Some(img) => crate::content::links::local_file(
            post.src.source.parent().unwrap_or(Path::new("")),
            post.src.is_bundle(),
            img,
        ),
        None => post.images.first().cloned(),
    }
}

/// The file of `static/` that `image` in `site.yaml` names (`/card.png` or `card.png`).
pub fn site_image_file(config: &Config) -> Option<PathBuf> {
    let img = config.image.as_ref()?;
    if url::Url::parse(img).is_ok() {
        return None;
    }
    let rooted = format!("/{}", img.trim_start_matches('/'));
    crate::content::links::local_file(Path::new(""), false, &rooted)
}

/// Whether a post names an image or shows pictures (else its social image is the site's).
fn has_own_image(post: &Post) -> bool {
    post.src.image.is_some() || !post.images.is_empty()
}
