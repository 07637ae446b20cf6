//! The session's lock, and the shell's own commands for the session: the
//! native dialogs that open or create a workspace, and the start-up probe.

use steerco_app_core::requests::{
    UiReadyRequest, WorkspaceCreateDialogRequest, WorkspaceOpenDialogRequest,
};
use steerco_app_core::session::{ApiError, AppState, Session};
use steerco_store::StoreError;
use tauri::{AppHandle, State};

use crate::dialog::Purpose;
use crate::Shell;

type Res<T> = Result<T, ApiError>;

/// Run `f` on the session under its lock; its error as the UI gets it.
pub(crate) fn with<T>(
    shell: &Shell,
    f: impl FnOnce(&mut Session) -> Result<T, StoreError>,
) -> Res<T> {
    let mut session = shell.core.session();
    f(&mut session).map_err(ApiError::from)
}

/// The native open dialog (or the path typed where there is none); None when
/// the user cancels.
pub fn workspace_open_dialog(
    _: &AppHandle,
    shell: &State<Shell>,
    req: WorkspaceOpenDialogRequest,
) -> Res<Option<AppState>> {
    match crate::dialog::pick_file(
        shell,
        Purpose::OpenWorkspace,
        req.path,
        "Steerco",
        &["steerco"],
    )? {
        Some(file) => with(shell, |s| s.open(&file).and_then(|_| s.state()).map(Some)),
        None => Ok(None),
    }
}

/// The native save dialog for a new, empty workspace; None when cancelled.
pub fn workspace_create_dialog(
    _: &AppHandle,
    shell: &State<Shell>,
    req: WorkspaceCreateDialogRequest,
) -> Res<Option<AppState>> {
    let file = crate::dialog::save_file(
        shell,
        Purpose::CreateWorkspace,
        req.path,
        "Steerco",
        &["steerco"],
        "workspace.steerco",
    )?;
    match file {
        Some(file) => with(shell, |s| {
            s.create(&file, &req.name).and_then(|_| s.state()).map(Some)
        }),
        None => Ok(None),
    }
}

/// The UI calls this once its first view shows data: the workspace's old
/// history is compressed from then on (`Session::after_first_view`). With
/// STEERCO_STARTUP_PROBE set the time since launch goes to stderr (the
/// start-up benchmark reads it).
pub fn ui_ready(_: &AppHandle, shell: &State<Shell>, req: UiReadyRequest) -> Res<()> {
    with(shell, |s| {
        let _ = s.after_first_view();
        Ok(())
    })?;
    if std::env::var_os("STEERCO_STARTUP_PROBE").is_some() {
        eprintln!(
            "steerco-startup: {} shown after {:.0} ms",
            req.view,
            shell.started.elapsed().as_secs_f64() * 1e3
        );
    }
    Ok(())
}
