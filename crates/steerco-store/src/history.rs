//! Change history read from the log: who changed what, when.

use std::collections::HashMap;

use rusqlite::OptionalExtension;
use serde::Serialize;
use serde_json::{Map, Value as Json};
use steerco_domain::Hlc;

use crate::changelog::{self, Words};
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

/// One field's change (what the `field_change` view lists).
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
        let conn = self.conn();
        let mut rows = vec![("initiative", initiative_id.to_string())];
        for table in ["status_update", "milestone", "initiative_year"] {
            let ids = conn
                .prepare_cached(&format!("SELECT id FROM {table} WHERE initiative_id = ?1"))?
                .query_map([initiative_id], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows.extend(ids.into_iter().map(|id| (table, id)));
        }
        let mut words = Words::default();
        let mut names: HashMap<String, Option<String>> = HashMap::new();
        let mut out = Vec::new();
        for (table, id) in rows {
            for c in changelog::row_history(conn, &mut words, table, &id)? {
                let author = match &c.author_id {
                    Some(a) => {
                        if !names.contains_key(a) {
                            let name = conn
                                .prepare_cached("SELECT name FROM person WHERE id = ?1")?
                                .query_row([a], |r| r.get(0))
                                .optional()?;
                            names.insert(a.clone(), name);
                        }
                        names[a].clone().or(Some(a.clone()))
                    }
                    None => None,
                };
                out.push(HistoryEntry {
                    at: stamp_time(&c.hlc),
                    replica: c.hlc.get(19..).unwrap_or_default().to_string(),
                    author,
                    table: c.tbl,
                    row_id: c.row_id,
                    op: c.op,
                    fields: c.fields,
                    prev: c.prev,
                    hlc: c.hlc,
                });
            }
        }
        out.sort_by(|a, b| b.hlc.cmp(&a.hlc));
        Ok(out)
    }

    /// Every logged change of one field of one row, oldest first.
    pub fn field_history(
        &self,
        table: &str,
        row_id: &str,
        field: &str,
    ) -> Result<Vec<FieldChange>> {
        let changes = changelog::row_history(self.conn(), &mut Words::default(), table, row_id)?;
        Ok(changes
            .into_iter()
            .filter_map(|c| {
                let value = c.fields.get(field)?.clone();
                Some(FieldChange {
                    replica: c.hlc.get(19..).unwrap_or_default().to_string(),
                    author_id: c.author_id,
                    value,
                    prev_hlc: c
                        .prev
                        .as_ref()
                        .and_then(|p| p.get(field))
                        .and_then(Json::as_str)
                        .map(str::to_string),
                    hlc: c.hlc,
                })
            })
            .collect())
    }

    /// The stamp of a field's current value (None if never set).
    pub fn field_stamp(&self, table: &str, row_id: &str, field: &str) -> Result<Option<String>> {
        crate::write::field_stamp(self.conn(), table, row_id, field)
    }
}
