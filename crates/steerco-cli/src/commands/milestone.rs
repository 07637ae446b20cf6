//! steerco milestone ...

use super::{parse_date, Ctx, Result};
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
            let due = parse_date(&due)?;
            let mut store = ctx.open_for_change()?;
            let id = store.add_milestone(&initiative, &title, due, false)?;
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
            let on = on.as_deref().map(parse_date).transpose()?;
            let mut store = ctx.open_for_change()?;
            store.complete_milestone(&milestone, on)?;
        }
        MilestoneVerb::Replan { milestone, due } => {
            let due = parse_date(&due)?;
            let mut store = ctx.open_for_change()?;
            store.replan_milestone(&milestone, due)?;
        }
    }
    Ok(())
}
