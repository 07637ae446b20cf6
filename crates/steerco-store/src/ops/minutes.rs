//! The minutes as recorded, and what an approval covers.
//!
//! An approval records a hash of the minutes as the meeting recorded them:
//! the meeting (title, time, length, place), the attendance, the agenda in
//! its order and each item's outcomes (kind, text, and for an action its
//! owner and due date as decided). Left out is what the minutes only start
//! and what moves on after them: a task's progress, its owner and due date
//! as they are changed later, a decision's status in the register (a later
//! meeting may supersede it), the follow-up list of other meetings' actions.
//! People, initiatives and rows are named by id, so renaming a person is not
//! a change to the minutes either.
//!
//! The hash is `v2:` and the hex SHA-256 of that record as canonical JSON
//! (keys sorted, no spaces), computed by each replica from its own data. The
//! record itself travels with the approval's `meeting_event`, so every
//! replica can tell what changed and put the approved minutes back.
//!
//! Approvals made before (an unprefixed "v1" hash of the meeting view, task
//! states and current owners included) stay as they were synced: each replica
//! converts one locally, once, to the v2 hash of the minutes as they stood at
//! the approval (rebuilt from the change log, never with a later edit) and
//! keeps that in `local_setting`. See ARCHITECTURE.md ("approved minutes").

use std::collections::{BTreeMap, HashMap};

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};
use sha2::{Digest, Sha256};

use crate::conflict::{Conflict, Resolution, MINUTES, TABLE};
use crate::error::{Result, StoreError};
use crate::refusal::Refusal;
use crate::{order_key, RowChange, Store};

/// The version prefix of a minutes hash.
pub const HASH_PREFIX: &str = "v2:";

/// The minutes as recorded (the content an approval covers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Record {
    meeting: Header,
    attendance: Vec<Attendee>,
    items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Header {
    title: String,
    starts_at: String,
    duration_min: i64,
    location: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Attendee {
    id: String,
    person_id: String,
    status: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Item {
    id: String,
    title: String,
    presenter: Option<String>,
    duration_min: Option<i64>,
    initiative_id: Option<String>,
    closed: bool,
    kind: String,
    outcomes: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Entry {
    id: String,
    kind: String,
    text: String,
    /// For an action: the owner and due date as decided.
    owner_id: Option<String>,
    due_date: Option<String>,
}

/// One difference between approved minutes and the minutes now, as the Sync
/// view words it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct MinutesChange {
    /// What changed: `meeting`, `agenda` (the order), `item`, `attendance`,
    /// or an outcome by its kind (`note`, `decision`, `action`).
    pub part: String,
    /// How people name it: an item's title, an outcome's text (cut), a
    /// person's name; none for the meeting and the agenda's order.
    pub name: Option<String>,
    /// The field (`title`, `text`, `owner`, `due`, `status`, ...), or
    /// `added`, `removed`, `order`.
    pub field: String,
    pub approved: Option<String>,
    pub now: Option<String>,
}

/// The approval in force on a meeting: the stamp of its hash, the hash in
/// v2 form, and the approved record when this replica holds it.
pub(crate) struct Approved {
    pub stamp: String,
    pub hash: String,
    pub record: Option<Record>,
}

/// Where the approval a minutes conflict names stands on this replica.
pub(crate) enum Standing {
    /// It is the approval in force.
    InForce(Approved),
    /// A later state move (a reopen, a new approval) replaced it.
    Replaced,
    /// It has not arrived here yet (the conflict record came first, from a
    /// replica that had it): nothing to decide about it yet.
    NotHere,
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

fn hex(bytes: &[u8]) -> String {
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
enum At<'a> {
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

fn settle(conflict: &str, resolution: &str, at: String, by: Option<String>) -> RowChange {
    let mut change = RowChange::update(TABLE, conflict.to_string())
        .set("resolved", 1)
        .set("resolution", resolution)
        .set("resolved_at", at);
    if let Some(person) = by {
        change = change.set("resolved_by", person);
    }
    change
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
                let mut stmt = self.conn().prepare_cached(
                    "SELECT hlc, op, fields FROM change
                     WHERE row_id = ?1 AND tbl = ?2 AND hlc <= ?3 ORDER BY hlc",
                )?;
                for id in ids {
                    let mut row: Option<Row> = None;
                    let mut deleted = false;
                    let mut changes = stmt.query(rusqlite::params![id, table, stamp])?;
                    while let Some(r) = changes.next()? {
                        let hlc: String = r.get(0)?;
                        let op: String = r.get(1)?;
                        let set: Map<String, Json> = serde_json::from_str(&r.get::<_, String>(2)?)?;
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

    fn minutes_record_at(&self, meeting: &str, at: At) -> Result<Record> {
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

    /// The hash approvals recorded before schema 10: SHA-256 of the meeting
    /// view's attendance and items (task states and owners included). Kept
    /// only to recognise minutes unchanged since such an approval.
    fn minutes_hash_v1(&self, meeting: &str) -> Result<String> {
        let view = self.meeting(meeting)?;
        let bytes = serde_json::to_vec(&(&view.attendance, &view.items))?;
        Ok(hex(&Sha256::digest(&bytes)))
    }

    /// A v1 approval converted to v2 on this replica (and kept, so later
    /// arrivals cannot move what counts as approved): when the minutes still
    /// give the v1 hash they are the approved ones; otherwise the minutes as
    /// the log had them at the approval's stamp, so nothing edited after the
    /// approval is taken as approved.
    fn convert_v1(&self, meeting: &str, v1: &str, stamp: &str) -> Result<(String, Record)> {
        let key = format!("minutes.v1.{meeting}");
        if let Some(kept) = self.local_setting(&key)? {
            let kept: Json = serde_json::from_str(&kept)?;
            if kept["v1"] == v1 && kept["stamp"] == stamp {
                if let Some(Ok(record)) =
                    kept["minutes"].as_str().map(serde_json::from_str::<Record>)
                {
                    return Ok((hash_of_text(&record_text(&record)?), record));
                }
            }
        }
        let record = if self.minutes_hash_v1(meeting)? == v1 {
            self.minutes_record(meeting)?
        } else {
            self.minutes_record_at(meeting, At::AsOf(stamp))?
        };
        let text = record_text(&record)?;
        let kept = serde_json::json!({ "v1": v1, "stamp": stamp, "minutes": text });
        self.set_local(&key, &kept.to_string())?;
        Ok((hash_of_text(&text), record))
    }

    /// The approval in force on a meeting, if it is approved.
    pub(crate) fn approved_minutes(&self, meeting: &str) -> Result<Option<Approved>> {
        let row: Option<(String, Option<String>, Option<String>, String)> = self
            .conn()
            .query_row(
                "SELECT state, minutes_hash, json_extract(clock, '$.minutes_hash'), stamp
                 FROM meeting WHERE id = ?1",
                [meeting],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((state, Some(hash), clock, stamp)) = row else {
            return Ok(None);
        };
        if state != "approved" {
            return Ok(None);
        }
        let stamp = clock.unwrap_or(stamp);
        if !hash.starts_with(HASH_PREFIX) {
            let (hash, record) = self.convert_v1(meeting, &hash, &stamp)?;
            return Ok(Some(Approved {
                stamp,
                hash,
                record: Some(record),
            }));
        }
        // The record is kept with the approval's event; of two approvals
        // made at once, the one whose hash is in force counts.
        let texts: Vec<String> = self
            .conn()
            .prepare_cached(
                "SELECT minutes FROM meeting_event
                 WHERE meeting_id = ?1 AND to_state = 'approved' AND minutes IS NOT NULL",
            )?
            .query_map([meeting], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let record = texts
            .iter()
            .find(|t| hash_of_text(t) == hash)
            .map(|t| serde_json::from_str(t))
            .transpose()?;
        Ok(Some(Approved {
            stamp,
            hash,
            record,
        }))
    }

    /// Where the approval stamped `approval` stands on this replica. Only a
    /// state move stamped after it counts as replacing it, so a conflict
    /// record that arrives before the approval it names is not taken for
    /// one about a reopened meeting.
    pub(crate) fn standing(&self, meeting: &str, approval: &str) -> Result<Standing> {
        let state_stamp: Option<String> = self
            .conn()
            .query_row(
                "SELECT coalesce(json_extract(clock, '$.state'), stamp) FROM meeting WHERE id = ?1",
                [meeting],
                |r| r.get(0),
            )
            .optional()?;
        let Some(state_stamp) = state_stamp else {
            return Ok(Standing::NotHere);
        };
        Ok(match self.approved_minutes(meeting)? {
            Some(a) if a.stamp == approval => Standing::InForce(a),
            _ if state_stamp.as_str() > approval => Standing::Replaced,
            _ => Standing::NotHere,
        })
    }

    /// The hash of the approval in force on a meeting, in v2 form (an older
    /// approval's as converted here); None when it is not approved.
    pub fn approved_minutes_hash(&self, meeting: &str) -> Result<Option<String>> {
        let id = self.find_meeting(meeting)?;
        Ok(self.approved_minutes(&id)?.map(|a| a.hash))
    }

    /// Settle the open `meeting.minutes` conflicts that no longer hold: the
    /// approval they were about was reopened or replaced, or the minutes
    /// match it again (they were put back, or the conflict was a false one
    /// raised by a task's progress under the old hash). Through the write
    /// path, so the settlement syncs.
    pub(crate) fn settle_minutes_conflicts(&mut self) -> Result<usize> {
        let open: Vec<(String, String, String)> = self
            .conn()
            .prepare_cached(
                "SELECT id, row_id, winner_hlc FROM conflict
                 WHERE resolved = 0 AND deleted = 0 AND tbl = 'meeting' AND field = ?1",
            )?
            .query_map([MINUTES], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut batch = Vec::new();
        let now = self.now().to_rfc3339();
        for (id, meeting, approval) in open {
            let resolution = match self.standing(&meeting, &approval)? {
                Standing::NotHere => continue,
                Standing::Replaced => "reopened",
                Standing::InForce(a) if self.minutes_hash(&meeting)? == a.hash => "unchanged",
                Standing::InForce(_) => continue,
            };
            batch.push(settle(&id, resolution, now.clone(), None));
        }
        let n = batch.len();
        if n > 0 {
            self.write(batch)?;
        }
        Ok(n)
    }

    /// Row changes that put a meeting's minutes back as `approved` records
    /// them: fields changed since get their approved values, rows added
    /// since are removed (tombstones), the agenda gets its approved order.
    fn restore_minutes(&self, meeting: &str, approved: &Record) -> Result<Vec<RowChange>> {
        let now = self.minutes_record(meeting)?;
        let mut batch = Vec::new();
        let (a, n) = (&approved.meeting, &now.meeting);
        let mut header = RowChange::update("meeting", meeting.to_string());
        if a.title != n.title {
            header = header.set("title", a.title.clone());
        }
        if a.starts_at != n.starts_at {
            header = header.set("starts_at", a.starts_at.clone());
        }
        if a.duration_min != n.duration_min {
            header = header.set("duration_min", a.duration_min);
        }
        if a.location != n.location {
            header = header.set("location", a.location.clone());
        }
        if !header.fields.is_empty() {
            batch.push(header);
        }

        let now_items: HashMap<&str, &Item> =
            now.items.iter().map(|i| (i.id.as_str(), i)).collect();
        let approved_ids: Vec<&str> = approved.items.iter().map(|i| i.id.as_str()).collect();
        let kept_order: Vec<&str> = now
            .items
            .iter()
            .map(|i| i.id.as_str())
            .filter(|id| approved_ids.contains(id))
            .collect();
        let reorder = kept_order != approved_ids;
        let mut last_key: Option<String> = None;
        for item in &approved.items {
            let cur = now_items
                .get(item.id.as_str())
                .ok_or(Refusal::ApprovedMinutesGone)?;
            let mut change = RowChange::update("agenda_item", item.id.clone());
            if reorder {
                // Fresh keys in the approved order: the order is all that counts.
                let key = order_key::between(last_key.as_deref(), None);
                change = change.set("position", key.clone());
                last_key = Some(key);
            }
            if item.title != cur.title {
                change = change.set("title", item.title.clone());
            }
            if item.presenter != cur.presenter {
                change = change.set("presenter", item.presenter.clone());
            }
            if item.duration_min != cur.duration_min {
                change = change.set("duration_min", item.duration_min);
            }
            if item.initiative_id != cur.initiative_id {
                change = change.set("initiative_id", item.initiative_id.clone());
            }
            if item.closed != cur.closed {
                change = change.set("closed", item.closed);
            }
            if item.kind != cur.kind {
                change = change.set("kind", item.kind.clone());
            }
            if !change.fields.is_empty() {
                batch.push(change);
            }
        }

        let entries = |r: &Record| -> BTreeMap<String, (String, Entry)> {
            r.items
                .iter()
                .flat_map(|i| {
                    i.outcomes
                        .iter()
                        .map(|o| (o.id.clone(), (i.id.clone(), o.clone())))
                })
                .collect()
        };
        let (was, is) = (entries(approved), entries(&now));
        for (id, (item, entry)) in &was {
            let (cur_item, cur) = is.get(id).ok_or(Refusal::ApprovedMinutesGone)?;
            let mut change = RowChange::update("outcome", id.clone());
            if item != cur_item {
                change = change.set("agenda_item_id", item.clone());
            }
            if entry.kind != cur.kind {
                change = change.set("kind", entry.kind.clone());
            }
            if entry.text != cur.text {
                change = change.set("text", entry.text.clone());
            }
            // The minutes' owner and due date; the task keeps its own.
            if entry.owner_id != cur.owner_id {
                change = change.set("decided_owner_id", entry.owner_id.clone());
            }
            if entry.due_date != cur.due_date {
                change = change.set("decided_due_date", entry.due_date.clone());
            }
            if !change.fields.is_empty() {
                batch.push(change);
            }
        }
        for id in is.keys().filter(|id| !was.contains_key(*id)) {
            batch.push(RowChange::delete("outcome", id.clone()));
        }
        for item in now
            .items
            .iter()
            .filter(|i| !approved_ids.contains(&i.id.as_str()))
        {
            batch.push(RowChange::delete("agenda_item", item.id.clone()));
        }

        let now_people: HashMap<&str, &Attendee> =
            now.attendance.iter().map(|a| (a.id.as_str(), a)).collect();
        for a in &approved.attendance {
            let cur = now_people
                .get(a.id.as_str())
                .ok_or(Refusal::ApprovedMinutesGone)?;
            if a.status != cur.status {
                batch.push(
                    RowChange::update("attendance", a.id.clone()).set("status", a.status.clone()),
                );
            }
        }
        for a in &now.attendance {
            if !approved.attendance.iter().any(|x| x.id == a.id) {
                batch.push(RowChange::delete("attendance", a.id.clone()));
            }
        }
        Ok(batch)
    }

    /// Settle a conflict about approved minutes changed after the approval.
    /// Keep the approved minutes: the late change is undone by a new change
    /// (no reopen). Accept the change: only by reopening the meeting and
    /// approving it again, which settles the conflict by itself.
    pub(crate) fn resolve_minutes_conflict(&mut self, c: &Conflict, how: Resolution) -> Result<()> {
        if c.resolved {
            return Ok(());
        }
        let approved = match self.standing(&c.row_id, &c.winner_hlc)? {
            Standing::InForce(a) => a,
            // The approval it was about no longer stands (the meeting was
            // reopened, or approved again): that reopen settled it.
            Standing::Replaced => {
                let by = self.me().map(str::to_string);
                self.write(vec![settle(&c.id, "reopened", self.now().to_rfc3339(), by)])?;
                return Ok(());
            }
            Standing::NotHere => return Err(Refusal::ApprovedMinutesNotHere.into()),
        };
        match how {
            Resolution::Approved => {
                let record = approved.record.ok_or(Refusal::ApprovedMinutesNotHere)?;
                let mut batch = self.restore_minutes(&c.row_id, &record)?;
                let by = self.me().map(str::to_string);
                batch.push(settle(&c.id, "approved", self.now().to_rfc3339(), by));
                self.write(batch)?;
                // Other conflicts about the same change are settled with it.
                self.settle_minutes_conflicts()?;
                Ok(())
            }
            // Accepting (or keeping "mine" or "theirs", which say nothing
            // here) needs the reopen; the refusal says how.
            _ => Err(Refusal::MinutesChangedAfterApproval.into()),
        }
    }

    /// What differs between the approval a minutes conflict is about and
    /// the minutes now (empty when that approval no longer stands or its
    /// record is not here).
    pub(crate) fn minutes_changes(
        &self,
        meeting: &str,
        approval: &str,
    ) -> Result<Vec<MinutesChange>> {
        let Some(Approved {
            stamp,
            record: Some(was),
            ..
        }) = self.approved_minutes(meeting)?
        else {
            return Ok(Vec::new());
        };
        if stamp != approval {
            return Ok(Vec::new());
        }
        let is = self.minutes_record(meeting)?;
        let person = |id: &Option<String>| -> Result<Option<String>> {
            let Some(id) = id else { return Ok(None) };
            Ok(Some(
                self.conn()
                    .query_row("SELECT name FROM person WHERE id = ?1", [id], |r| r.get(0))
                    .optional()?
                    .unwrap_or_else(|| id.clone()),
            ))
        };
        let initiative = |id: &Option<String>| -> Result<Option<String>> {
            let Some(id) = id else { return Ok(None) };
            Ok(Some(
                self.conn()
                    .query_row("SELECT code FROM initiative WHERE id = ?1", [id], |r| {
                        r.get(0)
                    })
                    .optional()?
                    .unwrap_or_else(|| id.clone()),
            ))
        };
        let cut = |s: &str| -> String {
            let mut c: String = s.chars().take(80).collect();
            if c.len() < s.len() {
                c.push('…');
            }
            c
        };
        let mut out = Vec::new();
        let mut change = |part: &str,
                          name: Option<String>,
                          field: &str,
                          a: Option<String>,
                          n: Option<String>| {
            out.push(MinutesChange {
                part: part.to_string(),
                name,
                field: field.to_string(),
                approved: a,
                now: n,
            })
        };
        let (a, n) = (&was.meeting, &is.meeting);
        if a.title != n.title {
            change(
                "meeting",
                None,
                "title",
                Some(a.title.clone()),
                Some(n.title.clone()),
            );
        }
        if a.starts_at != n.starts_at {
            change(
                "meeting",
                None,
                "starts_at",
                Some(a.starts_at.clone()),
                Some(n.starts_at.clone()),
            );
        }
        if a.duration_min != n.duration_min {
            change(
                "meeting",
                None,
                "duration_min",
                Some(a.duration_min.to_string()),
                Some(n.duration_min.to_string()),
            );
        }
        if a.location != n.location {
            change(
                "meeting",
                None,
                "location",
                a.location.clone(),
                n.location.clone(),
            );
        }

        let was_ids: Vec<&str> = was.items.iter().map(|i| i.id.as_str()).collect();
        let is_ids: Vec<&str> = is.items.iter().map(|i| i.id.as_str()).collect();
        for item in &was.items {
            let name = Some(item.title.clone());
            let Some(cur) = is.items.iter().find(|i| i.id == item.id) else {
                change("item", name, "removed", Some(item.title.clone()), None);
                continue;
            };
            if item.title != cur.title {
                change(
                    "item",
                    name.clone(),
                    "title",
                    Some(item.title.clone()),
                    Some(cur.title.clone()),
                );
            }
            if item.presenter != cur.presenter {
                change(
                    "item",
                    name.clone(),
                    "presenter",
                    item.presenter.clone(),
                    cur.presenter.clone(),
                );
            }
            if item.duration_min != cur.duration_min {
                change(
                    "item",
                    name.clone(),
                    "duration_min",
                    item.duration_min.map(|d| d.to_string()),
                    cur.duration_min.map(|d| d.to_string()),
                );
            }
            if item.initiative_id != cur.initiative_id {
                change(
                    "item",
                    name.clone(),
                    "initiative",
                    initiative(&item.initiative_id)?,
                    initiative(&cur.initiative_id)?,
                );
            }
            if item.closed != cur.closed {
                change(
                    "item",
                    name.clone(),
                    "closed",
                    Some(item.closed.to_string()),
                    Some(cur.closed.to_string()),
                );
            }
        }
        for item in is
            .items
            .iter()
            .filter(|i| !was_ids.contains(&i.id.as_str()))
        {
            change(
                "item",
                Some(item.title.clone()),
                "added",
                None,
                Some(item.title.clone()),
            );
        }
        let kept: Vec<&str> = is_ids
            .iter()
            .copied()
            .filter(|id| was_ids.contains(id))
            .collect();
        let stayed: Vec<&str> = was_ids
            .iter()
            .copied()
            .filter(|id| is_ids.contains(id))
            .collect();
        if kept != stayed {
            change("agenda", None, "order", None, None);
        }

        let entries = |r: &Record| -> Vec<(String, Entry)> {
            r.items
                .iter()
                .flat_map(|i| i.outcomes.iter().map(|o| (i.title.clone(), o.clone())))
                .collect()
        };
        let (was_o, is_o) = (entries(&was), entries(&is));
        for (item, e) in &was_o {
            let name = Some(cut(&e.text));
            let Some((cur_item, cur)) = is_o.iter().find(|(_, o)| o.id == e.id) else {
                change(&e.kind, name, "removed", Some(e.text.clone()), None);
                continue;
            };
            if e.text != cur.text {
                change(
                    &e.kind,
                    name.clone(),
                    "text",
                    Some(e.text.clone()),
                    Some(cur.text.clone()),
                );
            }
            if e.kind != cur.kind {
                change(
                    &e.kind,
                    name.clone(),
                    "kind",
                    Some(e.kind.clone()),
                    Some(cur.kind.clone()),
                );
            }
            if item != cur_item {
                change(
                    &e.kind,
                    name.clone(),
                    "item",
                    Some(item.clone()),
                    Some(cur_item.clone()),
                );
            }
            if e.owner_id != cur.owner_id {
                change(
                    &e.kind,
                    name.clone(),
                    "owner",
                    person(&e.owner_id)?,
                    person(&cur.owner_id)?,
                );
            }
            if e.due_date != cur.due_date {
                change(
                    &e.kind,
                    name.clone(),
                    "due",
                    e.due_date.clone(),
                    cur.due_date.clone(),
                );
            }
        }
        for (_, o) in is_o
            .iter()
            .filter(|(_, o)| !was_o.iter().any(|(_, e)| e.id == o.id))
        {
            change(
                &o.kind,
                Some(cut(&o.text)),
                "added",
                None,
                Some(o.text.clone()),
            );
        }

        for a in &was.attendance {
            let name = person(&Some(a.person_id.clone()))?;
            match is.attendance.iter().find(|x| x.id == a.id) {
                None => change("attendance", name, "removed", Some(a.status.clone()), None),
                Some(cur) if cur.status != a.status => change(
                    "attendance",
                    name,
                    "status",
                    Some(a.status.clone()),
                    Some(cur.status.clone()),
                ),
                Some(_) => {}
            }
        }
        for a in is
            .attendance
            .iter()
            .filter(|x| !was.attendance.iter().any(|a| a.id == x.id))
        {
            let name = person(&Some(a.person_id.clone()))?;
            change("attendance", name, "added", None, Some(a.status.clone()));
        }
        Ok(out)
    }
}

/// The upgrade step run when a workspace opens: approvals recorded with a v1
/// hash are converted on this replica (from the log as of each approval),
/// then the false "minutes changed" conflicts the v1 hash raised (a task's
/// progress, a reassignment) are settled through the write path.
pub(crate) fn upgrade_approvals(store: &mut Store) -> Result<()> {
    let old: Vec<String> = store
        .conn()
        .prepare(
            "SELECT id FROM meeting WHERE state = 'approved' AND deleted = 0
               AND minutes_hash IS NOT NULL AND minutes_hash NOT LIKE 'v2:%'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for meeting in old {
        store.approved_minutes(&meeting)?;
    }
    store.settle_minutes_conflicts()?;
    Ok(())
}
