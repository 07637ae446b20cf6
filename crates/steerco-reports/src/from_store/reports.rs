//! The chair's reports from the store: the annual status report, the
//! half-yearly deliverables overview and an initiative's highlight report.

use chrono::{Datelike, NaiveDate};
use steerco_store::dashboard::{DashInitiative, MilestoneView};
use steerco_store::ops::risk::RiskView;
use steerco_store::{Refusal, Store};

use super::{ExportError, Format};
use crate::model::{DecisionRow, ExportOptions, Lang};
use crate::*;

fn day(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(|d| d.parse().ok())
}

fn initiative_status(i: &DashInitiative) -> InitiativeStatus {
    InitiativeStatus {
        code: i.code.clone(),
        title: i.title.clone(),
        phase: i.phase.clone(),
        overall: i.overall.rag.clone(),
        trend: i.overall.trend.clone(),
        dimensions: i
            .dimensions
            .iter()
            .map(|(d, s)| (d.clone(), s.rag.clone()))
            .collect(),
        reason: i.overall.reason.clone(),
    }
}

fn milestone_row(m: &MilestoneView) -> Option<MilestoneRow> {
    Some(MilestoneRow {
        initiative: m.initiative.clone(),
        title: m.title.clone(),
        planned: day(&m.planned)?,
        first_planned: day(&m.first_planned),
        done: day(&m.done),
        slipped: m.slipped,
    })
}

fn risk_row(r: &RiskView, moved: Option<String>) -> RiskRow {
    let s = |v: i64| v.clamp(1, 5) as u8;
    RiskRow {
        initiative: r.initiative.clone(),
        title: r.title.clone(),
        owner: r.owner.clone(),
        inherent: (s(r.inherent.0), s(r.inherent.1)),
        residual: {
            let (l, i) = r.residual.unwrap_or(r.inherent);
            (s(l), s(i))
        },
        band: r.band.clone(),
        moved,
    }
}

fn heat(store: &Store) -> Result<HeatMap, ExportError> {
    let map = store.heatmap(true, None)?;
    let mut counts = [[0u32; 5]; 5];
    for (l, row) in map.counts.iter().enumerate() {
        for (i, n) in row.iter().enumerate() {
            counts[l][i] = *n as u32;
        }
    }
    Ok(HeatMap {
        residual: true,
        counts,
        bands: vec![
            Band {
                name: "low".into(),
                max_score: map.bands.low as u32,
            },
            Band {
                name: "medium".into(),
                max_score: map.bands.medium as u32,
            },
            Band {
                name: "high".into(),
                max_score: 25,
            },
        ],
    })
}

/// The summary's two paragraphs: the period and the portfolio's figures as
/// of its last day (the dashboard's, as of that day), then the year's
/// milestones, delays, overdue actions and decisions.
fn summary(
    d: &steerco_store::dashboard::Dashboard,
    start: NaiveDate,
    reached: usize,
    decisions: usize,
    year: i32,
    lang: Lang,
) -> Vec<String> {
    // The dashboard's own counts (its totals row), not a second tally.
    let total = |f: fn(&steerco_store::dashboard::FocusCount) -> i64| -> i64 {
        d.focus_areas.iter().map(f).sum()
    };
    let (g, a, r, grey) = (
        total(|f| f.green),
        total(|f| f.amber),
        total(|f| f.red),
        total(|f| f.grey),
    );
    let n = d.initiatives.len();
    let areas = d.focus_areas.iter().filter(|f| f.number.is_some()).count();
    // Initiatives without a focus area are named, so the numbers add up.
    let unassigned: i64 = d
        .focus_areas
        .iter()
        .filter(|f| f.number.is_none())
        .map(|f| f.green + f.amber + f.red + f.grey)
        .sum();
    let assigned = n as i64 - unassigned;
    let holds = match (lang, unassigned) {
        (Lang::Da, 0) => format!("Porteføljen omfatter {n} initiativer i {areas} fokusområder."),
        (Lang::Da, k) => format!("Porteføljen omfatter {n} initiativer: {assigned} i {areas} fokusområder og {k} uden fokusområde."),
        (Lang::En, 0) => format!("The portfolio holds {n} initiatives in {areas} focus areas."),
        (Lang::En, k) => format!("The portfolio holds {n} initiatives: {assigned} in {areas} focus areas and {k} without a focus area."),
    };
    let (at, slipped, overdue) = (&d.today, d.milestones_slipped.len(), d.overdue_count);
    match lang {
        Lang::Da => vec![
            format!("Perioden er {start} til {at}; tallene er pr. {at}, som overblikket viser dem for den dag. {holds} {g} er grønne, {a} gule og {r} røde; {grey} er ikke rapporteret inden for de seneste {} dage (grå).", d.grey_after_days),
            format!("I {year} blev {reached} milepæle nået. Pr. {at} er {slipped} milepæle forsinket eller flyttet, og {overdue} handlinger har overskredet fristen. Der blev truffet {decisions} beslutninger."),
        ],
        Lang::En => vec![
            format!("The period is {start} to {at}; the figures are as of {at}, as the dashboard shows them for that day. {holds} {g} are green, {a} amber and {r} red; {grey} have not reported within the last {} days (grey).", d.grey_after_days),
            format!("In {year}, {reached} milestones were reached. As of {at}, {slipped} milestones are delayed or re-planned and {overdue} actions are overdue. {decisions} decisions were taken."),
        ],
    }
}

/// The annual status report for `year`, as the portfolio stood at its end
/// (or today, for the current year): every figure the dashboard shows too
/// (counts per status, delayed milestones, overdue actions, top risks) is the
/// dashboard's as of that day, and the report states the day.
pub fn status_report(store: &Store, year: i32, lang: Lang) -> Result<StatusReport, ExportError> {
    let end = NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(|| Refusal::NotAYear {
        value: year.to_string(),
    })?;
    let start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(end);
    let d = store.dashboard_as_of(Some(end))?;
    let ws = store.workspace()?;
    let in_year = |s: &Option<String>| day(s).is_some_and(|d| d >= start && d <= end);
    let reached: Vec<MilestoneRow> = d
        .timeline
        .iter()
        .filter(|m| in_year(&m.done))
        .filter_map(milestone_row)
        .collect();
    let slipped: Vec<MilestoneRow> = d
        .milestones_slipped
        .iter()
        .filter_map(milestone_row)
        .collect();
    let decisions: Vec<DecisionRow> = store
        .decisions()?
        .into_iter()
        .filter(|x| x.date.parse::<NaiveDate>().is_ok_and(|d| d.year() == year))
        .map(|x| DecisionRow {
            date: x.date.parse().unwrap_or(start),
            id: x.id,
            committee: x.committee,
            meeting: x.meeting,
            text: x.text,
            status: x.status,
            supersedes: x.supersedes,
            initiative: x.initiative,
        })
        .collect();
    let focus_areas = d
        .focus_areas
        .iter()
        .map(|f| FocusAreaStatus {
            number: f.number.map(|n| n as u32),
            name: match lang {
                Lang::En => f.name_en.clone().unwrap_or_else(|| f.name.clone()),
                Lang::Da => f.name.clone(),
            },
            // The dashboard's counts decide who is without a focus area (an
            // initiative whose area is gone is too), so the lists match them.
            initiatives: d
                .initiatives
                .iter()
                .filter(|i| match f.number {
                    Some(n) => i.focus_area == Some(n),
                    None => !i
                        .focus_area
                        .is_some_and(|n| d.focus_areas.iter().any(|f| f.number == Some(n))),
                })
                .map(initiative_status)
                .collect(),
        })
        .collect();
    Ok(StatusReport {
        workspace: ws.name,
        sample_data: ws.sample,
        year,
        generated_on: store.today()?,
        as_of: d.today.parse().unwrap_or(end),
        summary: summary(&d, start, reached.len(), decisions.len(), year, lang),
        focus_areas,
        milestones_reached: reached,
        milestones_slipped: slipped,
        overdue_actions: d.overdue_count as u32,
        decisions,
        top_risks: d.top_risks.iter().map(|r| risk_row(r, None)).collect(),
        heatmap: heat(store)?,
        budget: d
            .budget
            .iter()
            .filter(|b| b.year == year as i64)
            .map(|b| BudgetRow {
                initiative: b.initiative.clone(),
                title: b.title.clone(),
                year,
                budget: b.budget.unwrap_or(0),
                actual: b.actual.unwrap_or(0),
            })
            .collect(),
    })
}

/// `YYYY-H1` or `YYYY-H2` as its first and last day.
pub fn half_year(half: &str) -> Result<(NaiveDate, NaiveDate), ExportError> {
    let bad = || {
        ExportError::from(Refusal::NotAHalfYear {
            value: half.to_string(),
        })
    };
    let (y, h) = half.split_once('-').ok_or_else(bad)?;
    let y: i32 = y.parse().map_err(|_| bad())?;
    let (from, to) = match h {
        "H1" => ((1, 1), (6, 30)),
        "H2" => ((7, 1), (12, 31)),
        _ => return Err(bad()),
    };
    Ok((
        NaiveDate::from_ymd_opt(y, from.0, from.1).ok_or_else(bad)?,
        NaiveDate::from_ymd_opt(y, to.0, to.1).ok_or_else(bad)?,
    ))
}

/// Milestones planned in the half-year, per initiative: met and slipped.
pub fn deliverables(store: &Store, half: &str) -> Result<DeliverablesReport, ExportError> {
    let (from, to) = half_year(half)?;
    let ws = store.workspace()?;
    let d = store.dashboard_as_of(Some(to))?;
    let mut out: Vec<Deliverables> = Vec::new();
    for i in &d.initiatives {
        let milestones: Vec<MilestoneRow> = d
            .timeline
            .iter()
            .filter(|m| m.initiative_id == i.id)
            .filter(|m| {
                [&m.planned, &m.first_planned]
                    .iter()
                    .any(|p| day(p).is_some_and(|p| p >= from && p <= to))
            })
            .filter_map(milestone_row)
            .collect();
        if !milestones.is_empty() {
            out.push(Deliverables {
                code: i.code.clone(),
                title: i.title.clone(),
                milestones,
            });
        }
    }
    Ok(DeliverablesReport {
        workspace: ws.name,
        sample_data: ws.sample,
        half: half.to_string(),
        from,
        to,
        initiatives: out,
    })
}

/// One initiative's highlight report for a period (its narrative as edited in the app).
pub fn highlight(store: &Store, code: &str, period: &str) -> Result<HighlightReport, ExportError> {
    let id = store.find_initiative(code)?;
    let text = store.highlight_text(code, period)?;
    let ws = store.workspace()?;
    let d = store.dashboard()?;
    let i =
        d.initiatives.iter().find(|i| i.id == id).ok_or_else(|| {
            ExportError::Data(format!("initiative {code} is not in the portfolio"))
        })?;
    Ok(HighlightReport {
        workspace: ws.name,
        sample_data: ws.sample,
        code: i.code.clone(),
        title: i.title.clone(),
        period: period.to_string(),
        generated_on: store.today()?,
        status: initiative_status(i),
        status_summary: text.status_summary,
        this_period: text.this_period,
        next_period: text.next_period,
        issues: text.issues,
        risks: store
            .risks()?
            .iter()
            .filter(|r| r.initiative_id == id && r.status == "open")
            .map(|r| risk_row(r, None))
            .collect(),
        decisions_needed: text.decisions_needed,
        milestones: d
            .timeline
            .iter()
            .filter(|m| m.initiative_id == id)
            .filter_map(milestone_row)
            .collect(),
        budget: d
            .budget
            .iter()
            .filter(|b| b.initiative == i.code)
            .map(|b| BudgetRow {
                initiative: b.initiative.clone(),
                title: b.title.clone(),
                year: b.year as i32,
                budget: b.budget.unwrap_or(0),
                actual: b.actual.unwrap_or(0),
            })
            .collect(),
    })
}

pub fn status_report_file(
    store: &Store,
    year: i32,
    format: Format,
    opts: ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    let r = status_report(store, year, opts.language)?;
    format.write(
        &r,
        &opts,
        crate::status_report_md,
        crate::status_report_pdf,
        crate::status_report_docx,
    )
}

pub fn deliverables_file(
    store: &Store,
    half: &str,
    format: Format,
    opts: ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    let r = deliverables(store, half)?;
    format.write(
        &r,
        &opts,
        crate::deliverables_md,
        crate::deliverables_pdf,
        crate::deliverables_docx,
    )
}

pub fn highlight_file(
    store: &Store,
    code: &str,
    period: &str,
    format: Format,
    opts: ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    let r = highlight(store, code, period)?;
    format.write(
        &r,
        &opts,
        crate::highlight_md,
        crate::highlight_pdf,
        crate::highlight_docx,
    )
}
