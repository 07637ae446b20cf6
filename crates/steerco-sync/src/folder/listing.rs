//! Other replicas' sub-folders, each listed only when it may hold something
//! new. A sync with nothing new otherwise lists every file every replica
//! keeps (50 replicas x 200 segments: 10,000 names, most of such a sync's
//! time), only to find that all of them are applied already.
//!
//! A replica's folder is taken as unchanged, without listing it, when all of
//! this holds (else it is listed, as every folder was before):
//! - its last listing found nothing beyond this replica's position (a folder
//!   with anything to apply, waiting or set aside is listed on every sync: a
//!   file replaced in place there is read again), and the position has not
//!   gone back since (a workspace restored from a backup);
//! - what the file system says of the folder itself (device, inode, size,
//!   modified and changed times in ns) is what it said then. A file added,
//!   removed or renamed in a folder moves the folder's change time (which no
//!   one can set back: setting the modified time moves it too) to the time
//!   of the change, as the file system's clock ticks;
//! - that was so already at a listing begun well after it was first seen (a
//!   margin of several ticks, by this process's monotonic clock): a change
//!   that fell in the same tick as the one seen first, and so moved nothing,
//!   was found by that later listing, and any change after it falls in a
//!   later tick. The file system's clock is never compared with ours, so a
//!   shared folder on a server whose clock is off is safe too;
//! - the folder was listed in full within the last few minutes. Where the
//!   times do not move as above (a network or cloud file system that caches
//!   a folder's times or makes them up), a new file is so found late, never
//!   missed.
//!
//! Where the platform does not tell a folder's change time (on Windows the
//! standard library gives only the modified time, which anyone who may
//! write there can set, cloud sync clients among them), every folder is
//! listed on every sync. Skipping a folder only skips reading
//! names: whatever is read from any file is verified as before.
//!
//! What was seen is kept in this process's memory (the app syncs every
//! minute), per folder, workspace and replica.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use super::own::fingerprint;

/// A folder not listed in full for this long is listed again, whatever its
/// times say.
const FULL_EVERY: Duration = Duration::from_secs(5 * 60);

/// What one replica's folder held at its last listing, when that found
/// nothing to apply.
#[derive(Debug, Clone)]
struct Seen {
    stamp: [i64; 5],
    /// When this stamp was first seen (before a listing).
    first: Instant,
    /// A listing begun more than the margin after `first` saw it still.
    settled: bool,
    /// When the folder was last listed in full.
    listed: Instant,
    /// This replica's position in the other's segments at that listing.
    applied: u64,
    /// The snapshot files it held.
    snapshots: Vec<PathBuf>,
}

/// A replica's folder: the shared folder, the workspace, this replica, the other.
type Folder = (PathBuf, String, String, String);

static SEEN: LazyLock<Mutex<HashMap<Folder, Seen>>> = LazyLock::new(Default::default);

/// One replica's folder about to be looked at: its stamp, taken before any
/// listing.
pub(super) struct Look {
    key: Folder,
    at: Instant,
    stamp: Option<[i64; 5]>,
}

impl Look {
    /// `sub`, the folder of `replica` in the folder `dir`, as `me` syncs
    /// workspace `ws` with it; None when `sub` is not a folder.
    pub fn new(dir: &Path, ws: &str, me: &str, replica: &str, sub: &Path) -> Option<Look> {
        let at = Instant::now();
        let meta = std::fs::metadata(sub).ok()?;
        if !meta.is_dir() {
            return None;
        }
        let key = (
            dir.to_path_buf(),
            ws.to_string(),
            me.to_string(),
            replica.to_string(),
        );
        Some(Look {
            key,
            at,
            stamp: fingerprint(&meta),
        })
    }

    /// The snapshot files of the folder when it need not be listed (see the
    /// module's comment), at position `applied`.
    pub fn unchanged(&self, applied: u64) -> Option<Vec<PathBuf>> {
        let stamp = self.stamp?;
        let seen = SEEN.lock().ok()?;
        let s = seen.get(&self.key)?;
        let fresh = self.at.saturating_duration_since(s.listed) < FULL_EVERY;
        (s.stamp == stamp && s.settled && fresh && s.applied <= applied)
            .then(|| s.snapshots.clone())
    }

    /// A full listing of the folder (begun after `new`) at position
    /// `applied` found these `snapshots`, and, when `pending`, files beyond
    /// the position (or it is in doubt): then nothing of it is kept.
    pub fn listed(self, applied: u64, pending: bool, snapshots: &[PathBuf]) {
        let Ok(mut seen) = SEEN.lock() else { return };
        let (Some(stamp), false) = (self.stamp, pending) else {
            seen.remove(&self.key);
            return;
        };
        let first = match seen.get(&self.key) {
            Some(s) if s.stamp == stamp => s.first,
            _ => self.at,
        };
        let settled = self.at.saturating_duration_since(first) > margin(&stamp);
        seen.insert(
            self.key,
            Seen {
                stamp,
                first,
                settled,
                listed: self.at,
                applied,
                snapshots: snapshots.to_vec(),
            },
        );
    }
}

/// More than a tick of the file system's clock: three seconds where it
/// keeps whole seconds (more than a FAT drive's two-second tick, whichever
/// way it rounds), else 100 ms (ten times the coarsest tick of a clock that
/// keeps fractions).
fn margin(stamp: &[i64; 5]) -> Duration {
    let whole = |ns: i64| ns % 1_000_000_000 == 0;
    if whole(stamp[3]) || whole(stamp[4]) {
        Duration::from_secs(3)
    } else {
        Duration::from_millis(100)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn look(dir: &Path, sub: &Path) -> Look {
        Look::new(dir, "ws", "me", "other", sub).unwrap()
    }

    #[test]
    fn a_folder_is_skipped_only_once_a_later_listing_saw_it_settled() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("other");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(sub.join("0000000001.seg"), b"x").unwrap();
        let snap = vec![sub.join("snapshot-0000000001.snap")];
        // Listed once: never skipped on that alone, however old the folder.
        look(dir.path(), &sub).listed(1, false, &snap);
        assert_eq!(look(dir.path(), &sub).unchanged(1), None);
        std::thread::sleep(Duration::from_millis(150));
        // A listing begun past the margin settles it; then it is skipped.
        let second = look(dir.path(), &sub);
        assert_eq!(second.unchanged(1), None);
        second.listed(1, false, &snap);
        assert_eq!(look(dir.path(), &sub).unchanged(1), Some(snap.clone()));
        assert_eq!(look(dir.path(), &sub).unchanged(2), Some(snap.clone()));
        // A position gone back (a restored backup) lists it again.
        assert_eq!(look(dir.path(), &sub).unchanged(0), None);
        // Another file in it: listed again, and settled anew.
        std::fs::write(sub.join("0000000002.seg"), b"x").unwrap();
        assert_eq!(look(dir.path(), &sub).unchanged(1), None);
        // A listing that found something to apply keeps nothing.
        std::thread::sleep(Duration::from_millis(150));
        look(dir.path(), &sub).listed(1, true, &snap);
        let after = look(dir.path(), &sub);
        after.listed(1, false, &snap);
        assert_eq!(look(dir.path(), &sub).unchanged(1), None);
        // Another workspace or replica never shares what was seen.
        let other = Look::new(dir.path(), "ws2", "me", "other", &sub).unwrap();
        assert_eq!(other.unchanged(1), None);
    }

    #[test]
    fn a_file_is_not_a_replica_folder() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("other");
        std::fs::write(&file, b"x").unwrap();
        assert!(Look::new(dir.path(), "ws", "me", "other", &file).is_none());
        assert!(Look::new(dir.path(), "ws", "me", "other", &dir.path().join("gone")).is_none());
    }

    #[test]
    fn whole_second_times_get_the_longer_margin() {
        assert_eq!(
            margin(&[0, 0, 0, 5_000_000_000, 5_000_000_000]),
            Duration::from_secs(3)
        );
        assert_eq!(
            margin(&[0, 0, 0, 5_000_000_001, 5_000_000_001]),
            Duration::from_millis(100)
        );
    }
}
