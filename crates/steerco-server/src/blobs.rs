//! Papers' bytes (blobs): sealed by the members, named by a keyed hash,
//! moved apart from the segments and never opened here (see `openapi.yaml`;
//! the files are `blob_store.rs`'s, on PostgreSQL rows are `pg_blobs.rs`'s).
//!
//! ```text
//! GET  /v1/workspaces/NAME/blobs?after=BLOB&limit=N   {"blobs": [{name, size}]}, by name
//! PUT  /v1/workspaces/NAME/blobs/BLOB                 the bytes, with Content-Length
//! GET  /v1/workspaces/NAME/blobs/BLOB                 the bytes
//! ```
//! Bodies stream between the connection and the disk or the database,
//! never whole in memory. An upload has its own limit (`--max-blob-mib`, not the other
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
use crate::pg::Pg;
use crate::pg_blobs::Upload;
use crate::store::Backend;
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
    let blobs = match &state.backend {
        Backend::Postgres(p) => {
            (p.blob_list(&name, after.as_deref(), limit).await).map_err(ApiError::internal)?
        }
        Backend::Sqlite(_) => {
            on_disk(&state, move |s| s.list(&name, after.as_deref(), limit)).await?
        }
    };
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

/// An upload's body as it comes: exactly its declared bytes, in time (the
/// rule of the other bodies, `limits.rs`), counted in the metrics.
pub(crate) struct Incoming<'a> {
    state: &'a Shared,
    stream: axum::body::BodyDataStream,
    start: tokio::time::Instant,
    declared: u64,
    received: u64,
}

impl<'a> Incoming<'a> {
    fn new(state: &'a Shared, body: Body, declared: u64) -> Self {
        Incoming {
            state,
            stream: body.into_data_stream(),
            start: tokio::time::Instant::now(),
            declared,
            received: 0,
        }
    }

    /// The next piece of the body; None once all of it came.
    pub(crate) async fn next(&mut self) -> ApiResult<Option<Bytes>> {
        let timeout = self.state.config.request_timeout;
        let deadline = body_deadline(self.start, timeout, self.received);
        let piece = match tokio::time::timeout_at(deadline, self.stream.next()).await {
            Err(_) => return Err(late()),
            Ok(None) if self.received < self.declared => {
                return Err(unreadable("fewer bytes than its Content-Length"))
            }
            Ok(None) => return Ok(None),
            Ok(Some(Err(e))) => return Err(unreadable(e)),
            Ok(Some(Ok(piece))) => piece,
        };
        self.received += piece.len() as u64;
        if self.received > self.declared {
            return Err(unreadable("more bytes than its Content-Length"));
        }
        let counted = &self.state.metrics.blob_bytes_received;
        counted.fetch_add(piece.len() as u64, Relaxed);
        Ok(Some(piece))
    }
}

/// Write the body to `file` and sync it.
async fn receive(mut body: Incoming<'_>, file: &mut tokio::fs::File) -> ApiResult<()> {
    while let Some(piece) = body.next().await? {
        file.write_all(&piece).await.map_err(ApiError::internal)?;
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
    if let Backend::Postgres(p) = &state.backend {
        return put_rows(&state, p, &name, blob, declared, body).await;
    }
    let (ws, b) = (name.clone(), blob.clone());
    if let Some(size) = on_disk(&state, move |s| s.size(&ws, &b)).await? {
        return Ok(stored(StatusCode::OK, blob, size, false));
    }
    let (ws, cap) = (name.clone(), state.config.max_workspace_blob_bytes);
    let reservation = on_disk(&state, move |s| s.reserve(&ws, declared, cap))
        .await?
        .ok_or_else(full)?;
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
    receive(Incoming::new(&state, body, declared), file).await?;
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
    Ok(created(&state, blob, declared))
}

fn full() -> ApiError {
    ApiError::new(
        StatusCode::INSUFFICIENT_STORAGE,
        "workspace_full",
        "this workspace's blobs would pass the space the server gives a workspace",
    )
}

fn created(state: &Shared, blob: String, size: u64) -> Response {
    state.metrics.blobs_stored.fetch_add(1, Relaxed);
    tracing::info!(bytes = size, "blob stored");
    stored(StatusCode::CREATED, blob, size, true)
}

/// An upload on PostgreSQL (`pg_blobs.rs`): the same answers, the held
/// name and the space checked before the body as on the disk.
async fn put_rows(
    state: &Shared,
    p: &Pg,
    workspace: &str,
    blob: String,
    declared: u64,
    body: Body,
) -> ApiResult<Response> {
    let held = p.blob(workspace, &blob).await.map_err(ApiError::internal)?;
    if let Some((size, _)) = held {
        return Ok(stored(StatusCode::OK, blob, size, false));
    }
    let cap = state.config.max_workspace_blob_bytes;
    if let Some(cap) = cap {
        let held = p.blobs_held(workspace).await.map_err(ApiError::internal)?;
        if held.saturating_add(declared) > cap {
            return Err(full());
        }
    }
    let mut body = Incoming::new(state, body, declared);
    match p.put_blob(workspace, &blob, cap, &mut body).await? {
        Upload::Stored => Ok(created(state, blob, declared)),
        Upload::Held(size) => Ok(stored(StatusCode::OK, blob, size, false)),
        Upload::Full => Err(full()),
    }
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
    let (size, source) = match &state.backend {
        Backend::Postgres(p) => {
            let found = p.blob(&name, &blob).await.map_err(ApiError::internal)?;
            let (size, upload) = found.ok_or_else(absent)?;
            let pg = p.clone();
            (size, Source::Rows { pg, upload, n: 0 })
        }
        Backend::Sqlite(_) => {
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
            (meta.len(), Source::File(file))
        }
    };
    let download = Download {
        source,
        _grant: grant,
        state,
        failed: false,
    };
    let stream = futures_util::stream::unfold(download, read_piece);
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (header::CONTENT_LENGTH, size.to_string()),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

/// Where a download's bytes come from: a file, or the chunk rows of an
/// upload on PostgreSQL (`n` the next one).
enum Source {
    File(tokio::fs::File),
    Rows { pg: Pg, upload: i64, n: i32 },
}

/// A download under way: its bytes, and the request's place among the
/// token's requests in flight, held until the last byte went.
struct Download {
    source: Source,
    _grant: Grant,
    state: Shared,
    failed: bool,
}

async fn read_piece(mut d: Download) -> Option<(std::io::Result<Bytes>, Download)> {
    if d.failed {
        return None;
    }
    let piece = match &mut d.source {
        Source::File(file) => {
            let mut buf = vec![0u8; CHUNK];
            file.read(&mut buf).await.map(|n| {
                buf.truncate(n);
                buf
            })
        }
        Source::Rows { pg, upload, n } => {
            let chunk = pg.blob_chunk(*upload, *n).await;
            *n += 1;
            // No row: past the last chunk (none is empty).
            chunk
                .map(Option::unwrap_or_default)
                .map_err(std::io::Error::other)
        }
    };
    match piece {
        Ok(buf) if buf.is_empty() => None,
        Ok(buf) => {
            let sent = &d.state.metrics.blob_bytes_sent;
            sent.fetch_add(buf.len() as u64, Relaxed);
            Some((Ok(Bytes::from(buf)), d))
        }
        Err(e) => {
            d.failed = true;
            Some((Err(e), d))
        }
    }
}
