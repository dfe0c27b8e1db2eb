//! Shared helpers for the integration tests: copy a fixture site into a temporary
//! folder, run the real `frontdesk` binary on it, and read what it wrote.
#![allow(dead_code)] // Each test crate uses a different subset.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_frontdesk");

/// The base URL of the `basic` fixture.
pub const BASE: &str = "https://basic.example/";

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// Exit code (None if killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Panics unless the run exited with 0.
    #[track_caller]
    pub fn assert_success(&self) -> &Self {
        assert_eq!(
            self.code,
            Some(0),
            "expected success\n--- stdout:\n{}\n--- stderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Panics unless the run exited with a non-zero code (not a crash by signal), printed
    /// nothing on stdout and something on stderr.
    #[track_caller]
    pub fn assert_failure(&self) -> &Self {
        assert!(
            matches!(self.code, Some(c) if c != 0),
            "expected a non-zero exit code, got {:?}\n--- stdout:\n{}\n--- stderr:\n{}",
            self.code,
            self.stdout,
            self.stderr
        );
        assert!(
            self.stdout.trim().is_empty(),
            "a failed run must not print on stdout, got:\n{}",
            self.stdout
        );
        assert!(
            !self.stderr.trim().is_empty(),
            "a failed run must say why on stderr"
        );
        assert!(
            !self.stderr.contains("panicked"),
            "the binary panicked:\n{}",
            self.stderr
        );
        self
    }

    /// Panics unless some stderr line starts with `prefix`; returns that line.
    #[track_caller]
    pub fn error_line(&self, prefix: &str) -> &str {
        self.stderr
            .lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| {
                panic!(
                    "no stderr line starts with {prefix:?}\n--- stderr:\n{}",
                    self.stderr
                )
            })
    }

    /// Every `error: ...` line on stderr (without the closing count).
    pub fn error_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("error: ") && !l.contains("build failed"))
            .collect()
    }

    /// The `error: FILE:LINE:COL: message` line about `file`, split into (line, col, message).
    /// Panics when there is none or it lacks a line and column.
    #[track_caller]
    pub fn located_error(&self, file: &str) -> (u32, u32, String) {
        let prefix = format!("error: {file}:");
        let line = self.error_line(&prefix);
        let rest = &line[prefix.len()..];
        let mut parts = rest.splitn(3, ':');
        let (l, c, msg) = (parts.next(), parts.next(), parts.next());
        match (
            l.and_then(|l| l.parse().ok()),
            c.and_then(|c| c.parse().ok()),
            msg,
        ) {
            (Some(l), Some(c), Some(m)) if m.starts_with(' ') => (l, c, m.trim_start().to_string()),
            _ => panic!("expected `error: {file}:LINE:COL: message`, got {line:?}"),
        }
    }
}

/// Runs the binary with `args` in `cwd`.
pub fn frontdesk(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env_remove("RUST_LOG")
        .output()
        .expect("run frontdesk");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// A copy of a fixture site in a fresh temporary folder: `TMP/site`.
pub struct Site {
    /// Keeps the folder alive; deleted on drop.
    pub tmp: TempDir,
    /// The site folder, `TMP/site`.
    pub dir: PathBuf,
}

impl Site {
    /// Copies `tests/fixtures/NAME`.
    pub fn fixture(name: &str) -> Site {
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        assert!(src.is_dir(), "no fixture {}", src.display());
        let tmp = tempfile::Builder::new()
            .prefix("frontdesk-test-")
            .tempdir()
            .expect("temp dir");
        let dir = tmp.path().join("site");
        copy_dir(&src, &dir);
        Site { tmp, dir }
    }

    /// The `basic` fixture.
    pub fn basic() -> Site {
        Site::fixture("basic")
    }

    /// The temporary folder holding the site.
    pub fn root(&self) -> &Path {
        self.tmp.path()
    }

    /// A path inside the site folder.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    /// Writes (or replaces) a file of the site, creating folders as needed.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().expect("has parent")).expect("create folders");
        fs::write(&p, contents).expect("write site file");
    }

    /// Reads a file of the site as text.
    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Deletes a file of the site.
    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.path(rel)).unwrap_or_else(|e| panic!("remove {rel}: {e}"));
    }

    /// `frontdesk build SITE EXTRA...`, run from the temporary folder.
    pub fn build(&self, extra: &[&str]) -> Run {
        let site = self.dir.to_str().expect("UTF-8 temp path");
        let mut args = vec!["build", site];
        args.extend_from_slice(extra);
        frontdesk(self.root(), &args)
    }

    /// Builds and panics unless it succeeded; returns the default output folder.
    #[track_caller]
    pub fn build_ok(&self, extra: &[&str]) -> Out {
        self.build(extra).assert_success();
        self.out()
    }

    /// The default output folder, `SITE/public`.
    pub fn out(&self) -> Out {
        Out(self.dir.join("public"))
    }
}

/// An output folder.
#[derive(Clone, Debug)]
pub struct Out(pub PathBuf);

impl Out {
    /// A path inside the output folder.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }

    /// True when `rel` exists as a file.
    pub fn has(&self, rel: &str) -> bool {
        self.path(rel).is_file()
    }

    /// Reads an output file as text.
    #[track_caller]
    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read output {rel}: {e}"))
    }

    /// Reads an output file as bytes.
    #[track_caller]
    pub fn bytes(&self, rel: &str) -> Vec<u8> {
        fs::read(self.path(rel)).unwrap_or_else(|e| panic!("read output {rel}: {e}"))
    }

    /// Parses an output HTML file.
    #[track_caller]
    pub fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }

    /// Every `.html` file, as site paths with `/`, sorted.
    pub fn html_files(&self) -> Vec<String> {
        self.files()
            .into_iter()
            .filter(|f| f.ends_with(".html"))
            .collect()
    }

    /// Every file, as site paths with `/`, sorted.
    pub fn files(&self) -> Vec<String> {
        snapshot(&self.0).into_keys().collect()
    }
}

/// Every file below `dir` (relative, `/`-separated) with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display())) {
            let entry = entry.expect("dir entry");
            let p = entry.path();
            if entry.file_type().expect("file type").is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).expect("below base");
                let key = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                out.insert(key, fs::read(&p).expect("read file"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Names of the entries directly inside `dir`, sorted.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn copy_dir(src: &Path, dest: &Path) {
    fs::create_dir_all(dest).expect("create dest");
    for entry in fs::read_dir(src).expect("read fixture") {
        let entry = entry.expect("entry");
        let to = dest.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            fs::copy(entry.path(), &to).expect("copy fixture file");
        }
    }
}

/// A CSS selector (panics on a typo in the test).
pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("bad selector {s:?}: {e:?}"))
}

/// Elements of `doc` matching `selector`.
pub fn select<'a>(doc: &'a Html, selector: &str) -> Vec<ElementRef<'a>> {
    doc.select(&sel(selector)).collect()
}

/// The only element of `doc` matching `selector`.
#[track_caller]
pub fn one<'a>(doc: &'a Html, selector: &str) -> ElementRef<'a> {
    let found = select(doc, selector);
    assert_eq!(
        found.len(),
        1,
        "expected exactly one {selector:?}, found {}",
        found.len()
    );
    found[0]
}

/// The value of attribute `attr` of the only element matching `selector`.
#[track_caller]
pub fn attr_of(doc: &Html, selector: &str, attr: &str) -> String {
    one(doc, selector)
        .value()
        .attr(attr)
        .unwrap_or_else(|| panic!("{selector:?} has no {attr}"))
        .to_string()
}

/// Element text with whitespace collapsed.
pub fn text(el: ElementRef) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// True when `el` or one of its ancestors is an element with `attr="value"`.
pub fn within_attr(el: ElementRef, attr: &str, value: &str) -> bool {
    std::iter::once(*el)
        .chain(el.ancestors())
        .filter_map(|n| n.value().as_element())
        .any(|e| e.attr(attr) == Some(value))
}

/// The nearest ancestor element named `name`.
pub fn ancestor_named<'a>(el: ElementRef<'a>, name: &str) -> Option<ElementRef<'a>> {
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == name)
}

/// The JSON-LD objects of a page, parsed.
#[track_caller]
pub fn json_ld(doc: &Html) -> Vec<serde_json::Value> {
    select(doc, r#"script[type="application/ld+json"]"#)
        .into_iter()
        .map(|s| {
            let raw: String = s.text().collect();
            serde_json::from_str(&raw)
                .unwrap_or_else(|e| panic!("JSON-LD does not parse ({e}):\n{raw}"))
        })
        .collect()
}

/// The system Python, which has Debian's python3-vobject (a pyenv one may not).
#[allow(dead_code)]
pub fn python() -> &'static str {
    if std::path::Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    }
}
