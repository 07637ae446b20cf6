//! steerco milestone ...

use steerco_app_core::handlers;
use steerco_app_core::requests::{
    MilestoneAddRequest, MilestoneDeleteRequest, MilestoneDoneRequest, MilestoneReplanRequest,
    MilestoneSetRequest,
};

use super::{Ctx, Result};
use crate::args::MilestoneVerb;
use crate::output;

pub fn run(ctx: &Ctx, verb: MilestoneVerb) -> Result {
    match verb {
        MilestoneVerb::Add {
            initiative,
            title,
            due,
            json,
        } => {
            let mut store = ctx.open_for_change()?;
            let req = MilestoneAddRequest {
                id: initiative.clone(),
                title,
                due,
            };
            let id = handlers::milestone_add(&mut store, req)?;
            if json {
                let owner = store.find_initiative(&initiative)?;
                let detail = store.initiative(&owner)?;
                let m = detail.milestones.into_iter().find(|m| m.id == id);
                return output::json(&m);
            }
            output::line(&id)?;
        }
        MilestoneVerb::List { initiative, json } => {
            let store = ctx.open()?;
            let portfolio = store.portfolio()?;
            let wanted = initiative
                .as_deref()
                .map(|k| store.find_initiative(k))
                .transpose()?;
            let mut all = Vec::new();
            for i in portfolio
                .initiatives
                .iter()
                .filter(|i| wanted.as_deref().is_none_or(|w| w == i.id))
            {
                for m in store.initiative(&i.id)?.milestones {
                    all.push((i.code.clone(), m));
                }
            }
            if json {
                let list: Vec<_> = all
                    .iter()
                    .map(|(code, m)| {
                        let mut v = serde_json::to_value(m).unwrap_or_default();
                        v["initiative"] = code.clone().into();
                        v
                    })
                    .collect();
                return output::json(&list);
            }
            let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
            let rows: Vec<Vec<String>> = all
                .iter()
                .map(|(code, m)| {
                    vec![
                        m.id[..8].to_string(),
                        code.clone(),
                        format!(
                            "{}{}",
                            output::clip(&m.title, 48),
                            if m.sample { "*" } else { "" }
                        ),
                        dash(&m.planned_date),
                        dash(&m.done_date),
                    ]
                })
                .collect();
            output::table(&["ID", "INITIATIVE", "TITLE", "PLANNED", "DONE"], &rows)?;
        }
        MilestoneVerb::Done { milestone, on } => {
            let mut store = ctx.open_for_change()?;
            handlers::milestone_done(&mut store, MilestoneDoneRequest { id: milestone, on })?;
        }
        MilestoneVerb::Replan { milestone, due } => {
            let mut store = ctx.open_for_change()?;
            let req = MilestoneReplanRequest { id: milestone, due };
            handlers::milestone_replan(&mut store, req)?;
        }
        MilestoneVerb::Set {
            milestone,
            title,
            due,
        } => {
            let mut store = ctx.open_for_change()?;
            let req = MilestoneSetRequest {
                id: milestone,
                title,
                due,
            };
            handlers::milestone_set(&mut store, req)?;
        }
        MilestoneVerb::Delete { milestone } => {
            let mut store = ctx.open_for_change()?;
            handlers::milestone_delete(&mut store, MilestoneDeleteRequest { id: milestone })?;
        }
    }
    Ok(())
}
