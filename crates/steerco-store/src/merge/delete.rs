//! Delete against edit: the row stays a tombstone with the edit applied to
//! it, and the meeting of the two is kept as a conflict in both arrival
//! orders (a delete carries the stamps of every field its writer saw).

use rusqlite::Transaction;
use serde_json::Value as Json;

use super::row::{current, Current};
use super::ChangeRecord;
use crate::conflict::{record_conflict, LocalWriter};
use crate::error::Result;
use crate::schema::TableDef;

/// The conflicts of `rec` with the local row `cur` when one of them deletes
/// the row and the other edits it; how many were recorded.
pub(super) fn against_edit(
    tx: &Transaction<'_>,
    writer: &mut LocalWriter<'_>,
    def: &'static TableDef,
    rec: &ChangeRecord,
    cur: &Current,
) -> Result<usize> {
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
                    &mut writer.held,
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
    Ok(conflicts)
}
