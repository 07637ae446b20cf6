//! `steerco-folder.json`: the format, the workspace a folder belongs to and,
//! for an encrypted folder, the Argon2id parameters and a sealed check text.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::error::io;
use super::keys::{epoch_key, key_path, key_records};
use super::SyncError;
use crate::crypto::{Encryption, Key};

pub const MARKER: &str = "steerco-folder.json";

#[derive(Debug, Serialize, Deserialize)]
pub struct Marker {
    pub format: String,
    pub version: u32,
    pub workspace: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption: Option<Encryption>,
}

impl Marker {
    /// The marker of a new folder (or server workspace) and its key: with a
    /// passphrase, new Argon2id parameters and a sealed check text.
    pub fn new(
        workspace: &str,
        passphrase: Option<&str>,
    ) -> Result<(Marker, Option<Key>), SyncError> {
        let (encryption, key) = match passphrase {
            Some(p) => {
                let (e, k) = Encryption::create(p, workspace)?;
                (Some(e), Some(k))
            }
            None => (None, None),
        };
        let marker = Marker {
            format: "steerco-folder".into(),
            version: 1,
            workspace: workspace.to_string(),
            encryption,
        };
        Ok((marker, key))
    }
}

/// The folder's marker, or None for an empty folder.
pub fn folder_marker(dir: &Path) -> Result<Option<Marker>, SyncError> {
    let path = dir.join(MARKER);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(&path)(e)),
    };
    let marker: Marker =
        serde_json::from_str(&text).map_err(|_| SyncError::NotAFolder(dir.to_path_buf()))?;
    if marker.format != "steerco-folder" {
        return Err(SyncError::NotAFolder(dir.to_path_buf()));
    }
    if marker.version > 1 {
        return Err(SyncError::NewerFolder(dir.to_path_buf()));
    }
    Ok(Some(marker))
}

/// The key for this folder, after checking that it belongs to workspace
/// `ours` and that the passphrase fits the marker (see `folder_key_aside`).
pub(super) fn folder_key(
    dir: &Path,
    marker: &Marker,
    ours: &str,
    passphrase: Option<&str>,
) -> Result<Option<Key>, SyncError> {
    Ok(folder_key_aside(dir, marker, ours, passphrase)?.0)
}

/// Key record files set aside, with the reason.
pub(super) type KeyFilesAside = Vec<(PathBuf, String)>;

/// `folder_key`, and the key records it set aside (planted or unproven
/// passphrase changes, see `keys::epoch_key`) by path, with the reason, for
/// the sync report. Key parameters out of bounds in the marker are an error
/// before anything is written.
pub(super) fn folder_key_aside(
    dir: &Path,
    marker: &Marker,
    ours: &str,
    passphrase: Option<&str>,
) -> Result<(Option<Key>, KeyFilesAside), SyncError> {
    if marker.workspace != ours {
        return Err(SyncError::OtherWorkspace {
            folder: dir.to_path_buf(),
            theirs: marker.workspace.clone(),
            ours: ours.to_string(),
        });
    }
    match (&marker.encryption, passphrase) {
        (None, None) => Ok((None, Vec::new())),
        (None, Some(_)) => Err(SyncError::NotEncrypted(dir.to_path_buf())),
        (Some(_), None) => Err(SyncError::NeedsPassphrase(dir.to_path_buf())),
        (Some(enc), Some(p)) => {
            let (key, aside) = epoch_key(enc, key_records(dir), p, &marker.workspace, dir)?;
            let aside = aside
                .into_iter()
                .map(|(name, why)| (key_path(dir, &name), why))
                .collect();
            Ok((Some(key), aside))
        }
    }
}
