//! Notices commits to a workspace file by any connection or process (the CLI,
//! a sync, the app itself), so every view can refresh. It reads SQLite's
//! `data_version` on a connection of its own: cheap enough to poll often.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::error::Result;

pub struct Watcher {
    path: PathBuf,
    conn: Connection,
    version: i64,
}

impl Watcher {
    pub fn new(path: &Path) -> Result<Watcher> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_millis(500))?;
        let version = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok(Watcher {
            path: path.to_path_buf(),
            conn,
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
