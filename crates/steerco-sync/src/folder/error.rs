//! What a folder sync can fail with; each error has a stable `code()`.

use std::path::{Path, PathBuf};

use steerco_store::StoreError;

use super::MARKER;
use crate::crypto::CryptoError;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("the folder {folder} belongs to another workspace ({theirs}); this workspace is {ours}. Nothing was exchanged.")]
    OtherWorkspace {
        folder: PathBuf,
        theirs: String,
        ours: String,
    },
    #[error("{0} is not a Steerco sync folder (no {MARKER})")]
    NotAFolder(PathBuf),
    #[error("{0} has a {MARKER} from a newer Steerco; update to sync with it")]
    NewerFolder(PathBuf),
    #[error("folder error at {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the folder {0} is encrypted: give the workspace passphrase")]
    NeedsPassphrase(PathBuf),
    #[error("the folder {0} is not encrypted; sync without a passphrase (or use a new, empty folder for an encrypted one)")]
    NotEncrypted(PathBuf),
    #[error("the passphrase of the folder {0} was changed: give the new one")]
    PassphraseChanged(PathBuf),
    #[error("the new passphrase may not be empty")]
    EmptyPassphrase,
    #[error("this workspace has {closed} closed (confidential) agenda items: it syncs only to an encrypted folder; give a passphrase (a new, empty folder becomes encrypted), {folder} was not used")]
    ClosedItemsNeedEncryption { folder: PathBuf, closed: i64 },
    #[error("this workspace syncs through a {used}; it cannot also sync through a {wanted}, whose members would never get its earlier changes. To move to a {wanted}, join from it into a new file.")]
    OtherKind {
        used: &'static str,
        wanted: &'static str,
    },
    #[error(transparent)]
    Crypto(#[from] CryptoError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SyncError {
    pub fn code(&self) -> &'static str {
        match self {
            SyncError::OtherWorkspace { .. } => "other_workspace",
            SyncError::NotAFolder(_) => "not_a_sync_folder",
            SyncError::NewerFolder(_) => "newer_folder",
            SyncError::Io { .. } => "io",
            SyncError::NeedsPassphrase(_) => "needs_passphrase",
            SyncError::NotEncrypted(_) => "not_encrypted",
            SyncError::PassphraseChanged(_) => "passphrase_changed",
            SyncError::EmptyPassphrase => "empty_passphrase",
            SyncError::ClosedItemsNeedEncryption { .. } => "closed_items_need_encryption",
            SyncError::OtherKind { .. } => "other_sync_kind",
            SyncError::Crypto(CryptoError::WrongPassphrase) => "wrong_passphrase",
            SyncError::Crypto(_) => "crypto",
            SyncError::Store(e) => e.code(),
        }
    }
}

pub(super) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SyncError + '_ {
    move |source| SyncError::Io {
        path: path.to_path_buf(),
        source,
    }
}
