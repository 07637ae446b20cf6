//! What differs between approved minutes and the minutes now, in the terms
//! the Sync view words a minutes conflict with.

use rusqlite::OptionalExtension;
use serde::Serialize;

use super::record::{Entry, Record};
use super::Approved;
use crate::error::Result;
use crate::Store;

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

impl Store {
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
