//! steerco focus-area ...: the same requests and handlers as the app's
//! commands (steerco-app-core).

use steerco_app_core::handlers;
use steerco_app_core::requests::{
    FocusAreaAddRequest, FocusAreaDeleteRequest, FocusAreaListRequest, FocusAreaMoveRequest,
    FocusAreaSetRequest,
};

use super::{Ctx, Result};
use crate::args::FocusAreaVerb;
use crate::output;

pub fn run(ctx: &Ctx, verb: FocusAreaVerb) -> Result {
    match verb {
        FocusAreaVerb::Add { number, name, json } => {
            let mut store = ctx.open_for_change()?;
            let id = handlers::focus_area_add(&mut store, FocusAreaAddRequest { number, name })?;
            if json {
                let all = handlers::focus_area_list(&store, FocusAreaListRequest {})?;
                if let Some(row) = all.iter().find(|f| f.id == id) {
                    return output::json(row);
                }
            }
            output::line(&id)?;
        }
        FocusAreaVerb::List { json } => {
            let store = ctx.open()?;
            let all = handlers::focus_area_list(&store, FocusAreaListRequest {})?;
            if json {
                return output::json(&all);
            }
            let rows: Vec<Vec<String>> = all
                .iter()
                .map(|f| {
                    vec![
                        f.number.to_string(),
                        output::clip(&f.name_da, 48),
                        f.name_en
                            .as_deref()
                            .map_or("-".into(), |n| output::clip(n, 40)),
                        f.initiatives.to_string(),
                    ]
                })
                .collect();
            output::table(&["#", "NAME", "NAME (EN)", "INITIATIVES"], &rows)?;
        }
        FocusAreaVerb::Set {
            number,
            name,
            name_en,
            new_number,
        } => {
            let mut store = ctx.open_for_change()?;
            let req = FocusAreaSetRequest {
                number,
                name,
                name_en,
                new_number,
            };
            handlers::focus_area_set(&mut store, req)?;
        }
        FocusAreaVerb::Move { number, to } => {
            let mut store = ctx.open_for_change()?;
            handlers::focus_area_move(&mut store, FocusAreaMoveRequest { number, to })?;
        }
        FocusAreaVerb::Delete { number } => {
            let mut store = ctx.open_for_change()?;
            handlers::focus_area_delete(&mut store, FocusAreaDeleteRequest { number })?;
        }
    }
    Ok(())
}
