//! `frontdesk build`.

use std::time::Instant;

use anyhow::Result;

use crate::cli::BuildArgs;
use crate::content::LoadOptions;
use crate::output;
use crate::pipeline;
use crate::render::RenderOptions;

/// Builds the site and writes it atomically; returns the summary line.
pub fn run(args: &BuildArgs) -> Result<String> {
    let start = Instant::now();
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| args.site_dir.join("public"));
    output::check_target(&args.site_dir, &out_dir)?;
    let load = LoadOptions {
        drafts: args.drafts,
        base_url: args.base_url.clone(),
        now: chrono::Utc::now(),
    };
    let built = pipeline::render_site(&args.site_dir, &load, RenderOptions::default())?;
    for w in &built.warnings {
        eprintln!("warning: {w}");
    }
    output::write_atomic(&out_dir, &built.outputs)?;
    Ok(format!(
        "Built {} pages ({} files) in {:.2} s into {}",
        built.pages,
        built.outputs.len(),
        start.elapsed().as_secs_f64(),
        out_dir.display()
    ))
}
