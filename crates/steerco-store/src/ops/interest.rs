//! Declarations of interest: a member declares an interest in an agenda
//! item (with a note saying which); they then do not vote on it and do not
//! count toward its quorum, and the minutes name the declaration. Recorded
//! while the item's minutes can change, like the outcomes.

use chrono::SecondsFormat;
use serde::Serialize;

use super::initiative::derived_id;
use crate::error::{Result, StoreError};
use crate::refusal::{MinutesPart, Refusal};
use crate::{RowChange, Store};

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct InterestView {
    pub id: String,
    pub agenda_item_id: String,
    pub person_id: String,
    pub name: String,
    pub note: Option<String>,
    pub recorded_at: String,
}

/// One declaration per item and person: two replicas recording it meet in
/// one row (a second declaration corrects the note).
fn interest_id(item: &str, person: &str) -> String {
    derived_id(&format!("interest/{item}/{person}"))
}

impl Store {
    /// Declare that `person` (by name or id, a member of the meeting's
    /// committee) has an interest in the agenda item `item` (id or prefix).
    /// Returns the declaration's id.
    pub fn declare_interest(
        &mut self,
        item: &str,
        person: &str,
        note: Option<&str>,
    ) -> Result<String> {
        let item = self.find_agenda_item_by_id(item)?;
        let meeting = self.item_meeting(&item)?;
        self.check_editable(&meeting, MinutesPart::Minutes)?;
        let committee: String = self.conn().query_row(
            "SELECT committee_id FROM meeting WHERE id = ?1",
            [&meeting],
            |r| r.get(0),
        )?;
        let member = self.committee_member(&committee, person)?;
        let note = note
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string);
        let id = interest_id(&item, &member.person_id);
        let now = self.now().to_rfc3339_opts(SecondsFormat::Millis, true);
        let mut batch = Vec::new();
        match self.deleted_flag("interest", &id)? {
            None => batch.push(
                RowChange::insert("interest", id.clone())
                    .set("agenda_item_id", item)
                    .set("person_id", member.person_id)
                    .set("note", note)
                    .set("author_id", self.me().map(str::to_string))
                    .set("recorded_at", now),
            ),
            Some(deleted) => {
                if deleted {
                    batch.push(RowChange::restore("interest", id.clone()));
                }
                batch.push(RowChange::update("interest", id.clone()).set("note", note));
            }
        }
        self.write(batch)?;
        Ok(id)
    }

    /// The declarations of interest in a meeting's items, by item, then name.
    pub fn meeting_interests(&self, meeting: &str) -> Result<Vec<InterestView>> {
        self.interests_where("a.meeting_id = ?1", meeting)
    }

    /// The declarations of interest in one agenda item, by name.
    pub fn item_interests(&self, item: &str) -> Result<Vec<InterestView>> {
        self.interests_where("i.agenda_item_id = ?1", item)
    }

    fn interests_where(&self, filter: &str, key: &str) -> Result<Vec<InterestView>> {
        Ok(self
            .conn()
            .prepare_cached(&format!(
                "SELECT i.id, i.agenda_item_id, i.person_id, p.name, i.note, i.recorded_at
                 FROM interest i JOIN agenda_item a ON a.id = i.agenda_item_id
                 JOIN person p ON p.id = i.person_id
                 WHERE {filter} AND i.deleted = 0
                 ORDER BY a.position, a.id, p.name, p.id"
            ))?
            .query_map([key], |r| {
                Ok(InterestView {
                    id: r.get(0)?,
                    agenda_item_id: r.get(1)?,
                    person_id: r.get(2)?,
                    name: r.get(3)?,
                    note: r.get(4)?,
                    recorded_at: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }
}

/// A live member of a committee, as a vote or a declaration needs one.
pub(crate) struct CommitteeMember {
    pub person_id: String,
    pub name: String,
    pub role: String,
}

impl Store {
    /// `person` (name or id) as a live member of `committee` (an id), or the
    /// refusal saying they are none.
    pub(crate) fn committee_member(
        &self,
        committee: &str,
        person: &str,
    ) -> Result<CommitteeMember> {
        let committee_name: String = self.conn().query_row(
            "SELECT name FROM committee WHERE id = ?1",
            [committee],
            |r| r.get(0),
        )?;
        let not_member = |name: &str| -> StoreError {
            Refusal::NotAMember {
                name: name.to_string(),
                committee: committee_name.clone(),
            }
            .into()
        };
        let person = match self.find_person(person) {
            Ok(p) => p,
            Err(StoreError::NotFound { .. }) => return Err(not_member(person.trim())),
            Err(e) => return Err(e),
        };
        self.members_of(committee)?
            .into_iter()
            .find(|m| m.person_id == person.id)
            .ok_or_else(|| not_member(&person.name))
    }

    /// The live members of a committee (an id), by name.
    pub(crate) fn members_of(&self, committee: &str) -> Result<Vec<CommitteeMember>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT m.person_id, p.name, m.role FROM committee_member m
                 JOIN person p ON p.id = m.person_id
                 WHERE m.committee_id = ?1 AND m.deleted = 0 ORDER BY p.name, p.id",
            )?
            .query_map([committee], |r| {
                Ok(CommitteeMember {
                    person_id: r.get(0)?,
                    name: r.get(1)?,
                    role: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }
}
