//! Embeds the default theme, the starter site (`starter/`, what `frontdesk init` fills in
//! with the owner's details) and the example site (without its build output) as lists of
//! `(path, bytes)`, so an installed binary works anywhere.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Folders of the example site that are build products, never embedded. Dot-entries of the
/// site's top level (`.frontdesk/`, a build's staging folders and lock) are skipped too,
/// except a site's `.gitignore`.
const SKIP: [&str; 1] = ["public"];
const KEEP_HIDDEN: [&str; 1] = [".gitignore"];

fn files(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("readable folder")
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        let hidden = name.starts_with('.') && !KEEP_HIDDEN.contains(&name.as_str());
        if dir == root && (hidden || SKIP.contains(&name.as_str())) {
            continue;
        }
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            files(root, &path, out);
        } else {
            println!("cargo:rerun-if-changed={}", path.display());
            out.push(path);
        }
    }
}

/// Only the inputs are watched: every embedded file and folder below `root`, never `root`
/// itself, whose modification time changes whenever a build writes `public/` into it (that
/// would recompile after every `frontdesk build site`). A new top-level file of the example
/// site is therefore picked up by the next change to any other input, or `cargo clean`.
fn embed(name: &str, root: &Path, code: &mut String) {
    let mut list = Vec::new();
    files(root, root, &mut list);
    writeln!(
        code,
        "/// Embedded files: (path relative to the folder, bytes)."
    )
    .unwrap();
    writeln!(code, "pub static {name}: &[(&str, &[u8])] = &[").unwrap();
    for path in list {
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    writeln!(code, "];").unwrap();
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let mut code = String::new();
    embed("DEFAULT_THEME", &manifest.join("themes/default"), &mut code);
    embed("STARTER_SITE", &manifest.join("starter"), &mut code);
    embed("EXAMPLE_SITE", &manifest.join("site"), &mut code);
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(out, code).unwrap();
}
