//! One sync with a shared folder: send this replica's new changes as a new
//! segment, then apply every other replica's segments not applied yet, in
//! each replica's order. A bad file is named in the report and set aside
//! (nothing of it applied, the file left alone for its owner); the rest of
//! the sync goes on, and the file is tried again next time.
//!
//! `error.rs` what can go wrong, `marker.rs` the folder's marker and key,
//! `keys.rs` key epochs and the passphrase change, `send.rs` this replica's
//! new segments, `receive.rs` other replicas' segments in order, `compact.rs`
//! snapshots (writing them, and catching up from them), `plan.rs` what a sync
//! would do, without doing it, `own.rs` the check of this replica's own
//! files, `limits.rs` how far old-format and old-epoch files are accepted
//! (a server's pull keeps the same limits), `listing.rs` which other
//! replicas' folders need listing.

mod compact;
mod error;
mod keys;
mod limits;
mod listing;
mod marker;
mod own;
mod plan;
mod receive;
mod send;

use std::path::{Path, PathBuf};

use serde::Serialize;
use steerco_store::failpoint;
use steerco_store::merge::MergeReport;
use steerco_store::Store;

use crate::join::join_into;
use crate::papers::{FolderPlace, Job, Papers, PapersReport};
use crate::via::{self, Via};

pub use error::SyncError;
pub use keys::change_passphrase;
#[doc(hidden)] // the key record parser, public for the fuzz targets (fuzz/)
pub use keys::newest_epoch;
pub(crate) use keys::{epoch_key, epoch_name};
pub(crate) use limits::Limits;
pub use marker::{folder_marker, Marker, MARKER};
pub use plan::{plan_folder, Incoming, SyncPlan};
pub(crate) use send::check_closed_items;

use compact::compact;
use error::io;
use marker::folder_key_aside;
use own::check_own;
use receive::receive;
use send::send;

/// How a replica keeps the folder small.
#[derive(Debug, Clone, Copy)]
pub struct Compaction {
    /// When this replica has more of its own segments in the folder, it writes
    /// a snapshot and removes the segments the snapshot holds. Each replica so
    /// keeps at most this many segments plus one snapshot: the folder holds at
    /// most replicas x (this + 1) files, however long the history.
    pub keep_segments: usize,
}

impl Default for Compaction {
    fn default() -> Self {
        Compaction { keep_segments: 64 }
    }
}

#[derive(Debug, Default, Serialize)]
pub struct SyncReport {
    /// Changes of this replica written to the folder, and in how many files.
    pub sent: usize,
    pub segments_written: usize,
    /// Segment files of other replicas applied, and what their changes did.
    pub segments_applied: usize,
    pub merge: MergeReport,
    /// Snapshots applied to catch up with compacted history.
    pub snapshots_applied: usize,
    /// The snapshot this sync wrote (when it compacted this replica's files).
    pub snapshot: Option<PathBuf>,
    /// Files not applied, with the reason.
    pub set_aside: Vec<(PathBuf, String)>,
    /// Per replica, the missing segment its later segments wait for.
    pub waiting: Vec<(String, u64)>,
    /// What the folder's files are protected against: `authenticated` (an
    /// encrypted folder: forgery and accidents) or `checksum` (accidents only).
    pub integrity: String,
    /// Server sync: this replica's segments the server had lost (restored
    /// from an older backup) and that were pushed again.
    pub resent: usize,
    /// Server sync: the first and last of this replica's segments the server
    /// lost and this version cannot push again (pushed before it recorded
    /// what each segment held): other members wait for them.
    pub lost: Option<(u64, u64)>,
    /// The papers moved after the text (attachments' bytes).
    pub papers: PapersReport,
}

/// Sync `store` with the folder `dir` (created and claimed when empty; with a
/// passphrase, an empty folder becomes an encrypted one).
pub fn sync_folder(
    store: &mut Store,
    dir: &Path,
    passphrase: Option<&str>,
) -> Result<SyncReport, SyncError> {
    sync_folder_with(store, dir, passphrase, Compaction::default())
}

pub fn sync_folder_with(
    store: &mut Store,
    dir: &Path,
    passphrase: Option<&str>,
    compaction: Compaction,
) -> Result<SyncReport, SyncError> {
    let (mut report, papers) = sync_folder_text(store, dir, passphrase, compaction)?;
    report.papers = papers.run(&mut |_| {});
    Ok(report)
}

/// The part of a folder sync that needs the store (the text changes), and
/// the papers step to run after it, without the store.
pub fn sync_folder_text(
    store: &mut Store,
    dir: &Path,
    passphrase: Option<&str>,
    compaction: Compaction,
) -> Result<(SyncReport, Papers), SyncError> {
    let started = std::time::Instant::now();
    let result = exchange(store, dir, passphrase, compaction);
    crate::log::run(
        "folder",
        started,
        result.as_ref().map(|r| &r.0).map_err(SyncError::code),
    );
    let (report, key) = result?;
    let job = Job::new(store, key.as_ref())?;
    Ok((report, Papers::new(job, Box::new(FolderPlace::new(dir)))))
}

fn exchange(
    store: &mut Store,
    dir: &Path,
    passphrase: Option<&str>,
    compaction: Compaction,
) -> Result<(SyncReport, Option<crate::crypto::Key>), SyncError> {
    let ours = store.workspace()?.id;
    via::check(store, Via::Folder)?;
    check_closed_items(store, passphrase, dir)?;
    let (key, keys_aside) = match folder_marker(dir)? {
        Some(m) => folder_key_aside(dir, &m, &ours, passphrase)?,
        None => {
            let (marker, key) = Marker::new(&ours, passphrase)?;
            write_atomic(
                &dir.join(MARKER),
                &serde_json::to_vec_pretty(&marker).unwrap_or_default(),
            )?;
            (key, Vec::new())
        }
    };
    let mut report = SyncReport {
        integrity: integrity(key.is_some()).into(),
        ..Default::default()
    };
    // Planted or unproven key records (passphrase changes): named, not used.
    report.set_aside.extend(keys_aside);
    // This replica's own files first: numbering, and what someone else put there.
    let own = check_own(store, dir, &ours, key.as_ref())?;
    report.set_aside.extend(own.foreign.iter().cloned());
    send(store, dir, &ours, key.as_ref(), own.last, &mut report)?;
    receive(store, dir, &ours, key.as_ref(), &mut report)?;
    if report.merge.conflicts > 0 {
        // The conflicts found are workspace data: send them now, not next time.
        send(store, dir, &ours, key.as_ref(), own.last, &mut report)?;
    }
    let whole = own.whole;
    compact(
        store,
        dir,
        &ours,
        key.as_ref(),
        compaction,
        whole,
        &mut report,
    )?;
    record(store, &report)?;
    via::record(store, Via::Folder)?;
    crate::log::compact(store);
    Ok((report, key))
}

/// What a folder's files are protected against, as the sync status says it.
pub fn integrity(encrypted: bool) -> &'static str {
    if encrypted {
        "authenticated"
    } else {
        "checksum"
    }
}

/// Keep what the sync status shows: the files set aside, the protection.
fn record(store: &Store, report: &SyncReport) -> Result<(), SyncError> {
    let named: Vec<String> = report
        .set_aside
        .iter()
        .map(|(p, why)| format!("{}: {why}", p.display()))
        .collect();
    keep(
        store,
        steerco_store::LocalKey::SyncSetAside,
        &serde_json::to_string(&named).unwrap_or_default(),
    )?;
    keep(
        store,
        steerco_store::LocalKey::SyncIntegrity,
        &report.integrity,
    )
}

/// Set a sync setting, unless it holds `value` already: a sync with nothing
/// new so writes nothing (no transaction, and no commit that the app's
/// watch would take for a change of the workspace).
pub(super) fn keep(
    store: &Store,
    key: steerco_store::LocalKey<'_>,
    value: &str,
) -> Result<(), SyncError> {
    if store.local_setting(key)?.as_deref() != Some(value) {
        store.set_sync_setting(key, value)?;
    }
    Ok(())
}

/// Create a new local workspace at `path` from the folder `dir` (a join).
pub fn join_folder(
    path: &Path,
    dir: &Path,
    passphrase: Option<&str>,
    clock: Box<dyn steerco_domain::Clock>,
) -> Result<(Store, SyncReport), SyncError> {
    join_folder_with(path, dir, passphrase, clock, None)
}

/// A join that reports the progress of its import to `progress`.
pub fn join_folder_with(
    path: &Path,
    dir: &Path,
    passphrase: Option<&str>,
    clock: Box<dyn steerco_domain::Clock>,
    progress: Option<steerco_store::ProgressFn>,
) -> Result<(Store, SyncReport), SyncError> {
    let (store, mut report, papers) = join_folder_text(path, dir, passphrase, clock, progress)?;
    report.papers = papers.run(&mut |_| {});
    Ok((store, report))
}

/// A join's import (the text), and its papers step to run after it, without
/// the store (the app shows the workspace meanwhile).
pub fn join_folder_text(
    path: &Path,
    dir: &Path,
    passphrase: Option<&str>,
    clock: Box<dyn steerco_domain::Clock>,
    progress: Option<steerco_store::ProgressFn>,
) -> Result<(Store, SyncReport, Papers), SyncError> {
    let marker = folder_marker(dir)?.ok_or_else(|| SyncError::NotAFolder(dir.to_path_buf()))?;
    // Check the passphrase before creating anything.
    let (key, keys_aside) = folder_key_aside(dir, &marker, &marker.workspace, passphrase)?;
    let (store, report) = join_into(path, clock, progress, Via::Folder, |store, report| {
        report.integrity = integrity(key.is_some()).into();
        report.set_aside.extend(keys_aside);
        receive(store, dir, &marker.workspace, key.as_ref(), report)?;
        record(store, report)
    })?;
    let job = Job::new(&store, key.as_ref())?;
    let papers = Papers::new(job, Box::new(FolderPlace::new(dir)));
    Ok((store, report, papers))
}

/// Write `bytes` to `path` through a temporary file in the same folder and a
/// rename, so no reader ever sees half a file under the final name.
pub(super) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SyncError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let tmp = dir.join(format!(".tmp-{}", uuid::Uuid::new_v4().simple()));
    std::fs::write(&tmp, bytes).map_err(io(&tmp))?;
    failpoint("after-temp-write");
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(path)(e));
    }
    failpoint("after-rename");
    Ok(())
}

/// This replica's own segment files in the folder, by number.
pub(super) fn own_segments(dir: &Path, me: &str) -> Vec<(u64, PathBuf)> {
    let mut out: Vec<(u64, PathBuf)> = std::fs::read_dir(dir.join(me))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|f| claimed_seq(&f.file_name().to_string_lossy()).map(|s| (s, f.path())))
        .collect();
    out.sort();
    out
}

/// The segment number a file name claims (`0000000012.seg`, `0000000012 (1).seg`).
pub(super) fn claimed_seq(name: &str) -> Option<u64> {
    let stem = name.strip_suffix(".seg")?;
    let digits = stem.split(' ').next()?;
    digits.parse().ok()
}

impl SyncReport {
    /// The report as the app shows it (and keeps as the last outcome).
    pub fn outcome(&self, at: String) -> steerco_store::merge::SyncOutcome {
        steerco_store::merge::SyncOutcome {
            sent: self.sent,
            received: self.merge.applied,
            conflicts: self.merge.conflicts,
            waiting: self.merge.pending,
            // A server's lost files of this replica that cannot be sent
            // again are listed with the files set aside: never silent.
            set_aside: self
                .set_aside
                .iter()
                .map(|(p, why)| format!("{}: {why}", p.display()))
                .chain(self.lost.map(|(first, last)| {
                    format!(
                        "change files {first} to {last} of this copy: the server lost them and this version cannot send them again"
                    )
                }))
                .collect(),
            clocks_ahead: self
                .merge
                .clock_ahead
                .iter()
                .map(|(r, s)| format!("{r}: {} min", s / 60))
                .collect(),
            at,
            passphrase_kept: String::new(),
            papers_sent: self.papers.sent,
            papers_received: self.papers.received,
            papers_waiting: self.papers.waiting.len(),
            papers_not_fetched: self.papers.not_fetched,
            papers_problems: self.papers.problems.clone(),
        }
    }

    pub(crate) fn merge_add(&mut self, m: MergeReport) {
        self.merge.applied += m.applied;
        self.merge.skipped += m.skipped;
        self.merge.pending = m.pending;
        self.merge.conflicts += m.conflicts;
        for (who, ahead) in m.clock_ahead {
            match self.merge.clock_ahead.iter_mut().find(|(r, _)| *r == who) {
                Some((_, a)) => *a = (*a).max(ahead),
                None => self.merge.clock_ahead.push((who, ahead)),
            }
        }
    }
}
