//! The published package (`cargo package --list`) holds every file the binary embeds and
//! builds from, and none of the tests, benchmarks or build output.
//!
//! The embedded files are read from build.rs's own output (`$OUT_DIR/embedded.rs`, the
//! `include_bytes!` lines of the default theme and the starter site), so a file the build
//! embeds but the `include` list of Cargo.toml leaves out fails here, not on crates.io.

use std::path::Path;
use std::process::Command;

/// What build.rs wrote for this build: one `include_bytes!("/abs/path")` per embedded file.
const EMBEDDED_RS: &str = include_str!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// Folders no package may hold: tests with their (partly third-party) fixtures, benchmarks,
/// build output, npm installs, and a built example site.
const FORBIDDEN: [&str; 9] = [
    "tests/",
    "bench/",
    "target/",
    "node_modules/",
    "site/public/",
    "site/.frontdesk/",
    "starter/public/",
    "starter/.frontdesk/",
    ".github/",
];

/// The files build.rs embeds, relative to the crate's folder, with `/` separators.
fn embedded_files(code: &str, manifest_dir: &Path) -> Vec<String> {
    const MARK: &str = "include_bytes!(\"";
    let mut files = Vec::new();
    for line in code.lines() {
        let Some(start) = line.find(MARK) else {
            continue;
        };
        let rest = &line[start + MARK.len()..];
        // The path is written with `{:?}`: undo its escapes of `\` and `"`.
        let mut path = String::new();
        let mut chars = rest.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => path.extend(chars.next()),
                c => path.push(c),
            }
        }
        let rel = Path::new(&path)
            .strip_prefix(manifest_dir)
            .unwrap_or_else(|_| panic!("{path}: embedded from outside the crate"));
        let rel: Vec<_> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        files.push(rel.join("/"));
    }
    files
}

/// Everything wrong with a package holding `listed`, for a binary that embeds `embedded`
/// and builds from `sources`.
fn problems(listed: &[String], embedded: &[String], sources: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for file in embedded {
        if !listed.contains(file) {
            out.push(format!(
                "{file}: embedded by the binary but not in the package"
            ));
        }
    }
    for file in sources {
        if !listed.contains(file) {
            out.push(format!("{file}: built from but not in the package"));
        }
    }
    for file in listed {
        if let Some(bad) = FORBIDDEN.iter().find(|f| file.starts_with(*f)) {
            out.push(format!("{file}: in the package, which must hold no {bad}"));
        }
        if file.starts_with('/') || file.split('/').any(|c| c == "..") {
            out.push(format!("{file}: a path outside the crate"));
        }
    }
    out
}

/// `cargo package --list`, offline when the index is not needed (it is not, with a lock
/// file), else online.
fn package_list(dir: &Path) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let run = |offline: bool| {
        let mut cmd = Command::new(&cargo);
        cmd.args(["package", "--list", "--allow-dirty"]);
        if offline {
            cmd.arg("--offline");
        }
        cmd.current_dir(dir).output().expect("cargo runs")
    };
    let mut out = run(true);
    if !out.status.success() {
        out = run(false);
    }
    assert!(
        out.status.success(),
        "cargo package --list failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("UTF-8 list")
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Every file below `dir` (relative to `root`, `/` separators).
fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(root, &path, out);
        } else {
            let rel = path.strip_prefix(root).unwrap();
            let rel: Vec<_> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(rel.join("/"));
        }
    }
}

#[test]
fn the_package_holds_what_the_binary_embeds_and_nothing_of_the_tests() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let embedded = embedded_files(EMBEDDED_RS, dir);
    // The build embeds the whole theme and the starter site: a list this short would mean
    // the parsing above found nothing and the check below proved nothing.
    assert!(embedded.len() > 40, "{embedded:?}");
    for must in ["themes/default/templates/base.html", "site/site.yaml"] {
        assert!(embedded.iter().any(|f| f == must), "{must} not embedded");
    }
    let mut sources = vec![
        "Cargo.toml".to_owned(),
        "Cargo.lock".to_owned(),
        "build.rs".to_owned(),
        "LICENSE-MIT".to_owned(),
        "LICENSE-APACHE".to_owned(),
        "README.md".to_owned(),
    ];
    walk(dir, &dir.join("src"), &mut sources);

    let listed = package_list(dir);
    let found = problems(&listed, &embedded, &sources);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The check above can fail: a missing embedded file, a missing source and a test fixture
/// in the package are each reported.
#[test]
fn a_package_missing_a_theme_file_or_holding_tests_is_refused() {
    let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let embedded = s(&["themes/default/templates/base.html", "site/site.yaml"]);
    let sources = s(&["src/main.rs"]);
    let good = s(&[
        "src/main.rs",
        "themes/default/templates/base.html",
        "site/site.yaml",
    ]);
    assert!(problems(&good, &embedded, &sources).is_empty());

    let missing = s(&["src/main.rs", "site/site.yaml"]);
    assert_eq!(problems(&missing, &embedded, &sources).len(), 1);
    let no_source = s(&["themes/default/templates/base.html", "site/site.yaml"]);
    assert_eq!(problems(&no_source, &embedded, &sources).len(), 1);
    for extra in [
        "tests/fixtures/basic/site.yaml",
        "bench/build.sh",
        "target/release/frontdesk",
        "site/public/index.html",
        "../elsewhere/x",
    ] {
        let mut with = good.clone();
        with.push(extra.to_owned());
        assert_eq!(problems(&with, &embedded, &sources).len(), 1, "{extra}");
    }
}
