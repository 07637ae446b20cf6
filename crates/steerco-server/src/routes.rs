//! The API's handlers (see `openapi.yaml`): the marker, pushing and pulling
//! segments, the event stream, `/health`. Key records are in `keys.rs`.

use std::convert::Infallible;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::Stream;
use serde_json::json;
use tokio::sync::broadcast;

use crate::auth::authorise;
use crate::error::{ApiError, ApiResult};
use crate::limits::{read_body, SMALL_BODY};
use crate::{db, store, writer, Shared};

/// Ok when the database answers (a load balancer takes the server out
/// otherwise).
pub(crate) async fn health(State(state): State<Shared>) -> ApiResult<Json<serde_json::Value>> {
    store::check(&state).await.map_err(|_| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "database_unavailable",
            "the database does not answer",
        )
    })?;
    Ok(Json(json!({"status": "ok"})))
}

/// Which workspace this is (its id, the same on every server of one
/// database), the database's generation and the newest server sequence
/// (`identity.rs`).
pub(crate) async fn identity(
    State(state): State<Shared>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<crate::identity::Identity>> {
    let _grant = authorise(&state, &headers, &name).await?;
    match store::identity(&state, name).await? {
        Some(found) => Ok(Json(found)),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "no_workspace",
            "no such workspace",
        )),
    }
}

pub(crate) async fn get_marker(
    State(state): State<Shared>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let _grant = authorise(&state, &headers, &name).await?;
    match store::marker(&state, name).await? {
        Some(m) => Ok(([(header::CONTENT_TYPE, "application/json")], m).into_response()),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "no_marker",
            "nobody has synced to this workspace yet",
        )),
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

pub(crate) async fn put_marker(
    State(state): State<Shared>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let _grant = authorise(&state, &headers, &name).await?;
    let timeout = state.config.request_timeout;
    let marker = parse_marker(&read_body(&headers, body, SMALL_BODY, timeout).await?)?;
    let kept = marker.clone();
    match store::set_marker(&state, name, kept).await? {
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

pub(crate) async fn push_segment(
    State(state): State<Shared>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let grant = authorise(&state, &headers, &name).await?;
    let (limit, timeout) = (state.config.max_segment_bytes, state.config.request_timeout);
    let bytes = read_body(&headers, body, limit, timeout).await?;
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
    // The SHA-256 is of the stored body in format 1 and of the plain body
    // in later formats: a sealed body of those is checked by its seal, which
    // only members can open.
    let nl = bytes.iter().position(|b| *b == b'\n').unwrap_or(0);
    let checkable = header.version == steerco_sync::segment::LEGACY || !header.sealed;
    if checkable && db::sha256_hex(&bytes[nl + 1..]) != header.sha256 {
        return Err(bad(
            "the body does not match the header's SHA-256 (incomplete or damaged)".into(),
        ));
    }
    let rseq = header.seq;
    let size = bytes.len() as u64;
    let push = writer::Push {
        workspace: name.clone(),
        header_workspace: header.workspace.clone(),
        replica: header.replica.clone(),
        token: grant.token.clone(),
        rseq,
        bytes,
    };
    let stored = store::push(&state, push).await?;
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
        Err(writer::Refusal::ReplicaTaken) => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "replica_taken",
            "another token pushes as this replica",
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

/// `{"last": N}`: the highest segment number the server holds for a
/// replica, so its writer can tell that segments it pushed were lost (a
/// restore from an older backup) and push them again. Only for a token that
/// may push as that replica (the rule of `admin::bind_replica`, nothing bound).
pub(crate) async fn replica_last(
    State(state): State<Shared>,
    Path((name, replica)): Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let grant = authorise(&state, &headers, &name).await?;
    if steerco_domain::ReplicaId::parse(&replica).is_none() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_replica",
            "a replica is 16 hexadecimal digits",
        ));
    }
    let token = grant.token.clone();
    let last = store::replica_last(&state, name, replica, token).await?;
    match last {
        Some(last) => Ok(Json(json!({"last": last})).into_response()),
        None => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "replica_taken",
            "another token pushes as this replica",
        )),
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

pub(crate) async fn list_segments(
    State(state): State<Shared>,
    Path(name): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let _grant = authorise(&state, &headers, &name).await?;
    let (after, limit) = page_query(query.as_deref())?;
    let max_bytes = state.config.max_page_bytes;
    let (body, served) = store::page(&state, name, after, limit, max_bytes).await?;
    state
        .metrics
        .segments_served
        .fetch_add(served as u64, Relaxed);
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// Counts a connected event stream while it lives, and holds its slot.
struct StreamGuard(Shared, #[allow(dead_code)] crate::limits::Slot);

impl Drop for StreamGuard {
    fn drop(&mut self) {
        self.0.metrics.event_streams.fetch_sub(1, Relaxed);
    }
}

pub(crate) async fn events(
    State(state): State<Shared>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let grant = authorise(&state, &headers, &name).await?;
    let slot = state
        .streams
        .take(&grant.token)
        .ok_or_else(|| ApiError::busy("as many event streams are open as may be"))?;
    let rx = state.events.subscribe();
    let ws = name.clone();
    let latest = store::latest(&state, ws).await?;
    state.metrics.event_streams.fetch_add(1, Relaxed);
    let guard = StreamGuard(state.clone(), slot);
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
    // Within the idle timeout (`serve.rs`), or a quiet stream is closed as
    // an idle connection and its client reconnects (and syncs) each time.
    let every =
        (state.config.idle_timeout / 2).clamp(Duration::from_millis(100), Duration::from_secs(15));
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(every)))
}
