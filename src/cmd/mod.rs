//! Thin commands: parse arguments into options, run the pipeline, report.

pub mod build;
pub mod check;
pub mod inbox;
pub mod init;
pub mod newsletter;
pub mod serve;

/// What a command that succeeded tells: its summary, on stdout (one line a script can
/// read), and for the person at the terminal what to do next, on stderr after it.
pub struct Done {
    /// The summary.
    pub summary: String,
    /// One line: the next step.
    pub next: Option<String>,
}

impl From<String> for Done {
    fn from(summary: String) -> Done {
        Done {
            summary,
            next: None,
        }
    }
}
