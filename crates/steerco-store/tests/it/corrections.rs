//! Corrections of the record (#15): deletes are tombstones, an undo is a
//! restore through the write path, and both sync: two replicas exchange
//! their changes both ways, so each sees the other's in the other order.

use serde_json::Value as Json;
use steerco_store::ops::meeting::{AgendaItemEdit, NewOutcome};
use steerco_store::ops::restore::Restorable;
use steerco_store::{Store, StoreError};

use crate::{new_store, temp, ws_path, TestClock};

/// A committee with a meeting in progress: one item with a note and a
/// decision. Returns (meeting, item, note, decision).
fn meeting_in_progress(s: &mut Store) -> (String, String, String, String) {
    s.add_committee("Styregruppen", "steering", None, None)
        .unwrap();
    let at = s.parse_datetime("2026-03-10T09:00").unwrap();
    let m = s.add_meeting("Styregruppen", "Møde", at, 90).unwrap();
    let item = s
        .add_agenda_item(&m, "Økonomi", None, None, Some(20), false)
        .unwrap();
    s.set_meeting_state(&m, "open", None).unwrap();
    s.set_meeting_state(&m, "in-progress", None).unwrap();
    let note = s
        .add_outcome(&m, &item, NewOutcome::Note("Taget til efterretning".into()))
        .unwrap();
    let decision = s
        .add_outcome(
            &m,
            &item,
            NewOutcome::Decision {
                text: "Budgettet godkendes".into(),
                supersedes: None,
            },
        )
        .unwrap();
    (m, item, note, decision)
}

fn deleted(s: &Store, table: &str, id: &str) -> bool {
    s.field_value(table, id, "deleted").unwrap() == Some(Json::from(1))
}

fn titles(s: &Store, meeting: &str) -> Vec<String> {
    s.meeting(meeting)
        .unwrap()
        .items
        .into_iter()
        .map(|i| i.title)
        .collect()
}

/// `a` with the meeting, and `b` joined from it; b's clock runs 30 s ahead.
fn two(dir: &std::path::Path) -> (Store, TestClock, Store, TestClock, [String; 4]) {
    let (mut a, ca) = new_store(dir, "a");
    let (m, item, note, decision) = meeting_in_progress(&mut a);
    let cb = TestClock::at("2026-03-01T09:00:30Z");
    let mut b = Store::create_for_join(&ws_path(dir, "b"), Box::new(cb.clone())).unwrap();
    b.merge(&a.all_changes().unwrap()).unwrap();
    b.set_me("Tester").unwrap();
    ca.advance(1000);
    cb.advance(1000);
    (a, ca, b, cb, [m, item, note, decision])
}

fn exchange(a: &mut Store, b: &mut Store) {
    for _ in 0..2 {
        let from_a = a.all_changes().unwrap();
        b.merge(&from_a).unwrap();
        let from_b = b.all_changes().unwrap();
        a.merge(&from_b).unwrap();
    }
}

fn open_conflicts(s: &Store) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = s
        .conflicts()
        .unwrap()
        .into_iter()
        .filter(|c| !c.resolved)
        .map(|c| (c.table, c.field))
        .collect();
    out.sort();
    out
}

#[test]
fn an_item_and_its_outcomes_are_deleted_and_restored_on_both_replicas() {
    let dir = temp();
    let (mut a, ca, mut b, _, [m, item, note, decision]) = two(dir.path());
    a.delete_agenda_item(&item).unwrap();
    exchange(&mut a, &mut b);
    for s in [&a, &b] {
        assert!(deleted(s, "agenda_item", &item));
        assert!(deleted(s, "outcome", &note) && deleted(s, "outcome", &decision));
        assert!(!titles(s, &m).contains(&"Økonomi".to_string()));
    }
    ca.advance(1000);
    a.restore(Restorable::AgendaItem, &item).unwrap();
    exchange(&mut a, &mut b);
    for s in [&a, &b] {
        let view = s.meeting(&m).unwrap();
        let back = view.items.iter().find(|i| i.id == item).unwrap();
        assert_eq!(back.outcomes.len(), 2, "its outcomes came back with it");
        assert!(open_conflicts(s).is_empty());
    }
}

#[test]
fn an_items_undo_leaves_an_outcome_deleted_on_its_own_before() {
    let dir = temp();
    let (mut s, clock) = new_store(dir.path(), "a");
    let (m, item, note, decision) = meeting_in_progress(&mut s);
    s.delete_outcome(&note).unwrap();
    // Same millisecond: only the batch's own stamps count, not a neighbour.
    s.delete_agenda_item(&item).unwrap();
    clock.advance(10);
    s.restore(Restorable::AgendaItem, &item).unwrap();
    let view = s.meeting(&m).unwrap();
    let outcomes: Vec<&str> = view
        .items
        .iter()
        .find(|i| i.id == item)
        .unwrap()
        .outcomes
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(outcomes, [decision.as_str()]);
    // The note has its own undo.
    s.restore(Restorable::Outcome, &note).unwrap();
    assert!(!deleted(&s, "outcome", &note));
}

#[test]
fn a_delete_against_a_concurrent_edit_is_kept_as_a_conflict_in_both_orders() {
    let dir = temp();
    let (mut a, _, mut b, _, [m, item, note, _]) = two(dir.path());
    // a deletes the item (and its outcomes); b, not knowing, corrects the
    // item's title and the note's text.
    a.delete_agenda_item(&item).unwrap();
    b.edit_agenda_item(
        &item,
        AgendaItemEdit {
            title: Some("Økonomi og budget".into()),
            ..Default::default()
        },
    )
    .unwrap();
    b.edit_outcome(&note, Some("Taget til efterretning med ros"), None, None)
        .unwrap();
    exchange(&mut a, &mut b);
    for s in [&a, &b] {
        // The tombstones carry the edits; each delete-vs-edit is kept.
        assert!(deleted(s, "agenda_item", &item) && deleted(s, "outcome", &note));
        assert_eq!(
            s.field_value("agenda_item", &item, "title").unwrap(),
            Some(Json::from("Økonomi og budget"))
        );
        let kept = open_conflicts(s);
        for want in [
            ("agenda_item", "deleted"),
            ("agenda_item", "title"),
            ("outcome", "deleted"),
            ("outcome", "text"),
        ] {
            assert!(
                kept.contains(&(want.0.to_string(), want.1.to_string())),
                "{want:?} in {kept:?}"
            );
        }
    }
    assert_eq!(open_conflicts(&a), open_conflicts(&b));
    assert_eq!(titles(&a, &m), titles(&b, &m));
}

#[test]
fn a_restore_against_a_concurrent_edit_keeps_both() {
    let dir = temp();
    let (mut a, ca, mut b, _, [m, item, _, _]) = two(dir.path());
    a.delete_agenda_item(&item).unwrap();
    ca.advance(1000);
    a.restore(Restorable::AgendaItem, &item).unwrap();
    b.edit_agenda_item(
        &item,
        AgendaItemEdit {
            presenter: Some("Bo".into()),
            ..Default::default()
        },
    )
    .unwrap();
    exchange(&mut a, &mut b);
    for s in [&a, &b] {
        let view = s.meeting(&m).unwrap();
        let it = view.items.iter().find(|i| i.id == item).unwrap();
        assert_eq!(it.presenter.as_deref(), Some("Bo"), "the edit is kept");
        assert_eq!(it.outcomes.len(), 2, "the restore is kept");
    }
}

#[test]
fn a_restore_against_a_concurrent_delete_ends_restored_in_both_orders() {
    let dir = temp();
    // b's clock runs ahead: its delete is stamped after a's undo, so only
    // the rule (an undo wins over a delete it did not see) restores.
    let (mut a, ca, mut b, cb, [m, item, note, _]) = two(dir.path());
    a.delete_agenda_item(&item).unwrap();
    ca.advance(1000);
    a.restore(Restorable::AgendaItem, &item).unwrap();
    cb.advance(60_000);
    b.delete_agenda_item(&item).unwrap();
    exchange(&mut a, &mut b);
    for s in [&a, &b] {
        assert!(!deleted(s, "agenda_item", &item), "restored");
        assert!(titles(s, &m).contains(&"Økonomi".to_string()));
    }
    // The outcomes b's delete took are not undone by a's undo (a's undo
    // brought back what its own delete took): they stay as the merge put
    // them, the same on both.
    assert_eq!(deleted(&a, "outcome", &note), deleted(&b, "outcome", &note));
    assert_eq!(open_conflicts(&a), open_conflicts(&b));
    assert!(!open_conflicts(&a)
        .iter()
        .any(|(t, f)| t == "agenda_item" && f == "deleted"));
}

#[test]
fn a_restore_is_refused_unless_deleted_and_on_approved_minutes() {
    let dir = temp();
    let (mut s, clock) = new_store(dir.path(), "a");
    let (m, item, note, _) = meeting_in_progress(&mut s);
    let err = s.restore(Restorable::AgendaItem, &item).unwrap_err();
    assert_eq!(err.code(), "not_deleted", "{err}");
    let err = s
        .restore(Restorable::Milestone, "nothing-here")
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
    s.delete_outcome(&note).unwrap();
    clock.advance(10);
    s.set_meeting_state(&m, "closed", None).unwrap();
    s.set_meeting_state(&m, "approved", None).unwrap();
    let before = s.all_changes().unwrap().len();
    let err = s.restore(Restorable::Outcome, &note).unwrap_err();
    assert_eq!(err.code(), "minutes_approved", "{err}");
    assert_eq!(s.all_changes().unwrap().len(), before, "nothing written");
    s.set_meeting_state(&m, "reopened", Some("fejl")).unwrap();
    s.restore(Restorable::Outcome, &note).unwrap();
}

#[test]
fn a_committee_comes_back_with_its_members_and_a_member_with_its_row() {
    let dir = temp();
    let (mut s, clock) = new_store(dir.path(), "a");
    s.add_committee("Arbejdsgruppen", "working", None, None)
        .unwrap();
    s.add_member("Arbejdsgruppen", "Anne", "chair").unwrap();
    s.add_member("Arbejdsgruppen", "Bo", "member").unwrap();
    let bo = s.remove_member("Arbejdsgruppen", "Bo").unwrap();
    clock.advance(10);
    let c = s.delete_committee("Arbejdsgruppen").unwrap();
    assert!(s.committees().unwrap().is_empty());
    clock.advance(10);
    s.restore(Restorable::Committee, "Arbejdsgruppen").unwrap();
    let back = &s.committees().unwrap()[0];
    assert_eq!(back.id, c);
    let names: Vec<&str> = back.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Anne"], "Bo was removed before, on his own");
    // Adding Bo again restores his row rather than adding a second one.
    let again = s.add_member("Arbejdsgruppen", "Bo", "observer").unwrap();
    assert_eq!(again, bo);
    assert_eq!(s.committees().unwrap()[0].members.len(), 2);
}

#[test]
fn deleting_a_superseding_decision_puts_the_old_one_back_in_force() {
    let dir = temp();
    let (mut s, _c) = new_store(dir.path(), "a");
    let (m, item, _note, old) = meeting_in_progress(&mut s);
    let status = |s: &Store, id: &str| s.field_value("outcome", id, "decision_status").unwrap();
    let new = s
        .add_outcome(
            &m,
            &item,
            NewOutcome::Decision {
                text: "Budgettet godkendes med ændringer".into(),
                supersedes: Some(old.clone()),
            },
        )
        .unwrap();
    assert_eq!(status(&s, &old), Some(Json::from("superseded")));
    s.delete_outcome(&new).unwrap();
    assert_eq!(status(&s, &old), Some(Json::from("adopted")));
    s.restore(Restorable::Outcome, &new).unwrap();
    assert_eq!(status(&s, &old), Some(Json::from("superseded")));
}

#[test]
fn a_committees_delete_takes_its_own_tasks_and_topics_and_its_undo_brings_them_back() {
    let dir = temp();
    let (mut s, clock) = new_store(dir.path(), "a");
    s.add_committee("Arbejdsgruppen", "working", None, None)
        .unwrap();
    let task = s
        .add_task(steerco_store::ops::task::NewTask {
            title: "Skriv udkast".into(),
            committee: Some("Arbejdsgruppen".into()),
            ..Default::default()
        })
        .unwrap();
    let topic = s.add_topic("Arbejdsgruppen", "Datadeling", None).unwrap();
    clock.advance(10);
    s.delete_committee("Arbejdsgruppen").unwrap();
    // Nothing of a deleted committee is left on a board or a backlog.
    assert!(s.tasks(&Default::default()).unwrap().is_empty());
    assert!(s.topics(None).unwrap().is_empty());
    assert!(deleted(&s, "outcome", &task) && deleted(&s, "topic", &topic));
    clock.advance(10);
    s.restore(Restorable::Committee, "Arbejdsgruppen").unwrap();
    assert_eq!(s.tasks(&Default::default()).unwrap().len(), 1);
    assert_eq!(s.topics(None).unwrap().len(), 1);
}

#[test]
fn a_restore_is_refused_while_what_it_belongs_to_is_deleted() {
    let dir = temp();
    let (mut s, clock) = new_store(dir.path(), "a");
    s.add_initiative(steerco_store::ops::initiative::NewInitiative {
        code: "1.1".into(),
        title: "Initiative 1.1".into(),
        ..Default::default()
    })
    .unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let milestone = s.add_milestone("1.1", "Pilot", day, false).unwrap();
    s.add_committee("Arbejdsgruppen", "working", None, None)
        .unwrap();
    let task = s
        .add_task(steerco_store::ops::task::NewTask {
            title: "Skriv udkast".into(),
            committee: Some("Arbejdsgruppen".into()),
            ..Default::default()
        })
        .unwrap();
    let topic = s.add_topic("Arbejdsgruppen", "Datadeling", None).unwrap();
    // Each deleted on its own first, then what it belongs to.
    s.delete_milestone(&milestone).unwrap();
    s.delete_task(&task).unwrap();
    s.delete_topic(&topic).unwrap();
    clock.advance(10);
    s.delete_initiative("1.1").unwrap();
    s.delete_committee("Arbejdsgruppen").unwrap();
    clock.advance(10);
    let before = s.all_changes().unwrap().len();
    for (what, id, parent) in [
        (Restorable::Milestone, &milestone, "initiative"),
        (Restorable::Task, &task, "committee"),
        (Restorable::Topic, &topic, "committee"),
    ] {
        let err = s.restore(what, id).unwrap_err();
        assert!(
            matches!(&err, StoreError::NotFound { kind, .. } if kind.to_string() == parent),
            "{what}: {err:?}"
        );
    }
    assert_eq!(s.all_changes().unwrap().len(), before, "nothing written");
    // Once the parents are back, so can they be.
    s.restore_initiative("1.1").unwrap();
    s.restore(Restorable::Committee, "Arbejdsgruppen").unwrap();
    s.restore(Restorable::Milestone, &milestone).unwrap();
    s.restore(Restorable::Task, &task).unwrap();
    s.restore(Restorable::Topic, &topic).unwrap();
}
