//! Errors that say where: every problem names its file and, when known, its line and column.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in one source file, shown to users as `posts/x.md:4:7: message` (and
/// ` [review: RULE]` after a content review warning).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// The file, relative to the site folder where possible.
    pub path: PathBuf,
    /// 1-based line, counted from the top of the file.
    pub line: Option<u32>,
    /// 1-based column.
    pub column: Option<u32>,
    /// What is wrong, in plain words.
    pub message: String,
    /// The content review rule that found it, if the review did.
    pub rule: Option<&'static str>,
}

impl Diagnostic {
    /// A problem with a whole file (no line known).
    pub fn file(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
            rule: None,
        }
    }

    /// A problem at a line and column of a file.
    pub fn at(
        path: impl Into<PathBuf>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            path: path.into(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
            rule: None,
        }
    }

    /// The same problem, found by the content review rule `rule`.
    pub fn with_rule(self, rule: &'static str) -> Self {
        Diagnostic {
            rule: Some(rule),
            ..self
        }
    }

    /// The message, and the review rule as it is shown after it.
    pub fn message_and_rule(&self) -> String {
        match self.rule {
            Some(rule) => format!("{} [review: {rule}]", self.message),
            None => self.message.clone(),
        }
    }

    /// An I/O failure on `path`.
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        Diagnostic::file(path, err.to_string())
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(rule) = self.rule {
            write!(f, " [review: {rule}]")?;
        }
        Ok(())
    }
}

/// Every problem found in one pass, reported together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Sorted by file and position, so output is stable whatever the thread order.
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.message, a.rule)
                .cmp(&(&b.path, b.line, b.column, &b.message, b.rule))
        });
        self.0.dedup();
        self
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(d: Vec<Diagnostic>) -> Self {
        Diagnostics(d)
    }
}

/// The report `build` prints and `serve` prints and shows in its overlay: one
/// `error: FILE:LINE:COL: message` line per problem, then the count.
impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "error: {d}")?;
        }
        let n = self.0.len();
        write!(
            f,
            "build failed: {n} error{}",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}

/// Collects successes and failures from many independent items.
pub fn partition<T>(
    results: impl IntoIterator<Item = Result<T, Diagnostics>>,
) -> (Vec<T>, Vec<Diagnostic>) {
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(v) => ok.push(v),
            Err(e) => errors.extend(e.0),
        }
    }
    (ok, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_column() {
        let d = Diagnostic::at("posts/x.md", 4, 7, "invalid date");
        assert_eq!(d.to_string(), "posts/x.md:4:7: invalid date");
        assert_eq!(Diagnostic::file("a.yaml", "bad").to_string(), "a.yaml: bad");
    }

    #[test]
    fn many_errors_are_counted() {
        let ds = Diagnostics(vec![Diagnostic::file("b", "x"), Diagnostic::file("a", "y")]).sorted();
        assert_eq!(
            ds.to_string(),
            "error: a: y\nerror: b: x\nbuild failed: 2 errors"
        );
    }
}
