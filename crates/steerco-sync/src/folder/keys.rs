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

/// Key records set aside (by name, with the reason), for the sync report.
pub(crate) type KeysAside = Vec<(String, String)>;

const FORGED: &str = "key record set aside: it does not prove knowledge of the previous passphrase's key (not made by a member; a file planted by someone without the passphrase)";
const UNPROVEN: &str = "key record set aside: it has no proof of the previous passphrase's key (made by a Steerco before version 16, or planted); if the passphrase was changed, give the new one";
const UNREACHABLE: &str =
    "key record set aside: no passphrase change this member can verify leads to it";
const UNREADABLE: &str = "key record set aside: not a readable key record";

/// A key record read from `keys/` (a folder) or a server, by its name.
struct Record {
    name: String,
    epoch: u32,
    replica: String,
    record: KeyEpoch,
}

/// The key for passphrase `p`, from the marker's parameters `enc` and the key
/// records `found` (by name), and the records set aside. `place` (a folder or
/// a server address) names where in an error.
///
/// A record counts only with proof that its writer knew the previous epoch's
/// key: a member who opens it checks every earlier key listed in it against
/// the marker and the earlier records; a member with an older passphrase
/// checks its proof (a MAC, see `KeyEpoch::proves`). So someone who can only
/// write files cannot plant a "passphrase was changed": such a record is set
/// aside and named, and the sync goes on with the current key. Records from
/// before the proof existed (Steerco before 16) still count for a member who
/// opens them (the earlier keys inside them are their proof); a member with
/// the old passphrase sets them aside, naming the possible change, instead of
/// stopping (it cannot tell them from a planted file).
pub(crate) fn epoch_key(
    enc: &Encryption,
    found: Vec<(String, Vec<u8>)>,
    p: &str,
    ws: &str,
    place: &Path,
) -> Result<(Key, KeysAside), SyncError> {
    let (records, mut aside) = parse_records(found);
    // Ours: epoch 0 when the passphrase opens the marker (one key derivation,
    // whatever was planted), else the newest record it opens that proves
    // every earlier key.
    let mut ours = match enc.unlock(p, ws) {
        Ok(key) => Some((key, None)),
        Err(CryptoError::WrongPassphrase) => None,
        Err(e) => return Err(e.into()),
    };
    if ours.is_none() {
        for (i, r) in records.iter().enumerate().rev() {
            match r.record.unlock(p, ws) {
                Ok(key) if chain_holds(enc, &records, &key, r, ws) => {
                    ours = Some((key, Some(i)));
                    break;
                }
                Ok(_) => aside.push((r.name.clone(), FORGED.into())),
                Err(CryptoError::WrongPassphrase) => {}
                Err(e) => aside.push((r.name.clone(), format!("key record set aside: {e}"))),
            }
        }
    }
    let Some((key, at)) = ours else {
        return Err(CryptoError::WrongPassphrase.into());
    };
    let here = at.map_or((0, ""), |i| (records[i].epoch, records[i].replica.as_str()));
    // Every other record: a proven later one (the next epoch, or this one
    // from a higher replica: of two changes made at once that one counts)
    // means the passphrase was changed; anything unproven is set aside.
    let mut changed = false;
    let mut beyond = Vec::new();
    for (i, r) in records.iter().enumerate() {
        if Some(i) == at || aside.iter().any(|(n, _)| *n == r.name) {
            continue;
        }
        let later = (r.epoch, r.replica.as_str()) > here;
        let Some(previous) = key.for_epoch(r.epoch - 1) else {
            beyond.push(r.name.clone()); // two or more epochs ahead of ours
            continue;
        };
        if r.record.proves(previous, ws, &r.replica) {
            changed |= later;
        } else if r.record.proof.is_some() {
            aside.push((r.name.clone(), FORGED.into()));
        } else if later {
            aside.push((r.name.clone(), UNPROVEN.into()));
        } // an unproven record behind ours: earlier history, never used
    }
    if changed {
        return Err(SyncError::PassphraseChanged(place.to_path_buf()));
    }
    aside.extend(beyond.into_iter().map(|n| (n, UNREACHABLE.into())));
    Ok((key, aside))
}

/// Whether `key` (opened from `top`) holds genuine earlier keys: epoch 0's
/// opens the marker's check, each later one the check of a record of its
/// epoch that proves the key before it (or predates proofs), and `top`'s own
/// proof holds when it has one. Only members of every earlier epoch could
/// have listed them.
fn chain_holds(enc: &Encryption, records: &[Record], key: &Key, top: &Record, ws: &str) -> bool {
    if key.epoch() != top.epoch || !key.holds_every_earlier_epoch() {
        return false;
    }
    let k = |e: u32| key.for_epoch(e).expect("holds every earlier epoch");
    if !enc.opens_with(k(0), ws) {
        return false;
    }
    let proven =
        |r: &Record| r.record.proof.is_none() || r.record.proves(k(r.epoch - 1), ws, &r.replica);
    (1..top.epoch).all(|e| {
        records
            .iter()
            .any(|r| r.epoch == e && r.record.encryption.opens_with(k(e), ws) && proven(r))
    }) && proven(top)
}

/// The name of a key epoch's record: its number, then the replica that
/// made the change (so no record has two writers, and names sort by epoch).
pub(crate) fn epoch_name(epoch: u32, replica: &str) -> String {
    format!("epoch-{epoch:06}-{replica}")
}

/// (epoch, replica) from a record's name, None for another file.
fn parse_name(name: &str) -> Option<(u32, String)> {
    let (n, replica) = name.strip_prefix("epoch-")?.split_once('-')?;
    let epoch = n.parse::<u32>().ok().filter(|_| n.len() == 6)?;
    ReplicaId::parse(replica)?;
    Some((epoch, replica.to_string()))
}

/// The key records among `found`, by (epoch, replica), and those set aside
/// before any key derivation: unreadable, naming another epoch than their
/// name, or with key parameters out of bounds. Other files are ignored.
fn parse_records(found: Vec<(String, Vec<u8>)>) -> (Vec<Record>, KeysAside) {
    let mut records = Vec::new();
    let mut aside = Vec::new();
    for (name, bytes) in found {
        let Some((epoch, replica)) = parse_name(&name) else {
            continue;
        };
        match serde_json::from_slice::<KeyEpoch>(&bytes) {
            Ok(record) if record.epoch == epoch && epoch > 0 => {
                match record.encryption.check_bounds() {
                    Ok(()) => records.push(Record {
                        name,
                        epoch,
                        replica,
                        record,
                    }),
                    Err(e) => aside.push((name, format!("key record set aside: {e}"))),
                }
            }
            _ => aside.push((name, UNREADABLE.into())),
        }
    }
    records.sort_by(|a, b| (a.epoch, &a.replica).cmp(&(b.epoch, &b.replica)));
    (records, aside)
}

/// Of key records by name, the newest that reads (the parser, for the fuzz
/// targets; which record counts is `epoch_key`'s to decide).
#[doc(hidden)] // public for the fuzz targets (fuzz/)
pub fn newest_epoch(found: Vec<(String, Vec<u8>)>) -> Option<KeyEpoch> {
    parse_records(found).0.pop().map(|r| r.record)
}

/// Where passphrase changes are recorded: one file per change, named by its
/// epoch and the replica that made it (so no file has two writers).
const KEYS: &str = "keys";

/// The key records in the folder (by name, without `.json`).
pub(super) fn key_records(dir: &Path) -> Vec<(String, Vec<u8>)> {
    std::fs::read_dir(dir.join(KEYS))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|f| {
            let name = f.file_name().to_string_lossy().into_owned();
            let name = name.strip_suffix(".json")?.to_string();
            Some((name, std::fs::read(f.path()).ok()?))
        })
        .collect()
}

/// Where a key record of the folder `dir` named `name` is (for the report).
pub(super) fn key_path(dir: &Path, name: &str) -> std::path::PathBuf {
    dir.join(KEYS).join(format!("{name}.json"))
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
    let me = store.replica().to_string();
    let (epoch, new_key) = key.next(new, &ours, &me)?;
    write_atomic(
        &dir.join(KEYS)
            .join(format!("{}.json", epoch_name(epoch.epoch, &me))),
        &serde_json::to_vec_pretty(&epoch).unwrap_or_default(),
    )?;
    write_snapshot(store, dir, &ours, Some(&new_key), &mut report)?;
    Ok(report)
}
