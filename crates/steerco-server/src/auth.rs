//! Bearer tokens: scoped to one workspace, stored as SHA-256, revocable;
//! whatever is wrong with a token, the answer is the same 401. The check
//! reads only the headers, so handlers run it before they read a body.

use axum::http::{header, HeaderMap};

use crate::error::{ApiError, ApiResult};
use crate::limits::Slot;
use crate::{db, store, Shared};

/// A checked token: its id, and its slot among the requests in flight
/// (held while the handler runs).
pub(crate) struct Grant {
    pub(crate) token: String,
    _slot: Slot,
}

/// The bearer token of the request, if it has a plausible one.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.len() <= 256)
        .map(str::to_string)
}

/// The bearer token must be live and for `name` (401 otherwise, the same
/// answer whatever is wrong), and have a request slot free (503).
pub(crate) async fn authorise(state: &Shared, headers: &HeaderMap, name: &str) -> ApiResult<Grant> {
    let token = bearer(headers).ok_or_else(ApiError::unauthorized)?;
    if !db::valid_name(name) {
        return Err(ApiError::unauthorized());
    }
    let name = name.to_string();
    let id = store::authorised(state, name, token)
        .await?
        .ok_or_else(ApiError::unauthorized)?;
    let slot = state
        .requests
        .take(&id)
        .ok_or_else(|| ApiError::busy("this token has as many requests in flight as it may"))?;
    Ok(Grant {
        token: id,
        _slot: slot,
    })
}
