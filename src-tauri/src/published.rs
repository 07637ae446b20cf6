//! Published reports (steerco-app-core's `published`): a chair's report
//! published from the app, and a published file saved byte for byte where
//! the user picks in the native save dialog (src/dialog.rs), after the core
//! made sure its bytes are on this computer. As with the exports, a
//! `test-seams` build saves into $STEERCO_SAVE_DIR without asking.

use std::path::PathBuf;

use steerco_app_core::problem::{shown, ApiError};
use steerco_app_core::published;
use steerco_app_core::requests::{ReportPublishRequest, ReportPublishedGetRequest};
use tauri::{AppHandle, State};

use crate::commands::with;
use crate::dialog::Purpose;
use crate::Shell;

type Res<T> = Result<T, ApiError>;

/// Publish a report as it is now, credited to who I am; its id.
pub fn report_publish(
    _: &AppHandle,
    shell: &State<Shell>,
    req: ReportPublishRequest,
) -> Res<String> {
    let mut session = shell.core.session();
    let store = session.store_mut().map_err(ApiError::from)?;
    published::publish(store, req.what, &req.language)
}

/// Save a published report's file of `format` under its own name where the
/// user picks; the path, None when the user cancelled.
pub fn report_published_get(
    _: &AppHandle,
    shell: &State<Shell>,
    req: ReportPublishedGetRequest,
) -> Res<Option<String>> {
    let name = with(shell, |s| {
        published::file_name(s.store()?, &req.id, &req.format)
    })?;
    let ext = req.format.as_str();
    let path: Option<PathBuf> = match crate::export::save_dir() {
        Some(dir) => Some(dir.join(&name)),
        None => crate::dialog::save_file(
            shell,
            Purpose::SavePublished,
            req.path,
            &ext.to_uppercase(),
            &[ext],
            &name,
        )?,
    };
    let Some(path) = path else { return Ok(None) };
    with(shell, |s| {
        s.store()?.save_published(&req.id, &req.format, &path)
    })?;
    Ok(Some(shown(&path)))
}
