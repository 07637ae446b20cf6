//! Compaction: past `keep_segments` own segments a replica writes a snapshot
//! of its whole log and removes the segments it covers; a member missing
//! compacted history catches up from a snapshot.

use std::collections::BTreeMap;
use std::path::Path;

use steerco_domain::ReplicaId;
use steerco_store::{LocalKey, Store};

use super::error::io;
use super::{own_segments, write_atomic, Compaction, SyncError, SyncReport};
use crate::crypto::Key;
use crate::segment;

/// Past the limit, write a snapshot of everything this replica has (its whole
/// log) and remove its own segments that the snapshot holds, and older snapshots.
pub(super) fn compact(
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
pub(super) fn write_snapshot(
    store: &mut Store,
    dir: &Path,
    ws: &str,
    key: Option<&Key>,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let me = store.replica().to_string();
    let own = own_segments(dir, &me);
    let last: u64 = store
        .local_setting(LocalKey::SyncSegment)?
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
pub(super) fn catch_up(
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
