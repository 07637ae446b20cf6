//! Corrections of a meeting itself: its title, time, length and place
//! (rescheduled or renamed), and a cancel. A cancelled meeting is kept, its
//! agenda and invitation readable, and shown as cancelled; the cancel is a
//! flag beside the state (schema 12), kept with its reason in
//! `meeting_event` like a state move.

use chrono::{DateTime, FixedOffset, SecondsFormat};
use steerco_domain::MeetingState;

use crate::error::Result;
use crate::refusal::{MinutesPart, Missing, Refusal};
use crate::{new_id, RowChange, Store};

/// What `meeting set` changes; `None` leaves a field as it is, an empty
/// location clears it.
#[derive(Debug, Clone, Default)]
pub struct MeetingEdit {
    pub title: Option<String>,
    pub starts_at: Option<DateTime<FixedOffset>>,
    pub duration_min: Option<i64>,
    pub location: Option<String>,
}

impl Store {
    /// Rename, reschedule or move a meeting until its minutes are approved
    /// (the approval covers these). Only changed fields are written.
    pub fn edit_meeting(&mut self, key: &str, edit: MeetingEdit) -> Result<()> {
        let id = self.find_meeting(key)?;
        if edit.title.is_none()
            && edit.starts_at.is_none()
            && edit.duration_min.is_none()
            && edit.location.is_none()
        {
            return Err(Refusal::NothingToChange.into());
        }
        self.check_editable(&id, MinutesPart::Meeting)?;
        type Row = (String, String, i64, Option<String>);
        let (title, starts, duration, location): Row = self.conn().query_row(
            "SELECT title, starts_at, duration_min, location FROM meeting WHERE id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        let mut change = RowChange::update("meeting", id);
        let mut changed = false;
        if let Some(t) = edit.title.as_deref().map(str::trim) {
            if t.is_empty() {
                return Err(Refusal::Missing {
                    what: Missing::MeetingTitle,
                }
                .into());
            }
            if t != title {
                change = change.set("title", t);
                changed = true;
            }
        }
        if let Some(at) = edit.starts_at {
            // In UTC, as a new meeting is stored.
            let at = at
                .with_timezone(&chrono::Utc)
                .to_rfc3339_opts(SecondsFormat::Secs, true);
            if at != starts {
                change = change.set("starts_at", at);
                changed = true;
            }
        }
        if let Some(d) = edit.duration_min {
            if !(1..=24 * 60).contains(&d) {
                return Err(Refusal::MeetingDuration.into());
            }
            if d != duration {
                change = change.set("duration_min", d);
                changed = true;
            }
        }
        if let Some(l) = edit.location.as_deref().map(str::trim) {
            let l = Some(l.to_string()).filter(|l| !l.is_empty());
            if l != location {
                change = change.set("location", l);
                changed = true;
            }
        }
        if changed {
            self.write(vec![change])?;
        }
        Ok(())
    }

    /// Cancel a meeting not yet held (draft or open), with an optional
    /// reason: it stays, flagged, and refuses moves and edits from then on.
    pub fn cancel_meeting(&mut self, key: &str, reason: Option<&str>) -> Result<()> {
        let id = self.find_meeting(key)?;
        if self.meeting_cancelled(&id)? {
            return Err(Refusal::MeetingCancelled.into());
        }
        let state = self.meeting_state(&id)?;
        if !matches!(state, MeetingState::Draft | MeetingState::Open) {
            return Err(Refusal::NotCancellable {
                state: state.to_string(),
            }
            .into());
        }
        let reason = reason
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string);
        let now = self.now().to_rfc3339_opts(SecondsFormat::Millis, true);
        self.write(vec![
            RowChange::update("meeting", id.clone()).set("cancelled", true),
            RowChange::insert("meeting_event", new_id())
                .set("meeting_id", id)
                .set("from_state", state)
                .set("to_state", "cancelled")
                .set("reason", reason)
                .set("author_id", self.me().map(str::to_string))
                .set("recorded_at", now),
        ])?;
        Ok(())
    }
}
