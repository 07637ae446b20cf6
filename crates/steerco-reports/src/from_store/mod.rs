//! The store's views mapped to the export model: what the CLI and the app
//! call to export a meeting, the decision register or the task list. The
//! formats themselves stay pure (the rest of this crate); this module only
//! reads the store (and its clock, for the iCalendar stamp).

use chrono::{DateTime, NaiveDate};
use steerco_store::ops::meeting::{MeetingView, TaskFilter};
use steerco_store::refusal::Vocabulary;
use steerco_store::{Refusal, Store, StoreError};

use crate::model::*;
use crate::ReportError;

/// The file formats of minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Docx,
    Md,
}

/// A document's writer for the PDF or DOCX format.
type Writer<T> = fn(&T, &ExportOptions) -> Result<Vec<u8>, ReportError>;

impl Format {
    /// `doc` laid out by this format's writer (each document has one per
    /// format: `md`, `pdf`, `docx`).
    pub(crate) fn write<T>(
        self,
        doc: &T,
        opts: &ExportOptions,
        md: fn(&T, &ExportOptions) -> String,
        pdf: Writer<T>,
        docx: Writer<T>,
    ) -> Result<Vec<u8>, ExportError> {
        Ok(match self {
            Format::Md => md(doc, opts).into_bytes(),
            Format::Pdf => pdf(doc, opts)?,
            Format::Docx => docx(doc, opts)?,
        })
    }
}

impl Format {
    /// The word that names the format (`--format`, a published file's row).
    pub fn word(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Md => "md",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = Refusal;
    fn from_str(s: &str) -> Result<Format, Refusal> {
        match s {
            "pdf" => Ok(Format::Pdf),
            "docx" => Ok(Format::Docx),
            "md" => Ok(Format::Md),
            other => Err(Refusal::not_one_of(
                other,
                Vocabulary::Format,
                &["pdf", "docx", "md"],
            )),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Report(#[from] ReportError),
    #[error("the meeting's stored data is damaged: {0}")]
    Data(String),
    /// A request that cannot be met (a year or half-year that does not exist).
    #[error(transparent)]
    Refused(#[from] Refusal),
}

impl ExportError {
    pub fn code(&self) -> &'static str {
        match self {
            ExportError::Store(e) => e.code(),
            ExportError::Report(_) => "export_failed",
            ExportError::Data(_) => "bad_data",
            ExportError::Refused(r) => r.code(),
        }
    }
}

fn date(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(|d| d.parse().ok())
}

fn starts(store: &Store, view: &MeetingView) -> Result<DateTime<chrono::FixedOffset>, ExportError> {
    let utc = DateTime::parse_from_rfc3339(&view.starts_at)
        .map_err(|e| ExportError::Data(format!("start {:?}: {e}", view.starts_at)))?;
    let tz = store.time_zone()?;
    Ok(utc.with_timezone(&tz).fixed_offset())
}

/// The meeting's header, as the minutes, the agenda and the board pack show it.
fn header(store: &Store, view: &MeetingView) -> Result<MeetingHeader, ExportError> {
    let ws = store.workspace()?;
    Ok(MeetingHeader {
        workspace: ws.name,
        sample_data: ws.sample,
        committee: view.committee.clone(),
        title: view.title.clone(),
        starts_at: starts(store, view)?,
        time_zone: ws.time_zone,
        duration_min: view.duration_min.max(0) as u32,
        location: view.location.clone(),
    })
}

/// The agenda items with their outcomes, in order.
fn items(view: &MeetingView) -> Vec<AgendaItem> {
    view.items
        .iter()
        .map(|i| AgendaItem {
            position: i.number as u32,
            title: i.title.clone(),
            presenter: i.presenter.clone(),
            duration_min: i.duration_min.map(|d| d as u32),
            initiative: i.initiative.clone(),
            closed: i.closed,
            follow_up: i.kind == "follow_up",
            outcomes: i
                .outcomes
                .iter()
                .map(|o| Outcome {
                    kind: match o.kind.as_str() {
                        "decision" => OutcomeKind::Decision,
                        "action" => OutcomeKind::Action,
                        _ => OutcomeKind::Note,
                    },
                    text: o.text.clone(),
                    owner: o.owner.clone(),
                    due: date(&o.due_date),
                    decision_status: o.decision_status.clone(),
                })
                .collect(),
            // The minutes add these (votes.rs); an agenda shows none.
            interests: Vec::new(),
            votes: Vec::new(),
        })
        .collect()
}

/// The minutes of a meeting as the export model.
pub fn minutes(store: &Store, meeting: &str) -> Result<Minutes, ExportError> {
    let view = store.meeting(meeting)?;
    Ok(Minutes {
        meeting: header(store, &view)?,
        state: view.state.clone(),
        approval: match (&view.approved_at, &view.minutes_hash) {
            (Some(at), Some(hash)) if view.state == "approved" => Some(Approval {
                by: view.approved_by.clone().unwrap_or_default(),
                at: at.clone(),
                minutes_hash: hash.clone(),
            }),
            _ => None,
        },
        attendance: view
            .attendance
            .iter()
            .map(|a| Attendee {
                name: a.name.clone(),
                role: a.role.clone(),
                status: agenda::attendance(&a.status),
            })
            .collect(),
        items: votes::minutes_items(store, &view)?,
        follow_up: agenda::follow_up(store, &view)?,
    })
}

/// The minutes of a meeting as a file of `format`.
pub fn minutes_file(
    store: &Store,
    meeting: &str,
    format: Format,
    opts: ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    let m = minutes(store, meeting)?;
    format.write(
        &m,
        &opts,
        crate::minutes_markdown,
        crate::minutes_pdf,
        crate::minutes_docx,
    )
}

/// A meeting as an iCalendar event: the invitation of the members with an e-mail
/// address (its cancellation when cancelled). Closed items are named only as such:
/// calendar servers and invitations are outside the committee.
pub fn meeting_ics(store: &Store, meeting: &str) -> Result<String, ExportError> {
    let view = store.meeting(meeting)?;
    let ws = store.workspace()?;
    let (_, attendees) = agenda::participants(store, &view)?;
    let organizer = attendees
        .iter()
        .find(|p| p.role.as_deref() == Some("secretary"))
        .cloned();
    let description = view
        .items
        .iter()
        .map(|i| {
            let title = if i.closed { "(lukket punkt)" } else { &i.title };
            format!("{}. {title}", i.number)
        })
        .collect::<Vec<_>>()
        .join("\n");
    Ok(crate::meeting_ics(&MeetingEvent {
        uid: format!("{}@steerco", view.id),
        title: view.title.clone(),
        committee: view.committee.clone(),
        starts_at: starts(store, &view)?,
        time_zone: ws.time_zone,
        duration_min: view.duration_min.max(0) as u32,
        location: view.location.clone(),
        description,
        stamp: store.now(),
        sequence: agenda::ics_sequence(store, &view.id)?,
        cancelled: view.cancelled,
        organizer,
        attendees,
    }))
}

/// The decision register as CSV.
pub fn decisions_csv(store: &Store) -> Result<Vec<u8>, ExportError> {
    let rows: Vec<DecisionRow> = store
        .decisions()?
        .into_iter()
        .map(|d| DecisionRow {
            date: d.date.parse().unwrap_or_default(),
            id: d.id,
            committee: d.committee,
            meeting: d.meeting,
            text: d.text,
            status: d.status,
            supersedes: d.supersedes,
            initiative: d.initiative,
        })
        .collect();
    Ok(crate::decisions_csv(&rows))
}

/// The task list (every action) as CSV.
pub fn tasks_csv(store: &Store) -> Result<Vec<u8>, ExportError> {
    let rows: Vec<TaskRow> = store
        .tasks(&TaskFilter::default())?
        .into_iter()
        .map(|t| TaskRow {
            due: date(&t.due_date),
            id: t.id,
            title: t.text,
            owner: t.owner.unwrap_or_default(),
            state: t.state,
            committee: t.committee,
            meeting: t.meeting,
            initiative: t.initiative,
            overdue: t.overdue,
        })
        .collect();
    Ok(crate::tasks_csv(&rows))
}

mod agenda;
mod pack;
mod publish;
mod reports;
mod votes;
pub use agenda::{agenda, agenda_file, ics_sequence};
pub use pack::{board_pack, board_pack_file};
pub use publish::{publish, Publish};
pub use reports::{
    deliverables, deliverables_file, half_year, highlight, highlight_file, status_report,
    status_report_file,
};
