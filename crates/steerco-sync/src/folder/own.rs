//! This replica's own sub-folder, checked on every sync: which of the files
//! there verify as its own (the next segment is numbered from those and the
//! recorded counter, never from a bare file name), which do not (named and
//! set aside: someone else put or changed them), and whether everything it
//! sent is still there to read (else a fresh snapshot replaces what is lost).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use steerco_store::{LocalKey, Store};

use super::{claimed_seq, SyncError};
use crate::crypto::Key;
use crate::segment;

/// A segment number further than this beyond the recorded counter is never
/// taken as this replica's (no replica writes a million segments between two
/// syncs; a far-off number is someone else's doing).
pub(crate) const MAX_JUMP: u64 = 1_000_000;

#[derive(Debug, Default)]
pub(super) struct Own {
    /// The number of the last segment this replica wrote (counter and verified files).
    pub last: u64,
    /// Every segment up to `last` can still be read by the others.
    pub whole: bool,
    /// Files in the folder that are not this replica's, with the reason.
    pub foreign: Vec<(PathBuf, String)>,
}

/// The recorded counter of this replica's segments.
pub(super) fn recorded_segment(store: &Store) -> Result<u64, SyncError> {
    Ok(store
        .local_setting(LocalKey::SyncSegment)?
        .and_then(|s| s.parse().ok())
        .unwrap_or(0))
}

pub(super) fn check_own(
    store: &Store,
    dir: &Path,
    ws: &str,
    key: Option<&Key>,
) -> Result<Own, SyncError> {
    let me = store.replica().to_string();
    let recorded = recorded_segment(store)?;
    let mut own = Own {
        last: recorded,
        ..Default::default()
    };
    let mut present = BTreeSet::new();
    let mut snapshot = 0;
    let context = format!(
        "{}|{ws}|{}",
        dir.display(),
        key.map_or(-1, |k| i64::from(k.epoch()))
    );
    let before = Verified::load(store, &context);
    let mut after = Verified {
        context,
        files: BTreeMap::new(),
    };
    for f in std::fs::read_dir(dir.join(&me))
        .into_iter()
        .flatten()
        .flatten()
    {
        let name = f.file_name().to_string_lossy().into_owned();
        let path = f.path();
        let (claimed, format) = match claimed_seq(&name) {
            Some(seq) => (Some(seq), segment::FORMAT),
            None if name.ends_with(".snap") => (None, segment::SNAPSHOT),
            None => continue,
        };
        if claimed.is_some_and(|s| s > recorded.saturating_add(MAX_JUMP)) {
            own.foreign.push((
                path,
                format!(
                    "numbered far beyond this replica's last segment ({recorded}); not its own"
                ),
            ));
            continue;
        }
        // Taken before the file is looked at (see `Seen::trusted`).
        let at = now_ns();
        let stamp = f.metadata().ok().and_then(|m| fingerprint(&m));
        let seen = before.files.get(&name).filter(|s| s.trusted(stamp));
        if let Some(seen) = seen.filter(|s| s.authenticated || s.seq <= recorded) {
            if claimed.is_some() {
                present.insert(seen.seq);
                own.last = own.last.max(seen.seq);
            } else {
                snapshot = snapshot.max(seen.seq);
            }
            after.files.insert(name, seen.clone());
            continue;
        }
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(_) => continue, // gone since the listing (a rename of ours)
        };
        let why = match segment::verify(&bytes, ws, key) {
            Err(bad) => bad.to_string(),
            Ok((h, _)) if h.replica != me || h.format != format => {
                "its header names another replica or kind of file".into()
            }
            Ok((h, _)) if claimed.is_some_and(|s| s != h.seq) => {
                format!(
                    "named as segment {} but it is segment {}",
                    claimed.unwrap_or(0),
                    h.seq
                )
            }
            // An old-format file can only be one written before the upgrade.
            Ok((h, _)) if !h.authenticated() && h.seq > recorded => {
                "in the old segment format beyond this replica's counter; not its own".into()
            }
            Ok((h, _)) => {
                if let Some(stamp) = stamp {
                    let seen = Seen {
                        stamp,
                        at,
                        seq: h.seq,
                        authenticated: h.authenticated(),
                    };
                    after.files.insert(name, seen);
                }
                if claimed.is_some() {
                    present.insert(h.seq);
                    // A crash after the rename but before the counter was
                    // recorded leaves a verified file with the next number.
                    own.last = own.last.max(h.seq);
                } else {
                    snapshot = snapshot.max(h.seq);
                }
                continue;
            }
        };
        own.foreign.push((path, why));
    }
    own.whole = (snapshot + 1..=own.last).all(|s| present.contains(&s));
    if after != before {
        store.set_sync_setting(
            LocalKey::SyncOwnFiles,
            &serde_json::to_string(&after).unwrap_or_default(),
        )?;
    }
    Ok(own)
}

/// This replica's own files that verified, by name: a sync with nothing
/// new otherwise reads and checks every byte this replica ever sent that is
/// still in the folder (tens of megabytes), most of such a sync's time.
/// Valid for one folder and key epoch (`context`).
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
struct Verified {
    context: String,
    files: BTreeMap<String, Seen>,
}

impl Verified {
    fn load(store: &Store, context: &str) -> Verified {
        store
            .local_setting(LocalKey::SyncOwnFiles)
            .ok()
            .flatten()
            .and_then(|s| serde_json::from_str::<Verified>(&s).ok())
            .filter(|v| v.context == context)
            .unwrap_or_default()
    }
}

/// A file that verified: what the file system said of it (size, device,
/// inode, modified and changed times in ns), when it was read, and what it
/// verified as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Seen {
    stamp: [i64; 5],
    at: i64,
    seq: u64,
    authenticated: bool,
}

impl Seen {
    /// Whether the file is the one that verified, unread. Any write to a
    /// file, or a new file under its name, moves its change time (which no
    /// one can set back) to the time of the write, as the file system's
    /// clock ticks: a file changed after it was read differs, unless the
    /// write fell in the tick of its last change before the read. So only a
    /// file last changed well before it was read is taken as unchanged (two
    /// seconds where the file system keeps whole seconds, else 100 ms, ten
    /// times the coarsest tick); any other is read again.
    fn trusted(&self, now: Option<[i64; 5]>) -> bool {
        let changed = self.stamp[4];
        let margin = if changed % 1_000_000_000 == 0 {
            2_000_000_000
        } else {
            100_000_000
        };
        now == Some(self.stamp) && changed.saturating_add(margin) < self.at
    }
}

fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// Size, device, inode, modified and changed times (ns) of a file or
/// folder; None where the platform does not tell them all (every file is
/// then read, every folder listed: listing.rs).
#[cfg(unix)]
pub(super) fn fingerprint(m: &std::fs::Metadata) -> Option<[i64; 5]> {
    use std::os::unix::fs::MetadataExt;
    let ns = |s: i64, n: i64| s.saturating_mul(1_000_000_000).saturating_add(n);
    Some([
        i64::try_from(m.len()).ok()?,
        i64::try_from(m.dev()).ok()?,
        i64::try_from(m.ino()).ok()?,
        ns(m.mtime(), m.mtime_nsec()),
        ns(m.ctime(), m.ctime_nsec()),
    ])
}

#[cfg(not(unix))]
pub(super) fn fingerprint(_: &std::fs::Metadata) -> Option<[i64; 5]> {
    None
}
