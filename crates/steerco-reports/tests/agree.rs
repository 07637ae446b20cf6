//! The annual status report and the dashboard agree: every figure both show
//! (initiatives per status, delayed milestones, overdue actions, the top
//! risks) is the dashboard's as of the report's period end (today for the
//! current year), and both state that day. On the demo and on a seeded,
//! generated workspace.

mod common;

use chrono::{Duration, NaiveDate};
use steerco_domain::{Dimension, Rag};
use steerco_reports::from_store::status_report;
use steerco_reports::model::Lang;
use steerco_store::dashboard::Dashboard;
use steerco_store::ops::initiative::NewInitiative;
use steerco_store::ops::meeting::NewOutcome;
use steerco_store::ops::risk::NewRisk;
use steerco_store::ops::status::NewStatus;
use steerco_store::Store;

use common::store;

/// The report of `year` against the dashboard as of its end (or today).
fn agree(s: &Store, year: i32) {
    let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap();
    let d: Dashboard = s.dashboard_as_of(Some(end)).unwrap();
    for lang in [Lang::Da, Lang::En] {
        let r = status_report(s, year, lang).unwrap();
        assert_eq!(r.as_of.to_string(), d.today, "{year}: the same day");
        assert!(r.summary[0].contains(&d.today), "the period is stated");
        let rags = ["green", "amber", "red", "grey"];
        let report: Vec<usize> = rags
            .iter()
            .map(|rag| {
                r.focus_areas
                    .iter()
                    .flat_map(|a| &a.initiatives)
                    .filter(|i| i.overall == *rag)
                    .count()
            })
            .collect();
        let dash: Vec<usize> = [
            d.focus_areas.iter().map(|f| f.green).sum::<i64>(),
            d.focus_areas.iter().map(|f| f.amber).sum(),
            d.focus_areas.iter().map(|f| f.red).sum(),
            d.focus_areas.iter().map(|f| f.grey).sum(),
        ]
        .iter()
        .map(|n| *n as usize)
        .collect();
        assert_eq!(report, dash, "{year}: initiatives per status");
        let slipped = |v: Vec<(String, String)>| v;
        assert_eq!(
            slipped(
                r.milestones_slipped
                    .iter()
                    .map(|m| (m.initiative.clone(), m.title.clone()))
                    .collect()
            ),
            d.milestones_slipped
                .iter()
                .map(|m| (m.initiative.clone(), m.title.clone()))
                .collect::<Vec<_>>(),
            "{year}: delayed milestones"
        );
        assert_eq!(
            r.overdue_actions as usize, d.overdue_count,
            "{year}: overdue actions"
        );
        assert_eq!(
            r.top_risks
                .iter()
                .map(|x| (x.initiative.clone(), x.title.clone()))
                .collect::<Vec<_>>(),
            d.top_risks
                .iter()
                .map(|x| (x.initiative.clone(), x.title.clone()))
                .collect::<Vec<_>>(),
            "{year}: top risks"
        );
    }
}

#[test]
fn the_demo_report_and_dashboard_agree() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    s.load_demo().unwrap();
    for year in [2016, 2017, 2018, 2026] {
        agree(&s, year);
    }
    // The complaint: the current year's report said 0 delayed milestones
    // while the dashboard showed them.
    let today = s.dashboard().unwrap();
    assert!(!today.milestones_slipped.is_empty());
    let r = status_report(&s, 2026, Lang::Da).unwrap();
    assert_eq!(r.milestones_slipped.len(), today.milestones_slipped.len());
    assert_eq!(r.overdue_actions as usize, today.overdue_count);
    // As of the demo's last status date the statuses are not all grey.
    let then = status_report(&s, 2017, Lang::En).unwrap();
    assert_eq!(then.as_of.to_string(), "2017-12-31");
}

/// A small seeded generator (steerco-bench's is a binary's): initiatives with
/// statuses, milestones done, late and re-planned, risks, and actions with
/// due dates on both sides of the years compared.
struct Seq(u64);

impl Seq {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
    fn day(&mut self, from: NaiveDate, days: u64) -> NaiveDate {
        from + Duration::days(self.next(days) as i64)
    }
}

fn generate(s: &mut Store, seed: u64) {
    let mut g = Seq(seed);
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let span = (today - start).num_days() as u64;
    let rags = [Rag::Green, Rag::Amber, Rag::Red];
    for k in 0..15 {
        let code = format!("{}.{}", 1 + k / 5, 1 + k % 5);
        s.add_initiative(NewInitiative {
            code: code.clone(),
            title: format!("Initiativ {code}"),
            ..Default::default()
        })
        .unwrap();
        for _ in 0..g.next(4) {
            let dimension =
                [Dimension::Overall, Dimension::Time, Dimension::Cost][g.next(3) as usize];
            s.add_status(
                &code,
                NewStatus {
                    dimension,
                    rag: rags[g.next(3) as usize],
                    reason: None,
                    date: Some(g.day(start, span + 1)),
                    sample: false,
                },
            )
            .unwrap();
        }
        for m in 0..g.next(4) {
            let due = g.day(start, span + 300);
            let id = s
                .add_milestone(&code, &format!("Milepæl {m}"), due, false)
                .unwrap();
            match g.next(3) {
                0 => {
                    let on = g.day(due - Duration::days(30), 60).min(today);
                    s.complete_milestone(&id, Some(on)).unwrap();
                }
                1 => s
                    .replan_milestone(&id, due + Duration::days(1 + g.next(120) as i64))
                    .unwrap(),
                _ => {}
            }
        }
        if g.next(2) == 0 {
            s.add_risk(NewRisk {
                initiative: code.clone(),
                title: format!("Risiko {code}"),
                inherent: (1 + g.next(5) as i64, 1 + g.next(5) as i64),
                residual: None,
                owner: None,
                cause: None,
                consequence: None,
                mitigation: None,
                review_date: None,
            })
            .unwrap();
        }
    }
    s.add_committee("Styregruppen", "steering", None, None)
        .unwrap();
    s.add_member("Styregruppen", "Åse Ærø", "chair").unwrap();
    let at = s.parse_datetime("2025-06-02T10:00").unwrap();
    let m = s.add_meeting("Styregruppen", "Møde", at, 60).unwrap();
    let item = s
        .add_agenda_item(&m, "Punkt", None, None, None, false)
        .unwrap();
    s.set_meeting_state(&m, "open", None).unwrap();
    s.set_meeting_state(&m, "in-progress", None).unwrap();
    for n in 0..8 {
        let due = g.day(NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(), 400);
        let id = s
            .add_outcome(
                &m,
                &item,
                NewOutcome::Action {
                    text: format!("Handling {n}"),
                    owner: "Åse Ærø".into(),
                    due,
                },
            )
            .unwrap();
        if g.next(3) == 0 {
            s.set_task_state(&id, "done").unwrap();
        }
    }
}

#[test]
fn a_generated_report_and_dashboard_agree() {
    for seed in [1, 7, 42] {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path());
        generate(&mut s, seed);
        for year in [2024, 2025, 2026] {
            agree(&s, year);
        }
        let r = status_report(&s, 2026, Lang::Da).unwrap();
        let d = s.dashboard().unwrap();
        assert_eq!(r.milestones_slipped.len(), d.milestones_slipped.len());
    }
}
