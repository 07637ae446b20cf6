//! Sync commands: argument plumbing around steerco-sync. A passphrase that
//! worked is kept in the OS keyring (steerco-keyring), per workspace; where
//! there is none, in memory for this run only.

use std::path::PathBuf;

use steerco_store::merge::{Resolution, SyncOutcome, SyncView};
use steerco_store::problem::Problem;
use steerco_store::session::{ApiError, AppState};
use steerco_sync::folder::{folder_marker, join_folder_with};
use steerco_sync::server::{sync_via, ServerError};
use steerco_sync::{sync_folder, SyncError};
use tauri::{AppHandle, Emitter, State};

use crate::dialog::Purpose;
use crate::live::{self, SessionAccess};
use crate::Shell;

type Res<T> = Result<T, ApiError>;

fn api(e: SyncError) -> ApiError {
    ApiError::from(e)
}

pub(crate) fn api_server(e: ServerError) -> ApiError {
    ApiError::from(e)
}

/// The passphrase for a sync: typed now, else kept this run, else the one
/// the OS keyring holds for the workspace.
pub(crate) fn passphrase_for(
    shell: &Shell,
    typed: Option<String>,
    workspace: &str,
) -> Option<String> {
    let typed = typed.filter(|p| !p.is_empty());
    let kept = shell.passphrase.lock().unwrap_or_else(|e| e.into_inner());
    typed
        .or_else(|| kept.clone())
        .or_else(|| steerco_keyring::load(workspace).ok().flatten())
}

/// The open workspace, as a sync needs it (read, then the session is let go).
pub(crate) struct Opened {
    pub path: PathBuf,
    pub workspace: String,
    /// Its sync server's address, when it syncs through one.
    pub server: Option<String>,
}

pub(crate) fn opened(shell: &Shell) -> Res<Opened> {
    let session = shell.session.lock().unwrap_or_else(|e| e.into_inner());
    let store = session.store()?;
    Ok(Opened {
        path: store.path().to_path_buf(),
        workspace: store.workspace()?.id,
        server: store.sync_server()?,
    })
}

/// The shared folder chosen in the Sync view.
fn chosen_folder(store: &steerco_store::Store) -> Res<PathBuf> {
    let folder = store
        .local_setting("sync.folder")?
        .ok_or_else(|| ApiError::new(Problem::NoSyncFolder, "choose a shared folder first"))?;
    Ok(PathBuf::from(folder))
}

/// Progress of a long import, as `sync-progress` events: {done, total}.
pub(crate) fn progress_to(app: &AppHandle) -> steerco_store::ProgressFn {
    let app = app.clone();
    Box::new(move |done, total| {
        let _ = app.emit(
            "sync-progress",
            serde_json::json!({ "done": done, "total": total }),
        );
    })
}

/// After a sync or join that worked with `passphrase`: keep it in the OS
/// keyring, and in memory (the only place when there is no keyring).
pub(crate) fn keep(shell: &State<Shell>, workspace: &str, passphrase: Option<&str>) -> String {
    let Some(p) = passphrase else {
        return "none".into();
    };
    *shell.passphrase.lock().unwrap_or_else(|e| e.into_inner()) = Some(p.to_string());
    match steerco_keyring::save(workspace, p) {
        Ok(()) => "keyring".into(),
        Err(_) => "memory".into(),
    }
}

#[tauri::command]
pub fn sync_view(shell: State<Shell>) -> Res<SyncView> {
    let session = shell.session.lock().unwrap_or_else(|e| e.into_inner());
    let mut view = session.store()?.sync_view()?;
    view.live = live::current(&shell, session.workspace_path());
    Ok(view)
}

#[tauri::command]
pub fn set_sync_folder(shell: State<Shell>, path: String) -> Res<SyncView> {
    let session = shell.session.lock().unwrap_or_else(|e| e.into_inner());
    let store = session.store()?;
    store.set_sync_setting("sync.folder", path.trim())?;
    Ok(store.sync_view()?)
}

/// The native folder dialog; None when cancelled.
#[tauri::command]
pub async fn choose_sync_folder(
    shell: State<'_, Shell>,
    path: Option<String>,
) -> Res<Option<SyncView>> {
    match crate::dialog::pick_folder(&shell, Purpose::SyncFolder, path).await? {
        Some(dir) => set_sync_folder(shell, dir.to_string_lossy().into_owned()).map(Some),
        None => Ok(None),
    }
}

// Off the main thread (async), so the window keeps drawing the progress.
#[tauri::command(async)]
pub fn sync_now(
    app: AppHandle,
    shell: State<Shell>,
    passphrase: Option<String>,
) -> Res<SyncOutcome> {
    let Opened {
        path,
        workspace,
        server,
    } = opened(&shell)?;
    let typed = passphrase.as_deref().is_some_and(|p| !p.is_empty());
    let passphrase = passphrase_for(&shell, passphrase, &workspace);
    if let Some(url) = server {
        let client = crate::server_sync::client_for(&shell, &workspace, &url)?;
        let access = SessionAccess { app, path };
        let report = sync_via(&access, &client, passphrase.as_deref()).map_err(api_server)?;
        return crate::server_sync::finish(
            &shell,
            &access,
            &workspace,
            passphrase.as_deref(),
            typed,
            &report,
        );
    }
    let mut session = shell.session.lock().unwrap_or_else(|e| e.into_inner());
    let store = session.store_mut()?;
    let folder = chosen_folder(store)?;
    store.set_progress(Some(progress_to(&app)));
    let report = sync_folder(store, &folder, passphrase.as_deref());
    store.set_progress(None);
    let report = report.map_err(api)?;
    let mut outcome = report.outcome(store.now().to_rfc3339());
    outcome.passphrase_kept = keep(&shell, &workspace, passphrase.as_deref());
    store.record_sync_outcome(&outcome)?;
    Ok(outcome)
}

/// Change the folder's passphrase (re-sealing it) and keep the new one.
#[tauri::command(async)]
pub fn change_passphrase(
    app: AppHandle,
    shell: State<Shell>,
    current: Option<String>,
    new: String,
) -> Res<SyncOutcome> {
    let opened = opened(&shell)?;
    let current = passphrase_for(&shell, current, &opened.workspace).ok_or_else(|| {
        ApiError::new(
            Problem::NeedsCurrentPassphrase,
            "give the current passphrase",
        )
    })?;
    if opened.server.is_some() {
        return crate::server_sync::change_passphrase(app, &shell, opened, &current, &new);
    }
    let mut session = shell.session.lock().unwrap_or_else(|e| e.into_inner());
    let store = session.store_mut()?;
    let folder = chosen_folder(store)?;
    let report = steerco_sync::change_passphrase(store, &folder, &current, &new).map_err(api)?;
    let mut outcome = report.outcome(store.now().to_rfc3339());
    outcome.passphrase_kept = keep(&shell, &opened.workspace, Some(&new));
    store.record_sync_outcome(&outcome)?;
    Ok(outcome)
}

/// Settle a conflict: keep mine, keep theirs, or (`keep` = "edit") the text
/// given; for approved minutes changed afterwards `approved` or `change`.
#[tauri::command]
pub fn resolve_conflict(
    shell: State<Shell>,
    id: String,
    keep: String,
    text: Option<String>,
) -> Res<SyncView> {
    let how = match (keep.as_str(), text) {
        ("mine", _) => Resolution::Mine,
        // Approved minutes changed afterwards: undo the change, or accept it.
        ("approved", _) => Resolution::Approved,
        ("change", _) => Resolution::Change,
        ("edit", Some(t)) => Resolution::Text(t),
        _ => Resolution::Theirs,
    };
    let mut session = shell.session.lock().unwrap_or_else(|e| e.into_inner());
    let store = session.store_mut()?;
    store.resolve_conflict(&id, how)?;
    Ok(store.sync_view()?)
}

/// Join a workspace from a shared folder: a new local copy in the app's data folder.
#[tauri::command(async)]
pub fn join_from_folder(
    app: AppHandle,
    shell: State<Shell>,
    folder: String,
    passphrase: Option<String>,
) -> Res<AppState> {
    let folder = PathBuf::from(folder.trim());
    let mut session = shell.session.lock().unwrap_or_else(|e| e.into_inner());
    let marker = folder_marker(&folder)
        .map_err(api)?
        .ok_or_else(|| api(SyncError::NotAFolder(folder.clone())))?;
    let passphrase = passphrase_for(&shell, passphrase, &marker.workspace);
    let path = session.join_path(&marker.workspace);
    let (store, _) = join_folder_with(
        &path,
        &folder,
        passphrase.as_deref(),
        session.clock(),
        Some(progress_to(&app)),
    )
    .map_err(api)?;
    store.set_sync_setting("sync.folder", &folder.to_string_lossy())?;
    keep(&shell, &marker.workspace, passphrase.as_deref());
    session.adopt_store(store)?;
    Ok(session.state()?)
}
