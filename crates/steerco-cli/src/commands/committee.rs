//! steerco committee ..., steerco member ..., steerco topic ...: the same
//! requests and handlers as the app's commands (steerco-app-core).

use steerco_app_core::handlers;
use steerco_app_core::requests::{
    CommitteeAddRequest, CommitteeCoverRequest, CommitteeListRequest, CommitteeSetRequest,
    MemberAddRequest, TopicAddRequest, TopicListRequest, TopicScheduleRequest,
};

use steerco_store::refusal::word;

use super::{Ctx, Result};
use crate::args::{CommitteeVerb, MemberVerb, TopicVerb};
use crate::output;

pub fn committee(ctx: &Ctx, verb: CommitteeVerb) -> Result {
    match verb {
        v @ (CommitteeVerb::Delete { .. } | CommitteeVerb::Restore { .. }) => {
            super::corrections::committee(ctx, v)?
        }
        CommitteeVerb::Add {
            name,
            kind,
            parent,
            mandate,
            json,
        } => {
            let mut store = ctx.open_for_change()?;
            let req = CommitteeAddRequest {
                name,
                kind: word(&kind)?,
                parent,
                mandate,
            };
            let id = handlers::committee_add(&mut store, req)?;
            if json {
                let all = handlers::committee_list(&store, CommitteeListRequest {})?;
                let c = all.into_iter().find(|c| c.id == id);
                return output::json(&c);
            }
            output::line(&id)?;
        }
        CommitteeVerb::List { json } => {
            let store = ctx.open()?;
            let all = handlers::committee_list(&store, CommitteeListRequest {})?;
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
            quorum,
            casting_vote,
        } => {
            let mut store = ctx.open_for_change()?;
            let req = CommitteeSetRequest {
                committee,
                name,
                mandate,
                parent,
                quorum,
                casting_vote,
            };
            handlers::committee_set(&mut store, req)?;
        }
        CommitteeVerb::Cover {
            committee,
            initiative,
        } => {
            let mut store = ctx.open_for_change()?;
            let req = CommitteeCoverRequest {
                committee,
                initiative,
            };
            handlers::committee_cover(&mut store, req)?;
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
            let req = TopicAddRequest {
                committee,
                title,
                note,
            };
            output::line(&handlers::topic_add(&mut store, req)?)?;
        }
        TopicVerb::List { committee, json } => {
            let store = ctx.open()?;
            let all = handlers::topic_list(&store, TopicListRequest { committee })?;
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
            let req = TopicScheduleRequest { topic, meeting };
            output::line(&handlers::topic_schedule(&mut store, req)?)?;
        }
        TopicVerb::Set { topic, title, note } => {
            let mut store = ctx.open_for_change()?;
            let req = steerco_app_core::requests::TopicSetRequest {
                id: topic,
                title,
                note,
            };
            handlers::topic_set(&mut store, req)?;
        }
        TopicVerb::Delete { topic } => {
            let mut store = ctx.open_for_change()?;
            let req = steerco_app_core::requests::TopicDeleteRequest { id: topic };
            handlers::topic_delete(&mut store, req)?;
        }
    }
    Ok(())
}

pub fn member(ctx: &Ctx, verb: MemberVerb) -> Result {
    match verb {
        v @ (MemberVerb::Set { .. } | MemberVerb::Delete { .. } | MemberVerb::Restore { .. }) => {
            super::corrections::member(ctx, v)?
        }
        MemberVerb::Add {
            committee,
            name,
            role,
        } => {
            let mut store = ctx.open_for_change()?;
            let req = MemberAddRequest {
                committee,
                person: name,
                role: word(&role)?,
            };
            let id = handlers::member_add(&mut store, req)?;
            output::line(&id)?;
        }
    }
    Ok(())
}
