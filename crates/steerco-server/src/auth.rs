//! Bearer tokens: scoped to one workspace, stored as SHA-256, revocable;
//! whatever is wrong with a token, the answer is the same 401.

use axum::http::{header, HeaderMap};

use crate::error::{ApiError, ApiResult};
use crate::{db, with_read, Shared};

/// The bearer token must be live and for `name` (401 otherwise, the same
/// answer whatever is wrong).
pub(crate) async fn authorise(state: &Shared, headers: &HeaderMap, name: &str) -> ApiResult<()> {
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
