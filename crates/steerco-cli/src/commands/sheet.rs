//! steerco import spreadsheet | export spreadsheet: initiatives and their
//! focus areas through steerco-sheet.

use std::path::Path;

use steerco_sheet::{Outcome, Preview, SheetFormat};
use steerco_store::Store;

use super::{CliError, Ctx, Result};
use crate::args::SpreadsheetImportArgs;
use crate::output;

/// The spreadsheet's bytes, in the format the file name says (`-`: CSV).
pub fn export(store: &Store, output: &Path) -> Result<Vec<u8>> {
    let name = output.to_string_lossy();
    let format = if name == "-" {
        SheetFormat::Csv
    } else {
        SheetFormat::of_name(&name).ok_or_else(|| {
            CliError::Input(format!(
                "{name:?}: name the file .xlsx or .csv to say which to write"
            ))
        })?
    };
    Ok(steerco_sheet::export(store, format)?)
}

pub fn import(ctx: &Ctx, args: SpreadsheetImportArgs) -> Result {
    let bytes = std::fs::read(&args.file)
        .map_err(|e| CliError::Input(format!("cannot read {}: {e}", args.file.display())))?;
    let preview = if args.preview {
        steerco_sheet::preview(&ctx.open()?, &bytes, args.update)?
    } else {
        let mut store = ctx.open_for_change()?;
        steerco_sheet::import(&mut store, &bytes, args.update)?
    };
    if args.json {
        return output::json(&preview);
    }
    show(&preview, args.preview)
}

fn show(p: &Preview, preview: bool) -> Result {
    let rows: Vec<Vec<String>> = p
        .rows
        .iter()
        .map(|r| {
            let (outcome, detail) = match &r.outcome {
                Outcome::New => ("new", String::new()),
                Outcome::Unchanged => ("unchanged", String::new()),
                Outcome::Update { columns } => (
                    "update",
                    columns
                        .iter()
                        .map(|c| c.to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                Outcome::Bad { problems } => (
                    "bad",
                    problems
                        .iter()
                        .map(|p| p.to_string())
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            };
            vec![
                r.row.to_string(),
                outcome.to_string(),
                r.code.clone(),
                output::clip(&r.title, 40),
                detail,
            ]
        })
        .collect();
    output::table(&["row", "outcome", "code", "title", "detail"], &rows)?;
    for a in &p.new_focus_areas {
        output::line(&format!("new focus area {} {}", a.number, a.name))?;
    }
    for r in &p.renamed_focus_areas {
        output::line(&format!(
            "rename focus area {} from {:?} to {:?}",
            r.number, r.from, r.to
        ))?;
    }
    if !p.ignored_columns.is_empty() {
        output::line(&format!(
            "columns not read: {}",
            p.ignored_columns.join(", ")
        ))?;
    }
    let verb = if preview { "would import" } else { "imported" };
    output::line(&format!(
        "{verb}: {} new, {} updated, {} unchanged, {} bad",
        p.new, p.updated, p.unchanged, p.bad
    ))?;
    Ok(())
}
