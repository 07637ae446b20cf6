//! One app per data folder (steerco-app-core's `instance`): a later launch
//! for this data folder hands its workspace over and exits; here that
//! workspace opens and the window comes forward.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use steerco_app_core::instance::{self, Claim, Request};
use steerco_app_core::session::ApiError;
use tauri::{AppHandle, Emitter, Manager};

use crate::Shell;

/// Claim the data folder before any window exists. A later launch exits
/// here (0 once the running app took its request). The first gets the
/// requests of later launches, which wait in the channel until the window
/// is ready; None where later launches cannot reach it (they then start an
/// app of their own, as before there was this check).
pub fn claim(data_dir: &Path, workspace: Option<PathBuf>) -> Option<mpsc::Receiver<Request>> {
    match instance::claim(data_dir, &Request { workspace }) {
        Ok(Claim::HandedOver) => {
            tracing::info!("handed over to the app running for this data folder");
            std::process::exit(0);
        }
        Ok(Claim::First(first)) => {
            let (tx, rx) = mpsc::channel();
            match first.serve(move |r| {
                let _ = tx.send(r);
            }) {
                Ok(()) => Some(rx),
                Err(e) => {
                    tracing::warn!(error = %e, "later launches cannot reach this app");
                    None
                }
            }
        }
        Err(e) => {
            eprintln!("steerco: {e}; starting anyway");
            tracing::warn!(error = %e, "the data folder's app did not answer");
            None
        }
    }
}

/// Answer later launches for the rest of the run, on a thread of its own.
pub fn answer(app: &AppHandle, requests: mpsc::Receiver<Request>) {
    let app = app.clone();
    std::thread::spawn(move || {
        for r in requests {
            handle(&app, r);
        }
    });
}

/// Open the request's workspace (the UI hears `workspace-opened`, with the
/// error if it did not open) and bring the window forward.
fn handle(app: &AppHandle, r: Request) {
    tracing::info!(
        workspace = r.workspace.is_some(),
        "a later launch handed over"
    );
    if let Some(path) = r.workspace {
        let shell = app.state::<Shell>();
        let opened = shell.core.session().open(&path).map_err(ApiError::from);
        if let Err(e) = &opened {
            steerco_app_core::logs::ui_error("handed_over_open", e);
        }
        let _ = app.emit("workspace-opened", opened.err());
    }
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
}
