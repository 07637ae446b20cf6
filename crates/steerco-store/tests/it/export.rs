//! The canonical export: deterministic, free of local state, and a full round trip.

use steerco_domain::{Dimension, Rag};
use steerco_store::ops::initiative::NewInitiative;
use steerco_store::ops::status::NewStatus;
use steerco_store::{export, RowChange, Store};

use crate::{new_store, temp, ws_path, TestClock};

fn rows() -> Vec<RowChange> {
    vec![
        RowChange::insert("focus_area", "fa-2")
            .set("number", 2)
            .set("name_da", "To")
            .set("name_en_verified", false),
        RowChange::insert("focus_area", "fa-1")
            .set("number", 1)
            .set("name_da", "Et")
            .set("name_en_verified", true),
        RowChange::insert("initiative", "in-1")
            .set("code", "1.1")
            .set("title", "Første")
            .set("focus_area_id", "fa-1"),
        RowChange::insert("initiative", "in-2")
            .set("code", "2.1")
            .set("title", "Anden")
            .set("focus_area_id", "fa-2"),
    ]
}

#[test]
fn same_content_in_different_orders_exports_identically() {
    let dir = temp();
    let (mut a, _) = new_store(dir.path(), "a");
    a.write(rows()).unwrap();

    // B: reverse dependency-safe order, one row per transaction, later clock,
    // with intermediate values that are overwritten, and a row added then deleted.
    let (mut b, clock) = new_store(dir.path(), "b");
    clock.set("2027-01-01T00:00:00Z");
    let r = rows();
    for c in [&r[1], &r[0]] {
        b.write(vec![c.clone()]).unwrap();
    }
    b.write(vec![RowChange::insert("initiative", "in-2")
        .set("code", "2.1")
        .set("title", "Udkast")
        .set("focus_area_id", "fa-1")])
        .unwrap();
    b.write(vec![r[2].clone()]).unwrap();
    b.write(vec![RowChange::update("initiative", "in-2")
        .set("title", "Anden")
        .set("focus_area_id", "fa-2")])
        .unwrap();
    b.write(vec![
        RowChange::insert("initiative", "in-tmp").set("code", "9.9")
    ])
    .unwrap();
    b.write(vec![RowChange::delete("initiative", "in-tmp")])
        .unwrap();

    let ea = a.export_json().unwrap();
    let eb = b.export_json().unwrap();
    assert_eq!(ea, eb);
    assert_ne!(a.replica(), b.replica());
    // No local state leaks into the export.
    for secret in [
        a.replica().to_string(),
        "local_setting".into(),
        "hlc".into(),
    ] {
        assert!(!ea.contains(&secret), "export contains {secret}");
    }
}

#[test]
fn export_import_round_trip_restores_the_workspace() {
    let dir = temp();
    let (mut a, _) = new_store(dir.path(), "a");
    a.load_demo().unwrap();
    a.add_initiative(NewInitiative {
        code: "10.1".into(),
        title: "Ny <b>titel</b> med \"citat\" og æøå".into(),
        focus_area: Some(9),
        ..Default::default()
    })
    .unwrap();
    a.add_status(
        "10.1",
        NewStatus {
            dimension: Dimension::Cost,
            rag: Rag::Red,
            reason: Some("Over budget".into()),
            date: None,
            sample: false,
        },
    )
    .unwrap();
    a.set_budget("10.1", 2026, Some(5), None).unwrap();
    let exported = a.export_json().unwrap();

    let clock = TestClock::at("2026-04-01T00:00:00Z");
    let b = export::import_json(&ws_path(dir.path(), "b"), &exported, Box::new(clock)).unwrap();
    assert_eq!(b.export_json().unwrap(), exported);
    assert_ne!(a.replica(), b.replica(), "an import is a new replica");
    assert_eq!(b.portfolio().unwrap().known, a.portfolio().unwrap().known);
}

#[test]
fn a_bad_export_creates_nothing() {
    let dir = temp();
    let clock = || Box::new(TestClock::at("2026-04-01T00:00:00Z"));
    let (a, _) = new_store(dir.path(), "a");
    let good = a.export_json().unwrap();
    let cases = [
        ("not json".to_string(), "not JSON"),
        ("{}".to_string(), "format"),
        (good.replace("\"version\": 1", "\"version\": 7"), "newer"),
        (
            good.replace("\"focus_area\"", "\"spaceship\""),
            "unknown table",
        ),
        (good.replace("\"time_zone\"", "\"colour\""), "no field"),
        (good.replace("\"Test\"", "null"), "may not be empty"),
    ];
    for (i, (text, why)) in cases.iter().enumerate() {
        let path = ws_path(dir.path(), &format!("bad{i}"));
        let err = export::import_json(&path, text, clock()).err().unwrap();
        assert!(err.to_string().contains(why), "case {i}: {err}");
        assert!(!path.exists(), "case {i}: a refused import leaves no file");
    }
    // Into an existing file: refused.
    let err = export::import_json(&ws_path(dir.path(), "a"), &good, clock())
        .err()
        .unwrap();
    assert_eq!(err.code(), "already_exists");
    let _ = Store::open(&ws_path(dir.path(), "a"), clock()).unwrap();
}
