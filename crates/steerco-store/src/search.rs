//! Full-text search over the minutes (notes, decisions, actions) and agenda
//! items, with SQLite FTS5 (the index is local, kept by triggers; see
//! migration 6). Every word of the query is a prefix ("beslut" finds
//! "beslutningen"); case is ignored, accents are not (æ, ø, å are letters of
//! their own).
//!
//! Relevance is FTS5's bm25 (Okapi BM25: k1 = 1.2, b = 0.75, the document
//! length in tokens, a word's IDF floored at 1e-6), then the newest meeting.
//! For a query of plain words it is computed here (`rank.rs`), to the same
//! doubles, from the index's occurrences (`search_terms`, migration 20), and
//! a document's size is looked up only while it could be among the best:
//! FTS5's own bm25() looks up every match's size and counts the matches of
//! every word a second time, which for a common word is most of a search.
//! The occurrences are read from the index's pages (`doclists.rs`), or
//! through FTS5's vocab view (`search_terms`, migration 20) inside a
//! transaction or when the pages are not in the form read there.

use serde::Serialize;

use crate::error::Result;
use crate::Store;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SearchHit {
    /// note, decision, action or agenda
    pub kind: String,
    /// The outcome's or agenda item's id.
    pub id: String,
    /// The meeting; none for a task of its own (schema 12).
    pub meeting_id: Option<String>,
    pub meeting: Option<String>,
    /// The meeting's committee, or the board a task of its own is on.
    pub committee: String,
    /// The meeting's start (RFC 3339, UTC); none for a task of its own.
    pub starts_at: Option<String>,
    pub text: String,
}

/// The FTS5 query for what a user typed: each word a quoted prefix term, so
/// FTS5 syntax in the input (quotes, AND, NEAR, *) is only ever text.
pub fn fts_query(input: &str) -> Option<String> {
    let terms: Vec<String> = words(input).map(|w| format!("\"{w}\"*")).collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// The words of what a user typed.
fn words(input: &str) -> impl Iterator<Item = &str> {
    input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The index's prefix for a word that FTS5's tokenizer (unicode61,
/// remove_diacritics 0) keeps as one token and folds by lower-casing alone:
/// ASCII letters and digits and the Latin-1 letters (æ, ø, å among them).
/// None for any other word; such a query is ranked by FTS5's bm25().
fn plain_prefix(word: &str) -> Option<String> {
    let plain = |c: char| {
        c.is_ascii_alphanumeric() || (('\u{c0}'..='\u{ff}').contains(&c) && c != '×' && c != '÷')
    };
    word.chars().all(plain).then(|| word.to_lowercase())
}

/// A match's relevance (FTS5's bm25: lower is better) and its index rowid.
type Scored = (f64, i64);

/// Move the `n` best of `rest` to its front, with every one tied with the
/// worst of them; returns how many that is.
fn take_best(rest: &mut [Scored], n: usize) -> usize {
    if rest.len() <= n {
        return rest.len();
    }
    let by_score = |a: &Scored, b: &Scored| a.0.total_cmp(&b.0);
    rest.select_nth_unstable_by(n - 1, by_score);
    let worst = rest[n - 1].0;
    let mut end = n;
    for k in n..rest.len() {
        if rest[k].0.total_cmp(&worst).is_eq() {
            rest.swap(k, end);
            end += 1;
        }
    }
    end
}

impl Store {
    /// Hits for every word of `input` (as prefixes), best first (by
    /// relevance, then the newest meeting, a task of its own by when it was
    /// recorded), at most `limit`.
    ///
    /// Only the relevance of every match is read from the index; the rows
    /// shown are looked up for the best few alone, so a common word costs one
    /// pass over its matches, not a join and a sort of all of them.
    pub fn search(&self, input: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let Some(query) = fts_query(input) else {
            return Ok(Vec::new());
        };
        if limit == 0 {
            return Ok(Vec::new());
        }
        // FTS5 keeps a transaction's changes to the index in memory until it
        // commits. It also writes them out when a savepoint opens (as the
        // one below), but that is how it is built, not what it promises: in
        // a transaction the occurrences are read through the vocab view.
        let from_pages = self.conn().is_autocommit();
        // One read for the whole search (a savepoint nests in a caller's
        // transaction): the counts, the sizes and the rows shown agree, and
        // the file is locked once instead of for every statement.
        self.conn().execute_batch("SAVEPOINT search")?;
        let found = self.best_hits(input, &query, limit, from_pages);
        let released = self.conn().execute_batch("RELEASE search");
        let hits = found?;
        released?;
        Ok(hits)
    }

    fn best_hits(
        &self,
        input: &str,
        query: &str,
        limit: usize,
        from_pages: bool,
    ) -> Result<Vec<SearchHit>> {
        let prefixes: Option<Vec<String>> = words(input).map(plain_prefix).collect();
        let counted = match prefixes {
            Some(prefixes) => Ranking::by_counts(self.conn(), &prefixes, from_pages)?,
            None => None,
        };
        let mut ranking = match counted {
            Some(ranking) => ranking,
            None => {
                let scored = self
                    .conn()
                    .prepare_cached(
                        "SELECT bm25(search_index), rowid FROM search_index WHERE search_index MATCH ?1",
                    )?
                    .query_map([query], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                Ranking::scored(self.conn(), scored)
            }
        };
        let mut row = self.conn().prepare_cached(
            "SELECT s.kind, s.row_id, s.meeting_id, m.title, c.name, m.starts_at, s.body,
                    COALESCE(m.starts_at, o.recorded_at)
             FROM search_index s
             LEFT JOIN meeting m ON m.id = s.meeting_id
             LEFT JOIN outcome o ON s.meeting_id IS NULL AND o.id = s.row_id
             JOIN committee c ON c.id = COALESCE(m.committee_id, o.board_committee_id)
             WHERE s.rowid = ?1
               -- a task of its own, or a hit in a live meeting
               AND (s.meeting_id IS NULL OR m.deleted = 0)",
        )?;
        // (relevance, date, rowid, hit): the best matches, in rounds until
        // `limit` of them are shown (a hit in a deleted meeting is not).
        let mut hits: Vec<(f64, Option<String>, i64, SearchHit)> = Vec::new();
        while hits.len() < limit {
            let round = ranking.next_best(limit - hits.len())?;
            if round.is_empty() {
                break;
            }
            for (score, rowid) in round {
                let mut rows = row.query([rowid])?;
                if let Some(r) = rows.next()? {
                    let hit = SearchHit {
                        kind: r.get(0)?,
                        id: r.get(1)?,
                        meeting_id: r.get(2)?,
                        meeting: r.get(3)?,
                        committee: r.get(4)?,
                        starts_at: r.get(5)?,
                        text: r.get(6)?,
                    };
                    hits.push((score, r.get(7)?, rowid, hit));
                }
            }
        }
        // Every match not taken is less relevant than every one taken.
        hits.sort_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then_with(|| b.1.cmp(&a.1))
                .then_with(|| a.2.cmp(&b.2))
        });
        hits.truncate(limit);
        Ok(hits.into_iter().map(|(_, _, _, hit)| hit).collect())
    }
}

mod doclists;
mod leaf;
mod rank;

use rank::Ranking;

/// A committee `c`, its meeting `m` and an agenda item `i` to record
/// outcomes under (the search tests' workspace).
#[cfg(test)]
fn a_meeting() -> Vec<crate::RowChange> {
    use crate::RowChange;
    vec![
        RowChange::insert("committee", "c")
            .set("name", "Styregruppen")
            .set("kind", "portfolio")
            .set("sample", false),
        RowChange::insert("meeting", "m")
            .set("committee_id", "c")
            .set("title", "Møde")
            .set("starts_at", "2026-01-01T09:00:00Z")
            .set("duration_min", 60)
            .set("state", "in_progress")
            .set("sample", false),
        RowChange::insert("agenda_item", "i")
            .set("meeting_id", "m")
            .set("position", "0001")
            .set("title", "Punkt")
            .set("closed", false)
            .set("kind", "item"),
    ]
}

#[cfg(test)]
mod tests {
    use super::{fts_query, plain_prefix};

    #[test]
    fn only_plain_words_are_ranked_here() {
        assert_eq!(plain_prefix("Økonomi"), Some("økonomi".into()));
        assert_eq!(plain_prefix("BESLUT2026"), Some("beslut2026".into()));
        assert_eq!(plain_prefix("Straße"), Some("straße".into()));
        assert_eq!(plain_prefix("łódź"), None);
        assert_eq!(plain_prefix("İstanbul"), None);
        assert_eq!(plain_prefix("a×b"), None);
    }

    #[test]
    fn query_syntax_in_the_input_is_only_text() {
        assert_eq!(fts_query("beslut"), Some("\"beslut\"*".into()));
        assert_eq!(
            fts_query("\"x\" OR NEAR(y*)"),
            Some("\"x\"* \"OR\"* \"NEAR\"* \"y\"*".into())
        );
        assert_eq!(fts_query("  ** \" "), None);
        assert_eq!(
            fts_query("årsrapport æbler"),
            Some("\"årsrapport\"* \"æbler\"*".into())
        );
    }
}
