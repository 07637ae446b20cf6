//! Tasks of their own between replicas: an own task (no meeting) merges,
//! concurrent comments on one task both survive (append-only, a union), and
//! a delete and its undo travel like any other change.

use steerco_store::merge::ChangeRecord;
use steerco_store::ops::meeting::TaskFilter;
use steerco_store::ops::task::{NewTask, TaskEdit};
use steerco_store::{RowChange, Store};

use super::{new_store, temp, ws_path, TestClock};

/// `b` joins from everything `a` has.
fn join(dir: &std::path::Path, a: &Store) -> (Store, TestClock) {
    let clock = TestClock::at("2026-03-01T09:00:30Z");
    let mut b = Store::create_for_join(&ws_path(dir, "b"), Box::new(clock.clone())).unwrap();
    b.merge(&a.all_changes().unwrap()).unwrap();
    b.set_me("Tester").unwrap();
    (b, clock)
}

/// Both ways until nothing moves.
fn exchange(a: &mut Store, b: &mut Store) {
    for _ in 0..4 {
        let to_b: Vec<ChangeRecord> = a.all_changes().unwrap();
        let moved_b = b.merge(&to_b).unwrap().applied;
        let to_a: Vec<ChangeRecord> = b.all_changes().unwrap();
        let moved_a = a.merge(&to_a).unwrap().applied;
        if moved_a + moved_b == 0 {
            return;
        }
    }
    panic!("no quiet round");
}

fn board(a: &mut Store) {
    a.write(vec![RowChange::insert("committee", "c1")
        .set("name", "Styregruppe")
        .set("kind", "steering")
        .set("sample", false)])
        .unwrap();
}

#[test]
fn an_own_task_and_concurrent_comments_merge() {
    let dir = temp();
    let (mut a, clock_a) = new_store(dir.path(), "a");
    board(&mut a);
    let task = a
        .add_task(NewTask {
            title: "Skriv udkast til budget".into(),
            owner: Some("Tester".into()),
            due: Some("2026-02-20".parse().unwrap()),
            committee: Some("Styregruppe".into()),
            description: Some("Første linje\nAnden linje".into()),
            ..Default::default()
        })
        .unwrap();
    let (mut b, clock_b) = join(dir.path(), &a);
    let on_b = b.task(&task).unwrap();
    assert!(on_b.task.own && on_b.task.meeting_id.is_none());
    assert!(on_b.task.overdue, "due before 2026-03-01 and not done");
    assert_eq!(
        b.dashboard().unwrap().overdue_actions.len(),
        1,
        "an own task is an overdue action on the dashboard"
    );

    // Both comment at once, and one of them corrects the title meanwhile.
    clock_a.advance(1000);
    clock_b.advance(1000);
    a.comment_task(&task, "Jeg tager den").unwrap();
    b.comment_task(&task, "Husk bilag 3").unwrap();
    b.edit_task(
        &task,
        TaskEdit {
            title: Some("Skriv budgetudkast".into()),
            ..Default::default()
        },
    )
    .unwrap();
    b.set_task_state(&task, "done").unwrap();
    exchange(&mut a, &mut b);

    let (ta, tb) = (a.task(&task).unwrap(), b.task(&task).unwrap());
    let texts = |d: &steerco_store::ops::task::TaskDetail| {
        d.comments
            .iter()
            .map(|c| c.text.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(texts(&ta), vec!["Jeg tager den", "Husk bilag 3"]);
    assert_eq!(texts(&ta), texts(&tb), "one order on both");
    assert_eq!(ta.task.comments, 2);
    assert_eq!(ta.task.text, "Skriv budgetudkast");
    assert_eq!(ta.task.state, "done");
    assert_eq!(
        serde_json::to_value(&ta).unwrap(),
        serde_json::to_value(&tb).unwrap()
    );
    assert!(a.conflicts().unwrap().is_empty(), "a union, no conflict");

    // A delete, and its undo, reach the other replica.
    a.delete_task(&task).unwrap();
    exchange(&mut a, &mut b);
    assert!(b.tasks(&TaskFilter::default()).unwrap().is_empty());
    b.write(vec![RowChange::restore("outcome", task.clone())])
        .unwrap();
    exchange(&mut a, &mut b);
    let back = a.task(&task).unwrap();
    assert_eq!(
        texts(&back),
        vec!["Jeg tager den", "Husk bilag 3"],
        "comments came back with it"
    );
}

#[test]
fn an_own_task_is_found_by_search_without_a_meeting() {
    let dir = temp();
    let (mut a, _clock) = new_store(dir.path(), "a");
    board(&mut a);
    a.add_task(NewTask {
        title: "Bestil lokale til temadag".into(),
        committee: Some("c1".into()),
        ..Default::default()
    })
    .unwrap();
    let hits = a.search("temadag", 10).unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].meeting_id, None);
    assert_eq!(hits[0].committee, "Styregruppe");
}
