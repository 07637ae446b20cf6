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
//!
//! By concern: `record` (the record and its hash, from the tables or from
//! the log as of a stamp), `changes` (what differs from an approval, for the
//! Sync view), `restore` (keeping the approved minutes), `upgrade` (v1
//! approvals); the approval in force and the settling of conflicts are here.

mod changes;
mod record;
mod restore;
mod upgrade;

pub use changes::MinutesChange;
pub(crate) use record::{hash_of_text, record_text, Record};
pub(crate) use upgrade::upgrade_approvals;

use rusqlite::OptionalExtension;
use steerco_domain::MeetingState;

use crate::conflict::{MINUTES, TABLE};
use crate::error::Result;
use crate::{RowChange, Store};

/// The version prefix of a minutes hash.
pub const HASH_PREFIX: &str = "v2:";

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
        if state != MeetingState::Approved.as_str() {
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
}
