//! Errors as the app gets them. Every error a command can return has a stable
//! code and typed parameters: a refusal (`Refusal`) or one of the `Problem`s
//! below (the store's other errors, sync, the server, exports, the shell).
//! The UI says each in its own language from the code and the parameters; its
//! texts are keyed by the TypeScript type generated from these, so a code
//! without a Danish or an English text does not compile. The English message
//! goes along (it is what the CLI prints, and what a log shows).
//!
//! This crate holds the whole vocabulary, sync's and exports' included, because
//! the generated bindings are made here; those crates map their errors to it.

mod export;
mod sheet;
mod sync;

use std::path::Path;

use serde::Serialize;

use steerco_store::refusal::{Entity, Refusal};
use steerco_store::StoreError;

/// An error as the UI gets it: `{code, params, message}`.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ApiError {
    #[serde(flatten)]
    pub cause: Cause,
    /// The English text (the CLI's); the UI shows its own from the code.
    pub message: String,
}

/// A refusal or another problem; both serialise as `{code, params}`.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(untagged)]
pub enum Cause {
    Refused(Refusal),
    Problem(Problem),
}

/// Every error the app can show that is not a refusal of its input. Where a
/// parameter is `detail`, it is the underlying error's own (English) text:
/// data to quote, for faults no one types their way into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum Problem {
    // The store.
    NoWorkspace {
        path: String,
    },
    NoWorkspaceOpen,
    AlreadyExists {
        path: String,
    },
    NotAWorkspace {
        path: String,
    },
    Busy {
        path: String,
    },
    NewerSchema {
        found: i64,
        known: i64,
    },
    MigrationChecksum {
        version: i64,
    },
    NotFound {
        kind: Entity,
        key: String,
    },
    Ambiguous {
        kind: Entity,
        key: String,
        candidates: String,
    },
    DuplicateCode {
        code: String,
    },
    BadExport {
        detail: String,
    },
    Clock {
        detail: String,
    },
    Database {
        detail: String,
    },
    /// A file could not be read or written (`path` when known).
    Io {
        path: Option<String>,
        detail: String,
    },
    Json {
        detail: String,
    },
    // Sync (a folder, or a server: `place` is the folder or the address).
    OtherWorkspace {
        place: Option<String>,
        theirs: String,
        ours: String,
    },
    NotASyncFolder {
        path: String,
    },
    NewerFolder {
        place: String,
    },
    NeedsPassphrase {
        place: String,
    },
    NotEncrypted {
        place: String,
    },
    PassphraseChanged {
        place: String,
    },
    EmptyPassphrase,
    ClosedItemsNeedEncryption {
        place: String,
        closed: i64,
    },
    OtherSyncKind {
        used: SyncKind,
        wanted: SyncKind,
    },
    WrongPassphrase,
    Crypto {
        detail: String,
    },
    // A sync server.
    BadServerUrl {
        url: String,
    },
    Unauthorized,
    NothingToJoin,
    SegmentConflict {
        segment: u64,
    },
    ServerRefused {
        status: u16,
        code: String,
        detail: String,
    },
    ServerUnreachable {
        url: String,
        attempts: u32,
        detail: String,
    },
    ServerProtocol {
        detail: String,
    },
    /// Two addresses given for one workspace serve different workspaces or
    /// databases (`first_is`, `other_is`: what each serves, in English).
    OtherAddress {
        first: String,
        first_is: String,
        other: String,
        other_is: String,
    },
    /// The workspace was closed while it synced.
    Closed,
    // The app's shell.
    /// Neither the desktop portal nor zenity can show a file dialog here: the
    /// UI asks for the path as text instead.
    NoFileDialog,
    NeedsToken,
    NoSyncFolder,
    NeedsCurrentPassphrase,
    /// A paper that could run (a script, a program, a `.desktop` file) is
    /// offered for saving only, never opened.
    CouldRun {
        file_name: String,
    },
    // Exports.
    ExportFailed {
        detail: String,
    },
    BadData {
        detail: String,
    },
    // Spreadsheet import (steerco-sheet): the file as a whole; each bad row
    // with its number as a spreadsheet program shows it and every reason.
    NotASpreadsheet {
        detail: String,
    },
    SheetNoHeader,
    SheetNoColumn {
        column: steerco_sheet::Column,
    },
    SheetColumnTwice {
        header: String,
    },
    SheetColumnYear {
        header: String,
        year: i64,
    },
    SheetBadRows {
        rows: Vec<steerco_sheet::BadRow>,
    },
}

/// How a workspace syncs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SyncKind {
    Folder,
    Server,
}

impl ApiError {
    pub fn new(cause: impl Into<Cause>, message: impl Into<String>) -> ApiError {
        ApiError {
            cause: cause.into(),
            message: message.into(),
        }
    }

    /// The code, as the UI sees it (tests and logs).
    pub fn code(&self) -> String {
        match serde_json::to_value(&self.cause) {
            Ok(v) => v["code"].as_str().unwrap_or_default().to_string(),
            Err(_) => String::new(),
        }
    }
}

impl From<Refusal> for Cause {
    fn from(r: Refusal) -> Cause {
        Cause::Refused(r)
    }
}

impl From<Problem> for Cause {
    fn from(p: Problem) -> Cause {
        Cause::Problem(p)
    }
}

/// A path as the parameters carry it.
pub fn shown(path: &Path) -> String {
    path.display().to_string()
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        let message = e.to_string();
        let cause: Cause = match e {
            StoreError::Refused(r) => r.into(),
            StoreError::NoWorkspace(p) => Problem::NoWorkspace { path: shown(&p) }.into(),
            StoreError::NoWorkspaceOpen => Problem::NoWorkspaceOpen.into(),
            StoreError::AlreadyExists(p) => Problem::AlreadyExists { path: shown(&p) }.into(),
            StoreError::NotAWorkspace(p) => Problem::NotAWorkspace { path: shown(&p) }.into(),
            StoreError::Busy(p) => Problem::Busy { path: shown(&p) }.into(),
            StoreError::NewerSchema { found, known } => {
                Problem::NewerSchema { found, known }.into()
            }
            StoreError::MigrationChecksum { version } => {
                Problem::MigrationChecksum { version }.into()
            }
            StoreError::NotFound { kind, key } => Problem::NotFound { kind, key }.into(),
            StoreError::Ambiguous {
                what,
                key,
                candidates,
            } => Problem::Ambiguous {
                kind: what,
                key,
                candidates,
            }
            .into(),
            StoreError::DuplicateCode(code) => Problem::DuplicateCode { code }.into(),
            StoreError::BadExport(detail) => Problem::BadExport { detail }.into(),
            StoreError::Clock(e) => Problem::Clock {
                detail: e.to_string(),
            }
            .into(),
            StoreError::Sqlite(e) => Problem::Database {
                detail: e.to_string(),
            }
            .into(),
            StoreError::Io(e) => Problem::Io {
                path: None,
                detail: e.to_string(),
            }
            .into(),
            StoreError::Json(e) => Problem::Json {
                detail: e.to_string(),
            }
            .into(),
        };
        ApiError { cause, message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use steerco_store::refusal::Missing;

    #[test]
    fn refusals_and_problems_share_one_shape() {
        let e = ApiError::from(StoreError::from(Refusal::CommitteeExists {
            name: "Styregruppen".into(),
        }));
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({
                "code": "committee_exists",
                "params": {"name": "Styregruppen"},
                "message": "a committee named \"Styregruppen\" exists already",
            })
        );
        assert_eq!(e.code(), "committee_exists");
        let e = ApiError::from(StoreError::from(Refusal::Missing {
            what: Missing::MeetingTitle,
        }));
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({
                "code": "missing",
                "params": {"what": "meeting_title"},
                "message": "a meeting needs a title",
            })
        );
        let e = ApiError::from(StoreError::NoWorkspaceOpen);
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"code": "no_workspace_open", "message": "no workspace is open"})
        );
    }

    /// The codes the store's errors had before they had parameters stay.
    #[test]
    fn a_store_error_keeps_its_code() {
        for e in [
            StoreError::NoWorkspace("x".into()),
            StoreError::NotFound {
                kind: Entity::Committee,
                key: "x".into(),
            },
            StoreError::DuplicateCode("8.1".into()),
            StoreError::Io(std::io::Error::other("x")),
            StoreError::Sqlite(rusqlite::Error::InvalidQuery),
            StoreError::from(Refusal::NoAmount),
        ] {
            let code = e.code();
            assert_eq!(ApiError::from(e).code(), code);
        }
    }
}
