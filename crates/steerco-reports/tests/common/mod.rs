//! Shared fixtures and helpers for the integration tests.
#![allow(dead_code)] // each test binary uses a different subset

use std::path::Path;
use std::process::{Command, Output};

pub mod status;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use steerco_reports::*;

pub const DECISION: &str = "Styregruppen godkender budgettet for 2026 på 1,2 mio. kr.";
pub const CLOSED_TITLE: &str = "Fortrolig personalesag Østergård";
pub const CLOSED_DECISION: &str = "Sagen afsluttes uden yderligere skridt";
pub const EVIL_TITLE: &str = "<script>alert(1)</script> [klik](javascript:alert(1)) ![x](y)";

/// A new workspace in `dir`, its clock fixed at 2026-03-01 09:00 UTC,
/// acting as the person "Tester".
pub fn store(dir: &Path) -> steerco_store::Store {
    let now: DateTime<Utc> = "2026-03-01T09:00:00Z".parse().unwrap();
    let mut s = steerco_store::Store::create(
        &dir.join("ws.steerco"),
        steerco_store::NewWorkspace::default(),
        Box::new(steerco_domain::clock::FixedClock(now)),
    )
    .unwrap();
    s.add_person("Tester", false).unwrap();
    s.set_me("Tester").unwrap();
    s
}

pub fn start() -> DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339("2026-03-04T10:00:00+01:00").unwrap()
}

fn outcome(kind: OutcomeKind, text: &str) -> Outcome {
    Outcome {
        kind,
        text: text.to_string(),
        owner: None,
        due: None,
        decision_status: None,
    }
}

/// Danish minutes with an open, a closed and a hostile-titled item; sample data.
pub fn minutes() -> Minutes {
    Minutes {
        meeting: MeetingHeader {
            workspace: "Digitaliseringsstyrelsen (demo)".into(),
            sample_data: true,
            committee: "Styregruppe for fælles it".into(),
            title: "Møde nr. 4 – økonomi og fremdrift".into(),
            starts_at: start(),
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
            Attendee {
                name: "Åse Ærø".into(),
                role: Some("Formand".into()),
                status: AttendanceStatus::Present,
            },
            Attendee {
                name: "Søren Ødegård".into(),
                role: Some("Projektleder".into()),
                status: AttendanceStatus::Present,
            },
            Attendee {
                name: "Bjørn Kjær".into(),
                role: None,
                status: AttendanceStatus::Apologies,
            },
        ],
        items: vec![
            AgendaItem {
                position: 1,
                title: "Budget 2026".into(),
                presenter: Some("Søren Ødegård".into()),
                duration_min: Some(30),
                initiative: Some("1.1 Fælles økonomisystem".into()),
                closed: false,
                follow_up: false,
                outcomes: vec![
                    outcome(
                        OutcomeKind::Note,
                        "Budgettet blev gennemgået linje for linje.",
                    ),
                    Outcome {
                        decision_status: Some("approved".into()),
                        ..outcome(OutcomeKind::Decision, DECISION)
                    },
                    Outcome {
                        owner: Some("Søren Ødegård".into()),
                        due: NaiveDate::from_ymd_opt(2026, 4, 1),
                        ..outcome(
                            OutcomeKind::Action,
                            "Send det reviderede budget til økonomiudvalget",
                        )
                    },
                ],
                interests: Vec::new(),
                votes: Vec::new(),
            },
            AgendaItem {
                position: 2,
                title: CLOSED_TITLE.into(),
                presenter: None,
                duration_min: Some(15),
                initiative: None,
                closed: true,
                follow_up: false,
                outcomes: vec![outcome(OutcomeKind::Decision, CLOSED_DECISION)],
                interests: Vec::new(),
                votes: Vec::new(),
            },
            AgendaItem {
                position: 3,
                title: EVIL_TITLE.into(),
                presenter: None,
                duration_min: None,
                initiative: None,
                closed: false,
                follow_up: false,
                outcomes: vec![outcome(
                    OutcomeKind::Note,
                    "*fed* _kursiv_ `kode` | rør & <b>",
                )],
                interests: Vec::new(),
                votes: Vec::new(),
            },
        ],
        follow_up: Vec::new(),
    }
}

/// `items` agenda items with `per_item` outcomes each, long enough to wrap.
pub fn big_minutes(items: u32, per_item: usize) -> Minutes {
    let mut m = minutes();
    m.items = (1..=items)
        .map(|i| AgendaItem {
            position: i,
            title: format!("Punkt {i}: opfølgning på tværgående initiativer og økonomi"),
            presenter: Some("Søren Ødegård".into()),
            duration_min: Some(10),
            initiative: Some(format!("{i}.1 Initiativ")),
            closed: i % 10 == 0,
            follow_up: false,
            outcomes: (0..per_item)
                .map(|k| {
                    let kind = [
                        OutcomeKind::Note,
                        OutcomeKind::Decision,
                        OutcomeKind::Action,
                    ][k % 3];
                    Outcome {
                        owner: (kind == OutcomeKind::Action).then(|| "Åse Ærø".to_string()),
                        due: (kind == OutcomeKind::Action)
                            .then(|| NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()),
                        ..outcome(
                            kind,
                            &format!(
                                "Udfald {k} under punkt {i}: styregruppen drøftede fremdrift, \
                                 risici og økonomi, herunder behovet for yderligere afklaring \
                                 med leverandøren før næste møde."
                            ),
                        )
                    }
                })
                .collect(),
            interests: Vec::new(),
            votes: Vec::new(),
        })
        .collect();
    m
}

pub fn event() -> MeetingEvent {
    MeetingEvent {
        uid: "6f1c2a3e-1111-4b2c-9d3e-0123456789ab@steerco".into(),
        title: "Møde nr. 4; økonomi, fremdrift".into(),
        committee: "Styregruppe for fælles it".into(),
        starts_at: start(),
        time_zone: "Europe/Copenhagen".into(),
        duration_min: 90,
        location: Some("Lokale 2.14, Ørestad".into()),
        description: "1. Budget 2026 (Søren Ødegård, 30 min)\n2. Fremdrift i porteføljen, herunder status på alle initiativer med rød eller gul vurdering\n3. Eventuelt".into(),
        stamp: Utc.with_ymd_and_hms(2026, 2, 20, 8, 30, 0).unwrap(),
        sequence: 0,
        cancelled: false,
        organizer: None,
        attendees: Vec::new(),
    }
}

pub fn decisions() -> Vec<DecisionRow> {
    vec![
        DecisionRow {
            id: "D-1".into(),
            date: NaiveDate::from_ymd_opt(2026, 3, 4).unwrap(),
            committee: "Styregruppe for fælles it".into(),
            meeting: "Møde nr. 4".into(),
            text: DECISION.into(),
            status: "approved".into(),
            supersedes: None,
            initiative: Some("1.1 Fælles økonomisystem".into()),
        },
        DecisionRow {
            id: "D-2".into(),
            date: NaiveDate::from_ymd_opt(2026, 3, 4).unwrap(),
            committee: "=cmd|' /C calc'!A0".into(),
            meeting: "+SUM(A1:A2)".into(),
            text: "-2+3, \"citat\"\nny linje".into(),
            status: "@status".into(),
            supersedes: Some("\tD-0".into()),
            initiative: Some("\rskjult".into()),
        },
    ]
}

pub fn tasks() -> Vec<TaskRow> {
    vec![TaskRow {
        id: "T-1".into(),
        title: "=HYPERLINK(\"http://x\";\"klik\")".into(),
        owner: "Søren Ødegård".into(),
        due: NaiveDate::from_ymd_opt(2026, 4, 1),
        state: "open".into(),
        committee: "Styregruppe for fælles it".into(),
        meeting: None,
        initiative: None,
        overdue: true,
    }]
}

/// Runs a system tool, failing (not skipping) when it is missing, naming the Debian
/// package that provides it: tools/setup installs these for CI.
pub fn run(program: &str, package: &str, args: &[&str]) -> Output {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run `{program}` ({e}): install the Debian package `{package}` (tools/setup does)")
        });
    assert!(
        out.status.success(),
        "`{program} {}` failed: {}\n{}",
        args.join(" "),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_string()
}
