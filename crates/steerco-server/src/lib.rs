//! The Steerco sync server: an HTTP relay of the segment files the sync
//! folder holds (see `openapi.yaml`). It checks each segment's header and
//! checksum and keeps it once, in one strictly increasing server order per
//! workspace; it never opens a sealed body (it has no key).
//!
//! `routes.rs` the API's handlers, `auth.rs` the bearer token check,
//! `error.rs` errors as the API answers them, `metrics.rs` request counting,
//! logging and `/metrics`; this file wires them into a router around the
//! shared state.

mod auth;
pub mod db;
mod error;
mod keys;
mod metrics;
mod page;
mod routes;
pub mod tls;
mod writer;

use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::middleware;
use axum::routing::{get, put};
use axum::Router;
use rusqlite::Connection;
use tokio::sync::broadcast;

pub use error::ApiError;
use error::ApiResult;
pub use metrics::Metrics;

/// Limits and test hooks.
#[derive(Debug, Clone)]
pub struct Config {
    /// The largest segment (request body) accepted.
    pub max_segment_bytes: usize,
    /// The most segment bytes in one page (at least one segment is sent).
    pub max_page_bytes: usize,
    /// Test hook: wait this long after storing a new segment before replying.
    pub stall_after_store: Option<Duration>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_segment_bytes: 32 * 1024 * 1024,
            max_page_bytes: 16 * 1024 * 1024,
            stall_after_store: None,
        }
    }
}

/// Read connections: requests that only read (token checks, pulls, the
/// marker) never wait for a commit (WAL lets them read beside the writer).
const READERS: usize = 4;

pub struct AppState {
    /// For the rare writes besides pushes (marker, key records).
    db: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
    /// The group-commit writer of pushes.
    pushes: std::sync::mpsc::Sender<writer::Push>,
    /// The JSON of recent segments, as pages serve them.
    pages: page::Cache,
    events: broadcast::Sender<(String, u64)>,
    metrics: Metrics,
    config: Config,
}

type Shared = Arc<AppState>;

impl AppState {
    /// The state around `conn` (from `db::open`), with the writer's and the
    /// readers' own connections to the same file.
    pub fn new(conn: Connection, config: Config) -> db::Result<Shared> {
        let pushes = writer::spawn(db::reopen(&conn, false)?);
        let readers = (0..READERS)
            .map(|_| db::reopen(&conn, true).map(Mutex::new))
            .collect::<db::Result<_>>()?;
        Ok(Arc::new(AppState {
            db: Mutex::new(conn),
            readers,
            next_reader: AtomicUsize::new(0),
            pushes,
            pages: page::Cache::default(),
            events: broadcast::channel(1024).0,
            metrics: Metrics::default(),
            config,
        }))
    }
}

/// Run a database call off the async workers.
async fn with_db<T: Send + 'static>(
    state: &Shared,
    f: impl FnOnce(&Connection) -> db::Result<T> + Send + 'static,
) -> ApiResult<T> {
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        let conn = state.db.lock().unwrap_or_else(|p| p.into_inner());
        f(&conn)
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)
}

/// Run a read-only database call on one of the read connections.
async fn with_read<T: Send + 'static>(
    state: &Shared,
    f: impl FnOnce(&Connection) -> db::Result<T> + Send + 'static,
) -> ApiResult<T> {
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        let i = state.next_reader.fetch_add(1, Relaxed) % state.readers.len();
        let conn = state.readers[i].lock().unwrap_or_else(|p| p.into_inner());
        f(&conn)
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)
}

pub fn router(state: Shared) -> Router {
    let limit = state.config.max_segment_bytes;
    Router::new()
        .route("/health", get(routes::health))
        .route("/metrics", get(metrics::metrics))
        .route(
            "/v1/workspaces/{name}/marker",
            get(routes::get_marker).put(routes::put_marker),
        )
        .route(
            "/v1/workspaces/{name}/segments",
            get(routes::list_segments).post(routes::push_segment),
        )
        .route("/v1/workspaces/{name}/events", get(routes::events))
        .route("/v1/workspaces/{name}/keys", get(keys::get_keys))
        .route("/v1/workspaces/{name}/keys/{key}", put(keys::put_key))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such path") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "method not allowed here",
            )
        })
        .layer(DefaultBodyLimit::max(limit))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            metrics::observe,
        ))
        .with_state(state)
}
