//! steerco initiative ...

use steerco_app_core::handlers;
use steerco_app_core::requests::{
    InitiativeAddRequest, InitiativeBudgetRequest, InitiativeDeleteRequest,
    InitiativeRestoreRequest,
};
use steerco_domain::{Dimension, Phase, Rag};
use steerco_store::ops::initiative::InitiativeEdit;
use steerco_store::ops::status::NewStatus;
use steerco_store::portfolio::InitiativeSummary;

use super::{parse, parse_date, CliError, Ctx, Result};
use crate::args::{InitiativeSet, InitiativeVerb};
use crate::output;

fn opt_date(s: Option<String>) -> Result<Option<chrono::NaiveDate>> {
    s.as_deref().map(parse_date).transpose()
}

/// For `set`: absent leaves the field, "" clears it.
fn clearable<T>(s: Option<String>, f: impl Fn(&str) -> Result<T>) -> Result<Option<Option<T>>> {
    match s {
        None => Ok(None),
        Some(v) if v.trim().is_empty() => Ok(Some(None)),
        Some(v) => Ok(Some(Some(f(v.trim())?))),
    }
}

fn check_lang(lang: &str) -> Result {
    match lang {
        "da" | "en" => Ok(()),
        _ => Err(CliError::Input(format!(
            "{lang:?} is not a language; use da or en"
        ))),
    }
}

fn rag_cell(i: &InitiativeSummary, d: Dimension) -> String {
    match i.status.get(&d) {
        Some(s) => format!(
            "{}{}{}",
            s.rag,
            s.trend.arrow(),
            if s.sample { "*" } else { "" }
        ),
        None => "grey".into(),
    }
}

pub fn run(ctx: &Ctx, verb: InitiativeVerb) -> Result {
    match verb {
        InitiativeVerb::List { json, lang } => {
            check_lang(&lang)?;
            let store = ctx.open()?;
            let p = store.portfolio()?;
            if json {
                let list: Vec<_> = p
                    .initiatives
                    .iter()
                    .map(|i| {
                        let mut v = serde_json::to_value(i).unwrap_or_default();
                        v["display_title"] = i.display_title(&lang).into();
                        v
                    })
                    .collect();
                return output::json(&list);
            }
            let rows: Vec<Vec<String>> = p
                .initiatives
                .iter()
                .map(|i| {
                    let mut row = vec![
                        i.code.clone(),
                        output::clip(&i.display_title(&lang), 48),
                        i.focus_area.map_or("-".into(), |n| n.to_string()),
                        i.phase.map_or("-".into(), |p| p.to_string()),
                    ];
                    row.extend(Dimension::ALL.iter().map(|d| rag_cell(i, *d)));
                    row
                })
                .collect();
            output::table(
                &[
                    "CODE", "TITLE", "FA", "PHASE", "OVERALL", "TIME", "COST", "SCOPE", "BENEFIT",
                ],
                &rows,
            )?;
            let planned = p
                .planned
                .map_or(String::new(), |n| format!(" of {n} planned"));
            output::line(&format!(
                "{} initiatives known{planned}, {} with a verified title. grey = not reported; ↑ better, ↓ worse, → same, · no earlier update.",
                p.known, p.verified_titles
            ))?;
            if p.has_sample {
                output::line("* illustrative sample data, not a real status")?;
            }
        }
        InitiativeVerb::Add {
            code,
            title,
            focus_area,
            lead,
            phase,
            description,
            start,
            end,
            json,
        } => {
            // The app's request and handler: the same checks for both.
            let req = InitiativeAddRequest {
                code,
                title,
                focus_area,
                lead,
                phase: phase.as_deref().map(parse::<Phase>).transpose()?,
                start,
                end,
                description,
            };
            let mut store = ctx.open_for_change()?;
            let id = handlers::initiative_add(&mut store, req)?;
            if json {
                return output::json(&store.initiative(&id)?);
            }
            output::line(&id)?;
        }
        InitiativeVerb::Show { code, json, lang } => {
            check_lang(&lang)?;
            let store = ctx.open()?;
            let id = store.find_initiative(&code)?;
            let d = store.initiative(&id)?;
            if json {
                return output::json(&d);
            }
            show(&d, &lang)?;
        }
        InitiativeVerb::Set(set) => edit(ctx, set)?,
        InitiativeVerb::Status {
            code,
            rag,
            dimension,
            note,
            on,
        } => {
            let status = NewStatus {
                rag: parse::<Rag>(&rag)?,
                dimension: parse::<Dimension>(&dimension)?,
                reason: note,
                date: opt_date(on)?,
                sample: false,
            };
            let mut store = ctx.open_for_change()?;
            output::line(&store.add_status(&code, status)?)?;
        }
        InitiativeVerb::Budget {
            code,
            year,
            budget,
            actual,
        } => {
            let mut store = ctx.open_for_change()?;
            let req = InitiativeBudgetRequest {
                id: code,
                year,
                budget,
                actual,
            };
            handlers::initiative_budget(&mut store, req)?;
        }
        InitiativeVerb::History { code, json } => {
            let store = ctx.open()?;
            let id = store.find_initiative(&code)?;
            let history = store.initiative_history(&id)?;
            if json {
                return output::json(&history);
            }
            let tz = store.time_zone()?;
            let rows: Vec<Vec<String>> = history
                .iter()
                .map(|h| {
                    let fields: Vec<String> = h
                        .fields
                        .iter()
                        .map(|(k, v)| format!("{k}={}", output::clip(&v.to_string(), 40)))
                        .collect();
                    vec![
                        steerco_store::dates::local_time_of(tz, &h.at),
                        h.author.clone().unwrap_or_else(|| "-".into()),
                        format!("{} {}", h.op, h.table),
                        fields.join(" "),
                    ]
                })
                .collect();
            output::table(&["WHEN", "WHO", "CHANGE", "FIELDS"], &rows)?;
        }
        InitiativeVerb::Delete { code } => {
            let mut store = ctx.open_for_change()?;
            handlers::initiative_delete(&mut store, InitiativeDeleteRequest { id: code })?;
        }
        InitiativeVerb::Restore { code } => {
            let mut store = ctx.open_for_change()?;
            let req = InitiativeRestoreRequest { id: code };
            let id = handlers::initiative_restore(&mut store, req)?;
            output::line(&id)?;
        }
    }
    Ok(())
}

fn edit(ctx: &Ctx, set: InitiativeSet) -> Result {
    let text = |s: &str| Ok(s.to_string());
    let edit = InitiativeEdit {
        title: set.title,
        title_en: clearable(set.title_en, text)?,
        description: clearable(set.description, text)?,
        lead: clearable(set.lead, text)?,
        phase: clearable(set.phase, parse::<Phase>)?,
        focus_area: clearable(set.focus_area, parse::<i64>)?,
        start: clearable(set.start, parse_date)?,
        end: clearable(set.end, parse_date)?,
    };
    let mut store = ctx.open_for_change()?;
    store.edit_initiative(&set.code, edit)?;
    Ok(())
}

fn show(d: &steerco_store::portfolio::InitiativeDetail, lang: &str) -> Result {
    let s = &d.summary;
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    output::line(&format!("{}  {}", s.code, s.display_title(lang)))?;
    output::line(&format!("id           {}", s.id))?;
    if !s.code_verified {
        output::line("code         number inferred, not verified")?;
    }
    output::line(&format!(
        "focus area   {}",
        s.focus_area.map_or("-".into(), |n| n.to_string())
    ))?;
    output::line(&format!(
        "phase        {}",
        s.phase.map_or("-".into(), |p| p.to_string())
    ))?;
    output::line(&format!("lead         {}", opt(&s.lead)))?;
    output::line(&format!(
        "period       {} – {}",
        d.start_date.map_or("-".into(), |x| x.to_string()),
        d.end_date.map_or("-".into(), |x| x.to_string())
    ))?;
    if let Some(desc) = &d.description {
        output::line(&format!("description  {desc}"))?;
    }
    if let Some(note) = &d.note {
        output::line(&format!(
            "note         {}",
            note.replace('\n', "\n             ")
        ))?;
    }
    output::line("")?;
    output::line("Status history (newest first)")?;
    let rows: Vec<Vec<String>> = d
        .status_history
        .iter()
        .map(|h| {
            vec![
                h.date.clone(),
                h.dimension.clone(),
                format!("{}{}", h.rag, if h.sample { "*" } else { "" }),
                opt(&h.author),
                opt(&h.reason),
            ]
        })
        .collect();
    output::table(&["DATE", "DIMENSION", "RAG", "BY", "REASON"], &rows)?;
    output::line("")?;
    output::line("Milestones")?;
    let rows: Vec<Vec<String>> = d
        .milestones
        .iter()
        .map(|m| {
            vec![
                m.id[..8].to_string(),
                format!("{}{}", m.title, if m.sample { "*" } else { "" }),
                opt(&m.planned_date),
                opt(&m.done_date),
                m.plan_history.join(" → "),
            ]
        })
        .collect();
    output::table(&["ID", "TITLE", "PLANNED", "DONE", "PLAN HISTORY"], &rows)?;
    if !d.budget.is_empty() {
        output::line("")?;
        output::line("Budget (DKK)")?;
        let n = |v: Option<i64>| v.map_or("-".into(), |v| v.to_string());
        let rows: Vec<Vec<String>> = d
            .budget
            .iter()
            .map(|b| vec![b.year.to_string(), n(b.budget), n(b.actual), n(b.variance)])
            .collect();
        output::table(&["YEAR", "BUDGET", "ACTUAL", "VARIANCE"], &rows)?;
    }
    if s.status.values().any(|x| x.sample) || d.milestones.iter().any(|m| m.sample) {
        output::line("* illustrative sample data")?;
    }
    Ok(())
}
