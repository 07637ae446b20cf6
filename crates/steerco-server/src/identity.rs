//! Who answers (#20): each workspace's id, the same on every server of one
//! database, and the database's generation, made anew by every restore. A
//! client keeps both; another id or another generation means its pull
//! cursor may point past what this server holds, so it pulls again from
//! the start (segments it has are skipped) and sends what the server
//! lacks. The SQLite side is here, PostgreSQL's in `pg_identity.rs`.

use clap::Subcommand;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::db::{now, DbError, Result};

/// `steerco-server ... generation show|renew`.
#[derive(Debug, Clone, Copy, Subcommand)]
pub enum GenerationVerb {
    /// Print the database's generation.
    Show,
    /// Make a new generation and print it: after putting back a backup of
    /// a PostgreSQL database (the `pg-restore` script runs it), so members
    /// pull again from the start and send what the backup lacks.
    Renew,
}

/// What `GET /v1/workspaces/{name}` answers.
#[derive(Debug, Clone, Serialize)]
pub struct Identity {
    pub workspace: String,
    pub generation: String,
    /// The newest server sequence of the workspace (0 when none).
    pub latest: u64,
}

/// A new random id: a UUID (version 4), lowercase and hyphenated.
pub(crate) fn new_id() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).map_err(|e| DbError::Random(e.to_string()))?;
    Ok(uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string())
}

/// The workspace's id, the generation and its newest server sequence;
/// None when there is no such workspace.
pub fn identity(conn: &Connection, workspace: &str) -> Result<Option<Identity>> {
    Ok(conn
        .prepare_cached(
            "SELECT w.id, g.generation,
                    (SELECT COALESCE(MAX(seq), 0) FROM segment WHERE workspace = w.name)
             FROM workspace w, server_generation g WHERE w.name = ?1",
        )?
        .query_row([workspace], |r| {
            Ok(Identity {
                workspace: r.get(0)?,
                generation: r.get(1)?,
                latest: r.get::<_, i64>(2)? as u64,
            })
        })
        .optional()?)
}

pub fn generation(conn: &Connection) -> Result<String> {
    Ok(conn.query_row("SELECT generation FROM server_generation", [], |r| r.get(0))?)
}

/// A new generation, in place of the one there: it.
pub fn renew_generation(conn: &Connection) -> Result<String> {
    let generation = new_id()?;
    let n = conn.execute(
        "UPDATE server_generation SET generation = ?1, made_at = ?2",
        params![generation, now()],
    )?;
    if n != 1 {
        return Err(DbError::Refused(
            "the database has no generation to renew".into(),
        ));
    }
    Ok(generation)
}

/// Run `generation show|renew` on the SQLite database: what to print.
pub fn administer(conn: &Connection, verb: GenerationVerb) -> Result<String> {
    match verb {
        GenerationVerb::Show => generation(conn),
        GenerationVerb::Renew => renew_generation(conn),
    }
}
