//! The rule for short fields: last writer wins per field by (HLC stamp,
//! replica id); when the incoming change did not replace the local value's
//! stamp (or the other way round) the edit was concurrent and the losing
//! value is kept as a conflict. Long texts go to `text.rs`, delete against
//! edit to `delete.rs`.

use rusqlite::Transaction;
use serde_json::Value as Json;
use steerco_domain::{Hlc, Value};

use super::row::{current, keep_row, take_current, write_now, Kept};
use super::{delete, guard, log, text, to_value, ChangeRecord, Outcome};
use crate::changelog::{self, Words};
use crate::conflict::{self, record_conflict, LocalWriter};
use crate::error::{Result, StoreError};
use crate::held::Held;
use crate::refusal::Refusal;
use crate::schema;
use crate::write::insert_remote;
use crate::{RowChange, Store};

impl Store {
    /// One field's stored value, tombstoned rows included (None: no such row).
    pub fn field_value(&self, table: &str, row_id: &str, field: &str) -> Result<Option<Json>> {
        let def = schema::table(table)
            .ok_or_else(|| Refusal::bad_change(format!("unknown table {table:?}")))?;
        let field = def
            .field(field)
            .map(|f| f.name)
            .or((field == "deleted").then_some("deleted"))
            .ok_or_else(|| Refusal::bad_change(format!("{table} has no field {field:?}")))?;
        Ok(current(&mut Held::new(self.conn()), def, row_id, &[field])?
            .and_then(|c| c.values.get(field).cloned()))
    }
}

/// Merge one change into its row (or keep it waiting).
pub(super) fn merge_one(
    tx: &Transaction<'_>,
    rec: &ChangeRecord,
    stamp: Hlc,
    writer: &mut LocalWriter<'_>,
) -> Result<Outcome> {
    let Some(def) = schema::table(&rec.tbl) else {
        return Ok(Outcome::Pending(format!(
            "table {} is from a newer version",
            rec.tbl
        )));
    };
    // Fields by their registry names ('static), plus the tombstone flag.
    // Every caller has had the change through `guard::check`, which parks
    // a value this version rejects: the values are not checked again here.
    let mut fields: Vec<(&'static str, Value)> = Vec::with_capacity(rec.fields.len());
    for (name, value) in &rec.fields {
        let static_name = if name == "deleted" {
            "deleted"
        } else {
            match def.field(name) {
                Some(f) => f.name,
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
    let mut names: Vec<&'static str> = fields.iter().map(|(n, _)| *n).collect();
    if !names.contains(&"deleted") {
        names.push("deleted");
    }
    if def.name == conflict::TABLE && !names.contains(&"resolved") {
        names.push("resolved");
    }
    // Nearly every insert is of a row not here yet: insert it at once, and
    // read the row only when a constraint refused the insert (the row is
    // here already, or a row it refers to is not).
    if rec.op == "insert" {
        let mut insert = RowChange::insert(def.name, rec.row_id.clone());
        insert.fields = fields;
        match insert_remote(&mut writer.held, &insert, stamp) {
            Ok(()) => {
                log::append(tx, writer, rec, stamp)?;
                return Ok(Outcome::Applied(0));
            }
            Err(StoreError::Refused(r)) => {
                if current(&mut writer.held, def, &rec.row_id, &[])?.is_none() {
                    // A row it refers to has not arrived yet.
                    return Ok(Outcome::Pending(r.to_string()));
                }
                if def.append_only {
                    if let Some(why) = guard::append_only_clash(tx, rec)? {
                        return Ok(Outcome::Pending(guard::WaitKind::Refused.reason(why)));
                    }
                }
                fields = insert.fields;
            }
            Err(e) => return Err(e),
        }
    }
    // An update's fields are kept and written later, with the row's next
    // ones (a join merges dozens of updates of one row); anything else is
    // written at once, after what was kept of its row.
    let defer = rec.op == "update";
    // Taken before anything this change does can forget the batch's rows.
    let generation = writer.held.rows.generation();
    let Some(Kept {
        row: cur,
        mut dirty,
        slot,
    }) = take_current(&mut writer.held, def, &rec.row_id, &names)?
    else {
        return Ok(Outcome::Pending(format!(
            "{} {} has not arrived",
            def.name, rec.row_id
        )));
    };
    if !defer {
        // What was kept of the row goes to the file before anything reads it.
        write_now(
            &mut writer.held,
            (def.name, &rec.row_id),
            &cur,
            &mut dirty,
            &[],
        )?;
    }
    // Delete against edit: the row is kept either way (a tombstone), and the
    // meeting is kept as a conflict the user can see and undo.
    let mut conflicts = delete::against_edit(tx, writer, def, rec, &cur)?;
    // Per field: the newer stamp wins; a change that did not know the value
    // it lost to (or that the winner did not know) is concurrent.
    // The field clocks the winners move to, set on the row after the loop
    // (each field comes once: the loop reads the row as it was).
    let mut stamped: Vec<(&'static str, Json)> = Vec::new();
    let mut winners: Vec<(&'static str, Value)> = Vec::new();
    for (name, value) in fields {
        let local: &str = cur
            .clock
            .get(name)
            .and_then(Json::as_str)
            .unwrap_or(&cur.stamp);
        let replaced: Option<&str> = rec
            .prev
            .as_ref()
            .and_then(|p| p.get(name))
            .and_then(Json::as_str);
        let kind = def.field(name).map(|f| f.kind);
        // Conflict records and latches never make conflicts of their own.
        let concurrent = replaced != Some(local)
            && def.name != conflict::TABLE
            && !matches!(
                kind,
                Some(schema::FieldKind::Latch | schema::FieldKind::OrderKey)
            );
        let local_value = cur.values.get(name).unwrap_or(&Json::Null);
        let incoming_value = serde_json::to_value(&value)?;
        // An undo and a delete it did not see: the undo wins (the row is
        // back), whatever the stamps, so both arrival orders agree. Neither
        // is a value anyone typed, so it is no conflict either.
        let undo_against_delete = name == "deleted" && concurrent && *local_value != incoming_value;
        let incoming_wins = if undo_against_delete {
            incoming_value.as_i64() == Some(0)
        } else if def.name == conflict::TABLE && conflict::LATCHED.contains(&name) {
            // The resolution moves with the latch: a change that resolves
            // outranks one that does not (a replica's own late record of the
            // conflict), then the later stamp wins.
            let flag = |v: Option<&Json>| v.and_then(Json::as_i64).unwrap_or(0);
            (flag(rec.fields.get("resolved")), rec.hlc.as_str())
                > (flag(cur.values.get("resolved")), local)
        } else {
            rec.hlc.as_str() > local
        };
        // Long texts: the value is a pure function of the versions no edit
        // replaced (the "leaves"), so every arrival order gives one text.
        // An edit that replaced exactly the local version needs no merge: the
        // result would be that edit (a fast path, equal to the full rule).
        if concurrent && kind == Some(schema::FieldKind::LongText) {
            let leaves = text::text_leaves(
                tx,
                &mut writer.words,
                &rec.row_id,
                name,
                (&rec.hlc, &incoming_value, replaced),
            )?;
            if leaves.len() > 1 {
                let (text, stamp, losers) =
                    text::resolve_text(tx, &mut writer.words, &rec.row_id, name, &leaves)?;
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
                stamped.push((name, Json::from(stamp)));
                winners.push((name, Value::Text(text)));
                continue;
            }
        }
        // An incoming edit that loses to a change made on top of it (it
        // arrived late, after its successor) is history, not a conflict.
        if concurrent
            && !undo_against_delete
            && *local_value != incoming_value
            && (incoming_wins
                || !replaced_later(tx, &mut writer.words, &rec.row_id, name, &rec.hlc)?)
        {
            let local = local.to_string();
            let (w, wv, l, lv) = if incoming_wins {
                (&rec.hlc, &incoming_value, &local, local_value)
            } else {
                (&local, local_value, &rec.hlc, &incoming_value)
            };
            record_conflict(tx, writer, (def.name, &rec.row_id, name), (w, wv), (l, lv))?;
            conflicts += 1;
        }
        if incoming_wins {
            stamped.push((name, Json::from(rec.hlc.as_str())));
            winners.push((name, value));
        }
    }
    // The row as it is now, for the next change to it in this merge.
    let mut row = cur;
    for (name, stamp) in stamped {
        row.clock.insert(name.to_string(), stamp);
    }
    keep_row(
        &mut writer.held,
        def,
        &rec.row_id,
        (generation, defer),
        Kept { row, dirty, slot },
        &winners,
    )?;
    log::append(tx, writer, rec, stamp)?;
    Ok(Outcome::Applied(conflicts))
}

/// Whether a logged change replaced the value `hlc` gave `field` (its
/// `prev` names that stamp for the field).
fn replaced_later(
    tx: &Transaction<'_>,
    words: &mut Words,
    row_id: &str,
    field: &str,
    hlc: &str,
) -> Result<bool> {
    let Some(needle) = changelog::stamp_needle(tx, words, field, hlc)? else {
        return Ok(false);
    };
    let logged = changelog::row_raw(tx, &mut changelog::Blocks::default(), row_id)?;
    Ok(logged
        .iter()
        .any(|r| r.prev.as_deref().is_some_and(|p| p.contains(&needle))))
}
