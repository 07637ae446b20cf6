//! The background sync with a server lives in steerco-app-core (`live`); the
//! shell gives it the app's core and turns each status into a `sync-live`
//! event.

use std::path::PathBuf;

use steerco_app_core::live::Host;
use steerco_app_core::sync_view::LiveSync;
use steerco_app_core::AppCore;
use tauri::{AppHandle, Emitter, Manager};

use crate::Shell;

/// The app as the background sync's host.
#[derive(Clone)]
pub struct ShellHost(pub AppHandle);

impl Host for ShellHost {
    fn core(&self) -> &AppCore {
        &self.0.state::<Shell>().inner().core
    }

    fn tell(&self, live: &LiveSync) {
        let _ = self.0.emit("sync-live", live);
    }
}

/// The session's open store, for a sync of one file (see steerco-app-core).
pub type SessionAccess = steerco_app_core::live::SessionAccess<ShellHost>;

pub fn access(app: &AppHandle, path: PathBuf) -> SessionAccess {
    SessionAccess {
        host: ShellHost(app.clone()),
        path,
    }
}

/// Start, replace or stop the follower to match the open workspace.
pub fn ensure(app: &AppHandle) {
    steerco_app_core::live::ensure(&ShellHost(app.clone()));
}
