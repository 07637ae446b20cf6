//! A hostile member (issue #16): someone with the passphrase can put any
//! change batch in the folder. At the level of `Store::merge`: far-future
//! stamps, words and operations this version rejects, edits of append-only
//! rows, approvals without their event. The merge never stops, the honest
//! changes in the same batch apply, and each hostile change waits, visibly,
//! with its reason. Also: two handles on one file never stamp below each
//! other (the app and the CLI).

use chrono::Duration;
use serde_json::{json, Value as Json};
use steerco_store::merge::{ChangeRecord, WaitKind, MAX_AHEAD_MS};
use steerco_store::{RowChange, Store};

use super::{new_store, temp, ws_path, TestClock};

const NOW_MS: i64 = 1_772_355_600_000; // 2026-03-01T09:00:00Z, new_store's clock
const HOSTILE: &str = "00000000000000e1";
const HONEST: &str = "00000000000000b1";

fn stamp(millis: i64, replica: &str) -> String {
    format!("{millis:013}-0000-{replica}")
}

fn rec(hlc: String, op: &str, tbl: &str, row: &str, fields: Json) -> ChangeRecord {
    ChangeRecord {
        hlc,
        author_id: None,
        tbl: tbl.into(),
        row_id: row.into(),
        op: op.into(),
        fields: fields.as_object().cloned().unwrap_or_default(),
        prev: None,
    }
}

/// A workspace with a committee, a closed meeting and its last state event.
fn workspace(dir: &std::path::Path) -> (Store, TestClock) {
    let (mut s, clock) = new_store(dir, "a");
    s.write(vec![
        RowChange::insert("committee", "c1")
            .set("name", "Styregruppe")
            .set("kind", "steering")
            .set("sample", false),
        RowChange::insert("meeting", "m1")
            .set("committee_id", "c1")
            .set("title", "Møde")
            .set("starts_at", "2026-03-01T08:00:00Z")
            .set("duration_min", 60)
            .set("state", "closed")
            .set("sample", false)
            .set("cancelled", false),
        RowChange::insert("agenda_item", "x1")
            .set("meeting_id", "m1")
            .set("position", "a0")
            .set("title", "Status")
            .set("closed", false)
            .set("kind", "item"),
        RowChange::insert("meeting_event", "e1")
            .set("meeting_id", "m1")
            .set("from_state", "in_progress")
            .set("to_state", "closed")
            .set("recorded_at", "2026-03-01T08:59:00Z"),
    ])
    .unwrap();
    clock.advance(1000);
    (s, clock)
}

fn value(s: &Store, tbl: &str, row: &str, field: &str) -> Json {
    s.field_value(tbl, row, field)
        .unwrap()
        .unwrap_or(Json::Null)
}

#[test]
fn a_hostile_members_changes_wait_visibly_and_the_rest_applies() {
    let dir = temp();
    let (mut a, clock) = workspace(dir.path());
    let h = |ms: i64| stamp(NOW_MS + ms, HOSTILE);
    let day = 24 * 3_600_000;
    let batch = vec![
        rec(
            stamp(NOW_MS + 1, HONEST),
            "update",
            "meeting",
            "m1",
            json!({"location": "Lokale 1"}),
        ),
        rec(
            h(30 * day),
            "update",
            "meeting",
            "m1",
            json!({"title": "from the future"}),
        ),
        rec(h(2), "update", "committee", "c1", json!({"kind": "board"})),
        rec(
            h(3),
            "update",
            "meeting",
            "m1",
            json!({"duration_min": "long"}),
        ),
        rec(
            h(4),
            "merge_into",
            "meeting",
            "m1",
            json!({"title": "merged"}),
        ),
        rec(
            h(5),
            "update",
            "meeting_event",
            "e1",
            json!({"reason": "forged"}),
        ),
        rec(h(6), "delete", "meeting_event", "e1", json!({"deleted": 1})),
        rec(
            h(7),
            "insert",
            "meeting_event",
            "e1",
            json!({"meeting_id": "m1", "from_state": "closed", "to_state": "approved", "recorded_at": "2026-03-01T09:00:00Z"}),
        ),
        rec(
            h(8),
            "update",
            "meeting",
            "m1",
            json!({"state": "approved", "approved_at": "2026-03-01T09:00:00Z", "minutes_hash": "v2:00"}),
        ),
        rec(
            "not a stamp".into(),
            "update",
            "meeting",
            "m1",
            json!({"title": "x"}),
        ),
        rec(
            h(9),
            "update",
            "meeting",
            "m1",
            json!({"title": ["a", "list"]}),
        ),
        rec(
            h(10),
            "delete",
            "meeting",
            "m1",
            json!({"deleted": 1, "title": "gone"}),
        ),
        rec(h(11), "update", "meeting", "m1", json!({"deleted": 1})),
        rec(
            stamp(NOW_MS + 12, HONEST),
            "update",
            "committee",
            "c1",
            json!({"name": "Ny styregruppe"}),
        ),
        rec(
            stamp(NOW_MS + 13, HONEST),
            "insert",
            "person",
            "p2",
            json!({"name": "Bent", "sample": false}),
        ),
    ];
    let report = a
        .merge(&batch)
        .expect("a hostile batch never stops the merge");
    assert_eq!(
        (report.applied, report.pending),
        (3, 12),
        "{report:?} {:#?}",
        a.waiting_changes(100)
    );
    // The honest changes applied; none of the hostile ones did.
    assert_eq!(value(&a, "meeting", "m1", "location"), "Lokale 1");
    assert_eq!(value(&a, "committee", "c1", "name"), "Ny styregruppe");
    assert_eq!(value(&a, "person", "p2", "name"), "Bent");
    assert_eq!(value(&a, "meeting", "m1", "title"), "Møde");
    assert_eq!(value(&a, "meeting", "m1", "state"), "closed");
    assert_eq!(value(&a, "meeting", "m1", "deleted"), 0);
    assert_eq!(value(&a, "meeting", "m1", "duration_min"), 60);
    assert_eq!(value(&a, "committee", "c1", "kind"), "steering");
    assert_eq!(value(&a, "meeting_event", "e1", "reason"), Json::Null);
    assert_eq!(value(&a, "meeting_event", "e1", "to_state"), "closed");
    // Each waits with its reason, in the sync status too.
    let status = a.sync_status().unwrap();
    assert_eq!(status.pending, 12);
    let kinds: Vec<(String, WaitKind)> = status
        .waiting
        .iter()
        .map(|w| (w.stamp.clone(), w.kind))
        .collect();
    let kind_of = |hlc: &str| kinds.iter().find(|(s, _)| s == hlc).map(|(_, k)| *k);
    assert_eq!(kind_of(&h(30 * day)), Some(WaitKind::ClockAhead));
    for newer in [h(2), h(3), h(4)] {
        assert_eq!(kind_of(&newer), Some(WaitKind::NewerVersion), "{newer}");
    }
    for refused in [h(5), h(6), h(7), h(8), h(9), h(10), h(11)] {
        assert_eq!(kind_of(&refused), Some(WaitKind::Refused), "{refused}");
    }
    assert_eq!(kind_of("not a stamp"), Some(WaitKind::Refused));
    let approval = status.waiting.iter().find(|w| w.stamp == h(8)).unwrap();
    assert!(
        approval.reason.contains("without its meeting event"),
        "{approval:?}"
    );
    // The far-future stamp did not move this clock: a local edit now is
    // stamped now.
    let written = a
        .write(vec![
            RowChange::update("committee", "c1").set("name", "Lokal")
        ])
        .unwrap();
    assert!(written.stamps[0].millis < NOW_MS + MAX_AHEAD_MS);
    // Sent again: nothing new, nothing applied twice.
    let again = a.merge(&batch).unwrap();
    assert_eq!((again.applied, again.pending), (0, 12), "{again:?}");
    // Retried on every sync: once the clock has caught up, the change stamped
    // ahead applies (and only it).
    clock.advance(30 * day);
    let retried = a.retry_pending().unwrap();
    assert_eq!((retried.applied, retried.pending), (1, 11), "{retried:?}");
    assert_eq!(value(&a, "meeting", "m1", "title"), "from the future");
}

#[test]
fn a_stamp_hours_ahead_never_hides_the_replicas_later_changes() {
    let dir = temp();
    let (mut a, _clock) = workspace(dir.path());
    // 23 hours ahead: applies (the clock guard names the replica)...
    let ahead = rec(
        stamp(NOW_MS + 23 * 3_600_000, HONEST),
        "update",
        "meeting",
        "m1",
        json!({"location": "ahead"}),
    );
    let report = a.merge(&[ahead]).unwrap();
    assert_eq!(report.applied, 1);
    assert_eq!(report.clock_ahead[0].0, HONEST);
    // ...and a later change of the same replica, stamped lower (its clock was
    // put right), still applies: the cursor is not the highest stamp seen.
    let later = rec(
        stamp(NOW_MS + 5000, HONEST),
        "update",
        "committee",
        "c1",
        json!({"name": "corrected"}),
    );
    let report = a.merge(&[later]).unwrap();
    assert_eq!((report.applied, report.skipped), (1, 0), "{report:?}");
    assert_eq!(value(&a, "committee", "c1", "name"), "corrected");
}

#[test]
fn a_real_approval_applies_with_its_event() {
    let dir = temp();
    let (mut a, _clock) = workspace(dir.path());
    let mut b = Store::create_for_join(
        &ws_path(dir.path(), "b"),
        Box::new(TestClock::at("2026-03-01T09:00:10Z")),
    )
    .unwrap();
    b.merge(&a.all_changes().unwrap()).unwrap();
    a.set_meeting_state("m1", "approved", None).unwrap();
    // The approval's batch: the meeting's update, then its event.
    let log = a.all_changes().unwrap();
    let tail = &log[log.len() - 2..];
    assert_eq!(
        (tail[0].tbl.as_str(), tail[1].tbl.as_str()),
        ("meeting", "meeting_event")
    );
    let report = b.merge(tail).unwrap();
    assert_eq!((report.applied, report.pending), (2, 0), "{report:?}");
    assert_eq!(value(&b, "meeting", "m1", "state"), "approved");
    assert!(b.conflicts().unwrap().is_empty());
    // The same approval with another hash waits: its event does not match.
    let mut forged = tail[0].clone();
    forged.hlc = stamp(NOW_MS + 60_000, HOSTILE);
    forged.fields.insert("minutes_hash".into(), json!("v2:00"));
    let report = b.merge(&[forged]).unwrap();
    assert_eq!((report.applied, report.pending), (0, 1), "{report:?}");
}

#[test]
fn a_change_applied_later_from_pending_to_approved_minutes_is_flagged() {
    let dir = temp();
    let (mut a, clock) = workspace(dir.path());
    a.set_meeting_state("m1", "approved", None).unwrap();
    assert!(a.conflicts().unwrap().is_empty());
    // An agenda item's title changed by a member whose clock ran 25 hours
    // ahead: it waits, then applies once this clock catches up, and the
    // approved minutes it changes are a conflict, as for any other change.
    let edit = rec(
        stamp(NOW_MS + 25 * 3_600_000, HONEST),
        "update",
        "agenda_item",
        "x1",
        json!({"title": "Status, rettet"}),
    );
    let report = a.merge(&[edit]).unwrap();
    assert_eq!(report.pending, 1);
    clock.advance(2 * 24 * 3_600_000);
    let report = a.retry_pending().unwrap();
    assert_eq!((report.applied, report.pending), (1, 0), "{report:?}");
    assert_eq!(value(&a, "agenda_item", "x1", "title"), "Status, rettet");
    let flagged: Vec<_> = a
        .conflicts()
        .unwrap()
        .into_iter()
        .filter(|c| c.table == "meeting" && c.field == "minutes")
        .collect();
    assert_eq!(flagged.len(), 1, "{flagged:?}");
}

#[test]
fn two_handles_on_one_file_never_stamp_below_each_other() {
    let dir = temp();
    let (first, clock) = new_store(dir.path(), "a");
    drop(first);
    let path = ws_path(dir.path(), "a");
    // The app's handle and the CLI's, the CLI's clock an hour behind.
    let mut app = Store::open(&path, Box::new(clock.clone())).unwrap();
    let behind = TestClock::at("2026-03-01T08:00:00Z");
    let mut cli = Store::open(&path, Box::new(behind.clone())).unwrap();
    let mut last = None;
    for turn in 0..4 {
        let (store, name) = if turn % 2 == 0 {
            (&mut app, "app")
        } else {
            (&mut cli, "cli")
        };
        let written = store
            .write(vec![RowChange::insert("person", format!("p{turn}"))
                .set("name", format!("{name} {turn}"))
                .set("sample", false)])
            .unwrap();
        let stamp = written.stamps[0];
        if let Some(before) = last {
            assert!(
                stamp > before,
                "turn {turn}: {stamp:?} not after {before:?}"
            );
        }
        last = Some(stamp);
        clock.advance(10);
        behind.advance(Duration::milliseconds(10).num_milliseconds());
    }
}

/// A change that reuses another row's stamp (one merge, the forged one
/// first) does not make the real change of that stamp look applied already.
#[test]
fn a_stamp_reused_on_another_row_hides_nothing() {
    let dir = temp();
    let (mut s, _clock) = workspace(dir.path());
    let honest = stamp(NOW_MS - 60_000, HONEST);
    let fields = |name: &str| json!({"number": 7, "name_da": name, "name_en_verified": 0});
    let forged = rec(
        honest.clone(),
        "insert",
        "focus_area",
        "fa-forged",
        fields("Falsk"),
    );
    let real = rec(honest, "insert", "focus_area", "fa-real", fields("Ægte"));
    let report = s.merge(&[forged, real]).unwrap();
    assert_eq!(report.skipped, 0, "{report:?}");
    assert_eq!(value(&s, "focus_area", "fa-real", "name_da"), json!("Ægte"));
}
