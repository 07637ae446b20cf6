//! Tells the UI when the open workspace changed, whoever changed it (the app,
//! the CLI, a sync): a thread polls the file's data version and emits
//! `workspace-changed`.

use std::time::Duration;

use steerco_store::watch::Watcher;
use tauri::{AppHandle, Emitter, Manager};

use crate::Shell;

const POLL: Duration = Duration::from_millis(250);

pub fn spawn(app: AppHandle) {
    std::thread::spawn(move || {
        let mut watcher: Option<Watcher> = None;
        loop {
            std::thread::sleep(POLL);
            let path = {
                let shell = app.state::<Shell>();
                let session = shell.session.lock().unwrap_or_else(|e| e.into_inner());
                session.workspace_path().map(|p| p.to_path_buf())
            };
            let Some(path) = path else {
                watcher = None;
                continue;
            };
            if watcher.as_ref().is_none_or(|w| w.path() != path) {
                watcher = Watcher::new(&path).ok();
                continue;
            }
            if let Some(w) = watcher.as_mut() {
                match w.changed() {
                    Ok(true) => {
                        let _ = app.emit("workspace-changed", ());
                    }
                    Ok(false) => {}
                    Err(_) => watcher = None,
                }
            }
        }
    });
}
