//! The feeds: RSS, Atom and JSON Feed, each of the newest posts.

use std::borrow::Cow;

use super::{Job, Kind, Posts, Reads};
use crate::error::Diagnostic;
use crate::output::Body;
use crate::render::Renderer;
use crate::render::feeds::{self, FeedPost};
use crate::render::site::Site;
use crate::routes;

/// The newest `feed_limit` posts.
fn newest<'r>(r: &'r Renderer<'r>) -> Posts<'r> {
    let posts = &r.content.posts;
    Posts(&posts[..posts.len().min(r.content.config.feed_limit)])
}

/// The posts with their HTML (read from the build cache when it is there).
fn feed_posts<'p>(posts: Posts<'p>) -> Result<Vec<FeedPost<'p>>, Diagnostic> {
    (posts.0.iter())
        .map(|p| {
            Ok(FeedPost {
                post: p,
                html: p.html()?,
            })
        })
        .collect()
}

/// Declares a feed kind: its route and the function that writes it.
macro_rules! feed {
    ($(#[$doc:meta])* $name:ident, $route:expr, $write:path) => {
        $(#[$doc])*
        #[derive(Debug, Hash)]
        pub struct $name<'r>(Posts<'r>);

        impl<'r> Kind<'r> for $name<'r> {
            const READS: Reads = Reads::Config;

            fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
                vec![$name(newest(r))]
            }

            fn route(&self) -> Cow<'r, str> {
                Cow::Borrowed($route)
            }

            fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
                let posts = feed_posts(self.0)?;
                Ok(Body::Bytes($write(site.config, &posts).into_bytes()))
            }
        }
    };
}

feed!(
    /// `/rss.xml`.
    Rss,
    routes::RSS,
    feeds::rss
);
feed!(
    /// `/atom.xml`.
    Atom,
    routes::ATOM,
    feeds::atom
);
feed!(
    /// `/feed.json`.
    JsonFeed,
    routes::JSON_FEED,
    feeds::json_feed
);
