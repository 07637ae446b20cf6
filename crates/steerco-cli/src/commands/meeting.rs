//! steerco meeting | agenda | outcome | decision | search ... (task: task.rs)

use steerco_app_core::handlers;
use steerco_app_core::inputs::OutcomeInput;
use steerco_app_core::requests::{
    DecisionStateRequest, MeetingAddRequest, MeetingAttendRequest, MeetingStateRequest,
    OutcomeAddRequest,
};
use steerco_store::dates::{local_day_of, local_time_of};
use steerco_store::refusal::word;

use super::{CliError, Ctx, Result};
use crate::args::{AgendaVerb, DecisionVerb, MeetingVerb, OutcomeVerb};
use crate::output;

fn dash(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "-".into())
}

pub fn meeting(ctx: &Ctx, verb: MeetingVerb) -> Result {
    match verb {
        v @ (MeetingVerb::Set { .. } | MeetingVerb::Cancel { .. }) => {
            super::corrections::meeting(ctx, v)?
        }
        MeetingVerb::Add {
            committee,
            title,
            at,
            duration,
            from_previous,
            location,
            json,
        } => {
            let mut store = ctx.open_for_change()?;
            let req = MeetingAddRequest {
                committee,
                title,
                starts_at: at,
                duration_min: duration,
                from_previous,
                location,
            };
            let id = handlers::meeting_add(&mut store, req)?;
            if json {
                return output::json(&store.meeting(&id)?);
            }
            output::line(&id)?;
        }
        MeetingVerb::List { json } => {
            let store = ctx.open()?;
            let all = store.meetings()?;
            if json {
                return output::json(&all);
            }
            let tz = store.time_zone()?;
            let rows: Vec<Vec<String>> = all
                .iter()
                .map(|m| {
                    vec![
                        m.id[..8].to_string(),
                        local_time_of(tz, &m.starts_at),
                        output::clip(&m.committee, 28),
                        output::clip(&m.title, 36),
                        if m.cancelled {
                            format!("{} (cancelled)", m.state)
                        } else {
                            m.state.clone()
                        },
                        m.items.to_string(),
                        m.outcomes.to_string(),
                    ]
                })
                .collect();
            output::table(
                &[
                    "ID",
                    "STARTS",
                    "COMMITTEE",
                    "TITLE",
                    "STATE",
                    "ITEMS",
                    "OUTCOMES",
                ],
                &rows,
            )?;
        }
        MeetingVerb::Show { meeting, json } => {
            let store = ctx.open()?;
            let m = store.meeting(&meeting)?;
            if json {
                return output::json(&m);
            }
            let tz = store.time_zone()?;
            let state = if m.cancelled {
                format!("{}, cancelled", m.state)
            } else {
                m.state.clone()
            };
            output::line(&format!("{} — {} ({state})", m.title, m.committee))?;
            output::line(&format!(
                "{}, {} min{}",
                local_time_of(tz, &m.starts_at),
                m.duration_min,
                m.location
                    .as_deref()
                    .map(|l| format!(", {l}"))
                    .unwrap_or_default()
            ))?;
            if let (Some(at), "approved") = (&m.approved_at, m.state.as_str()) {
                output::line(&format!(
                    "approved by {} at {}",
                    m.approved_by.as_deref().unwrap_or("-"),
                    local_time_of(tz, at)
                ))?;
            }
            if m.over_time {
                output::line(&format!(
                    "warning: the agenda plans {} min, more than the meeting's {} min",
                    m.agenda_minutes, m.duration_min
                ))?;
            }
            print_agenda(&m)?;
            if !m.events.is_empty() {
                output::line("history:")?;
            }
            for e in &m.events {
                output::line(&format!(
                    "  {}  {} -> {}{}{}",
                    local_time_of(tz, &e.at),
                    e.from_state,
                    e.to_state,
                    e.by.as_deref()
                        .map(|b| format!(" by {b}"))
                        .unwrap_or_default(),
                    e.reason
                        .as_deref()
                        .map(|r| format!(": {r}"))
                        .unwrap_or_default()
                ))?;
            }
        }
        MeetingVerb::Attend {
            meeting,
            name,
            status,
        } => {
            let mut store = ctx.open_for_change()?;
            let status = word(&status)?;
            let req = MeetingAttendRequest {
                meeting,
                person: name,
                status,
            };
            handlers::meeting_attend(&mut store, req)?;
        }
        MeetingVerb::State {
            meeting,
            state,
            reason,
        } => {
            let mut store = ctx.open_for_change()?;
            let to = word(&state)?;
            let req = MeetingStateRequest {
                id: meeting,
                to,
                reason,
            };
            handlers::meeting_state(&mut store, req)?;
        }
    }
    Ok(())
}

fn print_agenda(m: &steerco_store::ops::meeting::MeetingView) -> Result {
    for item in &m.items {
        output::line(&format!(
            "{:>2}. {}{}{}",
            item.number,
            item.title,
            if item.closed { " [closed]" } else { "" },
            item.duration_min
                .map(|d| format!(" ({d} min)"))
                .unwrap_or_default()
        ))?;
        if item.kind == "follow_up" {
            for t in &m.follow_up {
                output::line(&format!(
                    "      open action: {} ({}, due {})",
                    t.text,
                    dash(&t.owner),
                    dash(&t.due_date)
                ))?;
            }
        }
        for o in &item.outcomes {
            output::line(&format!("      {}: {}", o.kind, o.text))?;
        }
    }
    Ok(())
}

pub fn agenda(ctx: &Ctx, verb: AgendaVerb) -> Result {
    match verb {
        v @ (AgendaVerb::Set { .. } | AgendaVerb::Delete { .. } | AgendaVerb::Restore { .. }) => {
            super::corrections::agenda(ctx, v)?
        }
        AgendaVerb::Add {
            meeting,
            title,
            initiative,
            presenter,
            duration,
            closed,
        } => {
            let mut store = ctx.open_for_change()?;
            let id = store.add_agenda_item(
                &meeting,
                &title,
                initiative.as_deref(),
                presenter.as_deref(),
                duration,
                closed,
            )?;
            output::line(&id)?;
        }
        AgendaVerb::List { meeting, json } => {
            let store = ctx.open()?;
            let m = store.meeting(&meeting)?;
            if json {
                return output::json(&m.items);
            }
            let rows: Vec<Vec<String>> = m
                .items
                .iter()
                .map(|i| {
                    vec![
                        i.number.to_string(),
                        i.id[..8].to_string(),
                        output::clip(&i.title, 48),
                        dash(&i.presenter),
                        i.duration_min.map_or("-".into(), |d| d.to_string()),
                        dash(&i.initiative),
                        if i.closed { "closed" } else { "" }.to_string(),
                    ]
                })
                .collect();
            output::table(
                &["#", "ID", "TITLE", "PRESENTER", "MIN", "INITIATIVE", ""],
                &rows,
            )?;
            if m.over_time {
                output::line(&format!(
                    "warning: the agenda plans {} min, more than the meeting's {} min",
                    m.agenda_minutes, m.duration_min
                ))?;
            }
        }
        AgendaVerb::Move { meeting, item, to } => {
            let mut store = ctx.open_for_change()?;
            store.move_agenda_item(&meeting, &item, to)?;
        }
    }
    Ok(())
}

pub fn outcome(ctx: &Ctx, verb: OutcomeVerb) -> Result {
    let (meeting, item, note, decision, action, supersedes, owner, due) = match verb {
        OutcomeVerb::Add {
            meeting,
            item,
            note,
            decision,
            action,
            supersedes,
            owner,
            due,
        } => (
            meeting, item, note, decision, action, supersedes, owner, due,
        ),
        v
        @ (OutcomeVerb::Set { .. } | OutcomeVerb::Delete { .. } | OutcomeVerb::Restore { .. }) => {
            return super::corrections::outcome(ctx, v);
        }
    };
    let outcome = match (note, decision, action) {
        (Some(text), None, None) => OutcomeInput::Note { text },
        (None, Some(text), None) => OutcomeInput::Decision { text, supersedes },
        // The handler says what an action lacks (the app's rule, once).
        (None, None, Some(text)) => OutcomeInput::Action {
            text,
            owner: owner.unwrap_or_default(),
            due: due.unwrap_or_default(),
        },
        _ => {
            return Err(CliError::Input(
                "give one of --note, --decision or --action".into(),
            ))
        }
    };
    let mut store = ctx.open_for_change()?;
    let req = OutcomeAddRequest {
        meeting,
        item,
        outcome,
    };
    output::line(&handlers::outcome_add(&mut store, req)?)?;
    Ok(())
}

pub fn search(ctx: &Ctx, text: &str, json: bool, limit: usize) -> Result {
    let store = ctx.open()?;
    let hits = store.search(text, limit)?;
    if json {
        return output::json(&hits);
    }
    let tz = store.time_zone()?;
    let rows: Vec<Vec<String>> = hits
        .iter()
        .map(|h| {
            vec![
                h.kind.clone(),
                h.starts_at
                    .as_deref()
                    .map_or("-".into(), |at| local_day_of(tz, at)),
                output::clip(&h.committee, 24),
                output::clip(&h.text, 70),
            ]
        })
        .collect();
    output::table(&["KIND", "DATE", "COMMITTEE", "TEXT"], &rows)?;
    Ok(())
}

pub fn decision(ctx: &Ctx, verb: DecisionVerb) -> Result {
    let json = match verb {
        DecisionVerb::List { json } => json,
        DecisionVerb::State { decision, status } => {
            let mut store = ctx.open_for_change()?;
            let status = word(&status)?;
            let req = DecisionStateRequest {
                id: decision,
                status,
            };
            return Ok(handlers::decision_state(&mut store, req)?);
        }
    };
    let store = ctx.open()?;
    let all = store.decisions()?;
    if json {
        return output::json(&all);
    }
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|d| {
            vec![
                d.id[..8].to_string(),
                d.date.clone(),
                output::clip(&d.committee, 28),
                output::clip(&d.text, 60),
                d.status.clone(),
            ]
        })
        .collect();
    output::table(&["ID", "DATE", "COMMITTEE", "DECISION", "STATUS"], &rows)?;
    Ok(())
}
