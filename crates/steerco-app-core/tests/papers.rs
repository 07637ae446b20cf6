//! Papers as the app handles them: the list and delete commands, the
//! version a request means, and the copy a viewer opens, on a real
//! workspace file with its real blob store. A file that could run is never
//! copied out to be opened.

use std::path::{Path, PathBuf};

use steerco_app_core::handlers;
use steerco_app_core::papers;
use steerco_app_core::problem::ApiError;
use steerco_app_core::requests::{
    AttachmentDeleteRequest, AttachmentListRequest, UndoDeleteRequest,
};
use steerco_domain::SystemClock;
use steerco_store::ops::restore::Restorable;
use steerco_store::{NewWorkspace, Store};

/// A workspace with "me" chosen and a meeting with one agenda item:
/// (store, meeting, item).
fn meeting(dir: &Path) -> (Store, String, String) {
    let path = dir.join("papers.steerco");
    let mut s = Store::create(&path, NewWorkspace::default(), Box::new(SystemClock)).unwrap();
    s.set_me("Tester").unwrap();
    s.add_committee("Styregruppen", "steering", None, None)
        .unwrap();
    let at = s.parse_datetime("2026-03-10T09:00").unwrap();
    let m = s.add_meeting("Styregruppen", "Møde", at, 60).unwrap();
    let item = s
        .add_agenda_item(&m, "Økonomi", None, None, Some(20), false)
        .unwrap();
    (s, m, item)
}

fn file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn code(e: ApiError) -> String {
    e.code()
}

/// Every file under `dir`, as paths relative to it.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(
                files_under(&path)
                    .into_iter()
                    .map(|p| Path::new(&entry.file_name()).join(p)),
            );
        } else {
            out.push(PathBuf::from(entry.file_name()));
        }
    }
    out
}

#[test]
fn a_document_opens_from_a_checked_copy_and_a_script_never_does() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, m, item) = meeting(dir.path());
    let cache = dir.path().join("cache");
    let v1 = b"%PDF-1.7\nfirst version".to_vec();
    // A file name as a row may hold one: folder separators of another system.
    let doc = file(dir.path(), "Budget\\..\\2026.pdf", &v1);
    let script = file(dir.path(), "tidy.sh", b"#!/bin/sh\necho hi\n");
    let doc_id = s.add_attachment(&item, &doc, Some("Budget 2026")).unwrap();
    let script_id = s.add_attachment(&item, &script, None).unwrap();

    let list = handlers::attachment_list(&s, AttachmentListRequest { meeting: m.clone() }).unwrap();
    let titles: Vec<(&str, bool)> = list
        .iter()
        .map(|a| (a.title.as_str(), a.latest.executable))
        .collect();
    assert_eq!(titles, [("Budget 2026", false), ("tidy.sh", true)]);

    // The script is refused before anything is written.
    let e = papers::open_copy(&s, &m, &script_id, None, &cache).unwrap_err();
    assert_eq!(code(e.clone()), "could_run");
    assert!(e.message.contains("tidy.sh"), "{}", e.message);
    assert!(files_under(&cache).is_empty(), "{:?}", files_under(&cache));

    // The document's copy: its own folder, a plain name, the same bytes.
    let opened = papers::open_copy(&s, &m, &doc_id, None, &cache).unwrap();
    assert_eq!(opened.file_name().unwrap(), "Budget_.._2026.pdf");
    assert!(opened.starts_with(&cache));
    assert_eq!(std::fs::read(&opened).unwrap(), v1);

    // A new version; the first is still there to open.
    let v2 = b"%PDF-1.7\nsecond version".to_vec();
    let n = s
        .replace_attachment(&doc_id, &file(dir.path(), "budget-v2.pdf", &v2))
        .unwrap();
    assert_eq!(n, 2);
    let latest = papers::version(&s, &m, &doc_id, None).unwrap();
    assert_eq!(
        (latest.version, latest.file_name.as_str()),
        (2, "budget-v2.pdf")
    );
    let first = papers::open_copy(&s, &m, &doc_id, Some(1), &cache).unwrap();
    assert_eq!(std::fs::read(&first).unwrap(), v1);
    let second = papers::open_copy(&s, &m, &doc_id, None, &cache).unwrap();
    assert_eq!(std::fs::read(&second).unwrap(), v2);
    assert_ne!(first.parent(), second.parent());

    let e = papers::version(&s, &m, &doc_id, Some(7)).unwrap_err();
    assert_eq!(code(ApiError::from(e)), "no_such_version");
    let e = papers::version(&s, &m, "no-such-paper", None).unwrap_err();
    assert_eq!(code(ApiError::from(e)), "not_found");
}

#[test]
fn a_deleted_paper_leaves_the_list_and_its_undo_brings_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, m, item) = meeting(dir.path());
    let id = s
        .add_attachment(&item, &file(dir.path(), "notat.txt", b"notat"), None)
        .unwrap();
    let list = |s: &Store| {
        handlers::attachment_list(s, AttachmentListRequest { meeting: m.clone() })
            .unwrap()
            .into_iter()
            .map(|a| a.id)
            .collect::<Vec<_>>()
    };

    let deleted =
        handlers::attachment_delete(&mut s, AttachmentDeleteRequest { id: id.clone() }).unwrap();
    assert_eq!(deleted, id);
    assert!(list(&s).is_empty());
    let e = papers::version(&s, &m, &id, None).unwrap_err();
    assert_eq!(code(ApiError::from(e)), "not_found");

    handlers::undo_delete(
        &mut s,
        UndoDeleteRequest {
            what: Restorable::Attachment,
            id: deleted,
        },
    )
    .unwrap();
    assert_eq!(list(&s), [id]);
}
