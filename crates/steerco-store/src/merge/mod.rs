//! The write path's second entrance: changes from other replicas. Each field
//! resolves last-writer-wins by (clock stamp, replica id) against the stamp of
//! the local value; a concurrent edit keeps the losing value as a conflict.
//! Applied and logged in one transaction, like a local write; idempotent
//! (each replica's changes arrive in its own order, one cursor per replica);
//! the result does not depend on arrival order.
//!
//! `guard.rs` what no change may do (stamps far ahead, words and operations
//! this version rejects, edits of append-only rows, approvals without their
//! event), `field.rs` the per-field rule (last writer wins, concurrent edits
//! kept as conflicts), `delete.rs` delete against edit, `text.rs` the
//! three-way merge of long texts, `pending.rs` changes that wait (a newer
//! version's table or field, a row not here yet, what the guard parked),
//! `log.rs` the change log and each replica's cursor. What the Sync view
//! shows is in `crate::sync_status`.

mod delete;
mod field;
mod guard;
mod log;
mod pending;
mod row;
mod text;

pub use guard::{WaitKind, MAX_AHEAD_MS};
pub use pending::Waiting;
pub(crate) use row::write_kept;

use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};
use steerco_domain::{Hlc, Value};

use crate::conflict::{self, LocalWriter};
pub use crate::conflict::{Conflict, Resolution};
use crate::error::Result;
use crate::local_key::{self, LocalKey};
pub use crate::sync_status::{PeerStatus, SyncOutcome, SyncPanel, SyncStatus, WaitingFor};
use crate::Store;

/// A logged change as it travels between replicas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeRecord {
    pub hlc: String,
    pub author_id: Option<String>,
    pub tbl: String,
    pub row_id: String,
    pub op: String,
    pub fields: Map<String, Json>,
    pub prev: Option<Map<String, Json>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MergeReport {
    pub applied: usize,
    /// Already here (sent twice, or our own).
    pub skipped: usize,
    /// Waiting after this merge (all of `pending_change`): a newer
    /// version's table, field, word or operation, a row not here yet, a
    /// stamp over 24 hours ahead, or a change refused (`Store::waiting_changes`).
    pub pending: usize,
    pub conflicts: usize,
    /// Replicas whose changes carry a time more than 5 minutes ahead of this
    /// machine's clock, with how far ahead (seconds): their clock is wrong.
    /// (Over 24 hours ahead a change waits instead, see `MAX_AHEAD_MS`.)
    pub clock_ahead: Vec<(String, i64)>,
}

/// How far ahead of the local clock a change may be stamped before it is flagged.
pub const CLOCK_TOLERANCE_MS: i64 = 5 * 60 * 1000;

/// How often a merge reports its progress, in changes.
const PROGRESS_EVERY: usize = 2000;

pub(crate) fn to_value(v: &Json) -> Value {
    match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::from(*b),
        Json::Number(n) => n
            .as_i64()
            .map_or(Value::Real(n.as_f64().unwrap_or(0.0)), Value::Int),
        Json::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    }
}

enum Outcome {
    Applied(usize),
    Pending(String),
}

impl Store {
    /// Apply changes from other replicas, all or nothing.
    pub fn merge(&mut self, records: &[ChangeRecord]) -> Result<MergeReport> {
        self.merge_tx(records, &[], true)
    }

    /// Apply other replicas' segments and record how far each replica is
    /// applied, in one transaction: a crash leaves the state before or after.
    pub fn merge_segments(
        &mut self,
        records: &[ChangeRecord],
        positions: &[(String, u64)],
    ) -> Result<MergeReport> {
        self.merge_tx(records, positions, true)
    }

    /// What `merge` would do (applied, waiting, conflicts), changing nothing:
    /// the same merge in a transaction that is rolled back.
    pub fn merge_preview(&mut self, records: &[ChangeRecord]) -> Result<MergeReport> {
        let hlc = self.hlc;
        let report = self.merge_tx(records, &[], false);
        self.hlc = hlc;
        report
    }

    fn merge_tx(
        &mut self,
        records: &[ChangeRecord],
        positions: &[(String, u64)],
        commit: bool,
    ) -> Result<MergeReport> {
        let wall = self.now().timestamp_millis();
        let me = self.replica();
        let now = self.now().to_rfc3339();
        let mut report = MergeReport::default();
        // Meetings whose minutes this merge touched (checked against their
        // approval after the commit).
        let mut meetings = std::collections::BTreeSet::new();
        // Per replica, the newest stamp of its changes in this merge.
        let mut newest: std::collections::BTreeMap<_, &str> = Default::default();
        let words = std::mem::take(&mut self.words);
        let tx = crate::write::begin(&mut self.conn)?;
        let mut known = log::Known::new(&tx)?;
        // Another handle on this file (the CLI beside the app) may have
        // stamped since this one last did.
        let mut local = LocalWriter {
            hlc: crate::write::stored_clock(&tx, self.hlc)?,
            wall,
            author: self.me.clone(),
            words,
            held: crate::held::Held::new(&tx),
        };
        for (i, rec) in records.iter().enumerate() {
            if i == records.len() / 2 {
                crate::failpoint("mid-apply");
            }
            if i % PROGRESS_EVERY == 0 && commit {
                if let Some(progress) = self.progress.as_mut() {
                    progress(i, records.len());
                }
            }
            let parsed = Hlc::parse(&rec.hlc);
            if known.already_applied(&tx, rec, parsed.as_ref().ok().copied())? {
                report.skipped += 1;
                continue;
            }
            let stamp = match parsed {
                Ok(stamp) => stamp,
                Err(e) => {
                    pending::park(&tx, rec, &WaitKind::Refused.reason(e))?;
                    known.parked(rec);
                    continue;
                }
            };
            if stamp.replica == me {
                report.skipped += 1;
                continue;
            }
            if let Some(reason) = guard::check(&tx, &mut local.held, rec, stamp, wall)? {
                pending::park(&tx, rec, &reason)?;
                known.parked(rec);
                continue;
            }
            if stamp.millis > wall + CLOCK_TOLERANCE_MS {
                // Flag the replica. Observing its stamp below moves this
                // clock past it, so every later local edit still outranks it:
                // a wrong clock cannot dominate later work.
                let ahead = (stamp.millis - wall) / 1000;
                let who = stamp.replica.to_string();
                match report.clock_ahead.iter_mut().find(|(r, _)| *r == who) {
                    Some((_, a)) => *a = (*a).max(ahead),
                    None => report.clock_ahead.push((who, ahead)),
                }
            }
            local.hlc = local.hlc.observe(stamp, wall)?;
            match field::merge_one(&tx, rec, stamp, &mut local)? {
                Outcome::Applied(conflicts) => {
                    known.logged(&tx, rec, stamp)?;
                    report.applied += 1;
                    report.conflicts += conflicts;
                    if let Some(m) = minutes_meeting(&tx, &local.held, rec)? {
                        meetings.insert(m);
                    }
                }
                Outcome::Pending(reason) => {
                    pending::park(&tx, rec, &reason)?;
                    known.parked(rec);
                }
            }
            // Shown as the newest change from the replica; never a cursor
            // (`log::Known`), so no stamp can hide later changes.
            // Nothing in the merge reads it: kept per replica, written once.
            let newest = newest.entry(stamp.replica).or_insert(rec.hlc.as_str());
            *newest = (*newest).max(rec.hlc.as_str());
        }
        for (replica, hlc) in newest {
            tx.prepare_cached(
                "INSERT INTO sync_peer (replica, last_hlc, applied_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(replica) DO UPDATE SET last_hlc = max(last_hlc, excluded.last_hlc),
                 applied_at = excluded.applied_at",
            )?
            .execute(params![replica.to_string(), hlc, now])?;
        }
        // Changes that waited may apply now; the approved-minutes guard
        // covers them as it covers the rest.
        for rec in pending::retry(&tx, &mut local, &mut report.conflicts)? {
            report.applied += 1;
            if let Some(m) = minutes_meeting(&tx, &local.held, &rec)? {
                meetings.insert(m);
            }
        }
        // Every row's kept fields go to the file before the merge ends.
        row::write_kept(&mut local.held)?;
        report.pending = pending::count(&tx)?;
        crate::failpoint("before-position");
        for (replica, seq) in positions {
            tx.prepare_cached(
                "INSERT INTO sync_peer (replica, last_hlc, last_segment, applied_at) VALUES (?1, '', ?2, ?3)
                 ON CONFLICT(replica) DO UPDATE SET last_segment = max(last_segment, excluded.last_segment)",
            )?
            .execute(params![replica, *seq as i64, now])?;
        }
        local_key::put(&tx, LocalKey::Hlc, &local.hlc.to_string())?;
        let hlc = local.hlc;
        let words = local.finish();
        if commit {
            tx.commit()?;
            self.hlc = hlc;
            self.words = words;
            let last = records.last().map(|r| r.hlc.as_str()).unwrap_or_default();
            report.conflicts += conflict::flag_changed_approved_minutes(self, &meetings, last)?;
            if let Some(progress) = self.progress.as_mut() {
                progress(records.len(), records.len());
            }
        }
        Ok(report)
    }
}

/// The meeting whose minutes (agenda, outcomes, attendance, state) a
/// change touches, if any.
fn minutes_meeting(
    tx: &Transaction<'_>,
    held: &crate::held::Held<'_>,
    rec: &ChangeRecord,
) -> Result<Option<String>> {
    let table = match rec.tbl.as_str() {
        "meeting" => return Ok(Some(rec.row_id.clone())),
        // A task of its own is an outcome with no meeting (schema 12).
        "agenda_item" => "agenda_item",
        "outcome" => "outcome",
        "attendance" => "attendance",
        _ => return Ok(None),
    };
    // As this merge keeps the row; a field it has not set since the file
    // was written (every field set is kept) is as the file has it.
    if let Some(meeting) = held.rows.value(table, &rec.row_id, "meeting_id") {
        return Ok(meeting.as_str().map(str::to_string));
    }
    Ok(tx
        .prepare_cached(&format!("SELECT meeting_id FROM {table} WHERE id = ?1"))?
        .query_row([&rec.row_id], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}
