//! The read models made fast for #21 give what their plain SQL gives, on a
//! seeded workspace with ties, deleted rows and tasks of their own.

use std::collections::BTreeMap;

use rusqlite::Connection;
use steerco_domain::{Dimension, Rag, Trend};
use steerco_store::{RowChange, Store};

use super::{new_store, temp, ws_path};

/// A small seeded PRNG, so every run checks the same workspace.
pub(crate) struct Seeded(pub(crate) u64);

impl Seeded {
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

const WORDS: [&str; 8] = [
    "beslutning",
    "besluttede",
    "udbud",
    "økonomi",
    "tidsplan",
    "tidsplanen",
    "risiko",
    "næste",
];

fn text(rng: &mut Seeded, n: u64) -> String {
    (0..1 + rng.below(n))
        .map(|_| WORDS[rng.below(WORDS.len() as u64) as usize])
        .collect::<Vec<_>>()
        .join(" ")
}

/// Meetings (one deleted, several at the same time) with agenda items and
/// outcomes of short texts, so relevance ties often; tasks of their own.
pub(crate) fn committee_work(store: &mut Store, rng: &mut Seeded) {
    let mut batch = vec![RowChange::insert("committee", "c-1")
        .set("name", "Styregruppen")
        .set("kind", "portfolio")
        .set("sample", false)];
    for m in 0..40 {
        let meeting = format!("m-{m}");
        batch.push(
            RowChange::insert("meeting", meeting.clone())
                .set("committee_id", "c-1")
                .set("title", format!("Møde {m}"))
                .set("starts_at", format!("2026-0{}-01T09:00:00Z", 1 + m % 6))
                .set("duration_min", 60)
                .set("state", "in_progress")
                .set("sample", false),
        );
        let item = format!("i-{m}");
        batch.push(
            RowChange::insert("agenda_item", item.clone())
                .set("meeting_id", meeting.clone())
                .set("position", "0001")
                .set("title", text(rng, 3))
                .set("closed", false)
                .set("kind", "item"),
        );
        for o in 0..8 {
            let mut row = RowChange::insert("outcome", format!("o-{m}-{o}"))
                .set("meeting_id", meeting.clone())
                .set("agenda_item_id", item.clone())
                .set("text", text(rng, 4))
                .set("recorded_at", "2026-01-01T10:00:00.000Z");
            row = if o % 3 == 0 {
                row.set("kind", "action")
                    .set("owner_id", "00000000-0000-4000-8000-00000000000a")
                    .set("due_date", format!("2026-0{}-01", 1 + rng.below(6)))
                    .set("task_state", ["todo", "doing", "done"][o % 3])
                    .set("board_committee_id", "c-1")
            } else {
                row.set("kind", "note")
            };
            batch.push(row);
        }
    }
    for t in 0..30 {
        batch.push(
            RowChange::insert("outcome", format!("t-{t}"))
                .set("kind", "action")
                .set("text", text(rng, 4))
                .set(
                    "recorded_at",
                    format!("2026-02-{:02}T10:00:00.000Z", 1 + t % 5),
                )
                .set("task_state", "todo")
                .set("board_committee_id", "c-1"),
        );
    }
    store.write(batch).unwrap();
    store
        .write(vec![RowChange::delete("meeting", "m-7")])
        .unwrap();
}

#[test]
fn search_gives_the_best_hits_by_relevance_then_date_as_sql_orders_them() {
    let dir = temp();
    let (mut store, _clock) = new_store(dir.path(), "ws");
    let mut rng = Seeded(2016);
    committee_work(&mut store, &mut rng);
    let conn = Connection::open(ws_path(dir.path(), "ws")).unwrap();
    let mut plain = conn
        .prepare(
            "SELECT s.kind, s.row_id, s.meeting_id, m.title, c.name, m.starts_at, s.body
             FROM search_index s
             LEFT JOIN meeting m ON m.id = s.meeting_id
             LEFT JOIN outcome o ON s.meeting_id IS NULL AND o.id = s.row_id
             JOIN committee c ON c.id = COALESCE(m.committee_id, o.board_committee_id)
             WHERE search_index MATCH ?1 AND (s.meeting_id IS NULL OR m.deleted = 0)
             ORDER BY rank, COALESCE(m.starts_at, o.recorded_at) DESC, s.rowid LIMIT ?2",
        )
        .unwrap();
    for input in [
        "beslut",
        "tidsplan",
        "økonomi tidsplan",
        "næste risiko",
        "xyz",
    ] {
        let query = steerco_store::search::fts_query(input).unwrap();
        for limit in [1, 3, 10, 50, 1000] {
            let expected: Vec<_> = plain
                .query_map(rusqlite::params![query, limit], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, String>(6)?,
                    ))
                })
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            let got: Vec<_> = store
                .search(input, limit as usize)
                .unwrap()
                .into_iter()
                .map(|h| {
                    (
                        h.kind,
                        h.id,
                        h.meeting_id,
                        h.meeting,
                        h.committee,
                        h.starts_at,
                        h.text,
                    )
                })
                .collect();
            assert_eq!(got, expected, "{input:?}, limit {limit}");
        }
    }
    assert!(store.search("beslut", 1000).unwrap().len() > 50);
    assert!(store
        .search("beslut", 1000)
        .unwrap()
        .iter()
        .all(|h| h.meeting_id.as_deref() != Some("m-7")));
}

/// Initiatives whose updates are written interleaved, often on the same day
/// and at the same recorded time (the stamp decides), some with their
/// dimension spelt as an alias of its word (the same dimension all the
/// same); one initiative deleted.
fn statuses(store: &mut Store, rng: &mut Seeded) {
    let mut batch = Vec::new();
    for i in 0..12 {
        batch.push(
            RowChange::insert("initiative", format!("ini-{i}"))
                .set("code", format!("1.{i}"))
                .set("title", format!("Initiativ {i}")),
        );
    }
    for k in 0..400 {
        let day = 1 + rng.below(6);
        let dimension = Dimension::ALL[rng.below(Dimension::ALL.len() as u64) as usize].as_str();
        let dimension = match rng.below(8) {
            0 => dimension.to_uppercase(),
            1 => format!(" {dimension}"),
            _ => dimension.to_string(),
        };
        let mut row = RowChange::insert("status_update", format!("st-{k}"))
            .set("initiative_id", format!("ini-{}", rng.below(12)))
            .set("dimension", dimension)
            .set(
                "rag",
                Rag::ALL[rng.below(Rag::ALL.len() as u64) as usize].as_str(),
            )
            .set("date", format!("2026-01-0{day}"))
            .set(
                "recorded_at",
                format!("2026-01-0{day}T1{}:00:00.000Z", rng.below(2)),
            )
            .set("sample", rng.below(2) == 0);
        if rng.below(3) > 0 {
            row = row.set("reason", text(rng, 3));
        }
        batch.push(row);
    }
    store.write(batch).unwrap();
    store
        .write(vec![RowChange::delete("initiative", "ini-5")])
        .unwrap();
}

/// (initiative, dimension) -> (rag, trend, date, reason, sample), as a
/// window over the live updates dated up to `as_of` orders them (a
/// dimension's aliases in this fixture are its word in capitals or after a
/// space).
type Latest = BTreeMap<(String, String), (Rag, Trend, String, Option<String>, bool)>;

fn latest_by_sql(conn: &Connection, as_of: &str) -> Latest {
    let mut stmt = conn
        .prepare(
            "SELECT u.initiative_id, u.dimension, u.rag, u.date, u.reason, u.sample, u.n
             FROM (SELECT *, row_number() OVER (PARTITION BY initiative_id, lower(trim(dimension))
                          ORDER BY date DESC, recorded_at DESC, stamp DESC) AS n
                   FROM status_update WHERE deleted = 0 AND date <= ?1) u
             JOIN initiative i ON i.id = u.initiative_id AND i.deleted = 0
             WHERE u.n <= 2 ORDER BY u.initiative_id, lower(trim(u.dimension)), u.n",
        )
        .unwrap();
    type Row = (String, String, String, String, Option<String>, bool, i64);
    let rows: Vec<Row> = stmt
        .query_map([as_of], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = Latest::new();
    for (initiative, dimension, rag, date, reason, sample, n) in rows {
        let rag: Rag = rag.parse().unwrap();
        let dimension: Dimension = dimension.parse().unwrap();
        let key = (initiative, dimension.as_str().to_string());
        if n == 1 {
            out.insert(key, (rag, Trend::between(None, rag), date, reason, sample));
        } else {
            let newest = out.get_mut(&key).unwrap();
            newest.1 = Trend::between(Some(rag), newest.0);
        }
    }
    out
}

fn latest_shown(initiatives: &[steerco_store::portfolio::InitiativeSummary]) -> Latest {
    initiatives
        .iter()
        .flat_map(|i| {
            i.status.iter().map(|(d, s)| {
                (
                    (i.id.clone(), d.as_str().to_string()),
                    (s.rag, s.trend, s.date.clone(), s.reason.clone(), s.sample),
                )
            })
        })
        .collect()
}

#[test]
fn the_portfolio_shows_the_latest_status_and_trend_a_window_over_all_updates_gives() {
    let dir = temp();
    let (mut store, _clock) = new_store(dir.path(), "ws");
    let mut rng = Seeded(21);
    statuses(&mut store, &mut rng);
    let conn = Connection::open(ws_path(dir.path(), "ws")).unwrap();
    let portfolio = store.portfolio().unwrap();
    assert_eq!(portfolio.initiatives.len(), 11);
    let shown = latest_shown(&portfolio.initiatives);
    assert_eq!(shown, latest_by_sql(&conn, "9999"));
    assert!(shown.values().any(|s| s.1 != Trend::Unknown));
    for day in ["2026-01-02", "2026-01-04"] {
        let then = store.portfolio_as_of(day.parse().unwrap()).unwrap();
        assert_eq!(latest_shown(&then), latest_by_sql(&conn, day), "{day}");
    }
    for i in &portfolio.initiatives {
        let one = store.initiative(&i.id).unwrap().summary;
        assert_eq!(one.status.len(), i.status.len());
        assert_eq!(latest_shown(&[one]), latest_shown(std::slice::from_ref(i)));
    }
    // The walk reads only its index (migration 19), in its order: never the
    // table, never a sort.
    for sql in steerco_store::portfolio::LATEST_STATUS_WALK {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let one = std::iter::repeat_n("ini-1", stmt.parameter_count());
        let plan: Vec<String> = stmt
            .query_map(rusqlite::params_from_iter(one), |r| r.get(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let plan = plan.join("; ");
        assert!(
            plan.contains("COVERING INDEX status_update_newest"),
            "{plan}"
        );
        assert!(!plan.contains("TEMP B-TREE"), "{plan}");
    }
}

#[test]
fn tasks_are_the_rows_and_order_the_joined_sql_gives() {
    let dir = temp();
    let (mut store, _clock) = new_store(dir.path(), "ws");
    let mut rng = Seeded(12);
    committee_work(&mut store, &mut rng);
    for task in ["o-3-0", "o-3-0", "t-4"] {
        store.comment_task(task, "En kommentar").unwrap();
    }
    let conn = Connection::open(ws_path(dir.path(), "ws")).unwrap();
    type Row = (
        String,
        Option<String>,
        Option<String>,
        String,
        Option<String>,
        usize,
    );
    let expected: Vec<Row> = conn
        .prepare(
            "SELECT o.id, p.name, o.due_date, c.name, m.title,
                    (SELECT count(*) FROM task_comment k WHERE k.task_id = o.id AND k.deleted = 0)
             FROM outcome o LEFT JOIN meeting m ON m.id = o.meeting_id
             JOIN committee c ON c.id = o.board_committee_id
             LEFT JOIN person p ON p.id = o.owner_id
             WHERE o.kind = 'action' AND o.deleted = 0
               AND (o.meeting_id IS NULL OR m.deleted = 0)
             ORDER BY o.due_date IS NULL, o.due_date, o.id",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get::<_, i64>(5)? as usize,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let got: Vec<Row> = store
        .tasks(&Default::default())
        .unwrap()
        .into_iter()
        .map(|t| {
            (
                t.id,
                t.owner,
                t.due_date,
                t.committee,
                t.meeting,
                t.comments,
            )
        })
        .collect();
    assert_eq!(got, expected);
    assert!(got.iter().any(|t| t.5 == 2) && got.iter().any(|t| t.2.is_none()));
}
