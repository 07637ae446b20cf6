//! Change history read from the log: who changed what, when.

use rusqlite::params;
use serde::Serialize;
use serde_json::{Map, Value as Json};
use steerco_domain::Hlc;

use crate::error::Result;
use crate::Store;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct HistoryEntry {
    pub hlc: String,
    /// Wall time of the stamp, RFC 3339.
    pub at: String,
    pub replica: String,
    pub author: Option<String>,
    pub table: String,
    pub row_id: String,
    pub op: String,
    #[ts(type = "Record<string, unknown>")]
    pub fields: Map<String, Json>,
    /// For each field, the stamp of the value it replaced (absent on inserts).
    #[ts(type = "Record<string, string> | null")]
    pub prev: Option<Map<String, Json>>,
}

/// One field's change, as the `field_change` view lists it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FieldChange {
    pub hlc: String,
    pub replica: String,
    pub author_id: Option<String>,
    pub value: Json,
    pub prev_hlc: Option<String>,
}

fn stamp_time(hlc: &str) -> String {
    Hlc::parse(hlc)
        .ok()
        .and_then(|h| chrono::DateTime::from_timestamp_millis(h.millis))
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

impl Store {
    /// The changes of an initiative and of the rows that belong to it, newest first.
    pub fn initiative_history(&self, initiative_id: &str) -> Result<Vec<HistoryEntry>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.hlc, c.author_id, p.name, c.tbl, c.row_id, c.op, c.fields, c.prev
             FROM change c LEFT JOIN person p ON p.id = c.author_id
             WHERE (c.tbl = 'initiative' AND c.row_id = ?1)
                OR (c.tbl = 'status_update' AND c.row_id IN
                        (SELECT id FROM status_update WHERE initiative_id = ?1))
                OR (c.tbl = 'milestone' AND c.row_id IN
                        (SELECT id FROM milestone WHERE initiative_id = ?1))
                OR (c.tbl = 'initiative_year' AND c.row_id IN
                        (SELECT id FROM initiative_year WHERE initiative_id = ?1))
             ORDER BY c.hlc DESC",
        )?;
        let rows = stmt.query_map(params![initiative_id], |r| {
            let hlc: String = r.get(0)?;
            let fields: String = r.get(6)?;
            let prev: Option<String> = r.get(7)?;
            Ok(HistoryEntry {
                at: stamp_time(&hlc),
                replica: hlc.get(19..).unwrap_or_default().to_string(),
                author: r.get::<_, Option<String>>(2)?.or(r.get(1)?),
                table: r.get(3)?,
                row_id: r.get(4)?,
                op: r.get(5)?,
                fields: serde_json::from_str(&fields).unwrap_or_default(),
                prev: prev.and_then(|p| serde_json::from_str(&p).ok()),
                hlc,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every logged change of one field of one row, oldest first.
    pub fn field_history(
        &self,
        table: &str,
        row_id: &str,
        field: &str,
    ) -> Result<Vec<FieldChange>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT hlc, replica, author_id, value, value_type, prev_hlc FROM field_change
             WHERE tbl = ?1 AND row_id = ?2 AND field = ?3 ORDER BY hlc",
        )?;
        let rows = stmt.query_map(params![table, row_id, field], |r| {
            let kind: String = r.get(4)?;
            let value = match kind.as_str() {
                "null" => Json::Null,
                "integer" => Json::from(r.get::<_, i64>(3)?),
                "real" => Json::from(r.get::<_, f64>(3)?),
                _ => Json::from(r.get::<_, String>(3)?),
            };
            Ok(FieldChange {
                hlc: r.get(0)?,
                replica: r.get(1)?,
                author_id: r.get(2)?,
                value,
                prev_hlc: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The stamp of a field's current value (None if never set).
    pub fn field_stamp(&self, table: &str, row_id: &str, field: &str) -> Result<Option<String>> {
        crate::write::field_stamp(self.conn(), table, row_id, field)
    }
}
