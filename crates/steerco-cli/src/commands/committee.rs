//! steerco committee ..., steerco member ...

use super::{Ctx, Result};
use crate::args::{CommitteeVerb, MemberVerb};
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
