//! The HTTP side of server sync: one workspace on one server (at one or
//! several addresses, `failover.rs`), with bounded retries for passing
//! failures (no connection, timeouts, 429, 5xx).

use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use serde::Deserialize;

use super::failover::{passing, Address, Checked};
use super::{b64, ServerError};
use crate::folder::Marker;

/// Segments asked for per page (the server also caps a page's bytes).
pub(super) const PAGE_LIMIT: usize = 500;
/// The largest response body read (a page, a marker).
const MAX_BODY: u64 = 256 * 1024 * 1024;

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

/// One workspace on one server, as a client sees it. Clones share the
/// address in use and what the addresses reported.
#[derive(Clone)]
pub struct Client {
    pub(super) agent: ureq::Agent,
    pub(super) addresses: Arc<[Address]>,
    /// The index of the address in use (modulo their number).
    pub(super) current: Arc<AtomicUsize>,
    pub(super) checked: Arc<Mutex<Checked>>,
    pub(super) auth: String,
    pub(super) retry: Retry,
    pub(super) page_limit: usize,
}

/// What the server's event stream says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum News {
    /// On connecting: the newest server sequence of the workspace.
    Latest(u64),
    /// A new segment was stored, with its server sequence.
    Segment(u64),
    /// The stream missed some news: pull to be sure.
    FellBehind,
    /// A keep-alive comment (nothing new).
    KeepAlive,
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

pub(super) enum Failure {
    /// Worth another try at the same address (408, 429, 500, other 5xx).
    Transient(String),
    /// The address is unavailable (no connection, a timeout, 502, 503,
    /// 504): worth another try at the next address.
    Down(String),
    /// The server is busy (429, 503): try again after the time it says, at
    /// the next address when `down` (503).
    Busy {
        why: String,
        after: Duration,
        down: bool,
    },
    Final(ServerError),
}

/// The longest Retry-After a client waits in one go (a server saying more
/// is still retried, sooner).
pub(super) const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

impl Client {
    /// `url` is the workspace's address, `BASE/NAME`.
    pub fn new(url: &str, token: &str) -> Result<Client, ServerError> {
        Client::new_many(&[url.to_string()], token)
    }

    /// Several addresses of one server workspace (instances of one
    /// deployment), each `BASE/NAME`: tried in this order, moving on when
    /// one is down (see `failover.rs`).
    pub fn new_many(urls: &[String], token: &str) -> Result<Client, ServerError> {
        if urls.is_empty() {
            return Err(ServerError::BadUrl(String::new()));
        }
        let addresses = urls
            .iter()
            .enumerate()
            .map(|(index, url)| address(index, url))
            .collect::<Result<Vec<_>, _>>()?;
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(300)))
            .build()
            .into();
        Ok(Client {
            agent,
            addresses: addresses.into(),
            current: Arc::default(),
            checked: Arc::default(),
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

    /// One request: the status and body, or why it failed.
    pub(super) fn exchange(
        &self,
        at: &Address,
        method: &str,
        path: &str,
        body: Option<(&str, &[u8])>,
    ) -> Result<(u16, Vec<u8>), Failure> {
        let url = format!("{}{path}", at.api);
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
        let mut resp = result.map_err(|e| Failure::Down(e.to_string()))?;
        let status = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(|s| Duration::from_secs(s).min(MAX_RETRY_AFTER));
        let bytes = resp
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(|e| Failure::Down(e.to_string()))?;
        if status == 408 || status == 429 || status >= 500 {
            return Err(passing(status, &bytes, retry_after));
        }
        // 403 is not a token problem: the token is fine but may not do this
        // (push as another token's replica), said in the body.
        if status == 401 {
            return Err(Failure::Final(ServerError::Unauthorized));
        }
        Ok((status, bytes))
    }

    pub(super) fn refused(status: u16, body: &[u8]) -> ServerError {
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
        self.retrying(|at| match self.exchange(at, "GET", "/marker", None)? {
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
        self.retrying(|at| {
            match self.exchange(at, "PUT", "/marker", Some(("application/json", &body)))? {
                (200 | 201, _) => Ok(()),
                (status, body) => Err(Failure::Final(Self::refused(status, &body))),
            }
        })
    }

    /// The workspace's key records (passphrase changes): (name, bytes).
    pub fn keys(&self) -> Result<Vec<(String, Vec<u8>)>, ServerError> {
        #[derive(Deserialize)]
        struct Listed {
            name: String,
            data: String,
        }
        #[derive(Deserialize)]
        struct Keys {
            keys: Vec<Listed>,
        }
        let listed: Keys =
            self.retrying(|at| match self.exchange(at, "GET", "/keys", None)? {
                (200, body) => serde_json::from_slice(&body)
                    .map_err(|e| Failure::Final(ServerError::Protocol(e.to_string()))),
                (status, body) => Err(Failure::Final(Self::refused(status, &body))),
            })?;
        listed
            .keys
            .into_iter()
            .map(|k| {
                let bytes = b64()
                    .decode(k.data.as_bytes())
                    .map_err(|e| ServerError::Protocol(e.to_string()))?;
                Ok((k.name, bytes))
            })
            .collect()
    }

    /// Store a key record under `name` (once: the same bytes again are fine,
    /// other bytes under a name already taken are refused).
    pub fn put_key(&self, name: &str, bytes: &[u8]) -> Result<(), ServerError> {
        let path = format!("/keys/{name}");
        self.retrying(|at| {
            match self.exchange(at, "PUT", &path, Some(("application/octet-stream", bytes)))? {
                (200 | 201, _) => Ok(()),
                (status, body) => Err(Failure::Final(Self::refused(status, &body))),
            }
        })
    }

    /// The highest segment number the server holds for `replica`, or None
    /// when it cannot say: a server of a version without the question
    /// (404), or a replica this token may not push as (403, which a push
    /// then reports).
    pub fn replica_last(&self, replica: &str) -> Result<Option<u64>, ServerError> {
        #[derive(Deserialize)]
        struct Last {
            last: u64,
        }
        let path = format!("/replicas/{replica}");
        self.retrying(|at| match self.exchange(at, "GET", &path, None)? {
            (200, body) => serde_json::from_slice::<Last>(&body)
                .map(|l| Some(l.last))
                .map_err(|e| Failure::Final(ServerError::Protocol(e.to_string()))),
            (403 | 404, _) => Ok(None),
            (status, body) => Err(Failure::Final(Self::refused(status, &body))),
        })
    }

    /// Push one segment; Ok(server sequence). Pushing the same bytes again
    /// is answered with the sequence it got the first time.
    pub fn push(&self, bytes: &[u8], segment: u64) -> Result<u64, ServerError> {
        #[derive(Deserialize)]
        struct Pushed {
            seq: u64,
        }
        self.retrying(|at| {
            match self.exchange(
                at,
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
    /// when nothing came (then sync anyway, or wait again).
    pub fn wait_for_segment(&self, after: u64, wait: Duration) -> Result<Option<u64>, ServerError> {
        let mut found = None;
        self.listen(wait, &mut |news| match news {
            News::Latest(s) | News::Segment(s) if s > after => {
                found = Some(s);
                false
            }
            News::FellBehind => {
                found = Some(0);
                false
            }
            _ => true,
        })?;
        Ok(found)
    }

    /// Follow the server's event stream for at most `wait`, telling `on` of
    /// each piece of news until it answers false or the stream ends. The
    /// server sends a keep-alive every 15 s, so a caller that wants to stop
    /// can wait that long at most for its next look (`on` sees
    /// `News::KeepAlive`).
    pub fn listen(
        &self,
        wait: Duration,
        on: &mut dyn FnMut(News) -> bool,
    ) -> Result<(), ServerError> {
        use std::io::BufRead;
        let at = self.at();
        let failed = match self.check(at) {
            Ok(()) => None,
            Err(Failure::Final(e)) => return Err(e),
            Err(Failure::Transient(why)) => Some((why, false)),
            Err(Failure::Down(why)) => Some((why, true)),
            Err(Failure::Busy { why, down, .. }) => Some((why, down)),
        };
        if let Some((why, down)) = failed {
            if down {
                self.leave(at.index);
            }
            return Err(self.unreachable(at, &why));
        }
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(wait))
            .build()
            .into();
        let resp = agent
            .get(format!("{}/events", at.api))
            .header("Authorization", &self.auth)
            .call();
        let resp = match resp {
            Ok(r) => r,
            Err(ureq::Error::Timeout(ureq::Timeout::Global)) => return Ok(()),
            // The next listen (and request) goes to the next address.
            Err(e) => {
                self.leave(at.index);
                return Err(self.unreachable(at, &e.to_string()));
            }
        };
        match resp.status().as_u16() {
            200 => {}
            401 => return Err(ServerError::Unauthorized),
            status @ 502..=504 => {
                self.leave(at.index);
                return Err(self.unreachable(at, &status.to_string()));
            }
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
                return Ok(()); // the time is up (or the stream ended)
            };
            let news = match line.strip_prefix("data:") {
                Some(data) => {
                    let v: serde_json::Value =
                        serde_json::from_str(data.trim()).unwrap_or_default();
                    match (
                        v.get("latest").and_then(|s| s.as_u64()),
                        v.get("seq").and_then(|s| s.as_u64()),
                    ) {
                        (Some(s), _) => News::Latest(s),
                        // A stream that fell behind says 0: pull to be sure.
                        (_, Some(0)) => News::FellBehind,
                        (_, Some(s)) => News::Segment(s),
                        _ => continue,
                    }
                }
                None if line.starts_with(':') => News::KeepAlive,
                None => continue,
            };
            if !on(news) {
                return Ok(());
            }
        }
        Ok(())
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
        let page: Page = self.retrying(|at| match self.exchange(at, "GET", &path, None)? {
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

impl Client {
    fn unreachable(&self, at: &Address, why: &str) -> ServerError {
        ServerError::Unreachable {
            url: at.url.clone(),
            attempts: 1,
            last: why.to_string(),
        }
    }
}

/// One address, `BASE/NAME`, checked.
fn address(index: usize, url: &str) -> Result<Address, ServerError> {
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
    Ok(Address {
        index,
        api: format!("{base}/v1/workspaces/{name}"),
        url: trimmed.to_string(),
    })
}

fn body_code(body: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    v.get("code")?.as_str().map(str::to_string)
}
