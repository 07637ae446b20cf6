//! Numbered, embedded SQL migrations. Each runs in its own transaction and is
//! recorded with a SHA-256 checksum; a changed or unknown (newer) history is
//! refused before anything is written, and a copy of the file is kept before
//! the first pending migration runs.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::error::{Result, StoreError};

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

pub static MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "core",
        sql: include_str!("../migrations/0001_core.sql"),
    },
    Migration {
        version: 2,
        name: "budget",
        sql: include_str!("../migrations/0002_budget.sql"),
    },
    Migration {
        version: 3,
        name: "sync",
        sql: include_str!("../migrations/0003_sync.sql"),
    },
    Migration {
        version: 4,
        name: "conflict sync",
        sql: include_str!("../migrations/0004_conflict_sync.sql"),
    },
    Migration {
        version: 5,
        name: "committee work",
        sql: include_str!("../migrations/0005_committee_work.sql"),
    },
    Migration {
        version: 6,
        name: "attendance and search",
        sql: include_str!("../migrations/0006_attendance_search.sql"),
    },
    Migration {
        version: 7,
        name: "backlog",
        sql: include_str!("../migrations/0007_backlog.sql"),
    },
    Migration {
        version: 8,
        name: "risks and overview",
        sql: include_str!("../migrations/0008_risks.sql"),
    },
    Migration {
        version: 9,
        name: "task board index",
        sql: include_str!("../migrations/0009_task_board_index.sql"),
    },
    Migration {
        version: 10,
        name: "minutes as recorded",
        sql: include_str!("../migrations/0010_minutes_as_recorded.sql"),
    },
    Migration {
        version: 11,
        name: "focus area order",
        sql: include_str!("../migrations/0011_focus_area_order.sql"),
    },
    Migration {
        version: 12,
        name: "corrections and tasks",
        sql: include_str!("../migrations/0012_corrections_and_tasks.sql"),
    },
    Migration {
        version: 13,
        name: "attachments",
        sql: include_str!("../migrations/0013_attachments.sql"),
    },
    Migration {
        version: 14,
        name: "votes",
        sql: include_str!("../migrations/0014_votes.sql"),
    },
    Migration {
        version: 15,
        name: "published reports",
        sql: include_str!("../migrations/0015_published_reports.sql"),
    },
    Migration {
        version: 16,
        name: "overdue actions",
        sql: include_str!("../migrations/0016_overdue_actions.sql"),
    },
    Migration {
        version: 17,
        name: "compact change log",
        sql: include_str!("../migrations/0017_compact_change_log.sql"),
    },
    Migration {
        version: 18,
        name: "overdue count",
        sql: include_str!("../migrations/0018_overdue_count.sql"),
    },
    Migration {
        version: 19,
        name: "latest status walk",
        sql: include_str!("../migrations/0019_latest_status_walk.sql"),
    },
    Migration {
        version: 20,
        name: "search terms",
        sql: include_str!("../migrations/0020_search_terms.sql"),
    },
    Migration {
        version: 21,
        name: "cold change log",
        sql: include_str!("../migrations/0021_cold_change_log.sql"),
    },
    Migration {
        version: 22,
        name: "hot log row hash",
        sql: include_str!("../migrations/0022_hot_log_row_hash.sql"),
    },
    Migration {
        version: 23,
        name: "search triggers complete",
        sql: include_str!("../migrations/0023_search_triggers_complete.sql"),
    },
];

/// Steps in Rust that finish a migration, run after its SQL in its
/// transaction: rewriting data SQL alone cannot encode.
type Step = fn(&Connection) -> Result<()>;
static STEPS: &[(i64, Step)] = &[
    (COMPACT_LOG, crate::changelog::convert_v16),
    (22, crate::changelog::hash_hot_rows),
];

/// The migration that rewrites the change log (and frees half the file).
const COMPACT_LOG: i64 = 17;

/// `PRAGMA application_id` of a Steerco workspace ('STER').
pub const APPLICATION_ID: i64 = 0x5354_4552;

pub fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

pub fn checksum(sql: &str) -> String {
    let digest = Sha256::digest(sql.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

const HISTORY_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migration (
    version INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
)";

/// The applied history: (version, checksum), or None for a file without one.
fn applied(conn: &Connection) -> Result<Option<Vec<(i64, String)>>> {
    let has_table: Option<i64> = conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migration'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if has_table.is_none() {
        return Ok(None);
    }
    let mut stmt =
        conn.prepare("SELECT version, checksum FROM schema_migration ORDER BY version")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(rows))
}

/// Check the history against the embedded migrations; return the pending ones.
/// `path` names the file in errors.
pub fn pending(conn: &Connection, path: &Path) -> Result<Vec<&'static Migration>> {
    let history = match applied(conn)? {
        Some(h) => h,
        None => {
            let tables: i64 =
                conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
            if tables > 0 {
                return Err(StoreError::NotAWorkspace(path.to_path_buf()));
            }
            Vec::new()
        }
    };
    for (version, sum) in &history {
        match MIGRATIONS.iter().find(|m| m.version == *version) {
            None if *version > latest_version() => {
                return Err(StoreError::NewerSchema {
                    found: *version,
                    known: latest_version(),
                })
            }
            None => return Err(StoreError::NotAWorkspace(path.to_path_buf())),
            Some(m) if checksum(m.sql) != *sum => {
                return Err(StoreError::MigrationChecksum { version: *version })
            }
            Some(_) => {}
        }
    }
    let done = history.last().map_or(0, |(v, _)| *v);
    Ok(MIGRATIONS.iter().filter(|m| m.version > done).collect())
}

/// Apply the pending migrations up to `target` (all when None), each in its
/// own transaction. Each step takes the write lock first and looks again, so
/// several processes opening one old file migrate it once. Before migrating a
/// file that already holds data, a copy is written beside it
/// (`<file>.before-v<N>`), from a read snapshot taken before any step.
pub fn migrate(conn: &mut Connection, path: &Path, target: Option<i64>) -> Result<Vec<i64>> {
    let wanted = |m: &Migration| target.is_none_or(|t| m.version <= t);
    {
        let snapshot = conn.transaction()?;
        if let Some(first) = pending(&snapshot, path)?.into_iter().find(|m| wanted(m)) {
            if first.version > 1 {
                backup(&snapshot, &backup_path(path, first.version))?;
            }
        }
        snapshot.commit()?;
    }
    let mut done = Vec::new();
    loop {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let Some(m) = pending(&tx, path)?.into_iter().find(|m| wanted(m)) else {
            tx.commit()?;
            if done.contains(&COMPACT_LOG) {
                // The old change log's pages are free now (about half the
                // file): give them back once. Best effort: another process
                // on the file makes VACUUM busy, and the pages are reused by
                // later writes anyway.
                let _ = conn.execute_batch("VACUUM");
            }
            return Ok(done);
        };
        tx.execute_batch(HISTORY_TABLE)?;
        tx.execute_batch(m.sql)?;
        for (_, step) in STEPS.iter().filter(|(v, _)| *v == m.version) {
            step(&tx)?;
        }
        tx.execute(
            "INSERT INTO schema_migration (version, name, checksum, applied_at) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![m.version, m.name, checksum(m.sql), chrono::Utc::now().to_rfc3339()],
        )?;
        tx.commit()?;
        done.push(m.version);
    }
}

pub fn backup_path(path: &Path, version: i64) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".before-v{version}"));
    path.with_file_name(name)
}

/// Copy the database as this connection's read snapshot sees it, through
/// SQLite's backup API (consistent in WAL mode too), under a temporary name of
/// its own, then moved into place. When a concurrent opener got there first,
/// its copy is of the same state and is kept.
fn backup(conn: &Connection, to: &Path) -> Result<()> {
    let mut tmp = to.as_os_str().to_os_string();
    tmp.push(format!(".{}.part", uuid::Uuid::new_v4().simple()));
    let tmp = PathBuf::from(tmp);
    let copied = (|| -> Result<()> {
        let mut dst = Connection::open(&tmp)?;
        let backup = rusqlite::backup::Backup::new(conn, &mut dst)?;
        backup.run_to_completion(256, std::time::Duration::from_millis(5), None)?;
        Ok(())
    })();
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    if to.exists() || std::fs::rename(&tmp, to).is_err() && to.exists() {
        let _ = std::fs::remove_file(&tmp);
        return Ok(());
    }
    Ok(())
}

pub fn current_version(conn: &Connection) -> Result<i64> {
    Ok(applied(conn)?
        .and_then(|h| h.last().map(|(v, _)| *v))
        .unwrap_or(0))
}
