//! Writes sample exports to a folder, for eyeballing and for timing:
//! `cargo run -p steerco-reports --example samples -- DIR`
//!
//! Also times a large PDF (50 items × 200 outcomes).

use std::time::Instant;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use steerco_reports::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "reports-samples".into());
    std::fs::create_dir_all(&dir)?;
    let m = minutes(3, 3);
    let opts = ExportOptions::default();
    std::fs::write(format!("{dir}/minutes.md"), minutes_markdown(&m, &opts))?;
    std::fs::write(format!("{dir}/minutes.pdf"), minutes_pdf(&m, &opts)?)?;
    std::fs::write(format!("{dir}/minutes.docx"), minutes_docx(&m, &opts)?)?;
    std::fs::write(format!("{dir}/meeting.ics"), meeting_ics(&event(&m)))?;

    let big = minutes(50, 200);
    let t = Instant::now();
    let pdf = minutes_pdf(&big, &opts)?;
    let took = t.elapsed();
    std::fs::write(format!("{dir}/minutes-50x200.pdf"), &pdf)?;
    println!("50 items × 200 outcomes: {} bytes in {took:.2?}", pdf.len());
    Ok(())
}

fn minutes(items: u32, per_item: usize) -> Minutes {
    let start = DateTime::parse_from_rfc3339("2026-03-04T10:00:00+01:00").expect("valid");
    let kinds = [
        OutcomeKind::Note,
        OutcomeKind::Decision,
        OutcomeKind::Action,
    ];
    Minutes {
        meeting: MeetingHeader {
            workspace: "Digitaliseringsstyrelsen (demo)".into(),
            sample_data: true,
            committee: "Styregruppe for fælles it".into(),
            title: "Møde nr. 4 – økonomi og fremdrift".into(),
            starts_at: start,
            time_zone: "Europe/Copenhagen".into(),
            duration_min: 90,
            location: Some("Lokale 2.14, Ørestad".into()),
        },
        state: "approved".into(),
        approval: Some(Approval {
            by: "Åse Ærø".into(),
            at: "2026-03-11T09:15:00+01:00".into(),
            minutes_hash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
        }),
        attendance: vec![
            Attendee { name: "Åse Ærø".into(), role: Some("Formand".into()), status: AttendanceStatus::Present },
            Attendee { name: "Søren Ødegård".into(), role: Some("Projektleder".into()), status: AttendanceStatus::Present },
            Attendee { name: "Bjørn Kjær".into(), role: Some("Økonomichef".into()), status: AttendanceStatus::Apologies },
            Attendee { name: "Mette Frederiksen Ølgaard".into(), role: None, status: AttendanceStatus::Invited },
        ],
        items: (1..=items)
            .map(|i| AgendaItem {
                position: i,
                title: format!("Budget og fremdrift for initiativ {i}"),
                presenter: Some("Søren Ødegård".into()),
                duration_min: Some(20),
                initiative: Some(format!("{i}.1 Fælles økonomisystem")),
                closed: i == 2,
                follow_up: false,
                outcomes: (0..per_item)
                    .map(|k| {
                        let kind = kinds[k % 3];
                        let action = kind == OutcomeKind::Action;
                        Outcome {
                            kind,
                            text: format!(
                                "Styregruppen drøftede punkt {i}.{k}: økonomien følger planen, men \
                                 leverandørens tidsplan for næste fase skal afklares før næste møde."
                            ),
                            owner: action.then(|| "Søren Ødegård".into()),
                            due: action.then(|| NaiveDate::from_ymd_opt(2026, 4, 1).expect("valid")),
                            decision_status: (kind == OutcomeKind::Decision).then(|| "approved".into()),
                        }
                    })
                    .collect(),
                interests: Vec::new(),
                votes: Vec::new(),
            })
            .collect(),
        follow_up: Vec::new(),
    }
}

fn event(m: &Minutes) -> MeetingEvent {
    let h = &m.meeting;
    MeetingEvent {
        uid: "6f1c2a3e-1111-4b2c-9d3e-0123456789ab@steerco".into(),
        title: h.title.clone(),
        committee: h.committee.clone(),
        starts_at: h.starts_at,
        time_zone: h.time_zone.clone(),
        duration_min: h.duration_min,
        location: h.location.clone(),
        description: m
            .items
            .iter()
            .map(|i| format!("{}. {}", i.position, i.title))
            .collect::<Vec<_>>()
            .join("\n"),
        stamp: Utc.with_ymd_and_hms(2026, 2, 20, 8, 30, 0).unwrap(),
        sequence: 0,
        cancelled: false,
        organizer: None,
        attendees: Vec::new(),
    }
}
