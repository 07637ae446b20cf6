//! The minutes as recorded, as canonical JSON and its hash: read from the
//! tables now, or rebuilt from the change log as of a stamp.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};
use sha2::{Digest, Sha256};

use super::HASH_PREFIX;
use crate::changelog;
use crate::error::{Result, StoreError};
use crate::Store;

/// The minutes as recorded (the content an approval covers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Record {
    pub(super) meeting: Header,
    pub(super) attendance: Vec<Attendee>,
    pub(super) items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Header {
    pub(super) title: String,
    pub(super) starts_at: String,
    pub(super) duration_min: i64,
    pub(super) location: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Attendee {
    pub(super) id: String,
    pub(super) person_id: String,
    pub(super) status: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Item {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) presenter: Option<String>,
    pub(super) duration_min: Option<i64>,
    pub(super) initiative_id: Option<String>,
    pub(super) closed: bool,
    pub(super) kind: String,
    pub(super) outcomes: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Entry {
    pub(super) id: String,
    pub(super) kind: String,
    pub(super) text: String,
    /// For an action: the owner and due date as decided.
    pub(super) owner_id: Option<String>,
    pub(super) due_date: Option<String>,
}

/// JSON with object keys sorted and no spaces: one text per content.
fn canonical(v: &Json, out: &mut String) {
    match v {
        Json::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Json::from(k.as_str()).to_string());
                out.push(':');
                canonical(&m[k], out);
            }
            out.push('}');
        }
        Json::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(x, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn record_text(record: &Record) -> Result<String> {
    let mut out = String::new();
    canonical(&serde_json::to_value(record)?, &mut out);
    Ok(out)
}

pub(crate) fn hash_of_text(text: &str) -> String {
    format!("{HASH_PREFIX}{}", hex(&Sha256::digest(text.as_bytes())))
}

/// One row as the record needs it: id, insert stamp, field values.
struct Row {
    id: String,
    stamp: String,
    f: Map<String, Json>,
}

impl Row {
    fn text(&self, name: &str) -> Option<String> {
        match self.f.get(name)? {
            Json::Null => None,
            Json::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }
    fn int(&self, name: &str) -> Option<i64> {
        match self.f.get(name)? {
            Json::Number(n) => n.as_i64(),
            Json::Bool(b) => Some(i64::from(*b)),
            Json::String(s) => s.parse().ok(),
            _ => None,
        }
    }
}

/// Which state of the data: the tables now, or the log up to a stamp.
#[derive(Clone, Copy)]
pub(super) enum At<'a> {
    Now,
    AsOf(&'a str),
}

const MEETING_FIELDS: &[&str] = &["title", "starts_at", "duration_min", "location"];
const ITEM_FIELDS: &[&str] = &[
    "position",
    "title",
    "presenter",
    "duration_min",
    "initiative_id",
    "closed",
    "kind",
];
const OUTCOME_FIELDS: &[&str] = &[
    "agenda_item_id",
    "kind",
    "text",
    "recorded_at",
    "owner_id",
    "due_date",
    "decided_owner_id",
    "decided_due_date",
];
const ATTENDANCE_FIELDS: &[&str] = &["person_id", "status"];

fn json_of(v: rusqlite::types::ValueRef<'_>) -> Json {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null | ValueRef::Blob(_) => Json::Null,
        ValueRef::Integer(n) => Json::from(n),
        ValueRef::Real(f) => Json::from(f),
        ValueRef::Text(t) => Json::from(String::from_utf8_lossy(t).into_owned()),
    }
}

impl Store {
    /// The live rows of `table` whose `key` column is `value`, as they are
    /// now or as the log had them at a stamp (rows never disappear, so the
    /// table lists every row that ever was; the log says which existed then).
    fn minutes_rows(
        &self,
        table: &str,
        key: &str,
        value: &str,
        fields: &[&str],
        at: At,
    ) -> Result<Vec<Row>> {
        let mut out = Vec::new();
        match at {
            At::Now => {
                let sql = format!(
                    "SELECT id, stamp, {} FROM {table} WHERE {key} = ?1 AND deleted = 0",
                    fields.join(", ")
                );
                let mut stmt = self.conn().prepare_cached(&sql)?;
                let mut rows = stmt.query([value])?;
                while let Some(r) = rows.next()? {
                    let mut f = Map::new();
                    for (i, name) in fields.iter().enumerate() {
                        f.insert((*name).to_string(), json_of(r.get_ref(i + 2)?));
                    }
                    out.push(Row {
                        id: r.get(0)?,
                        stamp: r.get(1)?,
                        f,
                    });
                }
            }
            At::AsOf(stamp) => {
                let ids: Vec<String> = self
                    .conn()
                    .prepare_cached(&format!("SELECT id FROM {table} WHERE {key} = ?1"))?
                    .query_map([value], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                let mut words = changelog::Words::default();
                for id in ids {
                    let mut row: Option<Row> = None;
                    let mut deleted = false;
                    let changes = changelog::row_history(self.conn(), &mut words, table, &id)?;
                    for c in changes.into_iter().filter(|c| c.hlc.as_str() <= stamp) {
                        let (hlc, op, set) = (c.hlc, c.op, c.fields);
                        if op == "insert" && row.is_none() {
                            row = Some(Row {
                                id: id.clone(),
                                stamp: hlc,
                                f: Map::new(),
                            });
                        }
                        let Some(row) = row.as_mut() else { continue };
                        for (name, v) in set {
                            if name == "deleted" {
                                deleted = v.as_i64() == Some(1) || v.as_bool() == Some(true);
                            } else if fields.contains(&name.as_str()) {
                                row.f.insert(name, v);
                            }
                        }
                    }
                    if let Some(row) = row.filter(|_| !deleted) {
                        out.push(row);
                    }
                }
            }
        }
        Ok(out)
    }

    pub(super) fn minutes_record_at(&self, meeting: &str, at: At) -> Result<Record> {
        let header = self
            .minutes_rows("meeting", "id", meeting, MEETING_FIELDS, at)?
            .into_iter()
            .next()
            .ok_or_else(|| StoreError::NotFound {
                kind: crate::refusal::Entity::Meeting,
                key: meeting.to_string(),
            })?;
        let mut items = self.minutes_rows("agenda_item", "meeting_id", meeting, ITEM_FIELDS, at)?;
        items.sort_by(|a, b| (a.text("position"), &a.id).cmp(&(b.text("position"), &b.id)));
        let mut outcomes =
            self.minutes_rows("outcome", "meeting_id", meeting, OUTCOME_FIELDS, at)?;
        outcomes.sort_by(|a, b| {
            (a.text("recorded_at"), &a.stamp, &a.id).cmp(&(b.text("recorded_at"), &b.stamp, &b.id))
        });
        let mut by_item: HashMap<String, Vec<Entry>> = HashMap::new();
        for o in outcomes {
            let Some(item) = o.text("agenda_item_id") else {
                continue;
            };
            by_item.entry(item).or_default().push(Entry {
                kind: o.text("kind").unwrap_or_default(),
                text: o.text("text").unwrap_or_default(),
                // Rows recorded before schema 10 have no decided values:
                // their task's were never changed before it.
                owner_id: o.text("decided_owner_id").or_else(|| o.text("owner_id")),
                due_date: o.text("decided_due_date").or_else(|| o.text("due_date")),
                id: o.id,
            });
        }
        let mut attendance: Vec<Attendee> = self
            .minutes_rows("attendance", "meeting_id", meeting, ATTENDANCE_FIELDS, at)?
            .into_iter()
            .map(|a| Attendee {
                person_id: a.text("person_id").unwrap_or_default(),
                status: a.text("status").unwrap_or_default(),
                id: a.id,
            })
            .collect();
        attendance.sort_by(|a, b| (&a.person_id, &a.id).cmp(&(&b.person_id, &b.id)));
        Ok(Record {
            meeting: Header {
                title: header.text("title").unwrap_or_default(),
                starts_at: header.text("starts_at").unwrap_or_default(),
                duration_min: header.int("duration_min").unwrap_or_default(),
                location: header.text("location"),
            },
            attendance,
            items: items
                .into_iter()
                .map(|i| Item {
                    outcomes: by_item.remove(&i.id).unwrap_or_default(),
                    title: i.text("title").unwrap_or_default(),
                    presenter: i.text("presenter"),
                    duration_min: i.int("duration_min"),
                    initiative_id: i.text("initiative_id"),
                    closed: i.int("closed") == Some(1),
                    kind: i.text("kind").unwrap_or_default(),
                    id: i.id,
                })
                .collect(),
        })
    }

    /// The minutes of a meeting (an id) as recorded now.
    pub(crate) fn minutes_record(&self, meeting: &str) -> Result<Record> {
        self.minutes_record_at(meeting, At::Now)
    }
}
