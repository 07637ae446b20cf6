//! Conflicts are workspace data. When a merge finds two edits of one field
//! that did not know each other, the rule picks a winner and the losing value
//! is kept as a `conflict` row, written through the write path like any other
//! change, so it syncs: every replica ends with the same conflicts and the same
//! resolutions, and they are in the canonical export.
//!
//! Merge rules of the conflict table itself (see ARCHITECTURE.md):
//! - its id comes from the two competing changes, so replicas that detect the
//!   same conflict write the same row (equal values; no conflict about it);
//! - `resolved` is a latch: once any replica resolves it, it stays resolved,
//!   whatever the stamps (a late detection elsewhere cannot reopen it);
//! - concurrent resolutions write their chosen values to the contested field
//!   as ordinary edits, so a disagreement there surfaces as a new conflict.

use rusqlite::{OptionalExtension, Transaction};
use serde::Serialize;
use serde_json::Value as Json;
use steerco_domain::{Hlc, Value};

use crate::error::{Result, StoreError};
use crate::refusal::{Entity, Refusal};
use crate::schema;
use crate::write::apply_one;
use crate::{RowChange, Store};

pub const TABLE: &str = "conflict";

/// The fields that move with the `resolved` latch: a change that resolves
/// outranks any that does not, whatever the stamps.
pub const LATCHED: &[&str] = &["resolved", "resolution", "resolved_by", "resolved_at"];

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Conflict {
    pub id: String,
    pub table: String,
    pub row_id: String,
    pub field: String,
    pub winner_hlc: String,
    pub winner_value: Option<String>,
    pub loser_hlc: String,
    pub loser_value: Option<String>,
    pub resolved: bool,
    /// How it was settled: `mine`, `theirs` or `edit` (from the resolver's side).
    pub resolution: Option<String>,
    /// The person who settled it, when known.
    pub resolved_by: Option<String>,
    pub resolved_at: Option<String>,
    /// What the conflict is about, as people name it (an initiative's code
    /// and title, a meeting's or agenda item's title, ...), when the row is
    /// still there. Read, not stored.
    pub subject: Option<String>,
    /// For an open conflict about approved minutes: what differs from the
    /// approved version, in parts the Sync view words. Read, not stored.
    pub minutes_changes: Vec<crate::ops::minutes::MinutesChange>,
}

/// How a conflict is settled.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    /// The version this replica wrote (or, if neither was written here, the one in force).
    Mine,
    /// The other version.
    Theirs,
    /// A new text, e.g. the two merged by hand.
    Text(String),
    /// Approved minutes changed afterwards: keep the approved minutes (the
    /// late change is undone by a new change).
    Approved,
    /// Approved minutes changed afterwards: accept the change (only by
    /// reopening the meeting and approving it again).
    Change,
}

impl Resolution {
    fn as_str(&self) -> &'static str {
        match self {
            Resolution::Mine => "mine",
            Resolution::Theirs => "theirs",
            Resolution::Text(_) => "edit",
            Resolution::Approved => "approved",
            Resolution::Change => "change",
        }
    }
}

/// What a merge needs to write conflicts through the write path inside its
/// own transaction: the local clock (ticked past every stamp observed) and
/// who is writing; the change log's words the merge has looked up, and the
/// statements it holds (`held.rs`) for the rows and log entries it writes.
pub(crate) struct LocalWriter<'c> {
    pub hlc: Hlc,
    pub wall: i64,
    pub author: Option<String>,
    pub words: crate::changelog::Words,
    pub held: crate::held::Held<'c>,
}

impl LocalWriter<'_> {
    /// The words learned; the held statements go back to the connection's
    /// cache (before the transaction ends).
    pub fn finish(self) -> crate::changelog::Words {
        self.words
    }

    pub fn write(&mut self, tx: &Transaction, change: &RowChange) -> Result<()> {
        // A new row (a conflict record, the only local write in a merge)
        // reads no row and is none the merge keeps. Anything else is written
        // with statements of its own: the merge's kept rows go to the file
        // first, and may be stale after.
        if change.op != crate::write::Op::Insert {
            crate::merge::write_kept(&mut self.held)?;
            self.held.rows.forget_all();
        }
        self.hlc = self.hlc.tick(self.wall)?;
        apply_one(tx, change, self.hlc, self.author.as_deref())
    }
}

impl Store {
    /// All conflicts, newest first (by the stamp of their first record).
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, tbl, row_id, field, winner_hlc, winner_value, loser_hlc, loser_value,
                    resolved, resolution, resolved_by, resolved_at
             FROM conflict WHERE deleted = 0 ORDER BY max(winner_hlc, loser_hlc) DESC, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Conflict {
                id: r.get(0)?,
                table: r.get(1)?,
                row_id: r.get(2)?,
                field: r.get(3)?,
                winner_hlc: r.get(4)?,
                winner_value: r.get(5)?,
                loser_hlc: r.get(6)?,
                loser_value: r.get(7)?,
                resolved: r.get(8)?,
                resolution: r.get(9)?,
                resolved_by: r.get(10)?,
                resolved_at: r.get(11)?,
                subject: None,
                minutes_changes: Vec::new(),
            })
        })?;
        let mut all: Vec<Conflict> = rows.collect::<rusqlite::Result<_>>()?;
        for c in &mut all {
            c.subject = self.subject(&c.table, &c.row_id)?;
            if c.table == "meeting" && c.field == MINUTES && !c.resolved {
                c.minutes_changes = self.minutes_changes(&c.row_id, &c.winner_hlc)?;
            }
        }
        Ok(all)
    }

    /// How people name the row `row_id` of `table`, if it is a kind they name.
    fn subject(&self, table: &str, row_id: &str) -> Result<Option<String>> {
        let initiative = "(SELECT i.code || ' ' || COALESCE(i.title, '') FROM initiative i WHERE i.id = t.initiative_id)";
        let sql = match table {
            "initiative" => {
                "SELECT code || ' ' || COALESCE(title, '') FROM initiative WHERE id = ?1"
                    .to_string()
            }
            "status_update" | "initiative_year" | "highlight" => {
                format!("SELECT {initiative} FROM {table} t WHERE t.id = ?1")
            }
            "milestone" | "risk" => {
                format!("SELECT {initiative} || ': ' || t.title FROM {table} t WHERE t.id = ?1")
            }
            "meeting" | "agenda_item" | "topic" => {
                format!("SELECT title FROM {table} WHERE id = ?1")
            }
            "committee" => "SELECT name FROM committee WHERE id = ?1".to_string(),
            "outcome" => "SELECT substr(text, 1, 80) FROM outcome WHERE id = ?1".to_string(),
            _ => return Ok(None),
        };
        Ok(self
            .conn()
            .query_row(&sql, [row_id], |r| r.get::<_, Option<String>>(0))
            .optional()?
            .flatten())
    }

    /// Settle a conflict: write the chosen value and the resolution through
    /// the write path, in one batch that every replica receives.
    pub fn resolve_conflict(&mut self, key: &str, how: Resolution) -> Result<()> {
        let all = self.conflicts()?;
        let id = crate::ops::resolve(
            Entity::Conflict,
            key,
            all.iter().map(|c| (c.id.as_str(), c.id.as_str())),
        )?;
        let c = all
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| StoreError::NotFound {
                kind: Entity::Conflict,
                key: key.to_string(),
            })?;
        if c.table == "meeting" && c.field == MINUTES {
            // Keep the approved minutes, or accept the change by a reopen
            // (see ops/minutes.rs).
            return self.resolve_minutes_conflict(&c, how);
        }
        if c.field == "deleted" {
            return Err(Refusal::DeleteConflict.into());
        }
        let me = self.replica().to_string();
        let loser_is_mine = c.loser_hlc.get(19..) == Some(me.as_str());
        let value = match &how {
            Resolution::Approved | Resolution::Change => {
                return Err(Refusal::NotAMinutesConflict.into())
            }
            Resolution::Text(t) => Some(t.clone()),
            Resolution::Mine if loser_is_mine => c.loser_value.clone(),
            Resolution::Mine => c.winner_value.clone(),
            Resolution::Theirs if loser_is_mine => c.winner_value.clone(),
            Resolution::Theirs => c.loser_value.clone(),
        };
        let def = schema::table(&c.table)
            .ok_or_else(|| Refusal::bad_change(format!("unknown table {}", c.table)))?;
        let field = def
            .field(&c.field)
            .ok_or_else(|| Refusal::bad_change(format!("unknown field {}", c.field)))?;
        let value = match (field.kind, value) {
            (_, None) => Value::Null,
            (schema::FieldKind::Int | schema::FieldKind::Bool, Some(v)) => Value::Int(
                v.parse()
                    .map_err(|_| Refusal::bad_change(format!("{v:?} is not a number")))?,
            ),
            (_, Some(v)) => Value::Text(v),
        };
        let mut batch = Vec::new();
        let current = self.field_value(&c.table, &c.row_id, &c.field)?;
        if current.as_ref().map(crate::merge::to_value) != Some(value.clone()) {
            batch.push(RowChange::update(def.name, c.row_id.clone()).set(field.name, value));
        }
        let mut settle = RowChange::update(TABLE, c.id.clone())
            .set("resolved", 1)
            .set("resolution", how.as_str())
            .set("resolved_at", self.now().to_rfc3339());
        if let Some(person) = self.me.clone() {
            settle = settle.set("resolved_by", person);
        }
        batch.push(settle);
        self.write(batch)?;
        Ok(())
    }
}

fn text(v: &Json) -> Option<String> {
    match v {
        Json::Null => None,
        Json::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// One conflict per pair of competing changes: its id comes from them, so
/// replicas that detect the same conflict hold the same record. A conflict
/// this replica already holds (perhaps resolved elsewhere) is left as it is.
pub(crate) fn record_conflict(
    tx: &Transaction,
    local: &mut LocalWriter<'_>,
    target: (&str, &str, &str),
    winner: (&String, &Json),
    loser: (&String, &Json),
) -> Result<()> {
    let (table, row_id, field) = target;
    let id = crate::ops::initiative::derived_id(&format!(
        "conflict/{table}/{row_id}/{field}/{}/{}",
        winner.0.min(loser.0),
        winner.0.max(loser.0)
    ));
    let exists: Option<i64> = tx
        .prepare_cached("SELECT 1 FROM conflict WHERE id = ?1")?
        .query_row([&id], |r| r.get(0))
        .optional()?;
    if exists.is_some() {
        return Ok(());
    }
    let mut change = RowChange::insert(TABLE, id)
        .set("tbl", table.to_string())
        .set("row_id", row_id.to_string())
        .set("field", field.to_string())
        .set("winner_hlc", winner.0.clone())
        .set("loser_hlc", loser.0.clone())
        .set("resolved", 0);
    if let Some(v) = text(winner.1) {
        change = change.set("winner_value", v);
    }
    if let Some(v) = text(loser.1) {
        change = change.set("loser_value", v);
    }
    local.write(tx, &change)
}

/// Approved minutes are read-only: a change that reaches them by sync (made
/// offline before the approval was known) is applied like any other, so
/// replicas converge, but it is never silent. When an approved meeting's
/// minutes as recorded (ops/minutes.rs: not a task's later state) no longer
/// match the approval, a conflict on `meeting.minutes` says so; it is settled
/// by keeping the approved minutes (the change is undone by a new change) or
/// by reopening the meeting. Its id comes from the approval and the minutes'
/// new hash, so replicas that see the same state record one conflict. Its
/// values are the two hashes, for programs; people see what changed
/// (`Conflict::minutes_changes`). (It is written after the merge's commit: a
/// crash in between leaves it to the next change of that meeting.) Conflicts
/// that no longer hold are settled afterwards.
pub(crate) fn flag_changed_approved_minutes(
    store: &mut Store,
    meetings: &std::collections::BTreeSet<String>,
    last_stamp: &str,
) -> Result<usize> {
    let mut batch = Vec::new();
    for meeting in meetings {
        let Some(approved) = store.approved_minutes(meeting)? else {
            continue;
        };
        let now = store.minutes_hash(meeting)?;
        if now == approved.hash {
            continue;
        }
        let id = crate::ops::initiative::derived_id(&format!(
            "conflict/meeting/{meeting}/minutes/{}/{now}",
            approved.stamp
        ));
        let exists: Option<i64> = store
            .conn()
            .query_row("SELECT 1 FROM conflict WHERE id = ?1", [&id], |r| r.get(0))
            .optional()?;
        if exists.is_some() {
            continue;
        }
        batch.push(
            RowChange::insert(TABLE, id)
                .set("tbl", "meeting")
                .set("row_id", meeting.clone())
                .set("field", MINUTES)
                .set("winner_hlc", approved.stamp)
                .set("winner_value", approved.hash)
                .set("loser_hlc", last_stamp.to_string())
                .set("loser_value", now)
                .set("resolved", 0),
        );
    }
    let n = batch.len();
    if n > 0 {
        store.write(batch)?;
    }
    // Conflicts that no longer hold (the minutes were put back, the meeting
    // reopened, or a replica still on the v1 hash took a task's progress
    // for a change) are settled.
    store.settle_minutes_conflicts()?;
    Ok(n)
}

/// The field name of a conflict about approved minutes changed by sync.
pub const MINUTES: &str = "minutes";

/// Conflicts kept by schema 3, when they were local to a replica: written
/// once through the write path so they sync like the rest, then the old
/// table goes.
pub(crate) fn adopt_local_conflicts(store: &mut Store) -> Result<()> {
    // Several processes opening one old file at once race to adopt: the one
    // that loses finds the table gone, or its rows adopted, on a later look.
    let mut tries = 0;
    loop {
        match adopt_once(store) {
            Err(_) if tries < 3 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            done => return done,
        }
    }
}

fn adopt_once(store: &mut Store) -> Result<()> {
    let old: Option<String> = store
        .conn()
        .query_row(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'conflict_v3'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if old.is_none() {
        return Ok(());
    }
    let mut batch = Vec::new();
    {
        let mut stmt = store.conn().prepare(
            "SELECT id, tbl, row_id, field, winner_hlc, winner_value, loser_hlc, loser_value, resolved
             FROM conflict_v3 WHERE id NOT IN (SELECT id FROM conflict)",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let mut change = RowChange::insert(TABLE, r.get::<_, String>(0)?)
                .set("tbl", r.get::<_, String>(1)?)
                .set("row_id", r.get::<_, String>(2)?)
                .set("field", r.get::<_, String>(3)?)
                .set("winner_hlc", r.get::<_, String>(4)?)
                .set("loser_hlc", r.get::<_, String>(6)?)
                .set("resolved", r.get::<_, i64>(8)?);
            if let Some(v) = r.get::<_, Option<String>>(5)? {
                change = change.set("winner_value", v);
            }
            if let Some(v) = r.get::<_, Option<String>>(7)? {
                change = change.set("loser_value", v);
            }
            batch.push(change);
        }
    }
    if !batch.is_empty() {
        store.write(batch)?;
    }
    store
        .conn()
        .execute("DROP TABLE IF EXISTS conflict_v3", [])?;
    Ok(())
}
