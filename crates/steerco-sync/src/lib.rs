//! Folder sync. Replicas of one workspace share a folder (a network drive, a
//! cloud-synced folder, a USB stick). The live SQLite file never goes there:
//! each replica writes only its own immutable segment files, each with a
//! versioned header and a SHA-256 checksum, under a temporary name and then
//! renamed into place; readers apply what they have not applied yet.
//!
//! ```text
//! DIR/steerco-folder.json            {"format": "steerco-folder", "version": 1, "workspace": ID}
//! DIR/<replica>/<seq, 10 digits>.seg header line (JSON) + body (JSON array of changes)
//! ```
//! Nothing trusts file names or modification times: the header says whose and
//! which segment a file is; the checksum says whether it is whole.

pub mod folder;
mod join;
mod log;
pub mod papers;
pub mod segment;
pub mod server;
pub mod via;

pub use folder::{
    change_passphrase, plan_folder, sync_folder, sync_folder_text, sync_folder_with, Compaction,
    SyncError, SyncPlan, SyncReport,
};
pub mod crypto;
pub use server::{join_server, sync_server, ServerError};
