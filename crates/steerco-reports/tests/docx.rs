//! The DOCX, read back by LibreOffice (which did not write it). LibreOffice takes
//! seconds to start, so this file does one conversion for all its checks.

mod common;

use common::*;
use steerco_reports::{minutes_docx, ExportOptions, Lang};

#[test]
fn libreoffice_reads_headings_table_and_decision() {
    let opts = ExportOptions {
        omit_closed: true,
        language: Lang::Da,
    };
    let docx = minutes_docx(&minutes(), &opts).unwrap();

    // docx-rs stores the parts uncompressed, so the markup can be checked in the bytes:
    // headings use Word's heading styles.
    let raw = String::from_utf8_lossy(&docx);
    assert!(
        raw.contains(r#"<w:pStyle w:val="Heading1" />"#)
            || raw.contains(r#"<w:pStyle w:val="Heading1"/>"#)
    );
    assert!(raw.contains(r#"w:styleId="Heading3""#));
    assert!(raw.contains("<w:tbl>"), "attendance table");

    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "minutes.docx", &docx);
    // A private profile, so parallel runs (and a user's open LibreOffice) don't collide.
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    let outdir = dir.path().to_str().unwrap().to_string();
    run(
        "soffice",
        "libreoffice-writer-nogui",
        &[
            "--headless",
            "--norestore",
            &profile,
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            &outdir,
            &input,
        ],
    );
    let text = std::fs::read_to_string(dir.path().join("minutes.txt"))
        .expect("LibreOffice wrote minutes.txt");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        DECISION,
        "Beslutning:",
        "Handling:",
        "ansvarlig Søren Ødegård, frist 2026-04-01",
        "Åse Ærø",
        "Formand",
        "Afbud",
        "Deltagere",
        "Dagsorden",
        "Eksempeldata",
        "<script>alert(1)</script>",
    ] {
        assert!(flat.contains(needle), "{needle:?} missing:\n{text}");
    }
    assert!(!flat.contains("Fortrolig"), "closed item leaked:\n{text}");
    assert!(
        !flat.contains(CLOSED_DECISION),
        "closed decision leaked:\n{text}"
    );
}
