//! The demo shows every view: committees with members, an approved meeting
//! with minutes, decisions and actions open and done, a draft meeting to
//! come, all marked sample; and two replicas that create it meet in the same
//! rows. Its dashboard opens as of its latest status date.

use chrono::{Datelike, NaiveDate, Weekday};
use steerco_store::demo::{past_meeting_id, upcoming_day, upcoming_meeting_id};
use steerco_store::ops::meeting::TaskFilter;

use crate::{new_store, temp};

#[test]
fn the_demo_has_committee_work_all_of_it_sample() {
    let dir = temp();
    let (mut s, _) = new_store(dir.path(), "a");
    s.load_demo().unwrap();

    let committees = s.committees().unwrap();
    let kinds: Vec<&str> = committees.iter().map(|c| c.kind.as_str()).collect();
    for kind in ["portfolio", "steering", "working"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    assert!(committees.iter().all(|c| c.members.len() >= 3));
    assert!(committees
        .iter()
        .any(|c| c.initiatives.contains(&"1.1".to_string())));
    // Every row of a table with a sample flag has it set (but the tester).
    let all = s.export_value().unwrap();
    for (table, rows) in all["tables"].as_object().unwrap() {
        for row in rows.as_array().unwrap() {
            if row.get("sample").is_some() && row["name"] != "Tester" {
                assert_eq!(row["sample"], 1, "{table}: {row}");
            }
        }
    }
    for table in [
        "committee",
        "committee_member",
        "meeting",
        "outcome",
        "agenda_item",
    ] {
        assert!(
            !all["tables"][table].as_array().unwrap().is_empty(),
            "{table}"
        );
    }

    // The approved meeting: its approval holds the minutes as recorded.
    let past = s.meeting(&past_meeting_id()).unwrap();
    assert_eq!(past.state, "approved");
    assert!(past.items.len() >= 3);
    let hash = s.approved_minutes_hash(&past.id).unwrap();
    assert_eq!(hash, Some(s.minutes_hash(&past.id).unwrap()));
    assert!(hash.unwrap().starts_with("v2:"));
    assert_eq!(past.events.last().unwrap().to_state, "approved");
    let kinds: Vec<&str> = past
        .items
        .iter()
        .flat_map(|i| &i.outcomes)
        .map(|o| o.kind.as_str())
        .collect();
    for kind in ["note", "decision", "action"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    assert!(s.decisions().unwrap().len() >= 2);
    let tasks = s.tasks(&TaskFilter::default()).unwrap();
    assert!(tasks.iter().any(|t| t.state == "done"));
    assert!(tasks.iter().any(|t| t.state != "done"));

    // The meeting to come: in draft, a weekday a few days on, 10:00 local.
    let next = s.meeting(&upcoming_meeting_id()).unwrap();
    assert_eq!(next.state, "draft");
    // The clock is at 2026-03-01 (a Sunday): the Wednesday after, 10:00 CET.
    assert_eq!(next.starts_at, "2026-03-04T09:00:00Z");
    assert!(next.follow_up.iter().any(|t| t.state != "done"));
    assert!(next.attendance.len() >= 3);

    assert!(s.conflicts().unwrap().iter().all(|c| c.resolved));
}

#[test]
fn the_next_meeting_falls_on_a_weekday() {
    for day in 1..=14 {
        let today = NaiveDate::from_ymd_opt(2026, 6, day).unwrap();
        let next = upcoming_day(today);
        assert!(!matches!(next.weekday(), Weekday::Sat | Weekday::Sun));
        assert!((3..=5).contains(&(next - today).num_days()), "{today}");
    }
}

#[test]
fn two_replicas_that_create_the_demo_meet_in_the_same_rows() {
    let dir = temp();
    let (mut a, _) = new_store(dir.path(), "a");
    let (mut b, _) = new_store(dir.path(), "b");
    a.load_demo().unwrap();
    b.load_demo().unwrap();
    // The same rows, ids and values (the workspaces share their id here).
    assert_eq!(a.export_value().unwrap(), b.export_value().unwrap());
    assert_eq!(
        a.minutes_hash(&past_meeting_id()).unwrap(),
        b.minutes_hash(&past_meeting_id()).unwrap()
    );
}

#[test]
fn the_demo_dashboard_opens_as_of_its_latest_status_date() {
    let dir = temp();
    let (mut s, _) = new_store(dir.path(), "a");
    assert_eq!(s.dashboard().unwrap().sample_status_date, None);
    s.load_demo().unwrap();
    let today = s.dashboard().unwrap();
    let at = today
        .sample_status_date
        .clone()
        .expect("a sample workspace");
    assert_eq!(at, "2017-12-15");
    assert!(today.initiatives.iter().all(|i| i.overall.rag == "grey"));
    let then = s.dashboard_as_of(Some(at.parse().unwrap())).unwrap();
    assert_eq!(then.today, at);
    assert!(then.initiatives.iter().any(|i| i.overall.rag != "grey"));
    // Overdue as of that day: the action due the day before, not yet done.
    assert_eq!(then.overdue_actions.len(), 1);
    assert!(then.overdue_actions.iter().all(|t| t.overdue));
}
