//! The decision register: every decision recorded in any meeting, with its
//! status (a later decision may supersede it).

use serde::Serialize;

use crate::error::Result;
use steerco_domain::DecisionStatus;

use crate::refusal::{word, Entity};
use crate::{RowChange, Store};

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

impl Store {
    /// Set a decision's status (proposed, adopted, rejected, superseded).
    pub fn set_decision_status(&mut self, key: &str, status: &str) -> Result<()> {
        let status: DecisionStatus = word(status)?;
        let id = self.find_decision(key)?;
        self.write(vec![
            RowChange::update("outcome", id).set("decision_status", status)
        ])?;
        Ok(())
    }

    pub(super) fn find_decision(&self, key: &str) -> Result<String> {
        self.find_by_id(
            "outcome",
            "kind = 'decision' AND deleted = 0",
            Entity::Decision,
            key,
        )
    }

    /// The decision register across all meetings, newest first. A decision
    /// is dated by its meeting's day in the workspace's time zone (a meeting
    /// at 00:30 in Copenhagen is on that day, not the UTC day before). A
    /// written resolution's (ops/vote) has no meeting (its `meeting` and
    /// `meeting_id` are empty): it is dated by its closing time, under the
    /// committee that voted.
    pub fn decisions(&self) -> Result<Vec<DecisionView>> {
        let tz = self.time_zone()?;
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT o.id, o.text, coalesce(m.starts_at, o.recorded_at), c.name,
                        coalesce(m.title, ''), coalesce(m.id, ''),
                        coalesce(o.decision_status, 'adopted'), o.supersedes_id, i.code
                 FROM outcome o LEFT JOIN meeting m ON m.id = o.meeting_id
                 JOIN committee c ON c.id = coalesce(m.committee_id, o.board_committee_id)
                 LEFT JOIN initiative i ON i.id = o.initiative_id
                 WHERE o.kind = 'decision' AND o.deleted = 0
                   AND (o.meeting_id IS NULL OR m.deleted = 0)
                 ORDER BY coalesce(m.starts_at, o.recorded_at) DESC, o.recorded_at DESC, o.id",
            )?
            .query_map([], |r| {
                Ok(DecisionView {
                    id: r.get(0)?,
                    text: r.get(1)?,
                    date: crate::dates::local_day_of(tz, &r.get::<_, String>(2)?),
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
