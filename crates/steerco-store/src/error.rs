//! The store's one error type. Every variant has a stable `code()` that the CLI
//! and the UI use; the message is a sentence a user can act on.

use std::path::PathBuf;

pub use crate::refusal::{Entity, Refusal};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no workspace at {0}; create one with `steerco init --demo`")]
    NoWorkspace(PathBuf),
    #[error("no workspace is open")]
    NoWorkspaceOpen,
    #[error("a file already exists at {0}; choose another path")]
    AlreadyExists(PathBuf),
    #[error("{0} is not a Steerco workspace")]
    NotAWorkspace(PathBuf),
    #[error("another Steerco process is closing {0}; try again in a moment")]
    Busy(PathBuf),
    #[error("this workspace was written by a newer Steerco (schema {found}, this version knows up to {known}); update Steerco to open it. The file was not changed.")]
    NewerSchema { found: i64, known: i64 },
    #[error("migration {version} was changed after it was applied (checksum mismatch); the file was not changed")]
    MigrationChecksum { version: i64 },
    /// The operation refused its input. Each reason is a `Refusal` variant
    /// (there is no untyped one): the app says it from its code and
    /// parameters, with a Danish and an English text in the UI.
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error("no {kind} {key:?}")]
    NotFound { kind: Entity, key: String },
    #[error("{what} {key:?} is ambiguous; candidates: {candidates}")]
    Ambiguous {
        what: Entity,
        key: String,
        candidates: String,
    },
    #[error("an initiative with code {0:?} already exists")]
    DuplicateCode(String),
    #[error("not a Steerco export: {0}")]
    BadExport(String),
    #[error("clock error: {0}")]
    Clock(#[from] steerco_domain::HlcError),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    #[error("JSON error: {0}")]
    Json(#[from] serde_json::Error),
}

impl StoreError {
    /// A stable machine-readable code (the UI switches on it; tests pin it).
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::NoWorkspace(_) => "no_workspace",
            StoreError::NoWorkspaceOpen => "no_workspace_open",
            StoreError::AlreadyExists(_) => "already_exists",
            StoreError::NotAWorkspace(_) => "not_a_workspace",
            StoreError::Busy(_) => "busy",
            StoreError::NewerSchema { .. } => "newer_schema",
            StoreError::MigrationChecksum { .. } => "migration_checksum",
            StoreError::Refused(r) => r.code(),
            StoreError::NotFound { .. } => "not_found",
            StoreError::Ambiguous { .. } => "ambiguous",
            StoreError::DuplicateCode(_) => "duplicate_code",
            StoreError::BadExport(_) => "bad_export",
            StoreError::Clock(_) => "clock",
            StoreError::Sqlite(_) => "database",
            StoreError::Io(_) => "io",
            StoreError::Json(_) => "json",
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
