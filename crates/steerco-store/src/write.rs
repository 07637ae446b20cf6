//! The one write path. Every change to synced data goes through
//! [`Store::write`]: it validates each row change against the schema registry,
//! applies it, and records it in the change log with its hybrid-logical-clock
//! stamp and the stamps of the values it replaced, all in one transaction.
//! A batch is applied whole or not at all.

use rusqlite::{params, OptionalExtension, Transaction};
use serde_json::{Map, Value as Json};
use steerco_domain::{Hlc, Value};

use crate::error::{Result, StoreError};
use crate::refusal::{Entity, Refusal};
use crate::schema::{self, TableDef};
use crate::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// A new row; fields not named take their defaults.
    Insert,
    /// Set fields of an existing, live row.
    Update,
    /// Tombstone: the row stays, marked deleted, so late changes still find it.
    Delete,
    /// A tombstoned row comes back (`deleted` = 0): the undo of a delete, a
    /// change of its own (logged, synced, merged by the field rule on
    /// `deleted`), so the delete stays in the history.
    Restore,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Insert => "insert",
            Op::Update => "update",
            Op::Delete => "delete",
            Op::Restore => "restore",
        }
    }
}

/// One row's change: what the write path applies and logs.
#[derive(Debug, Clone)]
pub struct RowChange {
    pub table: &'static str,
    pub row_id: String,
    pub op: Op,
    pub fields: Vec<(&'static str, Value)>,
}

impl RowChange {
    pub fn insert(table: &'static str, row_id: impl Into<String>) -> Self {
        RowChange {
            table,
            row_id: row_id.into(),
            op: Op::Insert,
            fields: Vec::new(),
        }
    }

    pub fn update(table: &'static str, row_id: impl Into<String>) -> Self {
        RowChange {
            op: Op::Update,
            ..RowChange::insert(table, row_id)
        }
    }

    pub fn delete(table: &'static str, row_id: impl Into<String>) -> Self {
        RowChange {
            op: Op::Delete,
            ..RowChange::insert(table, row_id)
        }
    }

    pub fn restore(table: &'static str, row_id: impl Into<String>) -> Self {
        RowChange {
            op: Op::Restore,
            ..RowChange::insert(table, row_id)
        }
    }

    pub fn set(mut self, field: &'static str, value: impl Into<Value>) -> Self {
        self.fields.push((field, value.into()));
        self
    }
}

/// What a write did: the stamp of each row change, in order.
#[derive(Debug, Clone)]
pub struct Written {
    pub stamps: Vec<Hlc>,
}

impl Store {
    /// Apply a batch of row changes and log them, atomically.
    pub fn write(&mut self, changes: Vec<RowChange>) -> Result<Written> {
        let wall = self.clock.now().timestamp_millis();
        let author = self.me.clone();
        let tx = begin(&mut self.conn)?;
        let mut hlc = stored_clock(&tx, self.hlc)?;
        let mut stamps = Vec::with_capacity(changes.len());
        for change in &changes {
            hlc = hlc.tick(wall)?;
            apply_one(&tx, change, hlc, author.as_deref())?;
            stamps.push(hlc);
        }
        crate::local_key::put(&tx, crate::LocalKey::Hlc, &hlc.to_string())?;
        tx.commit()?;
        self.hlc = hlc;
        Ok(Written { stamps })
    }
}

/// A transaction that writes: it takes the write lock at once (waiting for
/// another writer as the busy timeout allows), so the clock it reads is not
/// moved by another handle before it commits.
pub(crate) fn begin(conn: &mut rusqlite::Connection) -> Result<Transaction<'_>> {
    Ok(conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?)
}

/// The clock a transaction stamps from: the later of this handle's and the
/// one stored by the last transaction of any handle on the file (the app and
/// the CLI on one workspace), so no stamp falls below another handle's last.
pub(crate) fn stored_clock(tx: &Transaction, in_memory: Hlc) -> Result<Hlc> {
    let stored = crate::local_key::get(tx, crate::LocalKey::Hlc)?
        .and_then(|s| Hlc::parse(&s).ok())
        .map(|h| Hlc {
            replica: in_memory.replica,
            ..h
        });
    Ok(stored.map_or(in_memory, |s| s.max(in_memory)))
}

pub(crate) fn validate(change: &RowChange) -> Result<&'static TableDef> {
    let def = schema::table(change.table)
        .ok_or_else(|| Refusal::bad_change(format!("unknown table {:?}", change.table)))?;
    if change.row_id.is_empty() {
        return Err(Refusal::bad_change("a row id may not be empty").into());
    }
    if def.append_only && change.op != Op::Insert {
        return Err(Refusal::bad_change(format!(
            "{} is append-only: rows are added, never changed",
            def.name
        ))
        .into());
    }
    if matches!(change.op, Op::Delete | Op::Restore) && !change.fields.is_empty() {
        let why = format!("a {} carries no fields", change.op.as_str());
        return Err(Refusal::bad_change(why).into());
    }
    if change.op == Op::Update && change.fields.is_empty() {
        return Err(Refusal::bad_change("an update must set at least one field").into());
    }
    for (i, (name, value)) in change.fields.iter().enumerate() {
        let field = def
            .field(name)
            .ok_or_else(|| Refusal::bad_change(format!("{} has no field {name:?}", def.name)))?;
        if change.fields[..i].iter().any(|(n, _)| n == name) {
            return Err(Refusal::bad_change(format!("field {name:?} set twice")).into());
        }
        if let Some(why) = schema::check_value(field, value) {
            return Err(Refusal::bad_change(why).into());
        }
    }
    Ok(def)
}

pub(crate) fn apply_one(
    tx: &Transaction,
    change: &RowChange,
    hlc: Hlc,
    author: Option<&str>,
) -> Result<()> {
    let def = validate(change)?;
    let prev = match change.op {
        Op::Insert => {
            insert_row(tx, def, change, hlc)?;
            None
        }
        Op::Update | Op::Delete | Op::Restore => Some(update_row(tx, def, change, hlc)?),
    };
    let fields = fields_json(change)?;
    log_change(
        tx,
        &hlc.to_string(),
        author,
        def.name,
        &change.row_id,
        change.op.as_str(),
        &fields,
        prev.as_deref(),
    )
}

/// Append one row change to the log (local writes and merged remote ones).
#[allow(clippy::too_many_arguments)]
pub(crate) fn log_change(
    tx: &Transaction,
    hlc: &str,
    author: Option<&str>,
    table: &str,
    row_id: &str,
    op: &str,
    fields: &str,
    prev: Option<&str>,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO change (hlc, author_id, tbl, row_id, op, fields, prev)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![hlc, author, table, row_id, op, fields, prev])?;
    Ok(())
}

/// Insert a row that arrived from another replica, stamped with its change.
pub(crate) fn insert_remote(tx: &Transaction, change: &RowChange, hlc: Hlc) -> Result<()> {
    let def = validate(change)?;
    insert_row(tx, def, change, hlc)
}

/// Set fields of an existing row (live or tombstoned) with the field clocks
/// the merge computed; `fields` may include `deleted`.
pub(crate) fn set_remote_fields(
    tx: &Transaction,
    table: &'static str,
    row_id: &str,
    fields: &[(&'static str, Value)],
    clock: &str,
) -> Result<()> {
    let sets: Vec<String> = fields
        .iter()
        .enumerate()
        .map(|(i, (n, _))| format!("{n} = ?{}", i + 2))
        .collect();
    let clock_param = fields.len() + 2;
    let sql = format!(
        "UPDATE {table} SET {}{}clock = ?{clock_param} WHERE id = ?1",
        sets.join(", "),
        if sets.is_empty() { "" } else { ", " }
    );
    let mut stmt = tx.prepare_cached(&sql)?;
    stmt.raw_bind_parameter(clock_param, clock)?;
    bind_and_run(&mut stmt, row_id, fields)?;
    Ok(())
}

fn insert_row(tx: &Transaction, def: &TableDef, change: &RowChange, hlc: Hlc) -> Result<()> {
    let mut names: Vec<&str> = change.fields.iter().map(|(n, _)| *n).collect();
    names.push("stamp");
    let placeholders: Vec<String> = (2..=names.len() + 1).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO {} (id, {}) VALUES (?1, {})",
        def.name,
        names.join(", "),
        placeholders.join(", ")
    );
    let mut stmt = tx.prepare_cached(&sql)?;
    stmt.raw_bind_parameter(names.len() + 1, hlc.to_string())?;
    bind_and_run(&mut stmt, &change.row_id, &change.fields).map_err(|e| match e {
        rusqlite::Error::SqliteFailure(err, _)
            if err.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            StoreError::from(Refusal::RowClash {
                table: def.name.to_string(),
                row: change.row_id.clone(),
            })
        }
        e => e.into(),
    })?;
    Ok(())
}

/// Update (or tombstone) a live row, or restore a tombstoned one, and move
/// its field clocks to `hlc`.
/// Returns, as a JSON object, the stamp each changed field replaced: the
/// field's clock, or the row's insert stamp for a field unchanged since. A
/// receiver compares it with its own current stamp to tell a concurrent edit
/// from a later one.
fn update_row(tx: &Transaction, def: &TableDef, change: &RowChange, hlc: Hlc) -> Result<String> {
    use rusqlite::OptionalExtension;
    let not_found = || StoreError::NotFound {
        kind: Entity::Row,
        key: format!("{}/{}", def.name, change.row_id),
    };
    // Only a tombstone can be restored; everything else changes live rows.
    let deleted = i64::from(change.op == Op::Restore);
    let (stamp, clock): (String, Option<String>) = tx
        .prepare_cached(&format!(
            "SELECT stamp, clock FROM {} WHERE id = ?1 AND deleted = {deleted}",
            def.name
        ))?
        .query_row([&change.row_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(not_found)?;
    let mut clock: Map<String, Json> = match clock {
        Some(c) => serde_json::from_str(&c)?,
        None => Map::new(),
    };
    let names: Vec<&str> = if matches!(change.op, Op::Delete | Op::Restore) {
        vec!["deleted"]
    } else {
        change.fields.iter().map(|(n, _)| *n).collect()
    };
    let now = Json::from(hlc.to_string());
    let mut prev = Map::new();
    if change.op == Op::Delete {
        // A delete names the stamp of every field it saw, so a receiver can
        // tell an edit the deleter never saw (a delete-vs-edit conflict).
        prev.extend(clock.clone());
    }
    for name in &names {
        let replaced = clock
            .insert((*name).to_string(), now.clone())
            .unwrap_or_else(|| Json::from(stamp.clone()));
        prev.insert((*name).to_string(), replaced);
    }
    let sets: Vec<String> = if change.op == Op::Delete {
        vec!["deleted = 1".into()]
    } else if change.op == Op::Restore {
        vec!["deleted = 0".into()]
    } else {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| format!("{n} = ?{}", i + 2))
            .collect()
    };
    let clock_param = change.fields.len() + 2;
    let sql = format!(
        "UPDATE {} SET {}, clock = ?{clock_param} WHERE id = ?1",
        def.name,
        sets.join(", ")
    );
    let mut stmt = tx.prepare_cached(&sql)?;
    stmt.raw_bind_parameter(clock_param, Json::Object(clock).to_string())?;
    bind_and_run(&mut stmt, &change.row_id, &change.fields)?;
    Ok(Json::Object(prev).to_string())
}

fn bind_and_run(
    stmt: &mut rusqlite::CachedStatement<'_>,
    id: &str,
    fields: &[(&'static str, Value)],
) -> rusqlite::Result<usize> {
    stmt.raw_bind_parameter(1, id)?;
    for (i, (_, value)) in fields.iter().enumerate() {
        let idx = i + 2;
        match value {
            Value::Null => stmt.raw_bind_parameter(idx, rusqlite::types::Null)?,
            Value::Int(v) => stmt.raw_bind_parameter(idx, v)?,
            Value::Real(v) => stmt.raw_bind_parameter(idx, v)?,
            Value::Text(v) => stmt.raw_bind_parameter(idx, v.as_str())?,
        }
    }
    stmt.raw_execute()
}

/// The change's fields as a JSON object, written straight into a string
/// (this runs once per change on the hot path).
fn fields_json(change: &RowChange) -> Result<String> {
    let mut out: Vec<u8> = Vec::with_capacity(128);
    out.push(b'{');
    match change.op {
        Op::Delete => out.extend_from_slice(b"\"deleted\":1"),
        Op::Restore => out.extend_from_slice(b"\"deleted\":0"),
        Op::Insert | Op::Update => {}
    }
    for (i, (name, value)) in change.fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        // Field names come from the schema registry: plain identifiers.
        out.push(b'"');
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"\":");
        serde_json::to_writer(&mut out, value)?;
    }
    out.push(b'}');
    String::from_utf8(out).map_err(|e| Refusal::bad_change(e.to_string()).into())
}

/// The stamp of the current value of one field, read from the log.
pub(crate) fn field_stamp(
    conn: &rusqlite::Connection,
    table: &str,
    row_id: &str,
    field: &str,
) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT hlc FROM field_change WHERE tbl = ?1 AND row_id = ?2 AND field = ?3
             ORDER BY hlc DESC LIMIT 1",
            params![table, row_id, field],
            |r| r.get(0),
        )
        .optional()?)
}
