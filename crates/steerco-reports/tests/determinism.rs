//! Same input, same bytes: exports can be hashed, diffed and archived.

mod common;

use common::*;
use steerco_reports::*;

#[test]
fn every_format_is_byte_for_byte_repeatable() {
    let m = minutes();
    let opts = ExportOptions::default();
    assert_eq!(
        minutes_markdown(&m, &opts),
        minutes_markdown(&m.clone(), &opts)
    );
    assert_eq!(meeting_ics(&event()), meeting_ics(&event()));
    assert_eq!(decisions_csv(&decisions()), decisions_csv(&decisions()));
    assert_eq!(tasks_csv(&tasks()), tasks_csv(&tasks()));
    let pdf = minutes_pdf(&m, &opts).unwrap();
    assert_eq!(pdf, minutes_pdf(&m.clone(), &opts).unwrap(), "pdf");
    let docx = minutes_docx(&m, &opts).unwrap();
    // Zip entry times have a 2-second resolution: wait past one so a clock-stamped
    // archive would differ.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert_eq!(docx, minutes_docx(&m.clone(), &opts).unwrap(), "docx");
}

#[test]
fn different_input_gives_different_pdf() {
    // Guards the test above against a constant output.
    let m = minutes();
    let mut other = m.clone();
    other.meeting.title.push('!');
    let opts = ExportOptions::default();
    assert_ne!(
        minutes_pdf(&m, &opts).unwrap(),
        minutes_pdf(&other, &opts).unwrap()
    );
}

#[test]
fn the_chairs_reports_are_byte_for_byte_repeatable() {
    let (s, d, h) = (
        status::status_report(),
        status::deliverables(),
        status::highlight(),
    );
    let opts = ExportOptions::default();
    assert_eq!(
        status_report_md(&s, &opts),
        status_report_md(&s.clone(), &opts)
    );
    assert_eq!(
        deliverables_md(&d, &opts),
        deliverables_md(&d.clone(), &opts)
    );
    assert_eq!(highlight_md(&h, &opts), highlight_md(&h.clone(), &opts));
    let pdfs = [
        status_report_pdf(&s, &opts).unwrap(),
        deliverables_pdf(&d, &opts).unwrap(),
        highlight_pdf(&h, &opts).unwrap(),
    ];
    let docx = [
        status_report_docx(&s, &opts).unwrap(),
        deliverables_docx(&d, &opts).unwrap(),
        highlight_docx(&h, &opts).unwrap(),
    ];
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert_eq!(
        pdfs[0],
        status_report_pdf(&s.clone(), &opts).unwrap(),
        "pdf"
    );
    assert_eq!(pdfs[1], deliverables_pdf(&d.clone(), &opts).unwrap(), "pdf");
    assert_eq!(pdfs[2], highlight_pdf(&h.clone(), &opts).unwrap(), "pdf");
    assert_eq!(
        docx[0],
        status_report_docx(&s.clone(), &opts).unwrap(),
        "docx"
    );
    assert_eq!(
        docx[1],
        deliverables_docx(&d.clone(), &opts).unwrap(),
        "docx"
    );
    assert_eq!(docx[2], highlight_docx(&h.clone(), &opts).unwrap(), "docx");

    // Guard against a constant output: one changed count changes the PDF.
    let mut other = s.clone();
    other.heatmap.counts[0][0] += 1;
    assert_ne!(pdfs[0], status_report_pdf(&other, &opts).unwrap());
}
