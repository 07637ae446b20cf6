//! Key records: what a client stores when the workspace passphrase changes
//! (the new epoch's key parameters, earlier keys sealed inside). Opaque to
//! the server, like everything sealed; each is written once under its name.
//!
//! ```text
//! GET  /v1/workspaces/NAME/keys            {"keys": [{"name", "data" (base64)}]}
//! PUT  /v1/workspaces/NAME/keys/KEYNAME    the record's bytes (at most 64 KiB)
//! ```

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine as _;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::json;

use crate::auth::authorise;
use crate::error::{ApiError, ApiResult};
use crate::limits::{read_body, SMALL_BODY};
use crate::{db, store, Shared};

/// The largest key record.
const MAX_BYTES: usize = SMALL_BODY;
/// Key records per workspace (a passphrase change each).
pub(crate) const MAX_RECORDS: i64 = 1000;

pub const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS key_record (
    workspace TEXT NOT NULL REFERENCES workspace(name),
    name TEXT NOT NULL,
    body BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (workspace, name)
);";

/// A key record's name: 1 to 100 of A-Z a-z 0-9 . _ -
fn valid_key_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 100
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

pub(crate) enum Put {
    Created,
    Same,
    Different,
    Full,
}

pub(crate) fn put(conn: &Connection, workspace: &str, name: &str, body: &[u8]) -> db::Result<Put> {
    let tx = conn.unchecked_transaction()?;
    let stored: Option<Vec<u8>> = tx
        .query_row(
            "SELECT body FROM key_record WHERE workspace = ?1 AND name = ?2",
            params![workspace, name],
            |r| r.get(0),
        )
        .optional()?;
    let out = match stored {
        Some(b) if b == body => Put::Same,
        Some(_) => Put::Different,
        None => {
            let count: i64 = tx.query_row(
                "SELECT count(*) FROM key_record WHERE workspace = ?1",
                [workspace],
                |r| r.get(0),
            )?;
            if count >= MAX_RECORDS {
                Put::Full
            } else {
                tx.execute(
                    "INSERT INTO key_record (workspace, name, body, created_at)
                     VALUES (?1, ?2, ?3, strftime('%s', 'now'))",
                    params![workspace, name, body],
                )?;
                Put::Created
            }
        }
    };
    tx.commit()?;
    Ok(out)
}

pub(crate) fn list(conn: &Connection, workspace: &str) -> db::Result<Vec<(String, Vec<u8>)>> {
    let mut stmt = conn
        .prepare_cached("SELECT name, body FROM key_record WHERE workspace = ?1 ORDER BY name")?;
    let rows = stmt.query_map([workspace], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub async fn get_keys(
    State(state): State<Shared>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<serde_json::Value>> {
    let _grant = authorise(&state, &headers, &name).await?;
    let records = store::keys(&state, name).await?;
    let b64 = base64::engine::general_purpose::STANDARD;
    let keys: Vec<_> = records
        .into_iter()
        .map(|(name, body)| json!({"name": name, "data": b64.encode(body)}))
        .collect();
    Ok(Json(json!({ "keys": keys })))
}

pub async fn put_key(
    State(state): State<Shared>,
    Path((name, key)): Path<(String, String)>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let _grant = authorise(&state, &headers, &name).await?;
    if !valid_key_name(&key) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_key_name",
            "a key record's name is 1 to 100 of A-Z a-z 0-9 . _ -",
        ));
    }
    let body = read_body(&headers, body, MAX_BYTES, state.config.request_timeout).await?;
    if body.is_empty() || body.len() > MAX_BYTES {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_key_record",
            "a key record is 1 byte to 64 KiB",
        ));
    }
    match store::put_key(&state, name, key, body.to_vec()).await? {
        Put::Created => Ok((StatusCode::CREATED, Json(json!({"stored": true}))).into_response()),
        Put::Same => Ok((StatusCode::OK, Json(json!({"stored": true}))).into_response()),
        Put::Different => Err(ApiError::new(
            StatusCode::CONFLICT,
            "key_conflict",
            "a different key record is stored under this name",
        )),
        Put::Full => Err(ApiError::new(
            StatusCode::CONFLICT,
            "too_many_keys",
            "this workspace has as many key records as it may hold",
        )),
    }
}
