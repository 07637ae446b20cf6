//! The Steerco window. A thin shell: state lives in `steerco_app_core::session`,
//! each command in commands.rs is a few lines around one call on it.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod dialog;
mod export;
mod generated;
mod help;
mod instance;
mod live;
mod papers;
mod published;
mod reminders;
mod server_sync;
mod sheet;
mod shell;
mod sync_ext;
mod watch;
mod window;

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

/// `steerco-app [--workspace FILE | FILE | file://URI]`, else
/// $STEERCO_WORKSPACE (steerco-app-core's `instance::launch_workspace`).
fn workspace_arg() -> Option<PathBuf> {
    let args: Vec<_> = std::env::args_os().skip(1).collect();
    let cwd = std::env::current_dir().unwrap_or_default();
    let env = std::env::var_os("STEERCO_WORKSPACE");
    steerco_app_core::instance::launch_workspace(&args, env, &cwd)
}

/// WebKitGTK without accelerated compositing, unless the user chose: the page
/// is then painted in software into one buffer, which halves the web
/// process's memory (demo: 241 -> 122 MB PSS) and, without a GPU (Xvfb),
/// scrolls a long list with frame gaps a third of the composited ones.
#[cfg(target_os = "linux")]
fn webkit_defaults() {
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        // Before any thread starts (and before WebKit reads it).
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

fn main() {
    let started = Instant::now();
    #[cfg(target_os = "linux")]
    webkit_defaults();
    if let Err(e) = steerco_app_core::logs::init(steerco_app_core::logs::Program::App) {
        eprintln!("steerco: no log file: {e}");
    }
    // Settings (language, who I am, recent workspaces) and the demo live in
    // the data folder the CLI shares (so both know who this installation
    // is); $STEERCO_DATA_DIR moves it. One app per data folder: a later
    // launch hands its workspace to the running one and exits here.
    let data_dir = steerco_app_core::settings::data_dir();
    let workspace = workspace_arg();
    let later_launches = instance::claim(&data_dir, workspace.clone());
    tauri::Builder::default()
        .plugin(window::plugin(&data_dir))
        .plugin(tauri_plugin_notification::init())
        .setup(move |app| {
            window::open(app.handle())?;
            let name = std::env::var("STEERCO_USER").ok();
            let session = Session::start(&data_dir, workspace.as_deref(), name.as_deref(), clock);
            app.manage(Shell {
                core: AppCore::new(session),
                started,
            });
            if let Some(requests) = later_launches {
                instance::answer(app.handle(), requests);
            }
            window::track(app.handle());
            watch::spawn(app.handle().clone());
            reminders::spawn(app.handle());
            Ok(())
        })
        .invoke_handler(generated::handler())
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("error: Steerco could not start: {e}");
            std::process::exit(1);
        });
}
