//! Steerco's export files, made from plain data: minutes and a meeting's agenda as
//! Markdown, PDF and DOCX, a meeting's board pack (agenda and papers) as one PDF, a meeting as iCalendar (an invitation), the decision register and task list as CSV, and the chair's
//! reports (annual status report, deliverables overview, highlight report) as PDF, DOCX
//! and Markdown.
//!
//! Every function is pure: no clock, no randomness, no IO, so the same input gives the
//! same bytes (timestamps such as DTSTAMP are passed in). The formats know nothing of
//! the store or the app: they take the structs in [`model`] and [`model_status`];
//! [`from_store`] maps the store's views to them for the CLI and the app.

mod agenda;
mod csv_export;
mod docx;
mod error;
pub mod from_store;
mod ics;
mod markdown;
pub mod model;
pub mod model_status;
mod pack;
mod pdf;
mod status;
mod text;

pub use agenda::{agenda_docx, agenda_md, agenda_pdf, agenda_start_times};
pub use csv_export::{decisions_csv, tasks_csv};
pub use docx::minutes_docx;
pub use error::ReportError;
pub use ics::meeting_ics;
pub use markdown::minutes_markdown;
pub use model::*;
pub use model_status::*;
pub use pack::{board_pack_pdf, BoardPack, PackItem, PackPaper, PackPdf};
pub use pdf::minutes_pdf;
pub use status::{
    deliverables_docx, deliverables_md, deliverables_pdf, highlight_docx, highlight_md,
    highlight_pdf, status_report_docx, status_report_md, status_report_pdf,
};
