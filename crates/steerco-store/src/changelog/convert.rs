//! Migration 17's step in Rust: the log of schema 16 (every change as text,
//! in `change_v16` once the migration's SQL has renamed it) rewritten in the
//! compact encoding through the same encoder the write path uses, keeping
//! each change's seq (sync cursors count in it).

use rusqlite::Connection;
use serde_json::{Map, Value as Json};
use steerco_domain::Hlc;

use super::{encode_fields, encode_prev, insert_v17, Entry, Words};
use crate::error::Result;

pub(crate) fn convert_v16(conn: &Connection) -> Result<()> {
    let mut words = Words::default();
    let (mut fields_buf, mut prev_buf) = (Vec::new(), Vec::new());
    let mut stmt = conn.prepare(
        "SELECT seq, hlc, author_id, tbl, row_id, op, fields, prev FROM change_v16 ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let hlc = Hlc::parse(&r.get::<_, String>(1)?)?;
        let author: Option<String> = r.get(2)?;
        let (table, row_id, op): (String, String, String) = (r.get(3)?, r.get(4)?, r.get(5)?);
        let fields: Map<String, Json> = serde_json::from_str(&r.get::<_, String>(6)?)?;
        let prev: Option<Map<String, Json>> = r
            .get::<_, Option<String>>(7)?
            .map(|p| serde_json::from_str(&p))
            .transpose()?;
        encode_fields(conn, &mut words, &fields, &mut fields_buf)?;
        let prev = match &prev {
            Some(prev) => Some(encode_prev(conn, &mut words, prev, &mut prev_buf)?),
            None => None,
        };
        let entry = Entry {
            hlc,
            author: author.as_deref(),
            table: &table,
            row_id: &row_id,
            op: &op,
            fields: &fields_buf,
            prev,
        };
        insert_v17(conn, &mut words, seq, &entry)?;
    }
    drop(rows);
    drop(stmt);
    conn.execute_batch("DROP TABLE change_v16")?;
    Ok(())
}
