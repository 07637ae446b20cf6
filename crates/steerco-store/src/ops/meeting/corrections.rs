//! Corrections of the record: an agenda item's details, an outcome's text
//! (a typo in a decision is fixed, not superseded) and an action's owner
//! and due date as decided, and deletes (tombstones; an agenda item takes
//! its outcomes with it, in the same batch, so its undo brings them back).
//! Each is checked against the meeting's state like the edit it is.

use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use steerco_domain::{DecisionStatus, OutcomeKind};

use crate::error::{Result, StoreError};
use crate::refusal::{word, Entity, MinutesPart, Missing, Refusal};
use crate::{RowChange, Store};

/// What `agenda set` changes; `None` leaves a field as it is, an empty
/// presenter or initiative clears it.
#[derive(Debug, Clone, Default)]
pub struct AgendaItemEdit {
    pub title: Option<String>,
    pub presenter: Option<String>,
    pub duration_min: Option<i64>,
    /// An initiative's code or id.
    pub initiative: Option<String>,
    pub closed: Option<bool>,
}

impl Store {
    /// A live agenda item of a live meeting by id or unique id prefix.
    pub fn find_agenda_item_by_id(&self, key: &str) -> Result<String> {
        self.find_by_id(
            "agenda_item",
            "deleted = 0 AND meeting_id IN (SELECT id FROM meeting WHERE deleted = 0)",
            Entity::AgendaItem,
            key,
        )
    }

    pub(crate) fn item_meeting(&self, item: &str) -> Result<String> {
        Ok(self.conn().query_row(
            "SELECT meeting_id FROM agenda_item WHERE id = ?1",
            [item],
            |r| r.get(0),
        )?)
    }

    /// Correct an agenda item while the agenda can change. Only changed
    /// fields are written.
    pub fn edit_agenda_item(&mut self, key: &str, edit: AgendaItemEdit) -> Result<()> {
        let id = self.find_agenda_item_by_id(key)?;
        if edit.title.is_none()
            && edit.presenter.is_none()
            && edit.duration_min.is_none()
            && edit.initiative.is_none()
            && edit.closed.is_none()
        {
            return Err(Refusal::NothingToChange.into());
        }
        self.check_editable(&self.item_meeting(&id)?, MinutesPart::Agenda)?;
        type Row = (String, Option<String>, Option<i64>, Option<String>, bool);
        let (title, presenter, duration, initiative, closed): Row = self.conn().query_row(
            "SELECT title, presenter, duration_min, initiative_id, closed FROM agenda_item
             WHERE id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
        let mut change = RowChange::update("agenda_item", id);
        let mut changed = false;
        if let Some(t) = edit.title.as_deref().map(str::trim) {
            if t.is_empty() {
                return Err(Refusal::Missing {
                    what: Missing::AgendaItemTitle,
                }
                .into());
            }
            if t != title {
                change = change.set("title", t);
                changed = true;
            }
        }
        if let Some(p) = edit.presenter.as_deref().map(str::trim) {
            let p = Some(p.to_string()).filter(|p| !p.is_empty());
            if p != presenter {
                change = change.set("presenter", p);
                changed = true;
            }
        }
        if let Some(d) = edit.duration_min {
            if !(0..=24 * 60).contains(&d) {
                return Err(Refusal::ItemDuration.into());
            }
            if Some(d) != duration {
                change = change.set("duration_min", d);
                changed = true;
            }
        }
        if let Some(i) = edit.initiative.as_deref().map(str::trim) {
            let i = if i.is_empty() {
                None
            } else {
                Some(self.find_initiative(i)?)
            };
            if i != initiative {
                change = change.set("initiative_id", i);
                changed = true;
            }
        }
        if let Some(c) = edit.closed.filter(|c| *c != closed) {
            change = change.set("closed", c);
            changed = true;
        }
        if changed {
            self.write(vec![change])?;
        }
        Ok(())
    }

    /// Delete an agenda item while the agenda can change; its outcomes go
    /// with it in the same batch, right after it (see `Store::restore`).
    /// Returns the item's id, for an undo.
    pub fn delete_agenda_item(&mut self, key: &str) -> Result<String> {
        let id = self.find_agenda_item_by_id(key)?;
        self.check_editable(&self.item_meeting(&id)?, MinutesPart::Agenda)?;
        let outcomes: Vec<String> = self
            .conn()
            .prepare_cached(
                "SELECT id FROM outcome WHERE agenda_item_id = ?1 AND deleted = 0 ORDER BY id",
            )?
            .query_map([&id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut batch = vec![RowChange::delete("agenda_item", id.clone())];
        batch.extend(
            outcomes
                .into_iter()
                .map(|o| RowChange::delete("outcome", o)),
        );
        self.write(batch)?;
        Ok(id)
    }

    /// The meeting of an outcome (none for a task of its own) and its kind.
    fn outcome_place(&self, id: &str) -> Result<(Option<String>, OutcomeKind)> {
        let (meeting, kind): (Option<String>, String) = self.conn().query_row(
            "SELECT meeting_id, kind FROM outcome WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((meeting, word(&kind)?))
    }

    /// Correct an outcome while its minutes can change: its text, and for an
    /// action its owner and due date as decided (the task's own move with
    /// them: the correction is what was decided). Only changed fields are
    /// written.
    pub fn edit_outcome(
        &mut self,
        key: &str,
        text: Option<&str>,
        owner: Option<&str>,
        due: Option<NaiveDate>,
    ) -> Result<()> {
        let id = self.find_outcome(key)?;
        if text.is_none() && owner.is_none() && due.is_none() {
            return Err(Refusal::NothingToChange.into());
        }
        let (meeting, kind) = self.outcome_place(&id)?;
        if kind != OutcomeKind::Action && (owner.is_some() || due.is_some()) {
            return Err(Refusal::OnlyActionsHaveOwners.into());
        }
        if let Some(meeting) = &meeting {
            self.check_editable(meeting, MinutesPart::Minutes)?;
        }
        let text = text.map(str::trim);
        if text == Some("") {
            return Err(Refusal::Missing {
                what: Missing::OutcomeText,
            }
            .into());
        }
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
        type Row = (
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let (old_text, own_owner, own_due, decided_owner, decided_due): Row =
            self.conn().query_row(
                "SELECT text, owner_id, due_date, decided_owner_id, decided_due_date
                 FROM outcome WHERE id = ?1",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )?;
        // Minutes keep what was decided; a task of its own has only its own.
        let decided = meeting.is_some();
        let differs = |new: &String, own: &Option<String>, dec: &Option<String>| {
            Some(new) != own.as_ref() || (decided && Some(new) != dec.as_ref())
        };
        let mut change = RowChange::update("outcome", id);
        let mut changed = false;
        if let Some(t) = text.filter(|t| *t != old_text) {
            change = change.set("text", t);
            changed = true;
        }
        if let Some(o) = owner.filter(|o| differs(o, &own_owner, &decided_owner)) {
            if decided {
                change = change.set("decided_owner_id", o.clone());
            }
            change = change.set("owner_id", o);
            changed = true;
        }
        if let Some(d) = due
            .map(|d| d.to_string())
            .filter(|d| differs(d, &own_due, &decided_due))
        {
            if decided {
                change = change.set("decided_due_date", d.clone());
            }
            change = change.set("due_date", d);
            changed = true;
        }
        if changed {
            self.write(vec![change])?;
        }
        Ok(())
    }

    /// Delete an outcome (a wrong note, a decision or action recorded by
    /// mistake) while its minutes can change. Returns its id, for an undo.
    pub fn delete_outcome(&mut self, key: &str) -> Result<String> {
        let id = self.find_outcome(key)?;
        if let (Some(meeting), _) = self.outcome_place(&id)? {
            self.check_editable(&meeting, MinutesPart::Minutes)?;
        }
        let mut batch = vec![RowChange::delete("outcome", id.clone())];
        // A decision recorded by mistake no longer supersedes the one it
        // named: that one is in force again (its undo supersedes it again).
        if let Some(old) = self.superseded_by(&id)? {
            batch.push(
                RowChange::update("outcome", old).set("decision_status", DecisionStatus::Adopted),
            );
        }
        self.write(batch)?;
        Ok(id)
    }

    /// The decision `id` supersedes, while that one is marked superseded.
    pub(crate) fn superseded_by(&self, id: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT old.id FROM outcome o JOIN outcome old ON old.id = o.supersedes_id
                 WHERE o.id = ?1 AND o.kind = 'decision'
                   AND old.decision_status = 'superseded' AND old.deleted = 0",
                [id],
                |r| r.get(0),
            )
            .optional()?)
    }
}
