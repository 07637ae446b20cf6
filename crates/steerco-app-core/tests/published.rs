//! Published reports as the app handles them, on a real workspace file and
//! its blob store: a report published in the app's language is listed with
//! who published it and its files; a file is saved under a plain name,
//! refused while its bytes are not on this computer; an unknown report is
//! named as what it is.

use std::path::Path;

use serde_json::json;
use steerco_app_core::handlers;
use steerco_app_core::inputs::PublishInput;
use steerco_app_core::problem::ApiError;
use steerco_app_core::published;
use steerco_app_core::requests::{ReportPublishRequest, ReportPublishedListRequest};
use steerco_domain::SystemClock;
use steerco_store::blobs::BlobHash;
use steerco_store::ops::published::{Publication, PublishedReportView, RenderedFile};
use steerco_store::{NewWorkspace, Store};

/// The demo workspace with "me" chosen.
fn demo(dir: &Path) -> Store {
    let path = dir.join("published.steerco");
    let mut s = Store::create(&path, NewWorkspace::default(), Box::new(SystemClock)).unwrap();
    s.set_me("Tester").unwrap();
    s.load_demo().unwrap();
    s
}

fn list(s: &Store) -> Vec<PublishedReportView> {
    handlers::report_published_list(s, ReportPublishedListRequest {}).unwrap()
}

fn json_of(e: impl Into<ApiError>) -> serde_json::Value {
    serde_json::to_value(e.into()).unwrap()
}

#[test]
fn the_ui_sends_what_to_publish_tagged_by_its_kind() {
    let req: ReportPublishRequest = serde_json::from_value(json!({
        "what": {"kind": "highlight", "initiative": "8.1", "period": "2026-Q1"},
        "language": "da",
    }))
    .unwrap();
    assert_eq!(
        req.what,
        PublishInput::Highlight {
            initiative: "8.1".into(),
            period: "2026-Q1".into()
        }
    );
    let req: ReportPublishRequest =
        serde_json::from_value(json!({"what": {"kind": "status", "year": 2026}, "language": "en"}))
            .unwrap();
    assert_eq!(req.what, PublishInput::Status { year: 2026 });
}

#[test]
fn a_report_published_in_the_apps_language_is_listed_with_who_and_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo(dir.path());
    let status = published::publish(&mut s, PublishInput::Status { year: 2026 }, "en").unwrap();
    let half = "2026-H1".to_string();
    let deliverables =
        published::publish(&mut s, PublishInput::Deliverables { half }, "da").unwrap();
    let highlight = PublishInput::Highlight {
        initiative: "8.1".into(),
        period: "2026-Q1".into(),
    };
    let highlight = published::publish(&mut s, highlight, "da").unwrap();

    let all = list(&s);
    let shown: Vec<(&str, &str, &str, &str)> = all
        .iter()
        .rev()
        .map(|r| {
            (
                r.id.as_str(),
                r.kind.as_str(),
                r.period.as_str(),
                r.title.as_str(),
            )
        })
        .collect();
    assert_eq!(
        shown[0],
        (
            status.as_str(),
            "status",
            "2026",
            "Annual status report 2026"
        )
    );
    assert_eq!(
        shown[1],
        (
            deliverables.as_str(),
            "deliverables",
            "2026-H1",
            "Leveranceoversigt 2026-H1"
        )
    );
    let (hl_id, kind, period, title) = shown[2];
    assert_eq!(
        (hl_id, kind, period),
        (highlight.as_str(), "highlight", "8.1 2026-Q1")
    );
    assert!(
        title.starts_with("Statusrapport (highlight report): 8.1 "),
        "{title}"
    );
    assert!(all
        .iter()
        .all(|r| r.published_by.as_deref() == Some("Tester")));
    let en = all.iter().find(|r| r.id == status).unwrap();
    let files: Vec<(&str, &str, bool)> = en
        .files
        .iter()
        .map(|f| (f.format.as_str(), f.file_name.as_str(), f.available))
        .collect();
    assert_eq!(
        files,
        [
            ("pdf", "status-report-2026.pdf", true),
            ("docx", "status-report-2026.docx", true),
            ("md", "status-report-2026.md", true)
        ]
    );
    assert_eq!(
        published::file_name(&s, &status[..8], "md").unwrap(),
        "status-report-2026.md"
    );
    assert_eq!(
        published::file_name(&s, &highlight, "pdf").unwrap(),
        "highlight-8.1-2026-Q1.pdf"
    );
}

#[test]
fn a_file_not_here_and_an_unknown_report_are_refused_by_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo(dir.path());
    let id = published::publish(&mut s, PublishInput::Status { year: 2026 }, "da").unwrap();
    // The PDF's bytes have not come yet (a sync brings them): gone from the blob store.
    let pdf = &list(&s)[0].files[0];
    std::fs::remove_file(s.blobs().path(&BlobHash::parse(&pdf.hash).unwrap())).unwrap();
    assert!(!list(&s)[0].files[0].available);
    assert_eq!(
        json_of(published::file_name(&s, &id, "pdf").unwrap_err())["params"],
        json!({"file_name": "statusredegoerelse-2026.pdf"})
    );
    assert_eq!(
        published::file_name(&s, &id, "pdf").unwrap_err().code(),
        "attachment_not_here"
    );
    assert_eq!(
        published::file_name(&s, &id, "md").unwrap(),
        "statusredegoerelse-2026.md"
    );
    assert_eq!(
        json_of(published::file_name(&s, "abcdef12", "pdf").unwrap_err()),
        json!({
            "code": "not_found",
            "params": {"kind": "published_report", "key": "abcdef12"},
            "message": "no published report \"abcdef12\"",
        })
    );
    let bad = PublishInput::Deliverables {
        half: "2026-H3".into(),
    };
    let e = published::publish(&mut s, bad, "da").unwrap_err();
    assert_eq!(e.code(), "not_a_half_year");
    assert_eq!(list(&s).len(), 1, "nothing published");
}

#[test]
fn a_file_name_from_another_replica_is_saved_as_one_plain_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo(dir.path());
    let id = s
        .publish_report(Publication {
            kind: "status".into(),
            period: "2026".into(),
            title: "Statusredegørelse 2026".into(),
            files: vec![RenderedFile {
                format: "md".into(),
                file_name: "../../.config/autostart/x.md".into(),
                bytes: b"# Status\n".to_vec(),
            }],
        })
        .unwrap();
    let name = published::file_name(&s, &id, "md").unwrap();
    assert!(!name.contains('/') && !name.starts_with('.'), "{name}");
    assert!(name.ends_with("x.md"), "{name}");
}
