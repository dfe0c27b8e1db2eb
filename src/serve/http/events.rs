//! Live reload: every open tab holds one Server-Sent Events stream, a task of the runtime
//! (never a thread), told of every rebuild's generation.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use futures_util::stream;
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

use super::{ServerState, same_origin, text};

/// Where live-reload events are sent.
pub const EVENTS_PATH: &str = "/__frontdesk/events";
/// The event that reloads a tab showing an older generation.
pub const RELOAD: &str = "gen";
/// The event that swaps a tab's stylesheets.
pub const CSS: &str = "css";
/// Open live-reload streams at most (tabs); more are answered 503 and retried by the browser.
pub const MAX_STREAMS: usize = 256;
/// How often an idle stream sends a comment, which also notices closed connections.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// What the tabs are told: `gen` reloads a tab showing an older generation, `css` swaps
/// its stylesheets.
#[derive(Debug, Clone, Copy)]
struct Message {
    event: &'static str,
    generation: u64,
}

/// The open live-reload streams.
pub struct Hub {
    tx: broadcast::Sender<Message>,
    open: Arc<AtomicUsize>,
    closed: CancellationToken,
}

impl Default for Hub {
    fn default() -> Self {
        Hub {
            tx: broadcast::channel(64).0,
            open: Arc::new(AtomicUsize::new(0)),
            closed: CancellationToken::new(),
        }
    }
}

impl Hub {
    /// Tells every open tab the new generation: `gen` reloads a stale tab, `css` swaps
    /// stylesheets. Callable from any thread.
    pub fn broadcast(&self, event: &'static str, generation: u64) {
        // No receiver is not an error: no tab is open.
        self.tx.send(Message { event, generation }).ok();
    }

    /// Streams open now.
    pub fn open_streams(&self) -> usize {
        self.open.load(Ordering::Relaxed)
    }

    /// Ends every stream (the server is stopping).
    pub fn close(&self) {
        self.closed.cancel();
    }
}

/// Counts a stream while it is open.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// `GET /__frontdesk/events`.
pub async fn stream(State(state): State<Arc<ServerState>>, headers: HeaderMap) -> Response {
    if !same_origin(&headers) {
        return text(StatusCode::FORBIDDEN, "forbidden: foreign origin\n");
    }
    let hub = &state.hub;
    if hub.open.fetch_add(1, Ordering::Relaxed) >= MAX_STREAMS {
        hub.open.fetch_sub(1, Ordering::Relaxed);
        return text(
            StatusCode::SERVICE_UNAVAILABLE,
            "too many open live-reload streams\n",
        );
    }
    let slot = Slot(hub.open.clone());
    let rx = hub.tx.subscribe();
    // The current generation at once: a tab that loaded just before a rebuild catches up.
    let generation = state.served.read().expect("served lock").generation;
    let first = Event::default()
        .retry(Duration::from_millis(500))
        .event(RELOAD)
        .data(generation.to_string());
    let later = stream::unfold(
        (rx, slot, state.clone()),
        |(mut rx, slot, state)| async move {
            let message = match rx.recv().await {
                Ok(m) => m,
                // This tab missed messages: send it the current generation, which reloads it.
                Err(broadcast::error::RecvError::Lagged(_)) => Message {
                    event: RELOAD,
                    generation: state.served.read().expect("served lock").generation,
                },
                Err(broadcast::error::RecvError::Closed) => return None,
            };
            let event = Event::default()
                .event(message.event)
                .data(message.generation.to_string());
            Some((event, (rx, slot, state)))
        },
    );
    let events = stream::once(async { first })
        .chain(later)
        .map(Ok::<_, Infallible>)
        .take_until(hub.closed.clone().cancelled_owned());
    Sse::new(events)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE).text("keep-alive"))
        .into_response()
}
