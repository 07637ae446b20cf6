//! Steerco's export files, made from plain data: minutes as Markdown, PDF and DOCX, a
//! meeting as iCalendar, the decision register and task list as CSV.
//!
//! Every function is pure: no clock, no randomness, no IO, so the same input gives the
//! same bytes (timestamps such as DTSTAMP are passed in). The crate knows nothing of the
//! store or the app; callers map their records to the structs in [`model`].

mod csv_export;
mod docx;
mod error;
mod ics;
mod markdown;
pub mod model;
mod pdf;
mod text;

pub use csv_export::{decisions_csv, tasks_csv};
pub use docx::minutes_docx;
pub use error::ReportError;
pub use ics::meeting_ics;
pub use markdown::minutes_markdown;
pub use model::*;
pub use pdf::minutes_pdf;
