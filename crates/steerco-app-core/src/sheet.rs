//! Spreadsheet import and export for the app (steerco-sheet): the shell
//! picks the file (a native dialog), these read and write it. The preview
//! carries the file's path, so the import the user confirms reads the very
//! file they saw previewed, and plans it again against the workspace as it
//! is then (the import is never a stale preview replayed).

use std::path::Path;

use steerco_sheet::{Preview, SheetFormat};
use steerco_store::Store;

use crate::problem::{shown, ApiError, Problem};

/// What importing a file would do, and which file it is.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct SheetPreview {
    pub path: String,
    pub preview: Preview,
}

fn read(path: &Path) -> Result<Vec<u8>, ApiError> {
    std::fs::read(path).map_err(|e| {
        ApiError::new(
            Problem::Io {
                path: Some(shown(path)),
                detail: e.to_string(),
            },
            format!("could not read {}: {e}", path.display()),
        )
    })
}

pub fn preview_file(store: &Store, path: &Path, update: bool) -> Result<SheetPreview, ApiError> {
    let preview = steerco_sheet::preview(store, &read(path)?, update)?;
    Ok(SheetPreview {
        path: shown(path),
        preview,
    })
}

/// Every row or none: a bad row refuses the file (`sheet_bad_rows`).
pub fn import_file(store: &mut Store, path: &Path, update: bool) -> Result<Preview, ApiError> {
    Ok(steerco_sheet::import(store, &read(path)?, update)?)
}

/// The export's bytes and its default file name (`xlsx` or `csv`).
pub fn export_bytes(store: &Store, format: &str, en: bool) -> Result<(Vec<u8>, String), ApiError> {
    let f = SheetFormat::of_name(&format!("x.{format}")).ok_or_else(|| {
        ApiError::from(steerco_store::StoreError::from(
            steerco_store::Refusal::not_one_of(
                format,
                steerco_store::refusal::Vocabulary::Format,
                &["xlsx", "csv"],
            ),
        ))
    })?;
    let stem = if en { "initiatives" } else { "initiativer" };
    Ok((steerco_sheet::export(store, f)?, format!("{stem}.{format}")))
}
