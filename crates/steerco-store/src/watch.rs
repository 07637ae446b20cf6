//! Notices commits to a workspace file by any connection or process (the CLI,
//! a sync, the app itself), so every view can refresh. It reads SQLite's
//! `data_version` on a connection of its own: cheap enough to poll often.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::error::Result;

pub struct Watcher {
    path: PathBuf,
    /// Before `_presence`, so it closes while present (see presence.rs); it
    /// never checkpoints on close, the workspace's own connections do.
    conn: Connection,
    _presence: crate::presence::Presence,
    version: i64,
}

impl Watcher {
    pub fn new(path: &Path) -> Result<Watcher> {
        let presence = crate::presence::Presence::join(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        crate::no_checkpoint_on_close(&conn)?;
        conn.busy_timeout(std::time::Duration::from_millis(500))?;
        let version = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok(Watcher {
            path: path.to_path_buf(),
            conn,
            _presence: presence,
            version,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when another connection committed since the last call.
    pub fn changed(&mut self) -> Result<bool> {
        let v: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        let changed = v != self.version;
        self.version = v;
        Ok(changed)
    }
}
