//! Reminders on real workspace files with the test clock (a fixed instant
//! given to the store): my tasks N days before they are due and on the
//! day, never another person's or a done one; my committees' meetings the
//! day before; each at most once a day, also across a restart (the store
//! opened again); the person's settings kept and respected.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use steerco_app_core::handlers;
use steerco_app_core::reminders::{self, Reminder, ReminderKind, ReminderSettings};
use steerco_app_core::requests::{RemindersGetRequest, RemindersSetRequest};
use steerco_app_core::session::Session;
use steerco_domain::clock::FixedClock;
use steerco_domain::{Clock, SystemClock};
use steerco_store::ops::task::NewTask;
use steerco_store::{LocalKey, NewWorkspace, Store};

/// 10:00 in Copenhagen on 1 March 2026.
const MORNING: &str = "2026-03-01T09:00:00Z";

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap().into()
}

fn open(path: &Path, now: &str) -> Store {
    Store::open(path, Box::new(FixedClock(at(now)))).unwrap()
}

/// A workspace where this installation is "Tester", a member of the
/// steering group; "Anden" sits on the working group only.
fn workspace(dir: &Path) -> (PathBuf, Store) {
    let path = dir.join("reminders.steerco");
    let clock = Box::new(FixedClock(at(MORNING)));
    let mut s = Store::create(&path, NewWorkspace::default(), clock).unwrap();
    s.set_me("Tester").unwrap();
    s.add_committee("Styregruppen", "steering", None, None)
        .unwrap();
    s.add_committee("Arbejdsgruppen", "working", None, None)
        .unwrap();
    s.add_member("Styregruppen", "Tester", "member").unwrap();
    s.add_member("Arbejdsgruppen", "Anden", "chair").unwrap();
    (path, s)
}

fn task(s: &mut Store, title: &str, owner: Option<&str>, due: &str) -> String {
    s.add_task(NewTask {
        title: title.into(),
        owner: owner.map(str::to_string),
        due: Some(due.parse().unwrap()),
        committee: Some("Styregruppen".into()),
        ..NewTask::default()
    })
    .unwrap()
}

fn meeting(s: &mut Store, committee: &str, title: &str, local: &str) -> String {
    let starts = s.parse_datetime(local).unwrap();
    s.add_meeting(committee, title, starts, 60).unwrap()
}

/// What is due now by the store's clock, with the person's settings.
fn due_now(s: &Store) -> Vec<Reminder> {
    let settings = reminders::settings(s).unwrap();
    reminders::due(s, &settings, s.now()).unwrap()
}

fn kinds(due: &[Reminder]) -> Vec<(ReminderKind, String)> {
    due.iter().map(|r| (r.kind, r.title.clone())).collect()
}

#[test]
fn a_task_of_mine_is_reminded_days_before_and_on_the_day() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut s) = workspace(dir.path());
    let id = task(&mut s, "Budgetnotat", Some("Tester"), "2026-03-04");
    let due = due_now(&s);
    assert_eq!(
        kinds(&due),
        [(ReminderKind::TaskSoon, "Budgetnotat".to_string())]
    );
    assert_eq!(due[0].id, id);
    let da = due[0].notice("da");
    assert_eq!(da.title, "Opgave forfalder om 3 dage");
    assert_eq!(da.body, "Budgetnotat (Styregruppen), forfalder 04.03.2026");
    let en = due[0].notice("en");
    assert_eq!(en.title, "Task due in 3 days");
    assert_eq!(en.body, "Budgetnotat (Styregruppen), due 2026-03-04");
    drop(s);

    // The days in between: nothing; on the day: due today.
    assert!(due_now(&open(&path, "2026-03-02T09:00:00Z")).is_empty());
    assert!(due_now(&open(&path, "2026-03-03T09:00:00Z")).is_empty());
    let on_the_day = due_now(&open(&path, "2026-03-04T07:00:00Z"));
    assert_eq!(
        kinds(&on_the_day),
        [(ReminderKind::TaskToday, "Budgetnotat".to_string())]
    );
    assert_eq!(on_the_day[0].notice("da").title, "Opgave forfalder i dag");
    assert_eq!(on_the_day[0].notice("en").title, "Task due today");
    // Overdue is the task list's business, not a reminder.
    assert!(due_now(&open(&path, "2026-03-05T09:00:00Z")).is_empty());
}

#[test]
fn never_another_persons_task_an_unowned_one_or_a_done_one() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = workspace(dir.path());
    task(&mut s, "Andens notat", Some("Anden"), "2026-03-04");
    task(&mut s, "Andens dag", Some("Anden"), "2026-03-01");
    task(&mut s, "Uden ejer", None, "2026-03-01");
    let done = task(&mut s, "Færdig", Some("Tester"), "2026-03-04");
    s.set_task_state(&done, "done").unwrap();
    let doing = task(&mut s, "I gang", Some("Tester"), "2026-03-01");
    s.set_task_state(&doing, "doing").unwrap();
    assert_eq!(
        kinds(&due_now(&s)),
        [(ReminderKind::TaskToday, "I gang".to_string())]
    );
}

#[test]
fn a_meeting_of_my_committee_is_reminded_the_day_before() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut s) = workspace(dir.path());
    let id = meeting(&mut s, "Styregruppen", "Marts-mødet", "2026-03-02T10:00");
    meeting(&mut s, "Arbejdsgruppen", "Ikke mit", "2026-03-02T10:00");
    meeting(&mut s, "Styregruppen", "Om to dage", "2026-03-03T10:00");
    let cancelled = meeting(&mut s, "Styregruppen", "Aflyst", "2026-03-02T13:00");
    s.cancel_meeting(&cancelled, None).unwrap();
    let due = due_now(&s);
    assert_eq!(
        kinds(&due),
        [(ReminderKind::MeetingTomorrow, "Marts-mødet".to_string())]
    );
    assert_eq!(due[0].id, id);
    assert_eq!(due[0].notice("da").title, "Møde i morgen");
    assert_eq!(
        due[0].notice("da").body,
        "Marts-mødet (Styregruppen) kl. 10:00"
    );
    assert_eq!(
        due[0].notice("en").body,
        "Marts-mødet (Styregruppen) at 10:00"
    );
    // On the day itself it is no reminder any more; the next one is.
    drop(s);
    assert_eq!(
        kinds(&due_now(&open(&path, "2026-03-02T06:00:00Z"))),
        [(ReminderKind::MeetingTomorrow, "Om to dage".to_string())]
    );
}

#[test]
fn tomorrow_is_the_workspaces_day_not_the_utc_one() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut s) = workspace(dir.path());
    // 00:30 on 3 March in Copenhagen is 23:30 UTC on 2 March.
    meeting(&mut s, "Styregruppen", "Tidligt", "2026-03-03T00:30");
    assert!(due_now(&s).is_empty(), "two days ahead on 1 March");
    drop(s);
    // 23:30 UTC on 1 March is already 2 March in Copenhagen.
    let late = due_now(&open(&path, "2026-03-01T23:30:00Z"));
    assert_eq!(
        kinds(&late),
        [(ReminderKind::MeetingTomorrow, "Tidligt".to_string())]
    );
    assert_eq!(late[0].at.as_deref(), Some("00:30"));
    assert!(due_now(&open(&path, "2026-03-01T22:30:00Z")).is_empty());
}

#[test]
fn each_reminder_comes_once_a_day_also_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut s) = workspace(dir.path());
    task(&mut s, "Budgetnotat", Some("Tester"), "2026-03-04");
    meeting(&mut s, "Styregruppen", "Marts-mødet", "2026-03-02T10:00");
    let due = due_now(&s);
    assert_eq!(due.len(), 2);
    let logged = s.change_count().unwrap();
    reminders::mark_sent(&s, &due[..1], s.now()).unwrap();
    assert_eq!(kinds(&due_now(&s)), kinds(&due[1..]), "the other still due");
    reminders::mark_sent(&s, &due[1..], s.now()).unwrap();
    assert!(due_now(&s).is_empty());
    // Kept locally: no logged change, nothing in the export.
    assert_eq!(s.change_count().unwrap(), logged);
    assert!(!s.export_json().unwrap().contains("reminders."));
    drop(s);

    // A restart later the same day: nothing again.
    let s = open(&path, "2026-03-01T20:00:00Z");
    assert!(due_now(&s).is_empty());
    drop(s);
    // The next day is another day: a task due tomorrow (added after the
    // restart) is reminded, the ones shown yesterday are not due again.
    let mut s = open(&path, "2026-03-02T08:00:00Z");
    task(&mut s, "Nyt notat", Some("Tester"), "2026-03-05");
    assert_eq!(
        kinds(&due_now(&s)),
        [(ReminderKind::TaskSoon, "Nyt notat".to_string())]
    );
    // Yesterday's record is in the local setting until today's replaces it.
    let sent = s
        .local_setting(LocalKey::RemindersSent {
            person: s.me().unwrap(),
        })
        .unwrap()
        .unwrap();
    assert!(sent.contains("2026-03-01"), "{sent}");
}

#[test]
fn the_settings_are_the_persons_and_respected() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut s) = workspace(dir.path());
    task(&mut s, "Om tre dage", Some("Tester"), "2026-03-04");
    task(&mut s, "Om fem dage", Some("Tester"), "2026-03-06");
    meeting(&mut s, "Styregruppen", "Marts-mødet", "2026-03-02T10:00");
    assert_eq!(
        reminders::settings(&s).unwrap(),
        ReminderSettings::default()
    );
    assert_eq!(ReminderSettings::default().days_before, 3);

    let five = ReminderSettings {
        days_before: 5,
        tasks: true,
        meetings: false,
    };
    reminders::set_settings(&s, five).unwrap();
    assert_eq!(
        kinds(&due_now(&s)),
        [(ReminderKind::TaskSoon, "Om fem dage".to_string())]
    );
    let meetings_only = ReminderSettings {
        days_before: 5,
        tasks: false,
        meetings: true,
    };
    reminders::set_settings(&s, meetings_only).unwrap();
    assert_eq!(
        kinds(&due_now(&s)),
        [(ReminderKind::MeetingTomorrow, "Marts-mødet".to_string())]
    );
    for days in [0, -1, 31] {
        let bad = ReminderSettings {
            days_before: days,
            ..meetings_only
        };
        let e = reminders::set_settings(&s, bad).unwrap_err();
        assert_eq!(e.code(), "reminder_days_out_of_range", "{days}");
    }
    drop(s);

    // Kept across a restart, and another person here has their own.
    let mut s = open(&path, MORNING);
    assert_eq!(reminders::settings(&s).unwrap(), meetings_only);
    s.set_me("Anden").unwrap();
    assert_eq!(
        reminders::settings(&s).unwrap(),
        ReminderSettings::default()
    );
    assert!(
        due_now(&s).is_empty(),
        "Anden has no task and no meeting tomorrow"
    );
}

#[test]
fn nobody_chosen_gets_no_reminders_and_cannot_set_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nobody.steerco");
    let clock = Box::new(FixedClock(at(MORNING)));
    let mut s = Store::create(&path, NewWorkspace::default(), clock).unwrap();
    s.add_committee("Styregruppen", "steering", None, None)
        .unwrap();
    s.act_once_as("Tester").unwrap();
    s.add_task(NewTask {
        title: "Uden ejer".into(),
        due: Some("2026-03-01".parse().unwrap()),
        committee: Some("Styregruppen".into()),
        ..NewTask::default()
    })
    .unwrap();
    drop(s);
    let s = open(&path, MORNING);
    assert_eq!(s.me(), None);
    assert!(due_now(&s).is_empty());
    let e = reminders::set_settings(&s, ReminderSettings::default()).unwrap_err();
    assert_eq!(e.code(), "choose_identity");
}

#[test]
fn only_reminder_keys_are_set_as_reminder_settings() {
    let dir = tempfile::tempdir().unwrap();
    let (_, s) = workspace(dir.path());
    let e = s.set_reminder_setting(LocalKey::Me, "x").unwrap_err();
    assert_eq!(e.code(), "bad_change");
    assert_ne!(s.local_setting(LocalKey::Me).unwrap().as_deref(), Some("x"));
}

fn system_clock() -> Box<dyn Clock> {
    Box::new(SystemClock)
}

#[test]
fn the_app_commands_read_and_keep_the_settings() {
    let dir = tempfile::tempdir().unwrap();
    let (path, s) = workspace(dir.path());
    drop(s);
    let data = dir.path().join("data");
    let mut session = Session::start(&data, Some(&path), Some("Tester"), system_clock);
    let got = handlers::reminders_get(&mut session, RemindersGetRequest {}).unwrap();
    assert_eq!(got, ReminderSettings::default());
    let set = RemindersSetRequest {
        days_before: 7,
        tasks: false,
        meetings: true,
    };
    let kept = handlers::reminders_set(&mut session, set).unwrap();
    assert_eq!(kept.days_before, 7);
    drop(session);
    let mut session = Session::start(&data, Some(&path), Some("Tester"), system_clock);
    let got = handlers::reminders_get(&mut session, RemindersGetRequest {}).unwrap();
    assert_eq!(
        got,
        ReminderSettings {
            days_before: 7,
            tasks: false,
            meetings: true
        }
    );
}

#[test]
fn one_day_before_says_tomorrow() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = workspace(dir.path());
    task(&mut s, "Høringssvar", Some("Tester"), "2026-03-02");
    let one = ReminderSettings {
        days_before: 1,
        ..ReminderSettings::default()
    };
    reminders::set_settings(&s, one).unwrap();
    let due = due_now(&s);
    assert_eq!(
        kinds(&due),
        [(ReminderKind::TaskSoon, "Høringssvar".to_string())]
    );
    assert_eq!(due[0].notice("da").title, "Opgave forfalder i morgen");
    assert_eq!(due[0].notice("en").title, "Task due tomorrow");
}
