//! The types commands answer with, under one path the command list can name.

pub use crate::help::HelpInfo;
pub use crate::preset::Preset;
pub use crate::reminders::ReminderSettings;
pub use crate::session::AppState;
pub use crate::sheet::SheetPreview;
pub use crate::sync_view::SyncView;
pub use crate::voting::MeetingVoting;
pub use steerco_sheet::Preview as SheetImportPreview;
pub use steerco_store::dashboard::{Dashboard, HeatMap};
pub use steerco_store::history::HistoryEntry;
pub use steerco_store::identity::Person;
pub use steerco_store::merge::SyncOutcome;
pub use steerco_store::ops::attachment::AttachmentView;
pub use steerco_store::ops::backlog::Topic;
pub use steerco_store::ops::committee::Committee;
pub use steerco_store::ops::focus_area::FocusAreaRow;
pub use steerco_store::ops::highlight::HighlightText;
pub use steerco_store::ops::initiative::InitiativeForm;
pub use steerco_store::ops::meeting::{DecisionView, MeetingSummary, MeetingView, TaskView};
pub use steerco_store::ops::published::PublishedReportView;
pub use steerco_store::ops::risk::{Bands, RiskView};
pub use steerco_store::ops::status::NewStatus;
pub use steerco_store::ops::task::TaskDetail;
pub use steerco_store::ops::vote::VoteView;
pub use steerco_store::portfolio::{InitiativeDetail, Portfolio};
pub use steerco_store::search::SearchHit;
