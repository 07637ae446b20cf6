//! Reading the log back in the named form every reader knows
//! ([`ChangeRecord`]): dictionary numbers become words again, packed row ids
//! their text, `[stamp, replica]` pairs stamps.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, Params};
use serde_json::{Map, Value as Json};

use super::{op_name, row_key, stamp_text, unpack_uuid, Words, COLUMNS};
use crate::error::{Entity, Result, StoreError};
use crate::merge::ChangeRecord;

/// The logged changes `filter` (the rest of the statement after `FROM
/// change_log`) selects, with the seq of each.
pub(crate) fn query<P: Params>(
    conn: &Connection,
    words: &mut Words,
    filter: &str,
    params: P,
) -> Result<Vec<(i64, ChangeRecord)>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM change_log {filter}"))?;
    let mut rows = stmt.query(params)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(record(conn, words, r)?);
    }
    Ok(out)
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
    let filter = "WHERE row_id = ?1 AND tbl = ?2 ORDER BY seq";
    let params = rusqlite::params![row_key(row_id), table];
    let mut changes: Vec<ChangeRecord> = query(conn, words, filter, params)?
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    changes.sort_by(|a, b| a.hlc.cmp(&b.hlc));
    Ok(changes)
}

/// One row of [`COLUMNS`] as its record.
pub(crate) fn record(
    conn: &Connection,
    words: &mut Words,
    r: &rusqlite::Row<'_>,
) -> Result<(i64, ChangeRecord)> {
    let damaged = |what: &str| StoreError::NotFound {
        kind: Entity::Row,
        key: format!("change_log/{what}"),
    };
    let seq: i64 = r.get(0)?;
    let at: i64 = r.get(1)?;
    let hlc = stamp_text(at, words.word(conn, r.get(2)?)?);
    let author_id = match r.get::<_, Option<i64>>(3)? {
        Some(n) => Some(words.word(conn, n)?.to_string()),
        None => None,
    };
    let tbl = words.word(conn, r.get(4)?)?.to_string();
    let op = op_name(r.get(5)?).ok_or_else(|| damaged("op"))?.to_string();
    let row_id = match r.get_ref(6)? {
        ValueRef::Blob(b) => unpack_uuid(b).ok_or_else(|| damaged("row_id"))?,
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        _ => return Err(damaged("row_id")),
    };
    let fields = named(conn, words, &r.get::<_, String>(7)?, |v, _| Ok(v))?;
    let prev = match r.get::<_, Option<String>>(8)? {
        Some(p) => Some(named(conn, words, &p, |v, words| match v {
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
        seq,
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
