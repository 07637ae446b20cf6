//! Focus areas across replicas: concurrent reorders end in one order, and an
//! initiative moved into an area that another replica deleted shows without
//! a focus area (never lost from the portfolio or the counts).

use steerco_store::ops::initiative::{InitiativeEdit, NewInitiative};
use steerco_store::Store;

use super::{new_store, temp};

fn exchange(a: &mut Store, b: &mut Store) {
    for _ in 0..6 {
        let into_b = b.merge(&a.all_changes().unwrap()).unwrap();
        let into_a = a.merge(&b.all_changes().unwrap()).unwrap();
        if into_a.applied + into_b.applied == 0 {
            return;
        }
    }
    panic!("no quiet round after 6 exchanges");
}

fn order(s: &Store) -> Vec<i64> {
    s.focus_area_rows()
        .unwrap()
        .iter()
        .map(|f| f.number)
        .collect()
}

/// Two replicas with focus areas 1, 2 and 3 and initiative 1.1 in area 1.
fn two_replicas(dir: &std::path::Path) -> (Store, Store) {
    let (mut a, _) = new_store(dir, "a");
    let (mut b, clock_b) = new_store(dir, "b");
    // b's clock runs ahead, so of two concurrent edits b's is the later.
    clock_b.advance(30_000);
    for (n, name) in [(1, "Data"), (2, "Borgere"), (3, "Drift")] {
        a.add_focus_area(n, name).unwrap();
    }
    a.add_initiative(NewInitiative {
        code: "1.1".into(),
        title: "Datadeling".into(),
        focus_area: Some(1),
        ..Default::default()
    })
    .unwrap();
    exchange(&mut a, &mut b);
    assert_eq!(order(&b), [1, 2, 3]);
    (a, b)
}

#[test]
fn concurrent_reorders_end_in_one_order_everywhere() {
    let dir = temp();
    let (mut a, mut b) = two_replicas(dir.path());
    a.move_focus_area(3, 1).unwrap();
    b.move_focus_area(1, 3).unwrap();
    assert_eq!(order(&a), [3, 1, 2]);
    assert_eq!(order(&b), [2, 3, 1]);
    exchange(&mut a, &mut b);
    assert_eq!(order(&a), order(&b));
    // A move is not a value anyone typed: no conflict to settle.
    assert!(a.conflicts().unwrap().is_empty());
    // The portfolio follows the one order on both.
    let areas = |s: &Store| -> Vec<i64> {
        s.portfolio()
            .unwrap()
            .focus_areas
            .iter()
            .map(|f| f.number)
            .collect()
    };
    assert_eq!(areas(&a), order(&a));
    assert_eq!(areas(&b), order(&a));
}

#[test]
fn an_initiative_moved_into_an_area_deleted_elsewhere_shows_without_one() {
    let dir = temp();
    let (mut a, mut b) = two_replicas(dir.path());
    a.delete_focus_area(2).unwrap();
    let edit = InitiativeEdit {
        focus_area: Some(Some(2)),
        ..Default::default()
    };
    b.edit_initiative("1.1", edit).unwrap();
    exchange(&mut a, &mut b);
    for s in [&a, &b] {
        assert_eq!(order(s), [1, 3]);
        let p = s.portfolio().unwrap();
        assert_eq!(p.initiatives.len(), 1);
        assert_eq!(p.initiatives[0].focus_area, None);
        let d = s.dashboard().unwrap();
        let last = d.focus_areas.last().unwrap();
        assert_eq!(last.number, None, "a row for no focus area");
        assert_eq!(last.green + last.amber + last.red + last.grey, 1);
    }
}
