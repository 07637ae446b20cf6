//! The app's commands, declared once.
//!
//! Each line: its kind, its name, its request type with the fields the UI
//! sends, and its response. Names follow the CLI's noun and verb where the
//! CLI has the operation (`milestone done` -> `milestone_done`); the rest are
//! the app's own (the session, dialogs, the background sync).
//!
//! Kinds say where a command runs:
//! - `read`: `handlers::NAME(&Store, request)`, on the open workspace;
//! - `write`: `handlers::NAME(&mut Store, request)`, after the session made
//!   sure who is acting;
//! - `session`: `handlers::NAME(&mut Session, request)`;
//! - `shell`: implemented by the window shell (a native dialog, progress
//!   events, a network call off the main thread), with this signature.
//!
//! How to add a command: add its line here, write its handler (or for a
//! `shell` command its function in src-tauri/src/shell/), run `make bindings`
//! (it regenerates the TypeScript client, the command names and the window's
//! permissions), and call it from the UI through `api`.

use ts_rs::{Config, TS};

/// The list, for a macro that turns it into something: the request types
/// (below), the Tauri handlers (src-tauri), the generated TypeScript client.
#[macro_export]
macro_rules! for_each_command {
    ($m:ident) => {
        $m! {
            // The session: settings, who I am, which workspace is open.
            session app_state(AppStateRequest {}) -> $crate::types::AppState;
            session app_language(AppLanguageRequest { lang: String }) -> $crate::types::AppState;
            // The administrator's preset for this computer (the server to join from).
            session app_preset(AppPresetRequest {}) -> $crate::types::Preset;
            // The Help menu: the version and the diagnostics to copy; the user guide opened in the system's viewer.
            session help_about(HelpAboutRequest {}) -> $crate::types::HelpInfo;
            shell help_guide(HelpGuideRequest { lang: String }) -> String;
            session person_me(PersonMeRequest { name: String }) -> $crate::types::AppState;
            session identity_choose(IdentityChooseRequest { keep_recorded: bool }) -> $crate::types::AppState;
            // My reminders on this computer (tasks before they are due, meetings the day before).
            session reminders_get(RemindersGetRequest {}) -> $crate::types::ReminderSettings;
            session reminders_set(RemindersSetRequest { days_before: i64, tasks: bool, meetings: bool }) -> $crate::types::ReminderSettings;
            session workspace_demo(WorkspaceDemoRequest {}) -> $crate::types::AppState;
            session workspace_open(WorkspaceOpenRequest { path: String }) -> $crate::types::AppState;
            shell workspace_open_dialog(WorkspaceOpenDialogRequest { path: Option<String> }) -> Option<$crate::types::AppState>;
            shell workspace_create_dialog(WorkspaceCreateDialogRequest { name: String, path: Option<String> }) -> Option<$crate::types::AppState>;
            shell ui_ready(UiReadyRequest { view: String }) -> ();
            read person_list(PersonListRequest {}) -> Vec<$crate::types::Person>;
            // The portfolio.
            read initiative_list(InitiativeListRequest {}) -> $crate::types::Portfolio;
            read initiative_show(InitiativeShowRequest { id: String }) -> $crate::types::InitiativeDetail;
            read initiative_form(InitiativeFormRequest { id: String }) -> $crate::types::InitiativeForm;
            write initiative_set(InitiativeSetRequest { id: String, form: $crate::types::InitiativeForm }) -> usize;
            write initiative_add(InitiativeAddRequest { code: String, title: String, focus_area: Option<i64>, lead: Option<String>, phase: Option<steerco_domain::Phase>, start: Option<String>, end: Option<String>, description: Option<String> }) -> String;
            write initiative_delete(InitiativeDeleteRequest { id: String }) -> ();
            write initiative_restore(InitiativeRestoreRequest { id: String }) -> String;
            write initiative_budget(InitiativeBudgetRequest { id: String, year: i64, budget: Option<i64>, actual: Option<i64> }) -> ();
            write initiative_status(InitiativeStatusRequest { id: String, status: $crate::types::NewStatus }) -> String;
            read initiative_history(InitiativeHistoryRequest { id: String }) -> Vec<$crate::types::HistoryEntry>;
            write milestone_add(MilestoneAddRequest { id: String, title: String, due: String }) -> String;
            write milestone_done(MilestoneDoneRequest { id: String, on: Option<String> }) -> ();
            write milestone_replan(MilestoneReplanRequest { id: String, due: String }) -> ();
            write milestone_set(MilestoneSetRequest { id: String, title: Option<String>, due: Option<String> }) -> ();
            write milestone_delete(MilestoneDeleteRequest { id: String }) -> ();
            // Focus areas, addressed by number as the CLI does.
            read focus_area_list(FocusAreaListRequest {}) -> Vec<$crate::types::FocusAreaRow>;
            write focus_area_add(FocusAreaAddRequest { number: i64, name: String }) -> String;
            write focus_area_set(FocusAreaSetRequest { number: i64, name: Option<String>, name_en: Option<String>, new_number: Option<i64> }) -> ();
            write focus_area_move(FocusAreaMoveRequest { number: i64, to: usize }) -> ();
            write focus_area_delete(FocusAreaDeleteRequest { number: i64 }) -> ();
            // Sync.
            shell sync_status(SyncStatusRequest {}) -> $crate::types::SyncView;
            shell sync_folder_set(SyncFolderSetRequest { path: String }) -> $crate::types::SyncView;
            shell sync_folder_dialog(SyncFolderDialogRequest { path: Option<String> }) -> Option<$crate::types::SyncView>;
            shell sync_now(SyncNowRequest { passphrase: Option<String> }) -> $crate::types::SyncOutcome;
            shell sync_papers_set(SyncPapersSetRequest { mine: bool }) -> $crate::types::SyncView;
            shell sync_passphrase(SyncPassphraseRequest { current: Option<String>, next: String }) -> $crate::types::SyncOutcome;
            shell conflict_resolve(ConflictResolveRequest { id: String, keep: $crate::inputs::Keep, text: Option<String> }) -> $crate::types::SyncView;
            shell sync_join_folder(SyncJoinFolderRequest { folder: String, passphrase: Option<String> }) -> $crate::types::AppState;
            shell sync_server_connect(SyncServerConnectRequest { urls: Vec<String>, token: String, passphrase: Option<String> }) -> $crate::types::SyncView;
            shell sync_server_disconnect(SyncServerDisconnectRequest {}) -> $crate::types::SyncView;
            shell sync_join_server(SyncJoinServerRequest { urls: Vec<String>, token: String, passphrase: Option<String> }) -> $crate::types::AppState;
            // Committee work.
            read committee_list(CommitteeListRequest {}) -> Vec<$crate::types::Committee>;
            write committee_add(CommitteeAddRequest { name: String, kind: steerco_domain::CommitteeKind, parent: Option<String>, mandate: Option<String> }) -> String;
            write member_add(MemberAddRequest { committee: String, person: String, role: steerco_domain::Role }) -> String;
            write committee_set(CommitteeSetRequest { committee: String, name: Option<String>, mandate: Option<String>, parent: Option<String>, quorum: Option<i64>, casting_vote: Option<bool> }) -> ();
            write committee_cover(CommitteeCoverRequest { committee: String, initiative: String }) -> ();
            write committee_delete(CommitteeDeleteRequest { committee: String }) -> String;
            write member_set(MemberSetRequest { committee: String, person: String, role: steerco_domain::Role }) -> ();
            write member_delete(MemberDeleteRequest { committee: String, person: String }) -> String;
            write person_set(PersonSetRequest { name: String, email: Option<String> }) -> ();
            read meeting_list(MeetingListRequest {}) -> Vec<$crate::types::MeetingSummary>;
            read meeting_show(MeetingShowRequest { id: String }) -> $crate::types::MeetingView;
            write meeting_add(MeetingAddRequest { committee: String, title: String, starts_at: String, duration_min: i64, from_previous: bool, location: Option<String> }) -> String;
            write meeting_state(MeetingStateRequest { id: String, to: steerco_domain::Move, reason: Option<String> }) -> ();
            write meeting_attend(MeetingAttendRequest { meeting: String, person: String, status: steerco_domain::Attendance }) -> ();
            write meeting_set(MeetingSetRequest { id: String, title: Option<String>, starts_at: Option<String>, duration_min: Option<i64>, location: Option<String> }) -> ();
            write meeting_cancel(MeetingCancelRequest { id: String, reason: Option<String> }) -> ();
            write agenda_add(AgendaAddRequest { meeting: String, item: $crate::inputs::AgendaItemInput }) -> String;
            write agenda_move(AgendaMoveRequest { meeting: String, item: String, to: usize }) -> ();
            write agenda_set(AgendaSetRequest { item: String, title: Option<String>, presenter: Option<String>, duration_min: Option<i64>, initiative: Option<String>, closed: Option<bool> }) -> ();
            write agenda_delete(AgendaDeleteRequest { item: String }) -> String;
            write outcome_add(OutcomeAddRequest { meeting: String, item: String, outcome: $crate::inputs::OutcomeInput }) -> String;
            write outcome_set(OutcomeSetRequest { id: String, text: Option<String>, owner: Option<String>, due: Option<String> }) -> ();
            write outcome_delete(OutcomeDeleteRequest { id: String }) -> String;
            // Papers on agenda items: a file picked in the native dialog is attached (its id) or becomes
            // the next version (its number); a version saved where the user picks, or a document's copy
            // opened in the system's viewer (the file opened; never a file that could run). None: cancelled.
            read attachment_list(AttachmentListRequest { meeting: String }) -> Vec<$crate::types::AttachmentView>;
            shell attachment_add(AttachmentAddRequest { item: String, title: Option<String>, path: Option<String> }) -> Option<String>;
            shell attachment_replace(AttachmentReplaceRequest { id: String, path: Option<String> }) -> Option<i64>;
            write attachment_delete(AttachmentDeleteRequest { id: String }) -> String;
            shell attachment_save(AttachmentSaveRequest { meeting: String, id: String, version: Option<i64>, path: Option<String> }) -> Option<String>;
            shell attachment_open(AttachmentOpenRequest { meeting: String, id: String, version: Option<i64> }) -> String;
            write undo_delete(UndoDeleteRequest { what: steerco_store::ops::restore::Restorable, id: String }) -> ();
            // Votes on agenda items and written resolutions (no meeting, a closing time), declarations of interest.
            write interest_declare(InterestDeclareRequest { item: String, member: String, note: Option<String> }) -> String;
            write vote_add(VoteAddRequest { item: Option<String>, committee: Option<String>, proposal: String, closes: Option<String> }) -> String;
            write vote_cast(VoteCastRequest { vote: String, member: String, choice: steerco_domain::VoteChoice }) -> String;
            write vote_close(VoteCloseRequest { vote: String }) -> steerco_domain::VoteResult;
            read vote_list(VoteListRequest {}) -> Vec<$crate::types::VoteView>;
            read meeting_votes(MeetingVotesRequest { meeting: String }) -> $crate::types::MeetingVoting;
            read decision_list(DecisionListRequest {}) -> Vec<$crate::types::DecisionView>;
            write decision_state(DecisionStateRequest { id: String, status: steerco_domain::DecisionStatus }) -> ();
            read task_list(TaskListRequest { filter: $crate::inputs::TaskFilterInput }) -> Vec<$crate::types::TaskView>;
            write task_state(TaskStateRequest { id: String, state: steerco_domain::TaskState }) -> ();
            write task_add(TaskAddRequest { title: String, owner: Option<String>, due: Option<String>, committee: Option<String>, initiative: Option<String>, description: Option<String> }) -> String;
            write task_set(TaskSetRequest { id: String, title: Option<String>, owner: Option<String>, due: Option<String>, description: Option<String> }) -> ();
            write task_comment(TaskCommentRequest { id: String, text: String }) -> String;
            read task_show(TaskShowRequest { id: String }) -> $crate::types::TaskDetail;
            write task_delete(TaskDeleteRequest { id: String }) -> ();
            read topic_list(TopicListRequest { committee: Option<String> }) -> Vec<$crate::types::Topic>;
            write topic_add(TopicAddRequest { committee: String, title: String, note: Option<String> }) -> String;
            write topic_schedule(TopicScheduleRequest { topic: String, meeting: String }) -> String;
            write topic_set(TopicSetRequest { id: String, title: Option<String>, note: Option<String> }) -> ();
            write topic_delete(TopicDeleteRequest { id: String }) -> ();
            read search(SearchRequest { text: String }) -> Vec<$crate::types::SearchHit>;
            shell export_file(ExportFileRequest { what: String, meeting: Option<String>, format: Option<String>, omit_closed: bool, language: String, path: Option<String> }) -> Option<String>;
            // The invitation: the agenda (PDF) and the .ics into a folder the user picks; [agenda, ics] paths.
            shell meeting_invite(MeetingInviteRequest { meeting: String, omit_closed: bool, language: String, path: Option<String> }) -> Option<Vec<String>>;
            // Spreadsheet import and export (steerco-sheet): the file through the dialog.
            shell import_spreadsheet_preview(ImportSpreadsheetPreviewRequest { path: Option<String>, update: bool }) -> Option<$crate::types::SheetPreview>;
            shell import_spreadsheet(ImportSpreadsheetRequest { path: String, update: bool }) -> $crate::types::SheetImportPreview;
            shell export_spreadsheet(ExportSpreadsheetRequest { format: String, language: String, path: Option<String> }) -> Option<String>;
            // The chair's overview.
            read dashboard(DashboardRequest { as_of: Option<String> }) -> $crate::types::Dashboard;
            // Every overdue action of that day (the dashboard carries the first few and the count).
            read dashboard_overdue(DashboardOverdueRequest { as_of: Option<String> }) -> Vec<$crate::types::TaskView>;
            read risk_heatmap(RiskHeatmapRequest { residual: bool, since: Option<String> }) -> $crate::types::HeatMap;
            read risk_list(RiskListRequest {}) -> Vec<$crate::types::RiskView>;
            write risk_add(RiskAddRequest { risk: $crate::inputs::RiskInput }) -> String;
            write risk_assess(RiskAssessRequest { id: String, assessment: $crate::inputs::AssessmentInput }) -> ();
            write risk_state(RiskStateRequest { id: String, status: steerco_domain::RiskStatus }) -> ();
            write risk_set(RiskSetRequest { id: String, title: Option<String>, cause: Option<String>, consequence: Option<String>, mitigation: Option<String>, owner: Option<String>, review: Option<String> }) -> ();
            write workspace_bands(WorkspaceBandsRequest { low: i64, medium: i64 }) -> $crate::types::Bands;
            write workspace_grey_after(WorkspaceGreyAfterRequest { days: i64 }) -> ();
            read current_quarter(CurrentQuarterRequest {}) -> String;
            read highlight_text(HighlightTextRequest { initiative: String, period: String }) -> $crate::types::HighlightText;
            write highlight_set(HighlightSetRequest { initiative: String, period: String, text: $crate::types::HighlightText }) -> ();
            // Published reports: a chair's report kept as it is now (its id); the list; a file saved
            // byte for byte where the user picks (the path; None when cancelled).
            shell report_publish(ReportPublishRequest { what: $crate::inputs::PublishInput, language: String }) -> String;
            read report_published_list(ReportPublishedListRequest {}) -> Vec<$crate::types::PublishedReportView>;
            shell report_published_get(ReportPublishedGetRequest { id: String, format: String, path: Option<String> }) -> Option<String>;
        }
    };
}

/// Where a command runs (see the module's text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Read,
    Write,
    Session,
    Shell,
}

/// A TypeScript type's name (or declaration) as ts-rs writes it.
pub type TsText = fn(&Config) -> String;

/// One command as the generators see it.
pub struct Command {
    pub name: &'static str,
    pub kind: Kind,
    /// The request's fields in order: (name in Rust, TS type).
    pub fields: &'static [(&'static str, TsText)],
    pub response: TsText,
}

#[doc(hidden)]
#[macro_export]
macro_rules! __command_kind {
    (read) => {
        $crate::Kind::Read
    };
    (write) => {
        $crate::Kind::Write
    };
    (session) => {
        $crate::Kind::Session
    };
    (shell) => {
        $crate::Kind::Shell
    };
}

/// snake_case to the camelCase the UI sends (serde's `rename_all` rule).
pub fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn ts_name<T: TS>(cfg: &Config) -> String {
    T::name(cfg)
}

macro_rules! declare {
    ($( $kind:ident $name:ident ( $req:ident { $( $field:ident : $fty:ty ),* $(,)? } ) -> $resp:ty ; )*) => {
        /// The requests of the commands, one type each (the UI sends them as
        /// `{ req: {...} }`, field names in camelCase).
        pub mod requests {
            $(
                #[derive(Debug, Clone, serde::Deserialize)]
                #[serde(rename_all = "camelCase")]
                pub struct $req { $( pub $field: $fty, )* }
            )*
        }

        /// Every command, in the list's order.
        pub static COMMANDS: &[Command] = &[ $(
            Command {
                name: stringify!($name),
                kind: $crate::__command_kind!($kind),
                fields: &[ $( (stringify!($field), ts_name::<$fty>) ),* ],
                response: ts_name::<$resp>,
            },
        )* ];
    };
}

for_each_command!(declare);
