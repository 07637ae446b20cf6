//! The server's one SQLite file: workspaces (with their marker), tokens
//! (stored only as SHA-256 hashes) and segments in server order.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

pub const FILE: &str = "steerco-server.sqlite3";

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    /// From PostgreSQL (`pg.rs`).
    #[error("database: {0}")]
    Pg(String),
    #[error("{0}")]
    Refused(String),
    #[error("no random numbers from the operating system: {0}")]
    Random(String),
}

pub type Result<T> = std::result::Result<T, DbError>;

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub(crate) fn random_hex(n: usize) -> Result<String> {
    let mut buf = vec![0u8; n];
    getrandom::getrandom(&mut buf).map_err(|e| DbError::Random(e.to_string()))?;
    Ok(hex(&buf))
}

pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A workspace name: 1 to 64 of A-Z a-z 0-9 . _ -
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

/// Another connection to the same file (the writer's, or a reader's).
pub fn reopen(conn: &Connection, read_only: bool) -> Result<Connection> {
    let path = conn
        .path()
        .filter(|p| !p.is_empty())
        .ok_or_else(|| DbError::Refused("the database has no file".into()))?;
    let flags = if read_only {
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        rusqlite::OpenFlags::default()
    };
    let c = Connection::open_with_flags(path, flags)?;
    c.busy_timeout(std::time::Duration::from_secs(10))?;
    if !read_only {
        c.pragma_update(None, "synchronous", "FULL")?;
    }
    Ok(c)
}

pub fn open(dir: &Path) -> Result<Connection> {
    std::fs::create_dir_all(dir)
        .map_err(|e| DbError::Refused(format!("cannot create {}: {e}", dir.display())))?;
    let conn = Connection::open(dir.join(FILE))?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // A segment the server answered for is on disk (survives a power cut too).
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS workspace (
             name TEXT PRIMARY KEY,
             marker TEXT,
             created_at INTEGER NOT NULL
         );
         CREATE TABLE IF NOT EXISTS token (
             id TEXT PRIMARY KEY,
             workspace TEXT NOT NULL REFERENCES workspace(name),
             member TEXT NOT NULL,
             hash TEXT NOT NULL UNIQUE,
             created_at INTEGER NOT NULL,
             revoked_at INTEGER
         );
         CREATE TABLE IF NOT EXISTS segment (
             seq INTEGER PRIMARY KEY AUTOINCREMENT,
             workspace TEXT NOT NULL REFERENCES workspace(name),
             replica TEXT NOT NULL,
             rseq INTEGER NOT NULL,
             digest TEXT NOT NULL,
             size INTEGER NOT NULL,
             bytes BLOB NOT NULL,
             created_at INTEGER NOT NULL,
             UNIQUE (workspace, replica, rseq)
         );
         CREATE INDEX IF NOT EXISTS segment_order ON segment (workspace, seq);",
    )?;
    conn.execute_batch(crate::keys::SCHEMA)?;
    migrate(&conn)?;
    Ok(conn)
}

/// A random UUID (version 4, lowercase) made by SQLite, for the migration.
macro_rules! uuid_sql {
    () => {
        "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || \
         substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + abs(random()) % 4, 1) || \
         substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
    };
}

/// Changes to the schema above, numbered by `PRAGMA user_version` (the
/// tables above come with `IF NOT EXISTS`, so a database of any age has
/// them first). Each runs once, in its own transaction; never edit one.
const MIGRATIONS: &[&str] = &[
    // 1 (#16): a replica belongs to the token that first pushed for it;
    // segments an administrator set aside; administrators' tokens.
    "CREATE TABLE replica_owner (
         workspace TEXT NOT NULL REFERENCES workspace(name),
         replica TEXT NOT NULL,
         token TEXT NOT NULL,
         created_at INTEGER NOT NULL,
         PRIMARY KEY (workspace, replica)
     );
     ALTER TABLE segment ADD COLUMN quarantined_at INTEGER;
     CREATE TABLE admin_token (
         id TEXT PRIMARY KEY,
         hash TEXT NOT NULL UNIQUE,
         created_at INTEGER NOT NULL,
         revoked_at INTEGER
     );",
    // 2 (#20): every workspace's id (a random UUID; `create_workspace`
    // gives new ones theirs), and the database's generation, made anew by
    // `restore` (`backup.rs`): another one tells a client the server may
    // have gone back in time.
    concat!(
        "ALTER TABLE workspace ADD COLUMN id TEXT;
         UPDATE workspace SET id = ",
        uuid_sql!(),
        ";
         CREATE UNIQUE INDEX workspace_id ON workspace (id);
         CREATE TABLE server_generation (
             one INTEGER PRIMARY KEY CHECK (one = 1),
             generation TEXT NOT NULL,
             made_at INTEGER NOT NULL
         );
         INSERT INTO server_generation (one, generation, made_at)
             VALUES (1, ",
        uuid_sql!(),
        ", unixepoch());"
    ),
];

/// The schema version (`PRAGMA user_version`) this build writes.
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

fn migrate(conn: &Connection) -> Result<()> {
    let done: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(done.max(0) as usize) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

pub fn create_workspace(conn: &Connection, name: &str) -> Result<()> {
    if !valid_name(name) {
        return Err(DbError::Refused(format!(
            "{name:?} is not a workspace name (1-64 of A-Z a-z 0-9 . _ -)"
        )));
    }
    let n = conn.execute(
        "INSERT OR IGNORE INTO workspace (name, created_at, id) VALUES (?1, ?2, ?3)",
        params![name, now(), crate::identity::new_id()?],
    )?;
    if n == 0 {
        return Err(DbError::Refused(format!(
            "the workspace {name} exists already"
        )));
    }
    Ok(())
}

/// A new token for `member` in `workspace`: (id, token). Only its hash is kept.
pub fn create_token(conn: &Connection, workspace: &str, member: &str) -> Result<(String, String)> {
    let exists: Option<i64> = conn
        .query_row(
            "SELECT 1 FROM workspace WHERE name = ?1",
            [workspace],
            |r| r.get(0),
        )
        .optional()?;
    if exists.is_none() {
        return Err(DbError::Refused(format!(
            "no workspace {workspace} (create it first)"
        )));
    }
    if member.trim().is_empty() {
        return Err(DbError::Refused(
            "the member's name may not be empty".into(),
        ));
    }
    let token = format!("stc_{}", random_hex(32)?);
    let id = random_hex(6)?;
    conn.execute(
        "INSERT INTO token (id, workspace, member, hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            id,
            workspace,
            member.trim(),
            sha256_hex(token.as_bytes()),
            now()
        ],
    )?;
    Ok((id, token))
}

/// Revoke a member's tokens in a workspace, or one token by id: how many.
pub fn revoke(
    conn: &Connection,
    workspace: Option<&str>,
    member: Option<&str>,
    id: Option<&str>,
) -> Result<usize> {
    let n = match (workspace, member, id) {
        (_, _, Some(id)) => {
            conn.execute(
                "UPDATE token SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
                params![id, now()],
            )? + conn.execute(
                "UPDATE admin_token SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
                params![id, now()],
            )?
        }
        (Some(ws), Some(member), None) => conn.execute(
            "UPDATE token SET revoked_at = ?3 WHERE workspace = ?1 AND member = ?2 AND revoked_at IS NULL",
            params![ws, member, now()],
        )?,
        _ => return Err(DbError::Refused("give --id ID, or --workspace NAME and --member PERSON".into())),
    };
    if n == 0 {
        return Err(DbError::Refused("no such active token".into()));
    }
    Ok(n)
}

/// The id of `token` if it is a live token of `workspace`. (One lookup by hash.)
pub fn authorised(conn: &Connection, workspace: &str, token: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM token WHERE hash = ?1 AND workspace = ?2 AND revoked_at IS NULL",
        )?
        .query_row(params![sha256_hex(token.as_bytes()), workspace], |r| {
            r.get::<_, String>(0)
        })
        .optional()?)
}

pub fn marker(conn: &Connection, workspace: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT marker FROM workspace WHERE name = ?1")?
        .query_row([workspace], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

pub enum SetMarker {
    Created,
    Same,
    Different,
}

pub fn set_marker(conn: &Connection, workspace: &str, marker: &str) -> Result<SetMarker> {
    let tx = conn.unchecked_transaction()?;
    let out = match self::marker(&tx, workspace)? {
        Some(m) if m == marker => SetMarker::Same,
        Some(_) => SetMarker::Different,
        None => {
            tx.execute(
                "UPDATE workspace SET marker = ?2 WHERE name = ?1",
                params![workspace, marker],
            )?;
            SetMarker::Created
        }
    };
    tx.commit()?;
    Ok(out)
}

pub enum Stored {
    New(u64),
    Again(u64),
    Conflict,
}

/// Store a replica's segment once, in the caller's transaction (the writer's
/// group commit): the same bytes again are `Again`, other bytes `Conflict`.
pub fn store_segment(
    conn: &Connection,
    workspace: &str,
    replica: &str,
    rseq: u64,
    bytes: &[u8],
) -> Result<Stored> {
    let digest = sha256_hex(bytes);
    let existing: Option<(i64, String)> = conn
        .prepare_cached(
            "SELECT seq, digest FROM segment WHERE workspace = ?1 AND replica = ?2 AND rseq = ?3",
        )?
        .query_row(params![workspace, replica, rseq as i64], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let out = match existing {
        Some((seq, d)) if d == digest => Stored::Again(seq as u64),
        Some(_) => Stored::Conflict,
        None => {
            conn.prepare_cached(
                "INSERT INTO segment (workspace, replica, rseq, digest, size, bytes, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                workspace,
                replica,
                rseq as i64,
                digest,
                bytes.len() as i64,
                bytes,
                now()
            ])?;
            Stored::New(conn.last_insert_rowid() as u64)
        }
    };
    Ok(out)
}

/// Segments of `workspace` after `after`, in server order: at most `limit`,
/// and no more than `max_bytes` of them (but always at least one): (seq,
/// replica, replica's number) each, and whether more follow.
#[allow(clippy::type_complexity)]
pub fn page_index(
    conn: &Connection,
    workspace: &str,
    after: u64,
    limit: usize,
    max_bytes: usize,
) -> Result<(Vec<(u64, String, u64)>, bool)> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, replica, rseq, size FROM segment WHERE workspace = ?1 AND seq > ?2 AND quarantined_at IS NULL ORDER BY seq LIMIT ?3",
    )?;
    let mut rows = stmt.query(params![workspace, after as i64, (limit + 1) as i64])?;
    let mut out = Vec::new();
    let mut total = 0usize;
    while let Some(r) = rows.next()? {
        let size = r.get::<_, i64>(3)? as usize;
        if out.len() == limit || (!out.is_empty() && total + size > max_bytes) {
            return Ok((out, true));
        }
        total += size;
        out.push((
            r.get::<_, i64>(0)? as u64,
            r.get(1)?,
            r.get::<_, i64>(2)? as u64,
        ));
    }
    Ok((out, false))
}

/// One stored segment's exact bytes.
pub fn segment_bytes(conn: &Connection, seq: u64) -> Result<Vec<u8>> {
    Ok(conn
        .prepare_cached("SELECT bytes FROM segment WHERE seq = ?1")?
        .query_row([seq as i64], |r| r.get(0))?)
}

pub fn latest(conn: &Connection, workspace: &str) -> Result<u64> {
    Ok(conn
        .prepare_cached("SELECT COALESCE(MAX(seq), 0) FROM segment WHERE workspace = ?1")?
        .query_row([workspace], |r| r.get::<_, i64>(0))? as u64)
}

/// The highest segment number stored for `replica` in `workspace` (0 when
/// none; quarantined ones count: their numbers stay taken). After a restore
/// from a backup it is below what the replica pushed, and the replica sends
/// the missing ones again.
pub fn last_segment(conn: &Connection, workspace: &str, replica: &str) -> Result<u64> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(MAX(rseq), 0) FROM segment WHERE workspace = ?1 AND replica = ?2",
        )?
        .query_row([workspace, replica], |r| r.get::<_, i64>(0))? as u64)
}

/// (segments, bytes) stored, for /metrics.
pub fn totals(conn: &Connection) -> Result<(u64, u64)> {
    Ok(conn.query_row(
        "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM segment",
        [],
        |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
    )?)
}
