//! The one write path: validation, atomicity, the change log and its stamps.

use rusqlite::Connection;
use steerco_domain::{Hlc, Value};
use steerco_store::{RowChange, StoreError};

use crate::{new_store, temp, ws_path};

fn focus(id: &str, number: i64) -> RowChange {
    RowChange::insert("focus_area", id)
        .set("number", number)
        .set("name_da", format!("Område {number}"))
        .set("name_en_verified", false)
}

#[test]
fn every_field_is_logged_with_stamp_author_and_replica() {
    let dir = temp();
    let (mut store, _clock) = new_store(dir.path(), "a");
    let before = store.change_count().unwrap();
    let w = store.write(vec![focus("fa-1", 1)]).unwrap();
    assert_eq!(store.change_count().unwrap(), before + 1);
    let stamp = w.stamps[0];
    assert_eq!(stamp.replica, store.replica());
    let history = store.field_history("focus_area", "fa-1", "number").unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].hlc, stamp.to_string());
    assert_eq!(history[0].replica, store.replica().to_string());
    assert_eq!(history[0].value, serde_json::json!(1));
    assert_eq!(history[0].author_id.as_deref(), store.me());
    assert_eq!(history[0].prev_hlc, None, "an insert replaces nothing");
}

#[test]
fn an_update_records_the_stamp_it_replaced() {
    let dir = temp();
    let (mut store, clock) = new_store(dir.path(), "a");
    let first = store.write(vec![focus("fa-1", 1)]).unwrap().stamps[0];
    clock.advance(1000);
    let second = store
        .write(vec![
            RowChange::update("focus_area", "fa-1").set("name_da", "Nyt navn")
        ])
        .unwrap()
        .stamps[0];
    clock.advance(1000);
    let third = store
        .write(vec![
            RowChange::update("focus_area", "fa-1").set("name_da", "Tredje")
        ])
        .unwrap()
        .stamps[0];
    let h = store
        .field_history("focus_area", "fa-1", "name_da")
        .unwrap();
    let prevs: Vec<_> = h.iter().map(|c| c.prev_hlc.clone()).collect();
    assert_eq!(
        prevs,
        vec![None, Some(first.to_string()), Some(second.to_string())]
    );
    assert_eq!(
        store.field_stamp("focus_area", "fa-1", "name_da").unwrap(),
        Some(third.to_string())
    );
    // A field not touched by the updates still carries the insert's stamp.
    assert_eq!(
        store.field_stamp("focus_area", "fa-1", "number").unwrap(),
        Some(first.to_string())
    );
}

#[test]
fn concurrent_edits_are_recognisable_from_the_log() {
    // Two replicas start from the same state and edit one field offline: both
    // changes name the same replaced stamp, so a receiver sees they are
    // concurrent. A later edit on one replica names the first edit instead.
    let dir = temp();
    let (mut a, _ca) = new_store(dir.path(), "a");
    let base = a.write(vec![focus("fa-1", 1)]).unwrap().stamps[0];
    drop(a);
    std::fs::copy(ws_path(dir.path(), "a"), ws_path(dir.path(), "b")).unwrap();
    // The copy becomes another replica (what a join does).
    let conn = Connection::open(ws_path(dir.path(), "b")).unwrap();
    conn.execute(
        "UPDATE local_setting SET value = '00000000000000bb' WHERE key = 'replica_id'",
        [],
    )
    .unwrap();
    conn.execute("DELETE FROM local_setting WHERE key = 'hlc'", [])
        .unwrap();
    drop(conn);

    let clock = crate::TestClock::at("2026-03-01T10:00:00Z");
    let mut a =
        steerco_store::Store::open(&ws_path(dir.path(), "a"), Box::new(clock.clone())).unwrap();
    let mut b =
        steerco_store::Store::open(&ws_path(dir.path(), "b"), Box::new(clock.clone())).unwrap();
    assert_ne!(a.replica(), b.replica());
    let ea = a
        .write(vec![
            RowChange::update("focus_area", "fa-1").set("name_da", "A's")
        ])
        .unwrap()
        .stamps[0];
    let eb = b
        .write(vec![
            RowChange::update("focus_area", "fa-1").set("name_da", "B's")
        ])
        .unwrap()
        .stamps[0];
    clock.advance(5);
    let ea2 = a
        .write(vec![
            RowChange::update("focus_area", "fa-1").set("name_da", "A again")
        ])
        .unwrap()
        .stamps[0];

    let ha = a.field_history("focus_area", "fa-1", "name_da").unwrap();
    let hb = b.field_history("focus_area", "fa-1", "name_da").unwrap();
    let prev_of = |h: &[steerco_store::history::FieldChange], s: Hlc| {
        h.iter()
            .find(|c| c.hlc == s.to_string())
            .unwrap()
            .prev_hlc
            .clone()
            .unwrap()
    };
    assert_eq!(prev_of(&ha, ea), base.to_string());
    assert_eq!(
        prev_of(&hb, eb),
        base.to_string(),
        "same replaced stamp: concurrent"
    );
    assert_eq!(
        prev_of(&ha, ea2),
        ea.to_string(),
        "replaces A's own edit: sequential"
    );
    assert_ne!(ea.replica, eb.replica);
}

#[test]
fn a_bad_change_applies_nothing_of_its_batch() {
    let dir = temp();
    let (mut store, _c) = new_store(dir.path(), "a");
    let before = store.export_json().unwrap();
    let count = store.change_count().unwrap();
    let cases: Vec<(RowChange, &str)> = vec![
        (RowChange::insert("nope", "x"), "unknown table"),
        (
            RowChange::insert("focus_area", "x").set("colour", "red"),
            "no field",
        ),
        (
            RowChange::insert("focus_area", "x").set("number", "one"),
            "not a valid value",
        ),
        (
            RowChange::insert("focus_area", "x").set("name_da", Value::Null),
            "may not be empty",
        ),
        (
            RowChange::update("focus_area", "missing").set("number", 2),
            "no row",
        ),
        (
            RowChange::insert("status_update", "s").set("rag", "purple"),
            "not a valid value",
        ),
        (
            RowChange::update("status_update", "s").set("rag", "red"),
            "append-only",
        ),
        (
            RowChange::insert("initiative", "i")
                .set("code", "1.1")
                .set("focus_area_id", "no-such-area"),
            "missing row",
        ),
        (RowChange::insert("focus_area", ""), "may not be empty"),
        (
            RowChange::insert("milestone", "m").set("planned_date", "2026-02-30"),
            "not a valid value",
        ),
        (
            RowChange::insert("focus_area", "x")
                .set("number", 3)
                .set("name_da", "a")
                .set("number", 4),
            "set twice",
        ),
    ];
    for (bad, why) in cases {
        let err = store.write(vec![focus("ok-1", 1), bad]).unwrap_err();
        assert!(err.to_string().contains(why), "{err} should say {why}");
        assert_eq!(
            store.change_count().unwrap(),
            count,
            "nothing logged after: {why}"
        );
        assert_eq!(
            store.export_json().unwrap(),
            before,
            "nothing applied after: {why}"
        );
    }
}

#[test]
fn deletes_are_tombstones_and_logged() {
    let dir = temp();
    let (mut store, _c) = new_store(dir.path(), "a");
    store.write(vec![focus("fa-1", 1)]).unwrap();
    store
        .write(vec![RowChange::delete("focus_area", "fa-1")])
        .unwrap();
    assert!(store.focus_areas().unwrap().is_empty());
    let h = store
        .field_history("focus_area", "fa-1", "deleted")
        .unwrap();
    assert_eq!(h.len(), 1);
    assert!(h[0].prev_hlc.is_some());
    // The row is still there for late changes, but a deleted row cannot be edited.
    let err = store
        .write(vec![
            RowChange::update("focus_area", "fa-1").set("number", 3)
        ])
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }));
}

#[test]
fn stamps_stay_monotonic_when_the_wall_clock_goes_back_and_across_reopen() {
    let dir = temp();
    let (mut store, clock) = new_store(dir.path(), "a");
    let s1 = store.write(vec![focus("fa-1", 1)]).unwrap().stamps[0];
    clock.set("2020-01-01T00:00:00Z");
    let s2 = store.write(vec![focus("fa-2", 2)]).unwrap().stamps[0];
    assert!(s2 > s1);
    drop(store);
    let mut store =
        steerco_store::Store::open(&ws_path(dir.path(), "a"), Box::new(clock.clone())).unwrap();
    let s3 = store.write(vec![focus("fa-3", 3)]).unwrap().stamps[0];
    assert!(s3 > s2, "the clock survives a restart");
}

#[test]
fn the_connection_is_private_to_the_store() {
    // The only mutating entry points are Store::write and the typed operations
    // built on it; this test pins that the public API offers no raw connection.
    let src = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/lib.rs")).unwrap();
    assert!(src.contains("pub(crate) fn conn(&self)"));
    assert!(!src.contains("pub fn conn("));
    let mut dirs = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            // The write path: write.rs and the change log's encoding it calls.
            // Unit tests (a module's `tests.rs`, or its `mod tests` at the
            // end) may set up what they test directly, as tests/it does.
            if path.file_name().unwrap() == "write.rs"
                || path.file_name().unwrap() == "tests.rs"
                || path.parent().unwrap().ends_with("changelog")
            {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let text = text
                .split("#[cfg(test)]\nmod tests {")
                .next()
                .unwrap_or_default();
            for verb in ["INSERT INTO ", "UPDATE ", "DELETE FROM ", "REPLACE INTO "] {
                for line in text
                    .lines()
                    .filter(|l| l.contains(verb) && !l.contains("DO UPDATE SET"))
                {
                    assert!(
                        [
                            "local_setting",
                            "schema_migration",
                            "sync_peer",
                            "pending_change",
                        ]
                        .iter()
                        .any(|local| line.contains(local)),
                        "{} writes outside the write path: {line}",
                        path.display()
                    );
                }
            }
        }
    }
}

#[test]
fn changes_from_a_newer_version_are_kept_not_dropped() {
    let dir = temp();
    let (mut store, _c) = new_store(dir.path(), "a");
    let rec = |hlc: &str, tbl: &str, field: &str| steerco_store::merge::ChangeRecord {
        hlc: hlc.into(),
        author_id: None,
        tbl: tbl.into(),
        row_id: "r-1".into(),
        op: "insert".into(),
        fields: serde_json::from_str(&format!("{{\"{field}\": \"x\"}}")).unwrap(),
        prev: None,
    };
    let report = store
        .merge(&[
            rec("1767225600000-0000-00000000000000b1", "risk", "title"),
            rec(
                "1767225600001-0000-00000000000000b1",
                "focus_area",
                "colour",
            ),
        ])
        .unwrap();
    assert_eq!((report.applied, report.pending), (0, 2));
    let kept = store.pending_changes().unwrap();
    assert_eq!(kept.len(), 2, "kept to apply after an upgrade");
    // Sent twice: still kept once.
    let again = store.merge(&kept).unwrap();
    assert_eq!(again.skipped, 2);
    assert_eq!(store.pending_changes().unwrap().len(), 2);
}
