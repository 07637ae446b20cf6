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
        let id = derived_id(&format!("committee_member/{committee}/{person}"));
        let exists: i64 = self.conn().query_row(
            "SELECT count(*) FROM committee_member WHERE id = ?1 AND deleted = 0",
            [&id],
            |r| r.get(0),
        )?;
        let change = if exists == 1 {
            RowChange::update("committee_member", id.clone()).set("role", role)
        } else {
            RowChange::insert("committee_member", id.clone())
                .set("committee_id", committee)
                .set("person_id", person)
                .set("role", role)
        };
        self.write(vec![change])?;
        Ok(id)
    }

    /// Record that a committee covers an initiative.
    pub fn cover_initiative(&mut self, committee: &str, initiative: &str) -> Result<()> {
        let committee = self.find_committee(committee)?;
        let initiative = self.find_initiative(initiative)?;
        let id = derived_id(&format!("committee_initiative/{committee}/{initiative}"));
        let exists: i64 = self.conn().query_row(
            "SELECT count(*) FROM committee_initiative WHERE id = ?1",
            [&id],
            |r| r.get(0),
        )?;
        if exists == 0 {
            self.write(vec![RowChange::insert("committee_initiative", id)
                .set("committee_id", committee)
                .set("initiative_id", initiative)])?;
        }
        Ok(())
    }

    pub fn committees(&self) -> Result<Vec<Committee>> {
        let mut out: Vec<Committee> = self
            .conn()
            .prepare_cached(
                "SELECT c.id, c.name, c.kind, c.mandate, p.name FROM committee c
                 LEFT JOIN committee p ON p.id = c.parent_id
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
