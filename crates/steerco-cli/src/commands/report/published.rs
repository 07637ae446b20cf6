//! `report publish status | deliverables | highlight`: a report's files as
//! they are now, kept unchanged and synced (steerco-reports' `publish`);
//! `report published list | get`: what was published, and its files byte for
//! byte, once a sync has brought them to this computer.

use std::io::Write;

use steerco_reports::from_store::{self, Format, Publish};
use steerco_reports::ExportOptions;
use steerco_store::dates::local_time_of;

use crate::args::{PublishWhat, PublishedVerb};
use crate::commands::{parse, Ctx, Result};
use crate::output;

pub fn publish(ctx: &Ctx, what: PublishWhat) -> Result {
    let mut store = ctx.open_for_change()?;
    let what = match what {
        PublishWhat::Status { year } => Publish::Status { year },
        PublishWhat::Deliverables { half } => Publish::Deliverables { half },
        PublishWhat::Highlight { code, period } => Publish::Highlight {
            // As `report highlight` does.
            period: match period {
                Some(p) => p,
                None => store.current_quarter()?,
            },
            initiative: code,
        },
    };
    let id = from_store::publish(&mut store, &what, ExportOptions::default())?;
    output::line(&id)?;
    Ok(())
}

pub fn published(ctx: &Ctx, verb: PublishedVerb) -> Result {
    match verb {
        PublishedVerb::List { json } => {
            let store = ctx.open()?;
            let reports = store.published_reports()?;
            if json {
                return output::json(&reports);
            }
            let tz = store.time_zone()?;
            let rows: Vec<Vec<String>> = reports
                .iter()
                .map(|r| {
                    let formats: Vec<String> = r
                        .files
                        .iter()
                        .map(|f| match f.available {
                            true => f.format.clone(),
                            false => format!("{} (not on this computer)", f.format),
                        })
                        .collect();
                    vec![
                        r.id[..8].to_string(),
                        r.kind.clone(),
                        r.period.clone(),
                        output::clip(r.published_by.as_deref().unwrap_or("-"), 30),
                        local_time_of(tz, &r.published_at),
                        formats.join(", "),
                    ]
                })
                .collect();
            output::table(&["ID", "KIND", "PERIOD", "BY", "WHEN", "FORMATS"], &rows)?;
        }
        PublishedVerb::Get {
            report,
            format,
            output,
        } => {
            let format: Format = parse(&format)?;
            let store = ctx.open()?;
            match output.filter(|p| p.as_os_str() != "-") {
                Some(path) => {
                    store.save_published(&report, format.word(), &path)?;
                }
                None => {
                    let (_, bytes) = store.published_bytes(&report, format.word())?;
                    std::io::stdout().lock().write_all(&bytes)?;
                }
            }
        }
    }
    Ok(())
}
