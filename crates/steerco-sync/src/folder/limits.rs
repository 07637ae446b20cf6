//! How far files that are weaker than today's are accepted, per replica:
//! files of the first segment format (`segment::LEGACY`: their header is not
//! authenticated), and files sealed in a key epoch before the current one
//! (whoever still knows an old passphrase could make them). Both are
//! accepted only up to the positions known when this replica first ran
//! format 2, or first saw the current epoch. Recorded locally
//! (`sync.limits`), so later files can never move the limit.
//!
//! The rule (`Limits::check`, `Limits::upto`) is the same for a folder and a
//! server; what counts as known when a limit is recorded is not:
//! - a folder sync records, before it receives, what this replica had
//!   applied plus the run of files that verify in the folder right after it
//!   (`Limits::load`);
//! - a server has no folder to look in: its pages are the look-ahead. Until
//!   a pull in this version (or this epoch) has gone through all of them,
//!   that limit is open; then what this replica has applied is recorded
//!   (`Limits::stored`, then `Limits::record_applied`). A pull that fails
//!   half way records nothing, and the next one looks ahead again.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use steerco_domain::ReplicaId;
use steerco_store::{LocalKey, Store, StoreError};

use super::error::io;
use super::{claimed_seq, SyncError};
use crate::crypto::Key;
use crate::segment::{self, Header};

#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct Limits {
    /// Format-1 files: per replica, the last segment accepted (None: not
    /// recorded yet, this is the first sync of format 2; open until then).
    #[serde(default)]
    pub legacy: Option<BTreeMap<String, u64>>,
    /// The key epoch `old_epoch` was recorded for (files of this epoch or a
    /// later one are not old; until a newer epoch is recorded, neither are
    /// those of the newer one).
    #[serde(default)]
    pub epoch: u32,
    /// Files sealed before `epoch`: per replica, the last segment accepted.
    #[serde(default)]
    pub old_epoch: BTreeMap<String, u64>,
}

impl Limits {
    /// The limits as recorded (a limit not recorded yet is open).
    pub(crate) fn stored(store: &Store) -> Result<Limits, StoreError> {
        Ok(store
            .local_setting(LocalKey::SyncLimits)?
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default())
    }

    fn save(&self, store: &Store) -> Result<(), StoreError> {
        store.set_sync_setting(
            LocalKey::SyncLimits,
            &serde_json::to_string(self).unwrap_or_default(),
        )
    }

    /// Record the limits still open for a sync in `epoch` at the positions
    /// `known` gives (asked for only then); whether anything was recorded.
    fn settle<E>(
        &mut self,
        epoch: u32,
        known: impl FnOnce() -> Result<BTreeMap<String, u64>, E>,
    ) -> Result<bool, E> {
        let first = self.legacy.is_none();
        let newer = epoch > self.epoch;
        if !first && !newer {
            return Ok(false);
        }
        let known = known()?;
        if newer {
            self.epoch = epoch;
            self.old_epoch = known.clone();
        }
        if first {
            self.legacy = Some(known);
        }
        Ok(true)
    }

    /// A folder sync's limits, recorded now where they are not yet.
    pub(crate) fn load(
        store: &Store,
        dir: &Path,
        ws: &str,
        key: Option<&Key>,
    ) -> Result<Limits, SyncError> {
        let (limits, changed) = Limits::folder(store, dir, ws, key)?;
        if changed {
            limits.save(store)?;
        }
        Ok(limits)
    }

    /// A folder sync's limits as it would record them now, without recording them.
    pub(crate) fn peek(
        store: &Store,
        dir: &Path,
        ws: &str,
        key: Option<&Key>,
    ) -> Result<Limits, SyncError> {
        Ok(Limits::folder(store, dir, ws, key)?.0)
    }

    fn folder(
        store: &Store,
        dir: &Path,
        ws: &str,
        key: Option<&Key>,
    ) -> Result<(Limits, bool), SyncError> {
        let mut limits = Limits::stored(store)?;
        let now = limits.clone();
        let changed = limits.settle(key.map_or(0, Key::epoch), || {
            known_positions(store, dir, ws, key, &now)
        })?;
        Ok((limits, changed))
    }

    /// After a pull went through all of a server's pages: record the limits
    /// still open at what this replica has applied now.
    pub(crate) fn record_applied(store: &Store, key: Option<&Key>) -> Result<(), StoreError> {
        let mut limits = Limits::stored(store)?;
        let applied = || -> Result<BTreeMap<String, u64>, StoreError> {
            let peers = store.sync_status()?.peers;
            Ok(peers
                .into_iter()
                .map(|p| (p.replica, u64::try_from(p.last_segment).unwrap_or(0)))
                .collect())
        };
        if limits.settle(key.map_or(0, Key::epoch), applied)? {
            limits.save(store)?;
        }
        Ok(())
    }

    /// How far a format-1 file of `replica` may reach (None: not one, or open).
    fn legacy_upto(&self, header: &Header, replica: &str) -> Option<u64> {
        let legacy = self.legacy.as_ref().filter(|_| !header.authenticated())?;
        Some(legacy.get(replica).copied().unwrap_or(0))
    }

    /// How far a file of `replica` sealed in an old epoch may reach.
    fn old_epoch_upto(&self, header: &Header, replica: &str) -> Option<u64> {
        (header.sealed && header.epoch < self.epoch)
            .then(|| self.old_epoch.get(replica).copied().unwrap_or(0))
    }

    /// The last segment of `replica` a file like `header` may reach.
    pub(crate) fn upto(&self, header: &Header, replica: &str) -> u64 {
        [
            self.legacy_upto(header, replica),
            self.old_epoch_upto(header, replica),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(u64::MAX)
    }

    /// Whether a segment (or a snapshot, by its writer's number) is within
    /// the limits; the reason to name when not.
    pub(crate) fn check(&self, header: &Header) -> Result<(), String> {
        let beyond = |upto: Option<u64>| upto.is_some_and(|u| header.seq > u);
        if beyond(self.legacy_upto(header, &header.replica)) {
            return Err("in the old segment format, made after this replica upgraded (its header is not authenticated; not applied)".into());
        }
        if beyond(self.old_epoch_upto(header, &header.replica)) {
            return Err(format!(
                "sealed with an earlier passphrase (key epoch {}), after the passphrase was changed (not applied)",
                header.epoch
            ));
        }
        Ok(())
    }
}

/// Per replica: the last segment applied here, then on through the files in
/// its folder that verify as its next ones (or from its snapshot), within
/// the limits recorded so far (`now`: a file set aside by an earlier limit
/// does not become known at the next one).
fn known_positions(
    store: &Store,
    dir: &Path,
    ws: &str,
    key: Option<&Key>,
    now: &Limits,
) -> Result<BTreeMap<String, u64>, SyncError> {
    let mut out = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(out);
    };
    let good = |bytes: Vec<u8>| {
        segment::verify(&bytes, ws, key)
            .ok()
            .map(|(h, _)| h)
            .filter(|h| now.check(h).is_ok())
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
                    .and_then(good)
                    .filter(|h| h.replica == name && h.format == segment::SNAPSHOT);
                if let Some(h) = own {
                    at = at.max(h.seq);
                }
            }
        }
        while let Some(copies) = files.get(&(at + 1)) {
            let next = copies.iter().any(|p| {
                std::fs::read(p)
                    .ok()
                    .and_then(good)
                    .is_some_and(|h| h.replica == name && h.seq == at + 1)
            });
            if !next {
                break;
            }
            at += 1;
        }
        out.insert(name, at);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(version: u32, epoch: u32, seq: u64) -> Header {
        Header {
            format: segment::FORMAT.into(),
            version,
            workspace: "ws".into(),
            replica: "R".into(),
            seq,
            count: 0,
            sha256: String::new(),
            sealed: true,
            epoch,
            covers: BTreeMap::new(),
        }
    }

    fn at(seq: u64) -> BTreeMap<String, u64> {
        BTreeMap::from([("R".to_string(), seq)])
    }

    #[test]
    fn nothing_recorded_is_open() {
        let open = Limits::default();
        assert_eq!(open.check(&header(segment::LEGACY, 0, 1_000)), Ok(()));
        assert_eq!(open.upto(&header(segment::LEGACY, 0, 1), "R"), u64::MAX);
    }

    #[test]
    fn old_format_files_count_up_to_the_recorded_position_and_no_further() {
        let limits = Limits {
            legacy: Some(at(3)),
            ..Default::default()
        };
        assert_eq!(limits.check(&header(segment::LEGACY, 0, 3)), Ok(()));
        let why = limits.check(&header(segment::LEGACY, 0, 4)).unwrap_err();
        assert!(why.contains("old segment format"), "{why}");
        // A replica not known then gets none; today's format is not limited.
        assert_eq!(limits.upto(&header(segment::LEGACY, 0, 1), "S"), 0);
        assert_eq!(limits.check(&header(segment::VERSION, 0, 4)), Ok(()));
    }

    #[test]
    fn old_epoch_files_count_up_to_the_change_and_the_reason_names_the_limit_that_bites() {
        let limits = Limits {
            legacy: Some(at(9)),
            epoch: 2,
            old_epoch: at(5),
        };
        assert_eq!(limits.check(&header(segment::VERSION, 1, 5)), Ok(()));
        let why = limits.check(&header(segment::VERSION, 1, 6)).unwrap_err();
        assert!(why.contains("earlier passphrase (key epoch 1)"), "{why}");
        // An old-format file within its own limit, beyond the epoch's.
        let why = limits.check(&header(segment::LEGACY, 0, 6)).unwrap_err();
        assert!(why.contains("earlier passphrase"), "{why}");
        assert_eq!(limits.upto(&header(segment::LEGACY, 0, 6), "R"), 5);
        // The current epoch, and an unsealed file, are not old.
        assert_eq!(limits.check(&header(segment::VERSION, 2, 100)), Ok(()));
        let mut plain = header(segment::VERSION, 0, 100);
        plain.sealed = false;
        assert_eq!(limits.check(&plain), Ok(()));
    }

    #[test]
    fn a_limit_is_recorded_once_and_the_epoch_again_only_when_newer() {
        let mut limits = Limits::default();
        let known = |seq| move || Ok::<_, ()>(at(seq));
        assert_eq!(limits.settle(0, known(3)), Ok(true));
        assert_eq!(limits.legacy, Some(at(3)));
        // Nothing open: the positions are not even asked for.
        assert_eq!(limits.settle(0, || Err(())), Ok(false));
        assert_eq!(limits.settle(1, known(7)), Ok(true));
        assert_eq!((limits.epoch, &limits.old_epoch), (1, &at(7)));
        assert_eq!(limits.legacy, Some(at(3)), "the format's limit stays");
        assert_eq!(limits.settle(1, || Err(())), Ok(false));
    }

    #[test]
    fn a_server_pull_records_what_was_applied_and_later_positions_do_not_move_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(
            &dir.path().join("w.steerco"),
            steerco_store::NewWorkspace::default(),
            Box::new(steerco_domain::SystemClock),
        )
        .unwrap();
        assert_eq!(Limits::stored(&store).unwrap(), Limits::default());
        store.set_peer_segment("R", 3).unwrap();
        Limits::record_applied(&store, None).unwrap();
        store.set_peer_segment("R", 8).unwrap();
        Limits::record_applied(&store, None).unwrap();
        let limits = Limits::stored(&store).unwrap();
        assert_eq!(limits.legacy, Some(at(3)));
        assert!(limits.check(&header(segment::LEGACY, 0, 4)).is_err());
    }
}
