//! The chair's overview: the dashboard, the risk heat map and register, the
//! banding and grey rule, and the highlight narrative. Each command is
//! argument plumbing around one store call.

use steerco_store::dashboard::{Dashboard, HeatMap};
use steerco_store::dates;
use steerco_store::ops::highlight::HighlightText;
use steerco_store::ops::risk::{Bands, NewRisk, RiskView};
use steerco_store::session::ApiError;
use tauri::State;

use crate::commands::with;
use crate::Shell;

type Res<T> = Result<T, ApiError>;

/// An optional text from the UI: empty means none.
fn some(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// A residual (likelihood, impact) when both are given.
fn pair(l: Option<i64>, i: Option<i64>) -> Option<(i64, i64)> {
    l.zip(i)
}

#[tauri::command]
pub fn dashboard(shell: State<Shell>) -> Res<Dashboard> {
    with(&shell, |s| s.store()?.dashboard())
}

/// `since`: YYYY-MM-DD; none or empty means the last meeting held.
#[tauri::command]
pub fn heatmap(shell: State<Shell>, residual: bool, since: Option<String>) -> Res<HeatMap> {
    with(&shell, |s| {
        let since = some(since).map(|d| dates::parse_date(&d)).transpose()?;
        s.store()?.heatmap(residual, since)
    })
}

#[tauri::command]
pub fn risks(shell: State<Shell>) -> Res<Vec<RiskView>> {
    with(&shell, |s| s.store()?.risks())
}

#[allow(clippy::too_many_arguments)]
#[tauri::command]
pub fn add_risk(
    shell: State<Shell>,
    initiative: String,
    title: String,
    likelihood: i64,
    impact: i64,
    residual_likelihood: Option<i64>,
    residual_impact: Option<i64>,
    owner: Option<String>,
    cause: Option<String>,
    consequence: Option<String>,
    mitigation: Option<String>,
    review_date: Option<String>,
) -> Res<String> {
    with(&shell, |s| {
        let review_date = some(review_date)
            .map(|d| dates::parse_date(&d))
            .transpose()?;
        s.store_mut()?.add_risk(NewRisk {
            initiative,
            title,
            inherent: (likelihood, impact),
            residual: pair(residual_likelihood, residual_impact),
            owner: some(owner),
            cause: some(cause),
            consequence: some(consequence),
            mitigation: some(mitigation),
            review_date,
        })
    })
}

#[tauri::command]
pub fn assess_risk(
    shell: State<Shell>,
    id: String,
    likelihood: i64,
    impact: i64,
    residual_likelihood: Option<i64>,
    residual_impact: Option<i64>,
) -> Res<()> {
    with(&shell, |s| {
        s.store_mut()?.assess_risk(
            &id,
            (likelihood, impact),
            pair(residual_likelihood, residual_impact),
        )
    })
}

/// `status`: open or closed.
#[tauri::command]
pub fn set_risk_status(shell: State<Shell>, id: String, status: String) -> Res<()> {
    with(&shell, |s| s.store_mut()?.set_risk_status(&id, &status))
}

/// `low` and `medium`: the upper scores of those bands.
#[tauri::command]
pub fn set_bands(shell: State<Shell>, low: i64, medium: i64) -> Res<Bands> {
    with(&shell, |s| {
        s.store_mut()?.set_bands(&format!("{low},{medium}"))
    })
}

#[tauri::command]
pub fn set_grey_after_days(shell: State<Shell>, days: i64) -> Res<()> {
    with(&shell, |s| s.store_mut()?.set_grey_after_days(days))
}

#[tauri::command]
pub fn current_quarter(shell: State<Shell>) -> Res<String> {
    with(&shell, |s| s.store()?.current_quarter())
}

/// `period`: YYYY-Qn, YYYY-Hn or YYYY-MM.
#[tauri::command]
pub fn highlight_text(
    shell: State<Shell>,
    initiative: String,
    period: String,
) -> Res<HighlightText> {
    with(&shell, |s| s.store()?.highlight_text(&initiative, &period))
}

/// Saves only the fields that changed.
#[tauri::command]
pub fn set_highlight_text(
    shell: State<Shell>,
    initiative: String,
    period: String,
    text: HighlightText,
) -> Res<()> {
    with(&shell, |s| {
        s.store_mut()?
            .set_highlight_text(&initiative, &period, text)
    })
}
