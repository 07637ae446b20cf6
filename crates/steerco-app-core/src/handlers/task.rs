//! Tasks of their own and corrections of any task: add, set, comment, show,
//! delete (the board and its states are in work.rs).

use chrono::NaiveDate;
use steerco_store::dates;
use steerco_store::ops::task::{NewTask, TaskDetail, TaskEdit};
use steerco_store::{Result, Store};

use super::{some, some_date};
use crate::requests::*;

/// A date to change: None leaves it, an empty text clears it.
pub(crate) fn date_change(v: Option<String>) -> Result<Option<Option<NaiveDate>>> {
    match v {
        None => Ok(None),
        Some(d) if d.trim().is_empty() => Ok(Some(None)),
        Some(d) => Ok(Some(Some(dates::parse_date(d.trim())?))),
    }
}

/// A task of its own: on the committee's board, else on the board of the
/// one committee that covers the initiative; owner and due date optional.
pub fn task_add(s: &mut Store, r: TaskAddRequest) -> Result<String> {
    s.add_task(NewTask {
        title: r.title,
        owner: some(r.owner),
        due: some_date(r.due)?,
        committee: some(r.committee),
        initiative: some(r.initiative),
        description: some(r.description),
    })
}

/// A field left None stays; an empty owner, due date or description clears
/// it (owner and due only on a task of its own: an action keeps both).
pub fn task_set(s: &mut Store, r: TaskSetRequest) -> Result<()> {
    s.edit_task(
        &r.id,
        TaskEdit {
            title: r.title,
            owner: r.owner,
            due: date_change(r.due)?,
            description: r.description,
        },
    )
}

/// A comment by the acting person: its id.
pub fn task_comment(s: &mut Store, r: TaskCommentRequest) -> Result<String> {
    s.comment_task(&r.id, &r.text)
}

pub fn task_show(s: &Store, r: TaskShowRequest) -> Result<TaskDetail> {
    s.task(&r.id)
}

/// Only a task of its own; a tombstone (the generic undo restores it).
pub fn task_delete(s: &mut Store, r: TaskDeleteRequest) -> Result<()> {
    s.delete_task(&r.id)
}
