//! The chair's overview: the portfolio's status with the grey rule, counts
//! per focus area, overdue actions, milestones due and slipped, top risks,
//! budget against spend, the milestone timeline, and the risk heat map.
//! Everything is computed from live data on each call.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use serde::Serialize;
use steerco_domain::{Dimension, RiskStatus, TaskState};

use crate::error::Result;
use crate::ops::meeting::{TaskFilter, TaskView};
use crate::ops::risk::{Bands, RiskView};
use crate::Store;

/// Days after which a status update no longer counts, when the workspace says nothing.
pub const GREY_AFTER_DAYS: i64 = 90;
/// How far ahead "due soon" looks.
pub const DUE_WITHIN_DAYS: i64 = 90;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DashStatus {
    /// green, amber, red, or grey (not reported, or older than the grey rule).
    pub rag: String,
    /// improving, stable or worsening against the update before; None when
    /// grey or when there is no update before.
    pub trend: Option<String>,
    pub date: Option<String>,
    pub reason: Option<String>,
    /// Illustrative sample data (the demo).
    pub sample: bool,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DashInitiative {
    pub id: String,
    pub code: String,
    pub title: String,
    pub title_en: String,
    pub focus_area: Option<i64>,
    pub phase: Option<String>,
    pub overall: DashStatus,
    /// Per dimension (time, cost, quality, …).
    pub dimensions: BTreeMap<String, DashStatus>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct FocusCount {
    /// None: the initiatives without a focus area (listed last, only when
    /// there are any), so the counts add up to every initiative.
    pub number: Option<i64>,
    pub name: String,
    pub name_en: Option<String>,
    pub green: i64,
    pub amber: i64,
    pub red: i64,
    pub grey: i64,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct MilestoneView {
    pub id: String,
    pub initiative: String,
    pub initiative_id: String,
    pub focus_area: Option<i64>,
    pub title: String,
    /// The planned date in force, and the first one it ever had.
    pub planned: Option<String>,
    pub first_planned: Option<String>,
    pub done: Option<String>,
    /// Not done by its planned date, done after it, or re-planned later.
    pub slipped: bool,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct BudgetView {
    pub initiative: String,
    pub title: String,
    pub year: i64,
    pub budget: Option<i64>,
    pub actual: Option<i64>,
    /// actual - budget, when both are known.
    pub variance: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Dashboard {
    /// The day the overview is computed for (today, or the day asked for):
    /// the chair's reports state the same day for the same figures.
    pub today: String,
    /// For a sample workspace (the demo), its latest status date: the view
    /// opens as of it, as every sample status is grey today. None otherwise.
    pub sample_status_date: Option<String>,
    pub grey_after_days: i64,
    pub initiatives: Vec<DashInitiative>,
    pub focus_areas: Vec<FocusCount>,
    pub overdue_actions: Vec<TaskView>,
    /// Not done and planned within the next 90 days.
    pub milestones_due: Vec<MilestoneView>,
    pub milestones_slipped: Vec<MilestoneView>,
    /// Open risks by residual score (inherent when none), at most 10.
    pub top_risks: Vec<RiskView>,
    pub budget: Vec<BudgetView>,
    /// Every milestone, by focus area and initiative (the timeline).
    pub timeline: Vec<MilestoneView>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct HeatCell {
    pub likelihood: i64,
    pub impact: i64,
    pub band: String,
    pub risks: Vec<String>,
    /// Risks in this cell whose assessment changed since `since` (or are new).
    pub moved: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct HeatMap {
    pub residual: bool,
    pub since: Option<String>,
    pub bands: Bands,
    /// counts[likelihood - 1][impact - 1]
    pub counts: Vec<Vec<i64>>,
    /// All 25 cells, likelihood 5 to 1, impact 1 to 5 (as drawn).
    pub cells: Vec<HeatCell>,
}

/// Whether a milestone slipped, by the rule above.
pub fn slipped(
    planned: Option<NaiveDate>,
    first: Option<NaiveDate>,
    done: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    let Some(planned) = planned else {
        return false;
    };
    let late = match done {
        Some(d) => d > planned,
        None => planned < today,
    };
    late || first.is_some_and(|f| planned > f)
}

fn trend_word(t: steerco_domain::Trend) -> Option<String> {
    use steerco_domain::Trend::*;
    match t {
        Improving => Some("improving".into()),
        Stable => Some("stable".into()),
        Worsening => Some("worsening".into()),
        Unknown => None,
    }
}

fn date(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(|d| d.parse().ok())
}

impl Store {
    pub fn grey_after_days(&self) -> Result<i64> {
        let days: Option<i64> = self.conn().query_row(
            "SELECT grey_after_days FROM workspace WHERE deleted = 0 LIMIT 1",
            [],
            |r| r.get(0),
        )?;
        Ok(days.filter(|d| *d > 0).unwrap_or(GREY_AFTER_DAYS))
    }

    /// Every milestone with its plan history, by initiative code.
    pub fn milestone_views(&self) -> Result<Vec<MilestoneView>> {
        self.milestone_views_as_of(self.today()?)
    }

    /// Milestones with "slipped" judged on a given day.
    pub fn milestone_views_as_of(&self, today: NaiveDate) -> Result<Vec<MilestoneView>> {
        let mut out: Vec<MilestoneView> = self
            .conn()
            .prepare_cached(
                "SELECT m.id, i.code, i.id, f.number, m.title, m.planned_date, m.done_date,
                   (SELECT p.planned_date FROM milestone_plan p WHERE p.milestone_id = m.id
                    ORDER BY p.recorded_at, p.stamp LIMIT 1)
                 FROM milestone m JOIN initiative i ON i.id = m.initiative_id
                 LEFT JOIN focus_area f ON f.id = i.focus_area_id AND f.deleted = 0
                 WHERE m.deleted = 0 AND i.deleted = 0",
            )?
            .query_map([], |r| {
                Ok(MilestoneView {
                    id: r.get(0)?,
                    initiative: r.get(1)?,
                    initiative_id: r.get(2)?,
                    focus_area: r.get(3)?,
                    title: r.get(4)?,
                    planned: r.get(5)?,
                    done: r.get(6)?,
                    first_planned: r.get(7)?,
                    slipped: false,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        for m in &mut out {
            m.slipped = slipped(
                date(&m.planned),
                date(&m.first_planned),
                date(&m.done),
                today,
            );
        }
        // The sort key is computed once per milestone, not per comparison:
        // focus areas in the committee's order, no focus area last.
        let places = self.focus_area_places()?;
        out.sort_by_cached_key(|m| {
            (
                m.focus_area
                    .and_then(|n| places.get(&n).copied())
                    .unwrap_or(usize::MAX),
                crate::portfolio::code_key(&m.initiative),
                m.planned.clone(),
                m.id.clone(),
            )
        });
        Ok(out)
    }

    pub fn dashboard(&self) -> Result<Dashboard> {
        self.dashboard_as_of(None)
    }

    /// The overview as it stood on a day (statuses dated up to it, the grey
    /// rule, "due", "slipped" and "overdue" counted from it, risks as they
    /// were assessed by then); today when None. The one computation of the
    /// figures the dashboard and the annual status report both show.
    pub fn dashboard_as_of(&self, as_of: Option<NaiveDate>) -> Result<Dashboard> {
        let real_today = self.today()?;
        let today = as_of.unwrap_or(real_today).min(real_today);
        let grey_after = self.grey_after_days()?;
        let cutoff = today - Duration::days(grey_after);
        let mut portfolio = self.portfolio()?;
        if today < real_today {
            portfolio.initiatives = self.portfolio_as_of(today)?;
        }
        let status = |s: Option<&crate::portfolio::DimensionStatus>| -> DashStatus {
            match s {
                Some(s) if s.date.parse::<NaiveDate>().is_ok_and(|d| d >= cutoff) => DashStatus {
                    rag: s.rag.to_string(),
                    trend: trend_word(s.trend),
                    date: Some(s.date.clone()),
                    reason: s.reason.clone(),
                    sample: s.sample,
                },
                // Older than the rule, or never reported: grey, with the date shown.
                other => DashStatus {
                    rag: "grey".into(),
                    trend: None,
                    date: other.map(|s| s.date.clone()),
                    reason: other.and_then(|s| s.reason.clone()),
                    sample: other.is_some_and(|s| s.sample),
                },
            }
        };
        let initiatives: Vec<DashInitiative> = portfolio
            .initiatives
            .iter()
            .map(|i| DashInitiative {
                id: i.id.clone(),
                code: i.code.clone(),
                title: i.display_title_da.clone(),
                title_en: i.display_title_en.clone(),
                focus_area: i.focus_area,
                phase: i.phase.map(|p| p.to_string()),
                overall: status(i.status.get(&Dimension::Overall)),
                dimensions: i
                    .status
                    .iter()
                    .filter(|(d, _)| **d != Dimension::Overall)
                    .map(|(d, s)| (d.to_string(), status(Some(s))))
                    .collect(),
            })
            .collect();
        let known: std::collections::HashSet<i64> =
            portfolio.focus_areas.iter().map(|f| f.number).collect();
        // An initiative whose focus area is gone counts as without one.
        let area_of = |i: &DashInitiative| i.focus_area.filter(|n| known.contains(n));
        let unassigned = initiatives.iter().any(|i| area_of(i).is_none());
        let focus_areas = portfolio
            .focus_areas
            .iter()
            .map(|f| (Some(f.number), f.name_da.clone(), f.name_en.clone()))
            .chain(unassigned.then(|| (None, String::new(), None)))
            .map(|(number, name, name_en)| {
                let mut c = FocusCount {
                    number,
                    name,
                    name_en,
                    green: 0,
                    amber: 0,
                    red: 0,
                    grey: 0,
                };
                for i in initiatives.iter().filter(|i| area_of(i) == number) {
                    match i.overall.rag.as_str() {
                        "green" => c.green += 1,
                        "amber" => c.amber += 1,
                        "red" => c.red += 1,
                        _ => c.grey += 1,
                    }
                }
                c
            })
            .collect();
        let timeline = self.milestone_views_as_of(today)?;
        let horizon = today + Duration::days(DUE_WITHIN_DAYS);
        let milestones_due = timeline
            .iter()
            .filter(|m| {
                m.done.is_none() && date(&m.planned).is_some_and(|p| p >= today && p <= horizon)
            })
            .cloned()
            .collect();
        let milestones_slipped = timeline
            .iter()
            .filter(|m| {
                m.slipped
                    && (m.done.is_none()
                        || date(&m.done)
                            .is_some_and(|d| d > today - Duration::days(DUE_WITHIN_DAYS)))
            })
            .cloned()
            .collect();
        let mut top_risks: Vec<RiskView> = self
            .risks_as_of(today, real_today)?
            .into_iter()
            .filter(|r| r.status == RiskStatus::Open.as_str())
            .collect();
        let score = |r: &RiskView| {
            let (l, i) = r.residual.unwrap_or(r.inherent);
            l * i
        };
        top_risks.sort_by(|a, b| score(b).cmp(&score(a)).then_with(|| a.id.cmp(&b.id)));
        top_risks.truncate(10);
        Ok(Dashboard {
            today: today.to_string(),
            sample_status_date: self.sample_status_date()?,
            grey_after_days: grey_after,
            initiatives,
            focus_areas,
            overdue_actions: self.overdue_as_of(today)?,
            milestones_due,
            milestones_slipped,
            top_risks,
            budget: self.budget_views()?,
            timeline,
        })
    }

    /// Actions not done whose due date is before `day` (the task list's own
    /// rule, counted from that day).
    fn overdue_as_of(&self, day: NaiveDate) -> Result<Vec<TaskView>> {
        let day = day.to_string();
        Ok(self
            .tasks(&TaskFilter::default())?
            .into_iter()
            .filter(|t| {
                t.state != TaskState::Done.as_str()
                    && t.due_date.as_deref().is_some_and(|d| d < day.as_str())
            })
            .map(|t| TaskView { overdue: true, ..t })
            .collect())
    }

    /// The risks as assessed by `day`: each with the latest assessment dated
    /// up to it (a risk first assessed later is left out); all of them as
    /// they are when `day` is today.
    fn risks_as_of(&self, day: NaiveDate, today: NaiveDate) -> Result<Vec<RiskView>> {
        let risks = self.risks()?;
        if day >= today {
            return Ok(risks);
        }
        let bands = self.bands()?;
        let by = |on: &str| on.parse::<NaiveDate>().is_ok_and(|d| d <= day);
        Ok(risks
            .into_iter()
            .filter_map(|mut r| {
                if !by(&r.assessed_on) {
                    let then = r.history.iter().position(|a| by(&a.assessed_on))?;
                    let a = r.history[then].clone();
                    r.history.drain(..=then);
                    r.inherent = a.inherent;
                    r.residual = a.residual;
                    r.assessed_on = a.assessed_on;
                    r.band = bands.band(r.residual.unwrap_or(r.inherent)).to_string();
                }
                Some(r)
            })
            .collect())
    }

    pub fn budget_views(&self) -> Result<Vec<BudgetView>> {
        let mut out: Vec<BudgetView> = self
            .conn()
            .prepare_cached(
                "SELECT i.code, coalesce(i.title, i.code), y.year, y.budget, y.actual
                 FROM initiative_year y JOIN initiative i ON i.id = y.initiative_id
                 WHERE y.deleted = 0 AND i.deleted = 0",
            )?
            .query_map([], |r| {
                let budget: Option<i64> = r.get(3)?;
                let actual: Option<i64> = r.get(4)?;
                Ok(BudgetView {
                    initiative: r.get(0)?,
                    title: r.get(1)?,
                    year: r.get(2)?,
                    budget,
                    actual,
                    variance: budget.zip(actual).map(|(b, a)| a - b),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        out.sort_by_cached_key(|b| (crate::portfolio::code_key(&b.initiative), b.year));
        Ok(out)
    }

    /// The 5x5 heat map of open risks, inherent or residual (a risk with no
    /// residual assessment counts at its inherent place), with the risks that
    /// moved since `since` (by default the last meeting held before today).
    pub fn heatmap(&self, residual: bool, since: Option<NaiveDate>) -> Result<HeatMap> {
        let bands = self.bands()?;
        let since = match since {
            Some(d) => Some(d),
            None => self.last_meeting_date()?,
        };
        let risks: Vec<RiskView> = self
            .risks()?
            .into_iter()
            .filter(|r| r.status == RiskStatus::Open.as_str())
            .collect();
        let mut counts = vec![vec![0i64; 5]; 5];
        let mut cells: Vec<HeatCell> = (1..=5)
            .rev()
            .flat_map(|l| (1..=5).map(move |i| (l, i)))
            .map(|(l, i)| HeatCell {
                likelihood: l,
                impact: i,
                band: bands.band((l, i)).to_string(),
                risks: Vec::new(),
                moved: Vec::new(),
            })
            .collect();
        for r in &risks {
            let place = |inherent: (i64, i64), res: Option<(i64, i64)>| {
                if residual {
                    res.unwrap_or(inherent)
                } else {
                    inherent
                }
            };
            let (l, i) = place(r.inherent, r.residual);
            counts[(l - 1) as usize][(i - 1) as usize] += 1;
            let moved = since.is_some_and(|since| {
                let then = std::iter::once((r.assessed_on.as_str(), r.inherent, r.residual))
                    .chain(
                        r.history
                            .iter()
                            .map(|a| (a.assessed_on.as_str(), a.inherent, a.residual)),
                    )
                    .find(|(on, _, _)| on.parse::<NaiveDate>().is_ok_and(|d| d <= since));
                match then {
                    Some((_, inh, res)) => place(inh, res) != (l, i),
                    None => true, // assessed only after `since`: new
                }
            });
            if let Some(cell) = cells
                .iter_mut()
                .find(|c| c.likelihood == l && c.impact == i)
            {
                cell.risks.push(r.id.clone());
                if moved {
                    cell.moved.push(r.id.clone());
                }
            }
        }
        Ok(HeatMap {
            residual,
            since: since.map(|d| d.to_string()),
            bands,
            counts,
            cells,
        })
    }

    /// The date of the last meeting held before today (closed or approved).
    fn last_meeting_date(&self) -> Result<Option<NaiveDate>> {
        let today = self.today()?.to_string();
        let s: Option<String> = self.conn().query_row(
            "SELECT max(substr(starts_at, 1, 10)) FROM meeting
             WHERE deleted = 0 AND state IN ('closed', 'approved') AND substr(starts_at, 1, 10) < ?1",
            [today],
            |r| r.get(0),
        )?;
        Ok(s.and_then(|d| d.parse().ok()))
    }
}
