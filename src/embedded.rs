//! Files built into the binary: the default theme and the starter site (see `build.rs`).
#![allow(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
