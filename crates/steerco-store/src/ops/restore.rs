//! Undo of a delete, for every kind of row the app deletes: a restore
//! through the write path (`RowChange::restore`), a change of its own that
//! syncs and merges like any edit, so the history keeps the delete and the
//! undo. Rows a delete took with it in the same batch (an agenda item's
//! outcomes, a committee's memberships, cover rows, backlog and tasks of its
//! own) come back with it.

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use steerco_domain::Hlc;

use crate::error::{Result, StoreError};
use crate::refusal::{Entity, MinutesPart, Refusal};
use crate::{RowChange, Store};

/// What can be restored after a delete. The word names the kind (a task is
/// an outcome of kind action, in the outcome table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Restorable {
    AgendaItem,
    Outcome,
    Member,
    Committee,
    Milestone,
    Topic,
    Task,
    Attachment,
}

impl Restorable {
    /// The synced table its rows live in.
    pub const fn table(self) -> &'static str {
        match self {
            Restorable::AgendaItem => "agenda_item",
            Restorable::Outcome | Restorable::Task => "outcome",
            Restorable::Member => "committee_member",
            Restorable::Committee => "committee",
            Restorable::Milestone => "milestone",
            Restorable::Topic => "topic",
            Restorable::Attachment => "attachment",
        }
    }

    /// What a lookup that finds nothing names.
    pub const fn entity(self) -> Entity {
        match self {
            Restorable::AgendaItem => Entity::AgendaItem,
            Restorable::Outcome => Entity::Outcome,
            Restorable::Member => Entity::Member,
            Restorable::Committee => Entity::Committee,
            Restorable::Milestone => Entity::Milestone,
            Restorable::Topic => Entity::Topic,
            Restorable::Task => Entity::Task,
            Restorable::Attachment => Entity::Attachment,
        }
    }

    /// What a row of this kind belongs to (its column, that table, what a
    /// lookup names): restored under a deleted one it would be nowhere to
    /// be seen, so the undo waits for that one's. A committee's parent is
    /// optional: one whose parent is gone stands on its own, as the list
    /// shows it.
    const fn parents(self) -> &'static [(&'static str, &'static str, Entity)] {
        match self {
            Restorable::AgendaItem => &[("meeting_id", "meeting", Entity::Meeting)],
            Restorable::Outcome | Restorable::Task => &[
                ("meeting_id", "meeting", Entity::Meeting),
                ("agenda_item_id", "agenda_item", Entity::AgendaItem),
                ("board_committee_id", "committee", Entity::Committee),
            ],
            Restorable::Member | Restorable::Topic => {
                &[("committee_id", "committee", Entity::Committee)]
            }
            Restorable::Milestone => &[("initiative_id", "initiative", Entity::Initiative)],
            Restorable::Committee => &[],
            Restorable::Attachment => &[("agenda_item_id", "agenda_item", Entity::AgendaItem)],
        }
    }
}

impl std::fmt::Display for Restorable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The English the CLI prints; the app words it from the code.
        f.write_str(match self {
            Restorable::AgendaItem => "agenda item",
            Restorable::Outcome => "outcome",
            Restorable::Member => "member",
            Restorable::Committee => "committee",
            Restorable::Milestone => "milestone",
            Restorable::Topic => "topic",
            Restorable::Task => "task",
            Restorable::Attachment => "attachment",
        })
    }
}

impl Store {
    /// Undo the delete of `what` with id (or unique prefix of 6+) `key`:
    /// refused unless it is deleted; an agenda item or outcome of minutes
    /// that cannot change (approved) is refused like an edit.
    pub fn restore(&mut self, what: Restorable, key: &str) -> Result<()> {
        let id = self.find_tombstone(what, key)?;
        let table = what.table();
        for (column, parent, kind) in what.parents() {
            let of: Option<String> = self.conn().query_row(
                &format!("SELECT {column} FROM {table} WHERE id = ?1"),
                [&id],
                |r| r.get(0),
            )?;
            match of {
                Some(of) if !self.is_live(parent, &of)? => {
                    return Err(StoreError::NotFound {
                        kind: *kind,
                        key: of,
                    })
                }
                _ => {}
            }
        }
        let mut batch = vec![RowChange::restore(table, id.clone())];
        match what {
            Restorable::AgendaItem => {
                let meeting: String = self.conn().query_row(
                    "SELECT meeting_id FROM agenda_item WHERE id = ?1",
                    [&id],
                    |r| r.get(0),
                )?;
                self.check_editable(&meeting, MinutesPart::Agenda)?;
                for (t, child) in self.deleted_with(table, &id, &[("outcome", "agenda_item_id")])? {
                    batch.push(RowChange::restore(t, child));
                }
            }
            Restorable::Outcome | Restorable::Task => {
                let meeting: Option<String> = self.conn().query_row(
                    "SELECT meeting_id FROM outcome WHERE id = ?1",
                    [&id],
                    |r| r.get(0),
                )?;
                if let Some(meeting) = meeting {
                    self.check_editable(&meeting, MinutesPart::Minutes)?;
                }
                // A restored decision supersedes again what it named.
                let supersedes: Option<String> = self
                    .conn()
                    .query_row(
                        "SELECT supersedes_id FROM outcome WHERE id = ?1 AND kind = 'decision'",
                        [&id],
                        |r| r.get(0),
                    )
                    .optional()?
                    .flatten();
                if let Some(old) = supersedes {
                    if self.is_live("outcome", &old)? {
                        batch.push(RowChange::update("outcome", old).set(
                            "decision_status",
                            steerco_domain::DecisionStatus::Superseded,
                        ));
                    }
                }
            }
            Restorable::Committee => {
                let name: String = self.conn().query_row(
                    "SELECT name FROM committee WHERE id = ?1",
                    [&id],
                    |r| r.get(0),
                )?;
                if self.find_committee(&name).is_ok() {
                    return Err(Refusal::CommitteeExists { name }.into());
                }
                let parts = crate::ops::committee::COMMITTEE_PARTS;
                for (t, child) in self.deleted_with(table, &id, &parts)? {
                    batch.push(RowChange::restore(t, child));
                }
            }
            Restorable::Attachment => {
                let meeting = self.attachment_meeting(&id)?;
                self.check_papers(&meeting)?;
            }
            Restorable::Member | Restorable::Milestone | Restorable::Topic => {}
        }
        self.write(batch)?;
        Ok(())
    }

    pub(crate) fn is_live(&self, table: &str, id: &str) -> Result<bool> {
        Ok(self.deleted_flag(table, id)? == Some(false))
    }

    /// Whether row `id` of `table` is deleted; None when there is no such
    /// row (a row whose id is derived may be new, live or a tombstone).
    pub(crate) fn deleted_flag(&self, table: &str, id: &str) -> Result<Option<bool>> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT deleted FROM {table} WHERE id = ?1"),
                [id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The deleted row `key` names (an id, a unique prefix of 6+, or a
    /// committee's name); a live one is refused as not deleted.
    fn find_tombstone(&self, what: Restorable, key: &str) -> Result<String> {
        let key = key.trim();
        let label = if what == Restorable::Committee {
            "name"
        } else {
            "id"
        };
        let kind = if what == Restorable::Task {
            " AND kind = 'action'"
        } else {
            ""
        };
        // A prefix as a range on the primary key (see `find_by_id`).
        let end = format!("{key}\u{10ffff}");
        let sql = format!(
            "SELECT id, {label}, deleted FROM {} WHERE (id = ?1 OR {label} = ?1
               OR (length(?1) >= 6 AND id >= ?1 AND id < ?2)){kind}",
            what.table()
        );
        let rows: Vec<(String, String, bool)> = self
            .conn()
            .prepare(&sql)?
            .query_map([key, end.as_str()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let deleted: Vec<&(String, String, bool)> = rows.iter().filter(|r| r.2).collect();
        match deleted.as_slice() {
            [(id, _, _)] => Ok(id.clone()),
            [] if !rows.is_empty() => Err(Refusal::NotDeleted { what }.into()),
            [] => Err(StoreError::NotFound {
                kind: what.entity(),
                key: key.to_string(),
            }),
            many => Err(StoreError::Ambiguous {
                what: what.entity(),
                key: key.to_string(),
                candidates: many
                    .iter()
                    .map(|(id, label, _)| format!("{label} ({id})"))
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }

    /// The rows of `children` (table, the column naming the parent) that the
    /// parent's delete took with it. A delete writes the parent first and its
    /// children right after in one batch, so their delete stamps follow the
    /// parent's without a gap (one replica, one millisecond, counters + 1);
    /// children deleted on their own before or since are not among them.
    fn deleted_with(
        &self,
        table: &str,
        id: &str,
        children: &[(&'static str, &'static str)],
    ) -> Result<Vec<(&'static str, String)>> {
        let Some(parent) = self.delete_stamp(table, id)? else {
            return Ok(Vec::new());
        };
        let mut found: Vec<(u16, &'static str, String)> = Vec::new();
        for (child, column) in children {
            let rows: Vec<(String, String, Option<String>)> = self
                .conn()
                .prepare(&format!(
                    "SELECT id, stamp, clock FROM {child} WHERE {column} = ?1 AND deleted = 1"
                ))?
                .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (row, stamp, clock) in rows {
                let Some(h) = deleted_stamp(&stamp, clock.as_deref()) else {
                    continue;
                };
                if h.replica == parent.replica
                    && h.millis == parent.millis
                    && h.counter > parent.counter
                {
                    found.push((h.counter, child, row));
                }
            }
        }
        found.sort();
        let mut next = parent.counter;
        Ok(found
            .into_iter()
            .take_while(|(counter, _, _)| {
                let follows = next.checked_add(1) == Some(*counter);
                next = *counter;
                follows
            })
            .map(|(_, t, row)| (t, row))
            .collect())
    }

    fn delete_stamp(&self, table: &str, id: &str) -> Result<Option<Hlc>> {
        let (stamp, clock): (String, Option<String>) = self.conn().query_row(
            &format!("SELECT stamp, clock FROM {table} WHERE id = ?1"),
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(deleted_stamp(&stamp, clock.as_deref()))
    }
}

/// The stamp of a row's `deleted` flag: its field clock, else the insert.
fn deleted_stamp(stamp: &str, clock: Option<&str>) -> Option<Hlc> {
    let clock: Option<serde_json::Value> = clock.and_then(|c| serde_json::from_str(c).ok());
    let text = clock
        .as_ref()
        .and_then(|c| c.get("deleted"))
        .and_then(|v| v.as_str())
        .unwrap_or(stamp);
    Hlc::parse(text).ok()
}
