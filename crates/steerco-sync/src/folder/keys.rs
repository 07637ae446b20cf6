//! Passphrase changes: each adds a key epoch, `keys/epoch-<n>-<replica>.json`
//! (the new parameters, every earlier key sealed under the new one), so files
//! sealed before stay readable; the highest (epoch, replica) counts.

use std::path::Path;

use steerco_domain::ReplicaId;
use steerco_store::Store;

use super::compact::write_snapshot;
use super::marker::{folder_key, folder_marker};
use super::{sync_folder, write_atomic, SyncError, SyncReport};
use crate::crypto::{CryptoError, Encryption, Key, KeyEpoch};

/// The key for passphrase `p`: the newest epoch's when the passphrase was
/// ever changed, else the marker's. `place` (a folder or a server address)
/// names where in an error.
pub(crate) fn epoch_key(
    enc: &Encryption,
    latest: Option<KeyEpoch>,
    p: &str,
    ws: &str,
    place: &Path,
) -> Result<Key, SyncError> {
    match latest {
        None => Ok(enc.unlock(p, ws)?),
        Some(epoch) => match epoch.unlock(p, ws) {
            Ok(key) => Ok(key),
            // The first passphrase still opens the marker: it was changed since.
            Err(CryptoError::WrongPassphrase) if enc.unlock(p, ws).is_ok() => {
                Err(SyncError::PassphraseChanged(place.to_path_buf()))
            }
            Err(e) => Err(e.into()),
        },
    }
}

/// The name of a key epoch's record: its number, then the replica that
/// made the change (so no record has two writers, and names sort by epoch).
pub(crate) fn epoch_name(epoch: u32, replica: &str) -> String {
    format!("epoch-{epoch:06}-{replica}")
}

/// Of key records by name, the newest that reads. Of two changes made at
/// once the one of the higher replica id counts.
pub(crate) fn newest_epoch(mut found: Vec<(String, Vec<u8>)>) -> Option<KeyEpoch> {
    found.retain(|(name, _)| {
        name.strip_prefix("epoch-")
            .and_then(|rest| rest.split_once('-'))
            .is_some_and(|(n, replica)| {
                n.len() == 6 && n.parse::<u32>().is_ok() && ReplicaId::parse(replica).is_some()
            })
    });
    found.sort();
    found
        .into_iter()
        .rev()
        .find_map(|(_, bytes)| serde_json::from_slice(&bytes).ok())
}

/// Where passphrase changes are recorded: one file per change, named by its
/// epoch and the replica that made it (so no file has two writers).
const KEYS: &str = "keys";

/// The newest key epoch in the folder, if the passphrase was ever changed.
pub(super) fn latest_epoch(dir: &Path) -> Option<KeyEpoch> {
    let found = std::fs::read_dir(dir.join(KEYS))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|f| {
            let name = f.file_name().to_string_lossy().into_owned();
            let name = name.strip_suffix(".json")?.to_string();
            Some((name, std::fs::read(f.path()).ok()?))
        })
        .collect();
    newest_epoch(found)
}

/// Change the passphrase of an encrypted folder: sync with the old one, add
/// a key epoch for the new one (earlier keys sealed inside it, so files
/// sealed before stay readable), then re-seal this replica's whole state as
/// a snapshot under the new key. Other members need the new passphrase from
/// their next sync on.
pub fn change_passphrase(
    store: &mut Store,
    dir: &Path,
    old: &str,
    new: &str,
) -> Result<SyncReport, SyncError> {
    if new.is_empty() {
        return Err(SyncError::EmptyPassphrase);
    }
    let mut report = sync_folder(store, dir, Some(old))?;
    let ours = store.workspace()?.id;
    let marker = folder_marker(dir)?.ok_or_else(|| SyncError::NotAFolder(dir.to_path_buf()))?;
    let key = folder_key(dir, &marker, &ours, Some(old))?
        .ok_or_else(|| SyncError::NotEncrypted(dir.to_path_buf()))?;
    let (epoch, new_key) = key.next(new, &ours)?;
    let me = store.replica().to_string();
    write_atomic(
        &dir.join(KEYS)
            .join(format!("{}.json", epoch_name(epoch.epoch, &me))),
        &serde_json::to_vec_pretty(&epoch).unwrap_or_default(),
    )?;
    write_snapshot(store, dir, &ours, Some(&new_key), &mut report)?;
    Ok(report)
}
