//! Papers' bytes (blobs): sealed by the members, named by a keyed hash,
//! moved apart from the segments and never opened here (see `openapi.yaml`;
//! the files are `blob_store.rs`'s).
//!
//! ```text
//! GET  /v1/workspaces/NAME/blobs?after=BLOB&limit=N   {"blobs": [{name, size}]}, by name
//! PUT  /v1/workspaces/NAME/blobs/BLOB                 the bytes, with Content-Length
//! GET  /v1/workspaces/NAME/blobs/BLOB                 the bytes
//! ```
//! Bodies stream between the connection and the disk, never whole in
//! memory. An upload has its own limit (`--max-blob-mib`, not the other
//! routes' body limits), refused by its Content-Length before any byte is
//! read; so is a blob already held (200, the first one kept): its body is
//! not read and the connection closes after the answer (a client sending
//! `Expect: 100-continue` sends nothing). The same token rule and caps on
//! requests in flight as the segments: a download holds its request's
//! place until it is sent.

use std::sync::atomic::Ordering::Relaxed;

use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::StreamExt;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::auth::{authorise, Grant};
use crate::blob_store::{self, BlobStore};
use crate::error::{ApiError, ApiResult};
use crate::limits::{body_deadline, late, unreadable};
use crate::Shared;

/// Blobs listed per page, at most and when not asked otherwise.
const PAGE: usize = 1000;

/// Bytes read from a blob's file per piece of a download.
const CHUNK: usize = 64 * 1024;

fn bad_name() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "bad_blob_name",
        "a blob's name is 64 lowercase hexadecimal digits",
    )
}

/// Run a file call off the async workers.
async fn on_disk<T: Send + 'static>(
    state: &Shared,
    f: impl FnOnce(&std::sync::Arc<BlobStore>) -> std::io::Result<T> + Send + 'static,
) -> ApiResult<T> {
    let store = state.blobs.clone();
    tokio::task::spawn_blocking(move || f(&store))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)
}

/// `after` (a blob's name; none: from the start) and `limit` (1..=1000,
/// default 1000) from the query.
fn list_query(query: Option<&str>) -> ApiResult<(Option<String>, usize)> {
    let (mut after, mut limit) = (None, PAGE);
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let bad = |m: &str| ApiError::new(StatusCode::BAD_REQUEST, "bad_query", m.to_string());
        match k {
            "after" if blob_store::valid_name(v) => after = Some(v.to_string()),
            "after" => return Err(bad("after must be a blob's name (64 lowercase hex digits)")),
            "limit" => {
                limit = v
                    .parse()
                    .ok()
                    .filter(|l| (1..=PAGE).contains(l))
                    .ok_or_else(|| bad("limit must be an integer from 1 to 1000"))?
            }
            _ => {}
        }
    }
    Ok((after, limit))
}

pub(crate) async fn list_blobs(
    State(state): State<Shared>,
    Path(name): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let _grant = authorise(&state, &headers, &name).await?;
    let (after, limit) = list_query(query.as_deref())?;
    let blobs = on_disk(&state, move |s| s.list(&name, after.as_deref(), limit)).await?;
    let blobs: Vec<_> = blobs
        .into_iter()
        .map(|(name, size)| json!({"name": name, "size": size}))
        .collect();
    Ok(Json(json!({ "blobs": blobs })).into_response())
}

/// The declared length of an upload: 411 without one.
fn declared_length(headers: &HeaderMap) -> ApiResult<u64> {
    let value = headers.get(header::CONTENT_LENGTH).ok_or_else(|| {
        ApiError::new(
            StatusCode::LENGTH_REQUIRED,
            "length_required",
            "an upload needs its Content-Length",
        )
    })?;
    value
        .to_str()
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_length",
                "Content-Length is not a number",
            )
        })
}

/// An upload's temporary file: removed unless it was put in place, also
/// when the request is dropped half-way (the connection went).
struct Part {
    path: std::path::PathBuf,
    file: Option<tokio::fs::File>,
    placed: bool,
}

impl Drop for Part {
    fn drop(&mut self) {
        // Closed first: an open file cannot be removed on Windows.
        drop(self.file.take());
        if !self.placed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Write the body to `file`: exactly `declared` bytes, in time (the rule
/// of the other bodies, `limits.rs`).
async fn receive(
    state: &Shared,
    body: Body,
    file: &mut tokio::fs::File,
    declared: u64,
) -> ApiResult<()> {
    let start = tokio::time::Instant::now();
    let timeout = state.config.request_timeout;
    let mut stream = body.into_data_stream();
    let mut received = 0u64;
    loop {
        let deadline = body_deadline(start, timeout, received);
        let chunk = match tokio::time::timeout_at(deadline, stream.next()).await {
            Err(_) => return Err(late()),
            Ok(None) => break,
            Ok(Some(Err(e))) => return Err(unreadable(e)),
            Ok(Some(Ok(chunk))) => chunk,
        };
        received += chunk.len() as u64;
        if received > declared {
            return Err(unreadable("more bytes than its Content-Length"));
        }
        file.write_all(&chunk).await.map_err(ApiError::internal)?;
        state
            .metrics
            .blob_bytes_received
            .fetch_add(chunk.len() as u64, Relaxed);
    }
    if received < declared {
        return Err(unreadable("fewer bytes than its Content-Length"));
    }
    file.flush().await.map_err(ApiError::internal)?;
    file.sync_all().await.map_err(ApiError::internal)
}

fn stored(status: StatusCode, name: String, size: u64, created: bool) -> Response {
    let mut resp = (
        status,
        Json(json!({"name": name, "size": size, "created": created})),
    )
        .into_response();
    if !created {
        // The body may not have been read: the connection cannot carry
        // another request.
        resp.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    resp
}

pub(crate) async fn put_blob(
    State(state): State<Shared>,
    Path((name, blob)): Path<(String, String)>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let _grant = authorise(&state, &headers, &name).await?;
    if !blob_store::valid_name(&blob) {
        return Err(bad_name());
    }
    let declared = declared_length(&headers)?;
    let limit = state.config.max_blob_bytes;
    if declared > limit {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "blob_too_large",
            format!("a blob on this server is at most {limit} bytes; this one is {declared}"),
        )
        .with_limit(limit));
    }
    let (ws, b) = (name.clone(), blob.clone());
    if let Some(size) = on_disk(&state, move |s| s.size(&ws, &b)).await? {
        return Ok(stored(StatusCode::OK, blob, size, false));
    }
    let (ws, cap) = (name.clone(), state.config.max_workspace_blob_bytes);
    let reservation = on_disk(&state, move |s| s.reserve(&ws, declared, cap))
        .await?
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::INSUFFICIENT_STORAGE,
                "workspace_full",
                "this workspace's blobs would pass the space the server gives a workspace",
            )
        })?;
    let ws = name.clone();
    let path = on_disk(&state, move |s| s.part(&ws)).await?;
    let file = tokio::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .await
        .map_err(ApiError::internal)?;
    let mut part = Part {
        path,
        file: Some(file),
        placed: false,
    };
    let file = part.file.as_mut().expect("opened above");
    receive(&state, body, file, declared).await?;
    drop(part.file.take());
    let (ws, b, from) = (name.clone(), blob.clone(), part.path.clone());
    // Placed or removed by `place` from here on.
    part.placed = true;
    if !on_disk(&state, move |s| s.place(&ws, &from, &b)).await? {
        let (ws, b) = (name, blob.clone());
        let size = on_disk(&state, move |s| s.size(&ws, &b)).await?;
        return Ok(stored(StatusCode::OK, blob, size.unwrap_or(0), false));
    }
    reservation.stored();
    state.metrics.blobs_stored.fetch_add(1, Relaxed);
    tracing::info!(bytes = declared, "blob stored");
    Ok(stored(StatusCode::CREATED, blob, declared, true))
}

pub(crate) async fn get_blob(
    State(state): State<Shared>,
    Path((name, blob)): Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let grant = authorise(&state, &headers, &name).await?;
    if !blob_store::valid_name(&blob) {
        return Err(bad_name());
    }
    let absent = || {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "no_blob",
            "no blob of that name here",
        )
    };
    let path = state.blobs.path(&name, &blob);
    let file = match tokio::fs::File::open(&path).await {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(absent()),
        Err(e) => return Err(ApiError::internal(e)),
    };
    let meta = file.metadata().await.map_err(ApiError::internal)?;
    if !meta.is_file() {
        return Err(absent());
    }
    let download = Download {
        file,
        _grant: grant,
        state,
        failed: false,
    };
    let stream = futures_util::stream::unfold(download, read_piece);
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (header::CONTENT_LENGTH, meta.len().to_string()),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

/// A download under way: the file, and the request's place among the
/// token's requests in flight, held until the last byte went.
struct Download {
    file: tokio::fs::File,
    _grant: Grant,
    state: Shared,
    failed: bool,
}

async fn read_piece(mut d: Download) -> Option<(std::io::Result<Bytes>, Download)> {
    if d.failed {
        return None;
    }
    let mut buf = vec![0u8; CHUNK];
    match d.file.read(&mut buf).await {
        Ok(0) => None,
        Ok(n) => {
            buf.truncate(n);
            let sent = &d.state.metrics.blob_bytes_sent;
            sent.fetch_add(n as u64, Relaxed);
            Some((Ok(Bytes::from(buf)), d))
        }
        Err(e) => {
            d.failed = true;
            Some((Err(e), d))
        }
    }
}
