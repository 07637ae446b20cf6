//! The change log's encoding (#21): what `change_log` stores for each logged
//! row change, and the one place that writes and reads it.
//!
//! The log used to hold every change as text (the stamp, the author's and
//! row's ids, the table and operation names, and JSON objects keyed by field
//! names): over four fifths of a workspace file. Now a stamp is one integer
//! (`millis * 65536 + counter`) beside a dictionary number for its replica;
//! the author, table and field names are dictionary numbers too
//! (`change_word`); a row id that is a UUID is stored as its 16 bytes; and the
//! stamps a change replaced are `[stamp, replica]` pairs. What a change says
//! is unchanged: every field value is kept as its JSON text, every change
//! stays in the log, and reading it back gives the same record
//! ([`crate::merge::ChangeRecord`]) as before, so history views, conflict
//! detection and the rebuild of approved minutes read what they always read.
//!
//! The dictionary numbers mean something only in this file: change files and
//! the server carry the old, named form.
//!
//! Old history moves on into compressed blocks (`cold.rs`, after each sync);
//! `read.rs` reads both, so no reader knows where a change is kept.

mod cold;
mod convert;
mod read;
mod words;

use std::fmt::Write as _;
use std::io::Write as _;

use rusqlite::types::ValueRef;
use rusqlite::Connection;
use serde::Serialize;
use serde_json::{Map, Value as Json};
use steerco_domain::Hlc;

pub(crate) use cold::Blocks;
pub(crate) use convert::convert_v16;
pub(crate) use read::{
    after, authors, count, count_after, name, newest, newest_author, row_history, row_raw,
};
pub(crate) use words::Words;

use crate::error::Result;
use crate::held::{Held, Kind};
use crate::refusal::Refusal;

/// The columns [`Reader::record`] reads, in its order.
pub(crate) const COLUMNS: &str = "seq, at, replica, author, tbl, op, row_id, fields, prev";

/// A stamp's time and counter as one integer: ordered as the stamps are
/// (for one replica), and 8 bytes instead of a 35-character text.
pub(crate) fn stamp_number(hlc: Hlc) -> Result<i64> {
    hlc.millis
        .checked_mul(65_536)
        .and_then(|n| n.checked_add(i64::from(hlc.counter)))
        .ok_or_else(|| Refusal::bad_change(format!("stamp out of range: {hlc}")).into())
}

/// The text of a stamp stored as `at` and its replica's word.
pub(crate) fn stamp_text(at: i64, replica: &str) -> String {
    format!(
        "{:013}-{:04x}-{replica}",
        at.div_euclid(65_536),
        at.rem_euclid(65_536)
    )
}

/// An operation's number in the log.
pub(crate) fn op_number(op: &str) -> Result<i64> {
    Ok(match op {
        "insert" => 0,
        "update" => 1,
        "delete" => 2,
        "restore" => 3,
        other => return Err(Refusal::bad_change(format!("unknown operation {other:?}")).into()),
    })
}

pub(crate) fn op_name(n: i64) -> Option<&'static str> {
    ["insert", "update", "delete", "restore"]
        .get(usize::try_from(n).ok()?)
        .copied()
}

/// A row id as the log stores it: a lower-case hyphenated UUID as its 16
/// bytes (less than half the text, and a smaller index), anything else as
/// its text. Only the canonical form is packed, so unpacking gives back the
/// very text that was written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum RowId {
    Uuid([u8; 16]),
    Text(String),
}

impl RowId {
    pub(crate) fn of(id: &str) -> RowId {
        pack_uuid(id).map_or_else(|| RowId::Text(id.to_string()), RowId::Uuid)
    }

    /// The id's text (a packed UUID unpacked).
    pub(crate) fn text(&self) -> String {
        match self {
            RowId::Uuid(b) => unpack_uuid(b).unwrap_or_default(),
            RowId::Text(t) => t.clone(),
        }
    }
}

impl rusqlite::ToSql for RowId {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(match self {
            RowId::Uuid(b) => rusqlite::types::ToSqlOutput::Borrowed(ValueRef::Blob(b)),
            RowId::Text(t) => rusqlite::types::ToSqlOutput::Borrowed(ValueRef::Text(t.as_bytes())),
        })
    }
}

fn pack_uuid(id: &str) -> Option<[u8; 16]> {
    let b = id.as_bytes();
    if b.len() != 36 || [8, 13, 18, 23].iter().any(|&i| b[i] != b'-') {
        return None;
    }
    let nibble = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    // The hex digits' positions, hyphens skipped (every change logged
    // packs its row id: read by position, not by filtering).
    const AT: [usize; 16] = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
    let mut out = [0u8; 16];
    for (byte, &i) in out.iter_mut().zip(&AT) {
        *byte = (nibble(b[i])? << 4) | nibble(b[i + 1])?;
    }
    Some(out)
}

pub(crate) fn unpack_uuid(bytes: &[u8]) -> Option<String> {
    if bytes.len() != 16 {
        return None;
    }
    let mut out = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        write!(&mut out, "{b:02x}").expect("a String takes any text");
    }
    Some(out)
}

/// A JSON object keyed by dictionary numbers, written into a reused buffer.
pub(crate) struct Object<'b> {
    out: &'b mut Vec<u8>,
    empty: bool,
}

impl<'b> Object<'b> {
    pub(crate) fn new(out: &'b mut Vec<u8>) -> Self {
        out.clear();
        out.push(b'{');
        Object { out, empty: true }
    }

    fn key(&mut self, n: i64) {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        write!(self.out, "\"{n}\":").expect("a Vec takes any bytes");
    }

    /// One field's new value, as JSON.
    pub(crate) fn value<T: Serialize + ?Sized>(&mut self, n: i64, value: &T) -> Result<()> {
        self.key(n);
        serde_json::to_writer(&mut *self.out, value)?;
        Ok(())
    }

    /// The stamp a field's value replaced: `[stamp, replica]` when it is
    /// one stamp (`Hlc::parse` takes only the text `Display` writes, so it
    /// reads back as it came); anything else (a merged text's list of
    /// stamps) as it came.
    pub(crate) fn stamp(
        &mut self,
        conn: &Connection,
        words: &mut Words,
        n: i64,
        stamp: &Json,
    ) -> Result<()> {
        match stamp.as_str().and_then(|s| Hlc::parse(s).ok()) {
            Some(hlc) => {
                let at = stamp_number(hlc)?;
                let replica = words.replica(conn, hlc.replica)?;
                self.key(n);
                write!(self.out, "[{at},{replica}]").expect("a Vec takes any bytes");
                Ok(())
            }
            None => self.value(n, stamp),
        }
    }

    pub(crate) fn finish(self) -> &'b [u8] {
        self.out.push(b'}');
        self.out
    }
}

/// A record's fields (named) as the log stores them, into `out`.
pub(crate) fn encode_fields(
    conn: &Connection,
    words: &mut Words,
    fields: &Map<String, Json>,
    out: &mut Vec<u8>,
) -> Result<()> {
    let mut object = Object::new(out);
    for (name, value) in fields {
        object.value(words.number(conn, name)?, value)?;
    }
    object.finish();
    Ok(())
}

/// The stamps a change replaced (named) as the log stores them, into `out`.
pub(crate) fn encode_prev<'b>(
    conn: &Connection,
    words: &mut Words,
    prev: &Map<String, Json>,
    out: &'b mut Vec<u8>,
) -> Result<&'b [u8]> {
    let mut object = Object::new(out);
    for (name, stamp) in prev {
        let n = words.number(conn, name)?;
        object.stamp(conn, words, n, stamp)?;
    }
    Ok(object.finish())
}

/// The text [`Object::stamp`] writes for `field` replaced at `hlc`, to find
/// it in `prev` without reading every change (None: nothing can hold it,
/// the field or the replica has no word yet).
pub(crate) fn stamp_needle(
    conn: &Connection,
    words: &mut Words,
    field: &str,
    hlc: &str,
) -> Result<Option<String>> {
    let Ok(hlc) = Hlc::parse(hlc) else {
        return Ok(None);
    };
    let (Some(n), Some(replica)) = (
        words.find(conn, field)?,
        words.find(conn, &hlc.replica.to_string())?,
    ) else {
        return Ok(None);
    };
    Ok(Some(format!("\"{n}\":[{},{replica}]", stamp_number(hlc)?)))
}

/// One logged change, encoded: its fields and prev are [`Object`]s.
pub(crate) struct Entry<'a> {
    pub hlc: Hlc,
    pub author: Option<&'a str>,
    pub table: &'a str,
    pub row_id: &'a str,
    pub op: &'a str,
    pub fields: &'a [u8],
    pub prev: Option<&'a [u8]>,
}

/// How `append` logs a change, with its row's hash (the index readers find
/// a row's changes by).
const APPEND: &str =
    "INSERT INTO change_log (at, replica, author, tbl, op, row_id, fields, prev, row_hash)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

/// Append one change to the log (local writes and merged remote ones alike)
/// with a statement the batch holds (`held.rs`).
pub(crate) fn append(
    held: &mut Held,
    conn: &Connection,
    words: &mut Words,
    entry: &Entry,
) -> Result<()> {
    let stmt = held.get(
        |key| key.push(Kind::LogAppend as usize),
        |sql| sql.push_str(APPEND),
    )?;
    insert_with(stmt, conn, words, entry, cold::row_hash(entry.row_id))
}

/// Log `entry` as number `seq` in the table as migration 17 left it (its
/// step converts the old log; migration 22's step adds the hashes).
fn insert_v17(conn: &Connection, words: &mut Words, seq: i64, entry: &Entry) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO change_log (at, replica, author, tbl, op, row_id, fields, prev, seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    insert_with(&mut stmt, conn, words, entry, seq)
}

/// Log `entry` with `stmt`, whose ninth parameter (`last`) is the caller's.
fn insert_with(
    stmt: &mut rusqlite::CachedStatement,
    conn: &Connection,
    words: &mut Words,
    entry: &Entry,
    last: i64,
) -> Result<()> {
    let text = |b| std::str::from_utf8(b).map_err(|e| Refusal::bad_change(e.to_string()));
    stmt.execute(rusqlite::params![
        stamp_number(entry.hlc)?,
        words.replica(conn, entry.hlc.replica)?,
        entry.author.map(|a| words.number(conn, a)).transpose()?,
        words.number(conn, entry.table)?,
        op_number(entry.op)?,
        RowId::of(entry.row_id),
        text(entry.fields)?,
        entry.prev.map(text).transpose()?,
        last,
    ])?;
    Ok(())
}

/// Migration 22's step: the hash of each logged change's row, for the
/// changes logged before it.
pub(crate) fn hash_hot_rows(conn: &Connection) -> Result<()> {
    let rows: Vec<(i64, Result<RowId>)> = {
        let mut stmt = conn.prepare("SELECT seq, row_id FROM change_log WHERE row_hash IS NULL")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, read::row_id(r.get_ref(1)?))))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut update = conn.prepare("UPDATE change_log SET row_hash = ?1 WHERE seq = ?2")?;
    for (seq, row_id) in rows {
        update.execute(rusqlite::params![cold::row_hash(&row_id?.text()), seq])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_canonical_uuids_are_packed_and_they_unpack_to_the_same_text() {
        let id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
        let packed = super::pack_uuid(id).unwrap();
        assert_eq!(super::unpack_uuid(&packed).unwrap(), id);
        for other in [
            "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D",
            "0a1b2c3d4e5f4a6b8c7d9e0f1a2b3c4d",
            "bench-fa-1",
            "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4g",
            "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4dx",
            "",
        ] {
            assert!(super::pack_uuid(other).is_none(), "{other}");
        }
    }

    #[test]
    fn a_stamp_number_orders_and_prints_as_the_stamp() {
        let replica = steerco_domain::ReplicaId(0x0123_4567_89ab_cdef);
        let a = steerco_domain::Hlc {
            millis: 1_764_000_000_123,
            counter: 0xbeef,
            replica,
        };
        let b = steerco_domain::Hlc {
            counter: 0xbef0,
            ..a
        };
        let (na, nb) = (
            super::stamp_number(a).unwrap(),
            super::stamp_number(b).unwrap(),
        );
        assert!(na < nb);
        assert_eq!(super::stamp_text(na, &replica.to_string()), a.to_string());
        let zero = steerco_domain::Hlc::zero(replica);
        let n = super::stamp_number(zero).unwrap();
        assert_eq!(super::stamp_text(n, &replica.to_string()), zero.to_string());
    }
}
