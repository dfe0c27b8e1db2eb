//! frontdesk: turns Markdown posts, testimonials and contact data into a static website
//! that keeps a small business easy to reach.
//!
//! One build is a pipeline of values: [`site::assemble`] (load and assemble, the same for
//! `build` and `serve`) → [`render::Renderer`] (jobs keyed by their inputs' hashes) →
//! [`output::Writer`] (streamed, swapped in atomically; `serve` keeps the files in memory).
//! [`pipeline`] runs it.
#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod brand;
pub mod cache;
pub mod check;
pub mod cli;
#[allow(clippy::print_stdout, clippy::print_stderr)]
// Commands are where output to the user happens.
pub mod cmd;
pub mod config;
pub mod content;
pub mod embedded;
pub mod error;
pub mod feedback;
pub mod hash;
pub mod headers;
pub mod highlight;
pub mod html_urls;
pub mod i18n;
pub mod image_plan;
pub mod images;
pub mod layout;
pub mod linkcheck;
pub mod markdown;
pub mod output;
pub mod picture;
pub mod pipeline;
pub mod progress;
pub mod render;
pub mod review;
pub mod review_rules;
pub mod routes;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod text;
pub mod url_policy;
pub mod walk;
pub mod yaml;
