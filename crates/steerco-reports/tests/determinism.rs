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
    other.title.push('!');
    let opts = ExportOptions::default();
    assert_ne!(
        minutes_pdf(&m, &opts).unwrap(),
        minutes_pdf(&other, &opts).unwrap()
    );
}
