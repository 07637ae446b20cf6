//! Publishing the chair's reports: each is kept as the PDF, DOCX and
//! Markdown the live report gave when it was published, byte for byte, while
//! later edits move the live report on; a report that cannot be made
//! publishes nothing.

mod common;

use chrono::NaiveDate;
use steerco_domain::{Dimension, Rag};
use steerco_reports::from_store::{self, Format, Publish};
use steerco_reports::model::ExportOptions;
use steerco_store::ops::highlight::HighlightText;
use steerco_store::ops::status::NewStatus;
use steerco_store::Store;

use common::store;

const FORMATS: [(Format, &str); 3] = [
    (Format::Pdf, "pdf"),
    (Format::Docx, "docx"),
    (Format::Md, "md"),
];

/// The live report of `what` in every format, as `report` writes it.
fn live(s: &Store, what: &Publish) -> Vec<Vec<u8>> {
    let opts = ExportOptions::default();
    FORMATS
        .iter()
        .map(|(f, _)| match what {
            Publish::Status { year } => from_store::status_report_file(s, *year, *f, opts),
            Publish::Deliverables { half } => from_store::deliverables_file(s, half, *f, opts),
            Publish::Highlight { initiative, period } => {
                from_store::highlight_file(s, initiative, period, *f, opts)
            }
        })
        .collect::<Result<_, _>>()
        .unwrap()
}

fn published(s: &Store, id: &str) -> Vec<Vec<u8>> {
    FORMATS
        .iter()
        .map(|(_, word)| s.published_bytes(id, word).unwrap().1)
        .collect()
}

#[test]
fn published_reports_keep_their_bytes_while_the_live_reports_move_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    s.load_demo().unwrap();
    let cases = [
        Publish::Status { year: 2026 },
        Publish::Deliverables {
            half: "2026-H1".into(),
        },
        Publish::Highlight {
            initiative: "8.1".into(),
            period: "2026-Q1".into(),
        },
    ];
    let mut kept = Vec::new();
    for what in &cases {
        let before = live(&s, what);
        let id = from_store::publish(&mut s, what, ExportOptions::default()).unwrap();
        assert_eq!(published(&s, &id), before, "{what:?}: what the report gave");
        kept.push((id, before));
    }

    let list = s.published_reports().unwrap();
    let shown: Vec<(&str, &str, &str)> = list
        .iter()
        .rev()
        .map(|r| (r.kind.as_str(), r.period.as_str(), r.title.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            ("status", "2026", "Statusredegørelse 2026"),
            ("deliverables", "2026-H1", "Leveranceoversigt 2026-H1"),
            (
                "highlight",
                "8.1 2026-Q1",
                "Statusrapport (highlight report): 8.1 Gode data og effektiv datadeling, 2026-Q1"
            ),
        ]
    );
    let names: Vec<&str> = list[0].files.iter().map(|f| f.file_name.as_str()).collect();
    assert_eq!(
        names,
        [
            "highlight-8.1-2026-Q1.pdf",
            "highlight-8.1-2026-Q1.docx",
            "highlight-8.1-2026-Q1.md"
        ]
    );
    assert!(list
        .iter()
        .all(|r| r.published_by.as_deref() == Some("Tester")));

    // Later edits: a red status, a milestone in the half-year, a narrative.
    s.add_status(
        "8.1",
        NewStatus {
            dimension: Dimension::Overall,
            rag: Rag::Red,
            reason: Some("Leverandøren er gået konkurs".into()),
            date: NaiveDate::from_ymd_opt(2026, 2, 27),
            sample: false,
        },
    )
    .unwrap();
    s.add_milestone(
        "8.1",
        "Ny leverandør valgt",
        NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
        false,
    )
    .unwrap();
    s.set_highlight_text(
        "8.1",
        "2026-Q1",
        HighlightText {
            issues: "Leverandøren er gået konkurs".into(),
            ..Default::default()
        },
    )
    .unwrap();
    for (what, (id, before)) in cases.iter().zip(&kept) {
        let now = live(&s, what);
        // Markdown is compared as text: the live report did move on.
        assert_ne!(now[2], before[2], "{what:?}: the live report moved on");
        assert_eq!(&published(&s, id), before, "{what:?}: the record did not");
    }
}

#[test]
fn a_report_that_cannot_be_made_publishes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    s.load_demo().unwrap();
    let changes = s.change_count().unwrap();
    for what in [
        Publish::Deliverables {
            half: "2026-H3".into(),
        },
        Publish::Highlight {
            initiative: "99.9".into(),
            period: "2026-Q1".into(),
        },
        Publish::Highlight {
            initiative: "8.1".into(),
            period: "spring".into(),
        },
    ] {
        assert!(from_store::publish(&mut s, &what, ExportOptions::default()).is_err());
    }
    assert!(s.published_reports().unwrap().is_empty());
    assert_eq!(s.change_count().unwrap(), changes);
    assert!(!s.blobs().root().exists(), "no blob stored");
}
