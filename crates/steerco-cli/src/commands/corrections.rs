//! Corrections of the record: `agenda set|delete|restore`, `outcome
//! set|delete|restore`, `member set|delete|restore`, `person set`,
//! `committee delete|restore`, `meeting set|cancel`: the app's requests and
//! handlers (steerco-app-core). A delete prints the deleted row's id; a
//! restore is the app's undo (`undo_delete`).

use steerco_app_core::handlers;
use steerco_app_core::requests::{
    AgendaDeleteRequest, AgendaSetRequest, CommitteeDeleteRequest, MeetingCancelRequest,
    MeetingSetRequest, MemberDeleteRequest, MemberSetRequest, OutcomeDeleteRequest,
    OutcomeSetRequest, PersonSetRequest, UndoDeleteRequest,
};
use steerco_store::ops::restore::Restorable;
use steerco_store::refusal::word;

use super::{Ctx, Result};
use crate::args::{AgendaVerb, CommitteeVerb, MeetingVerb, MemberVerb, OutcomeVerb};
use crate::output;

fn undo(ctx: &Ctx, what: Restorable, id: String) -> Result {
    let mut store = ctx.open_for_change()?;
    handlers::undo_delete(&mut store, UndoDeleteRequest { what, id })?;
    Ok(())
}

pub fn agenda(ctx: &Ctx, verb: AgendaVerb) -> Result {
    match verb {
        AgendaVerb::Set {
            item,
            title,
            presenter,
            duration,
            initiative,
            closed,
        } => {
            let mut store = ctx.open_for_change()?;
            let req = AgendaSetRequest {
                item,
                title,
                presenter,
                duration_min: duration,
                initiative,
                closed,
            };
            handlers::agenda_set(&mut store, req)?;
        }
        AgendaVerb::Delete { item } => {
            let mut store = ctx.open_for_change()?;
            let id = handlers::agenda_delete(&mut store, AgendaDeleteRequest { item })?;
            output::line(&id)?;
        }
        AgendaVerb::Restore { item } => undo(ctx, Restorable::AgendaItem, item)?,
        _ => unreachable!("agenda: not a correction"),
    }
    Ok(())
}

pub fn outcome(ctx: &Ctx, verb: OutcomeVerb) -> Result {
    match verb {
        OutcomeVerb::Set {
            outcome,
            text,
            owner,
            due,
        } => {
            let mut store = ctx.open_for_change()?;
            let req = OutcomeSetRequest {
                id: outcome,
                text,
                owner,
                due,
            };
            handlers::outcome_set(&mut store, req)?;
        }
        OutcomeVerb::Delete { outcome } => {
            let mut store = ctx.open_for_change()?;
            let id = handlers::outcome_delete(&mut store, OutcomeDeleteRequest { id: outcome })?;
            output::line(&id)?;
        }
        OutcomeVerb::Restore { outcome } => undo(ctx, Restorable::Outcome, outcome)?,
        _ => unreachable!("outcome: not a correction"),
    }
    Ok(())
}

pub fn member(ctx: &Ctx, verb: MemberVerb) -> Result {
    match verb {
        MemberVerb::Set {
            committee,
            name,
            role,
        } => {
            let mut store = ctx.open_for_change()?;
            let req = MemberSetRequest {
                committee,
                person: name,
                role: word(&role)?,
            };
            handlers::member_set(&mut store, req)?;
        }
        MemberVerb::Delete { committee, name } => {
            let mut store = ctx.open_for_change()?;
            let req = MemberDeleteRequest {
                committee,
                person: name,
            };
            output::line(&handlers::member_delete(&mut store, req)?)?;
        }
        MemberVerb::Restore { committee, name } => {
            // The membership's row (removed or not: a live one is refused
            // as not deleted by the undo).
            let id = ctx.open()?.find_member(&committee, &name)?.0;
            undo(ctx, Restorable::Member, id)?;
        }
        _ => unreachable!("member: not a correction"),
    }
    Ok(())
}

pub fn person_set(ctx: &Ctx, name: String, email: String) -> Result {
    let mut store = ctx.open_for_change()?;
    let req = PersonSetRequest {
        name,
        email: Some(email),
    };
    handlers::person_set(&mut store, req)?;
    Ok(())
}

pub fn committee(ctx: &Ctx, verb: CommitteeVerb) -> Result {
    match verb {
        CommitteeVerb::Delete { committee } => {
            let mut store = ctx.open_for_change()?;
            let id = handlers::committee_delete(&mut store, CommitteeDeleteRequest { committee })?;
            output::line(&id)?;
        }
        CommitteeVerb::Restore { committee } => undo(ctx, Restorable::Committee, committee)?,
        _ => unreachable!("committee: not a correction"),
    }
    Ok(())
}

pub fn meeting(ctx: &Ctx, verb: MeetingVerb) -> Result {
    match verb {
        MeetingVerb::Set {
            meeting,
            title,
            at,
            duration,
            location,
        } => {
            let mut store = ctx.open_for_change()?;
            let req = MeetingSetRequest {
                id: meeting,
                title,
                starts_at: at,
                duration_min: duration,
                location,
            };
            handlers::meeting_set(&mut store, req)?;
        }
        MeetingVerb::Cancel { meeting, reason } => {
            let mut store = ctx.open_for_change()?;
            let req = MeetingCancelRequest {
                id: meeting,
                reason,
            };
            handlers::meeting_cancel(&mut store, req)?;
        }
        _ => unreachable!("meeting: not a correction"),
    }
    Ok(())
}
