//! The `shell` commands of the command list (crates/steerco-app-core): the
//! ones that need the window (a native dialog, progress events, a network
//! call kept off the main thread). Each has the signature the list gives it.

pub use crate::commands::{ui_ready, workspace_create_dialog, workspace_open_dialog};
pub use crate::export::{export_file, meeting_invite};
pub use crate::help::help_guide;
pub use crate::papers::{attachment_add, attachment_open, attachment_replace, attachment_save};
pub use crate::published::{report_publish, report_published_get};
pub use crate::server_sync::{sync_join_server, sync_server_connect, sync_server_disconnect};
pub use crate::sheet::{export_spreadsheet, import_spreadsheet, import_spreadsheet_preview};
pub use crate::sync_ext::{
    conflict_resolve, sync_folder_dialog, sync_folder_set, sync_join_folder, sync_now,
    sync_papers_set, sync_passphrase, sync_status,
};
