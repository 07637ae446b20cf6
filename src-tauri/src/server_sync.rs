//! Server sync commands: connect a workspace to a sync server, disconnect
//! it, join one from a server. The background sync itself is in live.rs.

use steerco_app_core::problem::Problem;
use steerco_app_core::session::{ApiError, AppState};
use steerco_app_core::sync_view::SyncView;
use steerco_store::merge::SyncOutcome;
use steerco_sync::server::follow::passing;
use steerco_sync::server::{
    change_passphrase_via, join_text_with_progress, sync_via, Access, Client, ServerError,
};
use tauri::{AppHandle, Emitter, State};

use steerco_app_core::requests::{
    SyncJoinServerRequest, SyncServerConnectRequest, SyncServerDisconnectRequest,
};

use crate::live::{access, SessionAccess};
use crate::sync_ext::{api_server, opened, Opened};
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
    let kept = shell.core.secrets.keep_passphrase(workspace, passphrase);
    if typed {
        shell.core.live.restart();
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

/// A client for the workspace's server (all its addresses) with the token
/// kept for it.
pub(crate) fn client_for(shell: &Shell, workspace: &str, urls: &[String]) -> Res<Client> {
    let token = shell.core.secrets.token_for(workspace).ok_or_else(|| {
        ApiError::new(
            Problem::NeedsToken,
            "connect to the server again with your token",
        )
    })?;
    Client::new_many(urls, &token).map_err(api_server)
}

/// The addresses as typed: each trimmed, blank lines dropped.
fn addresses(urls: &[String]) -> Vec<String> {
    urls.iter()
        .map(|u| u.trim())
        .filter(|u| !u.is_empty())
        .map(String::from)
        .collect()
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
    let client = client_for(shell, &opened.workspace, &opened.servers)?;
    let access = access(&app, opened.path);
    let report = change_passphrase_via(&access, &client, current, new).map_err(api_server)?;
    let outcome = finish(shell, &access, &opened.workspace, Some(new), false, &report)?;
    shell.core.live.restart();
    Ok(outcome)
}

/// Sync this workspace through a server from now on: the first sync runs at
/// once; a refusal (token, passphrase, another workspace) changes nothing.
/// When the server cannot be reached the address is kept and the background
/// sync keeps trying.
pub fn sync_server_connect(
    app: &AppHandle,
    shell: &State<Shell>,
    req: SyncServerConnectRequest,
) -> Res<SyncView> {
    let (urls, token) = (addresses(&req.urls), req.token.trim().to_string());
    let passphrase = req.passphrase;
    let client = Client::new_many(&urls, &token).map_err(api_server)?;
    let Opened {
        path, workspace, ..
    } = opened(shell)?;
    let passphrase = shell.core.secrets.passphrase_for(passphrase, &workspace);
    let access = access(app, path);
    match sync_via(&access, &client, passphrase.as_deref()) {
        Ok(report) => {
            finish(
                shell,
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
    shell.core.secrets.keep_token(&workspace, &token);
    shell.core.live.restart();
    let session = shell.core.session();
    let store = session.store()?;
    store.set_sync_servers(&urls)?;
    let live = shell.core.live.current(session.workspace_path());
    Ok(SyncView::new(store.sync_view()?, live))
}

/// Stop syncing through the server (the workspace keeps everything it has).
pub fn sync_server_disconnect(
    _: &AppHandle,
    shell: &State<Shell>,
    _: SyncServerDisconnectRequest,
) -> Res<SyncView> {
    let session = shell.core.session();
    let store = session.store()?;
    store.set_sync_servers(&[])?;
    shell.core.live.restart();
    Ok(store.sync_view()?.into())
}

/// Join a workspace from a sync server: a new local copy in the app's data
/// folder, which then syncs with the server in the background.
pub fn sync_join_server(
    app: &AppHandle,
    shell: &State<Shell>,
    req: SyncJoinServerRequest,
) -> Res<AppState> {
    let (urls, token) = (addresses(&req.urls), req.token.trim().to_string());
    let passphrase = req.passphrase;
    let client = Client::new_many(&urls, &token).map_err(api_server)?;
    let marker = client
        .marker()
        .map_err(api_server)?
        .ok_or_else(|| api_server(ServerError::NothingToJoin))?;
    let passphrase = shell
        .core
        .secrets
        .passphrase_for(passphrase, &marker.workspace);
    let (path, clock) = {
        let session = shell.core.session();
        (session.join_path(&marker.workspace), session.clock())
    };
    // The network part without the session: the window stays responsive.
    let (store, _, papers) = join_text_with_progress(
        &path,
        &client,
        passphrase.as_deref(),
        clock,
        Some(crate::sync_ext::progress_to(app)),
    )
    .map_err(api_server)?;
    store.set_sync_servers(&urls)?;
    shell
        .core
        .secrets
        .keep_passphrase(&marker.workspace, passphrase.as_deref());
    shell.core.secrets.keep_token(&marker.workspace, &token);
    let state = {
        let mut session = shell.core.session();
        session.adopt_store(store)?;
        session.state()?
    };
    // The workspace is open; its papers follow, the window usable meanwhile.
    let report = papers.run(&mut crate::sync_ext::papers_progress_to(app));
    if report.received > 0 {
        // Only files arrived (the database did not change): views reload.
        let _ = app.emit("workspace-changed", ());
    }
    Ok(state)
}
