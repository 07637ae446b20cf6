//! `attachment add | list | get | replace | delete | restore`: papers on
//! agenda items. The bytes go to the workspace's blob store, never the log.

use std::io::Write;
use std::path::Path;

use steerco_app_core::handlers;
use steerco_app_core::requests::UndoDeleteRequest;
use steerco_store::ops::restore::Restorable;

use super::{CliError, Ctx, Result};
use crate::args::AttachmentVerb;
use crate::output;

pub fn run(ctx: &Ctx, verb: AttachmentVerb) -> Result {
    match verb {
        AttachmentVerb::Add { item, file, title } => {
            readable(&file)?;
            let mut store = ctx.open_for_change()?;
            let id = store.add_attachment(&item, &file, title.as_deref())?;
            output::line(&id)?;
        }
        AttachmentVerb::List { meeting, json } => {
            let store = ctx.open()?;
            let papers = store.attachments(&meeting)?;
            if json {
                return output::json(&papers);
            }
            let rows: Vec<Vec<String>> = papers
                .iter()
                .map(|a| {
                    let mut notes = Vec::new();
                    if a.closed {
                        notes.push("closed item");
                    }
                    if a.latest.executable {
                        notes.push("could run: save only");
                    }
                    if !a.latest.available {
                        notes.push("not on this computer");
                    }
                    vec![
                        a.id[..8].to_string(),
                        format!("{}. {}", a.item_number, output::clip(&a.item_title, 30)),
                        output::clip(&a.title, 40),
                        format!("{} of {}", a.latest.version, a.versions),
                        size(a.size),
                        a.latest.file_name.clone(),
                        notes.join(", "),
                    ]
                })
                .collect();
            output::table(
                &["ID", "ITEM", "TITLE", "VERSION", "SIZE", "FILE", ""],
                &rows,
            )?;
        }
        AttachmentVerb::Get {
            attachment,
            output,
            version,
        } => {
            let store = ctx.open()?;
            match output.filter(|p| p.as_os_str() != "-") {
                Some(path) => {
                    store.save_attachment(&attachment, version, &path)?;
                }
                None => {
                    let (_, bytes) = store.attachment_bytes(&attachment, version)?;
                    std::io::stdout().lock().write_all(&bytes)?;
                }
            }
        }
        AttachmentVerb::Replace { attachment, file } => {
            readable(&file)?;
            let mut store = ctx.open_for_change()?;
            let version = store.replace_attachment(&attachment, &file)?;
            output::line(&version.to_string())?;
        }
        AttachmentVerb::Delete { attachment } => {
            let mut store = ctx.open_for_change()?;
            let id = store.delete_attachment(&attachment)?;
            output::line(&id)?;
        }
        AttachmentVerb::Restore { attachment } => {
            // The app's undo, as `agenda restore` is.
            let mut store = ctx.open_for_change()?;
            let what = Restorable::Attachment;
            handlers::undo_delete(
                &mut store,
                UndoDeleteRequest {
                    what,
                    id: attachment,
                },
            )?;
        }
    }
    Ok(())
}

/// A file to attach, or the one line that says why it cannot be read.
fn readable(file: &Path) -> Result {
    let meta = std::fs::metadata(file)
        .map_err(|e| CliError::Input(format!("cannot read {}: {e}", file.display())))?;
    if !meta.is_file() {
        return Err(CliError::Input(format!("{} is not a file", file.display())));
    }
    Ok(())
}

/// Bytes as people read them.
fn size(bytes: i64) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KIB {
        format!("{bytes} B")
    } else if b < KIB * KIB {
        format!("{:.1} KiB", b / KIB)
    } else {
        format!("{:.1} MiB", b / (KIB * KIB))
    }
}
