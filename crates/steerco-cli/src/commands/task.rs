//! steerco task ...: the board and its states, tasks of their own, their
//! corrections and comment threads; the same requests and handlers as the
//! app's commands.

use steerco_app_core::handlers;
use steerco_app_core::inputs::TaskFilterInput;
use steerco_app_core::requests::{
    TaskAddRequest, TaskCommentRequest, TaskDeleteRequest, TaskListRequest, TaskSetRequest,
    TaskShowRequest, TaskStateRequest,
};
use steerco_store::dates::local_time_of;
use steerco_store::refusal::word;

use super::{Ctx, Result};
use crate::args::TaskVerb;
use crate::output;

fn dash(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "-".into())
}

pub fn run(ctx: &Ctx, verb: TaskVerb) -> Result {
    match verb {
        TaskVerb::List {
            json,
            overdue,
            mine,
            committee,
            initiative,
        } => {
            let store = ctx.open()?;
            let filter = TaskFilterInput {
                mine,
                overdue,
                committee,
                initiative,
            };
            let all = handlers::task_list(&store, TaskListRequest { filter })?;
            if json {
                return output::json(&all);
            }
            let rows: Vec<Vec<String>> = all
                .iter()
                .map(|t| {
                    vec![
                        t.id[..8].to_string(),
                        output::clip(&t.text, 48),
                        dash(&t.owner),
                        dash(&t.due_date),
                        format!("{}{}", t.state, if t.overdue { " OVERDUE" } else { "" }),
                        output::clip(&t.committee, 24),
                    ]
                })
                .collect();
            output::table(&["ID", "TASK", "OWNER", "DUE", "STATE", "COMMITTEE"], &rows)?;
        }
        TaskVerb::State { task, state } => {
            let mut store = ctx.open_for_change()?;
            let state = word(&state)?;
            handlers::task_state(&mut store, TaskStateRequest { id: task, state })?;
        }
        // The older spelling of `task set --owner/--due`.
        TaskVerb::Assign { task, owner, due } => {
            let verb = TaskVerb::Set {
                task,
                title: None,
                owner,
                due,
                description: None,
            };
            return run(ctx, verb);
        }
        TaskVerb::Add {
            title,
            owner,
            due,
            committee,
            initiative,
            description,
            json,
        } => {
            let mut store = ctx.open_for_change()?;
            let req = TaskAddRequest {
                title,
                owner,
                due,
                committee,
                initiative,
                description,
            };
            let id = handlers::task_add(&mut store, req)?;
            if json {
                return output::json(&store.task(&id)?.task);
            }
            output::line(&id)?;
        }
        TaskVerb::Set {
            task,
            title,
            owner,
            due,
            description,
        } => {
            let mut store = ctx.open_for_change()?;
            let req = TaskSetRequest {
                id: task,
                title,
                owner,
                due,
                description,
            };
            handlers::task_set(&mut store, req)?;
        }
        TaskVerb::Comment { task, text } => {
            let mut store = ctx.open_for_change()?;
            let req = TaskCommentRequest { id: task, text };
            output::line(&handlers::task_comment(&mut store, req)?)?;
        }
        TaskVerb::Show { task, json } => {
            let store = ctx.open()?;
            let detail = handlers::task_show(&store, TaskShowRequest { id: task })?;
            if json {
                return output::json(&detail);
            }
            let tz = store.time_zone()?;
            let t = &detail.task;
            output::line(&format!(
                "{} ({}{})",
                t.text,
                t.state,
                if t.overdue { ", overdue" } else { "" }
            ))?;
            output::line(&format!(
                "owner {}, due {}, on the board of {}",
                dash(&t.owner),
                dash(&t.due_date),
                t.committee
            ))?;
            match &t.meeting {
                Some(m) => output::line(&format!("from the minutes of {m}"))?,
                None => output::line("a task of its own")?,
            }
            if let Some(code) = &t.initiative {
                output::line(&format!("initiative {code}"))?;
            }
            if let Some(d) = &t.description {
                output::line(d)?;
            }
            for c in &detail.comments {
                output::line(&format!(
                    "  {}  {}: {}",
                    local_time_of(tz, &c.recorded_at),
                    c.author.as_deref().unwrap_or("-"),
                    c.text
                ))?;
            }
        }
        TaskVerb::Delete { task } => {
            let mut store = ctx.open_for_change()?;
            handlers::task_delete(&mut store, TaskDeleteRequest { id: task })?;
        }
    }
    Ok(())
}
