//! Papers on agenda items (#18, local slice): real workspace files and a
//! real blob store beside them. Rows go through the write path and merge to
//! another replica; the bytes stay in the blob store, named by hash.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use steerco_store::blobs::{BlobHash, Blobs};
use steerco_store::ops::attachment::{Collected, BLOB_GRACE, DEFAULT_LIMIT};
use steerco_store::ops::restore::Restorable;
use steerco_store::{Refusal, Store, StoreError};

use crate::{new_store, temp, ws_path, TestClock};

/// A draft meeting with an open item and a closed one: (meeting, open, closed).
fn meeting(s: &mut Store) -> (String, String, String) {
    s.add_committee("Styregruppen", "steering", None, None)
        .unwrap();
    let at = s.parse_datetime("2026-03-10T09:00").unwrap();
    let m = s.add_meeting("Styregruppen", "Møde", at, 90).unwrap();
    let open = s
        .add_agenda_item(&m, "Økonomi", None, None, Some(20), false)
        .unwrap();
    let closed = s
        .add_agenda_item(&m, "Personalesag", None, None, Some(10), true)
        .unwrap();
    (m, open, closed)
}

/// A file named `name` in `dir` holding `bytes`.
fn file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Bytes of every value, so a round trip is not helped by text handling.
fn binary(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect()
}

fn refusal(e: StoreError) -> Refusal {
    match e {
        StoreError::Refused(r) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// The blob files in the store (no temporary ones).
fn blob_files(s: &Store) -> Vec<String> {
    let mut names: Vec<String> = s
        .blobs()
        .files()
        .unwrap()
        .into_iter()
        .map(|f| {
            f.hash
                .expect("no temporary file is left")
                .as_str()
                .to_string()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn a_paper_is_added_listed_got_replaced_deleted_and_restored() {
    let dir = temp();
    let (mut s, clock) = new_store(dir.path(), "a");
    let (m, item, closed_item) = meeting(&mut s);
    let v1 = binary(300_000, 7);
    let budget = file(dir.path(), "budget.pdf", &v1);

    let id = s
        .add_attachment(&item[..8], &budget, Some("  Budget 2026  "))
        .unwrap();
    let hash = BlobHash::of(&v1);
    let blob = s.blobs().path(&hash);
    assert_eq!(
        blob,
        PathBuf::from(format!(
            "{}.blobs/{}/{}",
            ws_path(dir.path(), "a").display(),
            &hash.as_str()[..2],
            hash.as_str()
        ))
    );
    assert_eq!(std::fs::read(&blob).unwrap(), v1);

    let list = s.attachments(&m).unwrap();
    assert_eq!(list.len(), 1);
    let a = &list[0];
    assert_eq!(
        (a.id.as_str(), a.title.as_str()),
        (id.as_str(), "Budget 2026")
    );
    // The item's place as the agenda shows it (a new meeting has standing items).
    let items = s.meeting(&m).unwrap().items;
    let place = |id: &str| items.iter().position(|i| i.id == id).unwrap() as i64 + 1;
    assert_eq!(
        (a.item_title.as_str(), a.item_number),
        ("Økonomi", place(&item))
    );
    assert_eq!((a.size, a.versions, a.closed), (300_000, 1, false));
    assert_eq!(a.latest.version, 1);
    assert_eq!(a.latest.file_name, "budget.pdf");
    assert_eq!(a.latest.media_type, "application/pdf");
    assert_eq!(a.latest.hash, hash.as_str());
    assert_eq!(a.latest.added_by.as_deref(), Some("Tester"));
    assert!(a.latest.available && !a.latest.executable);
    assert_eq!(s.attachment_bytes(&id, None).unwrap().1, v1);

    // A replace adds version 2; version 1 is kept, listed and readable.
    clock.advance(1000);
    let v2 = binary(1000, 99);
    let again = file(dir.path(), "budget-v2.pdf", &v2);
    assert_eq!(s.replace_attachment(&id, &again).unwrap(), 2);
    let a = s.attachments(&m).unwrap().remove(0);
    assert_eq!((a.versions, a.size, a.latest.version), (2, 1000, 2));
    assert_eq!(a.latest.file_name, "budget-v2.pdf");
    let numbers: Vec<i64> = a.history.iter().map(|v| v.version).collect();
    assert_eq!(numbers, [1, 2]);
    assert_eq!(s.attachment_bytes(&id, None).unwrap().1, v2);
    assert_eq!(s.attachment_bytes(&id, Some(1)).unwrap().1, v1);
    let out = dir.path().join("out.bin");
    let got = s.save_attachment(&id, Some(1), &out).unwrap();
    assert_eq!((got.version, std::fs::read(&out).unwrap()), (1, v1.clone()));
    assert_eq!(
        refusal(s.attachment_bytes(&id, Some(3)).unwrap_err()),
        Refusal::NoSuchVersion {
            version: 3,
            latest: 2
        }
    );

    // A paper on the closed item is marked closed.
    let secret = file(dir.path(), "sag.docx", b"fortroligt");
    let on_closed = s.add_attachment(&closed_item, &secret, None).unwrap();
    let list = s.attachments(&m).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!((list[1].title.as_str(), list[1].closed), ("sag.docx", true));
    assert_eq!(list[1].item_number, place(&closed_item));
    let refs = s.blob_refs().unwrap();
    let closed_of = |bytes: &[u8]| {
        let h = BlobHash::of(bytes);
        refs.iter().find(|r| r.hash == h.as_str()).unwrap().closed
    };
    assert!(closed_of(b"fortroligt"));
    assert!(!closed_of(&v1));
    // ... and follows its item when that opens.
    s.edit_agenda_item(
        &closed_item,
        steerco_store::ops::meeting::AgendaItemEdit {
            closed: Some(false),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(!s.attachments(&m).unwrap()[1].closed);

    // Delete is a tombstone; the undo brings back every version.
    assert_eq!(s.delete_attachment(&id).unwrap(), id);
    let ids: Vec<String> = s
        .attachments(&m)
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(ids, [on_closed]);
    assert!(matches!(
        s.attachment_bytes(&id, None).unwrap_err(),
        StoreError::NotFound { .. }
    ));
    assert!(blob.is_file(), "a deleted paper's blob stays for its undo");
    s.restore(Restorable::Attachment, &id).unwrap();
    let a = s.attachments(&m).unwrap().remove(0);
    assert_eq!((a.id.as_str(), a.versions), (id.as_str(), 2));
    assert_eq!(
        refusal(s.restore(Restorable::Attachment, &id).unwrap_err()),
        Refusal::NotDeleted {
            what: Restorable::Attachment
        }
    );
}

#[test]
fn the_same_content_is_one_blob_and_a_damaged_one_is_refused_on_read() {
    let dir = temp();
    let (mut s, _) = new_store(dir.path(), "a");
    let (m, item, _) = meeting(&mut s);
    let bytes = binary(5000, 1);
    let one = file(dir.path(), "a.pdf", &bytes);
    let two = file(dir.path(), "b.pdf", &bytes);
    let first = s.add_attachment(&item, &one, None).unwrap();
    let second = s.add_attachment(&item, &two, None).unwrap();
    assert_eq!(blob_files(&s), [BlobHash::of(&bytes).as_str().to_string()]);
    assert_eq!(s.attachments(&m).unwrap().len(), 2);

    // One flipped byte: every read of that content says it is damaged,
    // and a save leaves the target as it was.
    let blob = s.blobs().path(&BlobHash::of(&bytes));
    let mut bad = bytes.clone();
    bad[2500] ^= 0x40;
    std::fs::write(&blob, &bad).unwrap();
    let damaged = Refusal::AttachmentDamaged {
        file_name: "a.pdf".into(),
    };
    assert_eq!(
        refusal(s.attachment_bytes(&first, None).unwrap_err()),
        damaged
    );
    let out = file(dir.path(), "kept.txt", b"before");
    assert_eq!(
        refusal(s.save_attachment(&first, None, &out).unwrap_err()),
        damaged
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"before");
    assert!(!dir.path().join("kept.txt.part").exists());
    assert!(s
        .attachment_bytes(&second, None)
        .unwrap_err()
        .to_string()
        .contains("the stored content of b.pdf is damaged"));

    // Adding the content again repairs the blob (same hash, sound bytes).
    let third = file(dir.path(), "c.pdf", &bytes);
    s.add_attachment(&item, &third, None).unwrap();
    assert_eq!(s.attachment_bytes(&first, None).unwrap().1, bytes);

    // A blob that is gone is "not on this computer", not damaged.
    std::fs::remove_file(&blob).unwrap();
    assert_eq!(
        refusal(s.attachment_bytes(&first, None).unwrap_err()),
        Refusal::AttachmentNotHere {
            file_name: "a.pdf".into()
        }
    );
    assert!(!s.attachments(&m).unwrap()[0].latest.available);
}

#[test]
fn a_file_over_the_limit_is_refused_before_anything_is_written() {
    let dir = temp();
    let (mut s, _) = new_store(dir.path(), "a");
    let (m, item, _) = meeting(&mut s);
    assert_eq!(s.attachment_limit().unwrap(), DEFAULT_LIMIT);
    assert_eq!(DEFAULT_LIMIT, 100 * 1024 * 1024);
    assert_eq!(
        refusal(s.set_attachment_limit(0).unwrap_err()),
        Refusal::AttachmentLimitOutOfRange
    );
    s.set_attachment_limit(1).unwrap();
    assert_eq!(s.attachment_limit().unwrap(), 1024 * 1024);

    let big = file(dir.path(), "stor.pdf", &binary(1024 * 1024 + 1, 3));
    let changes = s.change_count().unwrap();
    let e = refusal(s.add_attachment(&item, &big, None).unwrap_err());
    assert_eq!(
        e,
        Refusal::FileTooLarge {
            name: "stor.pdf".into(),
            size: 1024 * 1024 + 1,
            limit: 1024 * 1024
        }
    );
    assert_eq!(
        e.to_string(),
        "stor.pdf is 1.0 MiB; the workspace takes attachments of at most 1.0 MiB"
    );
    assert_eq!(s.change_count().unwrap(), changes);
    assert!(s.attachments(&m).unwrap().is_empty());
    assert!(
        s.blobs().files().unwrap().is_empty(),
        "no blob, no temp file"
    );

    // Exactly at the limit is taken; a replace over it is refused alike.
    let fits = file(dir.path(), "fits.pdf", &binary(1024 * 1024, 4));
    let id = s.add_attachment(&item, &fits, None).unwrap();
    let changes = s.change_count().unwrap();
    let e = refusal(s.replace_attachment(&id, &big).unwrap_err());
    assert!(matches!(e, Refusal::FileTooLarge { .. }), "{e:?}");
    assert_eq!(s.change_count().unwrap(), changes);
    assert_eq!(s.blobs().files().unwrap().len(), 1);
}

#[test]
fn a_file_that_could_run_is_flagged() {
    let dir = temp();
    let (mut s, _) = new_store(dir.path(), "a");
    let (m, item, _) = meeting(&mut s);
    let files = [
        ("start.desktop", &b"[Desktop Entry]\nExec=rm -rf ~"[..]),
        ("setup.EXE", b"MZ\x90\x00"),
        ("notes.txt", b"#!/bin/sh\necho hej"),
        ("dagsorden.pdf", b"%PDF-1.7\n"),
    ];
    for (name, bytes) in files {
        let path = file(dir.path(), name, bytes);
        s.add_attachment(&item, &path, None).unwrap();
    }
    let flags: Vec<(String, bool)> = s
        .attachments(&m)
        .unwrap()
        .into_iter()
        .map(|a| (a.title, a.latest.executable))
        .collect();
    let expected = [
        ("start.desktop", true),
        ("setup.EXE", true),
        ("notes.txt", true),
        ("dagsorden.pdf", false),
    ]
    .map(|(n, f)| (n.to_string(), f));
    assert_eq!(flags, expected);
}

#[test]
fn papers_follow_the_meeting_they_belong_to() {
    let dir = temp();
    let (mut s, _) = new_store(dir.path(), "a");
    let (m, item, _) = meeting(&mut s);
    let paper = file(dir.path(), "p.pdf", b"%PDF-1.4 one");
    let id = s.add_attachment(&item, &paper, None).unwrap();
    // Held and closed: the minutes can change, so papers still can.
    for state in ["open", "in-progress", "closed"] {
        s.set_meeting_state(&m, state, None).unwrap();
    }
    s.replace_attachment(&id, &paper).unwrap();
    let late = s.add_attachment(&item, &paper, Some("Slides")).unwrap();
    s.delete_attachment(&late).unwrap();

    s.set_meeting_state(&m, "approved", None).unwrap();
    let changes = s.change_count().unwrap();
    let approved = |e: StoreError| {
        assert!(
            matches!(refusal(e), Refusal::MinutesApproved { .. }),
            "refused as approved"
        )
    };
    approved(s.add_attachment(&item, &paper, None).unwrap_err());
    approved(s.replace_attachment(&id, &paper).unwrap_err());
    approved(s.delete_attachment(&id).unwrap_err());
    approved(s.restore(Restorable::Attachment, &late).unwrap_err());
    assert_eq!(s.change_count().unwrap(), changes);
    // Reading stays.
    assert_eq!(s.attachment_bytes(&id, Some(1)).unwrap().1, b"%PDF-1.4 one");

    // A paper under a deleted item is gone with it, and back with it.
    let at = s.parse_datetime("2026-04-10T09:00").unwrap();
    let next = s.add_meeting("Styregruppen", "Næste", at, 60).unwrap();
    let item2 = s
        .add_agenda_item(&next, "Status", None, None, None, false)
        .unwrap();
    let on2 = s.add_attachment(&item2, &paper, None).unwrap();
    s.delete_agenda_item(&item2).unwrap();
    assert!(s.attachments(&next).unwrap().is_empty());
    assert!(matches!(
        s.find_attachment(&on2).unwrap_err(),
        StoreError::NotFound { .. }
    ));
    s.restore(Restorable::AgendaItem, &item2).unwrap();
    assert_eq!(s.attachments(&next).unwrap()[0].id, on2);
    s.cancel_meeting(&next, None).unwrap();
    assert_eq!(
        refusal(s.delete_attachment(&on2).unwrap_err()),
        Refusal::MeetingCancelled
    );
}

#[test]
fn rows_sync_and_the_bytes_stay_in_the_blob_store() {
    let dir = temp();
    let (mut a, _) = new_store(dir.path(), "a");
    let (m, item, _) = meeting(&mut a);
    let bytes = binary(64 * 1024, 5);
    let paper = file(dir.path(), "p.pdf", &bytes);
    let before = serde_json::to_string(&a.all_changes().unwrap()).unwrap();
    let id = a.add_attachment(&item, &paper, None).unwrap();
    let changes = a.all_changes().unwrap();
    let log = serde_json::to_string(&changes).unwrap();
    assert!(log.contains(BlobHash::of(&bytes).as_str()));
    // Two rows of names and numbers, in no encoding 64 KiB of content.
    assert!(log.len() - before.len() < 2048, "no bytes in the log");

    let cb = TestClock::at("2026-03-01T09:00:30Z");
    let mut b = Store::create_for_join(&ws_path(dir.path(), "b"), Box::new(cb)).unwrap();
    b.merge(&changes).unwrap();
    let seen = b.attachments(&m).unwrap();
    assert_eq!(
        (seen[0].id.as_str(), seen[0].size),
        (id.as_str(), 64 * 1024)
    );
    assert!(!seen[0].latest.available, "the blob has not come");
    assert!(matches!(
        refusal(b.attachment_bytes(&id, None).unwrap_err()),
        Refusal::AttachmentNotHere { .. }
    ));
    // A blob put in place by hash (as a later sync will) is read and checked.
    std::fs::create_dir_all(b.blobs().path(&BlobHash::of(&bytes)).parent().unwrap()).unwrap();
    std::fs::copy(
        a.blobs().path(&BlobHash::of(&bytes)),
        b.blobs().path(&BlobHash::of(&bytes)),
    )
    .unwrap();
    assert_eq!(b.attachment_bytes(&id, None).unwrap().1, bytes);
}

/// Set a file's modification time `days` ago.
fn age(path: &Path, days: u64) {
    let then = SystemTime::now() - Duration::from_secs(days * 24 * 60 * 60);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(then)
        .unwrap();
}

#[test]
fn collection_removes_only_old_blobs_no_version_names() {
    let dir = temp();
    let (mut s, _) = new_store(dir.path(), "a");
    let (_, item, _) = meeting(&mut s);
    let kept = file(dir.path(), "kept.pdf", b"kept");
    let replaced = file(dir.path(), "old.pdf", b"old version");
    let newer = file(dir.path(), "new.pdf", b"new version");
    let gone = file(dir.path(), "gone.pdf", b"deleted paper");
    s.add_attachment(&item, &kept, None).unwrap();
    let r = s.add_attachment(&item, &replaced, None).unwrap();
    s.replace_attachment(&r, &newer).unwrap();
    let d = s.add_attachment(&item, &gone, None).unwrap();
    s.delete_attachment(&d).unwrap();

    // Orphans, as an add that failed after storing its blob leaves them: one
    // old, one recent, and an interrupted write's temporary file.
    let blobs = Blobs::beside(s.path());
    let old_orphan = blobs
        .put_file(&file(dir.path(), "o1", b"orphan one"), "o1", 100)
        .unwrap();
    let new_orphan = blobs
        .put_file(&file(dir.path(), "o2", b"orphan two"), "o2", 100)
        .unwrap();
    let part = blobs.root().join(".part-interrupted");
    std::fs::write(&part, b"half").unwrap();
    for f in blobs.files().unwrap() {
        age(&f.path, 365);
    }
    age(&blobs.path(&new_orphan.hash), 29);

    let removed = s.collect_blobs(BLOB_GRACE).unwrap();
    assert_eq!(
        removed,
        Collected {
            files: 2,
            bytes: 14
        }
    );
    assert!(!blobs.path(&old_orphan.hash).exists() && !part.exists());
    assert!(blobs.path(&new_orphan.hash).exists(), "within the grace");
    // Every version's blob stays: the latest, a replaced one, a deleted
    // paper's (its undo needs it).
    for bytes in [
        &b"kept"[..],
        b"old version",
        b"new version",
        b"deleted paper",
    ] {
        assert!(blobs.has(&BlobHash::of(bytes)), "{bytes:?}");
    }
    s.restore(Restorable::Attachment, &d).unwrap();
    assert_eq!(s.attachment_bytes(&d, None).unwrap().1, b"deleted paper");
    assert_eq!(s.attachment_bytes(&r, Some(1)).unwrap().1, b"old version");

    // With no grace the recent orphan goes too; nothing named ever does.
    assert_eq!(s.collect_blobs(Duration::ZERO).unwrap().files, 1);
    assert_eq!(
        s.collect_blobs(Duration::ZERO).unwrap(),
        Collected::default()
    );
    assert_eq!(blob_files(&s).len(), 4);
    // Files that are not blobs are left alone.
    let stray = blobs.root().join("README.txt");
    std::fs::write(&stray, b"x").unwrap();
    s.collect_blobs(Duration::ZERO).unwrap();
    assert!(stray.exists());
}

#[test]
fn a_malformed_hash_from_another_replica_names_no_path() {
    let dir = temp();
    let (mut s, _) = new_store(dir.path(), "a");
    let (m, item, _) = meeting(&mut s);
    let paper = file(dir.path(), "p.pdf", b"x");
    let id = s.add_attachment(&item, &paper, None).unwrap();
    let outside = dir.path().join("secret");
    std::fs::write(&outside, b"not a paper").unwrap();
    s.write(vec![steerco_store::RowChange::insert(
        "attachment_version",
        "00000000-0000-4000-8000-0000000000ff",
    )
    .set("attachment_id", id.clone())
    .set("version", 2)
    .set("blob_hash", "../../secret")
    .set("size", 11)
    .set("file_name", "run.sh")
    .set("media_type", "text/plain")
    .set("executable", false)
    .set("recorded_at", "2026-03-01T09:00:01Z")])
        .unwrap();
    let a = s.attachments(&m).unwrap().remove(0);
    assert!(a.latest.executable, "the name is checked again");
    assert!(!a.latest.available);
    assert!(matches!(
        refusal(s.attachment_bytes(&id, None).unwrap_err()),
        Refusal::AttachmentDamaged { .. }
    ));
    assert_eq!(
        s.collect_blobs(Duration::ZERO).unwrap(),
        Collected::default()
    );
    assert!(outside.exists());
}
