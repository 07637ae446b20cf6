//! The structured parts of requests, as the UI sends them (camelCase).
//! Empty optional texts mean none; the handlers check the rest.

use serde::Deserialize;

/// A new agenda item.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct AgendaItemInput {
    pub title: String,
    /// An initiative's code or id.
    pub initiative: Option<String>,
    /// A person's name.
    pub presenter: Option<String>,
    pub duration_min: Option<i64>,
    /// Confidential: left out of minutes exports on request.
    pub closed: bool,
}

/// An outcome to record under an agenda item. An action needs an owner and
/// a due date (`YYYY-MM-DD`): the type says so, the handler parses the date.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum OutcomeInput {
    Note {
        text: String,
    },
    Decision {
        text: String,
        /// The decision this one replaces, by id.
        supersedes: Option<String>,
    },
    Action {
        text: String,
        /// A person's name.
        owner: String,
        due: String,
    },
}

/// Which tasks to list.
#[derive(Debug, Clone, Default, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TaskFilterInput {
    pub mine: bool,
    pub overdue: bool,
    pub committee: Option<String>,
    pub initiative: Option<String>,
}

/// A new risk; scores are likelihood and impact, 1-5.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RiskInput {
    /// An initiative's code or id.
    pub initiative: String,
    pub title: String,
    pub likelihood: i64,
    pub impact: i64,
    pub residual_likelihood: Option<i64>,
    pub residual_impact: Option<i64>,
    /// A person's name.
    pub owner: Option<String>,
    pub cause: Option<String>,
    pub consequence: Option<String>,
    pub mitigation: Option<String>,
    /// `YYYY-MM-DD`.
    pub review_date: Option<String>,
}

/// A reassessment: inherent likelihood and impact, the residual ones when known.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct AssessmentInput {
    pub likelihood: i64,
    pub impact: i64,
    pub residual_likelihood: Option<i64>,
    pub residual_impact: Option<i64>,
}

/// How to settle a conflict: keep mine, keep theirs, or the text given
/// (`edit`); for approved minutes changed afterwards, `approved` (undo the
/// change) or `change` (accept it: reopen and approve again).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Keep {
    Mine,
    Theirs,
    Edit,
    Approved,
    Change,
}

/// A report to publish (steerco-reports' `Publish`): the annual status
/// report of a year, the deliverables overview of a half-year (`YYYY-H1`),
/// or an initiative's highlight report (code or id) for a period.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum PublishInput {
    Status { year: i32 },
    Deliverables { half: String },
    Highlight { initiative: String, period: String },
}
