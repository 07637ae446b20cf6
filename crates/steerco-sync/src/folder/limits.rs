//! How far files that are weaker than today's are accepted, per replica:
//! files of the first segment format (their header is not authenticated),
//! and files sealed in a key epoch before the current one (whoever still
//! knows an old passphrase could make them). Both are accepted only up to
//! the positions known when this replica first ran format 2, or first saw
//! the current epoch: what it had applied then, plus the run of files that
//! verified in the folder right after it. Recorded locally
//! (`sync.limits`), so later files can never move the limit.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use steerco_domain::ReplicaId;
use steerco_store::{LocalKey, Store};

use super::error::io;
use super::{claimed_seq, SyncError};
use crate::crypto::Key;
use crate::segment::{self, Header};

#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct Limits {
    /// Format-1 files: per replica, the last segment accepted (None: not
    /// recorded yet, this is the first sync of format 2).
    #[serde(default)]
    pub legacy: Option<BTreeMap<String, u64>>,
    /// The key epoch `old_epoch` was recorded for.
    #[serde(default)]
    pub epoch: u32,
    /// Files sealed before `epoch`: per replica, the last segment accepted.
    #[serde(default)]
    pub old_epoch: BTreeMap<String, u64>,
}

impl Limits {
    /// The limits of this replica, recorded now where they are not yet.
    pub(crate) fn load(
        store: &Store,
        dir: &Path,
        ws: &str,
        key: Option<&Key>,
    ) -> Result<Limits, SyncError> {
        let (limits, changed) = Limits::peek_changed(store, dir, ws, key)?;
        if changed {
            store.set_sync_setting(
                LocalKey::SyncLimits,
                &serde_json::to_string(&limits).unwrap_or_default(),
            )?;
        }
        Ok(limits)
    }

    /// The limits as a sync would record them now, without recording them.
    pub(crate) fn peek(
        store: &Store,
        dir: &Path,
        ws: &str,
        key: Option<&Key>,
    ) -> Result<Limits, SyncError> {
        Ok(Limits::peek_changed(store, dir, ws, key)?.0)
    }

    fn peek_changed(
        store: &Store,
        dir: &Path,
        ws: &str,
        key: Option<&Key>,
    ) -> Result<(Limits, bool), SyncError> {
        let mut limits: Limits = store
            .local_setting(LocalKey::SyncLimits)?
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();
        let epoch = key.map_or(0, Key::epoch);
        let first = limits.legacy.is_none();
        let changed = first || epoch > limits.epoch;
        if changed {
            let known = known_positions(store, dir, ws, key)?;
            if first {
                limits.legacy = Some(known.clone());
            }
            if epoch > limits.epoch {
                limits.epoch = epoch;
                limits.old_epoch = known;
            }
        }
        Ok((limits, changed))
    }

    /// The last segment of `replica` a file like `header` may reach.
    pub(crate) fn upto(&self, header: &Header, replica: &str) -> u64 {
        let mut upto = u64::MAX;
        if header.version < segment::VERSION {
            let legacy = self.legacy.as_ref();
            upto = upto.min(legacy.and_then(|l| l.get(replica)).copied().unwrap_or(0));
        }
        if header.sealed && header.epoch < self.epoch {
            upto = upto.min(self.old_epoch.get(replica).copied().unwrap_or(0));
        }
        upto
    }

    /// Whether a segment (or a snapshot, by its writer's number) is within
    /// the limits; a reason to name when not.
    pub(crate) fn check(&self, header: &Header) -> Result<(), String> {
        if header.seq <= self.upto(header, &header.replica) {
            return Ok(());
        }
        Err(if header.version < segment::VERSION {
            "in the old segment format, made after this replica upgraded (its header is not authenticated; not applied)".into()
        } else {
            format!(
                "sealed with an earlier passphrase (key epoch {}), after the passphrase was changed (not applied)",
                header.epoch
            )
        })
    }
}

/// Per replica: the last segment applied here, then on through the files in
/// its folder that verify as its next ones (or from its snapshot).
fn known_positions(
    store: &Store,
    dir: &Path,
    ws: &str,
    key: Option<&Key>,
) -> Result<BTreeMap<String, u64>, SyncError> {
    let mut out = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(out);
    };
    for entry in entries.flatten() {
        let sub = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !sub.is_dir() || ReplicaId::parse(&name).is_none() {
            continue;
        }
        let mut files: BTreeMap<u64, Vec<std::path::PathBuf>> = BTreeMap::new();
        let mut at = store.peer_segment(&name)?;
        for f in std::fs::read_dir(&sub).map_err(io(&sub))?.flatten() {
            let fname = f.file_name().to_string_lossy().into_owned();
            if let Some(seq) = claimed_seq(&fname) {
                files.entry(seq).or_default().push(f.path());
            } else if fname.ends_with(".snap") {
                let own = std::fs::read(f.path())
                    .ok()
                    .and_then(|b| segment::verify(&b, ws, key).ok())
                    .filter(|(h, _)| h.replica == name && h.format == segment::SNAPSHOT);
                if let Some((h, _)) = own {
                    at = at.max(h.seq);
                }
            }
        }
        while let Some(copies) = files.get(&(at + 1)) {
            let good = copies.iter().any(|p| {
                std::fs::read(p)
                    .ok()
                    .and_then(|b| segment::verify(&b, ws, key).ok())
                    .is_some_and(|(h, _)| h.replica == name && h.seq == at + 1)
            });
            if !good {
                break;
            }
            at += 1;
        }
        out.insert(name, at);
    }
    Ok(out)
}
