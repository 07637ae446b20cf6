//! The plain data of the chair's reports: the annual status report
//! ("statusredegørelse"), the half-year deliverables overview ("leveranceoversigt") and
//! the PRINCE2 highlight report of one initiative.
//!
//! Vocabulary fields are the store's lowercase words (kept as strings so this crate does
//! not depend on the domain's enums and an unknown word is shown as recorded rather than
//! rejected): RAG `green | amber | red | grey`, trend `improving | stable | worsening |
//! unknown` (also `up | flat | down`), band `low | medium | high`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::DecisionRow;

/// The annual status report of the whole portfolio.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatusReport {
    pub workspace: String,
    /// A demo workspace: every page says "Sample data".
    pub sample_data: bool,
    pub year: i32,
    /// Passed in, never read from a clock, so the same data gives the same bytes.
    pub generated_on: NaiveDate,
    /// The day the portfolio's figures are for: the year's last day, or the
    /// day the report is made for the current year. The statuses, the
    /// delayed milestones, the overdue actions and the top risks are the
    /// dashboard's as of this day (one computation, so they agree).
    pub as_of: NaiveDate,
    /// The chair's summary, one string per paragraph.
    pub summary: Vec<String>,
    pub focus_areas: Vec<FocusAreaStatus>,
    /// Done within the year.
    pub milestones_reached: Vec<MilestoneRow>,
    /// Delayed as of `as_of`: the dashboard's delayed milestones that day.
    pub milestones_slipped: Vec<MilestoneRow>,
    /// Actions not done by their due date, as of `as_of`.
    pub overdue_actions: u32,
    /// The decisions of the year.
    pub decisions: Vec<DecisionRow>,
    pub top_risks: Vec<RiskRow>,
    pub heatmap: HeatMap,
    pub budget: Vec<BudgetRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FocusAreaStatus {
    /// 1-based, as in the strategy ("Fokusområde 8"); None: the initiatives
    /// without a focus area (last, and only when there are any).
    pub number: Option<u32>,
    pub name: String,
    pub initiatives: Vec<InitiativeStatus>,
}

/// One initiative's latest status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InitiativeStatus {
    /// E.g. "8.1".
    pub code: String,
    pub title: String,
    /// analysis | tender | implementation | operation | closed.
    pub phase: Option<String>,
    /// green | amber | red | grey (grey: not reported, or reported too long ago).
    pub overall: String,
    pub trend: Option<String>,
    /// (dimension, rag) in display order, e.g. ("time", "amber").
    pub dimensions: Vec<(String, String)>,
    /// Why the status is what it is, in the reporter's words.
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MilestoneRow {
    /// The initiative's code, e.g. "8.1".
    pub initiative: String,
    pub title: String,
    pub planned: NaiveDate,
    /// The first planned date, when it was re-planned since.
    pub first_planned: Option<NaiveDate>,
    pub done: Option<NaiveDate>,
    /// Judged by the store (not done by its date, done late, or re-planned later).
    pub slipped: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RiskRow {
    /// The initiative's code.
    pub initiative: String,
    pub title: String,
    pub owner: Option<String>,
    /// (likelihood, impact), each 1-5.
    pub inherent: (u8, u8),
    /// (likelihood, impact) after mitigation, each 1-5.
    pub residual: (u8, u8),
    /// low | medium | high, of the residual score.
    pub band: String,
    /// up | down: the score moved since the last meeting.
    pub moved: Option<String>,
}

/// Counts of risks per cell of the 5x5 grid.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeatMap {
    /// Residual scores (falling back to inherent) rather than inherent ones.
    pub residual: bool,
    /// `counts[likelihood - 1][impact - 1]`.
    pub counts: [[u32; 5]; 5],
    /// Ascending by `max_score`; a score above the last bound belongs to the last band.
    pub bands: Vec<Band>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Band {
    /// low | medium | high.
    pub name: String,
    /// The highest likelihood x impact in the band.
    pub max_score: u32,
}

/// One initiative's budget year, in whole DKK. Variance is `actual - budget`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BudgetRow {
    pub initiative: String,
    pub title: String,
    pub year: i32,
    pub budget: i64,
    pub actual: i64,
}

/// The milestones planned in one half-year, per initiative.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeliverablesReport {
    pub workspace: String,
    pub sample_data: bool,
    /// E.g. "2026-H1".
    pub half: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub initiatives: Vec<Deliverables>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Deliverables {
    pub code: String,
    pub title: String,
    /// Planned in the half; met = done on or before the planned date.
    pub milestones: Vec<MilestoneRow>,
}

/// A PRINCE2 highlight report: one initiative, one period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HighlightReport {
    pub workspace: String,
    pub sample_data: bool,
    pub code: String,
    pub title: String,
    /// As the committee names it, e.g. "2026-Q1" or "marts 2026".
    pub period: String,
    pub generated_on: NaiveDate,
    pub status: InitiativeStatus,
    /// Narrative fields: paragraphs separated by a blank line.
    pub status_summary: String,
    pub this_period: String,
    pub next_period: String,
    pub issues: String,
    pub risks: Vec<RiskRow>,
    pub decisions_needed: String,
    pub milestones: Vec<MilestoneRow>,
    pub budget: Vec<BudgetRow>,
}

impl HeatMap {
    /// The band of a likelihood x impact score (None when no bands are configured).
    pub fn band_of(&self, score: u32) -> Option<&Band> {
        self.bands
            .iter()
            .find(|b| score <= b.max_score)
            .or(self.bands.last())
    }

    /// All risks on the map.
    pub fn total(&self) -> u32 {
        self.counts.iter().flatten().sum()
    }
}
