//! The whole build as one pipeline: load -> theme -> render. Writing is the caller's.

use std::path::Path;

use crate::content::{self, Content, LoadOptions};
use crate::error::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::render::{RenderOptions, Renderer, theme};

/// A site rendered into memory.
pub struct Built {
    /// Every output file.
    pub outputs: Vec<Output>,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// Number of HTML pages among the outputs.
    pub pages: usize,
}

/// Loads and renders the site in `site_dir`.
pub fn render_site(
    site_dir: &Path,
    load: &LoadOptions,
    opts: RenderOptions,
) -> Result<Built, Diagnostics> {
    match content::load(site_dir, load) {
        Ok(content) => render_content(&content, opts),
        Err(mut errors) => {
            // Report template errors in the same run as content errors.
            if let Ok(config) = crate::config::load(site_dir, None)
                && let Err(theme_errors) = theme::load(site_dir, &config.theme)
            {
                errors.0.extend(theme_errors.0);
            }
            Err(errors.sorted())
        }
    }
}

/// Renders already-loaded content with its theme.
pub fn render_content(content: &Content, opts: RenderOptions) -> Result<Built, Diagnostics> {
    let theme = theme::load(&content.site_dir, &content.config.theme)?;
    let renderer = Renderer::new(content, &theme, opts);
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
