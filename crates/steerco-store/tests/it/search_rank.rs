//! Search ranks a query of plain words itself (search/rank.rs) from the
//! index's occurrences and sizes: the hits must come in exactly the order
//! FTS5's bm25 gives them, also after texts are corrected and rows deleted
//! (the index then holds deletions too), and a query of other letters, which
//! FTS5 ranks, in that order as well.

use rusqlite::Connection;
use steerco_store::RowChange;

use super::reads::{committee_work, Seeded};
use super::{new_store, temp, ws_path};

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
