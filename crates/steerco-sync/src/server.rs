//! Sync through a Steerco sync server (`steerco-server`): the same segment
//! files the folder holds, relayed by the server in one strictly increasing
//! server order per workspace. With a passphrase the server only ever holds
//! sealed segment bodies and the marker (Argon2id parameters, sealed check).
//!
//! ```text
//! PUT/GET  BASE/v1/workspaces/NAME/marker        the folder marker (once)
//! POST     BASE/v1/workspaces/NAME/segments      one segment (segment::encode bytes)
//! GET      BASE/v1/workspaces/NAME/segments?after=CURSOR&limit=N
//! ```
//! The workspace's address is `BASE/NAME`: its last path segment names the
//! workspace on the server; a token is good for that one workspace.
//!
//! Bookkeeping (local settings, never synced):
//! - `sync.segment`, `sync.sent_seq`: this replica's segment numbering and
//!   the last local change sent, shared with the folder's `send`;
//! - `sync.server.pending`: a segment written ahead of its push (number,
//!   last change, exact bytes). After a crash or a lost reply the same bytes
//!   are pushed again, which the server answers as already stored: nothing
//!   is lost and no segment number gets two contents;
//! - `sync.server.origin`, `sync.server.cursor`: which server and workspace,
//!   and the server sequence pulled up to.
//!
//! One workspace syncs through one server (or one folder): segment numbers
//! and per-replica positions are shared between them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use steerco_store::{Store, StoreError};

use crate::crypto::{CryptoError, Key};
use crate::folder::{check_closed_items, Marker, SyncError, SyncReport};
use crate::segment;

/// Changes per segment pushed to a server (smaller than the folder's, so
/// pages stay small and a retry resends little).
const SEGMENT_CHANGES: usize = 5_000;
/// Segments asked for per page (the server also caps a page's bytes).
const PAGE_LIMIT: usize = 500;
/// The largest response body read (a page, a marker).
const MAX_BODY: u64 = 256 * 1024 * 1024;

const PENDING: &str = "sync.server.pending";
const CURSOR: &str = "sync.server.cursor";
const ORIGIN: &str = "sync.server.origin";

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error(
        "{0} is not a workspace address on a Steerco server (expected http(s)://HOST[:PORT]/NAME)"
    )]
    BadUrl(String),
    #[error(
        "the server refused the token for this workspace (wrong, revoked or for another workspace)"
    )]
    Unauthorized,
    #[error(
        "the server's workspace is empty: nobody has synced to it yet, so there is nothing to join"
    )]
    NothingToJoin,
    #[error("the server's workspace belongs to another Steerco workspace ({theirs}); this one is {ours}. Nothing was exchanged.")]
    OtherWorkspace { theirs: String, ours: String },
    #[error("the server already holds segment {segment} of this replica with different content; this workspace file was copied or restored from a backup. Nothing more was sent.")]
    SegmentConflict { segment: u64 },
    #[error("the server refused the request ({status} {code}): {message}")]
    Refused {
        status: u16,
        code: String,
        message: String,
    },
    #[error("the server at {url} could not be reached after {attempts} attempts: {last}")]
    Unreachable {
        url: String,
        attempts: u32,
        last: String,
    },
    #[error("the server sent something this version does not understand: {0}")]
    Protocol(String),
    #[error(transparent)]
    Sync(#[from] SyncError),
}

impl ServerError {
    pub fn code(&self) -> &'static str {
        match self {
            ServerError::BadUrl(_) => "bad_server_url",
            ServerError::Unauthorized => "unauthorized",
            ServerError::NothingToJoin => "nothing_to_join",
            ServerError::OtherWorkspace { .. } => "other_workspace",
            ServerError::SegmentConflict { .. } => "segment_conflict",
            ServerError::Refused { .. } => "server_refused",
            ServerError::Unreachable { .. } => "server_unreachable",
            ServerError::Protocol(_) => "server_protocol",
            ServerError::Sync(e) => e.code(),
        }
    }
}

impl From<StoreError> for ServerError {
    fn from(e: StoreError) -> Self {
        ServerError::Sync(SyncError::Store(e))
    }
}

impl From<CryptoError> for ServerError {
    fn from(e: CryptoError) -> Self {
        ServerError::Sync(SyncError::Crypto(e))
    }
}

/// How hard to try a request that failed for a passing reason (no
/// connection, a timeout, 429, 5xx): attempts, first delay (doubling), cap.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    pub attempts: u32,
    pub first: Duration,
    pub max: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            attempts: 8,
            first: Duration::from_millis(100),
            max: Duration::from_secs(2),
        }
    }
}

/// One workspace on one server, as a client sees it.
pub struct Client {
    agent: ureq::Agent,
    /// BASE/v1/workspaces/NAME
    api: String,
    origin: String,
    auth: String,
    retry: Retry,
    page_limit: usize,
}

/// One segment as the server lists it.
#[derive(Debug, Deserialize)]
struct ListedSegment {
    seq: u64,
    data: String,
}

#[derive(Debug, Deserialize)]
struct Page {
    segments: Vec<ListedSegment>,
    next: u64,
    more: bool,
}

#[derive(Debug, Serialize, Deserialize)]
struct Pending {
    segment: u64,
    last: i64,
    data: String,
}

enum Failure {
    /// Worth another try (no connection, timeout, 429, 5xx).
    Transient(String),
    Final(ServerError),
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

impl Client {
    /// `url` is the workspace's address, `BASE/NAME`.
    pub fn new(url: &str, token: &str) -> Result<Client, ServerError> {
        let trimmed = url.trim_end_matches('/');
        let bad = || ServerError::BadUrl(url.to_string());
        if !(trimmed.starts_with("http://") || trimmed.starts_with("https://")) {
            return Err(bad());
        }
        let (base, name) = trimmed.rsplit_once('/').ok_or_else(bad)?;
        let valid_name = !name.is_empty()
            && name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        if !valid_name || base.ends_with('/') || base.ends_with(':') {
            return Err(bad());
        }
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(300)))
            .build()
            .into();
        Ok(Client {
            agent,
            api: format!("{base}/v1/workspaces/{name}"),
            origin: trimmed.to_string(),
            auth: format!("Bearer {token}"),
            retry: Retry::default(),
            page_limit: PAGE_LIMIT,
        })
    }

    pub fn with_retry(mut self, retry: Retry) -> Client {
        self.retry = retry;
        self
    }

    /// Segments asked for per page (1 to 1000).
    pub fn with_page_limit(mut self, limit: usize) -> Client {
        self.page_limit = limit.clamp(1, 1000);
        self
    }

    /// Run `once` until it succeeds, fails for good, or the attempts run out
    /// (bounded exponential backoff).
    fn retrying<T>(&self, mut once: impl FnMut() -> Result<T, Failure>) -> Result<T, ServerError> {
        let mut delay = self.retry.first;
        let mut last = String::new();
        for attempt in 1..=self.retry.attempts.max(1) {
            match once() {
                Ok(v) => return Ok(v),
                Err(Failure::Final(e)) => return Err(e),
                Err(Failure::Transient(why)) => last = why,
            }
            if attempt < self.retry.attempts {
                std::thread::sleep(delay);
                delay = (delay * 2).min(self.retry.max);
            }
        }
        Err(ServerError::Unreachable {
            url: self.origin.clone(),
            attempts: self.retry.attempts.max(1),
            last,
        })
    }

    /// One request: the status and body, or why it failed.
    fn exchange(
        &self,
        method: &str,
        path: &str,
        body: Option<(&str, &[u8])>,
    ) -> Result<(u16, Vec<u8>), Failure> {
        let url = format!("{}{path}", self.api);
        let result = match (method, body) {
            ("GET", _) => self
                .agent
                .get(&url)
                .header("Authorization", &self.auth)
                .call(),
            (_, Some((ctype, bytes))) => {
                let req = if method == "PUT" {
                    self.agent.put(&url)
                } else {
                    self.agent.post(&url)
                };
                req.header("Authorization", &self.auth)
                    .header("Content-Type", ctype)
                    .send(bytes)
            }
            _ => return Err(Failure::Final(ServerError::Protocol("bad request".into()))),
        };
        let mut resp = result.map_err(|e| Failure::Transient(e.to_string()))?;
        let status = resp.status().as_u16();
        let bytes = resp
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(|e| Failure::Transient(e.to_string()))?;
        if status == 429 || status >= 500 {
            return Err(Failure::Transient(format!(
                "{status}: {}",
                String::from_utf8_lossy(&bytes)
            )));
        }
        if status == 401 || status == 403 {
            return Err(Failure::Final(ServerError::Unauthorized));
        }
        Ok((status, bytes))
    }

    fn refused(status: u16, body: &[u8]) -> ServerError {
        #[derive(Deserialize)]
        struct ApiError {
            code: String,
            message: String,
        }
        match serde_json::from_slice::<ApiError>(body) {
            Ok(e) => ServerError::Refused {
                status,
                code: e.code,
                message: e.message,
            },
            Err(_) => ServerError::Refused {
                status,
                code: "unknown".into(),
                message: String::from_utf8_lossy(body).chars().take(200).collect(),
            },
        }
    }

    /// The workspace's marker on the server, or None when nobody set it yet.
    pub fn marker(&self) -> Result<Option<Marker>, ServerError> {
        self.retrying(|| match self.exchange("GET", "/marker", None)? {
            (200, body) => serde_json::from_slice(&body)
                .map(Some)
                .map_err(|e| Failure::Final(ServerError::Protocol(e.to_string()))),
            (404, _) => Ok(None),
            (status, body) => Err(Failure::Final(Self::refused(status, &body))),
        })
    }

    /// Set the marker (the first client does; the same one again is fine).
    pub fn put_marker(&self, marker: &Marker) -> Result<(), ServerError> {
        let body = serde_json::to_vec(marker).unwrap_or_default();
        self.retrying(|| {
            match self.exchange("PUT", "/marker", Some(("application/json", &body)))? {
                (200 | 201, _) => Ok(()),
                (status, body) => Err(Failure::Final(Self::refused(status, &body))),
            }
        })
    }

    /// Push one segment; Ok(server sequence). Pushing the same bytes again
    /// is answered with the sequence it got the first time.
    pub fn push(&self, bytes: &[u8], segment: u64) -> Result<u64, ServerError> {
        #[derive(Deserialize)]
        struct Pushed {
            seq: u64,
        }
        self.retrying(|| {
            match self.exchange(
                "POST",
                "/segments",
                Some(("application/octet-stream", bytes)),
            )? {
                (200 | 201, body) => serde_json::from_slice::<Pushed>(&body)
                    .map(|p| p.seq)
                    .map_err(|e| Failure::Final(ServerError::Protocol(e.to_string()))),
                (409, body) if body_code(&body).as_deref() == Some("segment_conflict") => {
                    Err(Failure::Final(ServerError::SegmentConflict { segment }))
                }
                (status, body) => Err(Failure::Final(Self::refused(status, &body))),
            }
        })
    }

    /// Wait on the server's event stream until a segment after the server
    /// sequence `after` exists, at most `wait`: Some(its sequence), or None
    /// when nothing came (then sync anyway, or wait again). An app runs this
    /// in a loop with its cursor (`cursor`) to pull within a second of a push.
    pub fn wait_for_segment(&self, after: u64, wait: Duration) -> Result<Option<u64>, ServerError> {
        use std::io::BufRead;
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(wait))
            .build()
            .into();
        let resp = agent
            .get(format!("{}/events", self.api))
            .header("Authorization", &self.auth)
            .call();
        let resp = match resp {
            Ok(r) => r,
            Err(ureq::Error::Timeout(_)) => return Ok(None),
            Err(e) => {
                return Err(ServerError::Unreachable {
                    url: self.origin.clone(),
                    attempts: 1,
                    last: e.to_string(),
                })
            }
        };
        match resp.status().as_u16() {
            200 => {}
            401 | 403 => return Err(ServerError::Unauthorized),
            status => {
                return Err(ServerError::Refused {
                    status,
                    code: "events".into(),
                    message: String::new(),
                })
            }
        }
        let reader = std::io::BufReader::new(resp.into_body().into_reader());
        for line in reader.lines() {
            let Ok(line) = line else {
                return Ok(None); // the time is up (or the stream ended)
            };
            let Some(data) = line.strip_prefix("data:") else {
                continue;
            };
            let v: serde_json::Value = serde_json::from_str(data.trim()).unwrap_or_default();
            let seq = v
                .get("latest")
                .or_else(|| v.get("seq"))
                .and_then(|s| s.as_u64());
            match seq {
                Some(s) if s > after => return Ok(Some(s)),
                // A stream that fell behind says 0: pull to be sure.
                Some(0) if v.get("seq").is_some() => return Ok(Some(0)),
                _ => {}
            }
        }
        Ok(None)
    }

    /// Segments after the server sequence `after`: (server seq, bytes), the
    /// next cursor, and whether more follow.
    #[allow(clippy::type_complexity)]
    pub fn page(
        &self,
        after: u64,
        limit: usize,
    ) -> Result<(Vec<(u64, Vec<u8>)>, u64, bool), ServerError> {
        let path = format!("/segments?after={after}&limit={limit}");
        let page: Page = self.retrying(|| match self.exchange("GET", &path, None)? {
            (200, body) => serde_json::from_slice(&body)
                .map_err(|e| Failure::Final(ServerError::Protocol(e.to_string()))),
            (status, body) => Err(Failure::Final(Self::refused(status, &body))),
        })?;
        let mut out = Vec::with_capacity(page.segments.len());
        let mut last = after;
        for s in page.segments {
            if s.seq <= last {
                return Err(ServerError::Protocol("segments out of server order".into()));
            }
            last = s.seq;
            let bytes = b64()
                .decode(s.data.as_bytes())
                .map_err(|e| ServerError::Protocol(e.to_string()))?;
            out.push((s.seq, bytes));
        }
        if page.next < last {
            return Err(ServerError::Protocol("cursor went backwards".into()));
        }
        Ok((out, page.next, page.more))
    }
}

fn body_code(body: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    v.get("code")?.as_str().map(str::to_string)
}

/// The key for the server's marker, after checking that it belongs to `ours`.
fn marker_key(
    marker: &Marker,
    ours: &str,
    passphrase: Option<&str>,
    origin: &str,
) -> Result<Option<Key>, ServerError> {
    if marker.format != "steerco-folder" {
        return Err(ServerError::Protocol("not a Steerco marker".into()));
    }
    if marker.version > 1 {
        return Err(SyncError::NewerFolder(PathBuf::from(origin)).into());
    }
    if marker.workspace != ours {
        return Err(ServerError::OtherWorkspace {
            theirs: marker.workspace.clone(),
            ours: ours.to_string(),
        });
    }
    match (&marker.encryption, passphrase) {
        (None, None) => Ok(None),
        (None, Some(_)) => Err(SyncError::NotEncrypted(PathBuf::from(origin)).into()),
        (Some(_), None) => Err(SyncError::NeedsPassphrase(PathBuf::from(origin)).into()),
        (Some(enc), Some(p)) => Ok(Some(enc.unlock(p, ours)?)),
    }
}

/// Sync `store` with its workspace on a server: push what is not sent yet,
/// then pull and merge what is new there (claiming the server's workspace
/// first when nobody has; with a passphrase it becomes an encrypted one).
pub fn sync_server(
    store: &mut Store,
    url: &str,
    token: &str,
    passphrase: Option<&str>,
) -> Result<SyncReport, ServerError> {
    sync_with(store, &Client::new(url, token)?, passphrase)
}

/// `sync_server` through a given client (its retry policy).
pub fn sync_with(
    store: &mut Store,
    client: &Client,
    passphrase: Option<&str>,
) -> Result<SyncReport, ServerError> {
    let ours = store.workspace()?.id;
    check_closed_items(store, passphrase, Path::new(&client.origin))?;
    let key = match client.marker()? {
        Some(m) => marker_key(&m, &ours, passphrase, &client.origin)?,
        None => {
            let (marker, key) = Marker::new(&ours, passphrase)?;
            match client.put_marker(&marker) {
                // Another client set its marker first: use what is there.
                Err(ServerError::Refused { status: 409, .. }) | Ok(()) => {}
                Err(e) => return Err(e),
            }
            // Another client may have set its marker first: use what is there.
            let stored = client
                .marker()?
                .ok_or_else(|| ServerError::Protocol("the marker was not kept".into()))?;
            if stored.encryption == marker.encryption {
                key
            } else {
                marker_key(&stored, &ours, passphrase, &client.origin)?
            }
        }
    };
    let mut report = SyncReport::default();
    push(store, client, &ours, key.as_ref(), &mut report)?;
    pull(store, client, &ours, key.as_ref(), &mut report)?;
    Ok(report)
}

/// Create a new local workspace at `path` from the server (a join).
pub fn join_server(
    path: &Path,
    url: &str,
    token: &str,
    passphrase: Option<&str>,
    clock: Box<dyn steerco_domain::Clock>,
) -> Result<(Store, SyncReport), ServerError> {
    join_with(path, &Client::new(url, token)?, passphrase, clock)
}

pub fn join_with(
    path: &Path,
    client: &Client,
    passphrase: Option<&str>,
    clock: Box<dyn steerco_domain::Clock>,
) -> Result<(Store, SyncReport), ServerError> {
    let marker = client.marker()?.ok_or(ServerError::NothingToJoin)?;
    // Check the passphrase before creating anything.
    let key = marker_key(&marker, &marker.workspace, passphrase, &client.origin)?;
    let mut store = Store::create_for_join(path, clock)?;
    let mut report = SyncReport::default();
    let joined = pull(
        &mut store,
        client,
        &marker.workspace,
        key.as_ref(),
        &mut report,
    )
    .and_then(|_| {
        if report.segments_applied == 0 {
            return Err(ServerError::NothingToJoin);
        }
        store.workspace()?;
        Ok(())
    });
    if let Err(e) = joined {
        drop(store);
        steerco_store::remove_db_files(path);
        return Err(e);
    }
    Ok((store, report))
}

/// The server sequence this workspace has pulled up to (0 before the first pull).
pub fn cursor(store: &Store) -> Result<u64, ServerError> {
    Ok(setting(store, CURSOR)?.unwrap_or(0))
}

fn setting<T: std::str::FromStr>(store: &Store, key: &str) -> Result<Option<T>, ServerError> {
    Ok(store
        .local_setting(key)?
        .filter(|s| !s.is_empty())
        .and_then(|s| s.parse().ok()))
}

/// Push the segment written ahead (if any), then new local changes, one
/// segment at a time: each is recorded as pending before it is pushed.
fn push(
    store: &mut Store,
    client: &Client,
    ws: &str,
    key: Option<&Key>,
    report: &mut SyncReport,
) -> Result<(), ServerError> {
    let replica = store.replica().to_string();
    loop {
        let pending: Option<Pending> = store
            .local_setting(PENDING)?
            .filter(|s| !s.is_empty())
            .and_then(|s| serde_json::from_str(&s).ok());
        let pending = match pending {
            Some(p) => p,
            None => {
                let sent_seq: i64 = setting(store, "sync.sent_seq")?.unwrap_or(0);
                let changes = store.local_changes_after(sent_seq, SEGMENT_CHANGES)?;
                let Some(last) = changes.last().map(|(seq, _)| *seq) else {
                    return Ok(());
                };
                let recorded: u64 = setting(store, "sync.segment")?.unwrap_or(0);
                let segment = recorded + 1;
                let records: Vec<_> = changes.into_iter().map(|(_, c)| c).collect();
                let bytes = segment::encode(ws, &replica, segment, &records, key)?;
                let p = Pending {
                    segment,
                    last,
                    data: b64().encode(&bytes),
                };
                store.set_sync_setting(PENDING, &serde_json::to_string(&p).unwrap_or_default())?;
                p
            }
        };
        let bytes = b64()
            .decode(pending.data.as_bytes())
            .map_err(|e| ServerError::Protocol(e.to_string()))?;
        let count = segment::header(&bytes).map(|h| h.count).unwrap_or(0);
        client.push(&bytes, pending.segment)?;
        store.set_sync_setting("sync.segment", &pending.segment.to_string())?;
        store.set_sync_setting("sync.sent_seq", &pending.last.to_string())?;
        store.set_sync_setting(PENDING, "")?;
        report.sent += count;
        report.segments_written += 1;
    }
}

/// Pull pages after the cursor and merge each page (its segments and the
/// positions they reach) in one transaction, until the server has no more.
/// A segment that cannot be applied (damaged, sealed with another key, out
/// of its writer's order) stops the pull there: the cursor stays before it
/// and the next sync tries again.
fn pull(
    store: &mut Store,
    client: &Client,
    ws: &str,
    key: Option<&Key>,
    report: &mut SyncReport,
) -> Result<(), ServerError> {
    let me = store.replica().to_string();
    // Another server or workspace: pull from its start (applied segments skip).
    if store.local_setting(ORIGIN)?.as_deref() != Some(client.origin.as_str()) {
        store.set_sync_setting(CURSOR, "0")?;
        store.set_sync_setting(ORIGIN, &client.origin)?;
    }
    let mut cursor: u64 = setting(store, CURSOR)?.unwrap_or(0);
    loop {
        let (segments, next, more) = client.page(cursor, client.page_limit)?;
        let mut expected: BTreeMap<String, u64> = BTreeMap::new();
        let mut changes = Vec::new();
        let mut positions: Vec<(String, u64)> = Vec::new();
        let mut reached = cursor;
        let mut stopped = false;
        for (seq, bytes) in &segments {
            let header = match segment::header(bytes) {
                Ok(h) => h,
                Err(bad) => {
                    set_aside(report, client, *seq, bad.to_string());
                    stopped = true;
                    break;
                }
            };
            if header.replica != me {
                let next_expected = match expected.get(&header.replica) {
                    Some(n) => *n,
                    None => store.peer_segment(&header.replica)? + 1,
                };
                if header.seq > next_expected {
                    set_aside(
                        report,
                        client,
                        *seq,
                        format!(
                            "segment {} of replica {} comes before its segment {}",
                            header.seq, header.replica, next_expected
                        ),
                    );
                    stopped = true;
                    break;
                }
                if header.seq == next_expected {
                    match segment::decode(bytes, ws, key) {
                        Ok((h, c)) if h.format == segment::FORMAT => {
                            changes.extend(c);
                            positions.push((h.replica.clone(), h.seq));
                            expected.insert(h.replica, h.seq + 1);
                            report.segments_applied += 1;
                        }
                        Ok(_) => {
                            set_aside(report, client, *seq, "not a segment".into());
                            stopped = true;
                            break;
                        }
                        Err(bad) => {
                            set_aside(report, client, *seq, bad.to_string());
                            stopped = true;
                            break;
                        }
                    }
                }
            }
            reached = *seq;
        }
        if !positions.is_empty() {
            let merged = store.merge_segments(&changes, &positions)?;
            report.merge.applied += merged.applied;
            report.merge.skipped += merged.skipped;
            report.merge.pending = merged.pending;
            report.merge.conflicts += merged.conflicts;
            for (who, ahead) in merged.clock_ahead {
                match report.merge.clock_ahead.iter_mut().find(|(r, _)| *r == who) {
                    Some((_, a)) => *a = (*a).max(ahead),
                    None => report.merge.clock_ahead.push((who, ahead)),
                }
            }
        }
        if !stopped {
            reached = reached.max(next);
        }
        if reached != cursor {
            cursor = reached;
            store.set_sync_setting(CURSOR, &cursor.to_string())?;
        }
        if stopped || !more || segments.is_empty() {
            return Ok(());
        }
    }
}

fn set_aside(report: &mut SyncReport, client: &Client, seq: u64, why: String) {
    report
        .set_aside
        .push((PathBuf::from(format!("{}#{seq}", client.origin)), why));
}
