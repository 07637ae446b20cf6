//! Published reports: a record of rendered files that never changes. The
//! rows are append-only on the write path and in the merge; the bytes are in
//! the blob store, named to the papers step (`blob_refs`) and kept by the
//! collection; a file whose bytes are not here is refused, never made up.

use std::time::Duration;

use serde_json::json;
use steerco_store::blobs::BlobHash;
use steerco_store::merge::ChangeRecord;
use steerco_store::ops::published::{Publication, RenderedFile};
use steerco_store::refusal::Entity;
use steerco_store::{Refusal, RowChange, StoreError};

use crate::{new_store, temp};

fn publication(period: &str, seed: u8) -> Publication {
    let file = |format: &str, len: usize| RenderedFile {
        format: format.into(),
        file_name: format!("statusredegoerelse-{period}.{format}"),
        bytes: (0..len).map(|i| (i as u8).wrapping_mul(7) ^ seed).collect(),
    };
    Publication {
        kind: "status".into(),
        period: period.into(),
        title: format!("Statusredegørelse {period}"),
        files: vec![file("pdf", 5000), file("docx", 3000), file("md", 700)],
    }
}

fn refusal(e: StoreError) -> Refusal {
    match e {
        StoreError::Refused(r) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_published_report_is_listed_and_its_files_come_back_byte_for_byte() {
    let dir = temp();
    let (mut s, clock) = new_store(dir.path(), "a");
    let p = publication("2025", 1);
    let first = s.publish_report(p.clone()).unwrap();
    clock.advance(60_000);
    let second = s.publish_report(publication("2026", 2)).unwrap();

    let list = s.published_reports().unwrap();
    let ids: Vec<&str> = list.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, [second.as_str(), first.as_str()], "the latest first");
    let r = &list[1];
    assert_eq!(
        (r.kind.as_str(), r.period.as_str(), r.title.as_str()),
        ("status", "2025", "Statusredegørelse 2025")
    );
    assert_eq!(r.published_by.as_deref(), Some("Tester"));
    assert_eq!(r.published_at, "2026-03-01T09:00:00.000Z");
    let formats: Vec<&str> = r.files.iter().map(|f| f.format.as_str()).collect();
    assert_eq!(formats, ["pdf", "docx", "md"]);
    assert!(r.files.iter().all(|f| f.available));

    for f in &p.files {
        let (view, bytes) = s.published_bytes(&first[..8], &f.format).unwrap();
        assert_eq!(bytes, f.bytes, "{}", f.file_name);
        assert_eq!(view.size, f.bytes.len() as i64);
        assert_eq!(view.hash, BlobHash::of(&f.bytes).as_str());
        let out = dir.path().join(&f.file_name);
        s.save_published(&first, &f.format, &out).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), f.bytes);
    }
    let e = s.published_bytes(&first, "xlsx").unwrap_err();
    assert!(e.to_string().contains("use one of: pdf, docx, md"), "{e}");
    // Named as what it is, so the app and the CLI say "no published report".
    assert!(matches!(
        s.published_report("nope-nope").unwrap_err(),
        StoreError::NotFound {
            kind: Entity::PublishedReport,
            ..
        }
    ));
}

#[test]
fn published_files_are_named_to_the_papers_step_and_kept_by_the_collection() {
    let dir = temp();
    let (mut s, _) = new_store(dir.path(), "a");
    let p = publication("2026", 3);
    s.publish_report(p.clone()).unwrap();
    let refs = s.blob_refs().unwrap();
    for f in &p.files {
        let hash = BlobHash::of(&f.bytes);
        let r = refs
            .iter()
            .find(|r| r.hash == hash.as_str())
            .unwrap_or_else(|| panic!("{} is not named to the papers step", f.file_name));
        assert!(!r.closed && r.mine, "{r:?}");
        assert_eq!(
            (r.size, r.file_name.as_str()),
            (f.bytes.len() as u64, f.file_name.as_str())
        );
    }
    // An orphan beside them goes; the published files stay.
    let orphan = BlobHash::of(b"an orphan");
    s.blobs()
        .receive(&orphan, 100, |out| out.write_all(b"an orphan"))
        .unwrap();
    let collected = s.collect_blobs(Duration::ZERO).unwrap();
    assert_eq!(collected.files, 1);
    assert!(!s.blobs().has(&orphan));
    for f in &p.files {
        assert!(s.blobs().has(&BlobHash::of(&f.bytes)), "{}", f.file_name);
    }
}

#[test]
fn what_was_published_is_never_changed_nor_removed() {
    let dir = temp();
    let (mut s, _) = new_store(dir.path(), "a");
    let id = s.publish_report(publication("2026", 4)).unwrap();
    let before = s.published_reports().unwrap();
    let file_id = s.export_value().unwrap()["tables"]["published_file"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    // The write path refuses edits and deletes.
    for change in [
        RowChange::update("published_report", id.clone()).set("title", "Forfalsket"),
        RowChange::delete("published_report", id.clone()),
        RowChange::update("published_file", file_id.clone()).set("blob_hash", "00".repeat(32)),
    ] {
        let e = s.write(vec![change]).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{e}");
    }
    // The merge parks them (visibly) and applies nothing of them.
    let rec = |ms: i64, op: &str, tbl: &str, row: &str, fields: serde_json::Value| ChangeRecord {
        hlc: format!("{:013}-0000-00000000000000e1", 1_772_355_600_000 + ms),
        author_id: None,
        tbl: tbl.into(),
        row_id: row.into(),
        op: op.into(),
        fields: fields.as_object().cloned().unwrap_or_default(),
        prev: None,
    };
    let report = s
        .merge(&[
            rec(1, "update", "published_report", &id, json!({"title": "x"})),
            rec(2, "delete", "published_report", &id, json!({"deleted": 1})),
            rec(3, "update", "published_file", &file_id, json!({"size": 1})),
            rec(
                4,
                "delete",
                "published_file",
                &file_id,
                json!({"deleted": 1}),
            ),
        ])
        .unwrap();
    assert_eq!((report.applied, report.pending), (0, 4), "{report:?}");
    assert_eq!(s.published_reports().unwrap(), before);
}

#[test]
fn a_file_whose_bytes_are_not_here_is_refused_and_shown_as_waiting() {
    let dir = temp();
    let (mut s, _) = new_store(dir.path(), "a");
    let p = publication("2026", 5);
    let id = s.publish_report(p.clone()).unwrap();
    let pdf = &p.files[0];
    std::fs::remove_file(s.blobs().path(&BlobHash::of(&pdf.bytes))).unwrap();

    let r = s.published_report(&id).unwrap();
    assert!(!r.files[0].available && r.files[1].available);
    let e = refusal(s.published_bytes(&id, "pdf").unwrap_err());
    assert_eq!(e.code(), "attachment_not_here");
    assert!(e.to_string().contains("not on this computer"), "{e}");
    let out = dir.path().join("out.pdf");
    std::fs::write(&out, b"before").unwrap();
    assert!(s.save_published(&id, "pdf", &out).is_err());
    assert_eq!(std::fs::read(&out).unwrap(), b"before", "left as it was");
}
