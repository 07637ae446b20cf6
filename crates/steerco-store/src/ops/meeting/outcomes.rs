//! What the minutes record for an agenda item: notes, decisions and
//! actions, and corrections to their text while the minutes can change.

use chrono::{NaiveDate, SecondsFormat};
use steerco_domain::{DecisionStatus, OutcomeKind, TaskState};

use crate::error::{Result, StoreError};
use crate::refusal::{Entity, MinutesPart, Missing, Refusal};
use crate::{new_id, RowChange, Store};

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

impl Store {
    /// Record an outcome of an agenda item (a note, a decision or an action).
    pub fn add_outcome(
        &mut self,
        meeting: &str,
        item: &str,
        outcome: NewOutcome,
    ) -> Result<String> {
        let meeting = self.find_meeting(meeting)?;
        self.check_editable(&meeting, MinutesPart::Minutes)?;
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
                change = change.set("kind", OutcomeKind::Note);
                text
            }
            NewOutcome::Decision { text, supersedes } => {
                change = change
                    .set("kind", OutcomeKind::Decision)
                    .set("decision_status", DecisionStatus::Adopted);
                if let Some(old) = supersedes {
                    let old = self.find_decision(&old)?;
                    change = change.set("supersedes_id", old.clone());
                    extra.push(
                        RowChange::update("outcome", old)
                            .set("decision_status", DecisionStatus::Superseded),
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
                    .set("kind", OutcomeKind::Action)
                    // The minutes keep these as decided; the task's own
                    // owner and due date may move on.
                    .set("decided_owner_id", owner.clone())
                    .set("decided_due_date", due.to_string())
                    .set("owner_id", owner)
                    .set("due_date", due.to_string())
                    .set("task_state", TaskState::Todo)
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

    /// An outcome (note, decision or action) by id or id prefix.
    pub fn find_outcome(&self, key: &str) -> Result<String> {
        self.find_by_id("outcome", "deleted = 0", Entity::Outcome, key)
    }

    /// Correct the text of an outcome while its minutes can change.
    pub fn set_outcome_text(&mut self, key: &str, text: &str) -> Result<()> {
        let id = self.find_outcome(key)?;
        let meeting: Option<String> =
            self.conn()
                .query_row("SELECT meeting_id FROM outcome WHERE id = ?1", [&id], |r| {
                    r.get(0)
                })?;
        // A task of its own (no meeting) has no minutes to lock it.
        if let Some(meeting) = meeting {
            self.check_editable(&meeting, MinutesPart::Minutes)?;
        }
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
}
