//! What can go wrong while exporting.

/// An export failed. The text-only formats (Markdown, iCalendar, CSV) cannot fail.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The embedded font could not be read (a packaging fault, not a data fault).
    #[error("embedded font could not be loaded: {0}")]
    Font(&'static str),
    /// krilla refused to write the PDF.
    #[error("PDF could not be written: {0}")]
    Pdf(String),
    /// docx-rs could not pack the document.
    #[error("DOCX could not be written: {0}")]
    Docx(String),
}
