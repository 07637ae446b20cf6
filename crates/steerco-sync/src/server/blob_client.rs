//! Papers' bytes (blobs) on the server, as streams (`steerco-server`'s
//! `blobs.rs`): what it holds, an upload, a download. The names and the
//! sealing are the papers sync's; here the bytes are opaque.
//!
//! ```text
//! GET  BASE/v1/workspaces/NAME/blobs?after=BLOB&limit=N   {"blobs": [{name, size}]}
//! PUT  BASE/v1/workspaces/NAME/blobs/BLOB                 the bytes (Content-Length)
//! GET  BASE/v1/workspaces/NAME/blobs/BLOB                 the bytes
//! ```

use std::io::{self, Read};
use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

use super::client::{Client, Failure, MAX_RETRY_AFTER};
use super::error::blob_too_large;
use super::failover::passing;
use super::ServerError;
use crate::folder::SyncError;

/// Blobs asked for per page of the listing (the server's most).
const LIST_LIMIT: usize = 1000;

/// The slowest a blob's body may move before the request gives up: the
/// server's own minimum rate, so a dead connection never holds a sync
/// for ever and a slow one gets the time its size needs.
const MIN_RATE: u64 = 16 * 1024;

/// Time for a request's answer to begin, besides its body's.
const ANSWER: Duration = Duration::from_secs(60);

/// How long a download's body may take: enough for a blob of 256 MiB
/// (the server's default limit) at `MIN_RATE`. Its size is known only once
/// the answer begins.
const DOWNLOAD: Duration = Duration::from_secs(256 * 1024 * 1024 / MIN_RATE);

/// A blob's name: 64 lowercase hex digits (it becomes part of a path).
fn check_name(name: &str) -> Result<(), ServerError> {
    let hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
    if name.len() == 64 && name.bytes().all(hex) {
        Ok(())
    } else {
        Err(ServerError::Protocol(format!(
            "{name:?} is not a blob's name"
        )))
    }
}

fn protocol(e: impl std::fmt::Display) -> Failure {
    Failure::Final(ServerError::Protocol(e.to_string()))
}

/// The caller's reader as an upload's body: exactly `left` bytes, an early
/// end an error; what it gave and the error it failed with are kept, so a
/// failed upload is retried only while nothing of it was taken, and an
/// error of the reader is told apart from one of the connection.
struct Exact<R> {
    inner: R,
    left: u64,
    taken: u64,
    failed: Option<io::Error>,
}

impl<R: Read> Read for Exact<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            return Ok(0);
        }
        let max = self.left.min(buf.len() as u64) as usize;
        let result = match self.inner.read(&mut buf[..max]) {
            Ok(0) => Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("the bytes ended {} short of their length", self.left),
            )),
            other => other,
        };
        match result {
            Ok(n) => {
                self.left -= n as u64;
                self.taken += n as u64;
                Ok(n)
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Err(e),
            Err(e) => {
                let told = io::Error::new(e.kind(), e.to_string());
                self.failed = Some(e);
                Err(told)
            }
        }
    }
}

impl Client {
    /// Every blob the server holds of this workspace: (name, size), by name.
    pub fn list_blobs(&self) -> Result<Vec<(String, u64)>, ServerError> {
        #[derive(Deserialize)]
        struct Listed {
            name: String,
            size: u64,
        }
        #[derive(Deserialize)]
        struct Page {
            blobs: Vec<Listed>,
        }
        let mut out = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let path = match &after {
                Some(a) => format!("/blobs?after={a}&limit={LIST_LIMIT}"),
                None => format!("/blobs?limit={LIST_LIMIT}"),
            };
            let page: Page =
                self.retrying(|at| match self.exchange(at, "GET", &path, None)? {
                    (200, body) => serde_json::from_slice(&body).map_err(protocol),
                    (status, body) => Err(Failure::Final(Self::refused(status, &body))),
                })?;
            let full = page.blobs.len() >= LIST_LIMIT;
            for b in page.blobs {
                check_name(&b.name)?;
                if after.as_deref().is_some_and(|a| b.name.as_str() <= a) {
                    return Err(ServerError::Protocol("blobs listed out of order".into()));
                }
                after = Some(b.name.clone());
                out.push((b.name, b.size));
            }
            if !full {
                return Ok(out);
            }
        }
    }

    /// Upload `len` bytes from `body` as the blob `name`: true when the
    /// server stored it now, false when it held a blob of that name already
    /// (then it keeps that one and nothing of `body` is sent). `len` must be
    /// the reader's length: fewer bytes fail the upload (nothing is stored),
    /// more are not read. Tried again only while nothing of `body` was
    /// taken (the server was busy or unreachable before the upload began).
    /// Over the server's limit: `ServerError::Refused` with status 413 and
    /// the code `BLOB_TOO_LARGE`.
    pub fn put_blob(&self, name: &str, len: u64, body: impl Read) -> Result<bool, ServerError> {
        #[derive(Deserialize)]
        struct Stored {
            created: bool,
        }
        check_name(name)?;
        let took = ANSWER + Duration::from_secs(len / MIN_RATE);
        let mut body = Exact {
            inner: body,
            left: len,
            taken: 0,
            failed: None,
        };
        self.retrying(|at| {
            let mut req = self
                .agent
                .put(format!("{}/blobs/{name}", at.api))
                .config()
                .timeout_global(Some(took))
                .build()
                .header("Authorization", &self.auth)
                .header("Content-Type", "application/octet-stream")
                .header("Content-Length", len.to_string());
            if len > 0 {
                // The server answers a blob it holds, or one over its limit,
                // before the body: then none of it is sent.
                req = req.header("Expect", "100-continue");
            }
            let result = req.send(ureq::SendBody::from_reader(&mut body));
            if let Some(e) = body.failed.take() {
                return Err(Failure::Final(ServerError::Sync(SyncError::Io {
                    path: PathBuf::from(name),
                    source: e,
                })));
            }
            let failure = match result {
                Err(e) => Failure::Down(e.to_string()),
                Ok(resp) => match self.answer(resp) {
                    Err(failure) => failure,
                    Ok((200 | 201, answer)) => {
                        return serde_json::from_slice::<Stored>(&answer)
                            .map(|s| s.created)
                            .map_err(protocol)
                    }
                    Ok((413, answer)) => {
                        let limit = serde_json::from_slice::<serde_json::Value>(&answer)
                            .ok()
                            .and_then(|v| v.get("limit")?.as_u64());
                        return Err(Failure::Final(blob_too_large(len, limit)));
                    }
                    Ok((status, answer)) => {
                        return Err(Failure::Final(Self::refused(status, &answer)))
                    }
                },
            };
            match failure {
                // Nothing of the body went: the same reader can go again.
                _ if body.taken == 0 => Err(failure),
                Failure::Transient(why) | Failure::Down(why) | Failure::Busy { why, .. } => {
                    Err(Failure::Final(ServerError::Unreachable {
                        url: at.url.clone(),
                        attempts: 1,
                        last: why,
                    }))
                }
                Failure::Final(e) => Err(Failure::Final(e)),
            }
        })
    }

    /// The blob `name` as a stream: (its length, the bytes), or None when
    /// the server holds no blob of that name. The reader gives exactly the
    /// length (an error if the connection breaks first).
    #[allow(clippy::type_complexity)]
    pub fn get_blob(&self, name: &str) -> Result<Option<(u64, Box<dyn Read + Send>)>, ServerError> {
        check_name(name)?;
        self.retrying(|at| {
            let resp = self
                .agent
                .get(format!("{}/blobs/{name}", at.api))
                .config()
                .timeout_global(None)
                .timeout_recv_response(Some(ANSWER))
                .timeout_recv_body(Some(DOWNLOAD))
                .build()
                .header("Authorization", &self.auth)
                .call()
                .map_err(|e| Failure::Down(e.to_string()))?;
            match resp.status().as_u16() {
                200 => {
                    let len = resp
                        .headers()
                        .get("content-length")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.parse::<u64>().ok())
                        .ok_or_else(|| protocol("a blob came without its length"))?;
                    let reader: Box<dyn Read + Send> =
                        Box::new(resp.into_body().into_with_config().limit(len).reader());
                    Ok(Some((len, reader)))
                }
                404 => Ok(None),
                _ => {
                    let (status, answer) = self.answer(resp)?;
                    Err(Failure::Final(Self::refused(status, &answer)))
                }
            }
        })
    }

    /// An answer's status and (small) body, or the failure it means: the
    /// rules of `exchange` (401 the token; 408, 429 and 5xx passing, 503 and
    /// 429 after their Retry-After), except 507 (the workspace's space on
    /// the server is full), which waiting does not change.
    fn answer(
        &self,
        mut resp: ureq::http::Response<ureq::Body>,
    ) -> Result<(u16, Vec<u8>), Failure> {
        let status = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(|s| Duration::from_secs(s).min(MAX_RETRY_AFTER));
        let body = resp
            .body_mut()
            .with_config()
            .limit(64 * 1024)
            .read_to_vec()
            .unwrap_or_default();
        if status == 401 {
            return Err(Failure::Final(ServerError::Unauthorized));
        }
        if status == 408 || status == 429 || (status >= 500 && status != 507) {
            return Err(passing(status, &body, retry_after));
        }
        Ok((status, body))
    }
}
