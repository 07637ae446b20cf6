//! steerco export minutes | agenda | pack | ics | csv: files from steerco-reports.

use std::path::PathBuf;

use steerco_reports::from_store;
use steerco_reports::{ExportOptions, Lang};
use steerco_store::Store;

use super::{parse, CliError, Result};
use crate::args::ExportWhat;

/// The bytes of an export file and where they go.
pub fn file(store: &Store, what: ExportWhat) -> Result<(Vec<u8>, Option<PathBuf>)> {
    Ok(match what {
        ExportWhat::Minutes(f) => {
            let (format, opts) = (parse(&f.format)?, options(f.omit_closed, &f.lang)?);
            let bytes = from_store::minutes_file(store, &f.meeting, format, opts)?;
            (bytes, f.output)
        }
        ExportWhat::Agenda(f) => {
            let (format, opts) = (parse(&f.format)?, options(f.omit_closed, &f.lang)?);
            let bytes = from_store::agenda_file(store, &f.meeting, format, opts)?;
            (bytes, f.output)
        }
        ExportWhat::Pack {
            meeting,
            output,
            omit_closed,
            lang,
        } => {
            let made = from_store::board_pack_file(store, &meeting, options(omit_closed, &lang)?)?;
            // The agenda in the pack names them too; this tells whoever ran the command.
            if !made.left_out.is_empty() {
                eprintln!(
                    "note: not in the pack (not a PDF, or unreadable): {}",
                    made.left_out.join(", ")
                );
            }
            (made.bytes, Some(output))
        }
        ExportWhat::Ics { meeting, output } => (
            from_store::meeting_ics(store, &meeting)?.into_bytes(),
            output,
        ),
        ExportWhat::Csv { what, output } => match what.as_str() {
            "decisions" => (from_store::decisions_csv(store)?, output),
            "tasks" => (from_store::tasks_csv(store)?, output),
            other => {
                return Err(CliError::Input(format!(
                    "{other:?} cannot be exported as CSV; use decisions or tasks"
                )))
            }
        },
        ExportWhat::Spreadsheet { output } => (super::sheet::export(store, &output)?, Some(output)),
        // The canonical export is written by the caller, never routed here.
        ExportWhat::Json { .. } => return Err(CliError::Input("use `steerco export json`".into())),
    })
}

fn options(omit_closed: bool, lang: &str) -> Result<ExportOptions> {
    let language = match lang {
        "da" => Lang::Da,
        "en" => Lang::En,
        other => {
            return Err(CliError::Input(format!(
                "{other:?} is not a language; use da or en"
            )))
        }
    };
    Ok(ExportOptions {
        omit_closed,
        language,
    })
}
