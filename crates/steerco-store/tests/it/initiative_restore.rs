//! Undoing an initiative's delete: a restore through the write path, logged
//! and synced like any change.

use steerco_store::ops::initiative::NewInitiative;
use steerco_store::{RowChange, Store, StoreError};

use crate::{new_store, temp, ws_path, TestClock};

fn add(s: &mut Store, code: &str, focus_area: Option<i64>) -> String {
    s.add_initiative(NewInitiative {
        code: code.into(),
        title: format!("Initiative {code}"),
        focus_area,
        ..Default::default()
    })
    .unwrap()
}

fn codes(s: &Store) -> Vec<String> {
    let mut out: Vec<String> = s
        .portfolio()
        .unwrap()
        .initiatives
        .into_iter()
        .map(|i| i.code)
        .collect();
    out.sort();
    out
}

#[test]
fn a_deleted_initiative_comes_back_with_its_budget_as_a_new_change() {
    let dir = temp();
    let (mut s, clock) = new_store(dir.path(), "a");
    let id = add(&mut s, "1.1", None);
    s.set_budget("1.1", 2026, Some(500_000), Some(120_000))
        .unwrap();
    clock.advance(10);
    s.delete_initiative("1.1").unwrap();
    assert!(codes(&s).is_empty());
    let before = s.all_changes().unwrap().len();
    clock.advance(10);
    assert_eq!(s.restore_initiative("1.1").unwrap(), id);
    assert_eq!(codes(&s), ["1.1"]);
    let detail = s.initiative(&id).unwrap();
    assert_eq!(
        (detail.budget[0].year, detail.budget[0].budget),
        (2026, Some(500_000))
    );
    // One new change, the delete kept before it in the log.
    let changes = s.all_changes().unwrap();
    assert_eq!(changes.len(), before + 1);
    let last = changes.last().unwrap();
    assert_eq!(
        (last.op.as_str(), last.row_id.as_str()),
        ("restore", id.as_str())
    );
    assert_eq!(last.fields.get("deleted"), Some(&serde_json::json!(0)));
    let ops: Vec<String> = s
        .initiative_history(&id)
        .unwrap()
        .into_iter()
        .filter(|h| h.table == "initiative")
        .map(|h| h.op)
        .collect();
    assert_eq!(ops, ["restore", "delete", "insert"]);
}

#[test]
fn a_restore_is_refused_when_nothing_is_deleted_or_its_code_is_taken() {
    let dir = temp();
    let (mut s, clock) = new_store(dir.path(), "a");
    add(&mut s, "1.1", None);
    // A live initiative is not deleted: nothing to restore.
    let err = s.restore_initiative("1.1").unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
    s.delete_initiative("1.1").unwrap();
    clock.advance(10);
    // Meanwhile a new initiative took the code: two would share it.
    add(&mut s, "1.1", None);
    let before = s.all_changes().unwrap().len();
    let err = s.restore_initiative("1.1").unwrap_err();
    assert_eq!(err.code(), "duplicate_code");
    assert_eq!(s.all_changes().unwrap().len(), before, "nothing written");
    assert_eq!(codes(&s), ["1.1"]);
}

#[test]
fn an_initiative_comes_back_without_a_focus_area_deleted_meanwhile() {
    let dir = temp();
    let (mut s, clock) = new_store(dir.path(), "a");
    s.write(vec![RowChange::insert("focus_area", "fa-1")
        .set("number", 1)
        .set("name_da", "Digitalisering")
        .set("name_en_verified", false)])
        .unwrap();
    let id = add(&mut s, "1.1", Some(1));
    s.delete_initiative("1.1").unwrap();
    clock.advance(10);
    s.write(vec![RowChange::delete("focus_area", "fa-1")])
        .unwrap();
    clock.advance(10);
    s.restore_initiative(&id).unwrap();
    assert_eq!(s.initiative(&id).unwrap().summary.focus_area, None);
}

#[test]
fn a_restore_syncs_to_another_replica_without_a_conflict() {
    let dir = temp();
    let (mut a, clock) = new_store(dir.path(), "a");
    let id = add(&mut a, "1.1", None);
    let b_clock = TestClock::at("2026-03-01T09:00:00Z");
    let mut b =
        Store::create_for_join(&ws_path(dir.path(), "b"), Box::new(b_clock.clone())).unwrap();
    b.merge(&a.all_changes().unwrap()).unwrap();
    assert_eq!(codes(&b), ["1.1"]);

    clock.advance(1000);
    a.delete_initiative("1.1").unwrap();
    b.merge(&a.all_changes().unwrap()).unwrap();
    assert!(codes(&b).is_empty(), "b sees the delete");

    clock.advance(1000);
    a.restore_initiative(&id).unwrap();
    let report = b.merge(&a.all_changes().unwrap()).unwrap();
    assert_eq!((report.applied, report.conflicts), (1, 0));
    assert_eq!(codes(&b), ["1.1"], "b sees the restore");
    assert!(b.conflicts().unwrap().is_empty());

    // b edits the restored initiative; a takes it in as an ordinary edit.
    b_clock.advance(5000);
    b.edit_initiative(
        "1.1",
        steerco_store::ops::initiative::InitiativeEdit {
            lead: Some(Some("Bo".into())),
            ..Default::default()
        },
    )
    .unwrap();
    a.merge(&b.all_changes().unwrap()).unwrap();
    assert_eq!(
        a.initiative(&id).unwrap().summary.lead.as_deref(),
        Some("Bo")
    );
    assert!(a.conflicts().unwrap().is_empty());

    // A replica that joins later gets the initiative live.
    let mut c = Store::create_for_join(
        &ws_path(dir.path(), "c"),
        Box::new(TestClock::at("2026-03-01T10:00:00Z")),
    )
    .unwrap();
    c.merge(&a.all_changes().unwrap()).unwrap();
    assert_eq!(codes(&c), ["1.1"]);
}

#[test]
fn the_write_path_restores_only_a_tombstone_and_carries_no_fields() {
    let dir = temp();
    let (mut s, _) = new_store(dir.path(), "a");
    let id = add(&mut s, "1.1", None);
    let before = s.all_changes().unwrap().len();
    let err = s
        .write(vec![RowChange::restore("initiative", id.clone())])
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
    s.delete_initiative(&id).unwrap();
    let err = s
        .write(vec![
            RowChange::restore("initiative", id.clone()).set("lead", "Bo")
        ])
        .unwrap_err();
    assert_eq!(err.code(), "bad_change", "{err}");
    assert_eq!(
        s.all_changes().unwrap().len(),
        before + 1,
        "only the delete"
    );
}
