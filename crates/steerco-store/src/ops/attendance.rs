//! Attendance: invited, present or apologies, per meeting and person. A new
//! meeting invites the committee's members.

use serde::Serialize;
use steerco_domain::Attendance;

use super::initiative::derived_id;
use crate::error::{Result, StoreError};
use crate::refusal::{word, MinutesPart};
use crate::{RowChange, Store};

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AttendanceView {
    pub person_id: String,
    pub name: String,
    /// The person's role in the committee, if a member.
    pub role: Option<String>,
    pub status: String,
}

pub(crate) fn attendance_id(meeting: &str, person: &str) -> String {
    derived_id(&format!("attendance/{meeting}/{person}"))
}

impl Store {
    /// Record whether a person (by name; added when new) is invited, present
    /// or sent apologies.
    pub fn set_attendance(&mut self, meeting: &str, person: &str, status: &str) -> Result<()> {
        let status: Attendance = word(status)?;
        let meeting = self.find_meeting(meeting)?;
        // Attendance is part of the minutes: read-only once they are approved.
        self.check_editable(&meeting, MinutesPart::Attendance)?;
        let person = match self.find_person(person) {
            Ok(p) => p.id,
            Err(StoreError::NotFound { .. }) => self.add_person(person, false)?,
            Err(e) => return Err(e),
        };
        let id = attendance_id(&meeting, &person);
        let exists: i64 = self.conn().query_row(
            "SELECT count(*) FROM attendance WHERE id = ?1",
            [&id],
            |r| r.get(0),
        )?;
        let change = if exists == 1 {
            RowChange::update("attendance", id).set("status", status)
        } else {
            RowChange::insert("attendance", id)
                .set("meeting_id", meeting)
                .set("person_id", person)
                .set("status", status)
        };
        self.write(vec![change])?;
        Ok(())
    }

    pub fn attendance(&self, meeting_id: &str) -> Result<Vec<AttendanceView>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT p.id, p.name, cm.role, a.status FROM attendance a
                 JOIN meeting m ON m.id = a.meeting_id
                 JOIN person p ON p.id = a.person_id
                 LEFT JOIN committee_member cm ON cm.committee_id = m.committee_id
                   AND cm.person_id = a.person_id AND cm.deleted = 0
                 WHERE a.meeting_id = ?1 AND a.deleted = 0
                 ORDER BY CASE cm.role WHEN 'chair' THEN 0 WHEN 'secretary' THEN 1
                   WHEN 'member' THEN 2 WHEN 'observer' THEN 3 ELSE 4 END, p.name",
            )?
            .query_map([meeting_id], |r| {
                Ok(AttendanceView {
                    person_id: r.get(0)?,
                    name: r.get(1)?,
                    role: r.get(2)?,
                    status: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The invitations of a new meeting: every member of its committee.
    pub(crate) fn invitations(&self, meeting: &str, committee: &str) -> Result<Vec<RowChange>> {
        let people: Vec<String> = self
            .conn()
            .prepare_cached(
                "SELECT person_id FROM committee_member WHERE committee_id = ?1 AND deleted = 0",
            )?
            .query_map([committee], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(people
            .into_iter()
            .map(|p| {
                RowChange::insert("attendance", attendance_id(meeting, &p))
                    .set("meeting_id", meeting.to_string())
                    .set("person_id", p)
                    .set("status", Attendance::Invited)
            })
            .collect())
    }
}
