//! What an administrator does besides workspaces and member tokens:
//! administrators' tokens (for `/metrics`), the binding of a replica to
//! the token that first pushed for it, and listing, quarantining and
//! removing a segment or a key record (`steerco-server segment ...`,
//! `steerco-server key ...`).

use rusqlite::{params, Connection, OptionalExtension};

use crate::db::{now, random_hex, sha256_hex, DbError, Result};

/// A new administrator's token: (id, token). Only its hash is kept.
pub fn create_admin_token(conn: &Connection) -> Result<(String, String)> {
    let token = format!("stca_{}", random_hex(32)?);
    let id = random_hex(6)?;
    conn.execute(
        "INSERT INTO admin_token (id, hash, created_at) VALUES (?1, ?2, ?3)",
        params![id, sha256_hex(token.as_bytes()), now()],
    )?;
    Ok((id, token))
}

/// Is `token` a live administrator's token?
pub fn is_admin(conn: &Connection, token: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM admin_token WHERE hash = ?1 AND revoked_at IS NULL")?
        .query_row([sha256_hex(token.as_bytes())], |r| r.get::<_, i64>(0))
        .optional()?
        .is_some())
}

/// How a token stands to a replica of a workspace (see `bind_replica`).
enum Binding {
    /// No token pushed for the replica yet.
    Free,
    /// The token owns it.
    Owner,
    /// Its owner was revoked and is the same member's: the token may take it.
    Successor,
    /// Another token owns it.
    Other,
}

fn binding(conn: &Connection, workspace: &str, replica: &str, token: &str) -> Result<Binding> {
    let owner: Option<(String, Option<String>, bool)> = conn
        .prepare_cached(
            "SELECT o.token, t.member, t.revoked_at IS NOT NULL FROM replica_owner o
             LEFT JOIN token t ON t.id = o.token
             WHERE o.workspace = ?1 AND o.replica = ?2",
        )?
        .query_row(params![workspace, replica], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let member = || -> Result<Option<String>> {
        Ok(conn
            .prepare_cached("SELECT member FROM token WHERE id = ?1")?
            .query_row([token], |r| r.get(0))
            .optional()?)
    };
    Ok(match owner {
        None => Binding::Free,
        Some((owner, _, _)) if owner == token => Binding::Owner,
        Some((_, Some(owner_member), true))
            if member()?.as_deref() == Some(owner_member.as_str()) =>
        {
            Binding::Successor
        }
        Some(_) => Binding::Other,
    })
}

/// May the token `token` push as `replica` in `workspace`? The first token
/// to push for a replica owns it. Another token may only when the owner
/// was revoked and both are the same member's (a token replaced by the
/// administrator); it then becomes the owner.
pub fn bind_replica(
    conn: &Connection,
    workspace: &str,
    replica: &str,
    token: &str,
) -> Result<bool> {
    match binding(conn, workspace, replica, token)? {
        Binding::Free => {
            conn.prepare_cached(
                "INSERT INTO replica_owner (workspace, replica, token, created_at)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![workspace, replica, token, now()])?;
            Ok(true)
        }
        Binding::Owner => Ok(true),
        Binding::Successor => {
            conn.execute(
                "UPDATE replica_owner SET token = ?3 WHERE workspace = ?1 AND replica = ?2",
                params![workspace, replica, token],
            )?;
            Ok(true)
        }
        Binding::Other => Ok(false),
    }
}

/// Whether `token` could push as `replica` (`bind_replica`'s rule), without
/// binding anything: a read for the replica's own writer.
pub fn may_push_as(conn: &Connection, workspace: &str, replica: &str, token: &str) -> Result<bool> {
    Ok(!matches!(
        binding(conn, workspace, replica, token)?,
        Binding::Other
    ))
}

/// A stored segment as `segment list` shows it.
#[derive(Debug, serde::Serialize)]
pub struct SegmentRow {
    pub seq: u64,
    pub replica: String,
    pub segment: u64,
    pub size: u64,
    pub created_at: i64,
    pub quarantined_at: Option<i64>,
    /// The member of the token that owns the replica, if any.
    pub owner: Option<String>,
}

fn workspace_exists(conn: &Connection, workspace: &str) -> Result<()> {
    let found: Option<i64> = conn
        .query_row(
            "SELECT 1 FROM workspace WHERE name = ?1",
            [workspace],
            |r| r.get(0),
        )
        .optional()?;
    match found {
        Some(_) => Ok(()),
        None => Err(DbError::Refused(format!("no workspace {workspace}"))),
    }
}

/// The segments of `workspace` in server order (of one replica, if given).
pub fn segments(
    conn: &Connection,
    workspace: &str,
    replica: Option<&str>,
) -> Result<Vec<SegmentRow>> {
    workspace_exists(conn, workspace)?;
    let mut stmt = conn.prepare(
        "SELECT s.seq, s.replica, s.rseq, s.size, s.created_at, s.quarantined_at, t.member
         FROM segment s
         LEFT JOIN replica_owner o ON o.workspace = s.workspace AND o.replica = s.replica
         LEFT JOIN token t ON t.id = o.token
         WHERE s.workspace = ?1 AND (?2 IS NULL OR s.replica = ?2) ORDER BY s.seq",
    )?;
    let rows = stmt.query_map(params![workspace, replica], |r| {
        Ok(SegmentRow {
            seq: r.get::<_, i64>(0)? as u64,
            replica: r.get(1)?,
            segment: r.get::<_, i64>(2)? as u64,
            size: r.get::<_, i64>(3)? as u64,
            created_at: r.get(4)?,
            quarantined_at: r.get(5)?,
            owner: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Hide a segment from pulls, keeping its bytes (a replica pushing the same
/// number again still gets its old answer, so nothing replaces it).
pub fn quarantine_segment(conn: &Connection, workspace: &str, seq: u64) -> Result<()> {
    workspace_exists(conn, workspace)?;
    let n = conn.execute(
        "UPDATE segment SET quarantined_at = ?3
         WHERE workspace = ?1 AND seq = ?2 AND quarantined_at IS NULL",
        params![workspace, seq as i64, now()],
    )?;
    if n == 0 {
        return Err(DbError::Refused(format!(
            "no segment {seq} in {workspace} that is not quarantined already"
        )));
    }
    Ok(())
}

/// Delete a segment (its replica may then push that number again).
pub fn remove_segment(conn: &Connection, workspace: &str, seq: u64) -> Result<()> {
    workspace_exists(conn, workspace)?;
    let n = conn.execute(
        "DELETE FROM segment WHERE workspace = ?1 AND seq = ?2",
        params![workspace, seq as i64],
    )?;
    if n == 0 {
        return Err(DbError::Refused(format!("no segment {seq} in {workspace}")));
    }
    Ok(())
}

/// A key record as `key list` shows it.
#[derive(Debug, serde::Serialize)]
pub struct KeyRow {
    pub name: String,
    pub size: u64,
    pub created_at: i64,
}

pub fn keys(conn: &Connection, workspace: &str) -> Result<Vec<KeyRow>> {
    workspace_exists(conn, workspace)?;
    let mut stmt = conn.prepare(
        "SELECT name, length(body), created_at FROM key_record WHERE workspace = ?1 ORDER BY name",
    )?;
    let rows = stmt.query_map([workspace], |r| {
        Ok(KeyRow {
            name: r.get(0)?,
            size: r.get::<_, i64>(1)? as u64,
            created_at: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

pub fn remove_key(conn: &Connection, workspace: &str, name: &str) -> Result<()> {
    workspace_exists(conn, workspace)?;
    let n = conn.execute(
        "DELETE FROM key_record WHERE workspace = ?1 AND name = ?2",
        params![workspace, name],
    )?;
    if n == 0 {
        return Err(DbError::Refused(format!(
            "no key record {name} in {workspace}"
        )));
    }
    Ok(())
}
