//! Full-text search over the minutes (notes, decisions, actions) and agenda
//! items, with SQLite FTS5 (the index is local, kept by triggers; see
//! migration 6). Every word of the query is a prefix ("beslut" finds
//! "beslutningen"); case is ignored, accents are not (æ, ø, å are letters of
//! their own).

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
    let terms: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

impl Store {
    /// Hits for every word of `input` (as prefixes), best first, at most `limit`.
    pub fn search(&self, input: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let Some(query) = fts_query(input) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn().prepare_cached(
            "SELECT s.kind, s.row_id, s.meeting_id, m.title, c.name, m.starts_at, s.body
             FROM search_index s
             LEFT JOIN meeting m ON m.id = s.meeting_id
             LEFT JOIN outcome o ON s.meeting_id IS NULL AND o.id = s.row_id
             JOIN committee c ON c.id = COALESCE(m.committee_id, o.board_committee_id)
             WHERE search_index MATCH ?1
               -- a task of its own, or a hit in a live meeting
               AND (s.meeting_id IS NULL OR m.deleted = 0)
             ORDER BY rank LIMIT ?2",
        )?;
        let hits = stmt
            .query_map(rusqlite::params![query, limit as i64], |r| {
                Ok(SearchHit {
                    kind: r.get(0)?,
                    id: r.get(1)?,
                    meeting_id: r.get(2)?,
                    meeting: r.get(3)?,
                    committee: r.get(4)?,
                    starts_at: r.get(5)?,
                    text: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::fts_query;

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
