//! Published reports for the app (steerco-reports' `publish`, the store's
//! published reports): a report published in the app's language, and the
//! file a save means, refused while its bytes have not reached this
//! computer, before any dialog asks where to put it. The shell
//! (src-tauri/src/published.rs) only adds the save dialog.

use steerco_reports::from_store::{self, Publish};
use steerco_reports::{ExportOptions, Lang};
use steerco_store::{Refusal, Store, StoreError};

use crate::inputs::PublishInput;
use crate::papers::safe_file_name;
use crate::problem::ApiError;

impl From<PublishInput> for Publish {
    fn from(what: PublishInput) -> Publish {
        match what {
            PublishInput::Status { year } => Publish::Status { year },
            PublishInput::Deliverables { half } => Publish::Deliverables { half },
            PublishInput::Highlight { initiative, period } => {
                Publish::Highlight { initiative, period }
            }
        }
    }
}

/// Publish `what` laid out in `language` (en, else Danish: the texts and
/// the files' names, as the app's exports); the published report's id.
pub fn publish(store: &mut Store, what: PublishInput, language: &str) -> Result<String, ApiError> {
    let opts = ExportOptions {
        omit_closed: false,
        language: if language == "en" { Lang::En } else { Lang::Da },
    };
    Ok(from_store::publish(store, &what.into(), opts)?)
}

/// The name to save the file of `format` (pdf, docx, md) of published
/// report `id` (or a unique prefix) under: its own, made a plain file name
/// as a paper's is (a row from another replica holds it). Refused while the
/// bytes are not on this computer.
pub fn file_name(store: &Store, id: &str, format: &str) -> Result<String, StoreError> {
    let (file, _) = store.published_file(id, format)?;
    if !file.available {
        return Err(Refusal::AttachmentNotHere {
            file_name: file.file_name,
        }
        .into());
    }
    Ok(safe_file_name(&file.file_name))
}
