//! The TypeScript types the UI uses are generated from these Rust types. This
//! test fails when ui/src/lib/bindings.ts is stale; `UPDATE_BINDINGS=1 cargo
//! test -p steerco-store bindings` (or `make bindings`) rewrites it.

use steerco_domain::{Dimension, Phase, Rag, Trend};
use steerco_store::dashboard::{
    BudgetView, DashInitiative, DashStatus, Dashboard, FocusCount, HeatCell, HeatMap, MilestoneView,
};
use steerco_store::history::HistoryEntry;
use steerco_store::identity::{IdentityQuestion, Person};
use steerco_store::merge::{Conflict, LiveSync, PeerStatus, SyncOutcome, SyncStatus, SyncView};
use steerco_store::ops::attendance::AttendanceView;
use steerco_store::ops::backlog::Topic;
use steerco_store::ops::committee::{Committee, Member};
use steerco_store::ops::highlight::HighlightText;
use steerco_store::ops::initiative::InitiativeForm;
use steerco_store::ops::meeting::{
    AgendaItemView, DecisionView, MeetingEvent, MeetingSummary, MeetingView, OutcomeView, TaskView,
};
use steerco_store::ops::minutes::MinutesChange;
use steerco_store::ops::risk::{Assessment, Bands, RiskView};
use steerco_store::ops::status::NewStatus;
use steerco_store::ops::workspace::WorkspaceInfo;
use steerco_store::portfolio::{
    BudgetYear, DimensionStatus, FocusArea, InitiativeDetail, InitiativeSummary, Milestone,
    Portfolio, StatusEntry,
};
use steerco_store::problem::{Problem, SyncKind};
use steerco_store::refusal::{Assessed, Entity, MinutesPart, Missing, Refusal, Vocabulary};
use steerco_store::search::SearchHit;
use steerco_store::session::{ApiError, AppState, OpenWorkspace};
use ts_rs::{Config, TS};

fn decl<T: TS>(cfg: &Config) -> String {
    format!("export {}\n", T::decl(cfg))
}

pub fn generate() -> String {
    // Our integers (years, DKK amounts, counts) fit in a JS number.
    let cfg = Config::new().with_large_int("number");
    let mut out = String::from(
        "// Generated from the Rust types by crates/steerco-store/tests/it/bindings.rs.\n\
         // Do not edit: run `make bindings`.\n\n",
    );
    for d in [
        decl::<Rag>(&cfg),
        decl::<Dimension>(&cfg),
        decl::<Phase>(&cfg),
        decl::<Trend>(&cfg),
        decl::<FocusArea>(&cfg),
        decl::<DimensionStatus>(&cfg),
        decl::<InitiativeSummary>(&cfg),
        decl::<Portfolio>(&cfg),
        decl::<StatusEntry>(&cfg),
        decl::<Milestone>(&cfg),
        decl::<BudgetYear>(&cfg),
        decl::<InitiativeDetail>(&cfg),
        decl::<HistoryEntry>(&cfg),
        decl::<Person>(&cfg),
        decl::<IdentityQuestion>(&cfg),
        decl::<WorkspaceInfo>(&cfg),
        decl::<InitiativeForm>(&cfg),
        decl::<NewStatus>(&cfg),
        decl::<Missing>(&cfg),
        decl::<Vocabulary>(&cfg),
        decl::<MinutesPart>(&cfg),
        decl::<Assessed>(&cfg),
        decl::<Entity>(&cfg),
        decl::<Refusal>(&cfg),
        decl::<SyncKind>(&cfg),
        decl::<Problem>(&cfg),
        decl::<ApiError>(&cfg),
        decl::<AppState>(&cfg),
        decl::<OpenWorkspace>(&cfg),
        decl::<MinutesChange>(&cfg),
        decl::<Conflict>(&cfg),
        decl::<PeerStatus>(&cfg),
        decl::<SyncStatus>(&cfg),
        decl::<SyncOutcome>(&cfg),
        decl::<LiveSync>(&cfg),
        decl::<SyncView>(&cfg),
        decl::<Member>(&cfg),
        decl::<Committee>(&cfg),
        decl::<MeetingSummary>(&cfg),
        decl::<OutcomeView>(&cfg),
        decl::<AgendaItemView>(&cfg),
        decl::<MeetingEvent>(&cfg),
        decl::<TaskView>(&cfg),
        decl::<DecisionView>(&cfg),
        decl::<AttendanceView>(&cfg),
        decl::<Topic>(&cfg),
        decl::<Assessment>(&cfg),
        decl::<RiskView>(&cfg),
        decl::<Bands>(&cfg),
        decl::<DashStatus>(&cfg),
        decl::<DashInitiative>(&cfg),
        decl::<FocusCount>(&cfg),
        decl::<MilestoneView>(&cfg),
        decl::<BudgetView>(&cfg),
        decl::<Dashboard>(&cfg),
        decl::<HeatCell>(&cfg),
        decl::<HeatMap>(&cfg),
        decl::<HighlightText>(&cfg),
        decl::<MeetingView>(&cfg),
        decl::<SearchHit>(&cfg),
    ] {
        out.push_str(&d);
        out.push('\n');
    }
    out
}

#[test]
fn ui_bindings_are_current() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings.ts");
    let fresh = generate();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == fresh,
        "ui/src/lib/bindings.ts is stale: run `make bindings` and commit the result"
    );
}
