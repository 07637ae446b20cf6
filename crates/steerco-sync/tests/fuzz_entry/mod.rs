//! The fuzzing entry points, one per target: shared by the cargo-fuzz targets
//! (`fuzz/`, nightly, long runs) and the stable replay of their corpus and
//! regressions in `make test` (`tests/fuzz_regressions.rs`), so a crash found
//! by the fuzzer replays through exactly the code it crashed in. Each takes
//! arbitrary bytes and must not panic: errors are the expected answer.
//!
//! Segments and snapshots are checksummed (and sealed in an encrypted
//! folder), so raw bytes rarely get past the checksum. The first byte of an
//! input therefore picks a mode: the bytes as a whole file, or the rest as a
//! body that this harness wraps in a valid header (plain or sealed with a
//! fixed key, in format 3, 2 or the legacy format 1), so the fuzzer reaches the body and change parsing too.

#![allow(dead_code)] // each user (a fuzz target, the replay test) calls some

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value as Json};
use sha2::{Digest, Sha256};
use steerco_domain::Clock;
use steerco_store::merge::ChangeRecord;
use steerco_store::schema::{FieldKind, TABLES};
use steerco_store::{NewWorkspace, RowChange, Store};
use steerco_sync::crypto::{seal, seal_with, Encryption, Key, KeyEpoch};
use steerco_sync::segment::{self, Header};

pub const WORKSPACE: &str = "00000000-0000-4000-8000-000000000001";
/// The writer of wrapped segments (a replica id is 16 hex digits).
pub const WRITER: &str = "00000000000000a1";
/// Replicas the merge input writes as (never the test store's own).
const REPLICAS: [&str; 3] = [WRITER, "00000000000000b2", "ffffffffffffffff"];

/// One folder key for every run (deriving it costs an Argon2id pass).
pub fn key() -> &'static Key {
    static KEY: OnceLock<Key> = OnceLock::new();
    KEY.get_or_init(|| Encryption::create("fuzz passphrase", WORKSPACE).unwrap().1)
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `plain` as a whole file of `format`, with a header that matches it (the
/// count from `count`, which may be wrong on purpose), in segment format
/// `version`: 3 (the header the seal's associated data), 2 (its digest
/// inside the seal) or 1 (not authenticated).
fn wrap(format: &str, plain: &[u8], count: usize, sealed: bool, version: u32) -> Vec<u8> {
    let mut covers = std::collections::BTreeMap::new();
    if format == segment::SNAPSHOT {
        covers.insert(WRITER.to_string(), 3);
        covers.insert(REPLICAS[1].to_string(), 1);
    }
    let mut header = Header {
        format: format.into(),
        version,
        workspace: WORKSPACE.into(),
        replica: WRITER.into(),
        seq: 1,
        count,
        sha256: sha256_hex(plain),
        sealed,
        epoch: 0,
        covers,
    };
    let body = match (sealed, version) {
        (false, _) => plain.to_vec(),
        (true, segment::LEGACY) => {
            let body = seal(key(), plain).unwrap();
            header.sha256 = sha256_hex(&body);
            body
        }
        (true, 2) => {
            let mut inner = Sha256::digest(serde_json::to_vec(&header).unwrap()).to_vec();
            inner.extend_from_slice(plain);
            seal(key(), &inner).unwrap()
        }
        (true, _) => seal_with(key(), plain, &serde_json::to_vec(&header).unwrap()).unwrap(),
    };
    let mut out = serde_json::to_vec(&header).unwrap();
    out.push(b'\n');
    out.extend_from_slice(&body);
    out
}

/// Read one file as every reader of the folder would: the header alone (to
/// order files), then the whole file without a key and with the folder's.
fn read_file(bytes: &[u8]) {
    let _ = segment::header(bytes);
    // The workspace from the header itself, so checks past it are reached.
    let ws = segment::header(bytes).map_or_else(|_| WORKSPACE.to_string(), |h| h.workspace);
    let _ = segment::decode(bytes, &ws, None);
    let _ = segment::decode(bytes, &ws, Some(key()));
}

fn file_input(format: &str, data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    // The count in the header: mostly the number of changes the body holds
    // when it parses, sometimes a wrong one.
    let parsed = serde_json::from_slice::<Vec<Json>>(rest).map_or(0, |v| v.len());
    let count = if mode & 0x10 == 0 {
        parsed
    } else {
        usize::from(mode >> 5)
    };
    let version = match (mode & 0x08 != 0, mode & 0x04 != 0) {
        (true, _) => segment::LEGACY,
        (false, true) => 2,
        (false, false) => segment::VERSION,
    };
    match mode % 4 {
        0 => read_file(rest),
        1 => read_file(&wrap(format, rest, count, false, version)),
        2 => read_file(&wrap(format, rest, count, true, version)),
        // The other kind of file, to cross the two.
        _ => {
            let other = if format == segment::FORMAT {
                segment::SNAPSHOT
            } else {
                segment::FORMAT
            };
            read_file(&wrap(other, rest, count, false, version))
        }
    }
}

/// Target `segment`: a segment file.
pub fn segment(data: &[u8]) {
    file_input(segment::FORMAT, data)
}

/// Target `snapshot`: a snapshot file (a header with `covers`, everyone's changes).
pub fn snapshot(data: &[u8]) {
    file_input(segment::SNAPSHOT, data)
}

/// Target `key_record`: a folder marker or a key epoch record (`keys/`),
/// as read from a folder or a server.
pub fn key_record(data: &[u8]) {
    let _ = serde_json::from_slice::<steerco_sync::folder::Marker>(data);
    // Records by file name: the name is the input's first line.
    let (name, bytes) = match data.iter().position(|b| *b == b'\n') {
        Some(i) => (
            String::from_utf8_lossy(&data[..i]).into_owned(),
            &data[i + 1..],
        ),
        None => ("epoch-000001-00000000000000a1".to_string(), data),
    };
    let found = vec![
        (name, bytes.to_vec()),
        ("epoch-000001-00000000000000b2".to_string(), data.to_vec()),
    ];
    let _ = steerco_sync::folder::newest_epoch(found);
    // A record as a whole, past the name and the bounds: its proof (a MAC,
    // no key derivation) against a fixed previous key.
    if let Ok(record) = serde_json::from_slice::<KeyEpoch>(bytes) {
        let _ = record.encryption.check_bounds();
        let _ = record.proves(&[7; 32], WORKSPACE, WRITER);
        // Unlocking derives a key from the record's Argon2id parameters: only
        // with small ones here (each run would otherwise take seconds).
        let e = &record.encryption;
        if u64::from(e.m_cost) * u64::from(e.t_cost) * u64::from(e.p_cost.max(1)) <= 256 {
            let _ = record.unlock("fuzz passphrase", WORKSPACE);
        }
    }
}

/// A fixed time, so a merge input replays the same way.
struct Fixed;

impl Clock for Fixed {
    fn now(&self) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-10T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }
}

/// The workspace merge input goes into: made once (a person, an initiative,
/// a committee with a meeting in progress and its minutes), copied fresh for
/// every input so each replays alone.
pub struct MergeBed {
    dir: tempfile::TempDir,
    runs: u64,
}

const ROW_IDS: [&str; 6] = ["p1", "i1", "c1", "m1", "a1", "o1"];

impl MergeBed {
    pub fn new() -> MergeBed {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create(
            &dir.path().join("template.steerco"),
            NewWorkspace {
                id: Some(WORKSPACE.into()),
                name: "Fuzz".into(),
                time_zone: "Europe/Copenhagen".into(),
            },
            Box::new(Fixed),
        )
        .unwrap();
        store
            .write(vec![
                RowChange::insert("person", "p1")
                    .set("name", "Tester")
                    .set("sample", false),
                RowChange::insert("initiative", "i1")
                    .set("code", "8.1")
                    .set("code_verified", true)
                    .set("title", "Digital post")
                    .set("title_verified", true)
                    .set("title_en_verified", false)
                    .set("description", "Mål\nPlan\nBudget"),
                RowChange::insert("committee", "c1")
                    .set("name", "Styregruppe")
                    .set("kind", "steering")
                    .set("sample", false),
                RowChange::insert("meeting", "m1")
                    .set("committee_id", "c1")
                    .set("title", "Møde")
                    .set("starts_at", "2026-03-10T09:00:00Z")
                    .set("duration_min", 120)
                    .set("state", "in_progress")
                    .set("sample", false),
                RowChange::insert("agenda_item", "a1")
                    .set("meeting_id", "m1")
                    .set("position", "a0")
                    .set("title", "Status")
                    .set("closed", false)
                    .set("kind", "item"),
                RowChange::insert("outcome", "o1")
                    .set("meeting_id", "m1")
                    .set("agenda_item_id", "a1")
                    .set("kind", "note")
                    .set("text", "Taget til efterretning")
                    .set("recorded_at", "2026-03-10T09:10:00Z"),
            ])
            .unwrap();
        drop(store);
        MergeBed { dir, runs: 0 }
    }

    /// The template's own changes, as if replica `WRITER` had made them
    /// (seeds for the merge corpus: real rows, real fields).
    pub fn changes(&self) -> Vec<ChangeRecord> {
        let store =
            Store::open(&self.dir.path().join("template.steerco"), Box::new(Fixed)).unwrap();
        let mut changes = store.all_changes().unwrap();
        for c in &mut changes {
            c.hlc = format!("{}{WRITER}", &c.hlc[..19]);
        }
        changes
    }

    /// Target `merge`: batches of changes from `data`, merged in turn into a
    /// fresh copy of the workspace (preview, then apply).
    pub fn merge(&mut self, data: &[u8]) {
        self.runs += 1;
        let path = self.dir.path().join(format!("run-{}.steerco", self.runs));
        std::fs::copy(self.dir.path().join("template.steerco"), &path).unwrap();
        {
            let mut store = Store::open(&path, Box::new(Fixed)).unwrap();
            for batch in batches(data) {
                let _ = store.merge_preview(&batch);
                let _ = store.merge(&batch);
            }
        }
        steerco_store::remove_db_files(&path);
    }
}

impl Default for MergeBed {
    fn default() -> Self {
        MergeBed::new()
    }
}

/// Change batches from bytes: even first byte, the rest is JSON (a list of
/// batches, or one batch); odd, changes built from the bytes against the
/// schema (known tables, fields and words, so the merge rules are reached).
pub fn batches(data: &[u8]) -> Vec<Vec<ChangeRecord>> {
    let Some((&mode, rest)) = data.split_first() else {
        return Vec::new();
    };
    if mode % 2 == 0 {
        if let Ok(b) = serde_json::from_slice::<Vec<Vec<ChangeRecord>>>(rest) {
            return b;
        }
        return serde_json::from_slice::<Vec<ChangeRecord>>(rest)
            .map(|b| vec![b])
            .unwrap_or_default();
    }
    let mut b = Bytes(rest);
    let mut out = Vec::new();
    while !b.0.is_empty() && out.len() < 4 {
        let n = usize::from(b.byte() % 8) + 1;
        out.push((0..n).map(|_| record(&mut b)).collect());
    }
    out
}

/// A reader of fuzz bytes that yields zeros once they run out.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        let (first, rest) = self.0.split_first().map_or((0, &[][..]), |(f, r)| (*f, r));
        self.0 = rest;
        first
    }
    fn pick<'s>(&mut self, from: &[&'s str]) -> &'s str {
        from[usize::from(self.byte()) % from.len()]
    }
    fn u64(&mut self) -> u64 {
        (0..8).fold(0, |n, _| n << 8 | u64::from(self.byte()))
    }
    fn text(&mut self) -> String {
        let n = usize::from(self.byte() % 24);
        let raw: Vec<u8> = (0..n).map(|_| self.byte()).collect();
        String::from_utf8_lossy(&raw).into_owned()
    }
}

fn record(b: &mut Bytes<'_>) -> ChangeRecord {
    let base: i64 = 1_773_129_600_000; // 2026-03-10T08:00:00Z
    let millis = match b.byte() % 8 {
        0 => 0,
        1 => 9_999_999_999_999,
        2 => base + 25 * 3_600_000 + i64::from(b.byte()),
        _ => base - 86_400_000 + i64::from(b.byte()) * 600_000,
    };
    let counter = u16::from(b.byte()) << 8 | u16::from(b.byte());
    let replica = b.pick(&REPLICAS);
    let hlc = match b.byte() % 16 {
        0 => b.text(),
        _ => format!("{millis:013}-{counter:04x}-{replica}"),
    };
    let table = &TABLES[usize::from(b.byte()) % TABLES.len()];
    let tbl = match b.byte() % 16 {
        0 => b.text(),
        _ => table.name.to_string(),
    };
    let row_id = match b.byte() % 8 {
        0 => b.text(),
        1 | 2 => format!("r{}", b.byte() % 4),
        _ => b.pick(&ROW_IDS).to_string(),
    };
    let op = b
        .pick(&["insert", "update", "update", "delete", "restore", "merge"])
        .to_string();
    let mut fields = Map::new();
    for _ in 0..b.byte() % 5 {
        let field = &table.fields[usize::from(b.byte()) % table.fields.len()];
        let name = match b.byte() % 16 {
            0 => b.text(),
            _ => field.name.to_string(),
        };
        fields.insert(name, value(b, field.kind));
    }
    let prev = b.byte().is_multiple_of(4).then(|| {
        let mut prev = Map::new();
        for (k, v) in fields.iter().take(usize::from(b.byte() % 3)) {
            prev.insert(
                k.clone(),
                if b.byte().is_multiple_of(2) {
                    v.clone()
                } else {
                    Json::Null
                },
            );
        }
        prev
    });
    let author_id = b
        .byte()
        .is_multiple_of(2)
        .then(|| b.pick(&["p1", "nobody"]).to_string());
    ChangeRecord {
        hlc,
        author_id,
        tbl,
        row_id,
        op,
        fields,
        prev,
    }
}

/// A value for a field of `kind`: mostly of that kind, sometimes anything.
fn value(b: &mut Bytes<'_>, kind: FieldKind) -> Json {
    let any = b.byte();
    match any % 8 {
        0 => Json::Null,
        1 => Json::from(b.u64() as i64),
        2 => Json::from(f64::from_bits(b.u64())),
        3 => Json::from(b.text()),
        _ => match kind {
            FieldKind::Int | FieldKind::Score => Json::from(i64::from(b.byte() % 8) - 1),
            FieldKind::Bool | FieldKind::Latch => Json::from(b.byte().is_multiple_of(2)),
            FieldKind::Date => Json::from(b.pick(&["2026-03-10", "2026-02-30", "0000-01-01"])),
            FieldKind::Timestamp => {
                Json::from(b.pick(&["2026-03-10T09:00:00Z", "2026-03-10T09:00:00+01:00", "x"]))
            }
            FieldKind::Ref(_) => Json::from(b.pick(&ROW_IDS)),
            FieldKind::OrderKey => Json::from(b.pick(&["a0", "a1", "Zz", "", "a0V"])),
            FieldKind::Enum(words) => Json::from(b.pick(words)),
            FieldKind::LongText => Json::from(b.pick(&[
                "Mål\nPlan\nBudget",
                "Mål\nNy plan\nBudget",
                "Mål\nPlan\nBudget\nRisiko",
                "",
            ])),
            FieldKind::Rag => Json::from(b.pick(&["green", "amber", "red", "grey"])),
            _ => Json::from(b.text()),
        },
    }
}
