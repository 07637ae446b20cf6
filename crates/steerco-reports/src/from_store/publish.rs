//! Publishing a chair's report: its model built once from the store, laid
//! out as PDF, DOCX and Markdown by the same writers `report` and the app's
//! export use, and kept by the store as a record that never changes
//! (`Store::publish_report`), so it can be fetched byte for byte later on
//! any member while the live report moves on. The CLI's `report publish`
//! calls this, and the app can.

use steerco_store::ops::published::{Publication, RenderedFile};
use steerco_store::Store;

use super::{reports, ExportError, Format, Writer};
use crate::model::{ExportOptions, Lang};
use crate::status::words::words;

/// What to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Publish {
    /// The annual status report of a year.
    Status { year: i32 },
    /// The deliverables overview of a half-year, `YYYY-H1` or `YYYY-H2`.
    Deliverables { half: String },
    /// An initiative's highlight report (by code or id) for a period.
    Highlight { initiative: String, period: String },
}

/// Every format a published report holds, in the order its files are listed.
const FORMATS: [Format; 3] = [Format::Pdf, Format::Docx, Format::Md];

/// Render `what` in every format and publish the files, credited to the
/// store's person; the published report's id. Nothing is published when
/// any format fails.
pub fn publish(
    store: &mut Store,
    what: &Publish,
    opts: ExportOptions,
) -> Result<String, ExportError> {
    let w = words(opts.language);
    let en = opts.language == Lang::En;
    let (kind, period, title, stem, files) = match what {
        Publish::Status { year } => {
            let r = reports::status_report(store, *year, opts.language)?;
            let files = render(
                &r,
                &opts,
                crate::status_report_md,
                crate::status_report_pdf,
                crate::status_report_docx,
            )?;
            let stem = if en {
                "status-report"
            } else {
                "statusredegoerelse"
            };
            let title = format!("{} {year}", w.status_report);
            (
                "status",
                year.to_string(),
                title,
                format!("{stem}-{year}"),
                files,
            )
        }
        Publish::Deliverables { half } => {
            let r = reports::deliverables(store, half)?;
            let files = render(
                &r,
                &opts,
                crate::deliverables_md,
                crate::deliverables_pdf,
                crate::deliverables_docx,
            )?;
            let stem = if en {
                "deliverables"
            } else {
                "leveranceoversigt"
            };
            let title = format!("{} {half}", w.deliverables);
            (
                "deliverables",
                half.clone(),
                title,
                format!("{stem}-{half}"),
                files,
            )
        }
        Publish::Highlight { initiative, period } => {
            let r = reports::highlight(store, initiative, period)?;
            let files = render(
                &r,
                &opts,
                crate::highlight_md,
                crate::highlight_pdf,
                crate::highlight_docx,
            )?;
            // The initiative's code as it is now: the record keeps it even
            // if the code changes later.
            let code = &r.code;
            let title = format!("{}: {code} {}, {period}", w.highlight, r.title);
            (
                "highlight",
                format!("{code} {period}"),
                title,
                format!("highlight-{code}-{period}"),
                files,
            )
        }
    };
    let files = files
        .into_iter()
        .map(|(format, bytes)| RenderedFile {
            format: format.word().to_string(),
            file_name: format!("{stem}.{}", format.word()),
            bytes,
        })
        .collect();
    Ok(store.publish_report(Publication {
        kind: kind.to_string(),
        period,
        title,
        files,
    })?)
}

/// `doc` laid out in every format.
fn render<T>(
    doc: &T,
    opts: &ExportOptions,
    md: fn(&T, &ExportOptions) -> String,
    pdf: Writer<T>,
    docx: Writer<T>,
) -> Result<Vec<(Format, Vec<u8>)>, ExportError> {
    FORMATS
        .iter()
        .map(|f| Ok((*f, f.write(doc, opts, md, pdf, docx)?)))
        .collect()
}
