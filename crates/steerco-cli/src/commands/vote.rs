//! steerco interest ..., steerco vote ...: declarations of interest, votes
//! on agenda items and written resolutions (the store's ops/vote).

use steerco_app_core::handlers;
use steerco_app_core::requests::{
    InterestDeclareRequest, VoteAddRequest, VoteCastRequest, VoteCloseRequest,
};
use steerco_store::dates::local_time_of;
use steerco_store::ops::vote::VoteView;
use steerco_store::refusal::word;

use super::{Ctx, Result};
use crate::args::{InterestVerb, VoteVerb};
use crate::output;

pub fn interest(ctx: &Ctx, verb: InterestVerb) -> Result {
    match verb {
        InterestVerb::Declare { item, member, note } => {
            let mut store = ctx.open_for_change()?;
            let req = InterestDeclareRequest { item, member, note };
            let id = handlers::interest_declare(&mut store, req)?;
            output::line(&id)?;
        }
    }
    Ok(())
}

pub fn vote(ctx: &Ctx, verb: VoteVerb) -> Result {
    match verb {
        VoteVerb::Add {
            item,
            committee,
            proposal,
            closes,
            json,
        } => {
            let mut store = ctx.open_for_change()?;
            let req = VoteAddRequest {
                item,
                committee,
                proposal,
                closes,
            };
            let id = handlers::vote_add(&mut store, req)?;
            if json {
                return output::json(&store.vote(&id)?);
            }
            output::line(&id)?;
        }
        VoteVerb::Cast {
            vote,
            member,
            choice,
        } => {
            let mut store = ctx.open_for_change()?;
            let choice = word(&choice)?;
            let req = VoteCastRequest {
                vote,
                member,
                choice,
            };
            handlers::vote_cast(&mut store, req)?;
        }
        VoteVerb::Close { vote } => {
            let mut store = ctx.open_for_change()?;
            let result = handlers::vote_close(&mut store, VoteCloseRequest { vote })?;
            output::line(result.as_str())?;
        }
        VoteVerb::Show { vote, json } => {
            let store = ctx.open()?;
            let v = store.vote(&vote)?;
            if json {
                return output::json(&v);
            }
            let tz = store.time_zone()?;
            show(&v, &|at| local_time_of(tz, at))?;
        }
        VoteVerb::List { json } => {
            let store = ctx.open()?;
            let all = store.votes()?;
            if json {
                return output::json(&all);
            }
            let tz = store.time_zone()?;
            let local = |at: &str| local_time_of(tz, at);
            let rows: Vec<Vec<String>> = all
                .iter()
                .map(|v| {
                    vec![
                        v.id[..8].to_string(),
                        output::clip(&v.committee, 28),
                        on(v, &local),
                        output::clip(&v.proposal, 50),
                        v.result.as_str().to_string(),
                    ]
                })
                .collect();
            output::table(&["ID", "COMMITTEE", "ON", "PROPOSAL", "RESULT"], &rows)?;
        }
    }
    Ok(())
}

/// An instant as the workspace's zone shows it.
type Local<'a> = &'a dyn Fn(&str) -> String;

/// What a vote is on: its agenda item, or a written resolution's closing time.
fn on(v: &VoteView, local: Local) -> String {
    match (&v.item, &v.closes_at) {
        (Some(item), _) => output::clip(item, 40),
        (None, Some(closes)) => format!("written, closes {}", local(closes)),
        (None, None) => "-".into(),
    }
}

fn show(v: &VoteView, local: Local) -> Result {
    output::line(&format!("result: {}", v.result.as_str()))?;
    output::line(&format!("proposal: {}", v.proposal))?;
    output::line(&format!("committee: {}", v.committee))?;
    output::line(&format!("on: {}", on(v, local)))?;
    let c = &v.count;
    let mut count = format!(
        "count: for {}, against {}, abstain {} ({} counted, quorum {}",
        c.votes_for, c.against, c.abstain, c.counted, c.quorum
    );
    if c.casting_vote_used {
        count.push_str("; the chair's casting vote decides the tie");
    }
    count.push(')');
    output::line(&count)?;
    if !v.waiting_for.is_empty() {
        output::line(&format!("waiting for: {}", v.waiting_for.join(", ")))?;
    }
    if let (false, Some(by)) = (v.closed, &v.final_by) {
        output::line(&format!("final by: {}", local(by)))?;
    }
    if let Some(d) = &v.decision_id {
        output::line(&format!("decision: {d}"))?;
    }
    for b in &v.ballots {
        output::line(&format!("  {}: {}", b.name, b.choice))?;
    }
    for i in &v.interests {
        let note = i
            .note
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        output::line(&format!("  {}: declared an interest{note}", i.name))?;
    }
    for b in &v.late {
        output::line(&format!(
            "  {}: {} made after the close, not counted",
            b.name, b.choice
        ))?;
    }
    Ok(())
}
