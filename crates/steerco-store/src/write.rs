//! The one write path. Every change to synced data goes through
//! [`Store::write`]: it validates each row change against the schema registry,
//! applies it, and records it in the change log with its hybrid-logical-clock
//! stamp and the stamps of the values it replaced, all in one transaction.
//! A batch is applied whole or not at all.

use std::fmt::Write;

use rusqlite::{OptionalExtension, Transaction};
use serde_json::{Map, Value as Json};
use steerco_domain::{Hlc, Value};

use crate::changelog;
use crate::error::{Result, StoreError};
use crate::held::{self, Held, Kind};
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
        let mut text = Scratch::new(&tx, std::mem::take(&mut self.words));
        for change in &changes {
            hlc = hlc.tick(wall)?;
            apply(&tx, change, hlc, author.as_deref(), &mut text)?;
            stamps.push(hlc);
        }
        crate::local_key::put(&tx, crate::LocalKey::Hlc, &hlc.to_string())?;
        let words = text.finish();
        tx.commit()?;
        self.words = words;
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
    // Each field's definition, found once; a field named twice has one
    // definition (compared by address, not by name).
    let mut seen: Vec<&'static schema::FieldDef> = Vec::with_capacity(change.fields.len());
    for (name, value) in &change.fields {
        let field = def
            .field(name)
            .ok_or_else(|| Refusal::bad_change(format!("{} has no field {name:?}", def.name)))?;
        if seen.iter().any(|f| std::ptr::eq(*f, field)) {
            return Err(Refusal::bad_change(format!("field {name:?} set twice")).into());
        }
        seen.push(field);
        if let Some(why) = schema::check_value(field, value) {
            return Err(Refusal::bad_change(why).into());
        }
    }
    Ok(def)
}

/// What a batch reuses from change to change: its statements (by shape),
/// text buffers (a statement's key, JSON, the stamp) and the log's words it
/// has looked up: the hot path then allocates little per change.
struct Scratch<'c> {
    held: Held<'c>,
    fields: Vec<u8>,
    prev: Vec<u8>,
    stamp: String,
    words: changelog::Words,
}

impl<'c> Scratch<'c> {
    fn new(tx: &'c Transaction, words: changelog::Words) -> Self {
        Scratch {
            held: Held::new(tx),
            fields: Vec::new(),
            prev: Vec::new(),
            stamp: String::new(),
            words,
        }
    }

    /// The words learned; the held statements go back to the connection's
    /// cache (before the transaction ends).
    fn finish(self) -> changelog::Words {
        self.words
    }
}

pub(crate) fn apply_one(
    tx: &Transaction,
    change: &RowChange,
    hlc: Hlc,
    author: Option<&str>,
) -> Result<()> {
    apply(
        tx,
        change,
        hlc,
        author,
        &mut Scratch::new(tx, changelog::Words::default()),
    )
}

fn apply(
    tx: &Transaction,
    change: &RowChange,
    hlc: Hlc,
    author: Option<&str>,
    text: &mut Scratch,
) -> Result<()> {
    let def = validate(change)?;
    stamp_text(hlc, &mut text.stamp);
    let prev = match change.op {
        Op::Insert => {
            insert_row(&mut text.held, def, change, &text.stamp)?;
            None
        }
        Op::Update | Op::Delete | Op::Restore => {
            Some(update_row(&mut text.held, def, change, &text.stamp)?)
        }
    };
    fields_object(tx, change, &mut text.words, &mut text.fields)?;
    let prev = match &prev {
        Some(prev) => Some(changelog::encode_prev(
            tx,
            &mut text.words,
            prev,
            &mut text.prev,
        )?),
        None => None,
    };
    let entry = changelog::Entry {
        hlc,
        author,
        table: def.name,
        row_id: &change.row_id,
        op: change.op.as_str(),
        fields: &text.fields,
        prev,
    };
    changelog::append(&mut text.held, tx, &mut text.words, &entry)
}

/// `hlc`'s text, the same as its `Display`, written without the formatting
/// machinery (once per change on the hot path).
fn stamp_text(hlc: Hlc, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.clear();
    let Ok(mut millis) = u64::try_from(hlc.millis) else {
        write!(out, "{hlc}").expect("a String takes any text");
        return;
    };
    if millis > 9_999_999_999_999 {
        write!(out, "{hlc}").expect("a String takes any text");
        return;
    }
    let mut text = [0u8; 35];
    for digit in text[..13].iter_mut().rev() {
        *digit = b'0' + (millis % 10) as u8;
        millis /= 10;
    }
    text[13] = b'-';
    for (i, digit) in text[14..18].iter_mut().enumerate() {
        *digit = HEX[usize::from((hlc.counter >> (12 - 4 * i)) & 0xf)];
    }
    text[18] = b'-';
    for (i, digit) in text[19..].iter_mut().enumerate() {
        *digit = HEX[((hlc.replica.0 >> (60 - 4 * i)) & 0xf) as usize];
    }
    out.push_str(std::str::from_utf8(&text).expect("digits and hyphens are ASCII"));
}

/// Insert a row that arrived from another replica, stamped with its change.
pub(crate) fn insert_remote(held: &mut Held, change: &RowChange, hlc: Hlc) -> Result<()> {
    let def = validate(change)?;
    let mut stamp = String::with_capacity(35);
    stamp_text(hlc, &mut stamp);
    insert_row(held, def, change, &stamp)
}

/// Set fields of an existing row (live or tombstoned) and its field clocks
/// (`clock`, as JSON); `fields` may include `deleted`. The write path's
/// updates and a merge's go through it.
pub(crate) fn set_fields(
    held: &mut Held,
    table: &'static str,
    row_id: &str,
    fields: &[(&'static str, Value)],
    clock: &str,
) -> Result<()> {
    let clock_param = fields.len() + 2;
    let key = |key: &mut Vec<usize>| {
        key.push(Kind::SetFields as usize);
        held::name_key(key, table);
        for (name, _) in fields {
            held::name_key(key, name);
        }
    };
    let stmt = held.get(key, |sql| {
        sql.push_str("UPDATE ");
        sql.push_str(table);
        sql.push_str(" SET ");
        for (i, (name, _)) in fields.iter().enumerate() {
            write!(sql, "{name} = ?{}, ", i + 2).expect("a String takes any text");
        }
        write!(sql, "clock = ?{clock_param} WHERE id = ?1").expect("a String takes any text");
    })?;
    stmt.raw_bind_parameter(clock_param, clock)?;
    bind_and_run(stmt, row_id, fields)?;
    Ok(())
}

/// Insert a row stamped `stamp`.
fn insert_row(
    held: &mut Held,
    def: &'static TableDef,
    change: &RowChange,
    stamp: &str,
) -> Result<()> {
    let key = |key: &mut Vec<usize>| {
        key.push(Kind::InsertRow as usize);
        held::name_key(key, def.name);
        for (name, _) in &change.fields {
            held::name_key(key, name);
        }
    };
    let stamp_param = change.fields.len() + 2;
    let stmt = held.get(key, |sql| {
        sql.push_str("INSERT INTO ");
        sql.push_str(def.name);
        sql.push_str(" (id");
        for (name, _) in &change.fields {
            sql.push_str(", ");
            sql.push_str(name);
        }
        sql.push_str(", stamp) VALUES (?1");
        for i in 2..=stamp_param {
            write!(sql, ", ?{i}").expect("a String takes any text");
        }
        sql.push(')');
    })?;
    stmt.raw_bind_parameter(stamp_param, stamp)?;
    bind_and_run(stmt, &change.row_id, &change.fields).map_err(|e| match e {
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
/// Returns the stamp each changed field replaced: the
/// field's clock, or the row's insert stamp for a field unchanged since. A
/// receiver compares it with its own current stamp to tell a concurrent edit
/// from a later one.
fn update_row(
    held: &mut Held,
    def: &'static TableDef,
    change: &RowChange,
    now: &str,
) -> Result<Map<String, Json>> {
    let not_found = || StoreError::NotFound {
        kind: Entity::Row,
        key: format!("{}/{}", def.name, change.row_id),
    };
    // Only a tombstone can be restored; everything else changes live rows.
    let deleted = i64::from(change.op == Op::Restore);
    let key = |key: &mut Vec<usize>| {
        key.push(Kind::ReadRow as usize);
        held::name_key(key, def.name);
        key.push(deleted as usize);
    };
    let (stamp, clock): (String, Option<String>) = held
        .get(key, |sql| {
            write!(
                sql,
                "SELECT stamp, clock FROM {} WHERE id = ?1 AND deleted = {deleted}",
                def.name
            )
            .expect("a String takes any text");
        })?
        .query_row([&change.row_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(not_found)?;
    let mut clock: Map<String, Json> = match clock {
        Some(c) => serde_json::from_str(&c)?,
        None => Map::new(),
    };
    // A delete names the stamp of every field it saw, so a receiver can
    // tell an edit the deleter never saw (a delete-vs-edit conflict).
    let mut prev = if change.op == Op::Delete {
        clock.clone()
    } else {
        Map::new()
    };
    let mut replace = |name: &str| {
        let replaced = clock
            .insert(name.to_string(), Json::from(now))
            .unwrap_or_else(|| Json::from(stamp.as_str()));
        prev.insert(name.to_string(), replaced);
    };
    match change.op {
        Op::Delete | Op::Restore => replace("deleted"),
        Op::Insert | Op::Update => {
            for (name, _) in &change.fields {
                replace(name);
            }
        }
    }
    // The same statement as a merge's: a delete or restore sets the flag.
    let flag;
    let fields: &[(&'static str, Value)] = match change.op {
        Op::Delete | Op::Restore => {
            flag = [("deleted", Value::Int(i64::from(change.op == Op::Delete)))];
            &flag
        }
        Op::Insert | Op::Update => &change.fields,
    };
    let clock = serde_json::to_string(&clock)?;
    set_fields(held, def.name, &change.row_id, fields, &clock)?;
    Ok(prev)
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

/// The change's fields as the log stores them, written straight into `out`
/// (this runs once per change on the hot path).
fn fields_object(
    tx: &Transaction,
    change: &RowChange,
    words: &mut changelog::Words,
    out: &mut Vec<u8>,
) -> Result<()> {
    let mut object = changelog::Object::new(out);
    match change.op {
        Op::Delete => object.value(words.number(tx, "deleted")?, &1)?,
        Op::Restore => object.value(words.number(tx, "deleted")?, &0)?,
        Op::Insert | Op::Update => {}
    }
    for (name, value) in &change.fields {
        object.value(words.number(tx, name)?, value)?;
    }
    object.finish();
    Ok(())
}

/// The stamp of the current value of one field, read from the log.
pub(crate) fn field_stamp(
    conn: &rusqlite::Connection,
    table: &str,
    row_id: &str,
    field: &str,
) -> Result<Option<String>> {
    let changes = changelog::row_history(conn, &mut changelog::Words::default(), table, row_id)?;
    Ok(changes
        .into_iter()
        .filter(|c| c.fields.contains_key(field))
        .map(|c| c.hlc)
        .next_back())
}

#[cfg(test)]
mod tests {
    use steerco_domain::{Hlc, ReplicaId};

    #[test]
    fn a_stamps_text_is_its_display() {
        let stamps = [
            (0, 0, 0),
            (1_764_000_000_123, 0x2a, 0xa),
            (9_999_999_999_999, u16::MAX, u64::MAX),
            (12, 0xbeef, 0x0123_4567_89ab_cdef),
            (10_000_000_000_000, 1, 2),
            (-5, 1, 2),
        ];
        let mut text = String::new();
        for (millis, counter, replica) in stamps {
            let hlc = Hlc {
                millis,
                counter,
                replica: ReplicaId(replica),
            };
            super::stamp_text(hlc, &mut text);
            assert_eq!(text, hlc.to_string());
        }
    }
}
