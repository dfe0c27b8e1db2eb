//! `frontdesk init`: a working starter site (the example site, embedded in the binary).

use std::fs;

use anyhow::{Context, Result, bail};

use crate::cli::InitArgs;

/// Writes the starter site into a new or empty folder.
pub fn run(args: &InitArgs) -> Result<String> {
    let dir = &args.dir;
    if dir.exists() {
        let mut entries =
            fs::read_dir(dir).with_context(|| format!("{}: cannot read", dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "{}: folder is not empty; init only writes into a new or empty folder",
                dir.display()
            );
        }
    }
    fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    for (rel, bytes) in crate::embedded::STARTER_SITE {
        let dest = dir.join(rel);
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("{}: cannot create", parent.display()))?;
        }
        fs::write(&dest, bytes).with_context(|| format!("{}: cannot write", dest.display()))?;
    }
    let count = crate::embedded::STARTER_SITE.len();
    Ok(format!(
        "Wrote a starter site ({count} files) into {}. Next: edit site.yaml and contact.yaml, then `frontdesk serve {}`",
        dir.display(),
        dir.display()
    ))
}
