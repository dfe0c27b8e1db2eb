//! The whole build as one pipeline: load (sources and theme) -> assemble -> render. Writing
//! is the caller's. `build` runs it whole; `serve` starts from [`load`] too, and asks
//! [`diagnose`] for the errors of a failed update, so both report the same problems.

use std::path::Path;

use crate::content::{self, Content, LoadOptions, Parts};
use crate::error::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::render::{RenderOptions, Renderer, Theme, theme};

/// A site rendered into memory.
pub struct Built {
    /// Every output file.
    pub outputs: Vec<Output>,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// Number of HTML pages among the outputs.
    pub pages: usize,
}

/// Reads the site's sources and its theme, reporting the problems of both in one run
/// (content and template errors together, sorted).
pub fn load(site_dir: &Path, opts: &LoadOptions) -> Result<(Parts, Theme), Diagnostics> {
    let parts = content::load_parts(site_dir, opts);
    // With a broken site.yaml, the theme it names can still be checked when it reads.
    let theme_name = match &parts {
        Ok(p) => Some(p.config.theme.clone()),
        Err(_) => crate::config::load(site_dir, None).ok().map(|c| c.theme),
    };
    let theme = theme_name.map(|name| theme::load(site_dir, &name));
    match (parts, theme) {
        (Ok(parts), Some(Ok(theme))) => Ok((parts, theme)),
        (parts, theme) => {
            let mut errors = Vec::new();
            if let Err(e) = parts {
                errors.extend(e.0);
            }
            if let Some(Err(e)) = theme {
                errors.extend(e.0);
            }
            Err(Diagnostics(errors).sorted())
        }
    }
}

/// Loads, assembles and renders the site in `site_dir`.
pub fn render_site(
    site_dir: &Path,
    load_opts: &LoadOptions,
    opts: RenderOptions,
) -> Result<Built, Diagnostics> {
    let assembled = crate::site::assemble(site_dir, load_opts, None, crate::site::Changes::All)
        .map_err(|f| f.diagnostics)?;
    render_content(&assembled.site.content, &assembled.site.theme, opts)
}

/// Renders assembled content with its theme.
pub fn render_content(
    content: &Content,
    theme: &Theme,
    opts: RenderOptions,
) -> Result<Built, Diagnostics> {
    let renderer = Renderer::new(content, theme, opts);
    let jobs = renderer.jobs();
    renderer.check_collisions(&jobs)?;
    let outputs = renderer.render_all(&jobs)?;
    let pages = outputs.iter().filter(|o| o.path.ends_with(".html")).count();
    Ok(Built {
        outputs,
        warnings: content.warnings.clone(),
        pages,
    })
}

/// The problems that stop a full build of the site from loading now (every broken source
/// and template, as `build` reports them), or None when it loads. `serve` reports these
/// for a failed update, so the preview and `build` never disagree on what is broken.
pub fn diagnose(site_dir: &Path, load_opts: &LoadOptions) -> Option<Diagnostics> {
    load(site_dir, load_opts).err()
}
