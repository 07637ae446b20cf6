//! Search ranks a query of plain words itself (search/rank.rs) from the
//! index's occurrences and sizes: the hits must come in exactly the order
//! FTS5's bm25 gives them, also after texts are corrected and rows deleted
//! (the index then holds deletions too), and a query of other letters, which
//! FTS5 ranks, in that order as well.

use rusqlite::Connection;
use steerco_store::{RowChange, Store};

use super::reads::{committee_work, Seeded};
use super::{new_store, temp, ws_path, TestClock};

#[test]
fn hits_come_in_fts5_bm25_order_after_corrections_and_deletes() {
    let dir = temp();
    let (mut store, _clock) = new_store(dir.path(), "ws");
    let mut rng = Seeded(21);
    committee_work(&mut store, &mut rng);
    // Upper case, Danish letters, letters FTS5 folds differently from a
    // plain lower-casing, and one long text, so document sizes differ.
    let texts = [
        "ØKONOMIEN Beslutning besluttede",
        "Łódź beslutning økonomi",
        "næste NÆSTE næste risiko",
        "beslutning tidsplan udbud risiko økonomi næste besluttede tidsplanen udbud",
    ];
    let mut batch = Vec::new();
    for (k, text) in texts.iter().enumerate() {
        batch.push(
            RowChange::insert("outcome", format!("x-{k}"))
                .set("meeting_id", "m-1")
                .set("agenda_item_id", "i-1")
                .set("kind", "note")
                .set("text", *text)
                .set("recorded_at", "2026-01-01T10:00:00.000Z"),
        );
    }
    store.write(batch).unwrap();
    let mut edits = Vec::new();
    for m in 0..40 {
        if m % 3 == 0 {
            edits.push(
                RowChange::update("outcome", format!("o-{m}-1"))
                    .set("text", format!("tidsplan Tidsplanen {m} beslut")),
            );
        }
        if m % 5 == 0 {
            edits.push(RowChange::delete("outcome", format!("o-{m}-2")));
        }
    }
    store.write(edits).unwrap();

    let conn = Connection::open(ws_path(dir.path(), "ws")).unwrap();
    let mut by_fts5 = conn
        .prepare(
            "SELECT s.row_id FROM search_index s
             LEFT JOIN meeting m ON m.id = s.meeting_id
             LEFT JOIN outcome o ON s.meeting_id IS NULL AND o.id = s.row_id
             JOIN committee c ON c.id = COALESCE(m.committee_id, o.board_committee_id)
             WHERE search_index MATCH ?1 AND (s.meeting_id IS NULL OR m.deleted = 0)
             ORDER BY rank, COALESCE(m.starts_at, o.recorded_at) DESC, s.rowid LIMIT ?2",
        )
        .unwrap();
    let mut searched = 0;
    for input in [
        "beslut",
        "BESLUTNING",
        "Økonomi",
        "tidsplan beslut",
        "næste risiko",
        "n",
        "t 3",
        "łódź",
        "Łódź beslut",
        "zzz",
        "beslut zzz",
    ] {
        let query = steerco_store::search::fts_query(input).unwrap();
        for limit in [1, 5, 50, 10_000] {
            let expected: Vec<String> = by_fts5
                .query_map(rusqlite::params![query, limit], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            let got: Vec<String> = store
                .search(input, limit as usize)
                .unwrap()
                .into_iter()
                .map(|h| h.id)
                .collect();
            assert_eq!(got, expected, "{input:?}, limit {limit}");
            searched += got.len();
        }
    }
    assert!(searched > 500, "the queries find little: {searched}");
}

/// The index copies an outcome's kind and meeting and an agenda item's
/// meeting: a change of one of those alone reaches it (migration 23), as a
/// change of the text does.
#[test]
fn a_change_of_kind_or_meeting_alone_reaches_the_index() {
    let dir = temp();
    let (mut store, _clock) = new_store(dir.path(), "ws");
    committee_work(&mut store, &mut Seeded(5));
    store
        .write(vec![
            RowChange::insert("outcome", "x")
                .set("meeting_id", "m-1")
                .set("agenda_item_id", "i-1")
                .set("kind", "note")
                .set("text", "Kvartalsrapporten godkendes")
                .set("recorded_at", "2026-01-01T10:00:00.000Z"),
            RowChange::insert("agenda_item", "i-x")
                .set("meeting_id", "m-1")
                .set("position", "zz")
                .set("title", "Halvårsregnskab")
                .set("closed", false)
                .set("kind", "item"),
        ])
        .unwrap();
    store
        .write(vec![
            RowChange::update("outcome", "x")
                .set("kind", "decision")
                .set("decision_status", "adopted"),
            RowChange::update("agenda_item", "i-x").set("meeting_id", "m-2"),
        ])
        .unwrap();
    let hit = |word: &str| {
        let hits = store.search(word, 5).unwrap();
        assert_eq!(hits.len(), 1, "{word}");
        (hits[0].kind.clone(), hits[0].meeting_id.clone())
    };
    assert_eq!(
        hit("kvartalsrapporten"),
        ("decision".to_string(), Some("m-1".to_string()))
    );
    assert_eq!(
        hit("halvårsregnskab"),
        ("agenda".to_string(), Some("m-2".to_string()))
    );
}

/// What the index holds of outcome o-1-0 (its kind) and agenda item i-1 (its meeting).
fn indexed(conn: &Connection) -> (String, String) {
    conn.query_row(
        "SELECT (SELECT s.kind FROM search_index s JOIN outcome o ON s.rowid = o.rowid * 2
                 WHERE o.id = 'o-1-0'),
                (SELECT s.meeting_id FROM search_index s
                 JOIN agenda_item a ON s.rowid = a.rowid * 2 + 1 WHERE a.id = 'i-1')",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

/// A workspace whose index the triggers before migration 23 left behind
/// (an outcome's kind and an agenda item's meeting changed alone) is
/// indexed again by the migration.
#[test]
fn migration_23_indexes_again_what_the_old_triggers_missed() {
    let dir = temp();
    let path = ws_path(dir.path(), "v22");
    {
        let (mut store, _clock) = new_store(dir.path(), "v22");
        committee_work(&mut store, &mut Seeded(6));
    }
    {
        // Back to the triggers of schema 22, then a change each misses.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TRIGGER outcome_search_update;
             CREATE TRIGGER outcome_search_update AFTER UPDATE OF text, deleted ON outcome BEGIN
                 DELETE FROM search_index WHERE rowid = old.rowid * 2;
                 INSERT INTO search_index (rowid, body, kind, row_id, meeting_id)
                     SELECT new.rowid * 2, new.text, new.kind, new.id, new.meeting_id
                     WHERE new.deleted = 0;
             END;
             DROP TRIGGER agenda_search_update;
             CREATE TRIGGER agenda_search_update AFTER UPDATE OF title, deleted ON agenda_item BEGIN
                 DELETE FROM search_index WHERE rowid = old.rowid * 2 + 1;
                 INSERT INTO search_index (rowid, body, kind, row_id, meeting_id)
                     SELECT new.rowid * 2 + 1, new.title, 'agenda', new.id, new.meeting_id
                     WHERE new.deleted = 0;
             END;
             UPDATE outcome SET kind = 'decision', decision_status = 'adopted' WHERE id = 'o-1-0';
             UPDATE agenda_item SET meeting_id = 'm-2' WHERE id = 'i-1';
             DELETE FROM schema_migration WHERE version = 23;",
        )
        .unwrap();
        let stale = indexed(&conn);
        assert_ne!(stale.0, "decision", "the old trigger missed the kind");
        assert_eq!(stale.1, "m-1", "the old trigger missed the meeting");
    }
    let store = Store::open(&path, Box::new(TestClock::at("2026-03-01T09:00:00Z"))).unwrap();
    assert_eq!(store.schema_version().unwrap(), 23);
    let now = indexed(&Connection::open(&path).unwrap());
    drop(store);
    assert_eq!(now, ("decision".to_string(), "m-2".to_string()));
}
