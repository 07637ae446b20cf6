//! The write path's figures (#21 points 1 and 4): the one write path against
//! plain inserts and updates of the same rows (same schema, the workspace's
//! pragmas, the same transaction shape), in one transaction and one
//! transaction per user action; and the workspace file beside the same data
//! without history.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::Connection;
use steerco_store::{RowChange, Store};

use crate::{generate, human_bytes, ms, new_store};

/// Runs of each one-transaction figure; the median is printed, so one run
/// slowed by another process on the machine does not decide the figure.
const RUNS: usize = 5;

/// `--only write`: the write figures alone, on the bench's workspace.
pub fn only(size: &crate::Size, seed: u64, quick: bool) -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let mut gen = generate::Generator::new(seed);
    let inserts = gen.portfolio(size.initiatives);
    let updates = gen.further_changes(size.further_changes);
    let path = dir.path().join("one-tx.steerco");
    let (store, first) = one_transaction(&path, &inserts, &updates)?;
    run(dir.path(), &store, first, &inserts, &updates, quick)?;
    Ok(())
}

/// The write path in one transaction into a new workspace: the workspace the
/// later figures read, and how long the write took.
pub fn one_transaction(
    path: &Path,
    inserts: &[RowChange],
    updates: &[RowChange],
) -> Result<(Store, Duration), Box<dyn std::error::Error>> {
    let mut store = new_store(path)?;
    let mut all = generate::prelude();
    all.extend(inserts.iter().cloned());
    all.extend(updates.iter().cloned());
    let start = Instant::now();
    store.write(all)?;
    Ok((store, start.elapsed()))
}

/// Print the write figures; `store` is the workspace written by `first`, a
/// run of [`one_transaction`]. Returns the baseline's median time.
pub fn run(
    dir: &Path,
    store: &Store,
    first: Duration,
    inserts: &[RowChange],
    updates: &[RowChange],
    quick: bool,
) -> Result<Duration, Box<dyn std::error::Error>> {
    let rows = generate::prelude().len() + inserts.len() + updates.len();
    // Alternate the baseline, the floor and the write path, so all three see
    // the same load.
    let mut writes = vec![first];
    let mut baselines = Vec::new();
    let mut floors = Vec::new();
    for run in 0..RUNS {
        let base = dir.join(format!("baseline-{run}.sqlite"));
        baselines.push(generate::baseline(&base, inserts, updates)?);
        if run > 0 {
            // The first is kept: the storage figure compares with it.
            steerco_store::remove_db_files(&base);
        }
        let floor_file = dir.join(format!("floor-{run}.sqlite"));
        floors.push(floor(&floor_file, store, inserts, updates)?);
        steerco_store::remove_db_files(&floor_file);
        if run + 1 < RUNS {
            let path = dir.join(format!("one-tx-{run}.steerco"));
            writes.push(one_transaction(&path, inserts, updates)?.1);
            steerco_store::remove_db_files(&path);
        }
    }
    let ratios: Vec<f64> = writes
        .iter()
        .zip(&baselines)
        .map(|(w, b)| w.as_secs_f64() / b.as_secs_f64())
        .collect();
    let (write, baseline) = (median(&writes), median(&baselines));
    println!(
        "write path, one transaction: {rows} row changes in {} (median of {RUNS}) = {:.0} changes/s",
        ms(write),
        rows as f64 / write.as_secs_f64()
    );
    println!(
        "baseline plain inserts/updates, same rows, schema, pragmas, one transaction: {} (median of {RUNS}) = {:.0} rows/s",
        ms(baseline),
        rows as f64 / baseline.as_secs_f64()
    );
    println!(
        "write path / baseline: {:.2}x (runs: {}) (target at most 2x)",
        write.as_secs_f64() / baseline.as_secs_f64(),
        ratios
            .iter()
            .map(|r| format!("{r:.2}x"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let floor = median(&floors);
    println!(
        "the write path's floor, what it stores as plain inserts/updates in one transaction: {} (median of {RUNS}) = {:.2}x the baseline",
        ms(floor),
        floor.as_secs_f64() / baseline.as_secs_f64()
    );
    per_action(dir, inserts, updates, quick)?;
    storage(dir, store, &dir.join("baseline-0.sqlite"))?;
    Ok(baseline)
}

/// What the write path stores, written without it: the baseline's statements
/// with each insert's stamp, and the change-log rows the write path logged
/// for the same changes (read from `store`), as plain prepared inserts in one
/// transaction. Only the field clocks updates keep in their rows are left
/// out. The time the write path cannot go below without storing less.
fn floor(
    path: &Path,
    store: &Store,
    inserts: &[RowChange],
    updates: &[RowChange],
) -> Result<Duration, Box<dyn std::error::Error>> {
    let prelude = generate::prelude();
    let changes: Vec<&RowChange> = prelude.iter().chain(inserts).chain(updates).collect();
    let conn = Connection::open(store.path())?;
    let words: Vec<(i64, String)> = conn
        .prepare("SELECT n, word FROM change_word")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let logged: Vec<[rusqlite::types::Value; 9]> = {
        let mut stmt = conn.prepare(
            "SELECT at, replica, author, tbl, op, row_id, fields, prev, row_hash FROM change_log
             ORDER BY seq DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([changes.len() as i64], |r| {
            Ok(std::array::from_fn(|i| {
                r.get(i).unwrap_or(rusqlite::types::Value::Null)
            }))
        })?;
        let mut rows = rows.collect::<Result<Vec<_>, _>>()?;
        rows.reverse();
        rows
    };
    // Each row's insert stamp, as the write path sets it (the log keeps it
    // as a number beside its replica's word).
    let stamps: Vec<String> = logged
        .iter()
        .map(|log| match (&log[0], &log[1]) {
            (rusqlite::types::Value::Integer(at), rusqlite::types::Value::Integer(r)) => {
                let replica = words.iter().find(|(n, _)| n == r).map_or("", |w| &w.1);
                format!("{:013}-{:04x}-{replica}", at / 65_536, at % 65_536)
            }
            _ => String::new(),
        })
        .collect();
    drop(conn);
    let mut conn = Connection::open(path)?;
    conn.execute_batch(steerco_store::PRAGMAS)?;
    steerco_store::migrate::migrate(&mut conn, path, None)?;
    let mut sql = String::with_capacity(256);
    let start = Instant::now();
    let tx = conn.transaction()?;
    for (n, word) in &words {
        tx.prepare_cached("INSERT INTO change_word (n, word) VALUES (?1, ?2)")?
            .execute(rusqlite::params![n, word])?;
    }
    for ((change, log), stamp) in changes.iter().zip(&logged).zip(&stamps) {
        generate::apply_plain(&tx, &mut sql, change, Some(stamp))?;
        tx.prepare_cached(
            "INSERT INTO change_log (at, replica, author, tbl, op, row_id, fields, prev, row_hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(rusqlite::params_from_iter(log.iter()))?;
    }
    tx.commit()?;
    Ok(start.elapsed())
}

/// The write path as the app uses it: one transaction per user action (an
/// initiative with its rows; then each further change on its own), beside
/// plain inserts and updates in the same transactions.
fn per_action(
    dir: &Path,
    inserts: &[RowChange],
    updates: &[RowChange],
    quick: bool,
) -> Result<(), Box<dyn std::error::Error>> {
    let sample = updates.len().min(if quick { 2_000 } else { 10_000 });
    let actions: Vec<&[RowChange]> = inserts
        .chunks(generate::ROWS_PER_INITIATIVE)
        .chain(updates[..sample].chunks(1))
        .collect();
    let rows = inserts.len() + sample;
    let batches: Vec<Vec<&RowChange>> = actions.iter().map(|a| a.iter().collect()).collect();
    let baseline = generate::baseline_per_action(&dir.join("per-action.sqlite"), &batches)?;

    let mut store = new_store(&dir.join("per-action.steerco"))?;
    store.write(generate::prelude())?;
    let batches: Vec<Vec<RowChange>> = actions.iter().map(|a| a.to_vec()).collect();
    let start = Instant::now();
    for batch in batches {
        store.write(batch)?;
    }
    let time = start.elapsed();
    println!(
        "write path, one transaction per action: {} actions, {rows} row changes in {} = {:.0} changes/s; plain inserts/updates in the same transactions {}: {:.2}x",
        actions.len(),
        ms(time),
        rows as f64 / time.as_secs_f64(),
        ms(baseline),
        time.as_secs_f64() / baseline.as_secs_f64()
    );
    Ok(())
}

/// The workspace file beside the same rows without history (the baseline's
/// file), both compacted the same way: `VACUUM INTO` a fresh file, which
/// leaves the WAL and free pages out of both. The workspace's old history is
/// first compressed as every sync of the app does (`compact_history`).
fn storage(dir: &Path, store: &Store, baseline: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let start = Instant::now();
    let moved = store.compact_history()?;
    println!(
        "history compression (after each sync): {moved} of {} logged changes into blocks in {}",
        store.change_count()?,
        ms(start.elapsed())
    );
    let compact = |from: &Path, to: &Path| -> Result<u64, Box<dyn std::error::Error>> {
        let conn = Connection::open(from)?;
        conn.execute("VACUUM INTO ?1", [to.to_string_lossy()])?;
        Ok(std::fs::metadata(to)?.len())
    };
    let with_history = compact(store.path(), &dir.join("compact.steerco"))?;
    let without = compact(baseline, &dir.join("compact.sqlite"))?;
    let conn = Connection::open(dir.join("compact.steerco"))?;
    let log: i64 = conn.query_row(
        "SELECT sum(pgsize) FROM dbstat
         WHERE name IN ('change_log', 'change_log_row_hash', 'change_word', 'change_block', 'change_block_row')",
        [],
        |r| r.get(0),
    )?;
    println!(
        "storage: workspace {} ({} of it the change log with its index and compressed blocks) beside the same data without history {}: {:.2}x (target at most 2x; both vacuumed into a fresh file)",
        human_bytes(with_history),
        human_bytes(log as u64),
        human_bytes(without),
        with_history as f64 / without as f64
    );
    Ok(())
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}
