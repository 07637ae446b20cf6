//! `steerco-server backup --to FILE` and `restore --from FILE`: the server's
//! one SQLite file copied while it serves, and put back while it is stopped;
//! the blobs (papers' bytes, files beside the database) copied to the folder
//! `FILE.blobs` and back.
//!
//! Both write under a temporary name in the target's folder and rename at
//! the end, so an interrupted run never leaves half a file under the name.
//! Blobs never change and the server removes none, so those copied after
//! the database's snapshot are all that it knew of, and maybe a few more.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use crate::blob_store;
use crate::db::{self, DbError, Result};

/// The name the previous database keeps after a restore.
const BEFORE_RESTORE: &str = "before-restore";

/// How far a restore moves the server order (the members' pull cursor) on
/// past anything the backup or the replaced database reached.
const ORDER_JUMP: i64 = 1 << 32;

/// The tables (and columns) of a server database at each schema version.
const TABLES: &[(i64, &str, &str)] = &[
    (0, "workspace", "name, marker, created_at"),
    (
        0,
        "token",
        "id, workspace, member, hash, created_at, revoked_at",
    ),
    (
        0,
        "segment",
        "seq, workspace, replica, rseq, digest, size, bytes, created_at",
    ),
    (0, "key_record", "workspace, name, body, created_at"),
    (1, "segment", "quarantined_at"),
    (1, "replica_owner", "workspace, replica, token, created_at"),
    (1, "admin_token", "id, hash, created_at, revoked_at"),
    (2, "workspace", "id"),
    (2, "server_generation", "generation, made_at"),
];

fn refused(m: String) -> DbError {
    DbError::Refused(m)
}

/// An existing file, without creating it (and with no URI names, so a
/// path is only ever a path).
fn open_existing(path: &Path) -> rusqlite::Result<Connection> {
    Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
}

/// A name for a temporary file next to `target` that nothing else uses.
fn temporary(target: &Path) -> Result<PathBuf> {
    let name = target
        .file_name()
        .ok_or_else(|| refused(format!("{} names no file", target.display())))?;
    Ok(target.with_file_name(format!(
        ".{}.{}.partial",
        name.to_string_lossy(),
        db::random_hex(6)?
    )))
}

/// `path` with `suffix` after its name (a database's `-wal`, `-shm`, `-journal`).
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

fn remove_with_journals(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = fs::remove_file(with_suffix(path, suffix));
    }
}

/// The file's data on the disk, then (where the platform lets a folder be
/// opened: not Windows) the folder's entry of a rename.
fn sync_file_and_folder(file: &Path) -> std::io::Result<()> {
    fs::File::open(file)?.sync_all()?;
    if let Ok(d) = fs::File::open(folder_of(file)) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The folder `file` is in (`.` for a bare name).
fn folder_of(file: &Path) -> &Path {
    match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// What a failed write says: a full disk and an unwritable folder by name.
fn write_error(dir: &Path, what: &str) -> String {
    format!("cannot write {what} in {}", dir.display())
}

fn io_refusal(dir: &Path, what: &str, e: std::io::Error) -> DbError {
    match e.kind() {
        ErrorKind::StorageFull => refused(format!("{}: the disk is full", write_error(dir, what))),
        _ => refused(format!("{}: {e}", write_error(dir, what))),
    }
}

fn sql_refusal(dir: &Path, what: &str, e: rusqlite::Error) -> DbError {
    match e.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => {
            refused(format!("{}: the disk is full", write_error(dir, what)))
        }
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied | ErrorCode::ReadOnly) => {
            refused(format!(
                "{}: the folder is missing or this user may not write there ({e})",
                write_error(dir, what)
            ))
        }
        _ => DbError::Sql(e),
    }
}

/// The folder of a backup's blobs: `FILE.blobs` beside the backup `FILE`.
pub fn blobs_beside(backup: &Path) -> PathBuf {
    with_suffix(backup, ".blobs")
}

/// Copy the database in `data` to `to` (not over an existing file unless
/// `force`), and the blobs to `blobs_beside(to)` (added to those there
/// with `force`): its size in bytes, and how many blobs were copied.
///
/// `VACUUM INTO` rather than the online backup API: it reads the whole
/// database inside one read transaction, which in WAL mode is a snapshot
/// that the server's writer keeps committing past, so the copy is
/// consistent and the server never waits. The backup API copies in steps
/// and starts over whenever another process (the server) writes between
/// two steps, so under a steady stream of pushes it may never finish (and
/// in one step it would be the same snapshot, without the compaction).
/// SQLite does not sync the file it writes: that is done here before the
/// rename.
pub fn backup(data: &Path, to: &Path, force: bool) -> Result<(u64, u64)> {
    let blobs = blobs_beside(to);
    if !force && fs::symlink_metadata(&blobs).is_ok() {
        return Err(refused(format!(
            "{} exists: give --force to add to it",
            blobs.display()
        )));
    }
    let size = backup_database(data, to, force)?;
    let held = data.join(blob_store::FOLDER);
    if !held.is_dir() {
        return Ok((size, 0));
    }
    let copied = blob_store::copy_all(&held, &blobs).map_err(|e| {
        refused(format!(
            "the database was backed up to {}, but not every blob: {}",
            to.display(),
            io_refusal(folder_of(&blobs), "the blobs", e)
        ))
    })?;
    Ok((size, copied))
}

fn backup_database(data: &Path, to: &Path, force: bool) -> Result<u64> {
    let source = data.join(db::FILE);
    if !source.is_file() {
        return Err(refused(format!(
            "no server database in {} ({} is not there)",
            data.display(),
            db::FILE
        )));
    }
    let exists = || fs::symlink_metadata(to).is_ok();
    if exists() {
        if !force {
            return Err(refused(format!(
                "{} exists: give --force to replace it",
                to.display()
            )));
        }
        let target = fs::canonicalize(to).ok();
        let is_live =
            |s: &str| fs::canonicalize(data.join(format!("{}{s}", db::FILE))).ok() == target;
        if target.is_some() && ["", "-wal", "-shm"].into_iter().any(is_live) {
            return Err(refused(format!(
                "{} is the live database itself",
                to.display()
            )));
        }
    }
    let tmp = temporary(to)?;
    let dir = folder_of(&tmp);
    let name = tmp.to_str().ok_or_else(|| {
        refused(format!(
            "{} is not a path SQLite can be given (not UTF-8)",
            to.display()
        ))
    })?;
    let run = || -> Result<u64> {
        let conn = open_existing(&source)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.execute("VACUUM INTO ?1", [name])
            .map_err(|e| sql_refusal(dir, "the backup", e))?;
        drop(conn);
        sync_file_and_folder(&tmp).map_err(|e| io_refusal(dir, "the backup", e))?;
        // Looked at again: a file may have appeared there meanwhile.
        if !force && exists() {
            return Err(refused(format!(
                "{} appeared while the backup was written: not replaced",
                to.display()
            )));
        }
        fs::rename(&tmp, to).map_err(|e| io_refusal(dir, "the backup", e))?;
        sync_file_and_folder(to).map_err(|e| io_refusal(dir, "the backup", e))?;
        Ok(fs::metadata(to).map(|m| m.len()).unwrap_or(0))
    };
    let out = run();
    if out.is_err() {
        remove_with_journals(&tmp);
    }
    out
}

/// Is this a database a Steerco server wrote, whole and of a schema this
/// build knows? Why not, if not.
fn verify(conn: &Connection) -> std::result::Result<(), String> {
    let mut stmt = conn
        .prepare("PRAGMA integrity_check")
        .map_err(|e| e.to_string())?;
    let problems: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .and_then(|rows| rows.collect())
        .map_err(|e| e.to_string())?;
    if problems != ["ok"] {
        return Err(format!(
            "the integrity check fails: {}",
            problems.join("; ")
        ));
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    let known = db::schema_version();
    if !(0..=known).contains(&version) {
        return Err(format!(
            "its schema version is {version}; this steerco-server knows up to {known}"
        ));
    }
    for (since, table, columns) in TABLES.iter().filter(|(v, _, _)| *v <= version) {
        conn.prepare(&format!("SELECT {columns} FROM {table} LIMIT 0"))
            .map_err(|e| {
                format!("no {table} table as schema {since} of a Steerco server has ({e})")
            })?;
    }
    Ok(())
}

/// Put the database in `from` in place of the one in `data`, which is kept
/// as `<name>.before-restore` (with its WAL, if it could not be folded in):
/// that path, if there was one. Only while no process has the database
/// open: the server holds its connections open while it runs, and the
/// switch out of WAL mode below needs every other connection closed. The
/// server order of new segments starts [`ORDER_JUMP`] past the old one, and
/// the database gets a new generation (`identity.rs`).
/// Then the blobs in `blobs_beside(from)` are added to those in `data`
/// (blobs the server received since the backup stay: members may name them).
pub fn restore(data: &Path, from: &Path) -> Result<Option<PathBuf>> {
    let created = !data.exists();
    fs::create_dir_all(data)
        .map_err(|e| refused(format!("cannot create {}: {e}", data.display())))?;
    let live = data.join(db::FILE);
    let before = data.join(format!("{}.{BEFORE_RESTORE}", db::FILE));
    if fs::symlink_metadata(&before).is_ok() {
        return Err(refused(format!(
            "{} is there from an earlier restore: move it elsewhere first",
            before.display()
        )));
    }
    // The copy is checked, not the file given: it stays as it was, and the
    // swap below is one rename within the folder.
    let tmp = temporary(&live)?;
    let out = put_in_place(data, from, &tmp, &live, &before);
    if out.is_err() {
        remove_with_journals(&tmp);
        if created {
            let _ = fs::remove_dir(data);
        }
        return out;
    }
    let blobs = blobs_beside(from);
    if blobs.is_dir() {
        let held = data.join(blob_store::FOLDER);
        blob_store::copy_all(&blobs, &held).map_err(|e| {
            refused(format!(
                "the database was restored, but not every blob: {}; copy what is in {} \
                 to {} by hand",
                io_refusal(&held, "the blobs", e),
                blobs.display(),
                held.display()
            ))
        })?;
    }
    out
}

/// The last server order given to a segment (AUTOINCREMENT keeps it even
/// when that segment was removed).
fn last_order(conn: &Connection) -> i64 {
    conn.query_row(
        "SELECT seq FROM sqlite_sequence WHERE name = 'segment'",
        [],
        |r| r.get(0),
    )
    .unwrap_or(0)
}

fn put_in_place(
    data: &Path,
    from: &Path,
    tmp: &Path,
    live: &Path,
    before: &Path,
) -> Result<Option<PathBuf>> {
    if let Err(e) = fs::File::open(from).and_then(|f| f.metadata()) {
        return Err(refused(format!("cannot read {}: {e}", from.display())));
    }
    if !from.is_file() {
        return Err(refused(format!("{} is not a file", from.display())));
    }
    fs::copy(from, tmp).map_err(|e| io_refusal(data, "the restored database", e))?;
    {
        let conn = open_existing(tmp).map_err(|e| sql_refusal(data, "the restored database", e))?;
        verify(&conn).map_err(|why| {
            refused(format!(
                "{} is not a Steerco server database to restore: {why}",
                from.display()
            ))
        })?;
        // Members may have pulled past the backup (what was pushed after it
        // is not in it): numbered on from the backup, new segments would
        // get server positions at or below their cursors and never reach
        // them. So the order goes on far beyond what either file reached.
        let replaced = open_existing(live).map(|c| last_order(&c)).unwrap_or(0);
        let next = last_order(&conn).max(replaced).saturating_add(ORDER_JUMP);
        let n = conn.execute(
            "UPDATE sqlite_sequence SET seq = ?1 WHERE name = 'segment'",
            [next],
        )?;
        if n == 0 {
            conn.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES ('segment', ?1)",
                [next],
            )?;
        }
        // Members compare the generation with the one they saw: another one
        // has them pull again from the start and send what the backup lacks.
        // (A backup older than generations gets its first one when opened.)
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version >= 2 {
            crate::identity::renew_generation(&conn)?;
        }
        // A self-contained file (no -wal beside it to lose in the rename).
        conn.query_row("PRAGMA journal_mode=DELETE", [], |_| Ok(()))?;
    }
    sync_file_and_folder(tmp).map_err(|e| io_refusal(data, "the restored database", e))?;

    let mut kept = None;
    if live.exists() {
        set_aside(live, before)?;
        kept = Some(before.to_path_buf());
    }
    if let Err(e) = fs::rename(tmp, live) {
        // Nothing in place: the previous database goes back.
        if kept.is_some() {
            let _ = fs::rename(before, live);
        }
        return Err(io_refusal(data, "the restored database", e));
    }
    sync_file_and_folder(live).map_err(|e| io_refusal(data, "the restored database", e))?;
    Ok(kept)
}

/// Move the current database aside, refusing while any process has it
/// open. Switching it out of WAL mode needs an exclusive lock, which SQLite
/// gets only when no other connection is open (every WAL connection holds a
/// shared lock for its lifetime); on the way it folds the WAL into the file.
/// A database too damaged to open is moved aside as it is, its WAL and
/// rollback journal along under the new name, so they still belong to it.
fn set_aside(live: &Path, before: &Path) -> Result<()> {
    let in_use = |e: &rusqlite::Error| {
        matches!(
            e.sqlite_error_code(),
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
        )
    };
    match open_existing(live) {
        Ok(conn) => {
            conn.busy_timeout(Duration::from_secs(1))?;
            if let Err(e) = conn.query_row("PRAGMA journal_mode=DELETE", [], |_| Ok(())) {
                if in_use(&e) {
                    return Err(refused(format!(
                        "the database in {} is in use: stop steerco-server (and any other \
                         steerco-server command on this folder) first",
                        live.parent().unwrap_or(live).display()
                    )));
                }
            }
        }
        Err(e) if in_use(&e) => {
            return Err(refused(format!(
                "the database {} is in use",
                live.display()
            )))
        }
        Err(_) => {}
    }
    let dir = folder_of(live);
    fs::rename(live, before).map_err(|e| io_refusal(dir, "the previous database", e))?;
    for suffix in ["-wal", "-journal"] {
        if with_suffix(live, suffix).exists() {
            fs::rename(with_suffix(live, suffix), with_suffix(before, suffix))
                .map_err(|e| io_refusal(dir, "the previous database", e))?;
        }
    }
    // Only an index of the WAL, rebuilt from it when needed.
    let _ = fs::remove_file(with_suffix(live, "-shm"));
    Ok(())
}
