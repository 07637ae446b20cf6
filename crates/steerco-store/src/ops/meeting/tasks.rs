//! Actions as tasks on their committee's board: state, owner and due date
//! move on after the meeting (the minutes keep them as decided). Tasks of
//! their own (no meeting) are on the same boards; adding, correcting,
//! commenting and deleting them is `ops/task.rs`.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::types::Type;
use rusqlite::Error::FromSqlConversionFailure;
use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::error::{Result, StoreError};
use steerco_domain::TaskState;

use crate::refusal::{word, Entity, Missing, Refusal};
use crate::{RowChange, Store};

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct TaskView {
    pub id: String,
    pub text: String,
    pub owner: Option<String>,
    pub owner_id: Option<String>,
    pub due_date: Option<String>,
    pub state: String,
    pub committee: String,
    /// The board it is on (a committee id; names may repeat).
    pub committee_id: String,
    /// The meeting whose minutes recorded it; none for a task of its own.
    pub meeting: Option<String>,
    pub meeting_id: Option<String>,
    pub initiative: Option<String>,
    pub overdue: bool,
    pub description: Option<String>,
    /// A task of its own (added directly, not from minutes): only these can
    /// be deleted, and their title is theirs to change.
    pub own: bool,
    /// How many comments its thread holds.
    pub comments: usize,
}

/// Filters of the task list.
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    pub mine: bool,
    pub overdue: bool,
    pub committee: Option<String>,
    pub initiative: Option<String>,
}

impl Store {
    pub fn find_task(&self, key: &str) -> Result<String> {
        self.find_by_id(
            "outcome",
            "kind = 'action' AND deleted = 0",
            Entity::Task,
            key,
        )
    }

    pub fn set_task_state(&mut self, key: &str, state: &str) -> Result<()> {
        let state: TaskState = word(state)?;
        let id = self.find_task(key)?;
        self.write(vec![
            RowChange::update("outcome", id).set("task_state", state)
        ])?;
        Ok(())
    }

    /// Give a task another owner or due date. The minutes keep the ones
    /// decided in the meeting: an action recorded before schema 10 gets them
    /// written down first, in the same change (its task's were never changed
    /// before), so a reassignment is never a change to approved minutes.
    pub fn reassign_task(
        &mut self,
        key: &str,
        owner: Option<&str>,
        due: Option<NaiveDate>,
    ) -> Result<()> {
        let id = self.find_task(key)?;
        if owner.is_none() && due.is_none() {
            return Err(Refusal::NothingToChange.into());
        }
        let change = RowChange::update("outcome", id.clone());
        let change = self.reassignment(&id, change, owner, due.map(Some))?;
        self.write(vec![change])?;
        Ok(())
    }

    /// Add a new owner (a name) or due date to `change` of task `id`. An
    /// action from minutes keeps both (empty refused; its decided ones
    /// written down first when missing); a task of its own may lose them
    /// (`Some("")`, `Some(None)`).
    pub(crate) fn reassignment(
        &self,
        id: &str,
        mut change: RowChange,
        owner: Option<&str>,
        due: Option<Option<NaiveDate>>,
    ) -> Result<RowChange> {
        type Row = (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let (meeting, owner_id, due_date, decided_owner, decided_due): Row =
            self.conn().query_row(
                "SELECT meeting_id, owner_id, due_date, decided_owner_id, decided_due_date
             FROM outcome WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )?;
        let from_minutes = meeting.is_some();
        let owner = match owner.map(str::trim) {
            None => None,
            Some("") if !from_minutes => Some(None),
            Some("") => {
                return Err(Refusal::Missing {
                    what: Missing::ActionOwner,
                }
                .into())
            }
            Some(name) => match self.find_person(name) {
                Ok(p) => Some(Some(p.id)),
                Err(StoreError::NotFound { .. }) => {
                    return Err(Refusal::NoSuchPerson {
                        name: name.to_string(),
                    }
                    .into())
                }
                Err(e) => return Err(e),
            },
        };
        if from_minutes && due == Some(None) {
            return Err(Refusal::Missing {
                what: Missing::ActionDue,
            }
            .into());
        }
        if owner.is_none() && due.is_none() {
            return Ok(change);
        }
        // Only minutes have decided ones to keep.
        if from_minutes && decided_owner.is_none() && owner_id.is_some() {
            change = change.set("decided_owner_id", owner_id);
        }
        if from_minutes && decided_due.is_none() && due_date.is_some() {
            change = change.set("decided_due_date", due_date);
        }
        if let Some(owner) = owner {
            change = change.set("owner_id", owner);
        }
        if let Some(due) = due {
            change = change.set("due_date", due.map(|d| d.to_string()));
        }
        Ok(change)
    }

    /// Actions as tasks, due first; overdue ones are marked.
    pub fn tasks(&self, filter: &TaskFilter) -> Result<Vec<TaskView>> {
        self.task_rows(filter, None)
    }

    /// The tasks `filter` lets through; with `only`, just that one (an id).
    pub(crate) fn task_rows(
        &self,
        filter: &TaskFilter,
        only: Option<&str>,
    ) -> Result<Vec<TaskView>> {
        let today = self.today()?.to_string();
        let committee = filter
            .committee
            .as_deref()
            .map(|c| self.find_committee(c))
            .transpose()?;
        let initiative = filter
            .initiative
            .as_deref()
            .map(|i| self.find_initiative(i))
            .transpose()?;
        let me = self.me().map(str::to_string);
        // Committees, people and comment counts are few beside the tasks:
        // read once and looked up here rather than joined on every task.
        let committees = self.names("SELECT id, name FROM committee")?;
        let people = self.names("SELECT id, name FROM person")?;
        let comments = self.comment_counts()?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT o.id, o.text, o.owner_id, o.due_date, o.task_state, m.title, m.id, i.code,
                    o.board_committee_id, o.initiative_id, o.description, o.meeting_id IS NULL
             FROM outcome o LEFT JOIN meeting m ON m.id = o.meeting_id
             LEFT JOIN initiative i ON i.id = o.initiative_id
             WHERE o.kind = 'action' AND o.deleted = 0
               -- a task of its own, or one whose meeting is here and live
               AND (o.meeting_id IS NULL OR m.deleted = 0)
               AND (?1 IS NULL OR o.board_committee_id = ?1)
               AND (?2 = 0 OR (o.task_state != 'done' AND o.due_date < ?3))
               AND (?4 IS NULL OR o.id = ?4)
             ORDER BY o.due_date IS NULL, o.due_date, o.id",
        )?;
        let mut rows = stmt.query(rusqlite::params![committee, filter.overdue, today, only])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let owner_id: Option<String> = r.get(2)?;
            let due: Option<String> = r.get(3)?;
            let state: String = r.get(4)?;
            let board: Option<String> = r.get(8)?;
            // A task is on a board that is here.
            let Some((board, committee_name)) =
                board.and_then(|b| committees.get(&b).cloned().map(|name| (b, name)))
            else {
                continue;
            };
            let initiative_id: Option<String> = r.get(9)?;
            let overdue = state != TaskState::Done.as_str()
                && due.as_deref().is_some_and(|d| d < today.as_str());
            if (filter.mine && owner_id != me)
                || (filter.overdue && !overdue)
                || committee.as_ref().is_some_and(|c| *c != board)
                || initiative.is_some() && initiative != initiative_id
            {
                continue;
            }
            let id: String = r.get(0)?;
            out.push(TaskView {
                comments: comments.get(&id).copied().unwrap_or(0),
                id,
                text: r.get(1)?,
                owner: owner_id.as_ref().and_then(|p| people.get(p).cloned()),
                owner_id,
                due_date: due,
                state,
                committee: committee_name,
                committee_id: board,
                meeting: r.get(5)?,
                meeting_id: r.get(6)?,
                initiative: r.get(7)?,
                overdue,
                description: r.get(10)?,
                own: r.get(11)?,
            });
        }
        Ok(out)
    }

    /// Actions not done whose due date is before `day`, due first, marked
    /// overdue: the rows `tasks` gives that the overdue rule lets through on
    /// that day, the first `first` of them in full (all when None) and how
    /// many there are. One walk along the index of open actions by due date
    /// (migration 16), which holds every column shown; a row past the first
    /// is only checked (its meeting live, its board here) and counted.
    pub(crate) fn overdue_on(
        &self,
        day: &str,
        first: Option<usize>,
    ) -> Result<(Vec<TaskView>, usize)> {
        let committees = self.names("SELECT id, name FROM committee")?;
        let live: HashSet<String> = self
            .conn()
            .prepare_cached("SELECT id FROM meeting WHERE deleted = 0")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        // Names and comment counts of the rows shown: for a page, looked up
        // per row; for the whole list, read once.
        let meetings = Names::new(self, first, "meeting", "title")?;
        let people = Names::new(self, first, "person", "name")?;
        let initiatives = Names::new(self, first, "initiative", "code")?;
        let comments = match first {
            None => Some(self.comment_counts()?),
            Some(_) => None,
        };
        // Whole texts, so no statement is formatted on every call.
        macro_rules! open_actions_due_before {
            ($columns:literal) => {
                concat!(
                    "SELECT ",
                    $columns,
                    " FROM outcome o INDEXED BY outcome_open_by_due
                     -- The planner would take outcome_task (kind = ?) and sort.
                     WHERE o.kind = 'action' AND o.deleted = 0 AND o.task_state != 'done'
                       AND o.due_date IS NOT NULL AND o.due_date < ?1
                     ORDER BY o.due_date, o.id"
                )
            };
        }
        fn text<'r>(r: &'r rusqlite::Row, k: usize) -> rusqlite::Result<Option<&'r str>> {
            r.get_ref(k)?
                .as_str_or_null()
                .map_err(|e| FromSqlConversionFailure(k, Type::Text, Box::new(e)))
        }
        // A task of its own, or one whose meeting is here and live, on a
        // board that is here: whether it is its own, and the board's name.
        let shown = |meeting: Option<&str>, board: Option<&str>| -> Option<(bool, &String)> {
            let own = match meeting {
                None => true,
                Some(m) if live.contains(m) => false,
                Some(_) => return None,
            };
            Some((own, committees.get(board?)?))
        };
        let mut stmt = self.conn().prepare_cached(open_actions_due_before!(
            "o.id, o.text, o.owner_id, o.due_date, o.task_state, o.meeting_id,
             o.initiative_id, o.board_committee_id, o.description"
        ))?;
        let mut rows = stmt.query([day])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            if first.is_some_and(|n| out.len() >= n) {
                break;
            }
            let Some((own, committee)) = shown(text(r, 5)?, text(r, 7)?) else {
                continue;
            };
            let id: String = r.get(0)?;
            let owner_id: Option<String> = r.get(2)?;
            let meeting_id: Option<String> = r.get(5)?;
            let meeting = match &meeting_id {
                Some(m) => meetings.get(m)?,
                None => None,
            };
            out.push(TaskView {
                comments: match &comments {
                    Some(c) => c.get(&id).copied().unwrap_or(0),
                    None => self.comment_count(&id)?,
                },
                text: r.get(1)?,
                owner: match &owner_id {
                    Some(p) => people.get(p)?,
                    None => None,
                },
                owner_id,
                due_date: r.get(3)?,
                state: r.get(4)?,
                committee: committee.clone(),
                committee_id: r.get(7)?,
                own,
                meeting,
                meeting_id,
                initiative: match text(r, 6)? {
                    Some(i) => initiatives.get(i)?,
                    None => None,
                },
                overdue: true,
                description: r.get(8)?,
                id,
            });
        }
        let Some(_) = first else {
            let count = out.len();
            return Ok((out, count));
        };
        // A page: the rest only counted, reading the two columns that decide
        // along the narrow index (migration 18); the wide one's pages hold
        // every action's text and description.
        let mut stmt = self.conn().prepare_cached(
            "SELECT o.meeting_id, o.board_committee_id FROM outcome o INDEXED BY outcome_open_due_narrow
             WHERE o.kind = 'action' AND o.deleted = 0 AND o.task_state != 'done'
               AND o.due_date IS NOT NULL AND o.due_date < ?1",
        )?;
        let mut rows = stmt.query([day])?;
        let mut count = 0;
        while let Some(r) = rows.next()? {
            count += usize::from(shown(text(r, 0)?, text(r, 1)?).is_some());
        }
        Ok((out, count))
    }

    /// How many comments one task's thread holds.
    fn comment_count(&self, task: &str) -> Result<usize> {
        let n: i64 = self
            .conn()
            .prepare_cached("SELECT count(*) FROM task_comment WHERE task_id = ?1 AND deleted = 0")?
            .query_row([task], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// How many comments each task's thread holds.
    fn comment_counts(&self) -> Result<HashMap<String, usize>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT task_id, count(*) FROM task_comment WHERE deleted = 0 GROUP BY task_id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// A small table's names by id.
    fn names(&self, sql: &str) -> Result<HashMap<String, String>> {
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }
}

/// One column of a table by id: every row read once for a whole list, or
/// one row looked up at a time for a page of a few.
struct Names<'s> {
    store: &'s Store,
    table: &'static str,
    column: &'static str,
    all: Option<HashMap<String, String>>,
}

impl<'s> Names<'s> {
    fn new(
        store: &'s Store,
        first: Option<usize>,
        table: &'static str,
        column: &'static str,
    ) -> Result<Self> {
        let all = match first {
            None => Some(store.names(&format!("SELECT id, {column} FROM {table}"))?),
            Some(_) => None,
        };
        Ok(Names {
            store,
            table,
            column,
            all,
        })
    }

    fn get(&self, id: &str) -> Result<Option<String>> {
        if let Some(all) = &self.all {
            return Ok(all.get(id).cloned());
        }
        let (table, column) = (self.table, self.column);
        Ok(self
            .store
            .conn()
            .prepare_cached(&format!("SELECT {column} FROM {table} WHERE id = ?1"))?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }
}
