//! The pages read as the vocab view reads them: an index of many segments,
//! small pages, corrections, deletions and half-done merges; damaged pages.

use rusqlite::Connection;

use super::{structure, Pages};
use crate::search::rank::occurrences;
use crate::{RowChange, Store};

/// Prefixes of every kind: all terms, one letter, a whole word that is
/// also the start of longer ones, a letter beyond ASCII, none.
const PREFIXES: [&str; 11] = [
    "",
    "b",
    "be",
    "beslut",
    "beslutning",
    "ø",
    "økonomi",
    "t",
    "risiko",
    "1",
    "zz",
];

const WORDS: [&str; 12] = [
    "beslut",
    "beslutning",
    "beslutningen",
    "besluttede",
    "besøg",
    "b",
    "økonomi",
    "økonomien",
    "tidsplan",
    "risiko",
    "forsinkelse",
    "17",
];

/// A small generator of texts (no dependency for a test's dice).
struct Dice(u64);

impl Dice {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % below as u64) as usize
    }

    fn text(&mut self, words: usize) -> String {
        let words: Vec<&str> = (0..words).map(|_| WORDS[self.next(WORDS.len())]).collect();
        words.join(" ")
    }
}

fn fts(conn: &Connection, command: &str, value: i64) {
    conn.execute(
        "INSERT INTO search_index(search_index, rank) VALUES (?1, ?2)",
        rusqlite::params![command, value],
    )
    .unwrap();
}

/// The pages and the vocab view agree for every prefix.
fn agree(store: &Store, phase: &str) {
    let conn = store.conn();
    let pages = Pages::read(conn).unwrap().expect("the structure is read");
    for prefix in PREFIXES {
        let read = pages.occurrences(conn, prefix).unwrap();
        let expected = occurrences(conn, prefix).unwrap();
        assert_eq!(read, Some(expected), "{phase}: {prefix:?}");
    }
}

fn segments(store: &Store) -> Vec<(i64, i64)> {
    let record: Vec<u8> = store
        .conn()
        .query_row(
            "SELECT block FROM search_index_data WHERE id = 10",
            [],
            |r| r.get(0),
        )
        .unwrap();
    structure(&record)
        .unwrap()
        .iter()
        .map(|s| (s.first, s.last))
        .collect()
}

fn outcome(id: usize, text: String) -> RowChange {
    RowChange::insert("outcome", format!("o-{id}"))
        .set("meeting_id", "m")
        .set("agenda_item_id", "i")
        .set("kind", "note")
        .set("text", text)
        .set("recorded_at", "2026-01-01T10:00:00.000Z")
}

/// A workspace with a meeting to record outcomes in, small index pages
/// (doclists and position lists run over several) and no automatic
/// merges (every transaction leaves a segment).
fn workspace() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = crate::test_store();
    store.write(crate::search::a_meeting()).unwrap();
    fts(store.conn(), "pgsz", 64);
    fts(store.conn(), "automerge", 0);
    (dir, store)
}

#[test]
fn the_pages_give_what_the_vocab_view_gives() {
    let (_dir, mut store) = workspace();
    let mut dice = Dice(2016);
    let mut next = 0;
    for round in 0..12 {
        let mut batch = Vec::new();
        for _ in 0..25 {
            // Now and then a long text: a position list over pages.
            let words = if dice.next(10) == 0 {
                300
            } else {
                1 + dice.next(30)
            };
            batch.push(outcome(next, dice.text(words)));
            next += 1;
        }
        store.write(batch).unwrap();
        if round % 4 == 3 {
            agree(&store, &format!("round {round}"));
        }
    }
    assert!(segments(&store).len() >= 12, "{:?}", segments(&store));
    // Corrections and deletions: newer segments shadow older ones; then
    // the same with FTS5's secure-delete (deletions edit older pages).
    let mut deleted = std::collections::HashSet::new();
    for round in 0..8 {
        if round == 6 {
            fts(store.conn(), "secure-delete", 1);
        }
        edit(&mut store, &mut dice, next, &mut deleted);
        agree(&store, &format!("edits {round}"));
    }
    fts(store.conn(), "secure-delete", 0);
    // An incremental merge left half done: segments trimmed at the front.
    fts(store.conn(), "merge", -2);
    agree(&store, "a merge begun");
    assert!(
        segments(&store).iter().any(|&(first, _)| first > 1),
        "no segment trimmed: {:?}",
        segments(&store)
    );
    fts(store.conn(), "merge", 5);
    agree(&store, "a merge further on");
    // Back to the default page size and merges, then one segment.
    fts(store.conn(), "pgsz", 4050);
    fts(store.conn(), "automerge", 4);
    store.write(vec![outcome(next, dice.text(500))]).unwrap();
    agree(&store, "larger pages");
    fts(store.conn(), "optimize", 0);
    assert_eq!(segments(&store).len(), 1);
    agree(&store, "optimized");
}

/// Up to 20 outcomes of the first `count` corrected or deleted, at random,
/// in one batch (none deleted before, none twice).
fn edit(
    store: &mut Store,
    dice: &mut Dice,
    count: usize,
    deleted: &mut std::collections::HashSet<usize>,
) {
    let mut picked = std::collections::HashSet::new();
    let mut edits = Vec::new();
    for _ in 0..20 {
        let id = dice.next(count);
        if deleted.contains(&id) || !picked.insert(id) {
            continue;
        }
        if dice.next(3) == 0 {
            deleted.insert(id);
            edits.push(RowChange::delete("outcome", format!("o-{id}")));
        } else {
            let words = 1 + dice.next(40);
            let text = dice.text(words);
            edits.push(RowChange::update("outcome", format!("o-{id}")).set("text", text));
        }
    }
    store.write(edits).unwrap();
}

#[test]
fn a_segment_a_merge_has_used_up_is_empty() {
    let (_dir, mut store) = workspace();
    for k in 0..3 {
        store.write(vec![outcome(k, "aaa".into())]).unwrap();
    }
    // Two hundred terms after "aaa": the merge below stops inside them,
    // after it has taken every term of the first three segments.
    let words: Vec<String> = (0..200u8)
        .map(|k| format!("{}{}x", (b'b' + k % 24) as char, (b'a' + k / 24) as char))
        .collect();
    store.write(vec![outcome(3, words.join(" "))]).unwrap();
    fts(store.conn(), "merge", 3);
    assert!(
        segments(&store).contains(&(0, 0)),
        "no used-up segment: {:?}",
        segments(&store)
    );
    agree(&store, "a segment used up");
    assert_eq!(store.search("aaa", 5).unwrap().len(), 3);
}

#[test]
fn damaged_pages_give_none_or_lists_never_a_panic() {
    let (_dir, mut store) = workspace();
    let mut dice = Dice(21);
    let mut batch = Vec::new();
    for k in 0..60 {
        let words = 1 + dice.next(60);
        batch.push(outcome(k, dice.text(words)));
    }
    store.write(batch).unwrap();
    let conn = store.conn();
    let pages = Pages::read(conn).unwrap().unwrap();
    let leaves: Vec<(i64, Vec<u8>)> = conn
        .prepare("SELECT id, block FROM search_index_data WHERE id > 10")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(leaves.len() > 20);
    let mut refused = 0;
    for _ in 0..400 {
        let (id, block) = &leaves[dice.next(leaves.len())];
        let mut damaged = block.clone();
        match dice.next(3) {
            0 => {
                let len = dice.next(block.len());
                damaged.truncate(len);
            }
            _ => {
                let at = dice.next(block.len());
                let byte = dice.next(256) as u8;
                damaged[at] = byte;
            }
        }
        let set = "UPDATE search_index_data SET block = ?2 WHERE id = ?1";
        conn.execute(set, rusqlite::params![id, damaged]).unwrap();
        for prefix in PREFIXES {
            if pages.occurrences(conn, prefix).unwrap().is_none() {
                refused += 1;
            }
        }
        conn.execute(set, rusqlite::params![id, block]).unwrap();
    }
    // Damage is found, not only survived.
    assert!(refused > 100, "{refused}");
    agree(&store, "mended");
}
