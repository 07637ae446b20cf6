//! `ui/src/lib/bindings.ts`: the TypeScript types the UI uses, generated from
//! these Rust types, and the vocabularies' words and rules as data.
//! `tests/generated.rs` fails when the file is stale; `make bindings`
//! rewrites it.

use crate::problem::{ApiError, Problem, SyncKind};
use crate::session::{AppState, OpenWorkspace};
use crate::sync_view::{LiveSync, SyncView};
use serde::Serialize;
use steerco_domain::risk::{MAX_SCORE, SCORES};
use steerco_domain::{
    AgendaKind, Attendance, Band, CommitteeKind, DecisionStatus, Dimension, MeetingState, Move,
    MoveRule, OutcomeKind, Phase, Rag, RiskStatus, Role, StateRule, TaskState, Trend, Word,
};
use steerco_store::dashboard::{
    BudgetView, DashInitiative, DashStatus, Dashboard, FocusCount, HeatCell, HeatMap, MilestoneView,
};
use steerco_store::history::HistoryEntry;
use steerco_store::identity::{IdentityQuestion, Person};
use steerco_store::merge::{
    Conflict, PeerStatus, SyncOutcome, SyncPanel, SyncStatus, WaitKind, Waiting, WaitingFor,
};
use steerco_store::ops::attachment::{AttachmentVersion, AttachmentView};
use steerco_store::ops::attendance::AttendanceView;
use steerco_store::ops::backlog::Topic;
use steerco_store::ops::committee::{Committee, Member};
use steerco_store::ops::focus_area::FocusAreaRow;
use steerco_store::ops::highlight::HighlightText;
use steerco_store::ops::initiative::InitiativeForm;
use steerco_store::ops::interest::InterestView;
use steerco_store::ops::meeting::{
    AgendaItemView, DecisionView, MeetingEvent, MeetingSummary, MeetingView, OutcomeView, TaskView,
};
use steerco_store::ops::minutes::MinutesChange;
use steerco_store::ops::published::{PublishedFileView, PublishedReportView};
use steerco_store::ops::risk::{Assessment, Bands, RiskView};
use steerco_store::ops::status::NewStatus;
use steerco_store::ops::task::{TaskComment, TaskDetail};
use steerco_store::ops::vote::{BallotView, Count, VoteStanding, VoteView, VotingRules};
use steerco_store::ops::workspace::WorkspaceInfo;
use steerco_store::portfolio::{
    BudgetYear, DimensionStatus, FocusArea, InitiativeDetail, InitiativeSummary, Milestone,
    Portfolio, StatusEntry,
};
use steerco_store::refusal::{Assessed, Entity, MinutesPart, Missing, Refusal, Vocabulary};
use steerco_store::search::SearchHit;
use ts_rs::{Config, TS};

fn decl<T: TS>(cfg: &Config) -> String {
    format!("export {}\n", T::decl(cfg))
}

fn json(v: &impl Serialize) -> String {
    serde_json::to_string(v).unwrap()
}

/// A vocabulary's words in order, typed by its generated type, so the UI
/// lists them (menus, columns) without repeating them.
fn words<T: Word + TS + Serialize>(cfg: &Config, name: &str) -> String {
    format!(
        "/** Every {} in order (steerco-domain). */\nexport const {name}: readonly {}[] = {};\n",
        T::KIND,
        T::name(cfg),
        json(&T::ALL)
    )
}

/// The data the UI needs besides the types: the vocabularies' words and the
/// meeting state machine's rules, serialised from steerco-domain.
fn vocabularies(cfg: &Config) -> String {
    let states: serde_json::Map<String, serde_json::Value> = MeetingState::ALL
        .iter()
        .map(|s| (s.to_string(), serde_json::to_value(s.rule()).unwrap()))
        .collect();
    let moves: serde_json::Map<String, serde_json::Value> = Move::ALL
        .iter()
        .map(|m| (m.to_string(), serde_json::to_value(m.rule()).unwrap()))
        .collect();
    [
        words::<Rag>(cfg, "RAGS"),
        words::<Dimension>(cfg, "DIMENSIONS"),
        words::<Phase>(cfg, "PHASES"),
        words::<CommitteeKind>(cfg, "COMMITTEE_KINDS"),
        words::<Role>(cfg, "ROLES"),
        words::<MeetingState>(cfg, "MEETING_STATES"),
        words::<Move>(cfg, "MOVES"),
        words::<AgendaKind>(cfg, "AGENDA_KINDS"),
        words::<OutcomeKind>(cfg, "OUTCOME_KINDS"),
        words::<DecisionStatus>(cfg, "DECISION_STATES"),
        words::<TaskState>(cfg, "TASK_STATES"),
        words::<Attendance>(cfg, "ATTENDANCE"),
        words::<RiskStatus>(cfg, "RISK_STATES"),
        words::<Band>(cfg, "BANDS"),
        words::<steerco_domain::VoteChoice>(cfg, "VOTE_CHOICES"),
        format!(
            "/** A risk's likelihood and impact are each one of these. */\n\
             export const SCORES: readonly number[] = {};\n",
            json(&SCORES)
        ),
        format!(
            "/** The highest likelihood x impact; a banding's bounds lie below it. */\n\
             export const MAX_SCORE = {MAX_SCORE};\n"
        ),
        format!(
            "/** What a meeting in each state allows: its moves and the parts of the minutes that can change. */\n\
             export const MEETING_STATE_RULES: {{ readonly [S in MeetingState]: StateRule }} = {};\n",
            json(&states)
        ),
        format!(
            "/** Where each move of a meeting may start and where it leads. */\n\
             export const MOVE_RULES: {{ readonly [M in Move]: MoveRule }} = {};\n",
            json(&moves)
        ),
    ]
    .join("\n")
}

pub fn generate() -> String {
    let cfg = crate::generate::ts_config();
    let mut out = String::from(
        "// Generated from the Rust types by crates/steerco-app-core/src/bindings.rs.\n\
         // Do not edit: run `make bindings`.\n\n",
    );
    for d in [
        decl::<Rag>(&cfg),
        decl::<Dimension>(&cfg),
        decl::<Phase>(&cfg),
        decl::<Trend>(&cfg),
        decl::<CommitteeKind>(&cfg),
        decl::<Role>(&cfg),
        decl::<MeetingState>(&cfg),
        decl::<Move>(&cfg),
        decl::<StateRule>(&cfg),
        decl::<MoveRule>(&cfg),
        decl::<AgendaKind>(&cfg),
        decl::<OutcomeKind>(&cfg),
        decl::<DecisionStatus>(&cfg),
        decl::<TaskState>(&cfg),
        decl::<Attendance>(&cfg),
        decl::<RiskStatus>(&cfg),
        decl::<Band>(&cfg),
        decl::<FocusArea>(&cfg),
        decl::<steerco_sheet::Column>(&cfg),
        decl::<steerco_sheet::RowProblem>(&cfg),
        decl::<steerco_sheet::BadRow>(&cfg),
        decl::<steerco_sheet::Outcome>(&cfg),
        decl::<steerco_sheet::RowPreview>(&cfg),
        decl::<steerco_sheet::NewFocusArea>(&cfg),
        decl::<steerco_sheet::RenamedFocusArea>(&cfg),
        decl::<steerco_sheet::Preview>(&cfg),
        decl::<crate::sheet::SheetPreview>(&cfg),
        decl::<FocusAreaRow>(&cfg),
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
        decl::<steerco_store::ops::restore::Restorable>(&cfg),
        decl::<Refusal>(&cfg),
        decl::<SyncKind>(&cfg),
        decl::<Problem>(&cfg),
        decl::<ApiError>(&cfg),
        decl::<AppState>(&cfg),
        decl::<crate::preset::Preset>(&cfg),
        decl::<crate::help::HelpInfo>(&cfg),
        decl::<crate::reminders::ReminderSettings>(&cfg),
        decl::<OpenWorkspace>(&cfg),
        decl::<MinutesChange>(&cfg),
        decl::<Conflict>(&cfg),
        decl::<PeerStatus>(&cfg),
        decl::<WaitKind>(&cfg),
        decl::<Waiting>(&cfg),
        decl::<WaitingFor>(&cfg),
        decl::<SyncStatus>(&cfg),
        decl::<SyncOutcome>(&cfg),
        decl::<steerco_sync::papers::Progress>(&cfg),
        decl::<LiveSync>(&cfg),
        decl::<SyncPanel>(&cfg),
        decl::<SyncView>(&cfg),
        decl::<steerco_domain::VoteChoice>(&cfg),
        decl::<steerco_domain::VoteResult>(&cfg),
        decl::<VotingRules>(&cfg),
        decl::<Member>(&cfg),
        decl::<Committee>(&cfg),
        decl::<MeetingSummary>(&cfg),
        decl::<OutcomeView>(&cfg),
        decl::<AgendaItemView>(&cfg),
        decl::<MeetingEvent>(&cfg),
        decl::<TaskView>(&cfg),
        decl::<TaskComment>(&cfg),
        decl::<TaskDetail>(&cfg),
        decl::<DecisionView>(&cfg),
        decl::<AttendanceView>(&cfg),
        decl::<AttachmentVersion>(&cfg),
        decl::<AttachmentView>(&cfg),
        decl::<PublishedFileView>(&cfg),
        decl::<PublishedReportView>(&cfg),
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
        decl::<VoteStanding>(&cfg),
        decl::<Count>(&cfg),
        decl::<BallotView>(&cfg),
        decl::<InterestView>(&cfg),
        decl::<VoteView>(&cfg),
        decl::<crate::voting::NoVote>(&cfg),
        decl::<crate::voting::Voter>(&cfg),
        decl::<crate::voting::MeetingVote>(&cfg),
        decl::<crate::voting::MeetingVoting>(&cfg),
    ] {
        out.push_str(&d);
        out.push('\n');
    }
    out.push_str(&vocabularies(&cfg));
    out
}
