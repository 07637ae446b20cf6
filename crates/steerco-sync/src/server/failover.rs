//! Several addresses of one server workspace (instances of one deployment
//! behind different names or ports): a request that fails because its
//! address is down moves the client to the next one, and every clone of the
//! client (the app's listener, its syncs) follows, so the address that
//! failed is not tried first again. Before an address is first used its
//! workspace id and generation are compared with those of the address used
//! first: other ones would be another workspace or another database, whose
//! server order the cursor does not belong to.

use std::sync::atomic::Ordering;
use std::time::Duration;

use serde::Deserialize;

use super::client::{Client, Failure};
use super::ServerError;

/// One address of the workspace.
#[derive(Debug)]
pub(super) struct Address {
    /// Its place in the client's list.
    pub(super) index: usize,
    /// BASE/v1/workspaces/NAME
    pub(super) api: String,
    /// BASE/NAME, as given (without a trailing slash).
    pub(super) url: String,
}

/// Which workspace, in which database, an address serves
/// (`GET BASE/v1/workspaces/NAME`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Identity {
    /// The workspace's id, the same on every instance of one database.
    pub workspace: String,
    /// The database's generation: a restore makes a new one.
    pub generation: String,
    /// The newest server sequence of the workspace (0 when none).
    pub latest: u64,
}

/// What the addresses reported, shared between clones.
#[derive(Debug, Default)]
pub(super) struct Checked {
    /// The address the others are compared with, and what it reported
    /// (None: a server too old to say, which cannot be compared).
    first: Option<(usize, Option<Identity>)>,
    /// The addresses compared with it.
    done: Vec<usize>,
}

/// Whether two answers are the same workspace in the same database.
fn same(a: &Option<Identity>, b: &Option<Identity>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.workspace == b.workspace && a.generation == b.generation,
        _ => true,
    }
}

fn describe(id: &Option<Identity>) -> String {
    match id {
        Some(id) => format!("workspace {} (generation {})", id.workspace, id.generation),
        None => "no workspace id".into(),
    }
}

impl Client {
    /// The address in use.
    pub(super) fn at(&self) -> &Address {
        &self.addresses[self.current.load(Ordering::Relaxed) % self.addresses.len()]
    }

    /// The address in use, `BASE/NAME` (named in errors and reports).
    pub fn url(&self) -> String {
        self.at().url.clone()
    }

    /// Leave address `index` for the next one (unless a clone did already).
    pub(super) fn leave(&self, index: usize) {
        let next = (index + 1) % self.addresses.len();
        let _ = self
            .current
            .compare_exchange(index, next, Ordering::Relaxed, Ordering::Relaxed);
    }

    /// Which workspace and database the server reports, or None from a
    /// server too old to say (404). Asked at the start of every sync. An
    /// address checked before (or the first) may report another generation
    /// (a restore) or workspace, which the sync then adopts: it becomes
    /// the one the others are compared with again. An address not checked
    /// yet is compared as before its first use.
    pub fn identity(&self) -> Result<Option<Identity>, ServerError> {
        let (index, found) = self.retry_loop(false, |at| Ok((at.index, self.ask_identity(at)?)))?;
        let mut checked = self.checked.lock().unwrap_or_else(|e| e.into_inner());
        if checked.first.is_none() || checked.done.contains(&index) {
            checked.first = Some((index, found.clone()));
            checked.done = vec![index];
        } else {
            self.compare(&mut checked, index, &found)?;
        }
        Ok(found)
    }

    /// Compare what address `index` reported with the first one's, and
    /// note it as checked when it is the same.
    fn compare(
        &self,
        checked: &mut Checked,
        index: usize,
        found: &Option<Identity>,
    ) -> Result<(), ServerError> {
        match &checked.first {
            None => checked.first = Some((index, found.clone())),
            Some((first, theirs)) if !same(theirs, found) => {
                return Err(ServerError::OtherAddress {
                    first: self.addresses[*first].url.clone(),
                    first_is: describe(theirs),
                    other: self.addresses[index].url.clone(),
                    other_is: describe(found),
                });
            }
            Some(_) => {}
        }
        checked.done.push(index);
        Ok(())
    }

    fn ask_identity(&self, at: &Address) -> Result<Option<Identity>, Failure> {
        match self.exchange(at, "GET", "", None)? {
            (200, body) => serde_json::from_slice(&body)
                .map(Some)
                .map_err(|e| Failure::Final(ServerError::Protocol(e.to_string()))),
            (404, _) => Ok(None),
            (status, body) => Err(Failure::Final(Self::refused(status, &body))),
        }
    }

    /// Compare `at` with the address used first, once, before its first use.
    pub(super) fn check(&self, at: &Address) -> Result<(), Failure> {
        if self.addresses.len() == 1 {
            return Ok(());
        }
        {
            let checked = self.checked.lock().unwrap_or_else(|e| e.into_inner());
            if checked.done.contains(&at.index) {
                return Ok(());
            }
        }
        // Asked without the lock held: a slow address holds up no clone.
        let found = self.ask_identity(at)?;
        let mut checked = self.checked.lock().unwrap_or_else(|e| e.into_inner());
        self.compare(&mut checked, at.index, &found)
            .map_err(Failure::Final)
    }

    /// Run `once` at the address in use until it succeeds, fails for good,
    /// or the attempts run out (bounded exponential backoff). An address
    /// that is down is left for the next, tried at once: the wait comes
    /// after every address had its turn.
    pub(super) fn retrying<T>(
        &self,
        once: impl FnMut(&Address) -> Result<T, Failure>,
    ) -> Result<T, ServerError> {
        self.retry_loop(true, once)
    }

    fn retry_loop<T>(
        &self,
        check: bool,
        mut once: impl FnMut(&Address) -> Result<T, Failure>,
    ) -> Result<T, ServerError> {
        let attempts = self.retry.attempts.max(1);
        let mut delay = self.retry.first;
        let mut last = (self.url(), String::new());
        let mut turns = 0;
        for attempt in 1..=attempts {
            let at = self.at();
            let result = if check { self.check(at) } else { Ok(()) }.and_then(|()| once(at));
            let (why, after, down) = match result {
                Ok(v) => return Ok(v),
                Err(Failure::Final(e)) => return Err(e),
                Err(Failure::Transient(why)) => (why, None, false),
                Err(Failure::Down(why)) => (why, None, true),
                Err(Failure::Busy { why, after, down }) => (why, Some(after), down),
            };
            last = (at.url.clone(), why);
            if down {
                self.leave(at.index);
            }
            if let Some(after) = after {
                delay = delay.max(after);
            }
            turns = if down {
                turns + 1
            } else {
                self.addresses.len()
            };
            if attempt < attempts && turns >= self.addresses.len() {
                std::thread::sleep(delay);
                delay = (delay * 2).min(self.retry.max);
                turns = 0;
            }
        }
        Err(ServerError::Unreachable {
            url: last.0,
            attempts,
            last: last.1,
        })
    }
}

/// What an answer worth another try means: `Down` (or a `Busy` that moves)
/// when the address is unavailable (502, 503, 504), else a try again at
/// the same address (408, 429, other 5xx); 429 and 503 after their
/// Retry-After.
pub(super) fn passing(status: u16, body: &[u8], retry_after: Option<Duration>) -> Failure {
    let why = format!("{status}: {}", String::from_utf8_lossy(body));
    let down = matches!(status, 502..=504);
    match retry_after {
        Some(after) if status == 429 || status == 503 => Failure::Busy { why, after, down },
        _ if down => Failure::Down(why),
        _ => Failure::Transient(why),
    }
}
