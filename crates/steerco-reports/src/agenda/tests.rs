use chrono::{DateTime, NaiveDate};

use super::*;
use crate::model::{AgendaItem, Attendee, FollowUpAction, MeetingHeader};

fn item(position: u32, title: &str, minutes: Option<u32>, closed: bool) -> AgendaItem {
    AgendaItem {
        position,
        title: title.into(),
        presenter: Some("Søren Ødegård".into()),
        duration_min: minutes,
        initiative: None,
        closed,
        follow_up: false,
        outcomes: Vec::new(),
        interests: Vec::new(),
        votes: Vec::new(),
    }
}

fn agenda() -> Agenda {
    let mut follow = item(
        1,
        "Opfølgning på handlinger fra tidligere møder",
        Some(10),
        false,
    );
    follow.follow_up = true;
    Agenda {
        meeting: MeetingHeader {
            workspace: "Kommunen".into(),
            sample_data: false,
            committee: "Styregruppe for data".into(),
            title: "Møde nr. 5".into(),
            starts_at: DateTime::parse_from_rfc3339("2026-03-04T10:00:00+01:00").unwrap(),
            time_zone: "Europe/Copenhagen".into(),
            duration_min: 120,
            location: Some("Lokale 2.14".into()),
        },
        cancelled: false,
        participants: vec![
            Attendee {
                name: "Åse Ærø".into(),
                role: Some("chair".into()),
                status: AttendanceStatus::Invited,
            },
            Attendee {
                name: "Bjørn Kjær".into(),
                role: Some("observer".into()),
                status: AttendanceStatus::Invited,
            },
        ],
        items: vec![
            follow,
            item(2, "Budget 2026", Some(30), false),
            item(3, "Fortrolig personalesag", Some(20), true),
            item(4, "Eventuelt", None, false),
            item(5, "Næste møde", Some(5), false),
        ],
        follow_up: vec![FollowUpAction {
            title: "Opdatér risikolog".into(),
            owner: Some("Åse Ærø".into()),
            due: NaiveDate::from_ymd_opt(2026, 4, 1),
            meeting: "Møde nr. 4".into(),
            meeting_date: NaiveDate::from_ymd_opt(2026, 2, 2),
            state: "doing".into(),
        }],
    }
}

fn opts(omit_closed: bool, language: Lang) -> ExportOptions {
    ExportOptions {
        omit_closed,
        language,
    }
}

#[test]
fn each_item_starts_after_the_ones_before_it() {
    let times: Vec<String> = agenda_start_times(&agenda())
        .iter()
        .map(|t| t.format("%H:%M").to_string())
        .collect();
    // 10 + 30 + 20 (closed, still takes its time) + none + ...
    assert_eq!(times, ["10:00", "10:10", "10:40", "11:00", "11:00"]);
    let md = agenda_md(&agenda(), &opts(false, Lang::Da));
    assert!(
        md.contains("*Kl. 10:10–10:40 · Oplæg: Søren Ødegård · 30 min*"),
        "{md}"
    );
    assert!(
        md.contains("*Kl. 11:00 · Oplæg"),
        "an item without a duration: {md}"
    );
}

#[test]
fn titled_as_an_agenda_with_place_and_participants() {
    let md = agenda_md(&agenda(), &opts(false, Lang::Da));
    assert!(md.starts_with("# Dagsorden: Møde nr. 5\n"), "{md}");
    assert!(!md.contains("Referat"), "{md}");
    assert!(md.contains("**Sted:** Lokale 2.14"), "{md}");
    assert!(md.contains("| Åse Ærø | Formand |"), "{md}");
    assert!(md.contains("| Bjørn Kjær | Observatør |"), "{md}");
    // Nothing recorded yet: no attendance column.
    assert!(!md.contains("Fremmøde"), "{md}");
    let en = agenda_md(&agenda(), &opts(false, Lang::En));
    assert!(en.starts_with("# Agenda: Møde nr. 5\n"), "{en}");
    assert!(en.contains("*At 10:10–10:40"), "{en}");
}

#[test]
fn attendance_shows_once_recorded() {
    let mut a = agenda();
    a.participants[1].status = AttendanceStatus::Apologies;
    let md = agenda_md(&a, &opts(false, Lang::Da));
    assert!(md.contains("| Bjørn Kjær | Observatør | Afbud |"), "{md}");
}

#[test]
fn closed_items_are_marked_or_left_out() {
    let md = agenda_md(&agenda(), &opts(false, Lang::Da));
    assert!(
        md.contains("### 3. Fortrolig personalesag (lukket punkt)"),
        "{md}"
    );
    let open = agenda_md(&agenda(), &opts(true, Lang::Da));
    assert!(!open.contains("Fortrolig"), "{open}");
    // The items after it keep their real start times.
    assert!(open.contains("*Kl. 11:00 · Oplæg"), "{open}");
}

#[test]
fn the_follow_up_item_lists_the_open_actions() {
    let md = agenda_md(&agenda(), &opts(false, Lang::Da));
    let under = md
        .split("### 1. Opfølgning")
        .nth(1)
        .and_then(|s| s.split("### 2.").next())
        .expect("the follow-up item");
    assert!(
        under.contains("| Handling | Ansvarlig | Frist | Fra møde |"),
        "{md}"
    );
    assert!(
        under.contains("| Opdatér risikolog | Åse Ærø | 2026-04-01 | Møde nr. 4, 2026-02-02 |"),
        "{md}"
    );
    let mut none = agenda();
    none.follow_up.clear();
    let md = agenda_md(&none, &opts(false, Lang::Da));
    assert!(
        md.contains("Ingen åbne handlinger fra tidligere møder."),
        "{md}"
    );
    // No follow-up item on the agenda: the actions still go out, after the items.
    let mut no_item = agenda();
    no_item.items.remove(0);
    let md = agenda_md(&no_item, &opts(false, Lang::En));
    assert!(
        md.contains("### Open actions from earlier meetings"),
        "{md}"
    );
    assert!(md.contains("Opdatér risikolog"), "{md}");
}

#[test]
fn a_cancelled_meeting_says_so_first() {
    let mut a = agenda();
    a.cancelled = true;
    let md = agenda_md(&a, &opts(false, Lang::Da));
    let mut lines = md.lines().filter(|l| !l.is_empty());
    assert_eq!(lines.next(), Some("# Dagsorden: Møde nr. 5 (aflyst)"));
    assert_eq!(lines.next(), Some("> **AFLYST: mødet holdes ikke.**"));
    assert!(md.contains("**Status:** Aflyst"), "{md}");
}

#[test]
fn every_format_is_written() {
    let a = agenda();
    let pdf = agenda_pdf(&a, &opts(false, Lang::Da)).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let docx = agenda_docx(&a, &opts(false, Lang::Da)).unwrap();
    assert!(docx.starts_with(b"PK"));
    assert_eq!(pdf, agenda_pdf(&a, &opts(false, Lang::Da)).unwrap());
}
