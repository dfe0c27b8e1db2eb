//! `frontdesk init`: a working starter site (the example site, embedded in the binary).

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};
use include_dir::{Dir, DirEntry, include_dir};

use crate::cli::InitArgs;

static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/site");

/// Folders of the example site that are build products, never part of the starter.
const SKIP: [&str; 2] = ["public", ".frontdesk"];

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
    let mut count = 0;
    write_dir(&STARTER, dir, &mut count)?;
    Ok(format!(
        "Wrote a starter site ({count} files) into {}. Next: edit site.yaml and contact.yaml, then `frontdesk serve {}`",
        dir.display(),
        dir.display()
    ))
}

fn write_dir(d: &Dir<'static>, root: &Path, count: &mut usize) -> Result<()> {
    for entry in d.entries() {
        let rel = entry.path();
        if rel
            .components()
            .next()
            .is_some_and(|c| SKIP.iter().any(|s| c.as_os_str() == *s))
        {
            continue;
        }
        let dest = root.join(rel);
        match entry {
            DirEntry::Dir(sub) => {
                fs::create_dir_all(&dest)
                    .with_context(|| format!("{}: cannot create", dest.display()))?;
                write_dir(sub, root, count)?;
            }
            DirEntry::File(f) => {
                fs::write(&dest, f.contents())
                    .with_context(|| format!("{}: cannot write", dest.display()))?;
                *count += 1;
            }
        }
    }
    Ok(())
}
