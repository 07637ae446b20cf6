//! Committees (portfolio steering group, steering groups, working groups),
//! their members and the initiatives they cover. Roles are advisory in this
//! version: they are shown, not enforced.

use serde::Serialize;
use steerco_domain::{CommitteeKind, Role};

use super::initiative::derived_id;
use crate::error::{Result, StoreError};
use crate::refusal::{word, Entity, Missing, Refusal};
use crate::{new_id, RowChange, Store};

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Committee {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub mandate: Option<String>,
    pub parent: Option<String>,
    pub members: Vec<Member>,
    /// Codes of the initiatives it covers.
    pub initiatives: Vec<String>,
    /// Its quorum and casting vote (`committee set --quorum`).
    pub voting: super::vote::VotingRules,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Member {
    pub person_id: String,
    pub name: String,
    pub role: String,
}

impl Store {
    /// A committee by exact name or id (prefix).
    pub fn find_committee(&self, key: &str) -> Result<String> {
        let rows: Vec<(String, String)> = self
            .conn()
            .prepare_cached("SELECT id, name FROM committee WHERE deleted = 0")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        super::resolve(
            Entity::Committee,
            key,
            rows.iter().map(|(id, name)| (id.as_str(), name.as_str())),
        )
    }

    pub fn add_committee(
        &mut self,
        name: &str,
        kind: &str,
        parent: Option<&str>,
        mandate: Option<&str>,
    ) -> Result<String> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Refusal::Missing {
                what: Missing::CommitteeName,
            }
            .into());
        }
        let kind: CommitteeKind = word(kind)?;
        if self.find_committee(name).is_ok() {
            return Err(Refusal::CommitteeExists {
                name: name.to_string(),
            }
            .into());
        }
        let parent = parent.map(|p| self.find_committee(p)).transpose()?;
        let id = new_id();
        self.write(vec![RowChange::insert("committee", id.clone())
            .set("name", name)
            .set("kind", kind)
            .set("parent_id", parent)
            .set("mandate", mandate.map(str::to_string))
            .set("sample", false)])?;
        Ok(id)
    }

    /// Change a committee's name, mandate or parent; `None` leaves a field,
    /// an empty text clears the mandate or the parent. Only changed fields
    /// are written.
    pub fn edit_committee(
        &mut self,
        key: &str,
        name: Option<&str>,
        mandate: Option<&str>,
        parent: Option<&str>,
    ) -> Result<()> {
        let id = self.find_committee(key)?;
        let current = self
            .committees()?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| StoreError::NotFound {
                kind: Entity::Committee,
                key: key.to_string(),
            })?;
        let mut change = RowChange::update("committee", id.clone());
        let mut changed = false;
        if let Some(name) = name.map(str::trim).filter(|n| *n != current.name) {
            if name.is_empty() {
                return Err(Refusal::Missing {
                    what: Missing::CommitteeName,
                }
                .into());
            }
            if self.find_committee(name).is_ok() {
                return Err(Refusal::CommitteeExists {
                    name: name.to_string(),
                }
                .into());
            }
            change = change.set("name", name);
            changed = true;
        }
        if let Some(m) = mandate {
            let m = Some(m.trim().to_string()).filter(|m| !m.is_empty());
            if m != current.mandate {
                change = change.set("mandate", m);
                changed = true;
            }
        }
        if let Some(p) = parent {
            let p = p.trim();
            let parent_id = if p.is_empty() {
                None
            } else {
                let pid = self.find_committee(p)?;
                // A committee cannot report to itself or to one below it.
                let mut at = Some(pid.clone());
                while let Some(c) = at {
                    if c == id {
                        return Err(Refusal::CommitteeCycle.into());
                    }
                    at = self.conn().query_row(
                        "SELECT parent_id FROM committee WHERE id = ?1",
                        [&c],
                        |r| r.get(0),
                    )?;
                }
                Some(pid)
            };
            let before: Option<String> = self.conn().query_row(
                "SELECT parent_id FROM committee WHERE id = ?1",
                [&id],
                |r| r.get(0),
            )?;
            if parent_id != before {
                change = change.set("parent_id", parent_id);
                changed = true;
            }
        }
        if changed {
            self.write(vec![change])?;
        }
        Ok(())
    }

    /// Add a person (by name; created when new) to a committee with a role,
    /// or change the role of one already there.
    pub fn add_member(&mut self, committee: &str, person: &str, role: &str) -> Result<String> {
        let role: Role = word(role)?;
        let committee = self.find_committee(committee)?;
        let person = match self.find_person(person) {
            Ok(p) => p.id,
            Err(StoreError::NotFound { .. }) => self.add_person(person, false)?,
            Err(e) => return Err(e),
        };
        let id = member_id(&committee, &person);
        // The row's id comes from committee and person: a member removed
        // before comes back as the same row (restored), never a second one.
        let deleted = self.deleted_flag("committee_member", &id)?;
        let mut batch = Vec::new();
        match deleted {
            None => batch.push(
                RowChange::insert("committee_member", id.clone())
                    .set("committee_id", committee)
                    .set("person_id", person)
                    .set("role", role),
            ),
            Some(deleted) => {
                if deleted {
                    batch.push(RowChange::restore("committee_member", id.clone()));
                }
                batch.push(RowChange::update("committee_member", id.clone()).set("role", role));
            }
        }
        self.write(batch)?;
        Ok(id)
    }

    /// The membership row of a person (by name or id) in a committee, live
    /// or removed; not found when the person never was a member.
    pub fn find_member(&self, committee: &str, person: &str) -> Result<(String, bool)> {
        let committee = self.find_committee(committee)?;
        let not_member = || StoreError::NotFound {
            kind: Entity::Member,
            key: person.trim().to_string(),
        };
        let person = match self.find_person(person) {
            Ok(p) => p.id,
            Err(StoreError::NotFound { .. }) => return Err(not_member()),
            Err(e) => return Err(e),
        };
        let id = member_id(&committee, &person);
        let deleted = self.deleted_flag("committee_member", &id)?;
        deleted.map(|d| (id, d)).ok_or_else(not_member)
    }

    /// The live membership row of a person in a committee.
    fn live_member(&self, committee: &str, person: &str) -> Result<String> {
        match self.find_member(committee, person)? {
            (id, false) => Ok(id),
            (_, true) => Err(StoreError::NotFound {
                kind: Entity::Member,
                key: person.trim().to_string(),
            }),
        }
    }

    /// Change a member's role (the person must be a member already).
    pub fn set_member_role(&mut self, committee: &str, person: &str, role: &str) -> Result<()> {
        let role: Role = word(role)?;
        let id = self.live_member(committee, person)?;
        let current: String = self.conn().query_row(
            "SELECT role FROM committee_member WHERE id = ?1",
            [&id],
            |r| r.get(0),
        )?;
        if current != role.as_str() {
            self.write(vec![
                RowChange::update("committee_member", id).set("role", role)
            ])?;
        }
        Ok(())
    }

    /// Remove a person from a committee (a tombstone: the undo restores it).
    /// Meetings already planned keep their invitations. Returns the row's id.
    pub fn remove_member(&mut self, committee: &str, person: &str) -> Result<String> {
        let id = self.live_member(committee, person)?;
        self.write(vec![RowChange::delete("committee_member", id.clone())])?;
        Ok(id)
    }

    /// Delete a committee that has no meetings (their minutes name it),
    /// with what is its alone (`COMMITTEE_PARTS`: memberships, the
    /// initiatives it covers, its backlog, the tasks of its own on its
    /// board), in one batch, the committee first (see `Store::restore`).
    /// Returns its id.
    pub fn delete_committee(&mut self, key: &str) -> Result<String> {
        let id = self.find_committee(key)?;
        let (name, meetings): (String, i64) = self.conn().query_row(
            "SELECT name, (SELECT count(*) FROM meeting m WHERE m.committee_id = c.id
                             AND m.deleted = 0)
             FROM committee c WHERE id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if meetings > 0 {
            return Err(Refusal::CommitteeHasMeetings { name, meetings }.into());
        }
        // Its written resolutions (ops/vote) are a record like minutes.
        let resolutions: i64 = self.conn().query_row(
            "SELECT count(*) FROM vote WHERE committee_id = ?1 AND deleted = 0",
            [&id],
            |r| r.get(0),
        )?;
        if resolutions > 0 {
            return Err(Refusal::CommitteeHasResolutions { name, resolutions }.into());
        }
        let mut batch = vec![RowChange::delete("committee", id.clone())];
        for (table, column) in COMMITTEE_PARTS {
            // A committee without meetings has no actions from minutes on
            // its board, only tasks of its own.
            let rows: Vec<String> = self
                .conn()
                .prepare(&format!(
                    "SELECT id FROM {table} WHERE {column} = ?1 AND deleted = 0 ORDER BY id"
                ))?
                .query_map([&id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            batch.extend(rows.into_iter().map(|r| RowChange::delete(table, r)));
        }
        self.write(batch)?;
        Ok(id)
    }

    /// Record that a committee covers an initiative.
    pub fn cover_initiative(&mut self, committee: &str, initiative: &str) -> Result<()> {
        let committee = self.find_committee(committee)?;
        let initiative = self.find_initiative(initiative)?;
        let id = derived_id(&format!("committee_initiative/{committee}/{initiative}"));
        match self.deleted_flag("committee_initiative", &id)? {
            None => {
                self.write(vec![RowChange::insert("committee_initiative", id)
                    .set("committee_id", committee)
                    .set("initiative_id", initiative)])?;
            }
            // Covered before, then removed (with a deleted committee).
            Some(true) => {
                self.write(vec![RowChange::restore("committee_initiative", id)])?;
            }
            Some(false) => {}
        }
        Ok(())
    }

    pub fn committees(&self) -> Result<Vec<Committee>> {
        let mut out: Vec<Committee> = self
            .conn()
            .prepare_cached(
                "SELECT c.id, c.name, c.kind, c.mandate, p.name, coalesce(c.quorum, 0), c.casting_vote
                 FROM committee c
                 LEFT JOIN committee p ON p.id = c.parent_id AND p.deleted = 0
                 WHERE c.deleted = 0 ORDER BY
                   CASE c.kind WHEN 'portfolio' THEN 0 WHEN 'steering' THEN 1 ELSE 2 END, c.name",
            )?
            .query_map([], |r| {
                Ok(Committee {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    kind: r.get(2)?,
                    mandate: r.get(3)?,
                    parent: r.get(4)?,
                    members: Vec::new(),
                    initiatives: Vec::new(),
                    voting: super::vote::VotingRules {
                        quorum: r.get::<_, i64>(5)?.max(0),
                        casting_vote: r.get(6)?,
                    },
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        for c in &mut out {
            c.members = self
                .conn()
                .prepare_cached(
                    "SELECT p.id, p.name, m.role FROM committee_member m
                     JOIN person p ON p.id = m.person_id
                     WHERE m.committee_id = ?1 AND m.deleted = 0
                     ORDER BY CASE m.role WHEN 'chair' THEN 0 WHEN 'secretary' THEN 1
                       WHEN 'member' THEN 2 ELSE 3 END, p.name",
                )?
                .query_map([&c.id], |r| {
                    Ok(Member {
                        person_id: r.get(0)?,
                        name: r.get(1)?,
                        role: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            c.initiatives = self
                .conn()
                .prepare_cached(
                    "SELECT i.code FROM committee_initiative ci
                     JOIN initiative i ON i.id = ci.initiative_id
                     WHERE ci.committee_id = ?1 AND ci.deleted = 0 AND i.deleted = 0
                     ORDER BY i.code",
                )?
                .query_map([&c.id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
        }
        Ok(out)
    }
}

/// The rows a committee's delete takes with it (table, the column naming
/// the committee), and its undo brings back: nothing of a deleted committee
/// is left on a board or a backlog under its name.
pub(crate) const COMMITTEE_PARTS: [(&str, &str); 4] = [
    ("committee_member", "committee_id"),
    ("committee_initiative", "committee_id"),
    ("topic", "committee_id"),
    ("outcome", "board_committee_id"),
];

/// The id of a person's membership of a committee: derived from the two,
/// so two replicas adding the same member meet in one row.
fn member_id(committee: &str, person: &str) -> String {
    derived_id(&format!("committee_member/{committee}/{person}"))
}
