//! Spreadsheet import and export (steerco-app-core's `sheet`): the file is
//! picked in the native dialog (src/dialog.rs), outside the session's lock,
//! then read or written under it. As with the other exports, a `test-seams`
//! build saves into $STEERCO_SAVE_DIR without asking.

use std::path::PathBuf;

use steerco_app_core::problem::{shown, ApiError, Problem};
use steerco_app_core::requests::{
    ExportSpreadsheetRequest, ImportSpreadsheetPreviewRequest, ImportSpreadsheetRequest,
};
use steerco_app_core::sheet::{self, SheetPreview};
use steerco_sheet::Preview;
use tauri::{AppHandle, State};

use crate::dialog::Purpose;
use crate::Shell;

type Res<T> = Result<T, ApiError>;

/// Pick a CSV or XLSX file (or take the typed path) and preview importing
/// it; None when the user cancels.
pub fn import_spreadsheet_preview(
    _: &AppHandle,
    shell: &State<Shell>,
    req: ImportSpreadsheetPreviewRequest,
) -> Res<Option<SheetPreview>> {
    let picked = crate::dialog::pick_file(
        shell,
        Purpose::Spreadsheet,
        req.path,
        "CSV, XLSX",
        &["csv", "xlsx", "CSV", "XLSX"],
    )?;
    let Some(path) = picked else { return Ok(None) };
    let session = shell.core.session();
    let store = session.store().map_err(ApiError::from)?;
    sheet::preview_file(store, &path, req.update).map(Some)
}

/// Import the previewed file: every row or none.
pub fn import_spreadsheet(
    _: &AppHandle,
    shell: &State<Shell>,
    req: ImportSpreadsheetRequest,
) -> Res<Preview> {
    let mut session = shell.core.session();
    let store = session.store_mut().map_err(ApiError::from)?;
    sheet::import_file(store, &PathBuf::from(req.path), req.update)
}

/// Export the initiatives as XLSX or CSV and save it; the path it went to,
/// None when the user cancelled.
pub fn export_spreadsheet(
    _: &AppHandle,
    shell: &State<Shell>,
    req: ExportSpreadsheetRequest,
) -> Res<Option<String>> {
    let (bytes, name) = {
        let session = shell.core.session();
        let store = session.store().map_err(ApiError::from)?;
        sheet::export_bytes(store, &req.format, req.language == "en")?
    };
    let path: Option<PathBuf> = match crate::export::save_dir() {
        Some(dir) => Some(dir.join(&name)),
        None => crate::dialog::save_file(
            shell,
            Purpose::Export,
            req.path,
            &req.format.to_uppercase(),
            &[req.format.as_str()],
            &name,
        )?,
    };
    let Some(path) = path else { return Ok(None) };
    std::fs::write(&path, bytes).map_err(|e| {
        ApiError::new(
            Problem::Io {
                path: Some(shown(&path)),
                detail: e.to_string(),
            },
            format!("could not write {}: {e}", path.display()),
        )
    })?;
    Ok(Some(shown(&path)))
}
