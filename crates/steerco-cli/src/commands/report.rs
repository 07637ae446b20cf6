//! steerco report status | deliverables | highlight: the chair's reports;
//! `report publish | published` in `report/published.rs`.

mod published;

use steerco_reports::from_store::{self, Format};
use steerco_reports::ExportOptions;

use super::{parse, Ctx, Result};
use crate::args::ReportWhat;

pub fn report(ctx: &Ctx, what: ReportWhat) -> Result {
    let opts = ExportOptions::default();
    let (bytes, output) = match what {
        ReportWhat::Publish { what } => return published::publish(ctx, what),
        ReportWhat::Published { verb } => return published::published(ctx, verb),
        ReportWhat::Status {
            year,
            format,
            output,
        } => {
            let format: Format = parse(&format)?;
            (
                from_store::status_report_file(&ctx.open()?, year, format, opts)?,
                output,
            )
        }
        ReportWhat::Deliverables {
            half,
            format,
            output,
        } => {
            let format: Format = parse(&format)?;
            (
                from_store::deliverables_file(&ctx.open()?, &half, format, opts)?,
                output,
            )
        }
        ReportWhat::Highlight {
            code,
            format,
            period,
            output,
        } => {
            let format: Format = parse(&format)?;
            let store = ctx.open()?;
            let period = match period {
                Some(p) => p,
                None => store.current_quarter()?,
            };
            (
                from_store::highlight_file(&store, &code, &period, format, opts)?,
                output,
            )
        }
    };
    match output {
        Some(path) if path.as_os_str() != "-" => super::workspace::write_file(&path, &bytes),
        _ => {
            use std::io::Write;
            Ok(std::io::stdout().lock().write_all(&bytes)?)
        }
    }
}
