//! Helpers shared by the preview tests: a site written into a temp folder, and the
//! served files kept as a map the way the preview server keeps them.
#![allow(dead_code)] // Each test crate uses a different subset.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use frontdesk::content::LoadOptions;
use frontdesk::serve::Delta;

/// Served files by site path.
pub type Files = BTreeMap<String, Vec<u8>>;

/// Load options of a preview on a fixed local address.
pub fn opts() -> LoadOptions {
    LoadOptions {
        drafts: false,
        base_url: Some("http://127.0.0.1:1111/".into()),
        now: chrono::Utc::now(),
    }
}

/// Writes `text` to `dir/rel`, making folders; returns the path.
pub fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(&p, text).unwrap();
    p
}

/// A post's source.
pub fn post(title: &str, date: &str, tags: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: {date}\ntags: [{tags}]\n---\n{body}\n")
}

/// Applies a rebuild's delta to the served files.
pub fn apply(files: &mut Files, delta: Delta) {
    for r in delta.removed {
        files.remove(&r);
    }
    for o in delta.upserts {
        files.insert(o.path.clone(), o.body.read().unwrap().into_owned());
    }
}

/// The first line where two files differ, for failure messages.
pub fn first_difference(a: &[u8], b: &[u8]) -> String {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    a.lines().zip(b.lines()).find(|(x, y)| x != y).map_or_else(
        || "(one is longer)".into(),
        |(x, y)| format!("served: {x}\nfull:   {y}"),
    )
}
