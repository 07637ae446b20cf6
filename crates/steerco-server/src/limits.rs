//! What one client may hold: requests in flight and event streams, per
//! token and in all, and a request body read within its route's limit and
//! in time. A body is read only after the token was checked (`auth.rs`), so
//! a wrong token never makes the server buffer anything.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, StatusCode};
use futures_util::StreamExt;

use crate::error::{ApiError, ApiResult};

/// A body must keep coming at this rate at least (after the request
/// timeout's grace): a slow link pushing a large segment gets its time, a
/// client sending a byte a second does not.
const MIN_BODY_RATE: u64 = 16 * 1024;

/// Marker and key records: small JSON or sealed bytes.
pub(crate) const SMALL_BODY: usize = 64 * 1024;

/// Slots in use per token, and in all.
#[derive(Default)]
struct Counts {
    per: HashMap<String, usize>,
    total: usize,
}

/// A counted resource (requests in flight, event streams) with a cap per
/// token and in all.
pub(crate) struct Gate {
    counts: Mutex<Counts>,
    per_token: usize,
    total: usize,
}

/// One slot of a `Gate`, given back when dropped.
pub(crate) struct Slot {
    gate: Arc<Gate>,
    token: String,
}

impl Gate {
    pub(crate) fn new(per_token: usize, total: usize) -> Arc<Gate> {
        Arc::new(Gate {
            counts: Mutex::new(Counts::default()),
            per_token: per_token.max(1),
            total: total.max(1),
        })
    }

    /// A slot for `token`, or None when it or everyone holds the most.
    pub(crate) fn take(self: &Arc<Gate>, token: &str) -> Option<Slot> {
        let mut c = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        let mine = c.per.get(token).copied().unwrap_or(0);
        if mine >= self.per_token || c.total >= self.total {
            return None;
        }
        c.per.insert(token.to_string(), mine + 1);
        c.total += 1;
        Some(Slot {
            gate: self.clone(),
            token: token.to_string(),
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut c = self.gate.counts.lock().unwrap_or_else(|p| p.into_inner());
        c.total = c.total.saturating_sub(1);
        if let Some(n) = c.per.get_mut(&self.token) {
            *n -= 1;
            if *n == 0 {
                c.per.remove(&self.token);
            }
        }
    }
}

fn too_large(limit: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        format!("the request body is too large (at most {limit} bytes here)"),
    )
}

/// When a body of which `received` bytes came must be complete by: the
/// request timeout, plus the time `MIN_BODY_RATE` allows for what came.
pub(crate) fn body_deadline(
    start: tokio::time::Instant,
    timeout: Duration,
    received: u64,
) -> tokio::time::Instant {
    start + timeout + Duration::from_millis(received.saturating_mul(1000) / MIN_BODY_RATE)
}

/// A body that did not arrive in time (408; the connection is closed).
pub(crate) fn late() -> ApiError {
    ApiError::new(
        StatusCode::REQUEST_TIMEOUT,
        "request_timeout",
        "the request body did not arrive in time",
    )
}

/// A body that broke off or could not be read.
pub(crate) fn unreadable(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "bad_body",
        format!("the request body could not be read: {e}"),
    )
}

/// The body, at most `limit` bytes, refused early when Content-Length says
/// more; it must arrive within `timeout` plus the time `MIN_BODY_RATE`
/// allows for what came (408 otherwise; the connection is then closed).
pub(crate) async fn read_body(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    timeout: Duration,
) -> ApiResult<Bytes> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large(limit));
    }
    let start = tokio::time::Instant::now();
    let mut stream = body.into_data_stream();
    let mut buf: Vec<u8> = Vec::with_capacity(declared.unwrap_or(0).min(limit as u64) as usize);
    loop {
        let deadline = body_deadline(start, timeout, buf.len() as u64);
        let chunk = match tokio::time::timeout_at(deadline, stream.next()).await {
            Err(_) => return Err(late()),
            Ok(None) => return Ok(Bytes::from(buf)),
            Ok(Some(Err(e))) => return Err(unreadable(e)),
            Ok(Some(Ok(chunk))) => chunk,
        };
        if buf.len() + chunk.len() > limit {
            return Err(too_large(limit));
        }
        buf.extend_from_slice(&chunk);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gate_caps_per_token_and_in_all_and_gives_slots_back() {
        let gate = Gate::new(2, 3);
        let a1 = gate.take("a").unwrap();
        let _a2 = gate.take("a").unwrap();
        assert!(gate.take("a").is_none(), "per token");
        let _b1 = gate.take("b").unwrap();
        assert!(gate.take("c").is_none(), "in all");
        drop(a1);
        assert!(gate.take("c").is_some());
    }
}
