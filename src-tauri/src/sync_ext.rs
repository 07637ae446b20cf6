//! Sync commands: argument plumbing around steerco-sync. The passphrase stays
//! in memory for this run only (no OS keyring in this build).

use std::path::PathBuf;

use steerco_store::merge::{Resolution, SyncOutcome, SyncView};
use steerco_store::session::{ApiError, AppState};
use steerco_sync::folder::{folder_marker, join_folder};
use steerco_sync::{sync_folder, SyncError};
use tauri::State;

use crate::Shell;

type Res<T> = Result<T, ApiError>;

fn api(e: SyncError) -> ApiError {
    ApiError {
        code: e.code().to_string(),
        message: e.to_string(),
    }
}

fn remember(shell: &State<Shell>, passphrase: Option<String>) -> Option<String> {
    let mut kept = shell.passphrase.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(p) = passphrase.filter(|p| !p.is_empty()) {
        *kept = Some(p);
    }
    kept.clone()
}

#[tauri::command]
pub fn sync_view(shell: State<Shell>) -> Res<SyncView> {
    let session = shell.session.lock().unwrap_or_else(|e| e.into_inner());
    Ok(session.store()?.sync_view()?)
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
pub async fn choose_sync_folder(shell: State<'_, Shell>) -> Res<Option<SyncView>> {
    match rfd::AsyncFileDialog::new().pick_folder().await {
        Some(dir) => set_sync_folder(shell, dir.path().to_string_lossy().into_owned()).map(Some),
        None => Ok(None),
    }
}

#[tauri::command]
pub fn sync_now(shell: State<Shell>, passphrase: Option<String>) -> Res<SyncOutcome> {
    let passphrase = remember(&shell, passphrase);
    let mut session = shell.session.lock().unwrap_or_else(|e| e.into_inner());
    let store = session.store_mut()?;
    let folder = store
        .local_setting("sync.folder")?
        .ok_or_else(|| ApiError {
            code: "no_sync_folder".into(),
            message: "choose a shared folder first".into(),
        })?;
    let report = sync_folder(store, &PathBuf::from(folder), passphrase.as_deref()).map_err(api)?;
    let outcome = report.outcome(store.now().to_rfc3339());
    store.record_sync_outcome(&outcome)?;
    Ok(outcome)
}

#[tauri::command]
pub fn resolve_conflict(shell: State<Shell>, id: String, keep: String) -> Res<SyncView> {
    let how = if keep == "mine" {
        Resolution::Mine
    } else {
        Resolution::Theirs
    };
    let mut session = shell.session.lock().unwrap_or_else(|e| e.into_inner());
    let store = session.store_mut()?;
    store.resolve_conflict(&id, how)?;
    Ok(store.sync_view()?)
}

/// Join a workspace from a shared folder: a new local copy in the app's data folder.
#[tauri::command]
pub fn join_from_folder(
    shell: State<Shell>,
    folder: String,
    passphrase: Option<String>,
) -> Res<AppState> {
    let passphrase = remember(&shell, passphrase);
    let folder = PathBuf::from(folder.trim());
    let mut session = shell.session.lock().unwrap_or_else(|e| e.into_inner());
    let marker = folder_marker(&folder)
        .map_err(api)?
        .ok_or_else(|| api(SyncError::NotAFolder(folder.clone())))?;
    let path = session.join_path(&marker.workspace);
    let (store, _) =
        join_folder(&path, &folder, passphrase.as_deref(), session.clock()).map_err(api)?;
    store.set_sync_setting("sync.folder", &folder.to_string_lossy())?;
    session.adopt_store(store)?;
    Ok(session.state()?)
}
