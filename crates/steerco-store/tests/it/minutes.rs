//! Approved minutes: an approval recorded with the old (v1) hash, which
//! covered each action's task state, upgrades without a false conflict and
//! without taking a later edit as approved.

use sha2::{Digest, Sha256};
use steerco_store::merge::Resolution;
use steerco_store::{RowChange, Store};

use crate::{new_store, temp, ws_path, TestClock};

/// The approval hash as versions before schema 10 computed it: SHA-256 of the
/// meeting view's attendance and agenda items (task states included).
fn v1_hash(store: &Store, meeting: &str) -> String {
    let view = store.meeting(meeting).unwrap();
    let bytes = serde_json::to_vec(&(&view.attendance, &view.items)).unwrap();
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A closed meeting with a note and an action written as before schema 10
/// (no decided owner or due date on the outcome): (meeting, note, action).
fn old_meeting(store: &mut Store, clock: &TestClock, title: &str) -> (String, String, String) {
    let at = store.parse_datetime("2026-03-02T10:00").unwrap();
    let m = store.add_meeting("Styregruppen", title, at, 90).unwrap();
    let item = store
        .add_agenda_item(&m, "Status", None, None, None, false)
        .unwrap();
    store.set_meeting_state(&m, "open", None).unwrap();
    store.set_meeting_state(&m, "in-progress", None).unwrap();
    clock.advance(1000);
    let note = store
        .add_outcome(
            &m,
            "2",
            steerco_store::ops::meeting::NewOutcome::Note("Status taget til efterretning".into()),
        )
        .unwrap();
    let committee = store.find_committee("Styregruppen").unwrap();
    let bo = store.find_person("Bo").unwrap().id;
    let action = format!("{title}-action");
    store
        .write(vec![RowChange::insert("outcome", action.clone())
            .set("meeting_id", m.clone())
            .set("agenda_item_id", item)
            .set("kind", "action")
            .set("text", "Lav en plan for datadeling")
            .set("recorded_at", "2026-03-02T10:30:00.000Z")
            .set("owner_id", bo)
            .set("due_date", "2026-04-01")
            .set("task_state", "todo")
            .set("board_committee_id", committee)])
        .unwrap();
    store.set_meeting_state(&m, "closed", None).unwrap();
    (m, note, action)
}

/// Approve as versions before schema 10 did: the v1 hash, no record.
fn approve_v1(store: &mut Store, clock: &TestClock, meeting: &str) -> String {
    clock.advance(1000);
    let hash = v1_hash(store, meeting);
    store
        .write(vec![
            RowChange::update("meeting", meeting.to_string())
                .set("state", "approved")
                .set("approved_at", "2026-03-02T12:00:00.000Z")
                .set("minutes_hash", hash.clone()),
            RowChange::insert("meeting_event", format!("{meeting}-approved"))
                .set("meeting_id", meeting.to_string())
                .set("from_state", "closed")
                .set("to_state", "approved")
                .set("recorded_at", "2026-03-02T12:00:00.000Z"),
        ])
        .unwrap();
    clock.advance(1000);
    hash
}

/// The conflict an old version recorded when approved minutes' v1 hash
/// changed (as `flag_changed_approved_minutes` wrote it then).
fn old_conflict(store: &mut Store, id: &str, meeting: &str, approved: &str) {
    let stamp: String = store
        .all_changes()
        .unwrap()
        .into_iter()
        .rev()
        .find(|c| c.row_id == meeting && c.fields.contains_key("minutes_hash"))
        .unwrap()
        .hlc;
    let now = v1_hash(store, meeting);
    store
        .write(vec![RowChange::insert("conflict", id.to_string())
            .set("tbl", "meeting")
            .set("row_id", meeting.to_string())
            .set("field", "minutes")
            .set("winner_hlc", stamp)
            .set("winner_value", approved.to_string())
            .set("loser_hlc", "0000000000000-0000-00000000000000ff")
            .set(
                "loser_value",
                format!("changed after approval (minutes now {now})"),
            )
            .set("resolved", 0)])
        .unwrap();
}

fn open_conflicts(store: &Store) -> Vec<steerco_store::merge::Conflict> {
    store
        .conflicts()
        .unwrap()
        .into_iter()
        .filter(|c| !c.resolved)
        .collect()
}

#[test]
fn a_v1_approval_upgrades_from_the_log_and_its_false_conflict_is_settled() {
    let dir = temp();
    let (mut store, clock) = new_store(dir.path(), "a");
    store
        .add_committee("Styregruppen", "steering", None, None)
        .unwrap();
    store.add_person("Bo", false).unwrap();
    store.add_person("Anne", false).unwrap();

    // Meeting 1: approved, then its action moved on (done, reassigned):
    // under v1 every replica saw that as changed minutes.
    // (All three are written first: later state moves would settle.)
    let (m1, _, action) = old_meeting(&mut store, &clock, "Møde 1");
    let (m2, note, _) = old_meeting(&mut store, &clock, "Møde 2");
    let (m3, _, _) = old_meeting(&mut store, &clock, "Møde 3");
    let v1 = approve_v1(&mut store, &clock, &m1);
    let approved_v2_then = store.minutes_hash(&m1).unwrap();
    store.set_task_state(&action, "done").unwrap();
    let may = chrono::NaiveDate::from_ymd_opt(2026, 5, 1);
    store.reassign_task(&action, Some("Anne"), may).unwrap();
    assert_ne!(v1_hash(&store, &m1), v1, "v1 covered the task's state");
    old_conflict(&mut store, "false-conflict", &m1, &v1);

    // Meeting 2: approved, then its note's text was changed by a replica
    // that had not seen the approval: a true change, stamped after it.
    let v1_m2 = approve_v1(&mut store, &clock, &m2);
    store
        .write(vec![
            RowChange::update("outcome", note.clone()).set("text", "Ændret efter godkendelsen")
        ])
        .unwrap();
    old_conflict(&mut store, "true-conflict", &m2, &v1_m2);

    // Meeting 3: approved and untouched since.
    approve_v1(&mut store, &clock, &m3);
    assert_eq!(open_conflicts(&store).len(), 2);
    let changes_before = store.change_count().unwrap();
    drop(store);

    // The upgrade runs when the workspace opens.
    let mut store = Store::open(&ws_path(dir.path(), "a"), Box::new(clock.clone())).unwrap();
    let open = open_conflicts(&store);
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(open[0].id, "true-conflict");
    let settled = store
        .conflicts()
        .unwrap()
        .into_iter()
        .find(|c| c.id == "false-conflict")
        .unwrap();
    assert_eq!(settled.resolution.as_deref(), Some("unchanged"));

    // The approvals were converted locally: the synced hashes stay as they
    // were approved (no rewrite to coordinate), only the settlement was written.
    assert_eq!(
        store.meeting(&m1).unwrap().minutes_hash.as_deref(),
        Some(v1.as_str())
    );
    let written: Vec<_> = store
        .all_changes()
        .unwrap()
        .into_iter()
        .skip(changes_before as usize)
        .collect();
    assert!(written.iter().all(|c| c.tbl != "meeting"), "{written:?}");
    // Meeting 1's approval in v2 covers the minutes as they were approved:
    // the action's task moved on, the minutes did not.
    let m1_v2 = store.approved_minutes_hash(&m1).unwrap().unwrap();
    assert!(m1_v2.starts_with("v2:"), "{m1_v2}");
    assert_eq!(m1_v2, approved_v2_then);
    assert_eq!(store.minutes_hash(&m1).unwrap(), m1_v2);
    let owners: Vec<_> = store.meeting(&m1).unwrap().items[1]
        .outcomes
        .iter()
        .map(|o| o.owner.clone())
        .collect();
    assert!(
        owners.contains(&Some("Bo".into())),
        "the minutes keep the decided owner: {owners:?}"
    );
    // Meeting 3 unchanged since approval: its v2 is the minutes now.
    assert_eq!(
        store.approved_minutes_hash(&m3).unwrap(),
        Some(store.minutes_hash(&m3).unwrap())
    );

    // Meeting 2: the late edit is not taken as approved. The conflict says
    // what changed, in parts, without hashes.
    let m2_v2 = store.approved_minutes_hash(&m2).unwrap().unwrap();
    assert_ne!(store.minutes_hash(&m2).unwrap(), m2_v2);
    let changes = &open[0].minutes_changes;
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(
        (
            changes[0].part.as_str(),
            changes[0].field.as_str(),
            changes[0].approved.as_deref(),
            changes[0].now.as_deref()
        ),
        (
            "note",
            "text",
            Some("Status taget til efterretning"),
            Some("Ændret efter godkendelsen")
        )
    );
    // Accepting needs a reopen; keeping the approved minutes reverts the
    // edit with a new change, the meeting stays approved.
    let err = store
        .resolve_conflict("true-conflict", Resolution::Change)
        .unwrap_err();
    assert!(err.to_string().contains("reopen"), "{err}");
    store
        .resolve_conflict("true-conflict", Resolution::Approved)
        .unwrap();
    assert!(open_conflicts(&store).is_empty());
    let view = store.meeting(&m2).unwrap();
    assert_eq!(view.state, "approved");
    assert_eq!(
        view.items[1].outcomes[0].text,
        "Status taget til efterretning"
    );
    assert_eq!(store.minutes_hash(&m2).unwrap(), m2_v2);
}

#[test]
fn progress_on_an_action_is_not_a_change_to_the_minutes() {
    let dir = temp();
    let (mut store, clock) = new_store(dir.path(), "a");
    store
        .add_committee("Styregruppen", "steering", None, None)
        .unwrap();
    store.add_person("Bo", false).unwrap();
    store.add_person("Anne", false).unwrap();
    let at = store.parse_datetime("2026-03-02T10:00").unwrap();
    let m = store.add_meeting("Styregruppen", "Møde", at, 90).unwrap();
    store
        .add_agenda_item(&m, "Status", None, None, None, false)
        .unwrap();
    store.set_meeting_state(&m, "open", None).unwrap();
    store.set_meeting_state(&m, "in-progress", None).unwrap();
    let task = store
        .add_outcome(
            &m,
            "2",
            steerco_store::ops::meeting::NewOutcome::Action {
                text: "Lav en plan".into(),
                owner: "Bo".into(),
                due: chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
            },
        )
        .unwrap();
    store.set_meeting_state(&m, "closed", None).unwrap();
    clock.advance(1000);
    store.set_meeting_state(&m, "approved", None).unwrap();
    let approved = store.meeting(&m).unwrap().minutes_hash.unwrap();
    assert!(approved.starts_with("v2:"), "{approved}");

    store.set_task_state(&task, "done").unwrap();
    store
        .reassign_task(
            &task,
            Some("Anne"),
            Some(chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()),
        )
        .unwrap();
    assert_eq!(store.minutes_hash(&m).unwrap(), approved);
    let view = store.meeting(&m).unwrap();
    let action = &view.items[1].outcomes[0];
    assert_eq!(
        (action.owner.as_deref(), action.due_date.as_deref()),
        (Some("Bo"), Some("2026-04-01")),
        "the minutes say what was decided"
    );
    let tasks = store.tasks(&Default::default()).unwrap();
    assert_eq!(
        (tasks[0].owner.as_deref(), tasks[0].due_date.as_deref()),
        (Some("Anne"), Some("2026-06-01")),
        "the task has its own"
    );
    // Renaming a person is no change to the minutes either.
    let bo = store.find_person("Bo").unwrap().id;
    store
        .write(vec![RowChange::update("person", bo).set("name", "Bo Bosen")])
        .unwrap();
    assert_eq!(store.minutes_hash(&m).unwrap(), approved);
}
