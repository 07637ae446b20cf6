//! The write path's second entrance: changes from other replicas. Each field
//! resolves last-writer-wins by (clock stamp, replica id) against the stamp of
//! the local value; a concurrent edit keeps the losing value as a conflict.
//! Applied and logged in one transaction, like a local write; idempotent
//! (each replica's changes arrive in its own order, one cursor per replica);
//! the result does not depend on arrival order.

use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};
use steerco_domain::{Hlc, Value};

use crate::conflict::{self, record_conflict, LocalWriter};
pub use crate::conflict::{Conflict, Resolution};
use crate::error::{Result, StoreError};
use crate::refusal::Refusal;
use crate::schema::{self, TableDef};
use crate::text_merge;
use crate::write::{insert_remote, log_change, set_remote_fields};
use crate::{RowChange, Store};

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
    /// Kept for later: a newer version's table or field, or a row not here yet.
    pub pending: usize,
    pub conflicts: usize,
    /// Replicas whose changes carry a time more than 5 minutes ahead of this
    /// machine's clock, with how far ahead (seconds): their clock is wrong.
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
        let mut local = LocalWriter {
            hlc: self.hlc,
            wall,
            author: self.me.clone(),
        };
        let mut report = MergeReport::default();
        // Meetings whose minutes this merge touched (checked against their
        // approval after the commit).
        let mut meetings = std::collections::BTreeSet::new();
        let tx = self.conn.transaction()?;
        for (i, rec) in records.iter().enumerate() {
            if i == records.len() / 2 {
                crate::failpoint("mid-apply");
            }
            if i % PROGRESS_EVERY == 0 && commit {
                if let Some(progress) = self.progress.as_mut() {
                    progress(i, records.len());
                }
            }
            let stamp = Hlc::parse(&rec.hlc)?;
            if stamp.replica == me || already_applied(&tx, &rec.hlc)? {
                report.skipped += 1;
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
            match merge_one(&tx, rec, stamp, &mut local)? {
                Outcome::Applied(conflicts) => {
                    report.applied += 1;
                    report.conflicts += conflicts;
                    if let Some(m) = minutes_meeting(&tx, rec)? {
                        meetings.insert(m);
                    }
                }
                Outcome::Pending(reason) => {
                    tx.prepare_cached(
                        "INSERT OR IGNORE INTO pending_change (hlc, record, reason) VALUES (?1, ?2, ?3)",
                    )?
                    .execute(params![rec.hlc, serde_json::to_string(rec)?, reason])?;
                    report.pending += 1;
                }
            }
            tx.prepare_cached(
                "INSERT INTO sync_peer (replica, last_hlc, applied_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(replica) DO UPDATE SET last_hlc = max(last_hlc, excluded.last_hlc),
                 applied_at = excluded.applied_at",
            )?
            .execute(params![stamp.replica.to_string(), rec.hlc, now])?;
        }
        // Changes that waited for a row may apply now.
        report.pending = retry_pending(&tx, &mut local, &mut report.conflicts)?;
        crate::failpoint("before-position");
        for (replica, seq) in positions {
            tx.prepare_cached(
                "INSERT INTO sync_peer (replica, last_hlc, last_segment, applied_at) VALUES (?1, '', ?2, ?3)
                 ON CONFLICT(replica) DO UPDATE SET last_segment = max(last_segment, excluded.last_segment)",
            )?
            .execute(params![replica, *seq as i64, now])?;
        }
        tx.prepare_cached(
            "INSERT INTO local_setting (key, value) VALUES ('hlc', ?1)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        )?
        .execute([local.hlc.to_string()])?;
        if commit {
            tx.commit()?;
            self.hlc = local.hlc;
            let last = records.last().map(|r| r.hlc.as_str()).unwrap_or_default();
            report.conflicts += conflict::flag_changed_approved_minutes(self, &meetings, last)?;
            if let Some(progress) = self.progress.as_mut() {
                progress(records.len(), records.len());
            }
        }
        Ok(report)
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

    /// Sync bookkeeping in local settings (keys start with `sync.`).
    pub fn set_sync_setting(&self, key: &str, value: &str) -> Result<()> {
        if !key.starts_with("sync.") {
            return Err(Refusal::bad_change(format!("{key:?} is not a sync setting")).into());
        }
        self.set_local(key, value)
    }

    /// One field's stored value, tombstoned rows included (None: no such row).
    pub fn field_value(&self, table: &str, row_id: &str, field: &str) -> Result<Option<Json>> {
        let def = schema::table(table)
            .ok_or_else(|| Refusal::bad_change(format!("unknown table {table:?}")))?;
        let field = def
            .field(field)
            .map(|f| f.name)
            .or((field == "deleted").then_some("deleted"))
            .ok_or_else(|| Refusal::bad_change(format!("{table} has no field {field:?}")))?;
        Ok(current(self.conn(), def, row_id, &[field])?.and_then(|c| c.values.get(field).cloned()))
    }

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
}

/// The outcome of one sync, as the app shows it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct SyncOutcome {
    pub sent: usize,
    pub received: usize,
    pub conflicts: usize,
    pub waiting: usize,
    /// "file: reason" for each file set aside.
    pub set_aside: Vec<String>,
    /// "replica: minutes ahead" for each replica whose clock is wrong.
    pub clocks_ahead: Vec<String>,
    pub at: String,
    /// Where the app keeps the passphrase that worked: `keyring` (the OS
    /// keyring), `memory` (no keyring: until the app quits) or `none`.
    #[serde(default)]
    pub passphrase_kept: String,
}

/// The local setting that holds the sync server's address.
const SERVER_URL: &str = "sync.server.url";

/// The background sync with a server, as it stands (kept by the app in
/// memory, not in the workspace).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct LiveSync {
    /// `connecting`, `online`, `offline` (trying again in `retry_in_s`) or
    /// `refused` (token, passphrase, workspace: the user must act).
    pub state: String,
    /// Why, when offline or refused (the UI says it in its language).
    pub error: Option<crate::problem::ApiError>,
    pub retry_in_s: Option<u32>,
    /// When the server last answered (RFC 3339).
    pub last_contact: Option<String>,
    /// Grows with each status told, so the UI keeps the newest of what it
    /// hears by event and what it reads with the view.
    pub serial: u32,
}

/// The sync panel: where, how it went, what waits.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SyncView {
    pub folder: Option<String>,
    /// The workspace's address on a sync server (`BASE/NAME`), when it syncs
    /// through one instead of a folder.
    pub server: Option<String>,
    /// The background sync with that server (filled in by the app).
    pub live: Option<LiveSync>,
    pub status: SyncStatus,
    pub last: Option<SyncOutcome>,
    pub conflicts: Vec<Conflict>,
}

impl Store {
    /// The sync panel's data: the folder, status, last outcome, open conflicts.
    pub fn sync_view(&self) -> Result<SyncView> {
        Ok(SyncView {
            folder: self.local_setting("sync.folder")?,
            server: self.sync_server()?,
            live: None,
            status: self.sync_status()?,
            last: self
                .local_setting("sync.last_outcome")?
                .and_then(|s| serde_json::from_str(&s).ok()),
            conflicts: self
                .conflicts()?
                .into_iter()
                .filter(|c| !c.resolved)
                .collect(),
        })
    }

    /// The address of the sync server this workspace syncs through, if any.
    pub fn sync_server(&self) -> Result<Option<String>> {
        Ok(self.local_setting(SERVER_URL)?.filter(|s| !s.is_empty()))
    }

    /// Sync through the server at `url` from now on (None: not any more).
    pub fn set_sync_server(&self, url: Option<&str>) -> Result<()> {
        self.set_sync_setting(SERVER_URL, url.unwrap_or(""))
    }

    pub fn record_sync_outcome(&self, outcome: &SyncOutcome) -> Result<()> {
        self.set_local("sync.last_outcome", &serde_json::to_string(outcome)?)
    }
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PeerStatus {
    pub replica: String,
    /// Wall time of the newest change applied from this replica (RFC 3339).
    pub last_change_at: String,
    pub applied_at: String,
    pub last_segment: i64,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SyncStatus {
    pub replica: String,
    /// This replica's changes not yet sent.
    pub unsent: i64,
    pub peers: Vec<PeerStatus>,
    pub pending: i64,
    pub open_conflicts: i64,
}

impl Store {
    pub fn sync_status(&self) -> Result<SyncStatus> {
        let sent: i64 = self
            .local_setting("sync.sent_seq")?
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let count =
            |sql: &str| -> Result<i64> { Ok(self.conn().query_row(sql, [], |r| r.get(0))?) };
        let unsent: i64 = self.conn().query_row(
            "SELECT count(*) FROM change WHERE seq > ?1 AND substr(hlc, 20) = ?2",
            params![sent, self.replica().to_string()],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn().prepare(
            "SELECT replica, last_hlc, applied_at, last_segment FROM sync_peer ORDER BY replica",
        )?;
        let peers = stmt
            .query_map([], |r| {
                let hlc: String = r.get(1)?;
                Ok(PeerStatus {
                    replica: r.get(0)?,
                    last_change_at: Hlc::parse(&hlc)
                        .ok()
                        .and_then(|h| chrono::DateTime::from_timestamp_millis(h.millis))
                        .map(|t| t.to_rfc3339())
                        .unwrap_or_default(),
                    applied_at: r.get(2)?,
                    last_segment: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(SyncStatus {
            replica: self.replica().to_string(),
            unsent,
            peers,
            pending: count("SELECT count(*) FROM pending_change")?,
            open_conflicts: count("SELECT count(*) FROM conflict WHERE resolved = 0")?,
        })
    }
}

fn already_applied(tx: &Transaction, hlc: &str) -> Result<bool> {
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

fn retry_pending(
    tx: &Transaction,
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
            if let Outcome::Applied(c) = merge_one(tx, &rec, Hlc::parse(hlc)?, local)? {
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

/// The meeting whose minutes (agenda, outcomes, attendance, state) a
/// change touches, if any.
fn minutes_meeting(tx: &Transaction, rec: &ChangeRecord) -> Result<Option<String>> {
    match rec.tbl.as_str() {
        "meeting" => Ok(Some(rec.row_id.clone())),
        t @ ("agenda_item" | "outcome" | "attendance") => Ok(tx
            .prepare_cached(&format!("SELECT meeting_id FROM {t} WHERE id = ?1"))?
            .query_row([&rec.row_id], |r| r.get(0))
            .optional()?),
        _ => Ok(None),
    }
}

/// The row as the merge needs it: insert stamp, field clocks, field values.
struct Current {
    stamp: String,
    clock: Map<String, Json>,
    values: Map<String, Json>,
}

fn current(
    tx: &rusqlite::Connection,
    def: &TableDef,
    row_id: &str,
    names: &[&str],
) -> Result<Option<Current>> {
    let cols: Vec<&str> = names.to_vec();
    let sql = format!(
        "SELECT stamp, clock{}{} FROM {} WHERE id = ?1",
        if cols.is_empty() { "" } else { ", " },
        cols.join(", "),
        def.name
    );
    let mut stmt = tx.prepare_cached(&sql)?;
    let row = stmt
        .query_row([row_id], |r| {
            let clock: Option<String> = r.get(1)?;
            let mut values = Map::new();
            for (i, name) in cols.iter().enumerate() {
                let v = match r.get_ref(i + 2)? {
                    rusqlite::types::ValueRef::Null => Json::Null,
                    rusqlite::types::ValueRef::Integer(n) => Json::from(n),
                    rusqlite::types::ValueRef::Real(f) => Json::from(f),
                    rusqlite::types::ValueRef::Text(t) => {
                        Json::from(String::from_utf8_lossy(t).into_owned())
                    }
                    rusqlite::types::ValueRef::Blob(_) => Json::Null,
                };
                values.insert((*name).to_string(), v);
            }
            Ok((r.get::<_, String>(0)?, clock, values))
        })
        .optional()?;
    Ok(row.map(|(stamp, clock, values)| Current {
        stamp,
        clock: clock
            .and_then(|c| serde_json::from_str(&c).ok())
            .unwrap_or_default(),
        values,
    }))
}

fn merge_one(
    tx: &Transaction,
    rec: &ChangeRecord,
    stamp: Hlc,
    writer: &mut LocalWriter,
) -> Result<Outcome> {
    let Some(def) = schema::table(&rec.tbl) else {
        return Ok(Outcome::Pending(format!(
            "table {} is from a newer version",
            rec.tbl
        )));
    };
    // Fields by their registry names ('static), plus the tombstone flag.
    let mut fields: Vec<(&'static str, Value)> = Vec::new();
    for (name, value) in &rec.fields {
        let static_name = if name == "deleted" {
            "deleted"
        } else {
            match def.field(name) {
                Some(f) => {
                    if schema::check_value(f, &to_value(value)).is_some() {
                        return Err(Refusal::bad_change(format!(
                            "change {} sets {}.{name} to an invalid value",
                            rec.hlc, def.name
                        ))
                        .into());
                    }
                    f.name
                }
                None => {
                    return Ok(Outcome::Pending(format!(
                        "field {}.{name} is from a newer version",
                        def.name
                    )))
                }
            }
        };
        fields.push((static_name, to_value(value)));
    }
    let mut names: Vec<&str> = fields.iter().map(|(n, _)| *n).collect();
    if !names.contains(&"deleted") {
        names.push("deleted");
    }
    if def.name == conflict::TABLE && !names.contains(&"resolved") {
        names.push("resolved");
    }
    let Some(cur) = current(tx, def, &rec.row_id, &names)? else {
        if rec.op != "insert" {
            return Ok(Outcome::Pending(format!(
                "{} {} has not arrived",
                def.name, rec.row_id
            )));
        }
        let mut insert = RowChange::insert(def.name, rec.row_id.clone());
        insert.fields = fields;
        return match insert_remote(tx, &insert, stamp) {
            Ok(()) => {
                log(tx, rec)?;
                Ok(Outcome::Applied(0))
            }
            // A row it refers to has not arrived yet.
            Err(StoreError::Refused(r)) => Ok(Outcome::Pending(r.to_string())),
            Err(e) => Err(e),
        };
    };
    // Delete against edit: the row is kept either way (a tombstone), and the
    // meeting is kept as a conflict the user can see and undo.
    let mut conflicts = 0;
    let locally_deleted = cur.values.get("deleted").and_then(Json::as_i64) == Some(1);
    if rec.op == "update" && locally_deleted {
        let edit = Json::Object(rec.fields.clone());
        let deleted_by = cur
            .clock
            .get("deleted")
            .and_then(Json::as_str)
            .unwrap_or(&cur.stamp)
            .to_string();
        record_conflict(
            tx,
            writer,
            (def.name, &rec.row_id, "deleted"),
            (&deleted_by, &Json::from("deleted")),
            (&rec.hlc, &edit),
        )?;
        conflicts += 1;
    }
    if rec.op == "delete" && !locally_deleted {
        let seen = rec.prev.clone().unwrap_or_default();
        for (field, local_stamp) in &cur.clock {
            if field != "deleted" && seen.get(field) != Some(local_stamp) {
                let value = current(
                    tx,
                    def,
                    &rec.row_id,
                    &[def.field(field).map_or("deleted", |f| f.name)],
                )?
                .and_then(|c| c.values.get(field).cloned())
                .unwrap_or(Json::Null);
                let edit_stamp = local_stamp.as_str().unwrap_or_default().to_string();
                record_conflict(
                    tx,
                    writer,
                    (def.name, &rec.row_id, field),
                    (&rec.hlc, &Json::from("deleted")),
                    (&edit_stamp, &value),
                )?;
                conflicts += 1;
            }
        }
    }
    // Per field: the newer stamp wins; a change that did not know the value
    // it lost to (or that the winner did not know) is concurrent.
    let mut clock = cur.clock.clone();
    let mut winners: Vec<(&'static str, Value)> = Vec::new();
    for (name, value) in fields {
        let local = clock
            .get(name)
            .and_then(Json::as_str)
            .unwrap_or(&cur.stamp)
            .to_string();
        let replaced = rec
            .prev
            .as_ref()
            .and_then(|p| p.get(name))
            .and_then(Json::as_str)
            .map(str::to_string);
        let kind = def.field(name).map(|f| f.kind);
        // Conflict records and latches never make conflicts of their own.
        let concurrent = replaced.as_deref() != Some(local.as_str())
            && def.name != conflict::TABLE
            && !matches!(
                kind,
                Some(schema::FieldKind::Latch | schema::FieldKind::OrderKey)
            );
        // The `wrong-merge` feature builds a deliberately broken rule (the
        // change that arrives last wins) so the convergence harness can show
        // that it catches a bad merge.
        let local_value = cur.values.get(name).cloned().unwrap_or(Json::Null);
        let incoming_value = serde_json::to_value(&value)?;
        let incoming_wins = if cfg!(feature = "wrong-merge") {
            true
        } else if def.name == conflict::TABLE && conflict::LATCHED.contains(&name) {
            // The resolution moves with the latch: a change that resolves
            // outranks one that does not (a replica's own late record of the
            // conflict), then the later stamp wins.
            let flag = |v: Option<&Json>| v.and_then(Json::as_i64).unwrap_or(0);
            (flag(rec.fields.get("resolved")), rec.hlc.as_str())
                > (flag(cur.values.get("resolved")), local.as_str())
        } else {
            rec.hlc.as_str() > local.as_str()
        };
        // Long texts: the value is a pure function of the versions no edit
        // replaced (the "leaves"), so every arrival order gives one text.
        // An edit that replaced exactly the local version needs no merge: the
        // result would be that edit (a fast path, equal to the full rule).
        if concurrent && kind == Some(schema::FieldKind::LongText) {
            let leaves = text_leaves(
                tx,
                &rec.row_id,
                name,
                (&rec.hlc, &incoming_value, replaced.as_deref()),
            )?;
            if leaves.len() > 1 {
                let (text, stamp, losers) = resolve_text(tx, &rec.row_id, name, &leaves)?;
                for (loser_hlc, loser_value) in &losers {
                    let winner = (&stamp, &Json::from(text.clone()));
                    record_conflict(
                        tx,
                        writer,
                        (def.name, &rec.row_id, name),
                        winner,
                        (loser_hlc, loser_value),
                    )?;
                    conflicts += 1;
                }
                clock.insert(name.to_string(), Json::from(stamp));
                winners.push((name, Value::Text(text)));
                continue;
            }
        }
        // An incoming edit that loses to a change made on top of it (it
        // arrived late, after its successor) is history, not a conflict.
        if concurrent
            && local_value != incoming_value
            && (incoming_wins || !replaced_later(tx, &rec.row_id, name, &rec.hlc)?)
        {
            let (w, wv, l, lv) = if incoming_wins {
                (&rec.hlc, &incoming_value, &local, &local_value)
            } else {
                (&local, &local_value, &rec.hlc, &incoming_value)
            };
            record_conflict(tx, writer, (def.name, &rec.row_id, name), (w, wv), (l, lv))?;
            conflicts += 1;
        }
        if incoming_wins {
            clock.insert(name.to_string(), Json::from(rec.hlc.clone()));
            winners.push((name, value));
        }
    }
    if !winners.is_empty() {
        set_remote_fields(
            tx,
            def.name,
            &rec.row_id,
            &winners,
            &Json::Object(clock).to_string(),
        )?;
    }
    log(tx, rec)?;
    Ok(Outcome::Applied(conflicts))
}

/// The versions of a field that no logged change replaced (plus `incoming`,
/// not logged yet): (stamp, value, stamp it replaced), by stamp.
fn text_leaves(
    tx: &Transaction,
    row_id: &str,
    field: &str,
    incoming: (&String, &Json, Option<&str>),
) -> Result<Vec<(String, Json, Option<String>)>> {
    let mut versions: Vec<(String, Json, Option<String>)> = Vec::new();
    let mut replaced: std::collections::BTreeSet<String> = Default::default();
    // A cheap text test first: only changes whose fields name this one are parsed.
    let mut stmt = tx.prepare_cached(
        "SELECT hlc, fields, prev FROM change WHERE row_id = ?1 AND instr(fields, ?2) > 0",
    )?;
    let mut rows = stmt.query(params![row_id, format!("\"{field}\":")])?;
    while let Some(r) = rows.next()? {
        let fields: Map<String, Json> = serde_json::from_str(&r.get::<_, String>(1)?)?;
        let prev: Option<Map<String, Json>> = r
            .get::<_, Option<String>>(2)?
            .map(|p| serde_json::from_str(&p))
            .transpose()?;
        if let Some(v) = fields.get(field) {
            let p = prev
                .as_ref()
                .and_then(|p| p.get(field))
                .and_then(Json::as_str)
                .map(str::to_string);
            // A merged text's stamp lists every version it holds.
            for stamp in p.iter().flat_map(|p| p.split(',')) {
                replaced.insert(stamp.to_string());
            }
            versions.push((r.get(0)?, v.clone(), p));
        }
    }
    for stamp in incoming.2.iter().flat_map(|p| p.split(',')) {
        replaced.insert(stamp.to_string());
    }
    versions.push((
        incoming.0.clone(),
        incoming.1.clone(),
        incoming.2.map(str::to_string),
    ));
    let mut leaves: Vec<_> = versions
        .into_iter()
        .filter(|(h, _, _)| !replaced.contains(h))
        .collect();
    leaves.sort_by(|a, b| a.0.cmp(&b.0));
    leaves.dedup_by(|a, b| a.0 == b.0);
    Ok(leaves)
}

/// Whether a logged change replaced the value `hlc` gave `field` (its
/// `prev` names that stamp for the field).
fn replaced_later(tx: &Transaction, row_id: &str, field: &str, hlc: &str) -> Result<bool> {
    let needle = format!("\"{field}\":\"{hlc}\"");
    Ok(tx
        .prepare_cached("SELECT 1 FROM change WHERE row_id = ?1 AND instr(prev, ?2) > 0 LIMIT 1")?
        .query_row(params![row_id, needle], |_| Ok(()))
        .optional()?
        .is_some())
}

/// (text, stamp of the result, losing versions as (stamp, value)).
type ResolvedText = (String, String, Vec<(String, Json)>);

/// Merge the leaves line by line against the version the oldest of them
/// started from; when two overlap, the newest leaf wins and the others are
/// returned as losers. Returns (text, stamp of the result, losers). A merged
/// text's stamp lists the stamps of all the versions it holds, newest first,
/// so an edit made on top of it replaces them all.
fn resolve_text(
    tx: &Transaction,
    row_id: &str,
    field: &str,
    leaves: &[(String, Json, Option<String>)],
) -> Result<ResolvedText> {
    let newest = leaves.last().map(|l| l.0.clone()).unwrap_or_default();
    let base = match leaves.first().and_then(|l| l.2.as_deref()) {
        Some(stamp) => {
            let first = stamp.split(',').next().unwrap_or_default();
            logged_value(tx, row_id, first, field)?.unwrap_or_default()
        }
        None => String::new(),
    };
    let texts: Vec<&str> = leaves
        .iter()
        .map(|l| l.1.as_str().unwrap_or_default())
        .collect();
    // Merge only versions edited from the same base: against any other base
    // a line one version never saw would look deleted by it. Otherwise the
    // newest wins and the others are kept as conflicts (nothing is lost).
    let same_base = leaves.iter().all(|l| l.2 == leaves[0].2);
    if let Some(merged) = text_merge::merge(&base, &texts).filter(|_| same_base) {
        let all: Vec<&str> = leaves.iter().rev().map(|l| l.0.as_str()).collect();
        return Ok((merged, all.join(","), Vec::new()));
    }
    let winner = leaves
        .last()
        .and_then(|l| l.1.as_str())
        .unwrap_or_default()
        .to_string();
    let losers = leaves[..leaves.len() - 1]
        .iter()
        .map(|l| (l.0.clone(), l.1.clone()))
        .collect();
    Ok((winner, newest, losers))
}

/// The value a logged change (by its stamp) gave a field of a row; the row's
/// insert counts too. None when that change did not set the field.
fn logged_value(tx: &Transaction, row_id: &str, hlc: &str, field: &str) -> Result<Option<String>> {
    let fields: Option<String> = tx
        .prepare_cached("SELECT fields FROM change WHERE row_id = ?1 AND hlc = ?2")?
        .query_row(params![row_id, hlc], |r| r.get(0))
        .optional()?;
    Ok(fields
        .and_then(|f| serde_json::from_str::<Map<String, Json>>(&f).ok())
        .and_then(|m| m.get(field).and_then(Json::as_str).map(str::to_string)))
}

fn log(tx: &Transaction, rec: &ChangeRecord) -> Result<()> {
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
