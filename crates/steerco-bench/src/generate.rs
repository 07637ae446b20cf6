//! The seeded workspace generator and the plain-SQLite baseline.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::Connection;
use steerco_domain::{Dimension, Phase, Rag, Value};
use steerco_store::{migrate, Op, RowChange};

/// One initiative: its row, 10 status updates, 5 milestones with their first plan.
pub const ROWS_PER_INITIATIVE: usize = 1 + 10 + 5 * 2;

/// A small, seeded PRNG (xorshift64*): the same seed gives the same workspace.
pub struct Generator {
    state: u64,
    initiatives: Vec<String>,
    milestones: Vec<String>,
}

impl Generator {
    pub fn new(seed: u64) -> Self {
        Generator {
            state: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
            initiatives: Vec::new(),
            milestones: Vec::new(),
        }
    }

    fn next(&mut self) -> u64 {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(crate) fn below(&mut self, n: u64) -> u64 {
        (self.next() >> 11) % n
    }

    pub(crate) fn id(&mut self) -> String {
        let (a, b) = (self.next(), self.next());
        uuid_like(a, b)
    }

    fn words(&mut self, n: usize) -> String {
        const WORDS: [&str; 12] = [
            "digital",
            "data",
            "borger",
            "løsning",
            "analyse",
            "udbud",
            "sikkerhed",
            "styregruppe",
            "leverance",
            "arkitektur",
            "velfærd",
            "kommune",
        ];
        (0..n)
            .map(|_| WORDS[self.below(WORDS.len() as u64) as usize])
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn date(&mut self) -> String {
        format!(
            "20{:02}-{:02}-{:02}",
            16 + self.below(10),
            1 + self.below(12),
            1 + self.below(28)
        )
    }

    pub fn portfolio(&mut self, initiatives: usize) -> Vec<RowChange> {
        let mut out = Vec::with_capacity(initiatives * ROWS_PER_INITIATIVE);
        for n in 0..initiatives {
            let id = self.id();
            let fa = format!("bench-fa-{}", 1 + n % 9);
            out.push(
                RowChange::insert("initiative", id.clone())
                    .set("code", format!("{}.{}", 1 + n % 9, 1 + n / 9))
                    .set("code_verified", true)
                    .set("title", self.words(5))
                    .set("title_verified", true)
                    .set("title_en_verified", false)
                    .set("description", self.words(30))
                    .set("focus_area_id", fa)
                    .set("lead", self.words(2))
                    .set("phase", Phase::ALL[self.below(5) as usize].as_str())
                    .set("start_date", "2016-05-01")
                    .set("end_date", "2020-12-31"),
            );
            for k in 0..10 {
                let sid = self.id();
                let date = self.date();
                out.push(
                    RowChange::insert("status_update", sid)
                        .set("initiative_id", id.clone())
                        .set("dimension", Dimension::ALL[k % 5].as_str())
                        .set("rag", Rag::ALL[self.below(4) as usize].as_str())
                        .set("reason", self.words(12))
                        .set("date", date.clone())
                        .set("recorded_at", format!("{date}T12:00:00.000Z"))
                        .set("sample", true),
                );
            }
            for _ in 0..5 {
                let mid = self.id();
                let due = self.date();
                out.push(
                    RowChange::insert("milestone", mid.clone())
                        .set("initiative_id", id.clone())
                        .set("title", self.words(4))
                        .set("planned_date", due.clone())
                        .set("sample", true),
                );
                let pid = self.id();
                out.push(
                    RowChange::insert("milestone_plan", pid)
                        .set("milestone_id", mid.clone())
                        .set("planned_date", due)
                        .set("recorded_at", "2016-06-01T12:00:00.000Z"),
                );
                self.milestones.push(mid);
            }
            self.initiatives.push(id);
        }
        out
    }

    /// Edits of existing rows: titles, descriptions, phases, leads, planned and done dates.
    pub fn further_changes(&mut self, n: usize) -> Vec<RowChange> {
        (0..n)
            .map(|_| match self.below(6) {
                0 => RowChange::update("initiative", self.pick_initiative())
                    .set("title", self.words(5)),
                1 => RowChange::update("initiative", self.pick_initiative())
                    .set("description", self.words(30)),
                2 => RowChange::update("initiative", self.pick_initiative())
                    .set("phase", Phase::ALL[self.below(5) as usize].as_str()),
                3 => RowChange::update("initiative", self.pick_initiative())
                    .set("lead", self.words(2)),
                4 => RowChange::update("milestone", self.pick_milestone())
                    .set("planned_date", self.date()),
                _ => RowChange::update("milestone", self.pick_milestone())
                    .set("done_date", self.date()),
            })
            .collect()
    }

    fn pick_initiative(&mut self) -> String {
        let i = self.below(self.initiatives.len() as u64) as usize;
        self.initiatives[i].clone()
    }

    fn pick_milestone(&mut self) -> String {
        let i = self.below(self.milestones.len() as u64) as usize;
        self.milestones[i].clone()
    }
}

fn uuid_like(a: u64, b: u64) -> String {
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        b >> 52,
        b & 0xffff_ffff_ffff
    )
}

/// The nine focus areas every generated initiative refers to.
pub fn prelude() -> Vec<RowChange> {
    (1..=9)
        .map(|n| {
            RowChange::insert("focus_area", format!("bench-fa-{n}"))
                .set("number", n as i64)
                .set("name_da", format!("Fokusområde {n}"))
                .set("name_en_verified", false)
        })
        .collect()
}

/// The same rows into the same schema without the change log: one
/// transaction, one prepared statement per statement shape, the workspace's
/// pragmas.
pub fn baseline(
    path: &Path,
    inserts: &[RowChange],
    updates: &[RowChange],
) -> Result<Duration, Box<dyn std::error::Error>> {
    let prelude = prelude();
    let all: Vec<&RowChange> = prelude.iter().chain(inserts).chain(updates).collect();
    plain(path, &[], &[all])
}

/// The baseline of the write path as the app uses it: the prelude first
/// (not timed), then one transaction per user action, as `batches` groups them.
pub fn baseline_per_action(
    path: &Path,
    batches: &[Vec<&RowChange>],
) -> Result<Duration, Box<dyn std::error::Error>> {
    let prelude = prelude();
    let setup: Vec<&RowChange> = prelude.iter().collect();
    plain(path, &setup, batches)
}

/// Plain inserts and updates: `setup` in one transaction, then each batch in
/// a transaction of its own, timed.
fn plain(
    path: &Path,
    setup: &[&RowChange],
    batches: &[Vec<&RowChange>],
) -> Result<Duration, Box<dyn std::error::Error>> {
    let mut conn = Connection::open(path)?;
    conn.execute_batch(steerco_store::PRAGMAS)?;
    migrate::migrate(&mut conn, path, None)?;
    let mut sql = String::with_capacity(256);
    let tx = conn.transaction()?;
    for change in setup {
        apply_plain(&tx, &mut sql, change, None)?;
    }
    tx.commit()?;
    let start = Instant::now();
    for batch in batches {
        let tx = conn.transaction()?;
        for change in batch {
            apply_plain(&tx, &mut sql, change, None)?;
        }
        tx.commit()?;
    }
    Ok(start.elapsed())
}

/// One change as a plain statement; an insert with `stamp` also sets the
/// row's insert stamp (the write path's floor, writes.rs).
pub fn apply_plain(
    tx: &rusqlite::Transaction,
    sql: &mut String,
    change: &RowChange,
    stamp: Option<&str>,
) -> rusqlite::Result<()> {
    let stamp = stamp.filter(|_| change.op == Op::Insert);
    plain_sql(sql, change, stamp.is_some());
    let mut stmt = tx.prepare_cached(sql)?;
    if let Some(stamp) = stamp {
        stmt.raw_bind_parameter(change.fields.len() + 2, stamp)?;
    }
    stmt.raw_bind_parameter(1, change.row_id.as_str())?;
    for (i, (_, v)) in change.fields.iter().enumerate() {
        match v {
            Value::Null => stmt.raw_bind_parameter(i + 2, rusqlite::types::Null)?,
            Value::Int(n) => stmt.raw_bind_parameter(i + 2, n)?,
            Value::Real(f) => stmt.raw_bind_parameter(i + 2, f)?,
            Value::Text(s) => stmt.raw_bind_parameter(i + 2, s.as_str())?,
        }
    }
    stmt.raw_execute()?;
    Ok(())
}

/// A change's statement, written into `sql` (reused, as the write path does).
fn plain_sql(sql: &mut String, change: &RowChange, stamp: bool) {
    use std::fmt::Write;
    sql.clear();
    if change.op == Op::Insert {
        let _ = write!(sql, "INSERT INTO {} (id", change.table);
        for (name, _) in &change.fields {
            let _ = write!(sql, ", {name}");
        }
        if stamp {
            sql.push_str(", stamp");
        }
        sql.push_str(") VALUES (?1");
        for i in 2..=change.fields.len() + 1 + usize::from(stamp) {
            let _ = write!(sql, ", ?{i}");
        }
        sql.push(')');
    } else {
        let _ = write!(sql, "UPDATE {} SET ", change.table);
        for (i, (name, _)) in change.fields.iter().enumerate() {
            let sep = if i > 0 { ", " } else { "" };
            let _ = write!(sql, "{sep}{name} = ?{}", i + 2);
        }
        sql.push_str(" WHERE id = ?1");
    }
}
