//! The Steerco window. A thin shell: state lives in `steerco_app_core::session`,
//! each command in commands.rs is a few lines around one call on it.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod dialog;
mod export;
mod generated;
mod live;
mod server_sync;
mod sheet;
mod shell;
mod sync_ext;
mod watch;

use std::path::PathBuf;
use std::time::Instant;

use steerco_app_core::session::Session;
use steerco_app_core::AppCore;
use steerco_domain::{Clock, SystemClock};
use tauri::Manager;

/// The app's state: its core (session, secrets, background sync) and when it
/// started (the start-up probe).
pub struct Shell {
    pub core: AppCore,
    pub started: Instant,
}

fn clock() -> Box<dyn Clock> {
    Box::new(SystemClock)
}

/// `steerco-app [--workspace FILE]`, else $STEERCO_WORKSPACE.
fn workspace_arg() -> Option<PathBuf> {
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        if a == "--workspace" {
            return args.next().map(PathBuf::from);
        }
    }
    std::env::var_os("STEERCO_WORKSPACE").map(PathBuf::from)
}

fn main() {
    let started = Instant::now();
    tauri::Builder::default()
        .setup(move |app| {
            // Settings (language, who I am, recent workspaces) and the demo
            // live in the data folder the CLI shares (so both know who this
            // installation is); $STEERCO_DATA_DIR moves it.
            let data_dir = steerco_app_core::settings::data_dir();
            let name = std::env::var("STEERCO_USER").ok();
            let session = Session::start(
                &data_dir,
                workspace_arg().as_deref(),
                name.as_deref(),
                clock,
            );
            app.manage(Shell {
                core: AppCore::new(session),
                started,
            });
            watch::spawn(app.handle().clone());
            Ok(())
        })
        .invoke_handler(generated::handler())
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("error: Steerco could not start: {e}");
            std::process::exit(1);
        });
}
