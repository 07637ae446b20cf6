//! The chair's overview: the portfolio's status with the grey rule, counts
//! per focus area, overdue actions, milestones due and slipped, top risks,
//! budget against spend, the milestone timeline, and the risk heat map.
//! Everything is computed from live data on each call.

use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, NaiveDate};
use serde::Serialize;
use steerco_domain::{Dimension, RiskStatus};

use crate::error::Result;
use crate::ops::meeting::TaskView;
use crate::ops::risk::{Bands, RiskView};
use crate::Store;

/// Days after which a status update no longer counts, when the workspace says nothing.
pub const GREY_AFTER_DAYS: i64 = 90;
/// How far ahead "due soon" looks.
pub const DUE_WITHIN_DAYS: i64 = 90;
/// How many overdue actions the overview carries (the UI shows 6 at first).
pub const OVERDUE_PAGE: usize = 6;

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
    /// The first overdue actions (at most `OVERDUE_PAGE`, due first), as the
    /// overview shows them before "show all"; `overdue_actions_as_of` gives
    /// every one.
    pub overdue_actions: Vec<TaskView>,
    /// How many actions are overdue in all.
    pub overdue_count: usize,
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

/// A milestone's first plan, and when it was made.
struct FirstPlan {
    planned: String,
    recorded_at: String,
    stamp: String,
}

fn date(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(parse_date)
}

/// A date as `NaiveDate`'s `FromStr` reads it; a stored YYYY-MM-DD (nearly
/// every one) is read directly, as the dashboard reads thousands.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        if let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) {
            return NaiveDate::from_ymd_opt(y as i32, m, d);
        }
    }
    s.parse().ok()
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
        let mut first = self.first_plans()?;
        // Initiatives are few beside their milestones: read once and looked
        // up here rather than joined (with their focus area) on every one.
        let initiatives: HashMap<String, (String, Option<i64>)> = self
            .conn()
            .prepare_cached(
                "SELECT i.id, i.code, f.number FROM initiative i
                 LEFT JOIN focus_area f ON f.id = i.focus_area_id AND f.deleted = 0
                 WHERE i.deleted = 0",
            )?
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, initiative_id, title, planned_date, done_date
             FROM milestone WHERE deleted = 0",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let initiative_id: String = r.get(1)?;
            let Some((code, focus_area)) = initiatives.get(&initiative_id) else {
                continue; // a deleted initiative's
            };
            let id: String = r.get(0)?;
            out.push(MilestoneView {
                first_planned: first.remove(&id).map(|p| p.planned),
                id,
                initiative: code.clone(),
                initiative_id,
                focus_area: *focus_area,
                title: r.get(2)?,
                planned: r.get(3)?,
                done: r.get(4)?,
                slipped: false,
            });
        }
        for m in &mut out {
            m.slipped = slipped(
                date(&m.planned),
                date(&m.first_planned),
                date(&m.done),
                today,
            );
        }
        // Focus areas in the committee's order, no focus area last, then by
        // code: both ranked once, so comparing two milestones allocates nothing.
        let places = self.focus_area_places()?;
        let codes = crate::portfolio::code_ranks(out.iter().map(|m| m.initiative.as_str()));
        let keys: Vec<(usize, usize)> = out
            .iter()
            .map(|m| {
                let place = m.focus_area.and_then(|n| places.get(&n).copied());
                (place.unwrap_or(usize::MAX), codes[m.initiative.as_str()])
            })
            .collect();
        let mut keyed: Vec<((usize, usize), MilestoneView)> = keys.into_iter().zip(out).collect();
        keyed.sort_unstable_by(|(ka, a), (kb, b)| {
            ka.cmp(kb)
                .then_with(|| a.planned.cmp(&b.planned))
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok(keyed.into_iter().map(|(_, m)| m).collect())
    }

    /// Each milestone's first plan (the oldest by when it was recorded, then
    /// its stamp; a deleted one counts too: it was the plan then), by
    /// milestone id: one pass over the plans instead of a sorted look-up per
    /// milestone.
    fn first_plans(&self) -> Result<HashMap<String, FirstPlan>> {
        let mut first: HashMap<String, FirstPlan> = HashMap::new();
        let mut stmt = self.conn().prepare_cached(
            "SELECT milestone_id, planned_date, recorded_at, stamp FROM milestone_plan",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let text = |k: usize| crate::row_str(r, k);
            let (recorded_at, stamp) = (text(2)?, text(3)?);
            let plan = || -> rusqlite::Result<FirstPlan> {
                Ok(FirstPlan {
                    planned: text(1)?.to_string(),
                    recorded_at: recorded_at.to_string(),
                    stamp: stamp.to_string(),
                })
            };
            match first.get_mut(text(0)?) {
                Some(p) if (recorded_at, stamp) < (p.recorded_at.as_str(), p.stamp.as_str()) => {
                    *p = plan()?
                }
                Some(_) => {}
                None => {
                    first.insert(text(0)?.to_string(), plan()?);
                }
            }
        }
        Ok(first)
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
        // Looking back, the statuses as of the day alone (not today's too).
        let (focus, summaries) = if today < real_today {
            (self.focus_areas()?, self.portfolio_as_of(today)?)
        } else {
            let portfolio = self.portfolio()?;
            (portfolio.focus_areas, portfolio.initiatives)
        };
        // Each status moves into the view (nothing is copied).
        let status = |s: Option<crate::portfolio::DimensionStatus>| -> DashStatus {
            match s {
                Some(s) if parse_date(&s.date).is_some_and(|d| d >= cutoff) => DashStatus {
                    rag: s.rag.to_string(),
                    trend: trend_word(s.trend),
                    date: Some(s.date),
                    reason: s.reason,
                    sample: s.sample,
                },
                // Older than the rule, or never reported: grey, with the date shown.
                other => DashStatus {
                    rag: "grey".into(),
                    trend: None,
                    sample: other.as_ref().is_some_and(|s| s.sample),
                    date: other.as_ref().map(|s| s.date.clone()),
                    reason: other.and_then(|s| s.reason),
                },
            }
        };
        let initiatives: Vec<DashInitiative> = summaries
            .into_iter()
            .map(|mut i| DashInitiative {
                id: i.id,
                code: i.code,
                title: i.display_title_da,
                title_en: i.display_title_en,
                focus_area: i.focus_area,
                phase: i.phase.map(|p| p.to_string()),
                overall: status(i.status.remove(&Dimension::Overall)),
                dimensions: i
                    .status
                    .into_iter()
                    .map(|(d, s)| (d.to_string(), status(Some(s))))
                    .collect(),
            })
            .collect();
        let known: std::collections::HashSet<i64> = focus.iter().map(|f| f.number).collect();
        // An initiative whose focus area is gone counts as without one.
        let area_of = |i: &DashInitiative| i.focus_area.filter(|n| known.contains(n));
        let unassigned = initiatives.iter().any(|i| area_of(i).is_none());
        let focus_areas = focus
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
        let top_risks = self.top_open_risks(today, real_today, 10)?;
        let (overdue_actions, overdue_count) =
            self.overdue_on(&today.to_string(), Some(OVERDUE_PAGE))?;
        Ok(Dashboard {
            today: today.to_string(),
            sample_status_date: self.sample_status_date()?,
            grey_after_days: grey_after,
            initiatives,
            focus_areas,
            overdue_actions,
            overdue_count,
            milestones_due,
            milestones_slipped,
            top_risks,
            budget: self.budget_views()?,
            timeline,
        })
    }

    /// Every action overdue on the day `dashboard_as_of` computes for (not
    /// done, due before it: the task list's own rule), due first: the whole
    /// list behind the overview's first few.
    pub fn overdue_actions_as_of(&self, as_of: Option<NaiveDate>) -> Result<Vec<TaskView>> {
        let today = self.today()?;
        let day = as_of.unwrap_or(today).min(today);
        Ok(self.overdue_on(&day.to_string(), None)?.0)
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
