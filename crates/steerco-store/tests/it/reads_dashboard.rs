//! The dashboard's parts made fast for #21 (overdue actions, milestones, top
//! risks) give what they gave before, on seeded workspaces with deleted rows,
//! ties and days looked back to.

use rusqlite::Connection;
use steerco_store::{RowChange, Store};

use super::reads::{committee_work, Seeded};
use super::{new_store, temp, ws_path};

/// The dashboard's overdue actions as the task list gives them, kept by the
/// overdue rule of the day (how the dashboard computed them before #21).
#[test]
fn the_overdue_actions_are_the_task_list_s_open_ones_due_before_the_day() {
    let dir = temp();
    let (mut store, _clock) = new_store(dir.path(), "ws");
    let mut rng = Seeded(16);
    committee_work(&mut store, &mut rng);
    // Tasks of their own with due dates, one linked to an initiative, one
    // with a description; comments; a done one and a deleted one.
    let mut batch = vec![RowChange::insert("initiative", "ini-t")
        .set("code", "4.2")
        .set("title", "Initiativ")];
    for t in 0..6 {
        let mut row = RowChange::insert("outcome", format!("due-{t}"))
            .set("kind", "action")
            .set("text", format!("Egen opgave {t}"))
            .set("recorded_at", "2026-01-02T10:00:00.000Z")
            // due-1 first of all, so the dashboard's first page holds it.
            .set(
                "due_date",
                match t {
                    1 => "2025-12-15".to_string(),
                    _ => format!("2026-0{}-15", 1 + t % 3),
                },
            )
            .set("task_state", if t == 4 { "done" } else { "doing" })
            .set("board_committee_id", "c-1");
        if t == 1 {
            row = row.set("initiative_id", "ini-t");
        }
        if t == 2 {
            row = row.set("description", "Mere tekst");
        }
        batch.push(row);
    }
    store.write(batch).unwrap();
    store
        .write(vec![RowChange::delete("outcome", "due-5")])
        .unwrap();
    for task in ["due-0", "due-0", "o-1-0"] {
        store.comment_task(task, "En kommentar").unwrap();
    }
    for day in [
        "2026-01-01",
        "2026-01-15",
        "2026-02-10",
        "2026-03-01",
        "2027-01-01",
    ] {
        let day: chrono::NaiveDate = day.parse().unwrap();
        let shown = store.overdue_actions_as_of(Some(day)).unwrap();
        // The overview carries the first page of the same list and the count.
        let dash = store.dashboard_as_of(Some(day)).unwrap();
        let until = day.min("2026-03-01".parse().unwrap()).to_string();
        let expected: Vec<_> = store
            .tasks(&Default::default())
            .unwrap()
            .into_iter()
            .filter(|t| t.state != "done" && t.due_date.as_deref().is_some_and(|d| d < &until))
            .map(|t| steerco_store::ops::meeting::TaskView { overdue: true, ..t })
            .collect();
        assert_eq!(
            serde_json::to_value(&shown).unwrap(),
            serde_json::to_value(&expected).unwrap(),
            "{day}"
        );
        let page = &expected[..expected.len().min(steerco_store::dashboard::OVERDUE_PAGE)];
        assert_eq!(
            serde_json::to_value(&dash.overdue_actions).unwrap(),
            serde_json::to_value(page).unwrap(),
            "{day}: the first page"
        );
        assert_eq!(dash.overdue_count, expected.len(), "{day}: the count");
        if day.to_string().as_str() > "2026-02-01" {
            assert!(shown.len() > 5, "{day}: {}", shown.len());
            // The page's names and comment counts are looked up row by row.
            assert!(
                page.iter().any(|t| t.comments > 0 && t.owner.is_some()),
                "{day}"
            );
            assert!(
                page.iter().any(|t| t.own && t.initiative.is_some()),
                "{day}"
            );
            assert!(shown.iter().any(|t| t.own) && shown.iter().any(|t| t.comments == 2));
        }
    }
    let conn = Connection::open(ws_path(dir.path(), "ws")).unwrap();
    let plan: Vec<String> = conn
        .prepare(
            "EXPLAIN QUERY PLAN
             SELECT id FROM outcome INDEXED BY outcome_open_by_due
             WHERE kind = 'action' AND deleted = 0 AND task_state != 'done'
               AND due_date IS NOT NULL AND due_date < '2026-03-01' ORDER BY due_date, id",
        )
        .unwrap()
        .query_map([], |r| r.get(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let plan = plan.join("; ");
    assert!(
        plan.contains("COVERING INDEX outcome_open_by_due"),
        "{plan}"
    );
    // The count reads only the narrow index (migration 18), never the table.
    let plan: String = conn
        .query_row(
            "EXPLAIN QUERY PLAN
             SELECT meeting_id, board_committee_id FROM outcome INDEXED BY outcome_open_due_narrow
             WHERE kind = 'action' AND deleted = 0 AND task_state != 'done'
               AND due_date IS NOT NULL AND due_date < '2026-03-01'",
            [],
            |r| r.get(3),
        )
        .unwrap();
    assert!(
        plan.contains("COVERING INDEX outcome_open_due_narrow"),
        "{plan}"
    );
}

/// Focus areas (one deleted), initiatives (one deleted) with codes that sort
/// by number, milestones re-planned (plans recorded at the same time, the
/// stamp deciding), one milestone deleted.
fn milestones(store: &mut Store, rng: &mut Seeded) {
    let mut batch = Vec::new();
    for n in 1..=3 {
        batch.push(
            RowChange::insert("focus_area", format!("fa-{n}"))
                .set("number", n)
                .set("name_da", format!("Område {n}"))
                .set("name_en_verified", false),
        );
    }
    let codes = ["2.10", "2.2", "10.1", "1.1", "3.1", "2.1"];
    for (i, code) in codes.iter().enumerate() {
        let mut row = RowChange::insert("initiative", format!("ini-{i}"))
            .set("code", *code)
            .set("title", format!("Initiativ {i}"));
        if i != 2 {
            row = row.set("focus_area_id", format!("fa-{}", 1 + i % 3));
        }
        batch.push(row);
        for k in 0..6 {
            let m = format!("ms-{i}-{k}");
            let day = |rng: &mut Seeded| format!("2026-0{}-1{}", 1 + rng.below(6), rng.below(9));
            let planned = day(rng);
            let mut row = RowChange::insert("milestone", m.clone())
                .set("initiative_id", format!("ini-{i}"))
                .set("title", format!("Milepæl {k}"))
                .set("planned_date", planned.clone());
            if rng.below(3) == 0 {
                row = row.set("done_date", day(rng));
            }
            batch.push(row);
            for p in 0..rng.below(4) {
                batch.push(
                    RowChange::insert("milestone_plan", format!("{m}-{p}"))
                        .set("milestone_id", m.clone())
                        .set("planned_date", day(rng))
                        .set(
                            "recorded_at",
                            format!("2026-01-0{}T10:00:00.000Z", 1 + rng.below(2)),
                        ),
                );
            }
        }
    }
    store.write(batch).unwrap();
    store
        .write(vec![
            RowChange::delete("focus_area", "fa-3"),
            RowChange::delete("initiative", "ini-4"),
            RowChange::delete("milestone", "ms-0-1"),
        ])
        .unwrap();
}

#[test]
fn milestone_views_are_what_a_first_plan_subquery_and_the_code_order_give() {
    let dir = temp();
    let (mut store, _clock) = new_store(dir.path(), "ws");
    let mut rng = Seeded(7);
    milestones(&mut store, &mut rng);
    let conn = Connection::open(ws_path(dir.path(), "ws")).unwrap();
    type Row = (
        String,
        String,
        Option<i64>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let mut expected: Vec<Row> = conn
        .prepare(
            "SELECT m.id, i.code, f.number, m.planned_date, m.done_date,
               (SELECT p.planned_date FROM milestone_plan p WHERE p.milestone_id = m.id
                ORDER BY p.recorded_at, p.stamp LIMIT 1)
             FROM milestone m JOIN initiative i ON i.id = m.initiative_id
             LEFT JOIN focus_area f ON f.id = i.focus_area_id AND f.deleted = 0
             WHERE m.deleted = 0 AND i.deleted = 0",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let places = store.focus_area_places().unwrap();
    expected.sort_by_cached_key(|m| {
        (
            m.2.and_then(|n| places.get(&n).copied())
                .unwrap_or(usize::MAX),
            steerco_store::portfolio::code_key(&m.1),
            m.3.clone(),
            m.0.clone(),
        )
    });
    let today: chrono::NaiveDate = "2026-03-01".parse().unwrap();
    let shown = store.milestone_views_as_of(today).unwrap();
    let got: Vec<Row> = shown
        .iter()
        .map(|m| {
            let row = (m.id.clone(), m.initiative.clone(), m.focus_area);
            (
                row.0,
                row.1,
                row.2,
                m.planned.clone(),
                m.done.clone(),
                m.first_planned.clone(),
            )
        })
        .collect();
    assert_eq!(got, expected);
    let date = |s: &Option<String>| s.as_deref().map(|d| d.parse().unwrap());
    for m in &shown {
        let slipped = steerco_store::dashboard::slipped(
            date(&m.planned),
            date(&m.first_planned),
            date(&m.done),
            today,
        );
        assert_eq!(m.slipped, slipped, "{}", m.id);
    }
    assert!(got.iter().any(|m| m.5.is_some() && m.5 != m.3));
    assert!(got.iter().any(|m| m.2.is_none()) && got.iter().any(|m| m.5.is_none()));
}

/// Risks (one deleted, some closed, one on a deleted initiative) assessed
/// several times, some after the days looked back to, scores often tied.
fn risks(store: &mut Store, rng: &mut Seeded) {
    let mut batch = Vec::new();
    for i in 0..3 {
        batch.push(
            RowChange::insert("initiative", format!("ri-{i}"))
                .set("code", format!("5.{i}"))
                .set("title", format!("Initiativ {i}")),
        );
    }
    for k in 0..40 {
        let id = format!("risk-{k:02}");
        batch.push(
            RowChange::insert("risk", id.clone())
                .set("initiative_id", format!("ri-{}", k % 3))
                .set("title", format!("Risiko {}", 40 - k))
                .set("status", if k % 7 == 0 { "closed" } else { "open" })
                .set("recorded_at", "2025-01-01T10:00:00.000Z")
                .set("sample", false),
        );
        for a in 0..1 + rng.below(3) {
            let (l, i) = (1 + rng.below(3) as i64, 1 + rng.below(3) as i64);
            let on = format!("2026-0{}-01", 1 + rng.below(3));
            let mut row = RowChange::insert("risk_assessment", format!("{id}-{a}"))
                .set("risk_id", id.clone())
                .set("likelihood", l)
                .set("impact", i)
                .set("assessed_on", on.clone())
                .set("recorded_at", format!("{on}T1{a}:00:00.000Z"));
            if rng.below(2) == 0 {
                row = row
                    .set("residual_likelihood", l.max(2) - 1)
                    .set("residual_impact", i);
            }
            batch.push(row);
        }
    }
    store.write(batch).unwrap();
    store
        .write(vec![
            RowChange::delete("risk", "risk-05"),
            RowChange::delete("initiative", "ri-2"),
        ])
        .unwrap();
}

#[test]
fn the_top_risks_are_the_open_ones_of_the_register_as_assessed_by_the_day() {
    let dir = temp();
    let (mut store, _clock) = new_store(dir.path(), "ws");
    let mut rng = Seeded(3);
    risks(&mut store, &mut rng);
    let bands = store.bands().unwrap();
    for day in [
        "2026-01-15",
        "2026-02-01",
        "2026-02-20",
        "2026-03-01",
        "2027-01-01",
    ] {
        let day: chrono::NaiveDate = day.parse().unwrap();
        let past = day < "2026-03-01".parse().unwrap();
        let by = |on: &str| on.parse::<chrono::NaiveDate>().is_ok_and(|d| d <= day);
        // The register, each risk as assessed by the day (the dashboard's
        // computation before #21), open ones by score, then id.
        let mut expected: Vec<_> = store
            .risks()
            .unwrap()
            .into_iter()
            .filter_map(|mut r| {
                if past && !by(&r.assessed_on) {
                    let then = r.history.iter().position(|a| by(&a.assessed_on))?;
                    let a = r.history[then].clone();
                    r.history.drain(..=then);
                    (r.inherent, r.residual) = (a.inherent, a.residual);
                    r.assessed_on = a.assessed_on;
                    r.band = bands.band(r.residual.unwrap_or(r.inherent)).to_string();
                }
                Some(r)
            })
            .filter(|r| r.status == "open")
            .collect();
        let score = |r: &steerco_store::ops::risk::RiskView| {
            let (l, i) = r.residual.unwrap_or(r.inherent);
            l * i
        };
        expected.sort_by(|a, b| score(b).cmp(&score(a)).then_with(|| a.id.cmp(&b.id)));
        expected.truncate(10);
        let shown = store.dashboard_as_of(Some(day)).unwrap().top_risks;
        assert_eq!(
            serde_json::to_value(&shown).unwrap(),
            serde_json::to_value(&expected).unwrap(),
            "{day}"
        );
        if day.to_string().as_str() >= "2026-02-01" {
            assert_eq!(shown.len(), 10, "{day}");
        }
    }
}
