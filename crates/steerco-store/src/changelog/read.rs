//! Reading the log back in the named form every reader knows
//! ([`ChangeRecord`]): dictionary numbers become words again, packed row ids
//! their text, `[stamp, replica]` pairs stamps. The log is `change_log` and
//! the compressed blocks of old history (`cold.rs`); every reader here reads
//! both, in one read transaction.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Params};
use serde_json::{Map, Value as Json};

use super::cold::{self, Blocks};
use super::{op_name, stamp_text, unpack_uuid, RowId, Words, COLUMNS};
use crate::error::{Entity, Result, StoreError};
use crate::merge::ChangeRecord;

/// One logged change as stored: numbers not yet named, fields and prev as
/// their JSON text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Raw {
    pub seq: i64,
    pub at: i64,
    pub replica: i64,
    pub author: Option<i64>,
    pub tbl: i64,
    pub op: i64,
    pub row_id: RowId,
    pub fields: String,
    pub prev: Option<String>,
}

fn damaged(what: &str) -> StoreError {
    StoreError::NotFound {
        kind: Entity::Row,
        key: format!("change_log/{what}"),
    }
}

/// Run `read` in one read transaction (a savepoint, nested in the caller's
/// transaction if there is one): a compaction by another process between
/// reading the blocks and `change_log` would otherwise show a change twice
/// or not at all.
fn consistent<T>(conn: &Connection, read: impl FnOnce() -> Result<T>) -> Result<T> {
    if !conn.is_autocommit() {
        return read();
    }
    conn.execute_batch("SAVEPOINT log_read")?;
    let out = read();
    conn.execute_batch("RELEASE log_read")?;
    out
}

/// The uncompressed changes `filter` (the rest of the statement after `FROM
/// change_log`) selects.
pub(crate) fn hot<P: Params>(conn: &Connection, filter: &str, params: P) -> Result<Vec<Raw>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM change_log {filter}"))?;
    let mut rows = stmt.query(params)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(Raw {
            seq: r.get(0)?,
            at: r.get(1)?,
            replica: r.get(2)?,
            author: r.get(3)?,
            tbl: r.get(4)?,
            op: r.get(5)?,
            row_id: row_id(r.get_ref(6)?)?,
            fields: r.get(7)?,
            prev: r.get(8)?,
        });
    }
    Ok(out)
}

/// A logged row id as stored (a UUID's 16 bytes or the id's text).
pub(super) fn row_id(value: ValueRef) -> Result<RowId> {
    Ok(match value {
        ValueRef::Blob(b) => RowId::Uuid(b.try_into().map_err(|_| damaged("row_id"))?),
        ValueRef::Text(t) => RowId::Text(String::from_utf8_lossy(t).into_owned()),
        _ => return Err(damaged("row_id")),
    })
}

/// Every logged change of one row (any table), in seq order; `blocks`
/// keeps the blocks read for the next row.
pub(crate) fn row_raw(conn: &Connection, blocks: &mut Blocks, row_id: &str) -> Result<Vec<Raw>> {
    consistent(conn, || {
        let mut out = blocks.row(conn, row_id)?;
        out.extend(hot(
            conn,
            "WHERE row_hash = ?1 AND row_id = ?2 ORDER BY seq",
            rusqlite::params![super::cold::row_hash(row_id), RowId::of(row_id)],
        )?);
        Ok(out)
    })
}

/// Every logged change of one row of `table`, in stamp order (the order
/// history is told in, whatever order the changes arrived in).
pub(crate) fn row_history(
    conn: &Connection,
    words: &mut Words,
    table: &str,
    row_id: &str,
) -> Result<Vec<ChangeRecord>> {
    let Some(table) = words.find(conn, table)? else {
        return Ok(Vec::new());
    };
    let mut changes = Vec::new();
    for raw in row_raw(conn, &mut Blocks::default(), row_id)? {
        if raw.tbl == table {
            changes.push(name(conn, words, raw)?.1);
        }
    }
    changes.sort_by(|a, b| a.hlc.cmp(&b.hlc));
    Ok(changes)
}

/// The changes after `seq` (of `replica` only, when given), oldest first,
/// at most `limit`, with the seq of each.
pub(crate) fn after(
    conn: &Connection,
    words: &mut Words,
    seq: i64,
    replica: Option<i64>,
    limit: usize,
) -> Result<Vec<(i64, ChangeRecord)>> {
    consistent(conn, || {
        let mut out = Vec::new();
        let more = cold_after(conn, seq, replica, |raw| {
            if out.len() == limit {
                return Ok(false);
            }
            out.push(name(conn, words, raw)?);
            Ok(true)
        })?;
        if !more {
            return Ok(out);
        }
        let left = i64::try_from(limit - out.len()).unwrap_or(i64::MAX);
        let hot = match replica {
            Some(n) => hot(
                conn,
                "WHERE seq > ?1 AND replica = ?2 ORDER BY seq LIMIT ?3",
                rusqlite::params![seq, n, left],
            )?,
            None => hot(
                conn,
                "WHERE seq > ?1 ORDER BY seq LIMIT ?2",
                rusqlite::params![seq, left],
            )?,
        };
        for raw in hot {
            out.push(name(conn, words, raw)?);
        }
        Ok(out)
    })
}

/// Hand `each` the compressed changes after `seq` (of `replica` only, when
/// given), oldest first, until it says stop (false: it did).
fn cold_after(
    conn: &Connection,
    seq: i64,
    replica: Option<i64>,
    mut each: impl FnMut(Raw) -> Result<bool>,
) -> Result<bool> {
    for heading in cold::blocks_after(conn, seq)? {
        if replica.is_some_and(|n| !heading.has_replica(n)) {
            continue;
        }
        for raw in cold::block(conn, heading.first_seq)? {
            if raw.seq > seq && replica.is_none_or(|n| raw.replica == n) && !each(raw)? {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// How many changes of `replica` were logged after `seq`.
pub(crate) fn count_after(conn: &Connection, seq: i64, replica: i64) -> Result<i64> {
    consistent(conn, || {
        let mut n: i64 = conn
            .prepare_cached("SELECT count(*) FROM change_log WHERE seq > ?1 AND replica = ?2")?
            .query_row([seq, replica], |r| r.get(0))?;
        cold_after(conn, seq, Some(replica), |_| {
            n += 1;
            Ok(true)
        })?;
        Ok(n)
    })
}

/// How many changes the log holds.
pub(crate) fn count(conn: &Connection) -> Result<i64> {
    consistent(conn, || {
        Ok(conn.query_row(
            "SELECT (SELECT count(*) FROM change_log) +
                    (SELECT coalesce(sum(count), 0) FROM change_block)",
            [],
            |r| r.get(0),
        )?)
    })
}

/// Every (author, replica) pair of the log's changes that name an author,
/// as dictionary numbers.
pub(crate) fn authors(conn: &Connection) -> Result<std::collections::BTreeSet<(i64, i64)>> {
    consistent(conn, || {
        let mut out: std::collections::BTreeSet<(i64, i64)> = conn
            .prepare_cached(
                "SELECT DISTINCT author, replica FROM change_log WHERE author IS NOT NULL",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for heading in cold::blocks_after(conn, i64::MIN)? {
            out.extend(
                heading
                    .writers
                    .iter()
                    .filter_map(|&(a, r, _)| a.map(|a| (a, r))),
            );
        }
        Ok(out)
    })
}

/// The author of the newest change of `replica` that names a person here.
pub(crate) fn newest_author(conn: &Connection, replica: i64) -> Result<Option<i64>> {
    let mut is_person = std::collections::HashMap::new();
    let mut person = |author: i64| -> Result<bool> {
        if let Some(&known) = is_person.get(&author) {
            return Ok(known);
        }
        let found = conn
            .prepare_cached(
                "SELECT 1 FROM change_word a JOIN person p ON p.id = a.word WHERE a.n = ?1",
            )?
            .query_row([author], |_| Ok(()))
            .optional()?
            .is_some();
        is_person.insert(author, found);
        Ok(found)
    };
    consistent(conn, || {
        let hot: Option<i64> = conn
            .prepare_cached(
                "SELECT c.author FROM change_log c
                 JOIN change_word a ON a.n = c.author JOIN person p ON p.id = a.word
                 WHERE c.replica = ?1 ORDER BY c.seq DESC LIMIT 1",
            )?
            .query_row([replica], |r| r.get(0))
            .optional()?;
        if hot.is_some() {
            return Ok(hot);
        }
        let mut blocks = cold::blocks_after(conn, i64::MIN)?;
        blocks.reverse();
        for heading in blocks {
            if !heading
                .writers
                .iter()
                .any(|&(a, r, _)| r == replica && a.is_some())
            {
                continue;
            }
            let records = cold::block(conn, heading.first_seq)?;
            for r in records.iter().rev().filter(|r| r.replica == replica) {
                if let Some(a) = r.author {
                    if person(a)? {
                        return Ok(Some(a));
                    }
                }
            }
        }
        Ok(None)
    })
}

/// The newest stamp (`at`) of `replica`'s logged changes (None: none).
pub(crate) fn newest(conn: &Connection, replica: i64) -> Result<Option<i64>> {
    consistent(conn, || {
        let hot: Option<i64> = conn
            .prepare_cached("SELECT max(at) FROM change_log WHERE replica = ?1")?
            .query_row([replica], |r| r.get(0))?;
        let cold = cold::blocks_after(conn, i64::MIN)?
            .iter()
            .filter_map(|h| h.newest(replica))
            .max();
        Ok(hot.max(cold))
    })
}

/// A stored change as its record, with its seq.
pub(crate) fn name(conn: &Connection, words: &mut Words, raw: Raw) -> Result<(i64, ChangeRecord)> {
    let hlc = stamp_text(raw.at, words.word(conn, raw.replica)?);
    let author_id = match raw.author {
        Some(n) => Some(words.word(conn, n)?.to_string()),
        None => None,
    };
    let tbl = words.word(conn, raw.tbl)?.to_string();
    let op = op_name(raw.op).ok_or_else(|| damaged("op"))?.to_string();
    let row_id = match &raw.row_id {
        RowId::Uuid(b) => unpack_uuid(b).ok_or_else(|| damaged("row_id"))?,
        RowId::Text(t) => t.clone(),
    };
    let fields = named(conn, words, &raw.fields, |v, _| Ok(v))?;
    let prev = match &raw.prev {
        Some(p) => Some(named(conn, words, p, |v, words| match v {
            Json::Array(pair) => match (pair.first().and_then(Json::as_i64), pair.get(1)) {
                (Some(at), Some(Json::Number(n))) => {
                    let replica = n.as_i64().ok_or_else(|| damaged("prev"))?;
                    Ok(Json::from(stamp_text(at, words.word(conn, replica)?)))
                }
                _ => Err(damaged("prev")),
            },
            other => Ok(other),
        })?),
        None => None,
    };
    Ok((
        raw.seq,
        ChangeRecord {
            hlc,
            author_id,
            tbl,
            row_id,
            op,
            fields,
            prev,
        },
    ))
}

/// A JSON object keyed by dictionary numbers, keyed by the words again;
/// `value` turns each stored value into the one the record holds.
fn named(
    conn: &Connection,
    words: &mut Words,
    text: &str,
    mut value: impl FnMut(Json, &mut Words) -> Result<Json>,
) -> Result<Map<String, Json>> {
    let stored: Map<String, Json> = serde_json::from_str(text)?;
    let mut out = Map::new();
    for (key, v) in stored {
        let n: i64 = key.parse().map_err(|_| StoreError::NotFound {
            kind: Entity::Row,
            key: format!("change_word/{key}"),
        })?;
        let word = words.word(conn, n)?.to_string();
        out.insert(word, value(v, words)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::RowChange;

    /// The readers that look only at block headings (who wrote, from which
    /// replica) say the same before and after a compaction.
    #[test]
    fn writers_read_the_same_from_blocks() {
        let (_dir, mut store) = crate::test_store();
        let person = "00000000-0000-4000-8000-00000000000a";
        store
            .write(vec![RowChange::insert("person", person)
                .set("name", "Tester")
                .set("sample", false)])
            .unwrap();
        store.set_me("Tester").unwrap();
        let row = "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b";
        store
            .write(vec![RowChange::insert("focus_area", row)
                .set("number", 1_i64)
                .set("name_da", "A")
                .set("name_en_verified", false)])
            .unwrap();
        let updates = (0..3_000)
            .map(|n| RowChange::update("focus_area", row).set("name_da", format!("N{n}").as_str()))
            .collect();
        store.write(updates).unwrap();
        let conn = store.conn();
        let me = super::Words::default()
            .find(conn, &store.replica().to_string())
            .unwrap()
            .unwrap();
        let read = || {
            (
                super::authors(conn).unwrap(),
                super::newest_author(conn, me).unwrap(),
                super::count_after(conn, 0, me).unwrap(),
                super::count_after(conn, 900, me).unwrap(),
                super::count_after(conn, 0, me + 1_000).unwrap(),
                super::count(conn).unwrap(),
                super::newest(conn, me).unwrap(),
            )
        };
        let before = read();
        assert_eq!(before.0.len(), 1);
        assert!(before.1.is_some());
        assert!(before.6.is_some());
        assert!(store.compact_history().unwrap() > 0);
        assert_eq!(read(), before);
    }
}
