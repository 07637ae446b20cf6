//! Background sync with a server: one follower thread (steerco_sync's
//! `follow`) for the open workspace while it has a server address and a
//! token. The watch thread calls `ensure` on each poll; it starts, replaces
//! or stops the follower as the open workspace and its settings change.
//! The follower takes the session only for local steps (`SessionAccess`),
//! tells the UI each status as a `sync-live` event, and records an outcome
//! when something came or went.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use steerco_keyring::Secret;
use steerco_store::merge::LiveSync;
use steerco_store::problem::{ApiError, Problem};
use steerco_store::Store;
use steerco_sync::server::follow::{follow, Pace, Status};
use steerco_sync::server::{Access, Client, Retry, ServerError};
use tauri::{AppHandle, Emitter, Manager};

use crate::Shell;

/// The follower running now: for which file and server.
pub struct Running {
    key: (PathBuf, String),
    stop: Arc<AtomicBool>,
}

/// The session's open store, for a sync of the file at `path` only: once
/// another workspace is open, the sync ends (`ServerError::Closed`).
pub struct SessionAccess {
    pub app: AppHandle,
    pub path: PathBuf,
}

impl Access for SessionAccess {
    fn with<R>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<R, ServerError>,
    ) -> Result<R, ServerError> {
        let shell = self.app.state::<Shell>();
        let mut session = shell.session.lock().unwrap_or_else(|e| e.into_inner());
        if session.workspace_path() != Some(self.path.as_path()) {
            return Err(ServerError::Closed);
        }
        let store = session.store_mut().map_err(|_| ServerError::Closed)?;
        f(store)
    }
}

/// The server token of `workspace`: given this run, else from the keyring.
pub fn token_for(shell: &Shell, workspace: &str) -> Option<String> {
    let kept = shell.tokens.lock().unwrap_or_else(|e| e.into_inner());
    kept.get(workspace).cloned().or_else(|| {
        steerco_keyring::load_secret(Secret::ServerToken, workspace)
            .ok()
            .flatten()
    })
}

/// Keep a token that worked: in memory, and in the keyring where there is one.
pub fn keep_token(shell: &Shell, workspace: &str, token: &str) {
    shell
        .tokens
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(workspace.to_string(), token.to_string());
    let _ = steerco_keyring::save_secret(Secret::ServerToken, workspace, token);
}

/// Show `live` (for the file at `path`) in the UI; the last contact with the
/// server carries over to a status that has none.
fn tell(app: &AppHandle, path: &PathBuf, mut live: LiveSync) {
    static SERIAL: AtomicU32 = AtomicU32::new(1);
    let shell = app.state::<Shell>();
    let mut kept = shell.live_status.lock().unwrap_or_else(|e| e.into_inner());
    live.serial = SERIAL.fetch_add(1, Ordering::Relaxed);
    if live.last_contact.is_none() {
        live.last_contact = kept
            .as_ref()
            .filter(|(p, _)| p == path)
            .and_then(|(_, l)| l.last_contact.clone());
    }
    *kept = Some((path.clone(), live.clone()));
    drop(kept);
    let _ = app.emit("sync-live", live);
}

fn status(state: &str, error: Option<ServerError>, retry_in_s: Option<u32>) -> LiveSync {
    LiveSync {
        state: state.into(),
        error: error.map(ApiError::from),
        retry_in_s,
        last_contact: None,
        serial: 0,
    }
}

/// Start, replace or stop the follower to match the open workspace.
pub fn ensure(app: &AppHandle) {
    let shell = app.state::<Shell>();
    let wanted = {
        let session = shell.session.lock().unwrap_or_else(|e| e.into_inner());
        session.store().ok().and_then(|store| {
            let url = store.sync_server().ok()??;
            let ws = store.workspace().ok()?.id;
            Some((store.path().to_path_buf(), url, ws))
        })
    };
    let mut running = shell.live.lock().unwrap_or_else(|e| e.into_inner());
    let key = wanted
        .as_ref()
        .map(|(path, url, _)| (path.clone(), url.clone()));
    if running.as_ref().map(|r| &r.key) == key.as_ref() {
        return;
    }
    if let Some(old) = running.take() {
        old.stop.store(true, Ordering::Relaxed);
    }
    let (Some((path, url, ws)), Some(key)) = (wanted, key) else {
        *shell.live_status.lock().unwrap_or_else(|e| e.into_inner()) = None;
        return;
    };
    // Looked up once per start (the keyring is a D-Bus call away).
    let stop = Arc::new(AtomicBool::new(false));
    *running = Some(Running {
        key,
        stop: stop.clone(),
    });
    drop(running);
    let Some(token) = token_for(&shell, &ws) else {
        let live = LiveSync {
            error: Some(ApiError::new(
                Problem::NeedsToken,
                "the token for this server is not kept on this computer: connect again with it",
            )),
            ..status("refused", None, None)
        };
        tell(app, &path, live);
        return;
    };
    let client = match Client::new(&url, &token) {
        Ok(c) => c.with_retry(Retry {
            attempts: 2,
            first: std::time::Duration::from_millis(200),
            max: std::time::Duration::from_secs(1),
        }),
        Err(e) => {
            tell(app, &path, status("refused", Some(e), None));
            return;
        }
    };
    tell(app, &path, status("connecting", None, None));
    let passphrase = crate::sync_ext::passphrase_for(&shell, None, &ws);
    let app = app.clone();
    std::thread::spawn(move || {
        let access = SessionAccess {
            app: app.clone(),
            path: path.clone(),
        };
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
                    on_status(&access, s)
                }
            },
        );
    });
}

/// One attempt's outcome: shown at once; recorded when anything moved.
fn on_status(access: &SessionAccess, s: Status) {
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
                ..status("online", None, None)
            }
        }
        Status::Offline { error, retry_in } => {
            status("offline", Some(error), Some(retry_in.as_secs() as u32))
        }
        Status::Refused { error, .. } => status("refused", Some(error), None),
    };
    tell(&access.app, &access.path, live);
}

/// The live status to show with the sync view of the file at `path`.
pub fn current(shell: &Shell, path: Option<&std::path::Path>) -> Option<LiveSync> {
    let live = shell.live_status.lock().unwrap_or_else(|e| e.into_inner());
    live.as_ref()
        .filter(|(p, _)| Some(p.as_path()) == path)
        .map(|(_, l)| l.clone())
}

/// Make the next `ensure` start afresh (new settings, a new passphrase).
pub fn restart(shell: &Shell) {
    if let Some(old) = shell.live.lock().unwrap_or_else(|e| e.into_inner()).take() {
        old.stop.store(true, Ordering::Relaxed);
    }
}

/// The last status told, and for which file.
pub type LiveStatus = Mutex<Option<(PathBuf, LiveSync)>>;
