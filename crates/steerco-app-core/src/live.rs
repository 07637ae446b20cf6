//! The background sync with a server: one follower thread (steerco_sync's
//! `follow`) for the open workspace while it has a server address and a
//! token. The shell calls [`ensure`] on each poll of its watch thread; it
//! starts, replaces or stops the follower as the open workspace and its
//! settings change. The follower takes the session only for local steps
//! ([`SessionAccess`]); each status goes to the host (the shell turns it into
//! an event), and an outcome is recorded when something came or went.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use steerco_store::Store;
use steerco_sync::server::follow::{follow, Pace, Status};
use steerco_sync::server::{Access, Client, Retry, ServerError};

use crate::problem::{ApiError, Problem};
use crate::sync_view::LiveSync;
use crate::AppCore;

/// What the follower needs from the app: the core, and a way to tell the UI.
pub trait Host: Clone + Send + 'static {
    fn core(&self) -> &AppCore;
    /// Show a status (the shell emits it as an event).
    fn tell(&self, live: &LiveSync);
}

/// The follower running now, and the last status told.
#[derive(Default)]
pub struct Live {
    running: Mutex<Option<Running>>,
    last: Mutex<Option<(PathBuf, LiveSync)>>,
    serial: AtomicU32,
}

/// The follower running now: for which file and server addresses.
struct Running {
    key: (PathBuf, Vec<String>),
    stop: Arc<AtomicBool>,
}

impl Live {
    /// The status to show with the Sync view of the file at `path`.
    pub fn current(&self, path: Option<&Path>) -> Option<LiveSync> {
        let last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        last.as_ref()
            .filter(|(p, _)| Some(p.as_path()) == path)
            .map(|(_, l)| l.clone())
    }

    /// Make the next `ensure` start afresh (new settings, a new passphrase).
    pub fn restart(&self) {
        let running = self
            .running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(old) = running {
            old.stop.store(true, Ordering::Relaxed);
        }
    }

    /// Keep `live` as the newest status of the file at `path` (the last
    /// contact with the server, and the address that answered, carry over
    /// to a status that has none).
    fn keep(&self, path: &Path, mut live: LiveSync) -> LiveSync {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        live.serial = self.serial.fetch_add(1, Ordering::Relaxed) + 1;
        if live.last_contact.is_none() {
            let before = last.as_ref().filter(|(p, _)| p == path).map(|(_, l)| l);
            live.last_contact = before.and_then(|l| l.last_contact.clone());
            live.address = before.and_then(|l| l.address.clone());
        }
        *last = Some((path.to_path_buf(), live.clone()));
        live
    }
}

/// The session's open store, for a sync of the file at `path` only: once
/// another workspace is open, the sync ends (`ServerError::Closed`).
pub struct SessionAccess<H> {
    pub host: H,
    pub path: PathBuf,
}

impl<H: Host> Access for SessionAccess<H> {
    fn with<R>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<R, ServerError>,
    ) -> Result<R, ServerError> {
        let mut session = self.host.core().session();
        if session.workspace_path() != Some(self.path.as_path()) {
            return Err(ServerError::Closed);
        }
        let store = session.store_mut().map_err(|_| ServerError::Closed)?;
        f(store)
    }
}

fn tell<H: Host>(host: &H, path: &Path, live: LiveSync) {
    let live = host.core().live.keep(path, live);
    host.tell(&live);
}

fn status(state: &str, error: Option<ServerError>, retry_in_s: Option<u32>) -> LiveSync {
    LiveSync {
        state: state.into(),
        error: error.map(ApiError::from),
        retry_in_s,
        last_contact: None,
        address: None,
        serial: 0,
    }
}

/// Start, replace or stop the follower to match the open workspace.
pub fn ensure<H: Host>(host: &H) {
    let core = host.core();
    let wanted = {
        let session = core.session();
        session.store().ok().and_then(|store| {
            let urls = store.sync_servers().ok()?;
            if urls.is_empty() {
                return None;
            }
            let ws = store.workspace().ok()?.id;
            Some((store.path().to_path_buf(), urls, ws))
        })
    };
    let mut running = core.live.running.lock().unwrap_or_else(|e| e.into_inner());
    let key = wanted
        .as_ref()
        .map(|(path, urls, _)| (path.clone(), urls.clone()));
    if running.as_ref().map(|r| &r.key) == key.as_ref() {
        return;
    }
    if let Some(old) = running.take() {
        old.stop.store(true, Ordering::Relaxed);
    }
    let (Some((path, urls, ws)), Some(key)) = (wanted, key) else {
        *core.live.last.lock().unwrap_or_else(|e| e.into_inner()) = None;
        return;
    };
    let stop = Arc::new(AtomicBool::new(false));
    *running = Some(Running {
        key,
        stop: stop.clone(),
    });
    drop(running);
    // Looked up once per start (the keyring is a D-Bus call away).
    let Some(token) = core.secrets.token_for(&ws) else {
        let live = LiveSync {
            error: Some(ApiError::new(
                Problem::NeedsToken,
                "the token for this server is not kept on this computer: connect again with it",
            )),
            ..status("refused", None, None)
        };
        tell(host, &path, live);
        return;
    };
    let client = match Client::new_many(&urls, &token) {
        Ok(c) => c.with_retry(Retry {
            attempts: 2,
            first: Duration::from_millis(200),
            max: Duration::from_secs(1),
        }),
        Err(e) => {
            tell(host, &path, status("refused", Some(e), None));
            return;
        }
    };
    tell(host, &path, status("connecting", None, None));
    let passphrase = core.secrets.passphrase_for(None, &ws);
    let access = SessionAccess {
        host: host.clone(),
        path,
    };
    std::thread::spawn(move || {
        follow(
            &access,
            &client,
            passphrase.as_deref(),
            Pace::default(),
            &stop,
            // A follower told to stop may finish one last sync: its news
            // must not cover the status of the one that replaced it.
            &mut |s| {
                if !stop.load(Ordering::Relaxed) {
                    on_status(&access, &client, s)
                }
            },
        );
    });
}

/// One attempt's outcome: shown at once; recorded when anything moved.
fn on_status<H: Host>(access: &SessionAccess<H>, client: &Client, s: Status) {
    let live = match s {
        Status::Synced(report) => {
            let moved = report.sent > 0
                || report.merge.applied > 0
                || report.merge.conflicts > 0
                || !report.set_aside.is_empty();
            let at = access
                .with(|store| {
                    let at = store.now().to_rfc3339();
                    if moved {
                        store.record_sync_outcome(&report.outcome(at.clone()))?;
                    }
                    Ok(at)
                })
                .ok();
            LiveSync {
                last_contact: at,
                // The client stays at the address that answered.
                address: Some(client.url()),
                ..status("online", None, None)
            }
        }
        Status::Offline { error, retry_in } => {
            status("offline", Some(error), Some(retry_in.as_secs() as u32))
        }
        Status::Refused { error, .. } => status("refused", Some(error), None),
    };
    tell(&access.host, &access.path, live);
}
