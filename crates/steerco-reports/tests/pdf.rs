//! The PDF, checked with poppler's tools (which did not write it).

mod common;

use common::*;
use steerco_reports::{minutes_pdf, ExportOptions, Lang};

fn text_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "m.pdf", pdf);
    stdout(&run(
        "pdftotext",
        "poppler-utils",
        &["-enc", "UTF-8", &path, "-"],
    ))
}

#[test]
fn text_extracts_with_danish_letters_and_decision() {
    let pdf = minutes_pdf(&minutes(), &ExportOptions::default()).unwrap();
    let text = text_of(&pdf);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(DECISION), "decision missing:\n{text}");
    for needle in [
        "Åse Ærø",
        "Søren Ødegård",
        "Beslutning:",
        "Handling:",
        "frist 2026-04-01",
        "Eksempeldata",
    ] {
        assert!(flat.contains(needle), "{needle:?} missing:\n{text}");
    }
    // Closed items are shown, marked, unless omitted.
    assert!(
        flat.contains(CLOSED_TITLE) && flat.contains("(lukket punkt)"),
        "{text}"
    );
    // A hostile title is just text.
    assert!(flat.contains("<script>alert(1)</script>"), "{text}");
}

#[test]
fn omit_closed_leaves_no_trace_of_closed_items() {
    let opts = ExportOptions {
        omit_closed: true,
        language: Lang::Da,
    };
    let text = text_of(&minutes_pdf(&minutes(), &opts).unwrap());
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(DECISION), "{text}");
    assert!(!flat.contains("Fortrolig"), "closed title leaked:\n{text}");
    assert!(
        !flat.contains(CLOSED_DECISION),
        "closed decision leaked:\n{text}"
    );
    assert!(!flat.contains("lukket punkt"), "{text}");
}

#[test]
fn english_labels() {
    let opts = ExportOptions {
        omit_closed: false,
        language: Lang::En,
    };
    let text = text_of(&minutes_pdf(&minutes(), &opts).unwrap());
    for needle in [
        "Minutes:",
        "Decision:",
        "Action:",
        "(closed item)",
        "Sample data",
        "Page 1 of",
    ] {
        assert!(text.contains(needle), "{needle:?} missing:\n{text}");
    }
}

#[test]
fn fonts_embedded_tagged_and_many_pages() {
    let m = big_minutes(50, 4);
    let pdf = minutes_pdf(&m, &ExportOptions::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "big.pdf", &pdf);

    let fonts = stdout(&run("pdffonts", "poppler-utils", &[&path]));
    let rows: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(rows.len() >= 2, "expected regular and bold:\n{fonts}");
    for row in &rows {
        // Columns: name type encoding emb sub uni object ID; "emb" is the 4th from the end.
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(
            cols[cols.len() - 5],
            "yes",
            "font not embedded: {row}\n{fonts}"
        );
    }

    let info = stdout(&run("pdfinfo", "poppler-utils", &[&path]));
    assert!(
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
        "{info}"
    );
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(
        pages >= 5,
        "50 items × 4 outcomes should take several pages, got {pages}"
    );

    let text = stdout(&run(
        "pdftotext",
        "poppler-utils",
        &["-enc", "UTF-8", &path, "-"],
    ));
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // The last item's last outcome made it onto the last page, and numbering is right.
    assert!(
        flat.contains("Udfald 3 under punkt 50"),
        "last outcome missing"
    );
    assert!(
        flat.contains(&format!("Side {pages} af {pages}")),
        "page numbers"
    );
}
