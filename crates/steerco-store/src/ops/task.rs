//! Tasks of their own: an outcome of kind `action` that no meeting recorded
//! (no meeting, no agenda item; schema 12), on a committee's board like the
//! actions from minutes. Adding them, correcting any task (title, owner, due
//! date, description), its comment thread (append-only `task_comment`, so
//! concurrent comments are a union) and deleting a task of its own (a
//! tombstone; its comments stay with it, so an undo brings them back).
//!
//! Which board: the committee given; with only an initiative, the one
//! committee that covers it. None or several covering it is refused rather
//! than guessed: a task on the wrong board is seen by the wrong people.

use chrono::{NaiveDate, SecondsFormat};
use serde::Serialize;
use steerco_domain::{OutcomeKind, TaskState};

use crate::error::{Result, StoreError};
use crate::ops::meeting::{TaskFilter, TaskView};
use crate::refusal::{Entity, MinutesPart, Missing, Refusal};
use crate::{new_id, RowChange, Store};

/// A task of its own, as `task add` and the app's form give it.
#[derive(Debug, Clone, Default)]
pub struct NewTask {
    pub title: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub committee: Option<String>,
    pub initiative: Option<String>,
    pub description: Option<String>,
}

/// A correction of a task; None leaves a field as it is. `owner: Some("")`
/// and `due: Some(None)` clear them (a task of its own only: an action from
/// minutes keeps an owner and a due date); `description: Some("")` clears it.
#[derive(Debug, Clone, Default)]
pub struct TaskEdit {
    pub title: Option<String>,
    pub owner: Option<String>,
    pub due: Option<Option<NaiveDate>>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct TaskComment {
    pub id: String,
    pub text: String,
    pub author: Option<String>,
    /// RFC 3339, UTC.
    pub recorded_at: String,
}

/// One task with its comment thread, oldest comment first.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct TaskDetail {
    pub task: TaskView,
    pub comments: Vec<TaskComment>,
}

impl Store {
    /// A person's id by name, or the refusal naming who is missing.
    fn task_person(&self, name: &str) -> Result<String> {
        match self.find_person(name) {
            Ok(p) => Ok(p.id),
            Err(StoreError::NotFound { .. }) => Err(Refusal::NoSuchPerson {
                name: name.trim().to_string(),
            }
            .into()),
            Err(e) => Err(e),
        }
    }

    /// The board of a new task: the committee, else the one committee that
    /// covers the initiative.
    fn task_board(&self, committee: Option<&str>, initiative: Option<&str>) -> Result<String> {
        if let Some(c) = committee {
            return self.find_committee(c);
        }
        let Some(code) = initiative else {
            return Err(Refusal::TaskNeedsBoard.into());
        };
        let initiative = self.find_initiative(code)?;
        let boards: Vec<String> = self
            .conn()
            .prepare_cached(
                "SELECT DISTINCT ci.committee_id FROM committee_initiative ci
                 JOIN committee c ON c.id = ci.committee_id
                 WHERE ci.initiative_id = ?1 AND ci.deleted = 0 AND c.deleted = 0",
            )?
            .query_map([&initiative], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        match boards.as_slice() {
            [one] => Ok(one.clone()),
            _ => Err(Refusal::TaskBoardUnclear {
                initiative: code.trim().to_string(),
                committees: boards.len() as i64,
            }
            .into()),
        }
    }

    /// Add a task of its own (to do); its id.
    pub fn add_task(&mut self, new: NewTask) -> Result<String> {
        let title = new.title.trim();
        if title.is_empty() {
            return Err(Refusal::Missing {
                what: Missing::TaskTitle,
            }
            .into());
        }
        let committee = non_empty(new.committee.as_deref());
        let initiative = non_empty(new.initiative.as_deref());
        let board = self.task_board(committee, initiative)?;
        let initiative = initiative.map(|i| self.find_initiative(i)).transpose()?;
        let owner = non_empty(new.owner.as_deref())
            .map(|o| self.task_person(o))
            .transpose()?;
        let id = new_id();
        self.write(vec![RowChange::insert("outcome", id.clone())
            .set("kind", OutcomeKind::Action)
            .set("text", title)
            .set(
                "recorded_at",
                self.now().to_rfc3339_opts(SecondsFormat::Millis, true),
            )
            .set("initiative_id", initiative)
            .set("owner_id", owner)
            .set("due_date", new.due.map(|d| d.to_string()))
            .set("task_state", TaskState::Todo)
            .set("board_committee_id", board)
            .set(
                "description",
                non_empty(new.description.as_deref()).map(str::to_string),
            )])?;
        Ok(id)
    }

    /// The meeting whose minutes recorded task `id` (none for its own).
    fn task_meeting(&self, id: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row("SELECT meeting_id FROM outcome WHERE id = ?1", [id], |r| {
                r.get(0)
            })?)
    }

    /// Correct a task in one change. The title of an action is its text in
    /// the minutes, so it changes only while they can (never once approved);
    /// a new owner or due date keeps the decided ones for the minutes.
    pub fn edit_task(&mut self, key: &str, edit: TaskEdit) -> Result<()> {
        let id = self.find_task(key)?;
        if edit.title.is_none()
            && edit.owner.is_none()
            && edit.due.is_none()
            && edit.description.is_none()
        {
            return Err(Refusal::NothingToChange.into());
        }
        let (text, description): (String, Option<String>) = self.conn().query_row(
            "SELECT text, description FROM outcome WHERE id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut change = RowChange::update("outcome", id.clone());
        let mut changed = false;
        if let Some(title) = edit.title.as_deref().map(str::trim) {
            if title.is_empty() {
                return Err(Refusal::Missing {
                    what: Missing::TaskTitle,
                }
                .into());
            }
            if title != text {
                if let Some(meeting) = self.task_meeting(&id)? {
                    self.check_editable(&meeting, MinutesPart::Minutes)?;
                }
                change = change.set("text", title);
                changed = true;
            }
        }
        if let Some(d) = edit.description.as_deref() {
            let d = non_empty(Some(d)).map(str::to_string);
            if d != description {
                change = change.set("description", d);
                changed = true;
            }
        }
        let before = change.fields.len();
        change = self.reassignment(&id, change, edit.owner.as_deref(), edit.due)?;
        changed |= change.fields.len() > before;
        if changed {
            self.write(vec![change])?;
        }
        Ok(())
    }

    /// Add a comment to a task's thread, by the acting person, now; its id.
    pub fn comment_task(&mut self, key: &str, text: &str) -> Result<String> {
        let id = self.find_task(key)?;
        let text = text.trim();
        if text.is_empty() {
            return Err(Refusal::Missing {
                what: Missing::CommentText,
            }
            .into());
        }
        let comment = new_id();
        self.write(vec![RowChange::insert("task_comment", comment.clone())
            .set("task_id", id)
            .set("text", text)
            .set("author_id", self.me().map(str::to_string))
            .set(
                "recorded_at",
                self.now().to_rfc3339_opts(SecondsFormat::Millis, true),
            )])?;
        Ok(comment)
    }

    /// One task with its comments.
    pub fn task(&self, key: &str) -> Result<TaskDetail> {
        let id = self.find_task(key)?;
        let task = self
            .task_rows(&TaskFilter::default(), Some(&id))?
            .pop()
            // An action whose board or meeting is gone is not on any board.
            .ok_or_else(|| StoreError::NotFound {
                kind: Entity::Task,
                key: key.to_string(),
            })?;
        let comments = self
            .conn()
            .prepare_cached(
                "SELECT k.id, k.text, p.name, k.recorded_at FROM task_comment k
                 LEFT JOIN person p ON p.id = k.author_id
                 WHERE k.task_id = ?1 AND k.deleted = 0
                 ORDER BY k.recorded_at, k.stamp, k.id",
            )?
            .query_map([&id], |r| {
                Ok(TaskComment {
                    id: r.get(0)?,
                    text: r.get(1)?,
                    author: r.get(2)?,
                    recorded_at: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(TaskDetail { task, comments })
    }

    /// Delete a task of its own (a tombstone, so it can be restored). An
    /// action from minutes is refused: it is part of its meeting's record.
    pub fn delete_task(&mut self, key: &str) -> Result<()> {
        let id = self.find_task(key)?;
        if self.task_meeting(&id)?.is_some() {
            return Err(Refusal::NotOwnTask.into());
        }
        self.write(vec![RowChange::delete("outcome", id)])?;
        Ok(())
    }
}

/// A trimmed text, none when empty.
fn non_empty(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|s| !s.is_empty())
}
