//! Files built into the binary: the default theme, the starter site `init` fills in and the
//! example site (see `build.rs`).
#![allow(missing_docs)]

/// Where the built-in theme's files are shown in errors.
pub const BUILTIN: &str = "<built-in theme>";

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
