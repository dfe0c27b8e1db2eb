//! Thin commands: parse arguments into options, run the pipeline, report.

pub mod build;
pub mod check;
pub mod init;
pub mod newsletter;
pub mod serve;
