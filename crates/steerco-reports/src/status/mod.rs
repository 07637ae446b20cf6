//! The chair's reports: the annual status report, the half-year deliverables overview
//! and the highlight report, each as PDF, DOCX and Markdown.
//!
//! Each report is first built as a format-neutral [`doc::Doc`] (`annual`,
//! `deliverables`, `highlight`), then written by `pdf`, `docx` or `md`. Pure functions:
//! the same data gives the same bytes.

mod annual;
mod deliverables;
pub(crate) mod doc;
pub(crate) mod docx;
mod highlight;
pub(crate) mod md;
pub(crate) mod pdf;
mod sections;
// Also titles the published reports (from_store/publish.rs).
pub(crate) mod words;

use crate::error::ReportError;
use crate::model::ExportOptions;
use crate::model_status::{DeliverablesReport, HighlightReport, StatusReport};

/// The annual status report ("statusredegørelse") as a tagged PDF with vector charts.
pub fn status_report_pdf(r: &StatusReport, opts: &ExportOptions) -> Result<Vec<u8>, ReportError> {
    pdf::write(&annual::build(r, opts.language))
}

/// The annual status report as an editable Word document.
pub fn status_report_docx(r: &StatusReport, opts: &ExportOptions) -> Result<Vec<u8>, ReportError> {
    docx::write(&annual::build(r, opts.language))
}

/// The annual status report as Markdown.
pub fn status_report_md(r: &StatusReport, opts: &ExportOptions) -> String {
    md::write(&annual::build(r, opts.language))
}

/// The half-year deliverables overview ("leveranceoversigt") as a tagged PDF.
pub fn deliverables_pdf(
    r: &DeliverablesReport,
    opts: &ExportOptions,
) -> Result<Vec<u8>, ReportError> {
    pdf::write(&deliverables::build(r, opts.language))
}

/// The half-year deliverables overview as an editable Word document.
pub fn deliverables_docx(
    r: &DeliverablesReport,
    opts: &ExportOptions,
) -> Result<Vec<u8>, ReportError> {
    docx::write(&deliverables::build(r, opts.language))
}

/// The half-year deliverables overview as Markdown.
pub fn deliverables_md(r: &DeliverablesReport, opts: &ExportOptions) -> String {
    md::write(&deliverables::build(r, opts.language))
}

/// A PRINCE2 highlight report as a tagged PDF.
pub fn highlight_pdf(r: &HighlightReport, opts: &ExportOptions) -> Result<Vec<u8>, ReportError> {
    pdf::write(&highlight::build(r, opts.language))
}

/// A PRINCE2 highlight report as an editable Word document.
pub fn highlight_docx(r: &HighlightReport, opts: &ExportOptions) -> Result<Vec<u8>, ReportError> {
    docx::write(&highlight::build(r, opts.language))
}

/// A PRINCE2 highlight report as Markdown.
pub fn highlight_md(r: &HighlightReport, opts: &ExportOptions) -> String {
    md::write(&highlight::build(r, opts.language))
}
