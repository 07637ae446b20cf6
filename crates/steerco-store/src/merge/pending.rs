//! Changes that cannot apply yet wait in `pending_change`: a table or field
//! of a newer version, a change to a row not here yet. They are retried after
//! every merge and carried in snapshots.

use rusqlite::{params, Transaction};
use steerco_domain::Hlc;

use super::{field, ChangeRecord, Outcome};
use crate::conflict::LocalWriter;
use crate::error::Result;
use crate::Store;

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
/// a row another one inserts); the number still waiting.
pub(super) fn retry(
    tx: &Transaction<'_>,
    local: &mut LocalWriter,
    conflicts: &mut usize,
) -> Result<usize> {
    loop {
        let waiting: Vec<(String, String)> = tx
            .prepare_cached("SELECT hlc, record FROM pending_change ORDER BY hlc")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut progressed = false;
        for (hlc, record) in &waiting {
            let rec: ChangeRecord = serde_json::from_str(record)?;
            if let Outcome::Applied(c) = field::merge_one(tx, &rec, Hlc::parse(hlc)?, local)? {
                *conflicts += c;
                tx.prepare_cached("DELETE FROM pending_change WHERE hlc = ?1")?
                    .execute([hlc])?;
                progressed = true;
            }
        }
        if !progressed {
            return Ok(waiting.len());
        }
    }
}
