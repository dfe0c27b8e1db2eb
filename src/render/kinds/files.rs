//! Files copied or made from one source: the site's static files, the files made from
//! its raster images, the favicon set and the theme's static files. None shows the
//! site-wide values: each holds what it is made from.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use super::{Job, Kind, Reads};
use crate::error::Diagnostic;
use crate::image_plan::ImageAsset;
use crate::images::Made;
use crate::output::Body;
use crate::render::icons::{self, THEME_FAVICON};
use crate::render::site::Site;
use crate::render::theme::{Theme, ThemeFile};
use crate::render::{Renderer, shown};

/// A file from `static/` or a bundle, copied as it is.
#[derive(Debug)]
pub struct Asset<'r> {
    asset: &'r crate::content::Asset,
    site_dir: &'r Path,
}

impl Hash for Asset<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (&self.asset.dest, &self.asset.source).hash(h);
    }
}

impl<'r> Kind<'r> for Asset<'r> {
    const READS: Reads = Reads::Nothing;

    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        let c = r.content;
        (c.assets.iter())
            .filter(|a| !r.site.images.handles(a, &c.site_dir))
            .map(|asset| Asset {
                asset,
                site_dir: &c.site_dir,
            })
            .collect()
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(&self.asset.dest)
    }

    fn file(&self, out: &mut String) {
        out.push_str(&self.asset.dest);
    }

    fn source(&self, _: &Site) -> PathBuf {
        shown(self.site_dir, &self.asset.source)
    }

    fn output(&self, _: &Site) -> Result<Body, Diagnostic> {
        Ok(Body::File(self.asset.source.clone()))
    }
}

/// A file made from a raster image of `static/` or a bundle: the original without its
/// metadata, a WebP variant, the light fallback, an avatar or the social card.
#[derive(Debug)]
pub struct Image<'r> {
    image: &'r ImageAsset<'r>,
    made: Made,
    /// The images' store, and the content to blame a failure on the places showing it.
    content: &'r crate::content::Content,
    /// In the preview: the original stands in until its files are made (then false).
    stand_in: bool,
}

impl Hash for Image<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        let image = self.image;
        (image.path(self.made), &image.info, self.made).hash(h);
        (&self.content.images.settings, self.stand_in).hash(h);
    }
}

impl<'r> Image<'r> {
    /// The first of its image's files: the one whose job makes them all.
    pub fn is_first(&self) -> bool {
        self.image.made().first() == Some(&self.made)
    }
}

impl<'r> Kind<'r> for Image<'r> {
    const READS: Reads = Reads::Nothing;

    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        let c = r.content;
        let store = &c.images;
        (r.site.images.images.iter())
            .flat_map(|image| {
                let stand_in =
                    r.site.opts.stand_in_images && !store.ready(&image.info, &image.made());
                (image.made().into_iter()).map(move |made| Image {
                    image,
                    made,
                    content: c,
                    stand_in,
                })
            })
            .collect()
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Owned(self.image.path(self.made))
    }

    fn file(&self, out: &mut String) {
        out.push_str(&self.image.path(self.made));
    }

    fn source(&self, _: &Site) -> PathBuf {
        self.image.file.clone()
    }

    fn output(&self, _: &Site) -> Result<Body, Diagnostic> {
        let (image, c) = (self.image, self.content);
        if self.stand_in {
            // The preview never waits for an encoder: the original stands in for its
            // files until they are made in the background.
            return Ok(Body::File(c.site_dir.join(&image.file)));
        }
        (c.images.make(&image.file, &image.info, &image.made())).map_err(|why| {
            let mut at = crate::image_plan::errors_at(c, &image.file, &why);
            at.swap_remove(0)
        })?;
        Ok(Body::File(c.images.file(&image.info, self.made)))
    }
}

/// A file of the favicon set, made from the site's icon or logo, else the theme's favicon.
pub struct Icon<'r> {
    icon: icons::Icon,
    brand: Option<&'r crate::brand::Logo>,
    site_dir: &'r Path,
    theme: &'r Theme,
    theme_name: &'r str,
}

impl std::fmt::Debug for Icon<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "Icon({:?})", self.icon)
    }
}

impl Hash for Icon<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (self.icon, self.brand).hash(h);
        if self.brand.is_none() {
            self.theme.fingerprint.hash(h);
        }
    }
}

impl<'r> Kind<'r> for Icon<'r> {
    const READS: Reads = Reads::Nothing;

    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        let c = r.content;
        // A site's own static file replaces the icon of the same name.
        (icons::Icon::ALL.into_iter())
            .filter(|i| !r.site_files.contains(i.path()))
            .map(|icon| Icon {
                icon,
                brand: c.config.brand.icon.as_ref(),
                site_dir: &c.site_dir,
                theme: r.site.theme,
                theme_name: &c.config.theme,
            })
            .collect()
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(self.icon.path())
    }

    fn source(&self, _: &Site) -> PathBuf {
        match self.brand {
            Some(icon) => Path::new(crate::layout::STATIC).join(&icon.path),
            None => PathBuf::from(format!(
                "{}/{}/static/{THEME_FAVICON}",
                crate::layout::THEMES,
                self.theme_name
            )),
        }
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let source = icons::Source::find(self.brand, self.site_dir, self.theme, self.theme_name);
        let made = source.and_then(|s| self.icon.make(&s));
        made.map(Body::Bytes).map_err(|m| {
            Diagnostic::file(
                self.source(site),
                format!(
                    "the icon /{} cannot be made from this file: {m}",
                    self.icon.path()
                ),
            )
        })
    }
}

/// A file of the theme's `static/` (unless the site's `static/` has one of that name).
pub struct ThemeStatic<'r> {
    path: &'r str,
    file: &'r ThemeFile,
    theme: &'r Theme,
    theme_name: &'r str,
}

impl std::fmt::Debug for ThemeStatic<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "ThemeStatic({})", self.path)
    }
}

impl Hash for ThemeStatic<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (self.path, self.theme.fingerprint).hash(h);
    }
}

impl<'r> Kind<'r> for ThemeStatic<'r> {
    const READS: Reads = Reads::Nothing;

    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        let c = r.content;
        let theme = r.site.theme;
        (theme.statics.iter())
            .filter(|(path, _)| !r.site_files.contains(&path.to_lowercase()))
            .map(|(path, file)| ThemeStatic {
                path,
                file,
                theme,
                theme_name: &c.config.theme,
            })
            .collect()
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(self.path)
    }

    fn source(&self, _: &Site) -> PathBuf {
        PathBuf::from(format!(
            "{}/{}/static",
            crate::layout::THEMES,
            self.theme_name
        ))
    }

    fn output(&self, _: &Site) -> Result<Body, Diagnostic> {
        Ok(match self.file {
            ThemeFile::Builtin(b) => Body::Static(b),
            ThemeFile::Disk(p) => Body::File(p.clone()),
        })
    }
}
