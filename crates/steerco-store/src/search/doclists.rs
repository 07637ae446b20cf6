//! A prefix's occurrences read from FTS5's own pages (`search_index_data`)
//! instead of through its vocab view (`search_terms`): the view hands out an
//! occurrence at a time and checks its term again for each, which for a
//! common word was most of a search (100,000 occurrences, about 9 ms); the
//! pages hold the same lists packed in varints.
//!
//! The format is FTS5's, as described at the top of its fts5_index.c: a
//! structure record lists the segments (newest level first, each level's
//! segments oldest first); a segment is leaf pages of terms, each term
//! followed by its doclist, (rowid, position list) entries. For a term and
//! row, the newest segment holding an entry decides; an empty position list
//! there is a deletion.
//!
//! Anything not in that form (a structure of another version, a page that
//! does not parse, rows out of order) makes [`Pages::read`] or
//! [`Pages::occurrences`] answer None, and the search reads the vocab view
//! as before. Only what is in the file is read: FTS5 may hold a
//! transaction's changes in memory until it commits, so the caller reads the
//! pages only outside a transaction.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension};

use super::leaf::{varint, Doclist, Leaf};
use super::rank::{merge, merge_all, merge_with, Counts};
use crate::error::Result;

/// The structure records FTS5 writes with this leaf format (4; 5 once
/// secure-delete was on).
const VERSIONS: [i64; 2] = [4, 5];

/// The first byte of every term of the main index (prefix indexes have
/// others; this table has none).
const MAIN: u8 = b'0';

/// Bits of a page's id in `search_index_data` below its segment's id.
const SEGMENT_SHIFT: u32 = 31 + 5 + 1;

/// One segment: its id and its leaf pages.
#[derive(Debug, Clone, Copy)]
struct Segment {
    id: i64,
    first: i64,
    last: i64,
}

/// The index's segments, the newest first.
pub(super) struct Pages {
    segments: Vec<Segment>,
}

/// Terms (as the index has them) with their lists, in term order; in a
/// segment's list a count of 0 is a deletion.
type TermLists = Vec<(Vec<u8>, Counts)>;

impl Pages {
    /// The segments, None when the index is not in the form read here.
    pub(super) fn read(conn: &Connection) -> Result<Option<Self>> {
        let version: Option<i64> = conn
            .prepare_cached("SELECT v FROM search_index_config WHERE k = 'version'")?
            .query_row([], |r| r.get(0))
            .optional()?;
        if !version.is_some_and(|v| VERSIONS.contains(&v)) {
            return Ok(None);
        }
        let record: Option<Vec<u8>> = conn
            .prepare_cached("SELECT block FROM search_index_data WHERE id = 10")?
            .query_row([], |r| r.get(0))
            .optional()?;
        Ok(record
            .as_deref()
            .and_then(structure)
            .map(|segments| Pages { segments }))
    }

    /// The rows where a term beginning with `prefix` occurs, each with how
    /// often and where last, in rowid order: what the vocab view gives.
    /// None when a page is not in the form read here.
    pub(super) fn occurrences(&self, conn: &Connection, prefix: &str) -> Result<Option<Counts>> {
        let mut key = vec![MAIN];
        key.extend_from_slice(prefix.as_bytes());
        // Each term's lists, the newest segment's first.
        let mut terms: BTreeMap<Vec<u8>, Vec<Counts>> = BTreeMap::new();
        for segment in &self.segments {
            let Some(found) = scan(conn, *segment, &key)? else {
                return Ok(None);
            };
            for (term, list) in found {
                terms.entry(term).or_default().push(list);
            }
        }
        let lists = terms
            .into_values()
            .map(|lists| {
                let mut list = merge_all(lists, newest);
                list.retain(|&(_, count, _)| count > 0);
                list
            })
            .collect();
        Ok(Some(merge_all(lists, merge)))
    }
}

/// Two segments' lists of a term as one: a row in both as the newer has it.
fn newest(newer: Counts, older: Counts) -> Counts {
    merge_with(newer, older, |newer, _| newer)
}

/// The segments of a structure record, the newest first; None unless it is
/// the legacy form (V2 is only written for contentless_delete tables).
fn structure(record: &[u8]) -> Option<Vec<Segment>> {
    let mut at = 4;
    if record.get(4..8) == Some(b"\xff\x00\x00\x01") {
        return None;
    }
    let levels = varint(record, &mut at)?;
    let total = varint(record, &mut at)?;
    let _writes = varint(record, &mut at)?;
    if levels > 64 || total > 1 << 16 {
        return None;
    }
    let mut segments = Vec::new();
    for _ in 0..levels {
        let _merging = varint(record, &mut at)?;
        let count = varint(record, &mut at)?;
        if count > total {
            return None;
        }
        let mut level = Vec::new();
        for _ in 0..count {
            let id = varint(record, &mut at)?;
            let first = varint(record, &mut at)?;
            let last = varint(record, &mut at)?;
            // An input an incremental merge has used up stays listed, its
            // pages 0 to 0, until the merge ends: an empty segment.
            if id == 0 || id >= 1 << 16 || (first == 0 && last != 0) || last > 0x7fff_ff00 {
                return None;
            }
            level.push(Segment {
                id: id as i64,
                first: first as i64,
                last: last as i64,
            });
        }
        // Within a level the newest segment is the last.
        segments.extend(level.into_iter().rev());
    }
    (at == record.len() && segments.len() as u64 == total).then_some(segments)
}

/// The lists of the terms beginning with `key` in one segment, in term
/// order; None when a page is not in the form read here.
fn scan(conn: &Connection, segment: Segment, key: &[u8]) -> Result<Option<TermLists>> {
    if segment.first == 0 || segment.last < segment.first {
        return Ok(Some(Vec::new()));
    }
    // The page FTS5 itself starts a seek at: the last whose first term
    // (as the segment's b-tree has it) is not past the key.
    let start: Option<i64> = conn
        .prepare_cached(
            "SELECT pgno FROM search_index_idx WHERE segid = ?1 AND term <= ?2
             ORDER BY term DESC LIMIT 1",
        )?
        .query_row(rusqlite::params![segment.id, key], |r| r.get(0))
        .optional()?;
    let start = start.map_or(segment.first, |pgno| (pgno >> 1).max(segment.first));
    let base = segment.id << SEGMENT_SHIFT;
    let mut pages = conn.prepare_cached(
        "SELECT id, block FROM search_index_data WHERE id >= ?1 AND id <= ?2 ORDER BY id",
    )?;
    let mut rows = pages.query([base + start, base + segment.last])?;
    let mut scan = Scan {
        key,
        term: Vec::new(),
        open: None,
        found: Vec::new(),
    };
    let mut expected = base + start;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let data = row.get_ref(1)?.as_blob().ok().filter(|_| id == expected);
        let Some(past_key) = data.and_then(|data| scan.page(data)) else {
            return Ok(None);
        };
        if past_key {
            return Ok(Some(scan.found));
        }
        expected += 1;
    }
    // Every page of the segment read (none missing).
    if expected != base + segment.last + 1 {
        return Ok(None);
    }
    Ok(scan.finish())
}

/// A segment read a page at a time.
struct Scan<'k> {
    key: &'k [u8],
    /// The last term read (a term shares its first bytes with the one
    /// before on its page).
    term: Vec<u8>,
    /// The doclist of a term of the key still going on at a page's end.
    open: Option<Doclist>,
    found: TermLists,
}

impl Scan<'_> {
    /// Reads a page; true once a term past the key's was read (the terms
    /// are in order), None when the page is not in the form read here.
    fn page(&mut self, data: &[u8]) -> Option<bool> {
        let page = Leaf::parse(data)?;
        let lead_end = page.terms.first().copied().unwrap_or(page.end);
        if let Some(doclist) = self.open.as_mut() {
            doclist.continued(data, lead_end, page.first_rowid)?;
        }
        if page.terms.is_empty() {
            return Some(false);
        }
        if let Some(doclist) = self.open.take() {
            self.found.push((self.term.clone(), doclist.finish()?));
        }
        for (k, &offset) in page.terms.iter().enumerate() {
            let mut at = offset;
            // A page's first term whole, the others after the bytes they
            // share with the one before.
            let keep = if k == 0 { 0 } else { varint(data, &mut at)? };
            let keep = usize::try_from(keep)
                .ok()
                .filter(|&n| n <= self.term.len())?;
            self.term.truncate(keep);
            let new = usize::try_from(varint(data, &mut at)?).ok()?;
            let end = page.terms.get(k + 1).copied().unwrap_or(page.end);
            let new_end = at.checked_add(new).filter(|&e| e <= end)?;
            self.term.extend_from_slice(&data[at..new_end]);
            at = new_end;
            if self.term.as_slice() < self.key {
                continue;
            }
            if !self.term.starts_with(self.key) {
                return Some(true);
            }
            let mut doclist = Doclist::default();
            doclist.entries(data, at, end)?;
            if k + 1 < page.terms.len() {
                self.found.push((self.term.clone(), doclist.finish()?));
            } else {
                self.open = Some(doclist);
            }
        }
        Some(false)
    }

    /// The lists, once the segment's last page was read.
    fn finish(mut self) -> Option<TermLists> {
        if let Some(doclist) = self.open.take() {
            self.found.push((self.term, doclist.finish()?));
        }
        Some(self.found)
    }
}

#[cfg(test)]
mod tests;
