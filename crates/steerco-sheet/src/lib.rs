//! Spreadsheet import and export of initiatives and their focus areas.
//!
//! A crate of its own (not part of steerco-reports) because it goes both
//! ways: the import reads the workspace to plan, and writes the plan
//! through the store's one write path (`Store::write`) in one batch; the
//! export writes the layout the import reads, so the two are kept together.
//! `read.rs` turns a file into rows of cells (CSV or XLSX by content),
//! `columns.rs` matches headers, `values.rs` reads cells as Danish and
//! English spreadsheets write them, `plan.rs` decides each row's outcome and
//! the row changes, `export.rs` writes XLSX and CSV, `error.rs` the typed
//! refusals.

pub mod columns;
pub mod error;
pub mod export;
pub mod plan;
pub mod read;
pub mod values;

pub use error::{BadRow, Column, Result, RowProblem, SheetError, SheetRefusal};
pub use export::{export, SheetFormat};
pub use plan::{NewFocusArea, Outcome, Preview, RenamedFocusArea, RowPreview};

use steerco_store::Store;

/// What importing `bytes` (a CSV or XLSX file) would do; nothing is written.
pub fn preview(store: &Store, bytes: &[u8], update: bool) -> Result<Preview> {
    let grid = read::grid(bytes)?;
    Ok(plan::plan(store, &grid, update)?.preview)
}

/// Import `bytes`: every row or none (any bad row refuses the whole file,
/// naming each bad row). Returns what was done.
pub fn import(store: &mut Store, bytes: &[u8], update: bool) -> Result<Preview> {
    let grid = read::grid(bytes)?;
    plan::plan(store, &grid, update)?.apply(store)
}
