//! `serve`: build into memory, serve on 127.0.0.1, watch, rebuild incrementally, reload tabs.

pub mod http;
mod keys;
pub mod state;
pub mod watch;

pub use state::{Delta, Preview};

use std::sync::Arc;

use http::ServerState;

/// Serves `files` as the site search's index (`pagefind/`) in place of the previous one.
/// No tab reloads: the search page fetches the index when it searches.
pub fn publish_search(state: &ServerState, files: Vec<crate::output::Output>) {
    let mut served = state.served.write().expect("served lock");
    served
        .files
        .retain(|p, _| !p.starts_with(crate::search::BUNDLE));
    for o in files {
        served.files.insert(o.path.clone(), Arc::new(o));
    }
}

/// Applies a rebuild's result to what is served and tells the open tabs.
pub fn publish(
    state: &ServerState,
    result: Result<Delta, crate::error::Diagnostics>,
) -> Result<usize, String> {
    let mut served = state.served.write().expect("served lock");
    // A new generation only when what is served changes (a batch of ignored paths, such
    // as the cache's own files, changes nothing and reloads nobody).
    let changes = match &result {
        Ok(delta) => delta.upserts.len() + delta.removed.len() > 0 || served.error.is_some(),
        Err(_) => true,
    };
    if changes {
        served.generation += 1;
    }
    let generation = served.generation;
    match result {
        Ok(delta) => {
            let had_error = served.error.take().is_some();
            let n = delta.upserts.len() + delta.removed.len();
            for p in &delta.removed {
                served.files.remove(p);
            }
            for o in delta.upserts {
                served.files.insert(o.path.clone(), Arc::new(o));
            }
            drop(served);
            if n > 0 || had_error {
                let event = if delta.css_only && !had_error {
                    http::CSS
                } else {
                    http::RELOAD
                };
                state.hub.broadcast(event, generation);
            }
            Ok(n)
        }
        Err(diags) => {
            let text = diags.to_string();
            served.error = Some(text.clone());
            drop(served);
            state.hub.broadcast(http::RELOAD, generation);
            Err(text)
        }
    }
}
