//! One sync with a shared folder: send this replica's new changes as a new
//! segment, then apply every other replica's segments not applied yet, in
//! each replica's order. A bad file is named in the report and set aside
//! (nothing of it applied, the file left alone for its owner); the rest of
//! the sync goes on, and the file is tried again next time.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use steerco_domain::ReplicaId;
use steerco_store::merge::MergeReport;
use steerco_store::{Store, StoreError};

use crate::crypto::{CryptoError, Encryption, Key, KeyEpoch};
use crate::join::join_into;
use crate::segment;
use crate::via::{self, Via};
use steerco_store::failpoint;

pub const MARKER: &str = "steerco-folder.json";
/// Changes per segment file.
const SEGMENT_CHANGES: usize = 20_000;

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

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("the folder {folder} belongs to another workspace ({theirs}); this workspace is {ours}. Nothing was exchanged.")]
    OtherWorkspace {
        folder: PathBuf,
        theirs: String,
        ours: String,
    },
    #[error("{0} is not a Steerco sync folder (no {MARKER})")]
    NotAFolder(PathBuf),
    #[error("{0} has a {MARKER} from a newer Steerco; update to sync with it")]
    NewerFolder(PathBuf),
    #[error("folder error at {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the folder {0} is encrypted: give the workspace passphrase")]
    NeedsPassphrase(PathBuf),
    #[error("the folder {0} is not encrypted; sync without a passphrase (or use a new, empty folder for an encrypted one)")]
    NotEncrypted(PathBuf),
    #[error("the passphrase of the folder {0} was changed: give the new one")]
    PassphraseChanged(PathBuf),
    #[error("the new passphrase may not be empty")]
    EmptyPassphrase,
    #[error("this workspace has {closed} closed (confidential) agenda items: it syncs only to an encrypted folder; give a passphrase (a new, empty folder becomes encrypted), {folder} was not used")]
    ClosedItemsNeedEncryption { folder: PathBuf, closed: i64 },
    #[error("this workspace syncs through a {used}; it cannot also sync through a {wanted}, whose members would never get its earlier changes. To move to a {wanted}, join from it into a new file.")]
    OtherKind {
        used: &'static str,
        wanted: &'static str,
    },
    #[error(transparent)]
    Crypto(#[from] CryptoError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SyncError {
    pub fn code(&self) -> &'static str {
        match self {
            SyncError::OtherWorkspace { .. } => "other_workspace",
            SyncError::NotAFolder(_) => "not_a_sync_folder",
            SyncError::NewerFolder(_) => "newer_folder",
            SyncError::Io { .. } => "io",
            SyncError::NeedsPassphrase(_) => "needs_passphrase",
            SyncError::NotEncrypted(_) => "not_encrypted",
            SyncError::PassphraseChanged(_) => "passphrase_changed",
            SyncError::EmptyPassphrase => "empty_passphrase",
            SyncError::ClosedItemsNeedEncryption { .. } => "closed_items_need_encryption",
            SyncError::OtherKind { .. } => "other_sync_kind",
            SyncError::Crypto(CryptoError::WrongPassphrase) => "wrong_passphrase",
            SyncError::Crypto(_) => "crypto",
            SyncError::Store(e) => e.code(),
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SyncError + '_ {
    move |source| SyncError::Io {
        path: path.to_path_buf(),
        source,
    }
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Marker {
    pub format: String,
    pub version: u32,
    pub workspace: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption: Option<Encryption>,
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
}

/// Write `bytes` to `path` through a temporary file in the same folder and a
/// rename, so no reader ever sees half a file under the final name.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SyncError> {
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

impl Marker {
    /// The marker of a new folder (or server workspace) and its key: with a
    /// passphrase, new Argon2id parameters and a sealed check text.
    pub fn new(
        workspace: &str,
        passphrase: Option<&str>,
    ) -> Result<(Marker, Option<Key>), SyncError> {
        let (encryption, key) = match passphrase {
            Some(p) => {
                let (e, k) = Encryption::create(p, workspace)?;
                (Some(e), Some(k))
            }
            None => (None, None),
        };
        let marker = Marker {
            format: "steerco-folder".into(),
            version: 1,
            workspace: workspace.to_string(),
            encryption,
        };
        Ok((marker, key))
    }
}

/// Closed (confidential) agenda items never leave the machine readable:
/// without a passphrase the destination is plain, so nothing is sent at all.
pub(crate) fn check_closed_items(
    store: &Store,
    passphrase: Option<&str>,
    destination: &Path,
) -> Result<(), SyncError> {
    let closed = store.closed_items()?;
    if passphrase.is_none() && closed > 0 {
        return Err(SyncError::ClosedItemsNeedEncryption {
            folder: destination.to_path_buf(),
            closed,
        });
    }
    Ok(())
}

/// The folder's marker, or None for an empty folder.
pub fn folder_marker(dir: &Path) -> Result<Option<Marker>, SyncError> {
    let path = dir.join(MARKER);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(&path)(e)),
    };
    let marker: Marker =
        serde_json::from_str(&text).map_err(|_| SyncError::NotAFolder(dir.to_path_buf()))?;
    if marker.format != "steerco-folder" {
        return Err(SyncError::NotAFolder(dir.to_path_buf()));
    }
    if marker.version > 1 {
        return Err(SyncError::NewerFolder(dir.to_path_buf()));
    }
    Ok(Some(marker))
}

/// The key for this folder, after checking that it belongs to workspace
/// `ours` and that the passphrase fits the marker.
fn folder_key(
    dir: &Path,
    marker: &Marker,
    ours: &str,
    passphrase: Option<&str>,
) -> Result<Option<Key>, SyncError> {
    if marker.workspace != ours {
        return Err(SyncError::OtherWorkspace {
            folder: dir.to_path_buf(),
            theirs: marker.workspace.clone(),
            ours: ours.to_string(),
        });
    }
    match (&marker.encryption, passphrase) {
        (None, None) => Ok(None),
        (None, Some(_)) => Err(SyncError::NotEncrypted(dir.to_path_buf())),
        (Some(_), None) => Err(SyncError::NeedsPassphrase(dir.to_path_buf())),
        (Some(enc), Some(p)) => {
            epoch_key(enc, latest_epoch(dir), p, &marker.workspace, dir).map(Some)
        }
    }
}

/// The key for passphrase `p`: the newest epoch's when the passphrase was
/// ever changed, else the marker's. `place` (a folder or a server address)
/// names where in an error.
pub(crate) fn epoch_key(
    enc: &Encryption,
    latest: Option<KeyEpoch>,
    p: &str,
    ws: &str,
    place: &Path,
) -> Result<Key, SyncError> {
    match latest {
        None => Ok(enc.unlock(p, ws)?),
        Some(epoch) => match epoch.unlock(p, ws) {
            Ok(key) => Ok(key),
            // The first passphrase still opens the marker: it was changed since.
            Err(CryptoError::WrongPassphrase) if enc.unlock(p, ws).is_ok() => {
                Err(SyncError::PassphraseChanged(place.to_path_buf()))
            }
            Err(e) => Err(e.into()),
        },
    }
}

/// The name of a key epoch's record: its number, then the replica that
/// made the change (so no record has two writers, and names sort by epoch).
pub(crate) fn epoch_name(epoch: u32, replica: &str) -> String {
    format!("epoch-{epoch:06}-{replica}")
}

/// Of key records by name, the newest that reads. Of two changes made at
/// once the one of the higher replica id counts.
pub(crate) fn newest_epoch(mut found: Vec<(String, Vec<u8>)>) -> Option<KeyEpoch> {
    found.retain(|(name, _)| {
        name.strip_prefix("epoch-")
            .and_then(|rest| rest.split_once('-'))
            .is_some_and(|(n, replica)| {
                n.len() == 6 && n.parse::<u32>().is_ok() && ReplicaId::parse(replica).is_some()
            })
    });
    found.sort();
    found
        .into_iter()
        .rev()
        .find_map(|(_, bytes)| serde_json::from_slice(&bytes).ok())
}

/// Where passphrase changes are recorded: one file per change, named by its
/// epoch and the replica that made it (so no file has two writers).
const KEYS: &str = "keys";

/// The newest key epoch in the folder, if the passphrase was ever changed.
fn latest_epoch(dir: &Path) -> Option<KeyEpoch> {
    let found = std::fs::read_dir(dir.join(KEYS))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|f| {
            let name = f.file_name().to_string_lossy().into_owned();
            let name = name.strip_suffix(".json")?.to_string();
            Some((name, std::fs::read(f.path()).ok()?))
        })
        .collect();
    newest_epoch(found)
}

/// Change the passphrase of an encrypted folder: sync with the old one, add
/// a key epoch for the new one (earlier keys sealed inside it, so files
/// sealed before stay readable), then re-seal this replica's whole state as
/// a snapshot under the new key. Other members need the new passphrase from
/// their next sync on.
pub fn change_passphrase(
    store: &mut Store,
    dir: &Path,
    old: &str,
    new: &str,
) -> Result<SyncReport, SyncError> {
    if new.is_empty() {
        return Err(SyncError::EmptyPassphrase);
    }
    let mut report = sync_folder(store, dir, Some(old))?;
    let ours = store.workspace()?.id;
    let marker = folder_marker(dir)?.ok_or_else(|| SyncError::NotAFolder(dir.to_path_buf()))?;
    let key = folder_key(dir, &marker, &ours, Some(old))?
        .ok_or_else(|| SyncError::NotEncrypted(dir.to_path_buf()))?;
    let (epoch, new_key) = key.next(new, &ours)?;
    let me = store.replica().to_string();
    write_atomic(
        &dir.join(KEYS)
            .join(format!("{}.json", epoch_name(epoch.epoch, &me))),
        &serde_json::to_vec_pretty(&epoch).unwrap_or_default(),
    )?;
    write_snapshot(store, dir, &ours, Some(&new_key), &mut report)?;
    Ok(report)
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
    let ours = store.workspace()?.id;
    via::check(store, Via::Folder)?;
    check_closed_items(store, passphrase, dir)?;
    let key = match folder_marker(dir)? {
        Some(m) => folder_key(dir, &m, &ours, passphrase)?,
        None => {
            let (marker, key) = Marker::new(&ours, passphrase)?;
            write_atomic(
                &dir.join(MARKER),
                &serde_json::to_vec_pretty(&marker).unwrap_or_default(),
            )?;
            key
        }
    };
    let mut report = SyncReport::default();
    send(store, dir, &ours, key.as_ref(), &mut report)?;
    receive(store, dir, &ours, key.as_ref(), &mut report)?;
    if report.merge.conflicts > 0 {
        // The conflicts found are workspace data: send them now, not next time.
        send(store, dir, &ours, key.as_ref(), &mut report)?;
    }
    compact(store, dir, &ours, key.as_ref(), compaction, &mut report)?;
    via::record(store, Via::Folder)?;
    Ok(report)
}

/// This replica's own segment files in the folder, by number.
fn own_segments(dir: &Path, me: &str) -> Vec<(u64, PathBuf)> {
    let mut out: Vec<(u64, PathBuf)> = std::fs::read_dir(dir.join(me))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|f| claimed_seq(&f.file_name().to_string_lossy()).map(|s| (s, f.path())))
        .collect();
    out.sort();
    out
}

/// Past the limit, write a snapshot of everything this replica has (its whole
/// log) and remove its own segments that the snapshot holds, and older snapshots.
fn compact(
    store: &mut Store,
    dir: &Path,
    ws: &str,
    key: Option<&Key>,
    compaction: Compaction,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let me = store.replica().to_string();
    if own_segments(dir, &me).len() <= compaction.keep_segments {
        return Ok(());
    }
    write_snapshot(store, dir, ws, key, report)
}

/// A snapshot of everything this replica has (its whole log), sealed with
/// `key`; then its own segments that the snapshot holds, and older
/// snapshots, are removed.
fn write_snapshot(
    store: &mut Store,
    dir: &Path,
    ws: &str,
    key: Option<&Key>,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let me = store.replica().to_string();
    let own = own_segments(dir, &me);
    let last: u64 = store
        .local_setting("sync.segment")?
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut covers: BTreeMap<String, u64> = store
        .sync_status()?
        .peers
        .into_iter()
        .map(|p| (p.replica, p.last_segment as u64))
        .filter(|(_, s)| *s > 0)
        .collect();
    covers.insert(me.clone(), last);
    let mut changes = store.all_changes()?;
    changes.extend(store.pending_changes()?);
    let bytes = segment::encode_as(segment::SNAPSHOT, ws, &me, last, &changes, key, covers)?;
    let path = dir.join(&me).join(format!("snapshot-{last:010}.snap"));
    write_atomic(&path, &bytes)?;
    report.snapshot = Some(path.clone());
    for (_, seg) in own.into_iter().filter(|(s, _)| *s <= last) {
        std::fs::remove_file(&seg).map_err(io(&seg))?;
    }
    for f in std::fs::read_dir(dir.join(&me)).map_err(io(dir))?.flatten() {
        let p = f.path();
        if p != path && f.file_name().to_string_lossy().starts_with("snapshot-") {
            std::fs::remove_file(&p).map_err(io(&p))?;
        }
    }
    Ok(())
}

/// A replica that lacks a segment which was compacted away catches up from a
/// snapshot that holds it (applying a snapshot is idempotent).
fn catch_up(
    store: &mut Store,
    dir: &Path,
    ws: &str,
    key: Option<&Key>,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let me = store.replica().to_string();
    let mut snapshots = Vec::new();
    for sub in std::fs::read_dir(dir).map_err(io(dir))?.flatten() {
        let name = sub.file_name().to_string_lossy().into_owned();
        if !sub.path().is_dir() || ReplicaId::parse(&name).is_none() {
            continue;
        }
        for f in std::fs::read_dir(sub.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            if f.file_name().to_string_lossy().ends_with(".snap") {
                snapshots.push(f.path());
            }
        }
    }
    for path in snapshots {
        // A newer snapshot of its writer may have replaced it since the listing.
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io(&path)(e)),
        };
        let Ok(header) = segment::header(&bytes) else {
            report
                .set_aside
                .push((path, "not a Steerco snapshot".into()));
            continue;
        };
        // Needed when it holds, for some replica, a segment we lack that is no
        // longer in the folder.
        let mut needed = false;
        for (replica, &upto) in &header.covers {
            if *replica == me {
                continue;
            }
            let next = store.peer_segment(replica)? + 1;
            if upto >= next && !own_segments(dir, replica).iter().any(|(s, _)| *s == next) {
                needed = true;
            }
        }
        if !needed {
            continue;
        }
        match segment::decode(&bytes, ws, key) {
            Ok((header, mut changes)) => {
                // A snapshot holds its writer's log (and, last, what waited
                // there): in stamp order each replica's changes come in their
                // own order, which the per-replica cursor of the merge needs.
                changes.sort_by(|a, b| a.hlc.cmp(&b.hlc));
                report.merge_add(store.merge(&changes)?);
                for (replica, upto) in header.covers {
                    if replica != me && upto > store.peer_segment(&replica)? {
                        store.set_peer_segment(&replica, upto)?;
                    }
                }
                report.snapshots_applied += 1;
            }
            Err(bad) => report.set_aside.push((path, bad.to_string())),
        }
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
    let marker = folder_marker(dir)?.ok_or_else(|| SyncError::NotAFolder(dir.to_path_buf()))?;
    // Check the passphrase before creating anything.
    let key = folder_key(dir, &marker, &marker.workspace, passphrase)?;
    join_into(path, clock, progress, Via::Folder, |store, report| {
        receive(store, dir, &marker.workspace, key.as_ref(), report)
    })
}

fn send(
    store: &mut Store,
    dir: &Path,
    ws: &str,
    key: Option<&Key>,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let replica = store.replica().to_string();
    loop {
        let sent_seq: i64 = store
            .local_setting("sync.sent_seq")?
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let changes = store.local_changes_after(sent_seq, SEGMENT_CHANGES)?;
        let Some(last) = changes.last().map(|(seq, _)| *seq) else {
            return Ok(());
        };
        // Never reuse a number: a crash after the rename but before the
        // counter was recorded leaves a file with the next number already.
        let recorded: u64 = store
            .local_setting("sync.segment")?
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let in_folder = own_segments(dir, &replica).last().map_or(0, |(s, _)| *s);
        let segment = recorded.max(in_folder) + 1;
        let records: Vec<_> = changes.into_iter().map(|(_, c)| c).collect();
        let bytes = segment::encode(ws, &replica, segment, &records, key)?;
        write_atomic(
            &dir.join(&replica).join(format!("{segment:010}.seg")),
            &bytes,
        )?;
        store.set_sync_setting("sync.segment", &segment.to_string())?;
        store.set_sync_setting("sync.sent_seq", &last.to_string())?;
        report.sent += records.len();
        report.segments_written += 1;
    }
}

/// The segment number a file name claims (`0000000012.seg`, `0000000012 (1).seg`).
fn claimed_seq(name: &str) -> Option<u64> {
    let stem = name.strip_suffix(".seg")?;
    let digits = stem.split(' ').next()?;
    digits.parse().ok()
}

/// A verified segment of another replica, ready to apply.
#[derive(Debug, Clone, Serialize)]
pub struct Incoming {
    pub replica: String,
    pub seq: u64,
    pub path: PathBuf,
    #[serde(skip)]
    pub changes: Vec<steerco_store::merge::ChangeRecord>,
    pub count: usize,
}

/// What a sync would do, as data: the UI shows it and tests inspect it.
#[derive(Debug, Default, Serialize)]
pub struct SyncPlan {
    /// This replica's changes not yet in the folder.
    pub to_send: i64,
    /// Other replicas' segments to apply, in the order they will apply.
    pub incoming: Vec<Incoming>,
    /// Files that will not be applied, with the reason.
    pub set_aside: Vec<(PathBuf, String)>,
    /// The merge of `incoming` tried and rolled back: applied, waiting, conflicts.
    pub preview: MergeReport,
}

/// Plan a sync without changing anything (the folder or the workspace).
pub fn plan_folder(
    store: &mut Store,
    dir: &Path,
    passphrase: Option<&str>,
) -> Result<SyncPlan, SyncError> {
    let ours = store.workspace()?.id;
    let marker = folder_marker(dir)?;
    let key = match &marker {
        Some(m) => folder_key(dir, m, &ours, passphrase)?,
        None => None,
    };
    let mut plan = SyncPlan {
        to_send: store.sync_status()?.unsent,
        ..Default::default()
    };
    if marker.is_some() {
        let (incoming, set_aside) = collect(store, dir, &ours, key.as_ref())?;
        let all: Vec<_> = incoming
            .iter()
            .flat_map(|i| i.changes.iter().cloned())
            .collect();
        plan.preview = store.merge_preview(&all)?;
        plan.incoming = incoming;
        plan.set_aside = set_aside;
    }
    Ok(plan)
}

fn receive(
    store: &mut Store,
    dir: &Path,
    ws: &str,
    key: Option<&Key>,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    // Segments, then a snapshot where compacted history leaves a gap, then the
    // segments after it: repeat while a snapshot moves some replica forward.
    loop {
        let snapshots = report.snapshots_applied;
        catch_up(store, dir, ws, key, report)?;
        let (incoming, set_aside) = collect(store, dir, ws, key)?;
        for aside in set_aside {
            if !report.set_aside.contains(&aside) {
                report.set_aside.push(aside);
            }
        }
        let applied = !incoming.is_empty();
        // All segments and the positions they reach, in one transaction.
        let changes: Vec<_> = incoming
            .iter()
            .flat_map(|i| i.changes.iter().cloned())
            .collect();
        let positions: Vec<(String, u64)> = incoming
            .iter()
            .map(|i| (i.replica.clone(), i.seq))
            .collect();
        if applied {
            report.merge_add(store.merge_segments(&changes, &positions)?);
            report.segments_applied += incoming.len();
        }
        if !applied && report.snapshots_applied == snapshots {
            return Ok(());
        }
    }
}

type Collected = (Vec<Incoming>, Vec<(PathBuf, String)>);

/// Read and verify the segments not applied yet, per replica in order; stop a
/// replica at a missing or bad segment (later ones wait for it).
fn collect(store: &Store, dir: &Path, ws: &str, key: Option<&Key>) -> Result<Collected, SyncError> {
    let me = store.replica().to_string();
    let mut candidates: BTreeMap<String, Vec<(u64, PathBuf)>> = BTreeMap::new();
    let entries = std::fs::read_dir(dir).map_err(io(dir))?;
    for entry in entries.flatten() {
        let sub = entry.path();
        let Some(name) = sub.file_name().and_then(|n| n.to_str()).map(str::to_string) else {
            continue;
        };
        // Only replica folders; stray files (desktop.ini, .DS_Store) are not ours to read.
        if !sub.is_dir() || name == me || ReplicaId::parse(&name).is_none() {
            continue;
        }
        let applied = store.peer_segment(&name)?;
        let files = std::fs::read_dir(&sub).map_err(io(&sub))?;
        for file in files.flatten() {
            let path = file.path();
            let fname = file.file_name().to_string_lossy().into_owned();
            if fname.starts_with('.') {
                continue; // temporary files of a writer, hidden OS files
            }
            match claimed_seq(&fname) {
                Some(seq) if seq <= applied => {} // applied already
                Some(seq) => candidates
                    .entry(name.clone())
                    .or_default()
                    .push((seq, path)),
                None => {} // not a segment name: ignore
            }
        }
    }
    let mut incoming = Vec::new();
    let mut set_aside = Vec::new();
    for (replica, mut files) in candidates {
        files.sort();
        let mut next = store.peer_segment(&replica)? + 1;
        let mut i = 0;
        while i < files.len() {
            let seq = files[i].0;
            if seq > next {
                break; // a segment is missing (late): wait for it
            }
            // All copies claiming this number ("x.seg", "x (1).seg"): the first good one wins.
            let copies: Vec<PathBuf> = files[i..]
                .iter()
                .take_while(|(s, _)| *s == seq)
                .map(|(_, p)| p.clone())
                .collect();
            i += copies.len();
            if seq < next {
                continue;
            }
            let mut good = None;
            for path in &copies {
                // Its writer may have compacted it away since the listing: it
                // is then missing, and a snapshot holds it (see catch_up).
                let bytes = match std::fs::read(path) {
                    Ok(b) => b,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                    Err(e) => return Err(io(path)(e)),
                };
                match segment::decode(&bytes, ws, key) {
                    Ok((header, changes)) if header.replica == replica && header.seq == seq => {
                        good = Some(Incoming {
                            replica: replica.clone(),
                            seq,
                            path: path.clone(),
                            count: changes.len(),
                            changes,
                        });
                        break;
                    }
                    Ok(_) => set_aside.push((
                        path.clone(),
                        "its header names another replica or segment".into(),
                    )),
                    Err(bad) => set_aside.push((path.clone(), bad.to_string())),
                }
            }
            match good {
                Some(g) => incoming.push(g),
                None => break, // later segments of this replica wait for a good copy
            }
            next += 1;
        }
    }
    Ok((incoming, set_aside))
}

impl SyncReport {
    /// The report as the app shows it (and keeps as the last outcome).
    pub fn outcome(&self, at: String) -> steerco_store::merge::SyncOutcome {
        steerco_store::merge::SyncOutcome {
            sent: self.sent,
            received: self.merge.applied,
            conflicts: self.merge.conflicts,
            waiting: self.merge.pending,
            set_aside: self
                .set_aside
                .iter()
                .map(|(p, why)| format!("{}: {why}", p.display()))
                .collect(),
            clocks_ahead: self
                .merge
                .clock_ahead
                .iter()
                .map(|(r, s)| format!("{r}: {} min", s / 60))
                .collect(),
            at,
            passphrase_kept: String::new(),
        }
    }

    fn merge_add(&mut self, m: MergeReport) {
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
