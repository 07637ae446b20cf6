//! steerco committee ..., steerco member ...

use super::{Ctx, Result};
use crate::args::{CommitteeVerb, MemberVerb, TopicVerb};
use crate::output;

pub fn committee(ctx: &Ctx, verb: CommitteeVerb) -> Result {
    match verb {
        CommitteeVerb::Add {
            name,
            kind,
            parent,
            mandate,
            json,
        } => {
            let mut store = ctx.open_for_change()?;
            let id = store.add_committee(&name, &kind, parent.as_deref(), mandate.as_deref())?;
            if json {
                let c = store.committees()?.into_iter().find(|c| c.id == id);
                return output::json(&c);
            }
            output::line(&id)?;
        }
        CommitteeVerb::List { json } => {
            let store = ctx.open()?;
            let all = store.committees()?;
            if json {
                return output::json(&all);
            }
            let rows: Vec<Vec<String>> = all
                .iter()
                .map(|c| {
                    vec![
                        c.id[..8].to_string(),
                        output::clip(&c.name, 40),
                        c.kind.clone(),
                        c.parent.clone().unwrap_or_else(|| "-".into()),
                        c.members.len().to_string(),
                    ]
                })
                .collect();
            output::table(&["ID", "NAME", "KIND", "PARENT", "MEMBERS"], &rows)?;
        }
        CommitteeVerb::Set {
            committee,
            name,
            mandate,
            parent,
        } => {
            let mut store = ctx.open_for_change()?;
            store.edit_committee(
                &committee,
                name.as_deref(),
                mandate.as_deref(),
                parent.as_deref(),
            )?;
        }
        CommitteeVerb::Cover {
            committee,
            initiative,
        } => {
            let mut store = ctx.open_for_change()?;
            store.cover_initiative(&committee, &initiative)?;
        }
    }
    Ok(())
}

pub fn topic(ctx: &Ctx, verb: TopicVerb) -> Result {
    match verb {
        TopicVerb::Add {
            committee,
            title,
            note,
        } => {
            let mut store = ctx.open_for_change()?;
            output::line(&store.add_topic(&committee, &title, note.as_deref())?)?;
        }
        TopicVerb::List { committee, json } => {
            let store = ctx.open()?;
            let all = store.topics(committee.as_deref())?;
            if json {
                return output::json(&all);
            }
            let rows: Vec<Vec<String>> = all
                .iter()
                .map(|t| {
                    vec![
                        t.id[..8].to_string(),
                        output::clip(&t.committee, 28),
                        output::clip(&t.title, 50),
                        if t.meeting_id.is_some() {
                            "scheduled"
                        } else {
                            "open"
                        }
                        .to_string(),
                    ]
                })
                .collect();
            output::table(&["ID", "COMMITTEE", "TOPIC", "STATE"], &rows)?;
        }
        TopicVerb::Schedule { topic, meeting } => {
            let mut store = ctx.open_for_change()?;
            output::line(&store.schedule_topic(&topic, &meeting)?)?;
        }
    }
    Ok(())
}

pub fn member(ctx: &Ctx, verb: MemberVerb) -> Result {
    match verb {
        MemberVerb::Add {
            committee,
            name,
            role,
        } => {
            let mut store = ctx.open_for_change()?;
            let id = store.add_member(&committee, &name, &role)?;
            output::line(&id)?;
        }
    }
    Ok(())
}
