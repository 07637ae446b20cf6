//! A row as a merge reads and writes it: from the file, or as the merge
//! keeps it between its changes (`crate::row_cache`), and the writes of what
//! it kept.

use rusqlite::OptionalExtension;
use serde_json::{Map, Value as Json};
use steerco_domain::Value;

use super::to_value;
use crate::error::Result;
use crate::held::{Held, Kind};
use crate::schema::TableDef;
use crate::write::set_fields;

pub(crate) use crate::row_cache::{Current, Kept};

/// The row's insert stamp, field clocks and the values of `names`; None
/// when there is no such row. Read from the file (with no `names`, whether
/// the row is there): a merge's own rows come through `take_current`.
pub(super) fn current(
    held: &mut Held<'_>,
    def: &'static TableDef,
    row_id: &str,
    names: &[&'static str],
) -> Result<Option<Current>> {
    debug_assert!(
        held.rows.written(def.name, row_id, names),
        "{} {row_id}: a field read is not written yet",
        def.name
    );
    read_current(held, def, row_id, names)
}

/// The row as this merge keeps it (`crate::row_cache`), with the fields not
/// yet written to the file, taken out; read from the file when a value of
/// `names` is not kept. The caller puts it back.
pub(super) fn take_current(
    held: &mut Held<'_>,
    def: &'static TableDef,
    row_id: &str,
    names: &[&'static str],
) -> Result<Option<Kept>> {
    let Some(kept) = held.rows.take(def.name, row_id) else {
        return Ok(read_current(held, def, row_id, names)?.map(|row| Kept {
            row,
            dirty: Vec::new(),
            slot: None,
        }));
    };
    #[cfg(debug_assertions)]
    check_kept(held, def, row_id, &kept)?;
    if names.iter().all(|n| kept.row.values.contains_key(*n)) {
        return Ok(Some(kept));
    }
    // Values not kept are read; the rest (written or not) stay as kept. (A
    // kept row is in the file: rows are never removed, only tombstoned.)
    let Some(read) = read_current(held, def, row_id, names)? else {
        return Ok(Some(kept));
    };
    let mut row = kept.row;
    for (name, value) in read.values {
        row.values.entry(name).or_insert(value);
    }
    Ok(Some(Kept { row, ..kept }))
}

/// Write every kept row's fields not yet written: before anything reads
/// rows some other way, and before the merge ends (`crate::row_cache`).
pub(crate) fn write_kept(held: &mut Held<'_>) -> Result<()> {
    for row in held.rows.take_unwritten()? {
        let fields: Vec<(&'static str, Value)> =
            row.fields.iter().map(|(n, v)| (*n, to_value(v))).collect();
        set_fields(held, row.table, &row.row_id, &fields, &row.clock)?;
        #[cfg(debug_assertions)]
        if let (Some(def), Some(kept)) = (
            crate::schema::table(row.table),
            held.rows.take(row.table, &row.row_id),
        ) {
            // Written: the file now holds the row as kept, clocks too.
            check_kept(held, def, &row.row_id, &kept)?;
            held.rows.put(row.table, &row.row_id, kept);
        }
    }
    Ok(())
}

/// After a change to `row` (taken at `generation`) set `set` on it: keep
/// it, its fields written later with the row's next ones when `defer` and
/// each value is kept as the file will give it back; otherwise write every
/// field of it not yet written now.
pub(super) fn keep_row(
    held: &mut Held<'_>,
    def: &'static TableDef,
    row_id: &str,
    (generation, defer): (u64, bool),
    Kept {
        mut row,
        mut dirty,
        slot,
    }: Kept,
    set: &[(&'static str, Value)],
) -> Result<()> {
    let mut exact = true;
    for (name, value) in set {
        match held.rows.stored(held.conn(), def.name, name, value)? {
            Some(json) => {
                row.values.insert((*name).to_string(), json);
            }
            None => {
                row.values.remove(*name);
                exact = false;
            }
        }
        if !dirty.contains(name) {
            dirty.push(name);
        }
    }
    // Rows were written some other way since it was taken (a local write).
    let unchanged = generation == held.rows.generation();
    if !(defer && exact && unchanged) {
        write_now(held, (def.name, row_id), &row, &mut dirty, set)?;
    }
    #[cfg(debug_assertions)]
    if dirty.is_empty() {
        // Written (or nothing to write): the file holds the row as kept.
        let kept = Kept {
            row,
            dirty,
            slot: None,
        };
        check_kept(held, def, row_id, &kept)?;
        (row, dirty) = (kept.row, kept.dirty);
    }
    if unchanged {
        held.rows.put(def.name, row_id, Kept { row, dirty, slot });
        if held.rows.full() {
            write_kept(held)?;
            held.rows.forget_all();
        }
    }
    Ok(())
}

/// Write the fields of `row` in `dirty` (emptying it) and its clocks: each
/// as `set` has it, or as the row keeps it (set by an earlier change).
pub(super) fn write_now(
    held: &mut Held<'_>,
    (table, row_id): (&'static str, &str),
    row: &Current,
    dirty: &mut Vec<&'static str>,
    set: &[(&'static str, Value)],
) -> Result<()> {
    if dirty.is_empty() {
        return Ok(());
    }
    let fields: Vec<(&'static str, Value)> = dirty
        .drain(..)
        .map(|name| match set.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => (name, value.clone()),
            None => (name, to_value(&row.values[name])),
        })
        .collect();
    set_fields(
        held,
        table,
        row_id,
        &fields,
        &serde_json::to_string(&row.clock)?,
    )?;
    Ok(())
}

/// Debug builds: a kept row is what the file holds, but for its fields not
/// yet written (every test merge checks).
#[cfg(debug_assertions)]
fn check_kept(
    held: &mut Held<'_>,
    def: &'static TableDef,
    row_id: &str,
    kept: &Kept,
) -> Result<()> {
    let names: Vec<&'static str> = kept
        .row
        .values
        .keys()
        .map(|n| match def.field(n) {
            Some(f) => f.name,
            None => {
                assert_eq!(n, "deleted", "{}: kept an unknown field", def.name);
                "deleted"
            }
        })
        .filter(|n| !kept.dirty.contains(n))
        .collect();
    let read = read_current(held, def, row_id, &names)?.expect("a kept row is in the file");
    assert_eq!(read.stamp, kept.row.stamp, "{} {row_id}", def.name);
    if kept.dirty.is_empty() {
        assert_eq!(read.clock, kept.row.clock, "{} {row_id}", def.name);
    }
    for (name, value) in &read.values {
        assert_eq!(
            Some(value),
            kept.row.values.get(name),
            "{} {row_id} {name}",
            def.name
        );
    }
    Ok(())
}

/// `current` as the file has it.
fn read_current(
    held: &mut Held<'_>,
    def: &'static TableDef,
    row_id: &str,
    names: &[&'static str],
) -> Result<Option<Current>> {
    let key = |key: &mut Vec<usize>| {
        key.push(Kind::ReadCurrent as usize);
        crate::held::name_key(key, def.name);
        for name in names {
            crate::held::name_key(key, name);
        }
    };
    let stmt = held.get(key, |sql| {
        sql.push_str("SELECT stamp, clock");
        for name in names {
            sql.push_str(", ");
            sql.push_str(name);
        }
        sql.push_str(" FROM ");
        sql.push_str(def.name);
        sql.push_str(" WHERE id = ?1");
    })?;
    let row = stmt
        .query_row([row_id], |r| {
            let clock: Option<String> = r.get(1)?;
            let mut values = Map::new();
            for (i, name) in names.iter().enumerate() {
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
