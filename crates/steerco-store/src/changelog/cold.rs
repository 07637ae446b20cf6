//! Old history, compressed (#21, "compressed old pages"): the oldest changes
//! of `change_log` move, [`BLOCK`] consecutive seqs at a time, into one
//! zlib-compressed record of `change_block`, and `change_block_row` says
//! which blocks hold changes of a row (by a 32-bit hash of its id, so an
//! entry is a few bytes; a collision only costs reading a block more).
//!
//! Every change stays in the log: the readers in `read.rs` read the blocks
//! and `change_log` together (in one read transaction, so a compaction by
//! another process cannot hide a change between the two) and give back the
//! very records the write path logged. The newest [`KEEP_HOT`] changes stay
//! in `change_log`: what a sync sends and a merge looks up is mostly there,
//! and the newest seq is never moved (SQLite numbers the next change after
//! the largest seq in the table).
//!
//! Inside a block the records are stored column by column (small integers
//! as varints, stamps as differences), which compresses better than rows.

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};

use rusqlite::{params, Connection, OptionalExtension};

use super::read::Raw;
use super::RowId;
use crate::error::{Entity, Result, StoreError};
use crate::Store;

/// Changes per block: big enough for zlib to find the repeats (field
/// numbers, stamps, ids of rows changed again), small enough that reading
/// one row's history decompresses little.
pub(crate) const BLOCK: usize = 512;

/// Changes that always stay uncompressed in `change_log`.
pub(crate) const KEEP_HOT: i64 = 2_048;

/// How long opening a workspace may spend compacting its history.
const OPEN_BUDGET: std::time::Duration = std::time::Duration::from_millis(100);

/// How long one compaction transaction goes on taking blocks.
const TX_TIME: std::time::Duration = std::time::Duration::from_millis(50);

/// The encoding's version (the first byte of every block).
const VERSION: u8 = 1;

/// No block decompresses to more than this (a damaged length cannot make a
/// read allocate without bound).
const MAX_RAW: usize = 64 << 20;

/// A row id's key in `change_block_row`: FNV-1a, 32 bits, of its text
/// (stable across versions and platforms; it is stored).
pub(crate) fn row_hash(id: &str) -> i64 {
    let mut h: u32 = 0x811c_9dc5;
    for b in id.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    i64::from(h)
}

fn damaged(first_seq: i64) -> StoreError {
    StoreError::NotFound {
        kind: Entity::Row,
        key: format!("change_block/{first_seq}"),
    }
}

impl Store {
    /// Move the change log's old history into compressed blocks, a few
    /// blocks per transaction (another writer waits at most `TX_TIME`; one
    /// transaction per block made the WAL checkpoint, and wait for the disk,
    /// every few blocks). Returns how many changes moved. Run after each
    /// sync (`steerco-sync`), and briefly on opening (`compact_on_open`);
    /// every reader sees the same log before and after.
    pub fn compact_history(&self) -> Result<usize> {
        self.compact_history_with(KEEP_HOT, BLOCK)
    }

    /// `compact_history` with other sizes: tests that need many blocks from
    /// a short log (the convergence harness).
    #[doc(hidden)]
    pub fn compact_history_with(&self, keep_hot: i64, block: usize) -> Result<usize> {
        self.compact_for(keep_hot, block, None)
    }

    /// On opening a workspace (a replica that never syncs compacts too):
    /// at most [`OPEN_BUDGET`] of work, and only when the file is free at
    /// once (no wait for another process's write); what is left waits for
    /// the next sync or opening. Best effort: a file that cannot be written
    /// just keeps its history uncompressed.
    pub(crate) fn compact_on_open(&self) {
        let hot = self
            .conn()
            .query_row("SELECT count(*) FROM change_log", [], |r| {
                r.get::<_, i64>(0)
            });
        if !hot.is_ok_and(|n| n >= KEEP_HOT + BLOCK as i64) {
            return;
        }
        if self.conn().busy_timeout(std::time::Duration::ZERO).is_ok() {
            let _ = self.compact_for(KEEP_HOT, BLOCK, Some(OPEN_BUDGET));
        }
        let _ = self.conn().busy_timeout(crate::BUSY_TIMEOUT);
    }

    fn compact_for(
        &self,
        keep_hot: i64,
        block: usize,
        budget: Option<std::time::Duration>,
    ) -> Result<usize> {
        let begun = std::time::Instant::now();
        let mut moved = 0;
        loop {
            if budget.is_some_and(|b| begun.elapsed() >= b) {
                return Ok(moved);
            }
            let tx = rusqlite::Transaction::new_unchecked(
                self.conn(),
                rusqlite::TransactionBehavior::Immediate,
            )?;
            let started = std::time::Instant::now();
            let mut n = 0;
            while started.elapsed() < TX_TIME {
                match compact_block(&tx, keep_hot.max(1), block.max(1))? {
                    0 => break,
                    m => n += m,
                }
            }
            tx.commit()?;
            if n == 0 {
                return Ok(moved);
            }
            moved += n;
        }
    }
}

/// Move the oldest `block` changes into a block, if `keep_hot` would stay
/// (at least one: the newest seq never moves); returns how many moved (0:
/// nothing to do).
fn compact_block(conn: &Connection, keep_hot: i64, block: usize) -> Result<usize> {
    let hot: i64 = conn.query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))?;
    if hot < keep_hot + block as i64 {
        return Ok(0);
    }
    let records = super::read::hot(conn, "ORDER BY seq LIMIT ?1", [block as i64])?;
    let (Some(first), Some(last)) = (records.first(), records.last()) else {
        return Ok(0);
    };
    let (first_seq, last_seq) = (first.seq, last.seq);
    let mut writers: std::collections::BTreeMap<(Option<i64>, i64), i64> = Default::default();
    for r in &records {
        let newest = writers.entry((r.author, r.replica)).or_insert(r.at);
        *newest = (*newest).max(r.at);
    }
    let writers: Vec<(Option<i64>, i64, i64)> =
        writers.into_iter().map(|((a, r), at)| (a, r, at)).collect();
    conn.prepare_cached(
        "INSERT INTO change_block (first_seq, last_seq, count, writers, data)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        first_seq,
        last_seq,
        records.len() as i64,
        serde_json::to_string(&writers)?,
        encode(&records),
    ])?;
    let hashes: BTreeSet<i64> = records.iter().map(|r| row_hash(&r.row_id.text())).collect();
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO change_block_row (row_hash, block) VALUES (?1, ?2)",
    )?;
    for h in hashes {
        insert.execute(params![h, first_seq])?;
    }
    conn.prepare_cached("DELETE FROM change_log WHERE seq <= ?1")?
        .execute([last_seq])?;
    Ok(records.len())
}

/// The blocks (by first seq, ascending) that may hold changes of `row_id`.
pub(crate) fn row_blocks(conn: &Connection, row_id: &str) -> Result<Vec<i64>> {
    Ok(conn
        .prepare_cached("SELECT block FROM change_block_row WHERE row_hash = ?1 ORDER BY block")?
        .query_map([row_hash(row_id)], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Whether any history is compressed (a new workspace's is not).
pub(crate) fn any(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM change_block LIMIT 1")?
        .query_row([], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The changes of the block beginning at `first_seq`, in seq order.
pub(crate) fn block(conn: &Connection, first_seq: i64) -> Result<Vec<Raw>> {
    let data: Option<Vec<u8>> = conn
        .prepare_cached("SELECT data FROM change_block WHERE first_seq = ?1")?
        .query_row([first_seq], |r| r.get(0))
        .optional()?;
    decode(first_seq, &data.ok_or_else(|| damaged(first_seq))?)
}

/// A block as its row says it (without decompressing it).
pub(crate) struct Heading {
    pub first_seq: i64,
    /// Its distinct (author, replica) pairs, each with its newest stamp.
    pub writers: Vec<(Option<i64>, i64, i64)>,
}

impl Heading {
    pub(crate) fn has_replica(&self, replica: i64) -> bool {
        self.writers.iter().any(|&(_, r, _)| r == replica)
    }

    /// The newest stamp (`at`) of `replica`'s changes in the block.
    pub(crate) fn newest(&self, replica: i64) -> Option<i64> {
        self.writers
            .iter()
            .filter(|&&(_, r, _)| r == replica)
            .map(|&(_, _, at)| at)
            .max()
    }
}

/// The blocks holding changes after `seq`, oldest first.
pub(crate) fn blocks_after(conn: &Connection, seq: i64) -> Result<Vec<Heading>> {
    let rows: Vec<(i64, String)> = conn
        .prepare_cached(
            "SELECT first_seq, writers FROM change_block WHERE last_seq > ?1 ORDER BY first_seq",
        )?
        .query_map([seq], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(first_seq, writers)| {
            Ok(Heading {
                first_seq,
                writers: serde_json::from_str(&writers).map_err(|_| damaged(first_seq))?,
            })
        })
        .collect()
}

/// Blocks a merge has read, kept while it runs: one merge asks for the
/// history of many rows whose changes share blocks.
#[derive(Default)]
pub(crate) struct Blocks {
    read: HashMap<i64, Decoded>,
    /// Whether the file has blocks at all (asked once).
    any: Option<bool>,
}

/// A block's changes, and where each row's are among them (a merge that
/// looks up many rows would otherwise compare every change of a block with
/// each row it asks for).
struct Decoded {
    records: Vec<Raw>,
    by_row: foldhash::HashMap<RowId, Vec<u32>>,
}

impl Decoded {
    fn new(records: Vec<Raw>) -> Decoded {
        let mut by_row = foldhash::HashMap::<RowId, Vec<u32>>::default();
        for (i, r) in records.iter().enumerate() {
            let at = u32::try_from(i).expect("a block holds at most BLOCK changes");
            by_row.entry(r.row_id.clone()).or_default().push(at);
        }
        Decoded { records, by_row }
    }
}

impl Blocks {
    /// The compressed changes of `row_id`, in seq order.
    pub(crate) fn row(&mut self, conn: &Connection, row_id: &str) -> Result<Vec<Raw>> {
        if !*self.any.get_or_insert(any(conn)?) {
            return Ok(Vec::new());
        }
        let key = RowId::of(row_id);
        let mut out = Vec::new();
        for first_seq in row_blocks(conn, row_id)? {
            let decoded = match self.read.entry(first_seq) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(e) => e.insert(Decoded::new(block(conn, first_seq)?)),
            };
            if let Some(at) = decoded.by_row.get(&key) {
                out.extend(at.iter().map(|&i| decoded.records[i as usize].clone()));
            }
        }
        Ok(out)
    }
}

fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn put_signed(out: &mut Vec<u8>, n: i64) {
    put_varint(out, ((n << 1) ^ (n >> 63)) as u64);
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// A block's bytes: the version, the count, then each column in turn (seq
/// after the first, stamp after the previous, replica, author + 1 or 0,
/// table, operation; row ids; fields; prev + 1 or 0), zlib-compressed.
pub(crate) fn encode(records: &[Raw]) -> Vec<u8> {
    let mut out = vec![VERSION];
    put_varint(&mut out, records.len() as u64);
    let first_seq = records.first().map_or(0, |r| r.seq);
    let mut at = 0i64;
    for r in records {
        put_varint(&mut out, (r.seq - first_seq) as u64);
        put_signed(&mut out, r.at.wrapping_sub(at));
        at = r.at;
        put_varint(&mut out, r.replica as u64);
        put_varint(&mut out, r.author.map_or(0, |a| a as u64 + 1));
        put_varint(&mut out, r.tbl as u64);
        put_varint(&mut out, r.op as u64);
    }
    for r in records {
        match &r.row_id {
            RowId::Uuid(bytes) => {
                out.push(0);
                out.extend_from_slice(bytes);
            }
            RowId::Text(text) => {
                out.push(1);
                put_bytes(&mut out, text.as_bytes());
            }
        }
    }
    for r in records {
        put_bytes(&mut out, r.fields.as_bytes());
    }
    for r in records {
        match &r.prev {
            Some(p) => {
                put_varint(&mut out, p.len() as u64 + 1);
                out.extend_from_slice(p.as_bytes());
            }
            None => out.push(0),
        }
    }
    miniz_oxide::deflate::compress_to_vec_zlib(&out, 6)
}

/// Reads a block's bytes; any damage is an error, never a panic.
struct Cursor<'a> {
    bytes: &'a [u8],
    first_seq: i64,
}

impl Cursor<'_> {
    fn byte(&mut self) -> Result<u8> {
        let (&b, rest) = self
            .bytes
            .split_first()
            .ok_or_else(|| damaged(self.first_seq))?;
        self.bytes = rest;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(damaged(self.first_seq))
    }

    fn int(&mut self) -> Result<i64> {
        i64::try_from(self.varint()?).map_err(|_| damaged(self.first_seq))
    }

    fn signed(&mut self) -> Result<i64> {
        let n = self.varint()?;
        Ok((n >> 1) as i64 ^ -((n & 1) as i64))
    }

    fn take(&mut self, len: u64) -> Result<&[u8]> {
        let len = usize::try_from(len).map_err(|_| damaged(self.first_seq))?;
        if len > self.bytes.len() {
            return Err(damaged(self.first_seq));
        }
        let (head, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        Ok(head)
    }

    fn text(&mut self, len: u64) -> Result<String> {
        let first_seq = self.first_seq;
        String::from_utf8(self.take(len)?.to_vec()).map_err(|_| damaged(first_seq))
    }
}

/// The changes of a block (see [`encode`]).
pub(crate) fn decode(first_seq: i64, data: &[u8]) -> Result<Vec<Raw>> {
    let raw = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(data, MAX_RAW)
        .map_err(|_| damaged(first_seq))?;
    let mut c = Cursor {
        bytes: &raw,
        first_seq,
    };
    if c.byte()? != VERSION {
        return Err(damaged(first_seq));
    }
    let count = usize::try_from(c.varint()?).map_err(|_| damaged(first_seq))?;
    // Each record takes at least 10 bytes: a count beyond that is damage.
    if count > raw.len() / 10 {
        return Err(damaged(first_seq));
    }
    let mut out = Vec::with_capacity(count);
    let mut at = 0i64;
    for _ in 0..count {
        let seq = first_seq
            .checked_add(c.int()?)
            .ok_or_else(|| damaged(first_seq))?;
        at = at.wrapping_add(c.signed()?);
        let replica = c.int()?;
        let author = c.int()?.checked_sub(1).filter(|&a| a >= 0);
        let (tbl, op) = (c.int()?, c.int()?);
        out.push(Raw {
            seq,
            at,
            replica,
            author,
            tbl,
            op,
            row_id: RowId::Text(String::new()),
            fields: String::new(),
            prev: None,
        });
    }
    for r in &mut out {
        r.row_id = match c.byte()? {
            0 => {
                let bytes: [u8; 16] = c.take(16)?.try_into().map_err(|_| damaged(first_seq))?;
                RowId::Uuid(bytes)
            }
            1 => {
                let len = c.varint()?;
                RowId::Text(c.text(len)?)
            }
            _ => return Err(damaged(first_seq)),
        };
    }
    for r in &mut out {
        let len = c.varint()?;
        r.fields = c.text(len)?;
    }
    for r in &mut out {
        r.prev = match c.varint()? {
            0 => None,
            n => Some(c.text(n - 1)?),
        };
    }
    if !c.bytes.is_empty() {
        return Err(damaged(first_seq));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(seq: i64, at: i64, row_id: RowId, prev: Option<&str>) -> Raw {
        Raw {
            seq,
            at,
            replica: 3,
            author: if seq % 2 == 0 { Some(7) } else { None },
            tbl: 5,
            op: seq % 4,
            row_id,
            fields: format!("{{\"9\":\"v{seq} æøå\"}}"),
            prev: prev.map(str::to_string),
        }
    }

    #[test]
    fn a_block_decodes_to_what_was_encoded() {
        let records = vec![
            raw(10, 1 << 40, RowId::Uuid([7; 16]), None),
            raw(
                11,
                (1 << 40) - 5,
                RowId::Text("bench-fa-1".into()),
                Some("{\"9\":[1,3]}"),
            ),
            raw(14, (1 << 40) + 99, RowId::Text(String::new()), Some("")),
        ];
        assert_eq!(decode(10, &encode(&records)).unwrap(), records);
    }

    #[test]
    fn a_damaged_block_is_an_error_not_a_panic() {
        let records = vec![raw(1, 5, RowId::Uuid([1; 16]), Some("{}"))];
        let good = encode(&records);
        for i in 0..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 0x41;
            // zlib's checksum catches nearly all; whatever passes must still
            // decode without panicking.
            let _ = decode(1, &bad);
        }
        assert!(decode(1, &good[..good.len() - 1]).is_err());
        assert!(decode(1, b"").is_err());
    }

    #[test]
    fn row_hashes_are_fixed() {
        // Stored in files: a change here would lose rows' blocks.
        assert_eq!(row_hash(""), 0x811c_9dc5);
        assert_eq!(row_hash("a"), 0xe40c_292c);
    }
}
