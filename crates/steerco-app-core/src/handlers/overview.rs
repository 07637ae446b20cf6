//! The chair's overview: dashboard, heat map, risk register, banding, the
//! grey rule, the highlight narrative.

use steerco_store::dashboard::{Dashboard, HeatMap};
use steerco_store::ops::highlight::HighlightText;
use steerco_store::ops::meeting::TaskView;
use steerco_store::ops::risk::{Bands, NewRisk, RiskView};
use steerco_store::{Result, Store};

use super::{some, some_date};
use crate::requests::*;

/// `as_of`: YYYY-MM-DD (a sample workspace opens as of its latest status
/// date); none or empty means today.
pub fn dashboard(s: &Store, r: DashboardRequest) -> Result<Dashboard> {
    s.dashboard_as_of(some_date(r.as_of)?)
}

/// Every overdue action as of the same day as `dashboard` (its "show all").
pub fn dashboard_overdue(s: &Store, r: DashboardOverdueRequest) -> Result<Vec<TaskView>> {
    s.overdue_actions_as_of(some_date(r.as_of)?)
}

/// `since`: YYYY-MM-DD; none or empty means the last meeting held.
pub fn risk_heatmap(s: &Store, r: RiskHeatmapRequest) -> Result<HeatMap> {
    let since = some_date(r.since)?;
    s.heatmap(r.residual, since)
}

pub fn risk_list(s: &Store, _: RiskListRequest) -> Result<Vec<RiskView>> {
    s.risks()
}

pub fn risk_add(s: &mut Store, r: RiskAddRequest) -> Result<String> {
    let r = r.risk;
    s.add_risk(NewRisk {
        initiative: r.initiative,
        title: r.title,
        inherent: (r.likelihood, r.impact),
        residual: r.residual_likelihood.zip(r.residual_impact),
        owner: some(r.owner),
        cause: some(r.cause),
        consequence: some(r.consequence),
        mitigation: some(r.mitigation),
        review_date: some_date(r.review_date)?,
    })
}

pub fn risk_assess(s: &mut Store, r: RiskAssessRequest) -> Result<()> {
    let a = r.assessment;
    s.assess_risk(
        &r.id,
        (a.likelihood, a.impact),
        a.residual_likelihood.zip(a.residual_impact),
    )
}

/// `status`: open or closed.
pub fn risk_state(s: &mut Store, r: RiskStateRequest) -> Result<()> {
    s.set_risk_status(&r.id, r.status.as_str())
}

/// `low` and `medium`: the upper scores of those bands.
pub fn workspace_bands(s: &mut Store, r: WorkspaceBandsRequest) -> Result<Bands> {
    s.set_bands(&format!("{},{}", r.low, r.medium))
}

pub fn workspace_grey_after(s: &mut Store, r: WorkspaceGreyAfterRequest) -> Result<()> {
    s.set_grey_after_days(r.days)
}

pub fn current_quarter(s: &Store, _: CurrentQuarterRequest) -> Result<String> {
    s.current_quarter()
}

/// `period`: YYYY-Qn, YYYY-Hn or YYYY-MM.
pub fn highlight_text(s: &Store, r: HighlightTextRequest) -> Result<HighlightText> {
    s.highlight_text(&r.initiative, &r.period)
}

/// Saves only the fields that changed.
pub fn highlight_set(s: &mut Store, r: HighlightSetRequest) -> Result<()> {
    s.set_highlight_text(&r.initiative, &r.period, r.text)
}
