//! The Steerco sync server: an HTTP relay of the segment files the sync
//! folder holds (see `openapi.yaml`). It checks each segment's header and
//! checksum and keeps it once, in one strictly increasing server order per
//! workspace; it never opens a sealed body (it has no key).

pub mod db;
mod keys;
mod page;
pub mod tls;
mod writer;

use std::convert::Infallible;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, MatchedPath, Path, RawQuery, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use futures_util::Stream;
use rusqlite::Connection;
use serde_json::json;
use tokio::sync::broadcast;

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

#[derive(Default)]
pub struct Metrics {
    requests: [AtomicU64; 6],
    segments_pushed: AtomicU64,
    bytes_pushed: AtomicU64,
    segments_served: AtomicU64,
    event_streams: AtomicU64,
    events_sent: AtomicU64,
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

/// An error as the API answers it: a status and `{code, message}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    /// The one answer for a missing, wrong, revoked or other workspace's
    /// token, whether the workspace exists or not.
    fn unauthorized() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "a valid bearer token for this workspace is required",
        )
    }

    fn internal(e: impl std::fmt::Display) -> ApiError {
        tracing::error!(error = %e, "internal error");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal server error",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut resp = (
            self.status,
            Json(json!({"code": self.code, "message": self.message})),
        )
            .into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            resp.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        resp
    }
}

type ApiResult<T> = Result<T, ApiError>;

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

/// The bearer token must be live and for `name` (401 otherwise, the same
/// answer whatever is wrong).
async fn authorise(state: &Shared, headers: &HeaderMap, name: &str) -> ApiResult<()> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.len() <= 256)
        .ok_or_else(ApiError::unauthorized)?
        .to_string();
    if !db::valid_name(name) {
        return Err(ApiError::unauthorized());
    }
    let name = name.to_string();
    if with_read(state, move |c| db::authorised(c, &name, &token)).await? {
        Ok(())
    } else {
        Err(ApiError::unauthorized())
    }
}

pub fn router(state: Shared) -> Router {
    let limit = state.config.max_segment_bytes;
    Router::new()
        .route("/health", get(health))
        .route("/metrics", get(metrics))
        .route(
            "/v1/workspaces/{name}/marker",
            get(get_marker).put(put_marker),
        )
        .route(
            "/v1/workspaces/{name}/segments",
            get(list_segments).post(push_segment),
        )
        .route("/v1/workspaces/{name}/events", get(events))
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
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .with_state(state)
}

/// Count and log every request (one JSON line; never the token).
async fn observe(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let resp = next.run(req).await;
    let status = resp.status().as_u16();
    let class = (status / 100).min(5) as usize;
    state.metrics.requests[class].fetch_add(1, Relaxed);
    tracing::info!(
        method = %method,
        route = %route,
        status,
        ms = start.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    resp
}

async fn health() -> Json<serde_json::Value> {
    Json(json!({"status": "ok"}))
}

async fn metrics(State(state): State<Shared>) -> ApiResult<Response> {
    let (segments, bytes) = with_read(&state, db::totals).await?;
    let m = &state.metrics;
    let mut out = String::new();
    out.push_str("# HELP steerco_http_requests_total HTTP requests answered, by status class.\n# TYPE steerco_http_requests_total counter\n");
    for (i, class) in ["1xx", "1xx", "2xx", "3xx", "4xx", "5xx"]
        .iter()
        .enumerate()
        .skip(1)
    {
        out.push_str(&format!(
            "steerco_http_requests_total{{class=\"{class}\"}} {}\n",
            m.requests[i].load(Relaxed)
        ));
    }
    let lines = [
        (
            "steerco_segments_stored",
            "gauge",
            "Segments held.",
            segments,
        ),
        (
            "steerco_segment_bytes_stored",
            "gauge",
            "Bytes of segments held.",
            bytes,
        ),
        (
            "steerco_segments_pushed_total",
            "counter",
            "New segments stored since start.",
            m.segments_pushed.load(Relaxed),
        ),
        (
            "steerco_segment_bytes_pushed_total",
            "counter",
            "Bytes of new segments stored since start.",
            m.bytes_pushed.load(Relaxed),
        ),
        (
            "steerco_segments_served_total",
            "counter",
            "Segments sent in pages since start.",
            m.segments_served.load(Relaxed),
        ),
        (
            "steerco_event_streams",
            "gauge",
            "Connected event streams.",
            m.event_streams.load(Relaxed),
        ),
        (
            "steerco_events_sent_total",
            "counter",
            "Segment notices sent on event streams.",
            m.events_sent.load(Relaxed),
        ),
    ];
    for (name, kind, help, value) in lines {
        out.push_str(&format!(
            "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}\n"
        ));
    }
    Ok((
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response())
}

async fn get_marker(
    State(state): State<Shared>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    authorise(&state, &headers, &name).await?;
    match with_read(&state, move |c| db::marker(c, &name)).await? {
        Some(m) => Ok(([(header::CONTENT_TYPE, "application/json")], m).into_response()),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "no_marker",
            "nobody has synced to this workspace yet",
        )),
    }
}

fn body_error(e: BytesRejection) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            "the request body is too large",
        )
    } else {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_body", e.body_text())
    }
}

/// A marker: `{format: "steerco-folder", version, workspace, encryption?}`,
/// kept in a canonical form (sorted keys) so the same marker compares equal.
fn parse_marker(body: &[u8]) -> ApiResult<String> {
    let bad = |m: &str| ApiError::new(StatusCode::BAD_REQUEST, "bad_marker", m.to_string());
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| bad(&format!("not JSON: {e}")))?;
    let obj = value
        .as_object()
        .ok_or_else(|| bad("the marker is a JSON object"))?;
    if obj.get("format").and_then(|f| f.as_str()) != Some("steerco-folder") {
        return Err(bad("format must be \"steerco-folder\""));
    }
    match obj.get("version").and_then(|v| v.as_u64()) {
        Some(1..=1000) => {}
        _ => return Err(bad("version must be a positive integer")),
    }
    match obj.get("workspace").and_then(|w| w.as_str()) {
        Some(w) if !w.is_empty() && w.len() <= 200 => {}
        _ => return Err(bad("workspace must be a non-empty string")),
    }
    match obj.get("encryption") {
        None | Some(serde_json::Value::Null) | Some(serde_json::Value::Object(_)) => {}
        _ => return Err(bad("encryption must be an object")),
    }
    if body.len() > 64 * 1024 {
        return Err(bad("the marker is too large"));
    }
    Ok(value.to_string())
}

async fn put_marker(
    State(state): State<Shared>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    authorise(&state, &headers, &name).await?;
    let marker = parse_marker(&body.map_err(body_error)?)?;
    let kept = marker.clone();
    match with_db(&state, move |c| db::set_marker(c, &name, &kept)).await? {
        db::SetMarker::Created => Ok((
            StatusCode::CREATED,
            [(header::CONTENT_TYPE, "application/json")],
            marker,
        )
            .into_response()),
        db::SetMarker::Same => Ok((
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            marker,
        )
            .into_response()),
        db::SetMarker::Different => Err(ApiError::new(
            StatusCode::CONFLICT,
            "marker_conflict",
            "this workspace already has a different marker",
        )),
    }
}

async fn push_segment(
    State(state): State<Shared>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    authorise(&state, &headers, &name).await?;
    let bytes = body.map_err(body_error)?;
    let bad = |m: String| ApiError::new(StatusCode::BAD_REQUEST, "bad_segment", m);
    let header = steerco_sync::segment::header(&bytes).map_err(|e| bad(e.to_string()))?;
    if header.format != steerco_sync::segment::FORMAT {
        return Err(bad("only segments are accepted (no snapshots)".into()));
    }
    if steerco_domain::ReplicaId::parse(&header.replica).is_none() {
        return Err(bad("the header names no valid replica".into()));
    }
    if header.seq == 0 || header.seq > i64::MAX as u64 {
        return Err(bad("segment numbers start at 1".into()));
    }
    let nl = bytes.iter().position(|b| *b == b'\n').unwrap_or(0);
    if db::sha256_hex(&bytes[nl + 1..]) != header.sha256 {
        return Err(bad(
            "the body does not match the header's SHA-256 (incomplete or damaged)".into(),
        ));
    }
    let rseq = header.seq;
    let size = bytes.len() as u64;
    let (reply_tx, reply_rx) = tokio::sync::oneshot::channel();
    let push = writer::Push {
        workspace: name.clone(),
        header_workspace: header.workspace.clone(),
        replica: header.replica.clone(),
        rseq,
        bytes,
        reply: reply_tx,
    };
    state
        .pushes
        .send(push)
        .map_err(|_| ApiError::internal("the writer has stopped"))?;
    let stored = reply_rx
        .await
        .map_err(|_| ApiError::internal("the writer has stopped"))?
        .map_err(ApiError::internal)?;
    let reply = |status: StatusCode, seq: u64, created: bool| {
        (
            status,
            Json(
                json!({"seq": seq, "replica": header.replica, "segment": rseq, "created": created}),
            ),
        )
            .into_response()
    };
    match stored {
        Err(writer::Refusal::NoMarker) => Err(ApiError::new(
            StatusCode::CONFLICT,
            "no_marker",
            "set the workspace's marker before pushing segments",
        )),
        Err(writer::Refusal::WrongWorkspace) => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "wrong_workspace",
            "the segment belongs to another Steerco workspace than the marker names",
        )),
        Ok(db::Stored::Again(seq)) => Ok(reply(StatusCode::OK, seq, false)),
        Ok(db::Stored::Conflict) => Err(ApiError::new(
            StatusCode::CONFLICT,
            "segment_conflict",
            "this replica's segment with that number is stored with different content",
        )),
        Ok(db::Stored::New(seq)) => {
            state.metrics.segments_pushed.fetch_add(1, Relaxed);
            state.metrics.bytes_pushed.fetch_add(size, Relaxed);
            let _ = state.events.send((name, seq));
            if let Some(d) = state.config.stall_after_store {
                tokio::time::sleep(d).await;
            }
            Ok(reply(StatusCode::CREATED, seq, true))
        }
    }
}

/// `after` (default 0) and `limit` (1..=1000, default 100) from the query.
fn page_query(query: Option<&str>) -> ApiResult<(u64, usize)> {
    let (mut after, mut limit) = (0u64, 100usize);
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let bad = |m: &str| ApiError::new(StatusCode::BAD_REQUEST, "bad_query", m.to_string());
        match k {
            "after" => {
                after = v
                    .parse()
                    .ok()
                    .filter(|a| *a <= i64::MAX as u64)
                    .ok_or_else(|| bad("after must be a non-negative integer"))?
            }
            "limit" => {
                limit = v
                    .parse()
                    .ok()
                    .filter(|l| (1..=1000).contains(l))
                    .ok_or_else(|| bad("limit must be an integer from 1 to 1000"))?
            }
            _ => {}
        }
    }
    Ok((after, limit))
}

async fn list_segments(
    State(state): State<Shared>,
    Path(name): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> ApiResult<Response> {
    authorise(&state, &headers, &name).await?;
    let (after, limit) = page_query(query.as_deref())?;
    let max_bytes = state.config.max_page_bytes;
    let shared = state.clone();
    let (body, served) = with_read(&state, move |c| {
        page::build(c, &shared.pages, &name, after, limit, max_bytes)
    })
    .await?;
    state
        .metrics
        .segments_served
        .fetch_add(served as u64, Relaxed);
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// Counts a connected event stream while it lives.
struct StreamGuard(Shared);

impl Drop for StreamGuard {
    fn drop(&mut self) {
        self.0.metrics.event_streams.fetch_sub(1, Relaxed);
    }
}

async fn events(
    State(state): State<Shared>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    authorise(&state, &headers, &name).await?;
    let rx = state.events.subscribe();
    let ws = name.clone();
    let latest = with_read(&state, move |c| db::latest(c, &ws)).await?;
    state.metrics.event_streams.fetch_add(1, Relaxed);
    let guard = StreamGuard(state.clone());
    let hello = Event::default()
        .event("hello")
        .data(json!({"latest": latest}).to_string());
    let stream = futures_util::stream::unfold(
        (rx, name, guard, Some(hello)),
        |(mut rx, name, guard, first)| async move {
            if let Some(hello) = first {
                return Some((Ok(hello), (rx, name, guard, None)));
            }
            loop {
                let seq = match rx.recv().await {
                    Ok((ws, seq)) if ws == name => seq,
                    Ok(_) => continue,
                    // Fell behind: tell the client to pull (it pulls from its cursor).
                    Err(broadcast::error::RecvError::Lagged(_)) => 0,
                    Err(broadcast::error::RecvError::Closed) => return None,
                };
                guard.0.metrics.events_sent.fetch_add(1, Relaxed);
                let event = Event::default()
                    .event("segment")
                    .data(json!({"seq": seq}).to_string());
                return Some((Ok(event), (rx, name, guard, None)));
            }
        },
    );
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
