//! Sync figures: merging another replica's changes (into an empty replica and
//! into one that has the rows), a sync with nothing new against a folder of 50
//! replicas x 200 segments, and a join from the folder.

use std::path::Path;
use std::time::{Duration, Instant};

use steerco_domain::SystemClock;
use steerco_store::{RowChange, Store};
use steerco_sync::{folder::join_folder, segment, sync_folder};

use crate::generate;

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// `--only sync`: the sync figures alone (each against its same-run baseline).
pub fn only(size: &crate::Size, seed: u64, quick: bool) -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    run(
        dir.path(),
        &crate::gen_for_sync(size, seed),
        Duration::ZERO,
        0,
        quick,
    )
}

pub fn run(
    dir: &Path,
    (inserts, updates): &(Vec<RowChange>, Vec<RowChange>),
    _baseline_full: Duration,
    _rows_full: usize,
    quick: bool,
) -> Result<(), Box<dyn std::error::Error>> {
    // The source replica writes everything through its write path.
    let mut source = crate::new_store(&dir.join("source.steerco"))?;
    let mut all = generate::prelude();
    all.extend(inserts.iter().cloned());
    all.extend(updates.iter().cloned());
    let n_rows = all.len();
    source.write(all)?;
    let records = source.local_changes_after(0, usize::MAX)?;
    let records: Vec<_> = records.into_iter().map(|(_, r)| r).collect();
    let split = records
        .iter()
        .position(|r| r.op == "update")
        .unwrap_or(records.len());

    // Baseline: the same rows as plain inserts/updates, one transaction.
    let baseline = generate::baseline(&dir.join("sync-baseline.sqlite"), inserts, updates)?;

    let mut empty = Store::create_for_join(&dir.join("empty.steerco"), Box::new(SystemClock))?;
    let start = Instant::now();
    let r = empty.merge(&records)?;
    let into_empty = start.elapsed();
    println!(
        "merge {} changes into an empty replica: {} = {:.0} changes/s, {:.2}x the same run's plain-insert baseline ({}) (targets: at least 150,000/s, at most 3x) [applied {}, conflicts {}]",
        records.len(), ms(into_empty), records.len() as f64 / into_empty.as_secs_f64(),
        into_empty.as_secs_f64() / baseline.as_secs_f64(), ms(baseline), r.applied, r.conflicts
    );

    let mut existing =
        Store::create_for_join(&dir.join("existing.steerco"), Box::new(SystemClock))?;
    existing.merge(&records[..split])?;
    // The sync that brought the rows compressed their history, as the app's does.
    existing.compact_history()?;
    let start = Instant::now();
    existing.merge(&records[split..])?;
    let into_rows = start.elapsed();
    println!(
        "merge {} updates into a replica that has the rows: {} = {:.0} changes/s (target at least 150,000/s)",
        records.len() - split,
        ms(into_rows),
        (records.len() - split) as f64 / into_rows.as_secs_f64()
    );
    empty.compact_history()?;
    let start = Instant::now();
    let again = empty.merge(&records)?;
    println!(
        "merge the same {} changes again (all already applied, history compressed): {} [skipped {}]",
        records.len(),
        ms(start.elapsed()),
        again.skipped
    );

    // A folder of 50 replicas x 200 segments, all applied already.
    let folder = dir.join("folder-50x200");
    let ws = source.workspace()?.id;
    std::fs::create_dir_all(&folder)?;
    let (replicas, per) = if quick { (10, 40) } else { (50, 200) };
    let one = &records[..1];
    for r in 0..replicas {
        let replica = format!("{:016x}", 0xbe00_0000_0000_0000u64 + r as u64);
        let sub = folder.join(&replica);
        std::fs::create_dir_all(&sub)?;
        for seq in 1..=per {
            std::fs::write(
                sub.join(format!("{seq:010}.seg")),
                segment::encode(&ws, &replica, seq, &one[..0], None)?,
            )?;
        }
        source.set_peer_segment(&replica, per)?;
    }
    // Sends the source's own changes once.
    sync_folder(&mut source, &folder, None)?;
    // The app syncs once a minute: a sync with nothing new comes long after
    // the last change. Within 100 ms of a change (seconds, where the file
    // system keeps whole seconds) a sync reads the changed files and lists
    // the changed folders again (own.rs, listing.rs): wait that out, not a
    // minute.
    std::thread::sleep(Duration::from_millis(250));
    let mut times = Vec::new();
    for _ in 0..10 {
        let start = Instant::now();
        let r = sync_folder(&mut source, &folder, None)?;
        times.push(start.elapsed());
        assert_eq!((r.sent, r.segments_applied), (0, 0));
    }
    // The first reads and checks the segments the source just sent (once,
    // well after they were written) and lists every folder once more (the
    // listing that sees them settled); the others list none of them.
    let first = times[0];
    times.sort();
    println!(
        "sync with nothing new, folder of {replicas} replicas x {per} segments: median {} (target under 3 ms) [first {}, slowest {}]",
        ms(times[times.len() / 2]),
        ms(first),
        ms(times[times.len() - 1])
    );

    // A new member joins from the folder (no snapshots yet: from the segments).
    let start = Instant::now();
    let (joined, report) = join_folder(
        &dir.join("joined.steerco"),
        &folder,
        None,
        Box::new(SystemClock),
    )?;
    println!(
        "join from the folder: {} changes in {} ({} rows in the source) (target under 5 s, from a snapshot)",
        report.merge.applied, ms(start.elapsed()), n_rows
    );
    assert_eq!(joined.export_json()?, source.export_json()?);

    // A new member joins from a snapshot: a folder holding only the source's
    // compacted state (one snapshot file covering its first segment).
    let snap_folder = dir.join("folder-snapshot");
    let me = source.replica().to_string();
    std::fs::create_dir_all(snap_folder.join(&me))?;
    std::fs::write(
        snap_folder.join(steerco_sync::folder::MARKER),
        serde_json::to_vec(&steerco_sync::folder::Marker {
            format: "steerco-folder".into(),
            version: 1,
            workspace: ws.clone(),
            encryption: None,
        })?,
    )?;
    let everything = source.all_changes()?;
    let bytes = segment::encode_as(
        segment::SNAPSHOT,
        &ws,
        &me,
        1,
        &everything,
        None,
        [(me.clone(), 1)].into_iter().collect(),
    )?;
    std::fs::write(
        snap_folder.join(&me).join("snapshot-0000000001.snap"),
        &bytes,
    )?;
    let start = Instant::now();
    let (from_snapshot, report) = join_folder(
        &dir.join("joined-snapshot.steerco"),
        &snap_folder,
        None,
        Box::new(SystemClock),
    )?;
    println!(
        "join from a snapshot ({} MiB): {} changes in {} (target under 5 s) [snapshots applied {}]",
        bytes.len() / (1024 * 1024),
        report.merge.applied,
        ms(start.elapsed()),
        report.snapshots_applied
    );
    assert_eq!(from_snapshot.export_json()?, source.export_json()?);

    crate::server::join(dir, inserts, updates)?;
    Ok(())
}
