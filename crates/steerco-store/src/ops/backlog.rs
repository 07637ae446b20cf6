//! The backlog: topics proposed for a committee's coming meetings. Putting a
//! topic on an agenda schedules it (it leaves the backlog, linked to that
//! meeting).

use chrono::SecondsFormat;
use serde::Serialize;

use crate::error::{Result, StoreError};
use crate::refusal::{Entity, Missing, Refusal};
use crate::{new_id, RowChange, Store};

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Topic {
    pub id: String,
    pub committee: String,
    pub title: String,
    pub note: Option<String>,
    pub proposed_by: Option<String>,
    pub recorded_at: String,
    /// The meeting it was put on, once scheduled.
    pub meeting_id: Option<String>,
}

impl Store {
    pub fn add_topic(
        &mut self,
        committee: &str,
        title: &str,
        note: Option<&str>,
    ) -> Result<String> {
        let committee = self.find_committee(committee)?;
        let title = title.trim();
        if title.is_empty() {
            return Err(Refusal::Missing {
                what: Missing::TopicTitle,
            }
            .into());
        }
        let id = new_id();
        self.write(vec![RowChange::insert("topic", id.clone())
            .set("committee_id", committee)
            .set("title", title)
            .set("note", note.map(str::to_string))
            .set("proposed_by", self.me().map(str::to_string))
            .set(
                "recorded_at",
                self.now().to_rfc3339_opts(SecondsFormat::Millis, true),
            )])?;
        Ok(id)
    }

    /// A committee's topics (all committees' when None); open ones first.
    pub fn topics(&self, committee: Option<&str>) -> Result<Vec<Topic>> {
        let committee = committee.map(|c| self.find_committee(c)).transpose()?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT t.id, c.name, t.title, t.note, p.name, t.recorded_at, t.meeting_id, t.committee_id
             FROM topic t JOIN committee c ON c.id = t.committee_id
             LEFT JOIN person p ON p.id = t.proposed_by
             WHERE t.deleted = 0
             ORDER BY t.meeting_id IS NOT NULL, t.recorded_at, t.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                Topic {
                    id: r.get(0)?,
                    committee: r.get(1)?,
                    title: r.get(2)?,
                    note: r.get(3)?,
                    proposed_by: r.get(4)?,
                    recorded_at: r.get(5)?,
                    meeting_id: r.get(6)?,
                },
                r.get::<_, String>(7)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (topic, committee_id) = row?;
            if committee.as_ref().is_none_or(|c| *c == committee_id) {
                out.push(topic);
            }
        }
        Ok(out)
    }

    /// Put a backlog topic on a meeting's agenda (at the end).
    pub fn schedule_topic(&mut self, topic: &str, meeting: &str) -> Result<String> {
        let all = self.topics(None)?;
        let id = super::resolve(
            Entity::Topic,
            topic,
            all.iter().map(|t| (t.id.as_str(), t.id.as_str())),
        )?;
        let t = all
            .into_iter()
            .find(|t| t.id == id)
            .ok_or_else(|| StoreError::NotFound {
                kind: Entity::Topic,
                key: topic.to_string(),
            })?;
        if t.meeting_id.is_some() {
            return Err(Refusal::TopicOnAgenda.into());
        }
        let meeting = self.find_meeting(meeting)?;
        // One batch: the item and the topic's link to it apply together or
        // not at all.
        let (item, insert) = self.plan_agenda_item(&meeting, &t.title, None, None, None, false)?;
        self.write(vec![
            insert,
            RowChange::update("topic", id).set("meeting_id", meeting),
        ])?;
        Ok(item)
    }
}

impl Store {
    fn find_topic(&self, key: &str) -> Result<String> {
        self.find_by_id("topic", "deleted = 0", Entity::Topic, key)
    }

    /// Correct a topic's title or note (an empty note clears it). A topic on
    /// an agenda already keeps its agenda item as it is.
    pub fn edit_topic(&mut self, key: &str, title: Option<&str>, note: Option<&str>) -> Result<()> {
        let id = self.find_topic(key)?;
        if title.is_none() && note.is_none() {
            return Err(Refusal::NothingToChange.into());
        }
        let mut change = RowChange::update("topic", id);
        if let Some(title) = title.map(str::trim) {
            if title.is_empty() {
                return Err(Refusal::Missing {
                    what: Missing::TopicTitle,
                }
                .into());
            }
            change = change.set("title", title);
        }
        if let Some(note) = note.map(str::trim) {
            change = change.set("note", Some(note.to_string()).filter(|n| !n.is_empty()));
        }
        self.write(vec![change])?;
        Ok(())
    }

    /// Delete a topic (a tombstone, so it can be restored); an agenda item
    /// made from it stays on its agenda.
    pub fn delete_topic(&mut self, key: &str) -> Result<()> {
        let id = self.find_topic(key)?;
        self.write(vec![RowChange::delete("topic", id)])?;
        Ok(())
    }
}
