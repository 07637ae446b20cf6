//! The Steerco workspace store: one SQLite file per workspace.
//!
//! Invariants (see ARCHITECTURE.md):
//! - synced tables change only through [`Store::write`] (src/write.rs), which
//!   logs every field it sets, with its clock stamp, in the same transaction;
//! - the connection never leaves this crate, so nothing else can write;
//! - local-only state (replica id, who I am, the clock) lives in `local_setting`
//!   and is never exported.

pub mod blobs;
mod changelog;
pub mod conflict;
pub mod dashboard;
pub mod dates;
pub mod demo;
pub mod error;
pub mod export;
mod held;
pub mod history;
pub mod identity;
pub mod local_key;
pub mod merge;
pub mod migrate;
pub mod ops;
pub mod order_key;
pub mod portfolio;
pub mod presence;
pub mod refusal;
mod row_cache;
pub mod schema;
pub mod search;
pub mod sync_status;
pub mod text_merge;
pub mod watch;
pub mod write;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use steerco_domain::{Clock, Hlc, ReplicaId};

pub use error::{Result, StoreError};
pub use local_key::LocalKey;
pub use refusal::Refusal;
pub use write::{Op, RowChange, Written};

/// An open workspace.
pub struct Store {
    /// Declared before `presence`: fields drop in order, so the connection
    /// closes (and checkpoints, when last) while the presence lock is held.
    conn: Connection,
    presence: presence::Presence,
    path: PathBuf,
    clock: Box<dyn Clock>,
    replica: ReplicaId,
    hlc: Hlc,
    /// The person using this installation (a `person` id), once chosen.
    me: Option<String>,
    /// Told how far a long merge is: (changes done, changes in all).
    progress: Option<ProgressFn>,
    /// The change log's words as committed: lent to each write and merge,
    /// kept only when its transaction commits (a number learned from a word
    /// a rolled-back transaction added would be wrong).
    words: changelog::Words,
}

/// A merge's progress callback: (changes done, changes in all).
pub type ProgressFn = Box<dyn FnMut(usize, usize) + Send>;

/// Settings of a new workspace.
#[derive(Debug, Clone)]
pub struct NewWorkspace {
    /// The workspace id; a fresh one when None (import passes the exported one).
    pub id: Option<String>,
    pub name: String,
    pub time_zone: String,
}

impl Default for NewWorkspace {
    fn default() -> Self {
        NewWorkspace {
            id: None,
            name: "Steerco".into(),
            time_zone: "Europe/Copenhagen".into(),
        }
    }
}

/// The pragmas of every workspace connection (the bench's baseline uses them too).
pub const PRAGMAS: &str = "PRAGMA journal_mode = WAL;
     PRAGMA synchronous = NORMAL;
     PRAGMA foreign_keys = ON;
     PRAGMA cache_size = -65536;";

/// Never checkpoint or remove the WAL on close unless told this connection is
/// the last one (`Store`'s drop asks the presence lock, see presence.rs).
pub(crate) fn no_checkpoint_on_close(conn: &Connection) -> Result<()> {
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
        true,
    )?;
    Ok(())
}

/// Column `k` of a row as text without copying it (reads that walk every row).
pub(crate) fn row_str<'r>(r: &'r rusqlite::Row<'_>, k: usize) -> rusqlite::Result<&'r str> {
    r.get_ref(k)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(k, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// How long a statement waits for another process's write to end.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Switching an old file to WAL while another process migrates it is
    // refused at once (SQLite does not wait on the busy timeout for a
    // journal mode change): wait as the busy timeout would.
    let mut tries = 0;
    loop {
        match conn.execute_batch(PRAGMAS) {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy && tries < 100 =>
            {
                tries += 1;
                std::thread::sleep(Duration::from_millis(50));
            }
            other => break other?,
        }
    }
    conn.set_prepared_statement_cache_capacity(64);
    // Keep query plans independent of bound values: otherwise SQLite (built
    // with STAT4) re-prepares cached statements on every new binding, which
    // cost a fifth of the write path's time.
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

/// Remove a workspace file and its WAL companions (after a failed create).
pub fn remove_db_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-lock"] {
        let mut p = path.as_os_str().to_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Crash tests: a build with the `failpoints` feature stops at the named
/// point when STEERCO_FAILPOINT names it, says so on stderr and waits to be
/// killed (the test sends SIGKILL). A no-op otherwise.
pub fn failpoint(name: &str) {
    if cfg!(feature = "failpoints") && std::env::var("STEERCO_FAILPOINT").is_ok_and(|f| f == name) {
        eprintln!("failpoint {name}");
        std::thread::sleep(std::time::Duration::from_secs(60));
    }
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

impl Drop for Store {
    /// The last Steerco connection to leave lets SQLite checkpoint and remove
    /// the WAL files as it closes; any other leaves them to the ones still here.
    fn drop(&mut self) {
        if self.presence.last_to_leave() {
            let _ = self.conn.set_db_config(
                rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
                false,
            );
        }
    }
}

impl Store {
    /// Open an existing workspace, migrating it to this version's schema,
    /// and compress some of its old history (at most 100 ms of it, if the
    /// file is free at once; see `changelog/cold.rs`).
    pub fn open(path: &Path, clock: Box<dyn Clock>) -> Result<Store> {
        let store = Store::open_uncompacted(path, clock)?;
        store.compact_on_open();
        Ok(store)
    }

    /// [`Store::open`] without compressing history: for a caller that has
    /// something to show first and compresses afterwards (the app, once its
    /// first view is shown, on a connection of its own).
    pub fn open_uncompacted(path: &Path, clock: Box<dyn Clock>) -> Result<Store> {
        if !path.is_file() {
            return Err(StoreError::NoWorkspace(path.to_path_buf()));
        }
        let not_ws = || StoreError::NotAWorkspace(path.to_path_buf());
        // Present before the first SQLite call, gone after the last.
        let presence = presence::Presence::join(path)?;
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        no_checkpoint_on_close(&conn)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Check what the file is before configuring it: WAL mode would write.
        let app_id: i64 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|_| not_ws())?;
        if app_id != migrate::APPLICATION_ID {
            return Err(not_ws());
        }
        migrate::pending(&conn, path)?;
        configure(&conn)?;
        migrate::migrate(&mut conn, path, None)?;
        let mut store = Store::load(conn, presence, path, clock)?;
        conflict::adopt_local_conflicts(&mut store)?;
        ops::minutes::upgrade_approvals(&mut store)?;
        Ok(store)
    }

    /// Create a new, empty workspace file. Refuses an existing path.
    pub fn create(path: &Path, settings: NewWorkspace, clock: Box<dyn Clock>) -> Result<Store> {
        if path.exists() {
            return Err(StoreError::AlreadyExists(path.to_path_buf()));
        }
        dates::parse_time_zone(&settings.time_zone)?;
        let mut store = Store::create_for_join(path, clock)?;
        let id = settings.id.clone().unwrap_or_else(new_id);
        let written = store.write(vec![RowChange::insert("workspace", id)
            .set("name", settings.name.as_str())
            .set("time_zone", settings.time_zone.as_str())]);
        if let Err(e) = written {
            drop(store);
            remove_db_files(path);
            return Err(e);
        }
        Ok(store)
    }

    /// Create an empty workspace file that will be filled from other replicas
    /// (a join): schema and a new replica id, but no workspace row of its own.
    pub fn create_for_join(path: &Path, clock: Box<dyn Clock>) -> Result<Store> {
        if path.exists() {
            return Err(StoreError::AlreadyExists(path.to_path_buf()));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let result = (|| {
            let presence = presence::Presence::join(path)?;
            let mut conn = Connection::open(path)?;
            no_checkpoint_on_close(&conn)?;
            configure(&conn)?;
            migrate::migrate(&mut conn, path, None)?;
            let replica = ReplicaId(uuid::Uuid::new_v4().as_u64_pair().0);
            local_key::put(&conn, LocalKey::ReplicaId, &replica.to_string())?;
            Store::load(conn, presence, path, clock)
        })();
        if result.is_err() {
            remove_db_files(path);
        }
        result
    }

    fn load(
        conn: Connection,
        presence: presence::Presence,
        path: &Path,
        clock: Box<dyn Clock>,
    ) -> Result<Store> {
        let get = |key| local_key::get(&conn, key);
        let replica = get(LocalKey::ReplicaId)?
            .as_deref()
            .and_then(ReplicaId::parse)
            .ok_or_else(|| StoreError::NotAWorkspace(path.to_path_buf()))?;
        let hlc = match get(LocalKey::Hlc)? {
            Some(s) => Hlc::parse(&s)?,
            None => Hlc::zero(replica),
        };
        let me = get(LocalKey::Me)?;
        Ok(Store {
            conn,
            presence,
            path: path.to_path_buf(),
            clock,
            replica,
            hlc,
            me,
            progress: None,
            words: changelog::Words::default(),
        })
    }

    /// Report the progress of merges (a sync's import) to `f`, or stop.
    pub fn set_progress(&mut self, f: Option<ProgressFn>) {
        self.progress = f;
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn replica(&self) -> ReplicaId {
        self.replica
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// Read-only access for queries in this crate.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// A number that changes whenever another connection (the CLI, a sync)
    /// commits to this file; the app polls it to refresh its views.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Total number of logged row changes.
    pub fn change_count(&self) -> Result<i64> {
        changelog::count(&self.conn)
    }

    pub fn schema_version(&self) -> Result<i64> {
        migrate::current_version(&self.conn)
    }

    pub(crate) fn set_local(&self, key: LocalKey<'_>, value: &str) -> Result<()> {
        local_key::put(&self.conn, key, value)
    }

    /// A local setting (this replica's own state, never synced).
    pub fn local_setting(&self, key: LocalKey<'_>) -> Result<Option<String>> {
        local_key::get(&self.conn, key)
    }
}

/// A new workspace in a temporary folder, for the crate's unit tests.
#[cfg(test)]
pub(crate) fn test_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let ws = NewWorkspace {
        id: None,
        name: "W".into(),
        time_zone: "Europe/Copenhagen".into(),
    };
    let clock = Box::new(steerco_domain::SystemClock);
    let store = Store::create(&dir.path().join("w.steerco"), ws, clock).expect("a workspace");
    (dir, store)
}
