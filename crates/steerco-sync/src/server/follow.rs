//! Background sync with a server, as the app runs it: sync at once, then
//! whenever the server's event stream tells of a new segment, whenever local
//! changes wait to be sent, and every so often regardless. A failure that may
//! pass (no connection, a server restarting) is retried with a doubling
//! delay; a refusal (token, passphrase, another workspace) is retried slowly,
//! as the server's administrator may fix it. Each outcome is told to the
//! caller, which shows it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{has_unsent, sync_via, Access, Client, News, ServerError};
use crate::folder::{SyncError, SyncReport};

/// How often and how patiently to follow.
#[derive(Debug, Clone, Copy)]
pub struct Pace {
    /// How often to look for local changes waiting to be sent.
    pub look: Duration,
    /// Sync this often even when nothing was heard.
    pub resync: Duration,
    /// The first delay after a failure that may pass (then doubling)…
    pub backoff_first: Duration,
    /// …up to this, which is also the delay after a refusal.
    pub backoff_max: Duration,
}

impl Default for Pace {
    fn default() -> Self {
        Pace {
            look: Duration::from_millis(300),
            resync: Duration::from_secs(60),
            backoff_first: Duration::from_secs(1),
            backoff_max: Duration::from_secs(60),
        }
    }
}

/// What one attempt came to.
#[derive(Debug)]
pub enum Status {
    /// Synced (the report says what went and came; often nothing).
    Synced(Box<SyncReport>),
    /// The server could not be reached or failed passingly; the next try is
    /// in `retry_in`.
    Offline {
        error: ServerError,
        retry_in: Duration,
    },
    /// The server or the workspace refused (a token, a passphrase, another
    /// workspace); tried again in `retry_in` in case that was fixed.
    Refused {
        error: ServerError,
        retry_in: Duration,
    },
}

/// Whether a failure may pass by itself.
pub fn passing(e: &ServerError) -> bool {
    match e {
        ServerError::Unreachable { .. } => true,
        ServerError::Refused { status, .. } => *status == 408 || *status == 429 || *status >= 500,
        // The local file busy a moment, a disk full for a while.
        ServerError::Sync(SyncError::Store(e)) => matches!(e.code(), "database" | "io"),
        _ => false,
    }
}

/// Follow the server until `stop` is set or the workspace is closed
/// (`ServerError::Closed` from `access`). Blocks; run it on its own thread.
pub fn follow<A: Access>(
    access: &A,
    client: &Client,
    passphrase: Option<&str>,
    pace: Pace,
    stop: &Arc<AtomicBool>,
    on: &mut dyn FnMut(Status),
) {
    let (tx, rx) = mpsc::channel::<()>();
    spawn_listener(client.clone(), pace, stop.clone(), tx);
    let mut due = Instant::now();
    let mut healthy = true;
    let mut backoff = pace.backoff_first;
    while !stop.load(Ordering::Relaxed) {
        if Instant::now() >= due {
            match sync_via(access, client, passphrase) {
                Ok(report) => {
                    healthy = true;
                    backoff = pace.backoff_first;
                    due = Instant::now() + pace.resync;
                    on(Status::Synced(Box::new(report)));
                }
                Err(ServerError::Closed) => return,
                Err(error) if passing(&error) => {
                    healthy = false;
                    due = Instant::now() + backoff;
                    on(Status::Offline {
                        error,
                        retry_in: backoff,
                    });
                    backoff = (backoff * 2).min(pace.backoff_max);
                }
                Err(error) => {
                    healthy = false;
                    due = Instant::now() + pace.backoff_max;
                    on(Status::Refused {
                        error,
                        retry_in: pace.backoff_max,
                    });
                }
            }
        }
        match rx.recv_timeout(pace.look) {
            // News from the server: it is up, and something may be new.
            Ok(()) => {
                while rx.try_recv().is_ok() {}
                due = Instant::now();
            }
            Err(mpsc::RecvTimeoutError::Timeout) if healthy => {
                match access.with(|store| has_unsent(store)) {
                    Ok(true) => due = Instant::now(),
                    Ok(false) => {}
                    Err(ServerError::Closed) => return,
                    Err(_) => {}
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// Listen to the server's event stream on a thread of its own, reconnecting
/// with a doubling delay; each piece of news (also the greeting on every
/// connect, so a server back online is noticed at once) wakes the follower.
/// Ends when `stop` is set (seen at the next keep-alive at the latest) or the
/// follower is gone.
fn spawn_listener(client: Client, pace: Pace, stop: Arc<AtomicBool>, tx: mpsc::Sender<()>) {
    std::thread::spawn(move || {
        let mut delay = pace.backoff_first;
        while !stop.load(Ordering::Relaxed) {
            let mut gone = false;
            let started = Instant::now();
            let result = client.listen(Duration::from_secs(600), &mut |news| {
                if news != News::KeepAlive && tx.send(()).is_err() {
                    gone = true;
                }
                !gone && !stop.load(Ordering::Relaxed)
            });
            if gone {
                return;
            }
            if result.is_ok() && started.elapsed() > Duration::from_secs(5) {
                delay = pace.backoff_first;
                continue;
            }
            // Refused or unreachable (or a stream that ended at once): wait.
            let until = Instant::now() + delay;
            while Instant::now() < until && !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
            }
            delay = (delay * 2).min(pace.backoff_max);
        }
    });
}
