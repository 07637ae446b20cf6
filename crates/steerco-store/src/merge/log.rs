//! The change log as a merge reads and extends it, and how far each other
//! replica's changes are applied here (`sync_peer`: the newest stamp, one
//! cursor per replica, and the last segment).

use rusqlite::{params, OptionalExtension, Transaction};
use serde_json::Value as Json;

use super::ChangeRecord;
use crate::error::Result;
use crate::write::log_change;
use crate::Store;

impl Store {
    /// This replica's own changes logged after `seq`, oldest first, with the seq of each.
    pub fn local_changes_after(&self, seq: i64, limit: usize) -> Result<Vec<(i64, ChangeRecord)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT seq, hlc, author_id, tbl, row_id, op, fields, prev FROM change
             WHERE seq > ?1 AND substr(hlc, 20) = ?2 ORDER BY seq LIMIT ?3",
        )?;
        let rows = stmt.query_map(
            params![seq, self.replica().to_string(), limit as i64],
            |r| {
                let fields: String = r.get(6)?;
                let prev: Option<String> = r.get(7)?;
                Ok((
                    r.get(0)?,
                    ChangeRecord {
                        hlc: r.get(1)?,
                        author_id: r.get(2)?,
                        tbl: r.get(3)?,
                        row_id: r.get(4)?,
                        op: r.get(5)?,
                        fields: serde_json::from_str(&fields).unwrap_or_default(),
                        prev: prev.and_then(|p| serde_json::from_str(&p).ok()),
                    },
                ))
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every logged change, in log order (tests and diagnostics).
    pub fn all_changes(&self) -> Result<Vec<ChangeRecord>> {
        let mut out = Vec::new();
        let mut stmt = self.conn().prepare(
            "SELECT hlc, author_id, tbl, row_id, op, fields, prev FROM change ORDER BY seq",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let fields: String = r.get(5)?;
            let prev: Option<String> = r.get(6)?;
            out.push(ChangeRecord {
                hlc: r.get(0)?,
                author_id: r.get(1)?,
                tbl: r.get(2)?,
                row_id: r.get(3)?,
                op: r.get(4)?,
                fields: serde_json::from_str(&fields)?,
                prev: prev.map(|p| serde_json::from_str(&p)).transpose()?,
            });
        }
        Ok(out)
    }

    /// The last segment of `replica` applied here (0: none).
    pub fn peer_segment(&self, replica: &str) -> Result<u64> {
        Ok(self
            .conn()
            .prepare_cached("SELECT last_segment FROM sync_peer WHERE replica = ?1")?
            .query_row([replica], |r| r.get::<_, i64>(0))
            .optional()?
            .unwrap_or(0) as u64)
    }

    pub fn set_peer_segment(&self, replica: &str, seq: u64) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO sync_peer (replica, last_hlc, last_segment, applied_at) VALUES (?1, '', ?2, ?3)
                 ON CONFLICT(replica) DO UPDATE SET last_segment = excluded.last_segment",
            )?
            .execute(params![replica, seq as i64, self.now().to_rfc3339()])?;
        Ok(())
    }
}

/// Whether a change (by its stamp) is here already: at or before its
/// replica's cursor, or waiting in `pending_change`.
pub(super) fn already_applied(tx: &Transaction<'_>, hlc: &str) -> Result<bool> {
    let replica = hlc.get(19..).unwrap_or_default();
    let last: Option<String> = tx
        .prepare_cached("SELECT last_hlc FROM sync_peer WHERE replica = ?1")?
        .query_row([replica], |r| r.get(0))
        .optional()?;
    let pending: Option<i64> = tx
        .prepare_cached("SELECT 1 FROM pending_change WHERE hlc = ?1")?
        .query_row([hlc], |r| r.get(0))
        .optional()?;
    Ok(last.is_some_and(|l| hlc <= l.as_str()) || pending.is_some())
}

/// Append a merged change to the log as it came.
pub(super) fn append(tx: &Transaction<'_>, rec: &ChangeRecord) -> Result<()> {
    log_change(
        tx,
        &rec.hlc,
        rec.author_id.as_deref(),
        &rec.tbl,
        &rec.row_id,
        &rec.op,
        &Json::Object(rec.fields.clone()).to_string(),
        rec.prev
            .as_ref()
            .map(|p| Json::Object(p.clone()).to_string())
            .as_deref(),
    )
}
