//! steerco risk ..., steerco dashboard

use steerco_app_core::handlers;
use steerco_app_core::inputs::{AssessmentInput, RiskInput};
use steerco_app_core::requests::{RiskAddRequest, RiskAssessRequest, RiskStateRequest};
use steerco_store::refusal::word;

use super::{parse_date, Ctx, Result};
use crate::args::RiskVerb;
use crate::output;

pub fn risk(ctx: &Ctx, verb: RiskVerb) -> Result {
    match verb {
        RiskVerb::Add {
            initiative,
            title,
            likelihood,
            impact,
            residual_likelihood,
            residual_impact,
            owner,
            cause,
            consequence,
            mitigation,
            review,
            json,
        } => {
            let mut store = ctx.open_for_change()?;
            let risk = RiskInput {
                initiative,
                title,
                likelihood,
                impact,
                residual_likelihood,
                residual_impact,
                owner,
                cause,
                consequence,
                mitigation,
                review_date: review,
            };
            let id = handlers::risk_add(&mut store, RiskAddRequest { risk })?;
            if json {
                let r = store.risks()?.into_iter().find(|r| r.id == id);
                return output::json(&r);
            }
            output::line(&id)?;
        }
        RiskVerb::Assess {
            risk,
            likelihood,
            impact,
            residual_likelihood,
            residual_impact,
        } => {
            let mut store = ctx.open_for_change()?;
            let assessment = AssessmentInput {
                likelihood,
                impact,
                residual_likelihood,
                residual_impact,
            };
            handlers::risk_assess(
                &mut store,
                RiskAssessRequest {
                    id: risk,
                    assessment,
                },
            )?;
        }
        RiskVerb::State { risk, status } => {
            let mut store = ctx.open_for_change()?;
            let status = word(&status)?;
            handlers::risk_state(&mut store, RiskStateRequest { id: risk, status })?;
        }
        RiskVerb::Set {
            risk,
            title,
            cause,
            consequence,
            mitigation,
            owner,
            review,
        } => {
            let mut store = ctx.open_for_change()?;
            let req = steerco_app_core::requests::RiskSetRequest {
                id: risk,
                title,
                cause,
                consequence,
                mitigation,
                owner,
                review,
            };
            handlers::risk_set(&mut store, req)?;
        }
        RiskVerb::List { json } => {
            let store = ctx.open()?;
            let all = store.risks()?;
            if json {
                return output::json(&all);
            }
            let rows: Vec<Vec<String>> = all
                .iter()
                .map(|r| {
                    let (l, i) = r.inherent;
                    vec![
                        r.id[..8].to_string(),
                        r.initiative.clone(),
                        output::clip(&r.title, 40),
                        format!("{l}x{i}={}", l * i),
                        r.residual
                            .map_or("-".into(), |(l, i)| format!("{l}x{i}={}", l * i)),
                        r.band.clone(),
                        r.status.clone(),
                    ]
                })
                .collect();
            output::table(
                &[
                    "ID",
                    "INITIATIVE",
                    "RISK",
                    "INHERENT",
                    "RESIDUAL",
                    "BAND",
                    "STATUS",
                ],
                &rows,
            )?;
        }
        RiskVerb::Heatmap {
            residual,
            since,
            json,
        } => {
            let since = since.as_deref().map(parse_date).transpose()?;
            let store = ctx.open()?;
            let map = store.heatmap(residual, since)?;
            if json {
                return output::json(&map);
            }
            output::line(&format!(
                "{} risk heat map (likelihood down, impact across){}",
                if residual { "residual" } else { "inherent" },
                map.since
                    .as_deref()
                    .map(|s| format!("; * moved since {s}"))
                    .unwrap_or_default()
            ))?;
            for l in (1..=5).rev() {
                let cells: Vec<String> = (1..=5)
                    .map(|i| {
                        let cell = map
                            .cells
                            .iter()
                            .find(|c| c.likelihood == l && c.impact == i);
                        let moved = cell.is_some_and(|c| !c.moved.is_empty());
                        format!(
                            "{:>3}{}",
                            map.counts[(l - 1) as usize][(i - 1) as usize],
                            if moved { "*" } else { " " }
                        )
                    })
                    .collect();
                output::line(&format!("{l} |{}", cells.join("")))?;
            }
            output::line("    1   2   3   4   5")?;
        }
    }
    Ok(())
}

pub fn dashboard(ctx: &Ctx, json: bool, as_of: Option<&str>) -> Result {
    let as_of = as_of.map(parse_date).transpose()?;
    let store = ctx.open()?;
    let mut d = store.dashboard_as_of(as_of)?;
    if json {
        // The JSON lists every overdue action, not only the overview's first few.
        d.overdue_actions = store.overdue_actions_as_of(as_of)?;
        return output::json(&d);
    }
    output::line(&format!(
        "{} initiatives; {} overdue actions; {} milestones due in 90 days, {} slipped; {} open risks at the top",
        d.initiatives.len(),
        d.overdue_count,
        d.milestones_due.len(),
        d.milestones_slipped.len(),
        d.top_risks.len()
    ))?;
    let rows: Vec<Vec<String>> = d
        .focus_areas
        .iter()
        .map(|f| {
            vec![
                f.number.map_or("-".into(), |n| n.to_string()),
                match f.number {
                    Some(_) => output::clip(&f.name, 44),
                    None => "(no focus area)".into(),
                },
                f.green.to_string(),
                f.amber.to_string(),
                f.red.to_string(),
                f.grey.to_string(),
            ]
        })
        .collect();
    output::table(&["#", "FOCUS AREA", "GREEN", "AMBER", "RED", "GREY"], &rows)?;
    Ok(())
}
