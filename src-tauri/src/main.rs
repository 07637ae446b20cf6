//! The Steerco window. A thin shell: state lives in `steerco_store::session`,
//! each command in commands.rs is a few lines around one call on it.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod dialog;
mod export;
mod live;
mod overview;
mod server_sync;
mod sync_ext;
mod watch;
mod work;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use steerco_domain::{Clock, SystemClock};
use steerco_store::session::Session;
use tauri::Manager;

pub struct Shell {
    pub session: Mutex<Session>,
    pub started: Instant,
    /// The sync passphrase, for this run only.
    pub passphrase: Mutex<Option<String>>,
    /// Server tokens given this run, by workspace id (also in the keyring).
    pub tokens: Mutex<HashMap<String, String>>,
    /// The background sync with a server, and its last status.
    pub live: Mutex<Option<live::Running>>,
    pub live_status: live::LiveStatus,
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
            let data_dir = steerco_store::settings::data_dir();
            let name = std::env::var("STEERCO_USER").ok();
            let session = Session::start(
                &data_dir,
                workspace_arg().as_deref(),
                name.as_deref(),
                clock,
            );
            app.manage(Shell {
                session: Mutex::new(session),
                started,
                passphrase: Mutex::new(None),
                tokens: Mutex::new(HashMap::new()),
                live: Mutex::new(None),
                live_status: Mutex::new(None),
            });
            watch::spawn(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_state,
            commands::set_language,
            commands::set_my_name,
            commands::choose_identity,
            commands::people,
            commands::open_demo,
            commands::open_workspace,
            commands::open_workspace_dialog,
            commands::create_workspace_dialog,
            commands::portfolio,
            commands::initiative,
            commands::initiative_form,
            commands::save_initiative,
            commands::add_status,
            commands::initiative_history,
            commands::add_milestone,
            commands::complete_milestone,
            commands::replan_milestone,
            commands::ui_ready,
            sync_ext::sync_view,
            sync_ext::set_sync_folder,
            sync_ext::choose_sync_folder,
            sync_ext::sync_now,
            sync_ext::change_passphrase,
            sync_ext::resolve_conflict,
            sync_ext::join_from_folder,
            server_sync::connect_server,
            server_sync::disconnect_server,
            server_sync::join_from_server,
            work::committees,
            work::add_committee,
            work::add_member,
            work::cover_initiative,
            work::edit_committee,
            work::meetings,
            work::meeting,
            work::add_meeting,
            work::set_meeting_state,
            work::add_agenda_item,
            work::move_agenda_item,
            work::add_outcome,
            work::decisions,
            work::set_decision_status,
            work::tasks,
            work::set_task_state,
            work::set_attendance,
            work::topics,
            work::add_topic,
            work::schedule_topic,
            export::search,
            export::export_file,
            overview::dashboard,
            overview::heatmap,
            overview::risks,
            overview::add_risk,
            overview::assess_risk,
            overview::set_risk_status,
            overview::set_bands,
            overview::set_grey_after_days,
            overview::current_quarter,
            overview::highlight_text,
            overview::set_highlight_text,
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("error: Steerco could not start: {e}");
            std::process::exit(1);
        });
}
