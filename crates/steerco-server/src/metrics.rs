//! Counting and logging: every request counted by status class and logged
//! as one JSON line (never the token), and `/metrics` in the Prometheus text
//! format, for loopback clients (unless turned off) and administrators'
//! tokens only.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Instant;

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, ApiResult};
use crate::{store, Shared};

/// What the server counts since it started (`/metrics` adds what it holds).
#[derive(Default)]
pub struct Metrics {
    requests: [AtomicU64; 6],
    pub(crate) segments_pushed: AtomicU64,
    pub(crate) bytes_pushed: AtomicU64,
    pub(crate) segments_served: AtomicU64,
    pub(crate) event_streams: AtomicU64,
    pub(crate) events_sent: AtomicU64,
    pub(crate) blobs_stored: AtomicU64,
    pub(crate) blob_bytes_received: AtomicU64,
    pub(crate) blob_bytes_sent: AtomicU64,
}

/// Count and log every request (one JSON line; never the token).
pub(crate) async fn observe(State(state): State<Shared>, req: Request, next: Next) -> Response {
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

/// May this request read `/metrics`? A loopback peer may (where the
/// exemption is on); anyone else needs an administrator's token.
pub(crate) async fn allowed(state: &Shared, req: Request) -> ApiResult<bool> {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    if state.config.metrics_loopback && peer.is_some_and(|ip| ip.is_loopback()) {
        return Ok(true);
    }
    let token = crate::auth::bearer(req.headers());
    match token {
        Some(token) => store::is_admin(state, token).await,
        None => Ok(false),
    }
}

pub(crate) async fn metrics(State(state): State<Shared>, req: Request) -> ApiResult<Response> {
    if !allowed(&state, req).await? {
        return Err(ApiError::unauthorized());
    }
    let (segments, bytes) = store::totals(&state).await?;
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
        (
            "steerco_blobs_stored_total",
            "counter",
            "New blobs stored since start.",
            m.blobs_stored.load(Relaxed),
        ),
        (
            "steerco_blob_bytes_received_total",
            "counter",
            "Bytes of blob uploads received since start (stored or not).",
            m.blob_bytes_received.load(Relaxed),
        ),
        (
            "steerco_blob_bytes_sent_total",
            "counter",
            "Bytes of blobs sent since start.",
            m.blob_bytes_sent.load(Relaxed),
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
