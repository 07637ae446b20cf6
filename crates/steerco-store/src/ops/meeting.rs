//! Meetings: their states, the agenda and the minutes (outcomes per agenda
//! item). States move draft -> open -> in progress -> closed -> approved;
//! closed or approved minutes can be reopened (back to in progress) with a
//! reason. Every move is kept in `meeting_event` (who, when, why).

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat};
use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::error::{Result, StoreError};
use crate::order_key;
use crate::refusal::{Entity, MinutesPart, Missing, Refusal, Vocabulary};
use crate::{new_id, RowChange, Store};

/// The title of the follow-up item every new agenda starts with.
pub const FOLLOW_UP_TITLE: &str = "Opfølgning på handlinger fra tidligere møder";

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct MeetingSummary {
    pub id: String,
    pub committee: String,
    pub title: String,
    pub starts_at: String,
    pub duration_min: i64,
    pub state: String,
    pub items: i64,
    pub outcomes: i64,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct MeetingView {
    pub id: String,
    pub committee_id: String,
    pub committee: String,
    pub title: String,
    pub starts_at: String,
    pub duration_min: i64,
    pub location: Option<String>,
    pub state: String,
    pub approved_by: Option<String>,
    pub approved_at: Option<String>,
    pub minutes_hash: Option<String>,
    /// The agenda's planned minutes, and whether they exceed the meeting's length.
    pub agenda_minutes: i64,
    pub over_time: bool,
    pub attendance: Vec<super::attendance::AttendanceView>,
    pub items: Vec<AgendaItemView>,
    /// The committee's actions from earlier meetings that are not done.
    pub follow_up: Vec<TaskView>,
    pub events: Vec<MeetingEvent>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AgendaItemView {
    pub id: String,
    /// 1-based, as `agenda list` shows it.
    pub number: i64,
    pub title: String,
    pub presenter: Option<String>,
    pub duration_min: Option<i64>,
    pub initiative: Option<String>,
    pub closed: bool,
    pub kind: String,
    pub outcomes: Vec<OutcomeView>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct OutcomeView {
    pub id: String,
    pub kind: String,
    pub text: String,
    pub decision_status: Option<String>,
    /// For an action: the owner and due date as decided in the meeting (the
    /// minutes); the task's current ones are on the task board.
    pub owner: Option<String>,
    pub due_date: Option<String>,
    pub task_state: Option<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct MeetingEvent {
    pub from_state: String,
    pub to_state: String,
    pub reason: Option<String>,
    pub by: Option<String>,
    pub at: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct TaskView {
    pub id: String,
    pub text: String,
    pub owner: Option<String>,
    pub owner_id: Option<String>,
    pub due_date: Option<String>,
    pub state: String,
    pub committee: String,
    /// The board it is on (a committee id; names may repeat).
    pub committee_id: String,
    pub meeting: String,
    pub meeting_id: String,
    pub initiative: Option<String>,
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DecisionView {
    pub id: String,
    pub text: String,
    /// The meeting's date.
    pub date: String,
    pub committee: String,
    pub meeting: String,
    pub meeting_id: String,
    pub status: String,
    pub supersedes: Option<String>,
    pub initiative: Option<String>,
}

/// What to record in the minutes of one agenda item.
#[derive(Debug, Clone)]
pub enum NewOutcome {
    Note(String),
    Decision {
        text: String,
        supersedes: Option<String>,
    },
    Action {
        text: String,
        owner: String,
        due: NaiveDate,
    },
}

/// Filters of the task list.
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    pub mine: bool,
    pub overdue: bool,
    pub committee: Option<String>,
    pub initiative: Option<String>,
}

/// A state move as the CLI and the app name it.
fn target_state(to: &str) -> Result<(&'static str, &'static [&'static str])> {
    Ok(match to {
        "open" => ("open", &["draft"]),
        "in-progress" | "in_progress" => ("in_progress", &["open"]),
        "closed" => ("closed", &["open", "in_progress"]),
        "approved" => ("approved", &["closed"]),
        "reopened" => ("in_progress", &["closed", "approved"]),
        other => {
            return Err(Refusal::not_one_of(
                other,
                Vocabulary::MeetingState,
                &["open", "in-progress", "closed", "approved", "reopened"],
            )
            .into())
        }
    })
}

impl Store {
    pub fn find_meeting(&self, key: &str) -> Result<String> {
        let rows: Vec<(String, String)> = self
            .conn()
            .prepare_cached("SELECT id, title FROM meeting WHERE deleted = 0")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        // Titles repeat (every month's "Styregruppemøde"): ids only.
        super::resolve(
            Entity::Meeting,
            key,
            rows.iter().map(|(id, _)| (id.as_str(), id.as_str())),
        )
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
        let committee = self.find_committee(committee)?;
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
                .set("state", "draft")
                .set("sample", false),
            RowChange::insert("agenda_item", new_id())
                .set("meeting_id", id.clone())
                .set("position", follow_up_key)
                .set("title", FOLLOW_UP_TITLE)
                .set("closed", false)
                .set("kind", "follow_up"),
        ];
        batch.extend(invitations);
        batch.extend(copied);
        self.write(batch)?;
        Ok(id)
    }

    fn meeting_state(&self, id: &str) -> Result<String> {
        Ok(self
            .conn()
            .query_row("SELECT state FROM meeting WHERE id = ?1", [id], |r| {
                r.get(0)
            })?)
    }

    /// Move a meeting to another state; approval records who, when and the
    /// hash of the minutes as approved; a reopen needs a reason.
    pub fn set_meeting_state(&mut self, key: &str, to: &str, reason: Option<&str>) -> Result<()> {
        let id = self.find_meeting(key)?;
        let from = self.meeting_state(&id)?;
        let (state, allowed) = target_state(to)?;
        if !allowed.contains(&from.as_str()) {
            return Err(Refusal::StateMove {
                from,
                to: to.to_string(),
                allowed: allowed.iter().map(|s| s.to_string()).collect(),
            }
            .into());
        }
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        if to == "reopened" && reason.is_none() {
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
        if state == "approved" {
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
            .set(
                "to_state",
                if to == "reopened" { "reopened" } else { state },
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

    pub(crate) fn check_editable(
        &self,
        meeting: &str,
        what: MinutesPart,
        allowed: &[&str],
    ) -> Result<()> {
        let state = self.meeting_state(meeting)?;
        if allowed.contains(&state.as_str()) {
            Ok(())
        } else if state == "approved" {
            Err(Refusal::MinutesApproved { what }.into())
        } else {
            Err(Refusal::NotInThisState { what, state }.into())
        }
    }

    fn agenda_keys(&self, meeting: &str) -> Result<Vec<(String, String)>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT id, position FROM agenda_item WHERE meeting_id = ?1 AND deleted = 0
                 ORDER BY position, id",
            )?
            .query_map([meeting], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Add an item at the end of the agenda.
    pub fn add_agenda_item(
        &mut self,
        meeting: &str,
        title: &str,
        initiative: Option<&str>,
        presenter: Option<&str>,
        duration_min: Option<i64>,
        closed: bool,
    ) -> Result<String> {
        let meeting = self.find_meeting(meeting)?;
        self.check_editable(
            &meeting,
            MinutesPart::Agenda,
            &["draft", "open", "in_progress"],
        )?;
        let title = title.trim();
        if title.is_empty() {
            return Err(Refusal::Missing {
                what: Missing::AgendaItemTitle,
            }
            .into());
        }
        if duration_min.is_some_and(|d| !(0..=24 * 60).contains(&d)) {
            return Err(Refusal::ItemDuration.into());
        }
        let initiative = initiative.map(|i| self.find_initiative(i)).transpose()?;
        let keys = self.agenda_keys(&meeting)?;
        let position = order_key::between(keys.last().map(|(_, k)| k.as_str()), None);
        let id = new_id();
        self.write(vec![RowChange::insert("agenda_item", id.clone())
            .set("meeting_id", meeting)
            .set("position", position)
            .set("title", title)
            .set("presenter", presenter.map(str::to_string))
            .set("duration_min", duration_min)
            .set("initiative_id", initiative)
            .set("closed", closed)
            .set("kind", "item")])?;
        Ok(id)
    }

    /// An agenda item by id (prefix) or by its 1-based number on the agenda.
    pub fn find_agenda_item(&self, meeting: &str, key: &str) -> Result<String> {
        let keys = self.agenda_keys(meeting)?;
        if let Ok(n) = key.trim().parse::<usize>() {
            return keys
                .get(n.wrapping_sub(1))
                .map(|(id, _)| id.clone())
                .ok_or_else(|| StoreError::NotFound {
                    kind: Entity::AgendaItem,
                    key: key.to_string(),
                });
        }
        super::resolve(
            Entity::AgendaItem,
            key,
            keys.iter().map(|(id, _)| (id.as_str(), id.as_str())),
        )
    }

    /// Move an agenda item to 1-based place `to`: only its key changes.
    pub fn move_agenda_item(&mut self, meeting: &str, item: &str, to: usize) -> Result<()> {
        let meeting = self.find_meeting(meeting)?;
        self.check_editable(
            &meeting,
            MinutesPart::Agenda,
            &["draft", "open", "in_progress"],
        )?;
        let id = self.find_agenda_item(&meeting, item)?;
        let others: Vec<(String, String)> = self
            .agenda_keys(&meeting)?
            .into_iter()
            .filter(|(i, _)| *i != id)
            .collect();
        if to == 0 || to > others.len() + 1 {
            return Err(Refusal::NotOnAgenda {
                place: to,
                last: others.len() + 1,
            }
            .into());
        }
        let before = to.checked_sub(2).and_then(|i| others.get(i));
        let after = others.get(to - 1);
        let position = order_key::between(
            before.map(|(_, k)| k.as_str()),
            after.map(|(_, k)| k.as_str()),
        );
        self.write(vec![
            RowChange::update("agenda_item", id).set("position", position)
        ])?;
        Ok(())
    }

    /// Record an outcome of an agenda item (a note, a decision or an action).
    pub fn add_outcome(
        &mut self,
        meeting: &str,
        item: &str,
        outcome: NewOutcome,
    ) -> Result<String> {
        let meeting = self.find_meeting(meeting)?;
        self.check_editable(
            &meeting,
            MinutesPart::Minutes,
            &["open", "in_progress", "closed"],
        )?;
        let item = self.find_agenda_item(&meeting, item)?;
        let (committee, initiative): (String, Option<String>) = self.conn().query_row(
            "SELECT m.committee_id, a.initiative_id FROM agenda_item a
             JOIN meeting m ON m.id = a.meeting_id WHERE a.id = ?1",
            [&item],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let id = new_id();
        let mut change = RowChange::insert("outcome", id.clone())
            .set("meeting_id", meeting)
            .set("agenda_item_id", item)
            .set(
                "recorded_at",
                self.now().to_rfc3339_opts(SecondsFormat::Millis, true),
            )
            .set("initiative_id", initiative);
        let mut extra = Vec::new();
        let text = match outcome {
            NewOutcome::Note(text) => {
                change = change.set("kind", "note");
                text
            }
            NewOutcome::Decision { text, supersedes } => {
                change = change
                    .set("kind", "decision")
                    .set("decision_status", "adopted");
                if let Some(old) = supersedes {
                    let old = self.find_decision(&old)?;
                    change = change.set("supersedes_id", old.clone());
                    extra.push(
                        RowChange::update("outcome", old).set("decision_status", "superseded"),
                    );
                }
                text
            }
            NewOutcome::Action { text, owner, due } => {
                let owner = owner.trim();
                if owner.is_empty() {
                    return Err(Refusal::Missing {
                        what: Missing::ActionOwner,
                    }
                    .into());
                }
                let owner = match self.find_person(owner) {
                    Ok(p) => p.id,
                    Err(StoreError::NotFound { .. }) => {
                        return Err(Refusal::NoSuchPerson {
                            name: owner.to_string(),
                        }
                        .into())
                    }
                    Err(e) => return Err(e),
                };
                change = change
                    .set("kind", "action")
                    // The minutes keep these as decided; the task's own
                    // owner and due date may move on.
                    .set("decided_owner_id", owner.clone())
                    .set("decided_due_date", due.to_string())
                    .set("owner_id", owner)
                    .set("due_date", due.to_string())
                    .set("task_state", "todo")
                    .set("board_committee_id", committee);
                text
            }
        };
        let text = text.trim().to_string();
        if text.is_empty() {
            return Err(Refusal::Missing {
                what: Missing::OutcomeText,
            }
            .into());
        }
        let mut batch = vec![change.set("text", text)];
        batch.extend(extra);
        self.write(batch)?;
        Ok(id)
    }

    /// Agenda rows copying the committee's latest meeting before `before`
    /// (all its items but the follow-up item), placed after `last_key`.
    fn previous_agenda(
        &self,
        meeting: &str,
        committee: &str,
        before: &str,
        last_key: Option<String>,
    ) -> Result<Vec<RowChange>> {
        let previous: Option<String> = self
            .conn()
            .query_row(
                "SELECT id FROM meeting WHERE committee_id = ?1 AND deleted = 0
                   AND starts_at < ?2 AND id != ?3
                 ORDER BY starts_at DESC LIMIT 1",
                rusqlite::params![committee, before, meeting],
                |r| r.get(0),
            )
            .optional()?;
        let Some(previous) = previous else {
            return Err(Refusal::NoEarlierMeeting.into());
        };
        type Row = (String, Option<String>, Option<i64>, Option<String>, bool);
        let items: Vec<Row> = self
            .conn()
            .prepare_cached(
                "SELECT title, presenter, duration_min, initiative_id, closed FROM agenda_item
                 WHERE meeting_id = ?1 AND deleted = 0 AND kind = 'item' ORDER BY position, id",
            )?
            .query_map([&previous], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut last = last_key;
        Ok(items
            .into_iter()
            .map(|(title, presenter, duration, initiative, closed)| {
                let position = order_key::between(last.as_deref(), None);
                last = Some(position.clone());
                RowChange::insert("agenda_item", new_id())
                    .set("meeting_id", meeting.to_string())
                    .set("position", position)
                    .set("title", title)
                    .set("presenter", presenter)
                    .set("duration_min", duration)
                    .set("initiative_id", initiative)
                    .set("closed", closed)
                    .set("kind", "item")
            })
            .collect())
    }

    /// Set a decision's status (proposed, adopted, rejected, superseded).
    pub fn set_decision_status(&mut self, key: &str, status: &str) -> Result<()> {
        if !crate::schema::DECISION_STATES.contains(&status) {
            return Err(Refusal::not_one_of(
                status,
                Vocabulary::DecisionStatus,
                crate::schema::DECISION_STATES,
            )
            .into());
        }
        let id = self.find_decision(key)?;
        self.write(vec![
            RowChange::update("outcome", id).set("decision_status", status)
        ])?;
        Ok(())
    }

    fn find_decision(&self, key: &str) -> Result<String> {
        let rows: Vec<String> = self
            .conn()
            .prepare_cached("SELECT id FROM outcome WHERE kind = 'decision' AND deleted = 0")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        super::resolve(
            Entity::Decision,
            key,
            rows.iter().map(|id| (id.as_str(), id.as_str())),
        )
    }

    pub fn find_task(&self, key: &str) -> Result<String> {
        let rows: Vec<String> = self
            .conn()
            .prepare_cached("SELECT id FROM outcome WHERE kind = 'action' AND deleted = 0")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        super::resolve(
            Entity::Task,
            key,
            rows.iter().map(|id| (id.as_str(), id.as_str())),
        )
    }

    pub fn set_task_state(&mut self, key: &str, state: &str) -> Result<()> {
        crate::ops::committee::check_state(state)?;
        let id = self.find_task(key)?;
        self.write(vec![
            RowChange::update("outcome", id).set("task_state", state)
        ])?;
        Ok(())
    }

    /// Give a task another owner or due date. The minutes keep the ones
    /// decided in the meeting: an action recorded before schema 10 gets them
    /// written down first, in the same change (its task's were never changed
    /// before), so a reassignment is never a change to approved minutes.
    pub fn reassign_task(
        &mut self,
        key: &str,
        owner: Option<&str>,
        due: Option<NaiveDate>,
    ) -> Result<()> {
        let id = self.find_task(key)?;
        let owner = match owner.map(str::trim) {
            None => None,
            Some("") => {
                return Err(Refusal::Missing {
                    what: Missing::ActionOwner,
                }
                .into())
            }
            Some(name) => match self.find_person(name) {
                Ok(p) => Some(p.id),
                Err(StoreError::NotFound { .. }) => {
                    return Err(Refusal::NoSuchPerson {
                        name: name.to_string(),
                    }
                    .into())
                }
                Err(e) => return Err(e),
            },
        };
        if owner.is_none() && due.is_none() {
            return Err(Refusal::NothingToChange.into());
        }
        type Row = (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let (owner_id, due_date, decided_owner, decided_due): Row = self.conn().query_row(
            "SELECT owner_id, due_date, decided_owner_id, decided_due_date FROM outcome WHERE id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        let mut change = RowChange::update("outcome", id);
        if decided_owner.is_none() && owner_id.is_some() {
            change = change.set("decided_owner_id", owner_id);
        }
        if decided_due.is_none() && due_date.is_some() {
            change = change.set("decided_due_date", due_date);
        }
        if let Some(owner) = owner {
            change = change.set("owner_id", owner);
        }
        if let Some(due) = due {
            change = change.set("due_date", due.to_string());
        }
        self.write(vec![change])?;
        Ok(())
    }

    /// An outcome (note, decision or action) by id or id prefix.
    pub fn find_outcome(&self, key: &str) -> Result<String> {
        let rows: Vec<String> = self
            .conn()
            .prepare_cached("SELECT id FROM outcome WHERE deleted = 0")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        super::resolve(
            Entity::Outcome,
            key,
            rows.iter().map(|id| (id.as_str(), id.as_str())),
        )
    }

    /// Correct the text of an outcome while its minutes can change.
    pub fn set_outcome_text(&mut self, key: &str, text: &str) -> Result<()> {
        let id = self.find_outcome(key)?;
        let meeting: String =
            self.conn()
                .query_row("SELECT meeting_id FROM outcome WHERE id = ?1", [&id], |r| {
                    r.get(0)
                })?;
        self.check_editable(
            &meeting,
            MinutesPart::Minutes,
            &["open", "in_progress", "closed"],
        )?;
        let text = text.trim();
        if text.is_empty() {
            return Err(Refusal::Missing {
                what: Missing::OutcomeText,
            }
            .into());
        }
        self.write(vec![RowChange::update("outcome", id).set("text", text)])?;
        Ok(())
    }

    pub fn meetings(&self) -> Result<Vec<MeetingSummary>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT m.id, c.name, m.title, m.starts_at, m.duration_min, m.state,
                   (SELECT count(*) FROM agenda_item a WHERE a.meeting_id = m.id AND a.deleted = 0),
                   (SELECT count(*) FROM outcome o WHERE o.meeting_id = m.id AND o.deleted = 0)
                 FROM meeting m JOIN committee c ON c.id = m.committee_id
                 WHERE m.deleted = 0 ORDER BY m.starts_at DESC, m.id",
            )?
            .query_map([], |r| {
                Ok(MeetingSummary {
                    id: r.get(0)?,
                    committee: r.get(1)?,
                    title: r.get(2)?,
                    starts_at: r.get(3)?,
                    duration_min: r.get(4)?,
                    state: r.get(5)?,
                    items: r.get(6)?,
                    outcomes: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// One meeting with its agenda, minutes, follow-up list and history.
    pub fn meeting(&self, key: &str) -> Result<MeetingView> {
        let id = self.find_meeting(key)?;
        let mut view = self.conn().query_row(
            "SELECT m.id, m.committee_id, c.name, m.title, m.starts_at, m.duration_min, m.location,
                    m.state, p.name, m.approved_at, m.minutes_hash
             FROM meeting m JOIN committee c ON c.id = m.committee_id
             LEFT JOIN person p ON p.id = m.approved_by WHERE m.id = ?1",
            [&id],
            |r| {
                Ok(MeetingView {
                    id: r.get(0)?,
                    committee_id: r.get(1)?,
                    committee: r.get(2)?,
                    title: r.get(3)?,
                    starts_at: r.get(4)?,
                    duration_min: r.get(5)?,
                    location: r.get(6)?,
                    state: r.get(7)?,
                    approved_by: r.get(8)?,
                    approved_at: r.get(9)?,
                    minutes_hash: r.get(10)?,
                    agenda_minutes: 0,
                    over_time: false,
                    attendance: Vec::new(),
                    items: Vec::new(),
                    follow_up: Vec::new(),
                    events: Vec::new(),
                })
            },
        )?;
        let mut outcomes: std::collections::HashMap<String, Vec<OutcomeView>> = Default::default();
        {
            let mut stmt = self.conn().prepare_cached(
                "SELECT o.agenda_item_id, o.id, o.kind, o.text, o.decision_status, p.name,
                        COALESCE(o.decided_due_date, o.due_date), o.task_state
                 FROM outcome o
                 LEFT JOIN person p ON p.id = COALESCE(o.decided_owner_id, o.owner_id)
                 WHERE o.meeting_id = ?1 AND o.deleted = 0 ORDER BY o.recorded_at, o.stamp, o.id",
            )?;
            let mut rows = stmt.query([&id])?;
            while let Some(r) = rows.next()? {
                outcomes.entry(r.get(0)?).or_default().push(OutcomeView {
                    id: r.get(1)?,
                    kind: r.get(2)?,
                    text: r.get(3)?,
                    decision_status: r.get(4)?,
                    owner: r.get(5)?,
                    due_date: r.get(6)?,
                    task_state: r.get(7)?,
                });
            }
        }
        {
            let mut stmt = self.conn().prepare_cached(
                "SELECT a.id, a.title, a.presenter, a.duration_min, i.code, a.closed, a.kind
                 FROM agenda_item a LEFT JOIN initiative i ON i.id = a.initiative_id
                 WHERE a.meeting_id = ?1 AND a.deleted = 0 ORDER BY a.position, a.id",
            )?;
            let mut rows = stmt.query([&id])?;
            let mut number = 0;
            while let Some(r) = rows.next()? {
                number += 1;
                let item_id: String = r.get(0)?;
                view.items.push(AgendaItemView {
                    outcomes: outcomes.remove(&item_id).unwrap_or_default(),
                    id: item_id,
                    number,
                    title: r.get(1)?,
                    presenter: r.get(2)?,
                    duration_min: r.get(3)?,
                    initiative: r.get(4)?,
                    closed: r.get(5)?,
                    kind: r.get(6)?,
                });
            }
        }
        view.attendance = self.attendance(&id)?;
        view.agenda_minutes = view.items.iter().filter_map(|i| i.duration_min).sum();
        view.over_time = view.agenda_minutes > view.duration_min;
        view.follow_up = self
            .tasks(&TaskFilter {
                committee: Some(view.committee_id.clone()),
                ..Default::default()
            })?
            .into_iter()
            .filter(|t| t.state != "done" && t.meeting_id != view.id)
            .filter(|t| {
                self.meeting_starts(&t.meeting_id)
                    .is_ok_and(|s| s < view.starts_at)
            })
            .collect();
        view.events = self
            .conn()
            .prepare_cached(
                "SELECT e.from_state, e.to_state, e.reason, p.name, e.recorded_at
                 FROM meeting_event e LEFT JOIN person p ON p.id = e.author_id
                 WHERE e.meeting_id = ?1 ORDER BY e.recorded_at, e.stamp",
            )?
            .query_map([&id], |r| {
                Ok(MeetingEvent {
                    from_state: r.get(0)?,
                    to_state: r.get(1)?,
                    reason: r.get(2)?,
                    by: r.get(3)?,
                    at: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(view)
    }

    /// How many live closed (confidential) agenda items the workspace holds.
    pub fn closed_items(&self) -> Result<i64> {
        Ok(self.conn().query_row(
            "SELECT count(*) FROM agenda_item a JOIN meeting m ON m.id = a.meeting_id
             WHERE a.closed = 1 AND a.deleted = 0 AND m.deleted = 0",
            [],
            |r| r.get(0),
        )?)
    }

    fn meeting_starts(&self, id: &str) -> Result<String> {
        Ok(self
            .conn()
            .query_row("SELECT starts_at FROM meeting WHERE id = ?1", [id], |r| {
                r.get(0)
            })?)
    }

    /// Actions as tasks, due first; overdue ones are marked.
    pub fn tasks(&self, filter: &TaskFilter) -> Result<Vec<TaskView>> {
        let today = self.today()?.to_string();
        let committee = filter
            .committee
            .as_deref()
            .map(|c| self.find_committee(c))
            .transpose()?;
        let initiative = filter
            .initiative
            .as_deref()
            .map(|i| self.find_initiative(i))
            .transpose()?;
        let me = self.me().map(str::to_string);
        let mut stmt = self.conn().prepare_cached(
            "SELECT o.id, o.text, p.name, o.owner_id, o.due_date, o.task_state, c.name,
                    m.title, m.id, i.code, o.board_committee_id, o.initiative_id
             FROM outcome o JOIN meeting m ON m.id = o.meeting_id
             JOIN committee c ON c.id = o.board_committee_id
             LEFT JOIN person p ON p.id = o.owner_id
             LEFT JOIN initiative i ON i.id = o.initiative_id
             WHERE o.kind = 'action' AND o.deleted = 0 AND m.deleted = 0
               AND (?1 IS NULL OR o.board_committee_id = ?1)
               AND (?2 = 0 OR (o.task_state != 'done' AND o.due_date < ?3))
             ORDER BY o.due_date, o.id",
        )?;
        let mut rows = stmt.query(rusqlite::params![committee, filter.overdue, today])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let owner_id: Option<String> = r.get(3)?;
            let due: Option<String> = r.get(4)?;
            let state: String = r.get(5)?;
            let board: String = r.get(10)?;
            let initiative_id: Option<String> = r.get(11)?;
            let overdue = state != "done" && due.as_deref().is_some_and(|d| d < today.as_str());
            if (filter.mine && owner_id != me)
                || (filter.overdue && !overdue)
                || committee.as_ref().is_some_and(|c| *c != board)
                || initiative.is_some() && initiative != initiative_id
            {
                continue;
            }
            out.push(TaskView {
                id: r.get(0)?,
                text: r.get(1)?,
                owner: r.get(2)?,
                owner_id,
                due_date: due,
                state,
                committee: r.get(6)?,
                committee_id: board,
                meeting: r.get(7)?,
                meeting_id: r.get(8)?,
                initiative: r.get(9)?,
                overdue,
            });
        }
        Ok(out)
    }

    /// The decision register across all meetings, newest first.
    pub fn decisions(&self) -> Result<Vec<DecisionView>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT o.id, o.text, substr(m.starts_at, 1, 10), c.name, m.title, m.id,
                        coalesce(o.decision_status, 'adopted'), o.supersedes_id, i.code
                 FROM outcome o JOIN meeting m ON m.id = o.meeting_id
                 JOIN committee c ON c.id = m.committee_id
                 LEFT JOIN initiative i ON i.id = o.initiative_id
                 WHERE o.kind = 'decision' AND o.deleted = 0 AND m.deleted = 0
                 ORDER BY m.starts_at DESC, o.recorded_at DESC, o.id",
            )?
            .query_map([], |r| {
                Ok(DecisionView {
                    id: r.get(0)?,
                    text: r.get(1)?,
                    date: r.get(2)?,
                    committee: r.get(3)?,
                    meeting: r.get(4)?,
                    meeting_id: r.get(5)?,
                    status: r.get(6)?,
                    supersedes: r.get(7)?,
                    initiative: r.get(8)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }
}
