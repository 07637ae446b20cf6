//! A page of segments as the API answers it, built by concatenation. Every
//! member pulls every new segment, so under load one segment is served to
//! each connected client: its JSON (the base64 of its exact bytes) is made
//! once and kept in a cache of the most recent segments, and a page is only
//! the cached pieces joined. Base64 and the replica id need no escaping.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use rusqlite::Connection;

use crate::db;

/// The most bytes of segment JSON kept (the newest segments win).
const CACHE_BYTES: usize = 16 * 1024 * 1024;

#[derive(Default)]
pub struct Cache {
    inner: Mutex<(BTreeMap<u64, Arc<str>>, usize)>,
}

impl Cache {
    fn get(&self, seq: u64) -> Option<Arc<str>> {
        let inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner.0.get(&seq).cloned()
    }

    fn put(&self, seq: u64, piece: Arc<str>) {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let (map, bytes) = &mut *inner;
        if let Some(old) = map.insert(seq, piece.clone()) {
            *bytes -= old.len();
        }
        *bytes += piece.len();
        while *bytes > CACHE_BYTES {
            match map.pop_first() {
                Some((_, old)) => *bytes -= old.len(),
                None => break,
            }
        }
    }
}

/// One segment's JSON object.
fn piece(seq: u64, replica: &str, rseq: u64, bytes: &[u8]) -> Arc<str> {
    let mut s = String::with_capacity(bytes.len() * 4 / 3 + 128);
    // The replica id was checked at push (letters, digits, '-'); quoted by
    // serde all the same.
    let replica = serde_json::to_string(replica).unwrap_or_else(|_| "\"\"".into());
    let _ = write!(
        s,
        "{{\"seq\":{seq},\"replica\":{replica},\"segment\":{rseq},\"data\":\""
    );
    base64::engine::general_purpose::STANDARD.encode_string(bytes, &mut s);
    s.push_str("\"}");
    s.into()
}

/// The page after `after` (at most `limit` segments and `max_bytes` of
/// segment bytes, at least one): the response body and how many segments.
pub fn build(
    conn: &Connection,
    cache: &Cache,
    workspace: &str,
    after: u64,
    limit: usize,
    max_bytes: usize,
) -> db::Result<(Vec<u8>, usize)> {
    let (index, more) = db::page_index(conn, workspace, after, limit, max_bytes)?;
    assemble(cache, after, &index, more, |seq| {
        db::segment_bytes(conn, seq)
    })
}

/// The segments of `index` not in the cache (their bytes are needed).
pub fn uncached(cache: &Cache, index: &[(u64, String, u64)]) -> Vec<u64> {
    index
        .iter()
        .filter(|(seq, _, _)| cache.get(*seq).is_none())
        .map(|(seq, _, _)| *seq)
        .collect()
}

/// The page of `index` ((seq, replica, replica's number) each), the bytes
/// of a segment not cached from `bytes`.
pub fn assemble(
    cache: &Cache,
    after: u64,
    index: &[(u64, String, u64)],
    more: bool,
    mut bytes: impl FnMut(u64) -> db::Result<Vec<u8>>,
) -> db::Result<(Vec<u8>, usize)> {
    let mut pieces = Vec::with_capacity(index.len());
    for (seq, replica, rseq) in index {
        let p = match cache.get(*seq) {
            Some(p) => p,
            None => {
                let p = piece(*seq, replica, *rseq, &bytes(*seq)?);
                cache.put(*seq, p.clone());
                p
            }
        };
        pieces.push(p);
    }
    let next = index.last().map_or(after, |(seq, _, _)| *seq);
    let total: usize = pieces.iter().map(|p| p.len() + 1).sum();
    let mut body = Vec::with_capacity(total + 64);
    body.extend_from_slice(b"{\"segments\":[");
    for (i, p) in pieces.iter().enumerate() {
        if i > 0 {
            body.push(b',');
        }
        body.extend_from_slice(p.as_bytes());
    }
    body.extend_from_slice(format!("],\"next\":{next},\"more\":{more}}}").as_bytes());
    Ok((body, index.len()))
}
