//! The app's commands: argument plumbing around one `Session` call each.

use std::path::PathBuf;

use steerco_store::history::HistoryEntry;
use steerco_store::identity::Person;
use steerco_store::ops::initiative::InitiativeForm;
use steerco_store::ops::status::NewStatus;
use steerco_store::portfolio::{InitiativeDetail, Portfolio};
use steerco_store::session::{ApiError, AppState, Session};
use steerco_store::{dates, StoreError};
use tauri::State;

use crate::dialog::Purpose;
use crate::Shell;

type Res<T> = Result<T, ApiError>;

pub(crate) fn with<T>(
    shell: &State<Shell>,
    f: impl FnOnce(&mut Session) -> Result<T, StoreError>,
) -> Res<T> {
    let mut session = shell.session.lock().unwrap_or_else(|e| e.into_inner());
    f(&mut session).map_err(ApiError::from)
}

#[tauri::command]
pub fn app_state(shell: State<Shell>) -> Res<AppState> {
    with(&shell, |s| s.state())
}

#[tauri::command]
pub fn set_language(shell: State<Shell>, lang: String) -> Res<AppState> {
    with(&shell, |s| s.set_language(&lang).and_then(|_| s.state()))
}

#[tauri::command]
pub fn set_my_name(shell: State<Shell>, name: String) -> Res<AppState> {
    with(&shell, |s| s.set_my_name(&name).and_then(|_| s.state()))
}

/// The answer to the identity question (AppState.identity_question).
#[tauri::command]
pub fn choose_identity(shell: State<Shell>, keep_recorded: bool) -> Res<AppState> {
    with(&shell, |s| {
        s.choose_identity(keep_recorded).and_then(|_| s.state())
    })
}

#[tauri::command]
pub fn people(shell: State<Shell>) -> Res<Vec<Person>> {
    with(&shell, |s| s.store()?.people())
}

#[tauri::command]
pub fn open_demo(shell: State<Shell>) -> Res<AppState> {
    with(&shell, |s| s.open_demo().and_then(|_| s.state()))
}

#[tauri::command]
pub fn open_workspace(shell: State<Shell>, path: String) -> Res<AppState> {
    with(&shell, |s| {
        s.open(&PathBuf::from(path)).and_then(|_| s.state())
    })
}

/// The native open dialog (or the path typed where there is none); None when
/// the user cancels.
#[tauri::command]
pub async fn open_workspace_dialog(
    shell: State<'_, Shell>,
    path: Option<String>,
) -> Res<Option<AppState>> {
    match crate::dialog::pick_file(
        &shell,
        Purpose::OpenWorkspace,
        path,
        "Steerco",
        &["steerco"],
    )
    .await?
    {
        Some(file) => with(&shell, |s| s.open(&file).and_then(|_| s.state()).map(Some)),
        None => Ok(None),
    }
}

/// The native save dialog for a new, empty workspace; None when cancelled.
#[tauri::command]
pub async fn create_workspace_dialog(
    shell: State<'_, Shell>,
    name: String,
    path: Option<String>,
) -> Res<Option<AppState>> {
    match crate::dialog::save_file(
        &shell,
        Purpose::CreateWorkspace,
        path,
        "Steerco",
        &["steerco"],
        "workspace.steerco",
    )
    .await?
    {
        Some(file) => with(&shell, |s| {
            s.create(&file, &name).and_then(|_| s.state()).map(Some)
        }),
        None => Ok(None),
    }
}

#[tauri::command]
pub fn portfolio(shell: State<Shell>) -> Res<Portfolio> {
    with(&shell, |s| s.store()?.portfolio())
}

#[tauri::command]
pub fn initiative(shell: State<Shell>, id: String) -> Res<InitiativeDetail> {
    with(&shell, |s| s.store()?.initiative(&id))
}

#[tauri::command]
pub fn initiative_form(shell: State<Shell>, id: String) -> Res<InitiativeForm> {
    with(&shell, |s| s.store()?.initiative_form(&id))
}

#[tauri::command]
pub fn save_initiative(shell: State<Shell>, id: String, form: InitiativeForm) -> Res<usize> {
    with(&shell, |s| s.store_mut()?.save_initiative_form(&id, form))
}

#[tauri::command]
pub fn add_status(shell: State<Shell>, id: String, status: NewStatus) -> Res<String> {
    with(&shell, |s| s.store_mut()?.add_status(&id, status))
}

#[tauri::command]
pub fn initiative_history(shell: State<Shell>, id: String) -> Res<Vec<HistoryEntry>> {
    with(&shell, |s| s.store()?.initiative_history(&id))
}

#[tauri::command]
pub fn add_milestone(shell: State<Shell>, id: String, title: String, due: String) -> Res<String> {
    with(&shell, |s| {
        let due = dates::parse_date(&due)?;
        s.store_mut()?.add_milestone(&id, &title, due, false)
    })
}

#[tauri::command]
pub fn complete_milestone(shell: State<Shell>, id: String, on: Option<String>) -> Res<()> {
    with(&shell, |s| {
        let on = on
            .filter(|d| !d.is_empty())
            .map(|d| dates::parse_date(&d))
            .transpose()?;
        s.store_mut()?.complete_milestone(&id, on)
    })
}

#[tauri::command]
pub fn replan_milestone(shell: State<Shell>, id: String, due: String) -> Res<()> {
    with(&shell, |s| {
        let due = dates::parse_date(&due)?;
        s.store_mut()?.replan_milestone(&id, due)
    })
}

/// The UI calls this once its first view shows data; with
/// STEERCO_STARTUP_PROBE set the time since launch goes to stderr (the
/// start-up benchmark reads it).
#[tauri::command]
pub fn ui_ready(shell: State<Shell>, view: String) {
    if std::env::var_os("STEERCO_STARTUP_PROBE").is_some() {
        eprintln!(
            "steerco-startup: {view} shown after {:.0} ms",
            shell.started.elapsed().as_secs_f64() * 1e3
        );
    }
}
