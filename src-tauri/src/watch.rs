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
            crate::live::ensure(&app);
            let path = {
                let shell = app.state::<Shell>();
                let session = shell.core.session();
                session.workspace_path().map(|p| p.to_path_buf())
            };
            let Some(path) = path else {
                watcher = None;
                continue;
            };
            if watcher.as_ref().is_none_or(|w| w.path() != path) {
                match Watcher::new(&path) {
                    Ok(w) => watcher = Some(w),
                    Err(e) => eprintln!("steerco: cannot watch {}: {e}", path.display()),
                }
                // A change may have slipped in before the watcher existed.
                let _ = app.emit("workspace-changed", ());
                continue;
            }
            let Some(w) = watcher.as_mut() else { continue };
            match w.changed() {
                Ok(false) => {}
                Ok(true) => {
                    let _ = app.emit("workspace-changed", ());
                }
                Err(e) => {
                    // Keep the watcher and look again next time; tell the
                    // views to reload in case the failed look hid a change.
                    eprintln!("steerco: watching {}: {e}", path.display());
                    let _ = app.emit("workspace-changed", ());
                }
            }
        }
    });
}
