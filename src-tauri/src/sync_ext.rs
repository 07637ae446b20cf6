//! Sync commands: argument plumbing around steerco-sync. A passphrase that
//! worked is kept in the OS keyring (steerco-keyring), per workspace; where
//! there is none, in memory for this run only.

use std::path::PathBuf;

use steerco_app_core::problem::Problem;
use steerco_app_core::session::{ApiError, AppState};
use steerco_app_core::sync_view::SyncView;
use steerco_store::merge::{Resolution, SyncOutcome};
use steerco_store::LocalKey;
use steerco_sync::folder::{folder_marker, join_folder_text};
use steerco_sync::papers::{Fetch, Progress};
use steerco_sync::server::{sync_text_via, ServerError};
use steerco_sync::{sync_folder_text, Compaction, SyncError};
use tauri::{AppHandle, Emitter, State};

use steerco_app_core::inputs::Keep;
use steerco_app_core::requests::{
    ConflictResolveRequest, SyncFolderDialogRequest, SyncFolderSetRequest, SyncJoinFolderRequest,
    SyncNowRequest, SyncPapersSetRequest, SyncPassphraseRequest, SyncStatusRequest,
};

use crate::dialog::Purpose;
use crate::live::access;
use crate::Shell;

type Res<T> = Result<T, ApiError>;

fn api(e: SyncError) -> ApiError {
    ApiError::from(e)
}

pub(crate) fn api_server(e: ServerError) -> ApiError {
    ApiError::from(e)
}

/// The open workspace, as a sync needs it (read, then the session is let go).
pub(crate) struct Opened {
    pub path: PathBuf,
    pub workspace: String,
    /// Its sync server's addresses, when it syncs through one.
    pub servers: Vec<String>,
}

pub(crate) fn opened(shell: &Shell) -> Res<Opened> {
    let session = shell.core.session();
    let store = session.store()?;
    Ok(Opened {
        path: store.path().to_path_buf(),
        workspace: store.workspace()?.id,
        servers: store.sync_servers()?,
    })
}

/// The shared folder chosen in the Sync view.
fn chosen_folder(store: &steerco_store::Store) -> Res<PathBuf> {
    let folder = store
        .local_setting(steerco_store::LocalKey::SyncFolder)?
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

/// The papers step's progress, as the `papers-progress` event.
pub(crate) fn papers_progress_to(app: &AppHandle) -> impl FnMut(&Progress) {
    let app = app.clone();
    move |p: &Progress| {
        let _ = app.emit("papers-progress", p);
    }
}

/// Which papers syncs fetch to this computer: every one, or those of my
/// committees (kept locally, never synced).
pub fn sync_papers_set(
    _: &AppHandle,
    shell: &State<Shell>,
    req: SyncPapersSetRequest,
) -> Res<SyncView> {
    let session = shell.core.session();
    let store = session.store()?;
    let fetch = if req.mine { Fetch::Mine } else { Fetch::All };
    store.set_sync_setting(LocalKey::SyncPapers, fetch.as_str())?;
    let live = shell.core.live.current(session.workspace_path());
    Ok(SyncView::new(store.sync_view()?, live))
}

pub fn sync_status(_: &AppHandle, shell: &State<Shell>, _: SyncStatusRequest) -> Res<SyncView> {
    let session = shell.core.session();
    let live = shell.core.live.current(session.workspace_path());
    Ok(SyncView::new(session.store()?.sync_view()?, live))
}

pub fn sync_folder_set(
    _: &AppHandle,
    shell: &State<Shell>,
    req: SyncFolderSetRequest,
) -> Res<SyncView> {
    let session = shell.core.session();
    let store = session.store()?;
    store.set_sync_setting(steerco_store::LocalKey::SyncFolder, req.path.trim())?;
    Ok(store.sync_view()?.into())
}

/// The native folder dialog (or the path typed where there is none); None
/// when cancelled.
pub fn sync_folder_dialog(
    app: &AppHandle,
    shell: &State<Shell>,
    req: SyncFolderDialogRequest,
) -> Res<Option<SyncView>> {
    match crate::dialog::pick_folder(shell, Purpose::SyncFolder, req.path)? {
        Some(dir) => {
            let path = dir.to_string_lossy().into_owned();
            sync_folder_set(app, shell, SyncFolderSetRequest { path }).map(Some)
        }
        None => Ok(None),
    }
}

// Off the main thread (a shell command), so the window keeps drawing the progress.
pub fn sync_now(app: &AppHandle, shell: &State<Shell>, req: SyncNowRequest) -> Res<SyncOutcome> {
    let passphrase = req.passphrase;
    let Opened {
        path,
        workspace,
        servers,
    } = opened(shell)?;
    let typed = passphrase.as_deref().is_some_and(|p| !p.is_empty());
    let passphrase = shell.core.secrets.passphrase_for(passphrase, &workspace);
    if !servers.is_empty() {
        let client = crate::server_sync::client_for(shell, &workspace, &servers)?;
        let access = access(app, path);
        let (mut report, papers) =
            sync_text_via(&access, &client, passphrase.as_deref()).map_err(api_server)?;
        report.papers = papers.run(&mut papers_progress_to(app));
        return crate::server_sync::finish(
            shell,
            &access,
            &workspace,
            passphrase.as_deref(),
            typed,
            &report,
        );
    }
    let (mut report, papers) = {
        let mut session = shell.core.session();
        let store = session.store_mut()?;
        let folder = chosen_folder(store)?;
        store.set_progress(Some(progress_to(app)));
        let text = sync_folder_text(store, &folder, passphrase.as_deref(), Compaction::default());
        store.set_progress(None);
        text.map_err(api)?
    };
    // Papers move without the store: the window stays usable meanwhile.
    report.papers = papers.run(&mut papers_progress_to(app));
    let mut session = shell.core.session();
    let store = session.store_mut()?;
    let mut outcome = report.outcome(store.now().to_rfc3339());
    outcome.passphrase_kept = shell
        .core
        .secrets
        .keep_passphrase(&workspace, passphrase.as_deref());
    store.record_sync_outcome(&outcome)?;
    Ok(outcome)
}

/// Change the folder's passphrase (re-sealing it) and keep the new one.
pub fn sync_passphrase(
    app: &AppHandle,
    shell: &State<Shell>,
    req: SyncPassphraseRequest,
) -> Res<SyncOutcome> {
    let (current, new) = (req.current, req.next);
    let opened = opened(shell)?;
    let current = shell
        .core
        .secrets
        .passphrase_for(current, &opened.workspace)
        .ok_or_else(|| {
            ApiError::new(
                Problem::NeedsCurrentPassphrase,
                "give the current passphrase",
            )
        })?;
    if !opened.servers.is_empty() {
        return crate::server_sync::change_passphrase(app.clone(), shell, opened, &current, &new);
    }
    let mut session = shell.core.session();
    let store = session.store_mut()?;
    let folder = chosen_folder(store)?;
    let report = steerco_sync::change_passphrase(store, &folder, &current, &new).map_err(api)?;
    let mut outcome = report.outcome(store.now().to_rfc3339());
    outcome.passphrase_kept = shell
        .core
        .secrets
        .keep_passphrase(&opened.workspace, Some(&new));
    store.record_sync_outcome(&outcome)?;
    Ok(outcome)
}

/// Settle a conflict: keep mine, keep theirs, or (`keep` = "edit") the text
/// given; for approved minutes changed afterwards `approved` or `change`.
pub fn conflict_resolve(
    _: &AppHandle,
    shell: &State<Shell>,
    req: ConflictResolveRequest,
) -> Res<SyncView> {
    let id = req.id;
    let how = match (req.keep, req.text) {
        (Keep::Mine, _) => Resolution::Mine,
        // Approved minutes changed afterwards: undo the change, or accept it.
        (Keep::Approved, _) => Resolution::Approved,
        (Keep::Change, _) => Resolution::Change,
        (Keep::Edit, Some(t)) => Resolution::Text(t),
        _ => Resolution::Theirs,
    };
    let mut session = shell.core.session();
    let store = session.store_mut()?;
    store.resolve_conflict(&id, how)?;
    Ok(store.sync_view()?.into())
}

/// Join a workspace from a shared folder: a new local copy in the app's data folder.
pub fn sync_join_folder(
    app: &AppHandle,
    shell: &State<Shell>,
    req: SyncJoinFolderRequest,
) -> Res<AppState> {
    let folder = PathBuf::from(req.folder.trim());
    let passphrase = req.passphrase;
    let mut session = shell.core.session();
    let marker = folder_marker(&folder)
        .map_err(api)?
        .ok_or_else(|| api(SyncError::NotAFolder(folder.clone())))?;
    let passphrase = shell
        .core
        .secrets
        .passphrase_for(passphrase, &marker.workspace);
    let path = session.join_path(&marker.workspace);
    let (store, _, papers) = join_folder_text(
        &path,
        &folder,
        passphrase.as_deref(),
        session.clock(),
        Some(progress_to(app)),
    )
    .map_err(api)?;
    store.set_sync_setting(
        steerco_store::LocalKey::SyncFolder,
        &folder.to_string_lossy(),
    )?;
    shell
        .core
        .secrets
        .keep_passphrase(&marker.workspace, passphrase.as_deref());
    session.adopt_store(store)?;
    let state = session.state()?;
    drop(session);
    // The workspace is open; its papers follow, the window usable meanwhile.
    let report = papers.run(&mut papers_progress_to(app));
    if report.received > 0 {
        // Only files arrived (the database did not change): views reload.
        let _ = app.emit("workspace-changed", ());
    }
    Ok(state)
}
