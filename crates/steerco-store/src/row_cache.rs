//! Rows a merge keeps while it runs (#21). Joining a workspace merges its
//! whole history, and most of it is updates of rows the same merge inserted
//! or updated a moment before: each update read the row's stamps and the
//! values it touches, then wrote the row. Here a row is kept as the merge
//! last saw it, and an update's fields are written to the file with the
//! row's later ones, once (`merge::field`); every change is still logged as
//! it is merged.
//!
//! - A kept value is what a read of the file gives (once the row's fields
//!   not yet written are): a value read, or one set in a column that stores
//!   it as it is. SQLite converts by a column's declared type (text into a
//!   number column, a number into a text column); such a value is written at
//!   once and read again when it is next asked for.
//! - Whatever reads rows some other way during a merge has the kept fields
//!   written first (`merge::write_kept`): a late ballot's check of its vote,
//!   a local update or delete (with statements of its own; every row is
//!   forgotten after it), a delete, restore or insert of a kept row, the end
//!   of the merge. What is read without that is a field no kept change
//!   touched (a minutes row's meeting), whether a row is there, or a new
//!   row (a conflict record, the one local write in a merge today).
//! - At most `MAX_ROWS` rows are kept: past that, all are written and
//!   forgotten (a join of a large workspace stays within a few MB).
//!
//! Debug builds read every kept row again when it is taken and after it is
//! written, and compare, so the whole test suite checks it against the file; `merge_rules` checks a
//! batch merged at once against the same changes merged one at a time.

use foldhash::HashMap;
use rusqlite::Connection;
use serde_json::{Map, Value as Json};
use steerco_domain::Value;

use crate::error::Result;

/// The row as the merge needs it: insert stamp, field clocks, field values.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Current {
    pub(crate) stamp: String,
    pub(crate) clock: Map<String, Json>,
    pub(crate) values: Map<String, Json>,
}

/// A row as kept: what a read would give once `dirty` (the fields set on it
/// and not yet written to the file, its clock with them) are written.
pub(crate) struct Kept {
    pub(crate) row: Current,
    pub(crate) dirty: Vec<&'static str>,
    /// Where it was kept, when it was taken out (put back there).
    pub(crate) slot: Option<usize>,
}

/// How a column stores what it is given (SQLite's type affinity, from its
/// declared type).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Affinity {
    Integer,
    Text,
    Blob,
    Real,
    Numeric,
}

impl Affinity {
    /// SQLite's rules, in their order ("Determination Of Column Affinity").
    fn of(declared: &str) -> Affinity {
        let t = declared.to_ascii_uppercase();
        if t.contains("INT") {
            Affinity::Integer
        } else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") {
            Affinity::Text
        } else if t.contains("BLOB") || t.is_empty() {
            Affinity::Blob
        } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
            Affinity::Real
        } else {
            Affinity::Numeric
        }
    }

    /// `value` as a read gives it back after it is stored in such a column;
    /// None where SQLite may convert it.
    fn stored(self, value: &Value) -> Option<Json> {
        match (value, self) {
            (Value::Null, _) => Some(Json::Null),
            (Value::Text(s), Affinity::Text | Affinity::Blob) => Some(Json::from(s.as_str())),
            (Value::Int(n), Affinity::Integer | Affinity::Numeric | Affinity::Blob) => {
                Some(Json::from(*n))
            }
            (Value::Real(f), Affinity::Real | Affinity::Blob) => Some(Json::from(*f)),
            _ => None,
        }
    }
}

/// How many rows a merge keeps at most.
pub(crate) const MAX_ROWS: usize = 10_000;

/// A kept row's fields not yet written to the file, with its field clocks.
pub(crate) struct Unwritten {
    pub(crate) table: &'static str,
    pub(crate) row_id: String,
    pub(crate) fields: Vec<(&'static str, Json)>,
    pub(crate) clock: String,
}

/// A row's place among the kept ones.
struct Slot {
    table: &'static str,
    row_id: String,
    /// None while a change has it taken out.
    kept: Option<Kept>,
}

/// The rows kept (found by table and id), and each table's columns'
/// affinities.
#[derive(Default)]
pub(crate) struct RowCache {
    index: HashMap<&'static str, HashMap<String, usize>>,
    slots: Vec<Slot>,
    columns: HashMap<&'static str, HashMap<String, Affinity>>,
    /// Moves on every `forget_all`: a row taken out before it may not be
    /// put back after it.
    generation: u64,
    /// Whether a row was kept with fields not written since the last
    /// `take_unwritten` (which otherwise has nothing to look for).
    unwritten: bool,
}

impl RowCache {
    pub(crate) fn generation(&self) -> u64 {
        self.generation
    }

    fn slot(&self, table: &'static str, row_id: &str) -> Option<usize> {
        self.index.get(table)?.get(row_id).copied()
    }

    /// The row as kept, taken out (the caller puts it back).
    pub(crate) fn take(&mut self, table: &'static str, row_id: &str) -> Option<Kept> {
        let i = self.slot(table, row_id)?;
        let mut kept = self.slots[i].kept.take()?;
        kept.slot = Some(i);
        Some(kept)
    }

    /// More rows are kept than a merge may keep.
    pub(crate) fn full(&self) -> bool {
        self.slots.len() > MAX_ROWS
    }

    fn kept(&self, table: &'static str, row_id: &str) -> Option<&Kept> {
        self.slots[self.slot(table, row_id)?].kept.as_ref()
    }

    /// A kept value of the row (as a read would give it).
    pub(crate) fn value(&self, table: &'static str, row_id: &str, name: &str) -> Option<&Json> {
        self.kept(table, row_id)?.row.values.get(name)
    }

    /// No field of `names` is waiting to be written to the row.
    pub(crate) fn written(&self, table: &'static str, row_id: &str, names: &[&str]) -> bool {
        self.kept(table, row_id)
            .is_none_or(|kept| !kept.dirty.iter().any(|d| names.contains(d)))
    }

    /// Keep the row (back where it was taken from, if it was).
    pub(crate) fn put(&mut self, table: &'static str, row_id: &str, kept: Kept) {
        self.unwritten |= !kept.dirty.is_empty();
        if let Some(slot) = kept.slot.and_then(|i| self.slots.get_mut(i)) {
            if slot.kept.is_none() && slot.table == table && slot.row_id == row_id {
                slot.kept = Some(kept);
                return;
            }
        }
        let i = self.slots.len();
        self.index
            .entry(table)
            .or_default()
            .insert(row_id.to_string(), i);
        self.slots.push(Slot {
            table,
            row_id: row_id.to_string(),
            kept: Some(kept),
        });
    }

    /// `value` as the column `name` of `table` gives it back once written;
    /// None when SQLite may convert it.
    pub(crate) fn stored(
        &mut self,
        conn: &Connection,
        table: &'static str,
        name: &str,
        value: &Value,
    ) -> Result<Option<Json>> {
        let columns = match self.columns.get(table) {
            Some(columns) => columns,
            None => {
                let columns = declared(conn, table)?;
                self.columns.entry(table).or_insert(columns)
            }
        };
        Ok(columns.get(name).and_then(|a| a.stored(value)))
    }

    /// Every kept row's fields not yet written, for the caller to write
    /// (the rows stay kept, written).
    pub(crate) fn take_unwritten(&mut self) -> Result<Vec<Unwritten>> {
        let mut out = Vec::new();
        if !std::mem::take(&mut self.unwritten) {
            return Ok(out);
        }
        for slot in &mut self.slots {
            let Some(kept) = slot.kept.as_mut().filter(|k| !k.dirty.is_empty()) else {
                continue;
            };
            let values = &kept.row.values;
            // A field set and not written is always kept (merge_one).
            let fields = kept
                .dirty
                .drain(..)
                .map(|n| (n, values[n].clone()))
                .collect();
            out.push(Unwritten {
                table: slot.table,
                row_id: slot.row_id.clone(),
                fields,
                clock: serde_json::to_string(&kept.row.clock)?,
            });
        }
        Ok(out)
    }

    /// Rows may have been written some other way (each kept row's fields
    /// are written first: `take_unwritten`).
    pub(crate) fn forget_all(&mut self) {
        self.index.clear();
        self.slots.clear();
        self.generation += 1;
    }
}

/// Each column of `table` with its affinity. `table` comes from the registry.
fn declared(conn: &Connection, table: &str) -> Result<HashMap<String, Affinity>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT name, type FROM pragma_table_xinfo('{table}')"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Affinity::of(&r.get::<_, String>(1)?),
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use serde_json::Value as Json;
    use steerco_domain::Value;

    use super::{Affinity, MAX_ROWS};
    use crate::RowChange;

    #[test]
    fn a_merge_of_more_rows_than_it_keeps_writes_every_one() {
        let (_source_dir, mut source) = crate::test_store();
        let n = MAX_ROWS + 40;
        let person = |i: usize, name: &str| {
            RowChange::update("person", format!("p{i}")).set("name", format!("{name} {i}"))
        };
        source
            .write(
                (0..n)
                    .map(|i| {
                        RowChange::insert("person", format!("p{i}"))
                            .set("name", format!("P {i}"))
                            .set("sample", false)
                    })
                    .collect(),
            )
            .unwrap();
        // Every row set once, the first few again after the rows kept were
        // written and forgotten to make room.
        source
            .write((0..n).map(|i| person(i, "Q")).collect())
            .unwrap();
        source
            .write((0..20).map(|i| person(i, "R")).collect())
            .unwrap();
        let records = source.all_changes().unwrap();
        let (_dir, mut joined) = crate::test_store();
        let report = joined.merge(&records).unwrap();
        assert_eq!(report.applied, records.len());
        for i in 0..n {
            let name = joined
                .field_value("person", &format!("p{i}"), "name")
                .unwrap();
            let set = if i < 20 { "R" } else { "Q" };
            assert_eq!(name, Some(Json::from(format!("{set} {i}"))), "p{i}");
        }
    }

    #[test]
    fn affinity_follows_sqlites_rules() {
        for (declared, affinity) in [
            ("INTEGER", Affinity::Integer),
            ("TINYINT", Affinity::Integer),
            ("TEXT", Affinity::Text),
            ("VARCHAR(20)", Affinity::Text),
            ("", Affinity::Blob),
            ("BLOB", Affinity::Blob),
            ("REAL", Affinity::Real),
            ("DOUBLE PRECISION", Affinity::Real),
            ("NUMERIC", Affinity::Numeric),
            ("DATE", Affinity::Numeric),
            // "INT" wins over everything after it, as in SQLite ("POINT").
            ("FLOATING POINT", Affinity::Integer),
        ] {
            assert_eq!(Affinity::of(declared), affinity, "{declared:?}");
        }
    }

    #[test]
    fn a_value_sqlite_may_convert_is_not_kept() {
        assert!(Affinity::Text.stored(&Value::Int(1)).is_none());
        assert!(Affinity::Integer.stored(&Value::Text("1".into())).is_none());
        assert!(Affinity::Integer.stored(&Value::Real(1.0)).is_none());
        assert!(Affinity::Real.stored(&Value::Int(1)).is_none());
        assert_eq!(
            Affinity::Text.stored(&Value::Text("x".into())),
            Some("x".into())
        );
        assert_eq!(Affinity::Numeric.stored(&Value::Int(7)), Some(7.into()));
        assert_eq!(Affinity::Integer.stored(&Value::Null), Some(Json::Null));
    }
}
