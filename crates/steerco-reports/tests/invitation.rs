//! The agenda, the invitation and the minutes' follow-up list from a real workspace:
//! participants and their e-mail addresses, the actions carried over with their state at
//! the meeting, and the calendar entry's SEQUENCE and cancellation read from the log.

mod common;

use std::io::BufReader;

use chrono::{DateTime, NaiveDate};
use steerco_reports::from_store;
use steerco_store::ops::meeting::NewOutcome;
use steerco_store::{RowChange, Store};

use common::store;

fn at(s: &Store, t: &str) -> DateTime<chrono::FixedOffset> {
    s.parse_datetime(t).unwrap()
}

fn set_email(s: &mut Store, name: &str, email: &str) {
    let id = s.find_person(name).unwrap().id;
    s.write(vec![RowChange::update("person", id).set("email", email)])
        .unwrap();
}

fn action(text: &str) -> NewOutcome {
    NewOutcome::Action {
        text: text.into(),
        owner: "Åse Ærø".into(),
        due: NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
    }
}

/// A committee of four (three with e-mail), a closed earlier meeting with two actions
/// (one done since) and the next meeting in draft. Returns (earlier, next, the actions).
fn committee(s: &mut Store) -> (String, String, String, String) {
    s.add_committee("Styregruppen", "steering", None, None)
        .unwrap();
    for (name, role) in [
        ("Åse Ærø", "chair"),
        ("Bo Bech", "secretary"),
        ("Carl \"C\" Ravn, cand.", "observer"),
        ("Dora Dal", "member"),
    ] {
        s.add_member("Styregruppen", name, role).unwrap();
    }
    set_email(s, "Åse Ærø", "aase@kommune.dk");
    set_email(s, "Bo Bech", "bo@kommune.dk");
    set_email(s, "Carl \"C\" Ravn, cand.", "carl@kommune.dk");

    let start = at(s, "2026-02-02T10:00");
    let m1 = s.add_meeting("Styregruppen", "Møde 1", start, 60).unwrap();
    s.add_agenda_item(&m1, "Status", None, None, Some(20), false)
        .unwrap();
    s.set_meeting_state(&m1, "open", None).unwrap();
    let a1 = s
        .add_outcome(&m1, "2", action("Opdatér risikolog"))
        .unwrap();
    let a2 = s.add_outcome(&m1, "2", action("Skriv notat")).unwrap();
    s.set_meeting_state(&m1, "in-progress", None).unwrap();
    s.set_meeting_state(&m1, "closed", None).unwrap();
    s.set_task_state(&a2, "done").unwrap();

    let start = at(s, "2026-03-04T10:00");
    let m2 = s
        .add_meeting_at(
            "Styregruppen",
            "Møde 2",
            start,
            120,
            false,
            Some("Lokale 2.14"),
        )
        .unwrap();
    s.add_agenda_item(&m2, "Budget", None, Some("Bo Bech"), Some(30), false)
        .unwrap();
    s.add_agenda_item(&m2, "Personalesag", None, None, Some(20), true)
        .unwrap();
    (m1, m2, a1, a2)
}

#[test]
fn the_agenda_lists_participants_times_and_carried_over_actions() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let (_, m2, _, _) = committee(&mut s);
    let a = from_store::agenda(&s, &m2).unwrap();
    assert_eq!(a.meeting.location.as_deref(), Some("Lokale 2.14"));
    assert!(!a.cancelled);
    let people: Vec<(&str, Option<&str>)> = a
        .participants
        .iter()
        .map(|p| (p.name.as_str(), p.role.as_deref()))
        .collect();
    assert_eq!(people[0], ("Åse Ærø", Some("chair")));
    assert_eq!(people.len(), 4, "{people:?}");
    // The follow-up item comes first; the open action (not the done one) is under it.
    assert!(a.items[0].follow_up);
    let titles: Vec<&str> = a.follow_up.iter().map(|f| f.title.as_str()).collect();
    assert_eq!(titles, ["Opdatér risikolog"]);
    assert_eq!(a.follow_up[0].meeting, "Møde 1");
    assert_eq!(
        a.follow_up[0].meeting_date,
        NaiveDate::from_ymd_opt(2026, 2, 2)
    );
    let times: Vec<String> = steerco_reports::agenda_start_times(&a)
        .iter()
        .map(|t| t.format("%H:%M").to_string())
        .collect();
    assert_eq!(
        times[1..],
        ["10:00", "10:30"],
        "the follow-up item has no length"
    );
}

#[test]
fn the_minutes_list_the_actions_as_they_stood_at_the_close() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let (_, m2, a1, _) = committee(&mut s);
    s.set_task_state(&a1, "doing").unwrap();
    // Before the close: the current state.
    let m = from_store::minutes(&s, &m2).unwrap();
    assert_eq!(m.follow_up.len(), 1);
    assert_eq!(m.follow_up[0].state, "doing");
    for to in ["open", "in-progress", "closed"] {
        s.set_meeting_state(&m2, to, None).unwrap();
    }
    // Done since: the minutes still say what it was at the meeting.
    s.set_task_state(&a1, "done").unwrap();
    let m = from_store::minutes(&s, &m2).unwrap();
    let got: Vec<(&str, &str)> = m
        .follow_up
        .iter()
        .map(|f| (f.title.as_str(), f.state.as_str()))
        .collect();
    assert_eq!(got, [("Opdatér risikolog", "doing")]);
    let md = steerco_reports::minutes_markdown(&m, &Default::default());
    assert!(
        md.contains("- Opdatér risikolog (ansvarlig Åse Ærø, frist 2026-04-01; fra møde Møde 1, 2026-02-02): I gang"),
        "{md}"
    );
    // The view the app shows no longer lists it (done now).
    assert!(s.meeting(&m2).unwrap().follow_up.is_empty());
}

fn calendar(s: &Store, m: &str) -> ical::parser::ical::component::IcalCalendar {
    let ics = from_store::meeting_ics(s, m).unwrap();
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "unfolded: {line:?}");
    }
    ical::IcalParser::new(BufReader::new(ics.as_bytes()))
        .next()
        .expect("a calendar")
        .expect("parses")
}

fn value(props: &[ical::property::Property], name: &str) -> Option<String> {
    props
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.clone())
}

fn param(p: &ical::property::Property, key: &str) -> Option<String> {
    p.params
        .as_ref()?
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.join(","))
}

#[test]
fn the_invitation_names_the_members_and_counts_its_versions() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let (_, m2, _, _) = committee(&mut s);
    let cal = calendar(&s, &m2);
    assert_eq!(value(&cal.properties, "METHOD").as_deref(), Some("REQUEST"));
    let ev = &cal.events[0].properties;
    let uid = value(ev, "UID").unwrap();
    assert_eq!(uid, format!("{m2}@steerco"));
    assert_eq!(value(ev, "SEQUENCE").as_deref(), Some("0"));
    assert_eq!(value(ev, "STATUS").as_deref(), Some("CONFIRMED"));
    assert_eq!(value(ev, "LOCATION").as_deref(), Some("Lokale 2.14"));
    let attendees: Vec<_> = ev.iter().filter(|p| p.name == "ATTENDEE").collect();
    let got: Vec<(String, String, String)> = attendees
        .iter()
        .map(|p| {
            (
                p.value.clone().unwrap(),
                param(p, "CN").unwrap(),
                param(p, "ROLE").unwrap(),
            )
        })
        .collect();
    assert_eq!(got.len(), 3, "Dora has no address: {got:?}");
    assert!(got.contains(&(
        "mailto:aase@kommune.dk".into(),
        "Åse Ærø".into(),
        "CHAIR".into()
    )));
    assert!(got.contains(&(
        "mailto:bo@kommune.dk".into(),
        "Bo Bech".into(),
        "REQ-PARTICIPANT".into()
    )));
    // A name with a quote and a comma stays one parameter value.
    assert!(
        got.iter().any(|(v, cn, role)| v == "mailto:carl@kommune.dk"
            && cn.contains("Ravn")
            && role == "NON-PARTICIPANT"),
        "{got:?}"
    );
    let organizer = ev
        .iter()
        .find(|p| p.name == "ORGANIZER")
        .expect("organizer");
    assert_eq!(organizer.value.as_deref(), Some("mailto:bo@kommune.dk"));

    // A reschedule, then a new place and title in one change: two new versions.
    let id = s.find_meeting(&m2).unwrap();
    s.write(vec![
        RowChange::update("meeting", id.clone()).set("starts_at", "2026-03-05T09:00:00Z")
    ])
    .unwrap();
    let cal = calendar(&s, &m2);
    let ev = &cal.events[0].properties;
    assert_eq!(value(ev, "SEQUENCE").as_deref(), Some("1"));
    assert_eq!(value(ev, "UID").unwrap(), uid);
    assert_eq!(value(ev, "DTSTART").as_deref(), Some("20260305T100000"));
    s.write(vec![RowChange::update("meeting", id.clone())
        .set("location", "Lokale 3")
        .set("title", "Møde 2 (flyttet)")])
        .unwrap();
    assert_eq!(from_store::ics_sequence(&s, &m2).unwrap(), 2);
    // Not every change is a new version of the calendar entry.
    s.add_agenda_item(&m2, "Eventuelt", None, None, None, false)
        .unwrap();
    assert_eq!(from_store::ics_sequence(&s, &m2).unwrap(), 2);

    // Cancelled: the same UID, a higher SEQUENCE, STATUS:CANCELLED, METHOD:CANCEL.
    s.write(vec![RowChange::update("meeting", id).set("cancelled", true)])
        .unwrap();
    let cal = calendar(&s, &m2);
    assert_eq!(value(&cal.properties, "METHOD").as_deref(), Some("CANCEL"));
    let ev = &cal.events[0].properties;
    assert_eq!(value(ev, "UID").unwrap(), uid);
    assert_eq!(value(ev, "SEQUENCE").as_deref(), Some("3"));
    assert_eq!(value(ev, "STATUS").as_deref(), Some("CANCELLED"));
    let a = from_store::agenda(&s, &m2).unwrap();
    assert!(a.cancelled);
}
