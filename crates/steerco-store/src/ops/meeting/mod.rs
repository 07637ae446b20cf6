//! Meetings: their states, the agenda and the minutes (outcomes per agenda
//! item). States move draft -> open -> in progress -> closed -> approved;
//! closed or approved minutes can be reopened (back to in progress) with a
//! reason. Every move is kept in `meeting_event` (who, when, why). The state
//! machine, and what each state lets change, is `steerco_domain::MeetingState`
//! (the UI reads the same rules from the generated bindings).
//!
//! By concern: `agenda` (items, their order, a copied agenda), `outcomes`
//! (what the minutes record per item), `decisions` (the register), `tasks`
//! (actions on the committees' boards), `views` (what the CLI and the app
//! show); the states and their moves are here.

mod agenda;
mod corrections;
mod decisions;
mod edit;
mod outcomes;
mod tasks;
mod views;

pub use agenda::FOLLOW_UP_TITLE;
pub use corrections::AgendaItemEdit;
pub use decisions::DecisionView;
pub use edit::MeetingEdit;
pub use outcomes::NewOutcome;
pub use tasks::{TaskFilter, TaskView};
pub use views::{AgendaItemView, MeetingEvent, MeetingSummary, MeetingView, OutcomeView};

use chrono::{DateTime, FixedOffset, SecondsFormat};

use steerco_domain::{AgendaKind, MeetingState, Move};

use crate::error::Result;
use crate::order_key;
use crate::refusal::{word, Entity, MinutesPart, Missing, Refusal};
use crate::{new_id, RowChange, Store};

impl Store {
    pub fn find_meeting(&self, key: &str) -> Result<String> {
        // Titles repeat (every month's "Styregruppemøde"): ids only.
        self.find_by_id("meeting", "deleted = 0", Entity::Meeting, key)
    }

    /// Parse a date-time: RFC 3339, or `YYYY-MM-DDTHH:MM` in the workspace's time zone.
    pub fn parse_datetime(&self, s: &str) -> Result<DateTime<FixedOffset>> {
        if let Ok(t) = DateTime::parse_from_rfc3339(s) {
            return Ok(t);
        }
        let local = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").map_err(|_| {
            Refusal::NotADateTime {
                value: s.to_string(),
            }
        })?;
        let tz = self.time_zone()?;
        use chrono::TimeZone;
        tz.from_local_datetime(&local)
            .earliest()
            .map(|t| t.fixed_offset())
            .ok_or_else(|| {
                Refusal::NoSuchLocalTime {
                    value: s.to_string(),
                    zone: tz.to_string(),
                }
                .into()
            })
    }

    /// A new meeting in draft, its agenda opened by the follow-up item.
    pub fn add_meeting(
        &mut self,
        committee: &str,
        title: &str,
        starts_at: DateTime<FixedOffset>,
        duration_min: i64,
    ) -> Result<String> {
        self.add_meeting_with(committee, title, starts_at, duration_min, false)
    }

    /// A new meeting; with `from_previous`, its agenda continues with the
    /// items of the committee's previous meeting (all in one change).
    pub fn add_meeting_with(
        &mut self,
        committee: &str,
        title: &str,
        starts_at: DateTime<FixedOffset>,
        duration_min: i64,
        from_previous: bool,
    ) -> Result<String> {
        self.add_meeting_at(
            committee,
            title,
            starts_at,
            duration_min,
            from_previous,
            None,
        )
    }

    /// A new meeting at a place (a room, an address, a video link).
    pub fn add_meeting_at(
        &mut self,
        committee: &str,
        title: &str,
        starts_at: DateTime<FixedOffset>,
        duration_min: i64,
        from_previous: bool,
        location: Option<&str>,
    ) -> Result<String> {
        let committee = self.find_committee(committee)?;
        let location = location
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string);
        let title = title.trim();
        if title.is_empty() {
            return Err(Refusal::Missing {
                what: Missing::MeetingTitle,
            }
            .into());
        }
        if !(1..=24 * 60).contains(&duration_min) {
            return Err(Refusal::MeetingDuration.into());
        }
        let id = new_id();
        let invitations = self.invitations(&id, &committee)?;
        let follow_up_key = order_key::between(None, None);
        let starts = starts_at
            .with_timezone(&chrono::Utc)
            .to_rfc3339_opts(SecondsFormat::Secs, true);
        let copied = if from_previous {
            self.previous_agenda(&id, &committee, &starts, Some(follow_up_key.clone()))?
        } else {
            Vec::new()
        };
        let mut batch = vec![
            RowChange::insert("meeting", id.clone())
                .set("committee_id", committee)
                .set("title", title)
                // In UTC, so the text sorts in time order across DST changes.
                .set("starts_at", starts)
                .set("duration_min", duration_min)
                .set("location", location)
                .set("state", MeetingState::Draft)
                .set("sample", false),
            RowChange::insert("agenda_item", new_id())
                .set("meeting_id", id.clone())
                .set("position", follow_up_key)
                .set("title", FOLLOW_UP_TITLE)
                .set("closed", false)
                .set("kind", AgendaKind::FollowUp),
        ];
        batch.extend(invitations);
        batch.extend(copied);
        self.write(batch)?;
        Ok(id)
    }

    pub(crate) fn meeting_cancelled(&self, id: &str) -> Result<bool> {
        Ok(self
            .conn()
            .query_row("SELECT cancelled FROM meeting WHERE id = ?1", [id], |r| {
                r.get(0)
            })?)
    }

    pub(crate) fn meeting_state(&self, id: &str) -> Result<MeetingState> {
        let state: String =
            self.conn()
                .query_row("SELECT state FROM meeting WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
        Ok(word(&state)?)
    }

    /// Move a meeting to another state; approval records who, when and the
    /// hash of the minutes as approved; a reopen needs a reason.
    pub fn set_meeting_state(&mut self, key: &str, to: &str, reason: Option<&str>) -> Result<()> {
        let id = self.find_meeting(key)?;
        let step: Move = word(to)?;
        if self.meeting_cancelled(&id)? {
            return Err(Refusal::MeetingCancelled.into());
        }
        let from = self.meeting_state(&id)?;
        let allowed = step.from_states();
        if !allowed.contains(&from) {
            return Err(Refusal::StateMove {
                from: from.to_string(),
                to: to.to_string(),
                allowed: allowed.iter().map(|s| s.to_string()).collect(),
            }
            .into());
        }
        let state = step.to_state();
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        if step == Move::Reopen && reason.is_none() {
            return Err(Refusal::Missing {
                what: Missing::ReopenReason,
            }
            .into());
        }
        let now = self.now().to_rfc3339_opts(SecondsFormat::Millis, true);
        let mut update = RowChange::update("meeting", id.clone()).set("state", state);
        // The approved minutes themselves travel with the approval's event,
        // so every replica can say what changed later and put them back.
        let mut minutes = None;
        if state == MeetingState::Approved {
            let text = super::minutes::record_text(&self.minutes_record(&id)?)?;
            update = update
                .set("approved_by", self.me().map(str::to_string))
                .set("approved_at", now.clone())
                .set("minutes_hash", super::minutes::hash_of_text(&text));
            minutes = Some(text);
        }
        let mut event = RowChange::insert("meeting_event", new_id())
            .set("meeting_id", id.clone())
            .set("from_state", from)
            // The state reached; a reopen is kept as such (it reaches in
            // progress, as a start does).
            .set(
                "to_state",
                if step == Move::Reopen {
                    step.as_str()
                } else {
                    state.as_str()
                },
            )
            .set("reason", reason.map(str::to_string))
            .set("author_id", self.me().map(str::to_string))
            .set("recorded_at", now);
        if let Some(text) = minutes {
            event = event.set("minutes", text);
        }
        self.write(vec![update, event])?;
        // A reopen (or a new approval) settles the conflicts about the
        // approval it replaces.
        self.settle_minutes_conflicts()?;
        Ok(())
    }

    /// The hash of a meeting's (an id) minutes as recorded: `v2:` and the
    /// SHA-256 of their canonical JSON (see ops/minutes.rs for what is in).
    pub fn minutes_hash(&self, meeting: &str) -> Result<String> {
        let record = self.minutes_record(meeting)?;
        Ok(super::minutes::hash_of_text(&super::minutes::record_text(
            &record,
        )?))
    }

    /// Whether the meeting's state lets `what` change (the state machine's
    /// rule), else the refusal saying why not.
    pub(crate) fn check_editable(&self, meeting: &str, what: MinutesPart) -> Result<()> {
        if self.meeting_cancelled(meeting)? {
            return Err(Refusal::MeetingCancelled.into());
        }
        let state = self.meeting_state(meeting)?;
        if state.allows(what) {
            Ok(())
        } else if state == MeetingState::Approved {
            Err(Refusal::MinutesApproved { what }.into())
        } else {
            Err(Refusal::NotInThisState {
                what,
                state: state.to_string(),
            }
            .into())
        }
    }
}
