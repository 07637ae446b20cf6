//! The Steerco sync server: an HTTP relay of the segment files the sync
//! folder holds (see `openapi.yaml`). It checks each segment's header and
//! checksum and keeps it once, in one strictly increasing server order per
//! workspace; it never opens a sealed body (it has no key).
//!
//! `routes.rs` the API's handlers, `blobs.rs` papers' bytes (stored as
//! files by `blob_store.rs`, on PostgreSQL as rows by `pg_blobs.rs`),
//! `auth.rs` the bearer token check, `limits.rs` caps per token and
//! bodies read within limits and in time, `serve.rs` the connection loop
//! (connection cap, header and idle timeouts), `admin.rs` administrators' tokens, replica owners and the
//! admin commands on segments and key records, `backup.rs` the database
//! copied while serving and put back while stopped, `error.rs` errors as the API
//! answers them, `metrics.rs` request counting, logging and `/metrics`;
//! `store.rs` the storage the handlers call, the SQLite file of `db.rs`
//! (with `writer.rs`) or PostgreSQL (`pg.rs`); `identity.rs` workspace ids
//! and the database's generation;
//! this file wires them into a router around the shared state.

pub mod admin;
mod auth;
pub mod backup;
mod blob_store;
mod blobs;
pub mod db;
mod error;
pub mod identity;
mod keys;
mod limits;
mod metrics;
pub mod migrate_to;
mod page;
pub mod pg;
mod pg_admin;
mod pg_blobs;
pub mod pg_events;
mod pg_identity;
pub mod pg_schema;
pub mod pg_tls;
mod routes;
pub mod serve;
mod store;
pub mod tls;
mod writer;

use std::sync::atomic::AtomicUsize;
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
pub use metrics::Metrics;

/// Limits and test hooks.
#[derive(Debug, Clone)]
pub struct Config {
    /// The largest segment (request body) accepted.
    pub max_segment_bytes: usize,
    /// The largest blob (a paper's sealed bytes) accepted.
    pub max_blob_bytes: u64,
    /// The most bytes of blobs one workspace may hold (None: no cap).
    pub max_workspace_blob_bytes: Option<u64>,
    /// The most segment bytes in one page (at least one segment is sent).
    pub max_page_bytes: usize,
    /// Test hook: wait this long after storing a new segment before replying.
    pub stall_after_store: Option<Duration>,
    /// The time a request's headers may take, and its body besides what
    /// its size needs at a minimum rate (`limits.rs`).
    pub request_timeout: Duration,
    /// A connection with no byte in or out for this long is closed (event
    /// streams send a keep-alive every 15 s, or every half of this if less).
    pub idle_timeout: Duration,
    /// Open connections in all (more are closed at once).
    pub max_connections: usize,
    /// Requests in flight per token (event streams aside).
    pub max_requests_per_token: usize,
    /// Event streams per token, and in all.
    pub max_streams_per_token: usize,
    pub max_streams: usize,
    /// Pushes waiting for the writer (more get 503).
    pub writer_queue: usize,
    /// `/metrics` answers loopback clients without a token (off behind a
    /// proxy on the same machine: then only an administrator's token).
    pub metrics_loopback: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_segment_bytes: 32 * 1024 * 1024,
            max_blob_bytes: 256 * 1024 * 1024,
            max_workspace_blob_bytes: Some(20 * 1024 * 1024 * 1024),
            max_page_bytes: 16 * 1024 * 1024,
            stall_after_store: None,
            request_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(75),
            max_connections: 1024,
            max_requests_per_token: 32,
            max_streams_per_token: 8,
            max_streams: 512,
            writer_queue: 256,
            metrics_loopback: true,
        }
    }
}

/// Read connections: requests that only read (token checks, pulls, the
/// marker) never wait for a commit (WAL lets them read beside the writer).
const READERS: usize = 4;

pub struct AppState {
    /// The rows: SQLite or PostgreSQL (`store.rs`).
    backend: store::Backend,
    /// Requests in flight and event streams, per token and in all.
    requests: Arc<limits::Gate>,
    streams: Arc<limits::Gate>,
    /// The JSON of recent segments, as pages serve them.
    pages: page::Cache,
    /// Papers' bytes, in files beside the SQLite database (on
    /// PostgreSQL they are rows: `pg_blobs.rs`).
    blobs: Arc<blob_store::BlobStore>,
    events: broadcast::Sender<(String, u64)>,
    metrics: Metrics,
    config: Config,
}

type Shared = Arc<AppState>;

impl AppState {
    /// The state around `conn` (from `db::open`), with the writer's and the
    /// readers' own connections to the same file, and the blobs in the
    /// database's folder.
    pub fn new(conn: Connection, config: Config) -> db::Result<Shared> {
        let data = conn
            .path()
            .and_then(|p| std::path::Path::new(p).parent())
            .ok_or_else(|| db::DbError::Refused("the database has no folder".into()))?
            .to_path_buf();
        let pushes = writer::spawn(db::reopen(&conn, false)?, config.writer_queue);
        let readers = (0..READERS)
            .map(|_| db::reopen(&conn, true).map(Mutex::new))
            .collect::<db::Result<_>>()?;
        let backend = store::Backend::Sqlite(store::Sqlite {
            db: Mutex::new(conn),
            readers,
            next_reader: AtomicUsize::new(0),
            pushes,
        });
        Ok(AppState::with(backend, &data, config))
    }

    /// The state on a PostgreSQL database, the blobs in the folder `data`.
    pub fn new_pg(pg: pg::Pg, data: &std::path::Path, config: Config) -> Shared {
        AppState::with(store::Backend::Postgres(pg), data, config)
    }

    fn with(backend: store::Backend, data: &std::path::Path, config: Config) -> Shared {
        Arc::new(AppState {
            backend,
            requests: limits::Gate::new(config.max_requests_per_token, usize::MAX),
            streams: limits::Gate::new(config.max_streams_per_token, config.max_streams),
            pages: page::Cache::default(),
            blobs: Arc::new(blob_store::BlobStore::open(data)),
            events: broadcast::channel(1024).0,
            metrics: Metrics::default(),
            config,
        })
    }
}

pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/health", get(routes::health))
        .route("/metrics", get(metrics::metrics))
        .route("/v1/workspaces/{name}", get(routes::identity))
        .route(
            "/v1/workspaces/{name}/marker",
            get(routes::get_marker).put(routes::put_marker),
        )
        .route(
            "/v1/workspaces/{name}/segments",
            get(routes::list_segments).post(routes::push_segment),
        )
        .route(
            "/v1/workspaces/{name}/replicas/{replica}",
            get(routes::replica_last),
        )
        .route("/v1/workspaces/{name}/events", get(routes::events))
        .route("/v1/workspaces/{name}/keys", get(keys::get_keys))
        .route("/v1/workspaces/{name}/keys/{key}", put(keys::put_key))
        .route("/v1/workspaces/{name}/blobs", get(blobs::list_blobs))
        // An upload streams to the disk within its own limit (`blobs.rs`).
        .route(
            "/v1/workspaces/{name}/blobs/{blob}",
            put(blobs::put_blob)
                .layer(DefaultBodyLimit::disable())
                .get(blobs::get_blob),
        )
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such path") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "method not allowed here",
            )
        })
        .layer(middleware::from_fn_with_state(
            state.clone(),
            metrics::observe,
        ))
        .with_state(state)
}
