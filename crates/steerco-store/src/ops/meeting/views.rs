//! What the CLI and the app show of meetings: the list, and one meeting
//! with its agenda, minutes, attendance, follow-up list and history.

use serde::Serialize;
use steerco_domain::TaskState;

use super::tasks::{TaskFilter, TaskView};
use crate::error::Result;
use crate::Store;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct MeetingSummary {
    pub id: String,
    pub committee: String,
    pub title: String,
    pub starts_at: String,
    pub duration_min: i64,
    pub location: Option<String>,
    pub state: String,
    /// Cancelled before it was held: kept, and shown as cancelled.
    pub cancelled: bool,
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
    /// Cancelled before it was held: kept, and shown as cancelled.
    pub cancelled: bool,
    pub approved_by: Option<String>,
    pub approved_at: Option<String>,
    pub minutes_hash: Option<String>,
    /// The agenda's planned minutes, and whether they exceed the meeting's length.
    pub agenda_minutes: i64,
    pub over_time: bool,
    pub attendance: Vec<crate::ops::attendance::AttendanceView>,
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

impl Store {
    pub fn meetings(&self) -> Result<Vec<MeetingSummary>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT m.id, c.name, m.title, m.starts_at, m.duration_min, m.state,
                   (SELECT count(*) FROM agenda_item a WHERE a.meeting_id = m.id AND a.deleted = 0),
                   (SELECT count(*) FROM outcome o WHERE o.meeting_id = m.id AND o.deleted = 0),
                   m.location, m.cancelled
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
                    location: r.get(8)?,
                    state: r.get(5)?,
                    cancelled: r.get(9)?,
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
                    m.state, p.name, m.approved_at, m.minutes_hash, m.cancelled
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
                    cancelled: r.get(11)?,
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
            .filter(|t| t.state != TaskState::Done.as_str())
            // Actions carried over from the committee's earlier meetings; a
            // task of its own came from no meeting, so it is on the board only.
            .filter(|t| {
                t.meeting_id.as_deref().is_some_and(|m| {
                    m != view.id && self.meeting_starts(m).is_ok_and(|s| s < view.starts_at)
                })
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
}
