//! Server sync commands: connect a workspace to a sync server, disconnect
//! it, join one from a server. The background sync itself is in live.rs.

use steerco_store::merge::{SyncOutcome, SyncView};
use steerco_store::problem::Problem;
use steerco_store::session::{ApiError, AppState};
use steerco_sync::server::follow::passing;
use steerco_sync::server::{
    change_passphrase_via, join_with_progress, sync_via, Access, Client, ServerError,
};
use tauri::{AppHandle, State};

use crate::live::{self, SessionAccess};
use crate::sync_ext::{api_server, keep, opened, passphrase_for, Opened};
use crate::Shell;

type Res<T> = Result<T, ApiError>;

/// After a server sync that worked: record it, keep the passphrase, and
/// restart the background sync when a new passphrase was typed.
pub(crate) fn finish(
    shell: &State<Shell>,
    access: &SessionAccess,
    workspace: &str,
    passphrase: Option<&str>,
    typed: bool,
    report: &steerco_sync::SyncReport,
) -> Res<SyncOutcome> {
    let kept = keep(shell, workspace, passphrase);
    if typed {
        live::restart(shell);
    }
    access
        .with(|store| {
            let mut outcome = report.outcome(store.now().to_rfc3339());
            outcome.passphrase_kept = kept;
            store.record_sync_outcome(&outcome)?;
            Ok(outcome)
        })
        .map_err(api_server)
}

/// A client for the workspace's server with the token kept for it.
pub(crate) fn client_for(shell: &Shell, workspace: &str, url: &str) -> Res<Client> {
    let token = live::token_for(shell, workspace).ok_or_else(|| {
        ApiError::new(
            Problem::NeedsToken,
            "connect to the server again with your token",
        )
    })?;
    Client::new(url, &token).map_err(api_server)
}

/// Change the passphrase of the server's workspace and keep the new one;
/// the background sync starts again with it.
pub(crate) fn change_passphrase(
    app: AppHandle,
    shell: &State<Shell>,
    opened: Opened,
    current: &str,
    new: &str,
) -> Res<SyncOutcome> {
    let url = opened.server.unwrap_or_default();
    let client = client_for(shell, &opened.workspace, &url)?;
    let access = SessionAccess {
        app,
        path: opened.path,
    };
    let report = change_passphrase_via(&access, &client, current, new).map_err(api_server)?;
    let outcome = finish(shell, &access, &opened.workspace, Some(new), false, &report)?;
    live::restart(shell);
    Ok(outcome)
}

/// Sync this workspace through a server from now on: the first sync runs at
/// once; a refusal (token, passphrase, another workspace) changes nothing.
/// When the server cannot be reached the address is kept and the background
/// sync keeps trying.
#[tauri::command(async)]
pub fn connect_server(
    app: AppHandle,
    shell: State<Shell>,
    url: String,
    token: String,
    passphrase: Option<String>,
) -> Res<SyncView> {
    let (url, token) = (url.trim().to_string(), token.trim().to_string());
    let client = Client::new(&url, &token).map_err(api_server)?;
    let Opened {
        path, workspace, ..
    } = opened(&shell)?;
    let passphrase = passphrase_for(&shell, passphrase, &workspace);
    let access = SessionAccess { app, path };
    match sync_via(&access, &client, passphrase.as_deref()) {
        Ok(report) => {
            finish(
                &shell,
                &access,
                &workspace,
                passphrase.as_deref(),
                false,
                &report,
            )?;
        }
        Err(e) if passing(&e) => {}
        Err(e) => return Err(api_server(e)),
    }
    live::keep_token(&shell, &workspace, &token);
    live::restart(&shell);
    let session = shell.session.lock().unwrap_or_else(|e| e.into_inner());
    let store = session.store()?;
    store.set_sync_server(Some(&url))?;
    let mut view = store.sync_view()?;
    view.live = live::current(&shell, session.workspace_path());
    Ok(view)
}

/// Stop syncing through the server (the workspace keeps everything it has).
#[tauri::command]
pub fn disconnect_server(shell: State<Shell>) -> Res<SyncView> {
    let session = shell.session.lock().unwrap_or_else(|e| e.into_inner());
    let store = session.store()?;
    store.set_sync_server(None)?;
    live::restart(&shell);
    Ok(store.sync_view()?)
}

/// Join a workspace from a sync server: a new local copy in the app's data
/// folder, which then syncs with the server in the background.
#[tauri::command(async)]
pub fn join_from_server(
    app: AppHandle,
    shell: State<Shell>,
    url: String,
    token: String,
    passphrase: Option<String>,
) -> Res<AppState> {
    let (url, token) = (url.trim().to_string(), token.trim().to_string());
    let client = Client::new(&url, &token).map_err(api_server)?;
    let marker = client
        .marker()
        .map_err(api_server)?
        .ok_or_else(|| api_server(ServerError::NothingToJoin))?;
    let passphrase = passphrase_for(&shell, passphrase, &marker.workspace);
    let (path, clock) = {
        let session = shell.session.lock().unwrap_or_else(|e| e.into_inner());
        (session.join_path(&marker.workspace), session.clock())
    };
    // The network part without the session: the window stays responsive.
    let (store, _) = join_with_progress(
        &path,
        &client,
        passphrase.as_deref(),
        clock,
        Some(crate::sync_ext::progress_to(&app)),
    )
    .map_err(api_server)?;
    store.set_sync_server(Some(&url))?;
    keep(&shell, &marker.workspace, passphrase.as_deref());
    live::keep_token(&shell, &marker.workspace, &token);
    let mut session = shell.session.lock().unwrap_or_else(|e| e.into_inner());
    session.adopt_store(store)?;
    Ok(session.state()?)
}
