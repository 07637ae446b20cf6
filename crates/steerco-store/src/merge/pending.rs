//! Changes that cannot apply yet wait in `pending_change`: a table, field,
//! word or operation of a newer version, a change to a row not here yet, one
//! stamped too far ahead, and what a merge refuses (`guard.rs`). Each keeps
//! its reason; all are retried after every merge (and carried in snapshots).

use rusqlite::{params, Transaction};
use serde::Serialize;
use steerco_domain::Hlc;

use super::guard::{self, WaitKind};
use super::{field, ChangeRecord, MergeReport, Outcome};
use crate::conflict::LocalWriter;
use crate::error::Result;
use crate::Store;

/// A change that waits, as the sync status shows it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Waiting {
    pub stamp: String,
    /// The replica the stamp names.
    pub replica: String,
    pub table: String,
    pub row_id: String,
    pub op: String,
    pub kind: WaitKind,
    /// Why, in English (the CLI prints it).
    pub reason: String,
}

impl Store {
    /// Changes received that wait to apply (a snapshot must carry them too).
    pub fn pending_changes(&self) -> Result<Vec<ChangeRecord>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT record FROM pending_change ORDER BY hlc")?;
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        rows.iter().map(|r| Ok(serde_json::from_str(r)?)).collect()
    }

    /// What waits and why, oldest stamp first (at most `limit`).
    pub fn waiting_changes(&self, limit: usize) -> Result<Vec<Waiting>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT hlc, record, reason FROM pending_change ORDER BY hlc LIMIT ?1")?;
        let rows: Vec<(String, String, String)> = stmt
            .query_map([limit as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .map(|(stamp, record, reason)| {
                let rec: Option<ChangeRecord> = serde_json::from_str(&record).ok();
                let (kind, text) = WaitKind::split(&reason);
                Waiting {
                    replica: stamp.get(19..).unwrap_or_default().to_string(),
                    table: rec.as_ref().map(|r| r.tbl.clone()).unwrap_or_default(),
                    row_id: rec.as_ref().map(|r| r.row_id.clone()).unwrap_or_default(),
                    op: rec.map(|r| r.op).unwrap_or_default(),
                    kind,
                    reason: text.to_string(),
                    stamp,
                }
            })
            .collect())
    }

    /// Retry what waits (a sync with nothing new calls this, so a change
    /// stamped ahead applies once the clock has caught up).
    pub fn retry_pending(&mut self) -> Result<MergeReport> {
        self.merge(&[])
    }

    /// Whether any change waits (one indexed read: a sync that brings
    /// nothing new retries only when there is something to retry).
    pub fn has_pending(&self) -> Result<bool> {
        Ok(self
            .conn()
            .query_row("SELECT EXISTS (SELECT 1 FROM pending_change)", [], |r| {
                r.get(0)
            })?)
    }
}

/// Keep `rec` to retry later, with the reason it waits.
pub(super) fn park(tx: &Transaction<'_>, rec: &ChangeRecord, reason: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO pending_change (hlc, record, reason) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![rec.hlc, serde_json::to_string(rec)?, reason])?;
    Ok(())
}

/// Apply what waits, as long as some of it applies (one change may wait for
/// a row another one inserts); the changes applied, in order. A change that
/// still may not apply keeps waiting, with its reason brought up to date.
pub(super) fn retry(
    tx: &Transaction<'_>,
    local: &mut LocalWriter<'_>,
    conflicts: &mut usize,
) -> Result<Vec<ChangeRecord>> {
    let mut applied = Vec::new();
    loop {
        let waiting: Vec<(String, String)> = tx
            .prepare_cached("SELECT hlc, record FROM pending_change ORDER BY hlc")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut progressed = false;
        for (hlc, record) in &waiting {
            // A malformed stamp or record stays parked, visibly, for good.
            let (Ok(stamp), Ok(rec)) = (
                Hlc::parse(hlc),
                serde_json::from_str::<ChangeRecord>(record),
            ) else {
                continue;
            };
            let outcome = match guard::check(tx, &mut local.held, &rec, stamp, local.wall)? {
                Some(reason) => Outcome::Pending(reason),
                None => {
                    // A change parked for its stamp is observed only now.
                    if stamp > local.hlc {
                        local.hlc = local.hlc.observe(stamp, local.wall)?;
                    }
                    field::merge_one(tx, &rec, stamp, local)?
                }
            };
            match outcome {
                Outcome::Applied(c) => {
                    *conflicts += c;
                    tx.prepare_cached("DELETE FROM pending_change WHERE hlc = ?1")?
                        .execute([hlc])?;
                    applied.push(rec);
                    progressed = true;
                }
                Outcome::Pending(reason) => {
                    tx.prepare_cached(
                        "UPDATE pending_change SET reason = ?2 WHERE hlc = ?1 AND reason <> ?2",
                    )?
                    .execute(params![hlc, reason])?;
                }
            }
        }
        if !progressed {
            return Ok(applied);
        }
    }
}

/// How many changes wait.
pub(super) fn count(tx: &Transaction<'_>) -> Result<usize> {
    Ok(
        tx.query_row("SELECT count(*) FROM pending_change", [], |r| {
            r.get::<_, i64>(0)
        })? as usize,
    )
}
