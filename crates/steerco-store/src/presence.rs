//! Who has a workspace open, in a way no stray `close()` can forget.
//!
//! SQLite decides "am I the last connection?" with POSIX advisory locks, and a
//! process loses every POSIX lock on a file when it closes *any* descriptor of
//! it: a GTK file dialog listing the workspace's folder, a backup tool, a test
//! reading the `-wal` file. The next process then believes it is alone and, on
//! closing, checkpoints and deletes `-wal`/`-shm` while the first one still
//! writes into the deleted WAL: confirmed edits vanish.
//!
//! So every Steerco connection also holds a shared lock on `<workspace>-lock`
//! (`flock` on Unix, `LockFileEx` on Windows, both through std). These locks
//! belong to the open file, not the process, so closing another descriptor
//! does not release them. Connections never checkpoint on close
//! (`SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE`) unless the closing one gets the
//! presence lock exclusively: only then may SQLite's own close checkpoint and
//! remove the WAL files. Nothing is held exclusively while a workspace is in
//! use, so the CLI and a sync keep working beside the app.
//!
//! The lock file is never removed while in use (removing a lock file races
//! with the next opener); it is an empty file beside the workspace.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Result, StoreError};

/// How long an opener waits for a last process that is closing the
/// workspace (it holds the lock exclusively only while it checkpoints).
const WAIT: Duration = Duration::from_secs(10);

/// The lock file beside a workspace file.
pub fn lock_path(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_os_string();
    p.push("-lock");
    PathBuf::from(p)
}

/// A shared lock on a workspace's lock file, held until drop.
#[derive(Debug)]
pub(crate) struct Presence {
    file: File,
    /// False on a file system without these locks (some network mounts):
    /// then this process never claims to be the last one, which only means
    /// the WAL stays behind on close (SQLite's own checkpoints bound it).
    locked: bool,
}

impl Presence {
    /// Join the processes that have `db` open.
    pub(crate) fn join(db: &Path) -> Result<Presence> {
        Presence::join_within(db, WAIT)
    }

    fn join_within(db: &Path, wait: Duration) -> Result<Presence> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(lock_path(db))?;
        let started = std::time::Instant::now();
        loop {
            match file.try_lock_shared() {
                Ok(()) => return Ok(Presence { file, locked: true }),
                Err(TryLockError::WouldBlock) if started.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(StoreError::Busy(db.to_path_buf()));
                }
                Err(TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => {
                    return Ok(Presence {
                        file,
                        locked: false,
                    });
                }
                Err(TryLockError::Error(e)) => return Err(e.into()),
            }
        }
    }

    /// On the way out: true when nobody else has the workspace open, in which
    /// case this one now holds the lock exclusively until it is dropped (so
    /// no newcomer opens the file while the WAL is checkpointed and removed).
    /// The shared lock is released first: converting a lock in place is not
    /// atomic on every platform, and a newcomer in between only means the
    /// answer is "not alone", which is always safe.
    pub(crate) fn last_to_leave(&self) -> bool {
        if !self.locked || self.file.unlock().is_err() {
            return false;
        }
        self.file.try_lock().is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_to_leave_is_known_and_openers_wait_for_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("ws.steerco");
        let a = Presence::join(&db).unwrap();
        let b = Presence::join(&db).unwrap();
        assert!(!a.last_to_leave(), "b is still here");
        drop(a);
        assert!(b.last_to_leave(), "b is the last one");
        // While the last one closes, a newcomer waits, then is told why.
        let late = Presence::join_within(&db, Duration::from_millis(100));
        assert!(matches!(late, Err(StoreError::Busy(_))), "{late:?}");
        drop(b);
        assert!(Presence::join_within(&db, Duration::from_millis(100)).is_ok());
    }
}
