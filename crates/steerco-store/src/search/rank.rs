//! FTS5's bm25 for a query of plain prefixes, computed from what the index
//! stores instead of by FTS5's bm25() (see the module above for why). The
//! arithmetic is bm25()'s, step for step, so every score is the same double
//! and the order of the hits is the same.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use rusqlite::types::{Type, ValueRef};
use rusqlite::Connection;

use super::doclists::Pages;
use super::leaf::varint;
use super::{take_best, Scored};
use crate::error::Result;

/// BM25's constants, as FTS5's bm25() has them.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// A score as a key of a heap (scores are finite).
#[derive(Clone, Copy, PartialEq)]
struct Key(f64);

impl Eq for Key {}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Documents (index rowids, ascending), each with how often a prefix
/// occurs in it and the position of its last occurrence.
pub(super) type Counts = Vec<Count>;

/// A document (index rowid), how often a prefix occurs in it, the position
/// of its last occurrence.
pub(super) type Count = (i64, u32, i64);

/// What scores a document besides its own counts and size.
struct Weights {
    idf: Vec<f64>,
    avgdl: f64,
    /// Each pending document's counts, a prefix's after another's.
    freq: Vec<u32>,
}

impl Weights {
    /// bm25() for counts `freq` and a size of `size` tokens, its steps in
    /// its order. A larger size never gives a better (lower) score.
    fn score(&self, freq: &[u32], size: i64) -> f64 {
        let d = size as f64;
        let mut score = 0.0;
        for (&f, idf) in freq.iter().zip(&self.idf) {
            let f = f as f64;
            score += idf * ((f * (K1 + 1.0)) / (f + K1 * (1.0 - B + B * d / self.avgdl)));
        }
        -score
    }
}

/// The matches of a query, ranked on demand. Read from the index, a match's
/// counts give the best score its size allows, as that size is at least its
/// last occurrence's position + 1; its exact score (its size looked up) is
/// worked out only once it could be among the best still wanted.
pub(super) struct Ranking<'c> {
    conn: &'c Connection,
    weights: Weights,
    /// Not yet scored: (the best score it could have, rowid, its counts' index).
    pending: BinaryHeap<Reverse<(Key, i64, usize)>>,
    /// Scored, not yet handed out.
    scored: Vec<Scored>,
    /// After this many sizes looked up in one round, every pending match is
    /// scored in one pass over the sizes instead: a look-up costs about as
    /// much as reading 20 sizes in order, so a round never costs much more
    /// than that pass (when few matches' counts rule them out).
    pub(super) bulk_after: usize,
}

impl<'c> Ranking<'c> {
    /// Matches FTS5 has scored already.
    pub(super) fn scored(conn: &'c Connection, scored: Vec<Scored>) -> Self {
        let weights = Weights {
            idf: Vec::new(),
            avgdl: 1.0,
            freq: Vec::new(),
        };
        Ranking {
            conn,
            weights,
            pending: BinaryHeap::new(),
            scored,
            bulk_after: 0,
        }
    }

    /// Every document holding all `prefixes` (each a prefix of an index
    /// term, lower case); None when the index's totals are not in the form
    /// read here, so FTS5 ranks instead. `from_pages`: the occurrences may be
    /// read from the index's pages (no transaction is open; see doclists.rs).
    pub(super) fn by_counts(
        conn: &'c Connection,
        prefixes: &[String],
        from_pages: bool,
    ) -> Result<Option<Self>> {
        // FTS5's totals: the rows, then each column's tokens, as varints.
        let totals: Option<Vec<u8>> = conn
            .prepare_cached("SELECT block FROM search_index_data WHERE id = 1")?
            .query([])?
            .next()?
            .map(|r| r.get(0))
            .transpose()?;
        let totals = totals.unwrap_or_default();
        let Some(totals) = varints(&totals) else {
            return Ok(None);
        };
        let rows = totals.first().copied().unwrap_or(0);
        if rows <= 0 {
            // An empty index: nothing to rank.
            return Ok(None);
        }
        // Damaged totals (a sum past i64) leave the ranking to FTS5.
        let Some(tokens) = totals
            .iter()
            .skip(1)
            .try_fold(0i64, |sum, &n| sum.checked_add(n))
        else {
            return Ok(None);
        };
        let pages = if from_pages { Pages::read(conn)? } else { None };
        let mut counts = Vec::with_capacity(prefixes.len());
        for prefix in prefixes {
            let read = match &pages {
                Some(pages) => pages.occurrences(conn, prefix)?,
                None => None,
            };
            // Every search of a debug build (every test) checks the pages
            // give what the vocab view gives.
            debug_assert!(
                read.is_none() || read == Some(occurrences(conn, prefix)?),
                "the index's pages and its vocab view differ for {prefix:?}"
            );
            debug_assert!(
                read.is_some() || !from_pages,
                "the index's pages were not read for {prefix:?}"
            );
            let found = match read {
                Some(found) => found,
                None => occurrences(conn, prefix)?,
            };
            if found.is_empty() {
                return Ok(Some(Ranking::scored(conn, Vec::new())));
            }
            counts.push(found);
        }
        let idf = counts
            .iter()
            .map(|list| {
                let hits = list.len() as i64;
                let idf = ((rows - hits) as f64 + 0.5) / (hits as f64 + 0.5);
                let idf = idf.ln();
                if idf <= 0.0 {
                    1e-6
                } else {
                    idf
                }
            })
            .collect();
        let mut weights = Weights {
            idf,
            avgdl: tokens as f64 / rows as f64,
            freq: Vec::new(),
        };
        // Documents with every prefix, each with the best score it could have.
        let mut pending = Vec::new();
        let mut at = vec![0usize; counts.len()];
        'doc: for &(doc, n, last) in &counts[0] {
            let start = weights.freq.len();
            weights.freq.push(n);
            let mut least_size = last + 1;
            for (k, list) in counts.iter().enumerate().skip(1) {
                while at[k] < list.len() && list[at[k]].0 < doc {
                    at[k] += 1;
                }
                match list.get(at[k]) {
                    Some(&(d, n, last)) if d == doc => {
                        weights.freq.push(n);
                        least_size = least_size.max(last + 1);
                    }
                    _ => {
                        weights.freq.truncate(start);
                        continue 'doc;
                    }
                }
            }
            let best = weights.score(&weights.freq[start..], least_size);
            pending.push(Reverse((Key(best), doc, start)));
        }
        Ok(Some(Ranking {
            conn,
            weights,
            pending: BinaryHeap::from(pending),
            scored: Vec::new(),
            bulk_after: usize::try_from(rows / 20).unwrap_or(usize::MAX),
        }))
    }

    /// The `n` best matches not yet handed out, with every one tied with the
    /// worst of them, in no order: pending matches are scored, best possible
    /// score first, until none left could beat or tie the `n`th best scored.
    pub(super) fn next_best(&mut self, n: usize) -> Result<Vec<Scored>> {
        if !self.pending.is_empty() {
            // The `n` best scores so far, the worst on top.
            let mut best: BinaryHeap<Key> = BinaryHeap::new();
            for &(score, _) in &self.scored {
                best.push(Key(score));
                if best.len() > n {
                    best.pop();
                }
            }
            let mut looked_up = 0;
            while let Some(&Reverse((bound, doc, at))) = self.pending.peek() {
                if best.len() >= n && best.peek().is_some_and(|worst| bound > *worst) {
                    break;
                }
                if looked_up == self.bulk_after {
                    self.score_all_pending()?;
                    break;
                }
                looked_up += 1;
                self.pending.pop();
                let width = self.weights.idf.len();
                let score = self
                    .weights
                    .score(&self.weights.freq[at..at + width], size(self.conn, doc)?);
                self.scored.push((score, doc));
                best.push(Key(score));
                if best.len() > n {
                    best.pop();
                }
            }
        }
        let count = take_best(&mut self.scored, n);
        Ok(self.scored.drain(..count).collect())
    }

    /// Scores every pending match, reading the sizes in rowid order.
    fn score_all_pending(&mut self) -> Result<()> {
        let mut pending: Vec<(i64, usize)> = self
            .pending
            .drain()
            .map(|Reverse((_, doc, at))| (doc, at))
            .collect();
        pending.sort_unstable();
        let Some(&(first, _)) = pending.first() else {
            return Ok(());
        };
        let mut sizes = self
            .conn
            .prepare_cached("SELECT id, sz FROM search_index_docsize WHERE id >= ?1 ORDER BY id")?;
        let mut rows = sizes.query([first])?;
        let width = self.weights.idf.len();
        let mut next = pending.iter().peekable();
        while let Some(&&(doc, at)) = next.peek() {
            let row = rows.next()?.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
            let id: i64 = row.get(0)?;
            if id < doc {
                continue;
            }
            if id > doc {
                return Err(rusqlite::Error::QueryReturnedNoRows.into());
            }
            let size = sum(row.get_ref(1)?)?;
            let score = self.weights.score(&self.weights.freq[at..at + width], size);
            self.scored.push((score, doc));
            next.next();
        }
        Ok(())
    }
}

/// A document's size in tokens, from FTS5's table of sizes (a row per
/// document: its columns' sizes as varints, the unindexed columns' 0).
fn size(conn: &Connection, doc: i64) -> Result<i64> {
    let size = conn
        .prepare_cached("SELECT sz FROM search_index_docsize WHERE id = ?1")?
        .query_row([doc], |r| sum(r.get_ref(0)?))?;
    Ok(size)
}

/// The sum of a size's varints (one a column).
fn sum(sizes: ValueRef) -> rusqlite::Result<i64> {
    let sizes = sizes.as_blob().ok().and_then(varints);
    let total = sizes.and_then(|s| s.iter().try_fold(0i64, |sum, &n| sum.checked_add(n)));
    total.ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(0, Type::Blob, "damaged size".into())
    })
}

/// The documents where a term beginning with `prefix` occurs, each with how
/// often and where last: every such term found by seeking past the one
/// before, then its occurrences read term by term (a range over the terms
/// would compare every occurrence's term).
pub(super) fn occurrences(conn: &Connection, prefix: &str) -> Result<Counts> {
    let mut first =
        conn.prepare_cached("SELECT term FROM search_terms WHERE term >= ?1 LIMIT 1")?;
    let mut of_term =
        conn.prepare_cached("SELECT doc, \"offset\" FROM search_terms WHERE term = ?1")?;
    let mut lists: Vec<Counts> = Vec::new();
    let mut from = prefix.to_string();
    loop {
        let term: Option<String> = first
            .query([&from])?
            .next()?
            .map(|r| r.get(0))
            .transpose()?;
        let Some(term) = term.filter(|t| t.starts_with(prefix)) else {
            break;
        };
        let mut list: Counts = Vec::new();
        let mut rows = of_term.query([&term])?;
        while let Some(row) = rows.next()? {
            let (doc, offset): (i64, i64) = (row.get(0)?, row.get(1)?);
            match list.last_mut() {
                Some(last) if last.0 == doc => {
                    last.1 += 1;
                    last.2 = last.2.max(offset);
                }
                _ => list.push((doc, 1, offset)),
            }
        }
        // FTS5 gives a term's occurrences in rowid order; a merge relies on it.
        if !list.is_sorted_by(|a, b| a.0 < b.0) {
            list.sort_unstable();
            list.dedup_by(|b, a| {
                let same = a.0 == b.0;
                if same {
                    a.1 += b.1;
                    a.2 = a.2.max(b.2);
                }
                same
            });
        }
        lists.push(list);
        // The next term is the least one after this: no term holds a NUL.
        from = format!("{term}\0");
    }
    Ok(merge_all(lists, merge))
}

/// Lists as one, merged pairwise (a list with the one after it) until one is
/// left, so each entry is copied about log2(lists) times.
pub(super) fn merge_all<T>(mut lists: Vec<Vec<T>>, pair: fn(Vec<T>, Vec<T>) -> Vec<T>) -> Vec<T> {
    while lists.len() > 1 {
        let mut merged = Vec::with_capacity(lists.len().div_ceil(2));
        let mut it = lists.into_iter();
        while let Some(a) = it.next() {
            merged.push(match it.next() {
                Some(b) => pair(a, b),
                None => a,
            });
        }
        lists = merged;
    }
    lists.pop().unwrap_or_default()
}

/// Two documents' lists as one, a document in both with its counts added.
pub(super) fn merge(a: Counts, b: Counts) -> Counts {
    merge_with(a, b, |x, y| (x.0, x.1 + y.1, x.2.max(y.2)))
}

/// Two lists in rowid order as one; a rowid in both as `both` makes it of
/// the two (the first list's and the second's).
pub(super) fn merge_with(a: Counts, b: Counts, both: fn(Count, Count) -> Count) -> Counts {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        if x.0 == y.0 {
            out.push(both(x, y));
            i += 1;
            j += 1;
        } else if x.0 < y.0 {
            out.push(x);
            i += 1;
        } else {
            out.push(y);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// The SQLite varints that make up `blob`, None unless they make up all of it.
fn varints(blob: &[u8]) -> Option<Vec<i64>> {
    let mut values = Vec::new();
    let mut at = 0;
    while at < blob.len() {
        // The bits as they are: a ninth byte may set the sign, as in SQLite.
        values.push(varint(blob, &mut at)? as i64);
    }
    Some(values)
}

#[cfg(test)]
mod tests {
    use super::{varints, Ranking};
    use crate::{RowChange, Store};

    /// A workspace whose outcomes have texts of many sizes, some corrected
    /// and deleted (so the index holds deletions too).
    fn workspace() -> (tempfile::TempDir, Store) {
        let (dir, mut store) = crate::test_store();
        let mut batch = crate::search::a_meeting();
        let words = [
            "beslutning",
            "besluttede",
            "Økonomi",
            "tidsplan",
            "risiko",
            "b",
        ];
        for doc in 1..300usize {
            let text: Vec<&str> = (0..1 + doc % 23)
                .map(|k| words[(doc * 7 + k * k) % 6])
                .collect();
            batch.push(
                RowChange::insert("outcome", format!("o-{doc}"))
                    .set("meeting_id", "m")
                    .set("agenda_item_id", "i")
                    .set("kind", "note")
                    .set("text", text.join(" "))
                    .set("recorded_at", "2026-01-01T10:00:00.000Z"),
            );
        }
        store.write(batch).unwrap();
        let mut edits = Vec::new();
        for doc in (9..300).step_by(9) {
            edits.push(RowChange::delete("outcome", format!("o-{doc}")));
        }
        for doc in (4..300).step_by(8).filter(|doc| doc % 9 != 0) {
            edits.push(
                RowChange::update("outcome", format!("o-{doc}")).set("text", "risiko b tidsplan"),
            );
        }
        store.write(edits).unwrap();
        (dir, store)
    }

    #[test]
    fn every_score_is_the_double_fts5_bm25_gives() {
        let (_dir, store) = workspace();
        let conn = store.conn();
        let mut bm25 = conn
            .prepare(
                "SELECT bm25(search_index), rowid FROM search_index
                 WHERE search_index MATCH ?1 ORDER BY rowid",
            )
            .unwrap();
        for prefixes in [
            &["beslut"][..],
            &["b"],
            &["økonomi", "tidsplan"],
            &["risiko", "b", "t"],
        ] {
            let query: Vec<String> = prefixes.iter().map(|p| format!("\"{p}\"*")).collect();
            let expected: Vec<(f64, i64)> = bm25
                .query_map([query.join(" ")], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            assert!(expected.len() > 20, "{prefixes:?}");
            let prefixes: Vec<String> = prefixes.iter().map(|p| p.to_string()).collect();
            // Sizes looked up one by one, read in one pass, and switching
            // from the one to the other; in rounds of 1, 7 and everything;
            // occurrences read from the pages and through the vocab view.
            let ways = [(usize::MAX, 1), (0, 7), (3, 7), (usize::MAX, 10_000)];
            for ((bulk_after, n), from_pages) in ways.into_iter().zip([true, false, true, false]) {
                let mut ranking = Ranking::by_counts(conn, &prefixes, from_pages)
                    .unwrap()
                    .expect("the totals are read");
                ranking.bulk_after = bulk_after;
                let mut got: Vec<(f64, i64)> = Vec::new();
                loop {
                    let round = ranking.next_best(n).unwrap();
                    let Some(best) = round.iter().map(|s| s.0).reduce(f64::min) else {
                        break;
                    };
                    let worst_before = got.iter().map(|s| s.0).fold(f64::MIN, f64::max);
                    assert!(best > worst_before, "{prefixes:?}: a round out of order");
                    got.extend(round);
                }
                got.sort_by_key(|&(_, doc)| doc);
                assert_eq!(
                    got, expected,
                    "{prefixes:?}, {bulk_after}, {n}, {from_pages}"
                );
            }
        }
        let mut none = Ranking::by_counts(conn, &["zz".into()], true)
            .unwrap()
            .unwrap();
        assert_eq!(none.next_best(5).unwrap(), Vec::new());
    }

    /// What a caller inside a transaction sees. The pages are not read
    /// there; FTS5 also writes its pending changes out at the search's
    /// savepoint, so the hits would be the same if they were (this test
    /// shows the behaviour, not which way it is read).
    #[test]
    fn a_search_inside_a_transaction_finds_what_the_transaction_indexed() {
        let (_dir, store) = workspace();
        let conn = store.conn();
        conn.execute_batch("BEGIN").unwrap();
        conn.execute(
            "INSERT INTO search_index(body, kind, row_id, meeting_id)
             VALUES ('beslutningsnyhed', 'note', 'o-new', 'm')",
            [],
        )
        .unwrap();
        // Before a savepoint the pages lack it (FTS5 holds it in memory):
        // why a search in a transaction reads the vocab view.
        let pages = super::Pages::read(conn).unwrap().unwrap();
        let prefix = "beslutningsnyhed";
        assert_eq!(pages.occurrences(conn, prefix).unwrap(), Some(Vec::new()));
        assert_eq!(super::occurrences(conn, prefix).unwrap().len(), 1);
        let hits = store.search("beslutningsnyhed", 5).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].id, "o-new");
        // A common prefix counts it too (its IDF and the order around it).
        let all = store.search("beslut", 10_000).unwrap();
        assert!(all.iter().any(|hit| hit.id == "o-new"));
        conn.execute_batch("ROLLBACK").unwrap();
        assert!(store.search("beslutningsnyhed", 5).unwrap().is_empty());
    }

    #[test]
    fn sizes_are_read_as_sqlite_varints() {
        assert_eq!(varints(&[14, 0, 0, 0]), Some(vec![14, 0, 0, 0]));
        assert_eq!(varints(&[0x81, 0x00, 3]), Some(vec![128, 3]));
        assert_eq!(varints(&[0x81]), None);
        assert_eq!(varints(&[]), Some(Vec::new()));
    }
}
