//! Compaction: past `keep_segments` own segments a replica writes a snapshot
//! of its whole log and removes the segments it covers; a member missing
//! compacted history catches up from a snapshot.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use steerco_store::{LocalKey, Store};

use super::error::io;
use super::limits::Limits;
use super::own::MAX_JUMP;
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
    whole: bool,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let me = store.replica().to_string();
    // Not whole: one of its files was removed or damaged in the folder; a
    // snapshot holds what it held, so no one waits for it forever.
    let lost = !whole && super::own::recorded_segment(store)? > 0;
    if own_segments(dir, &me).len() <= compaction.keep_segments && !lost {
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

/// A replica that lacks a segment that is not in the folder as a good file
/// (compacted away, lost, damaged) catches up from a snapshot that holds it
/// (applying a snapshot is idempotent). `blocked`: per replica, the next
/// segment where no good copy is there; `snapshots`: the snapshot files the
/// same listing found (`Collected`). Only a verified snapshot moves
/// positions, and only as far as its authenticated coverage says.
pub(super) fn catch_up(
    store: &mut Store,
    ws: &str,
    key: Option<&Key>,
    limits: &Limits,
    (blocked, snapshots): (&BTreeMap<String, u64>, &[(String, PathBuf)]),
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let me = store.replica().to_string();
    // Worth reading when its plain header claims a segment someone is
    // blocked at; what counts is only what verifies below.
    let claims = |covers: &BTreeMap<String, u64>| {
        covers
            .iter()
            .any(|(r, upto)| blocked.get(r).is_some_and(|next| upto >= next))
    };
    for (writer, path) in snapshots.iter().cloned() {
        // Its header line alone first: a sync with nothing new looks at
        // every snapshot in the folder, each its writer's whole log.
        let head = match first_line(&path) {
            Ok(head) => head,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io(&path)(e)),
        };
        if let Some(Ok(plain)) = head.as_deref().map(segment::header) {
            if !claims(&plain.covers) {
                continue;
            }
        }
        // A newer snapshot of its writer may have replaced it since the listing.
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io(&path)(e)),
        };
        let Ok(plain) = segment::header(&bytes) else {
            report
                .set_aside
                .push((path, "not a Steerco snapshot".into()));
            continue;
        };
        if !claims(&plain.covers) {
            continue;
        }
        let why = match segment::decode(&bytes, ws, key) {
            Ok((h, _)) if h.replica != writer || h.format != segment::SNAPSHOT => {
                "its header names another replica or kind of file".to_string()
            }
            Ok((h, changes)) => match limits.check(&h) {
                Ok(()) => {
                    apply_snapshot(store, &me, limits, h, changes, report)?;
                    continue;
                }
                Err(why) => why,
            },
            Err(bad) => bad.to_string(),
        };
        let aside = (path, why);
        if !report.set_aside.contains(&aside) {
            report.set_aside.push(aside);
        }
    }
    Ok(())
}

/// The longest header line looked for on its own (a snapshot's names every
/// replica it covers); past it, the whole file is read.
const HEADER_MAX: u64 = 1 << 20;

/// The first line of the file at `path`, with its end; None when there is
/// none within `HEADER_MAX`.
fn first_line(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::{BufRead, Read};
    let file = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut line = Vec::new();
    file.take(HEADER_MAX).read_until(b'\n', &mut line)?;
    Ok(line.ends_with(b"\n").then_some(line))
}

fn apply_snapshot(
    store: &mut Store,
    me: &str,
    limits: &Limits,
    header: segment::Header,
    mut changes: Vec<steerco_store::merge::ChangeRecord>,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    // A snapshot holds its writer's log (and, last, what waited there): in
    // stamp order each replica's changes come in their own order, which the
    // per-replica cursor of the merge needs.
    changes.sort_by(|a, b| a.hlc.cmp(&b.hlc));
    report.merge_add(store.merge(&changes)?);
    let mut moved = false;
    for (replica, upto) in &header.covers {
        let have = store.peer_segment(replica)?;
        // Old-format or old-epoch coverage only as far as known then; never
        // a number beyond what a position can hold or a far-off jump.
        let upto = (*upto)
            .min(limits.upto(&header, replica))
            .min(have.saturating_add(MAX_JUMP));
        if replica != me && upto > have && upto < i64::MAX as u64 {
            store.set_peer_segment(replica, upto)?;
            moved = true;
        }
    }
    // Counted (and so tried again with the segments after it) only when it
    // moved someone forward.
    if moved {
        report.snapshots_applied += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_line_is_read_without_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("snapshot-0000000001.snap");
        std::fs::write(&path, b"{\"a\":1}\nbody").unwrap();
        assert_eq!(first_line(&path).unwrap().unwrap(), b"{\"a\":1}\n");
        std::fs::write(&path, b"no line end").unwrap();
        assert_eq!(first_line(&path).unwrap(), None);
        let gone = dir.path().join("gone.snap");
        assert_eq!(
            first_line(&gone).unwrap_err().kind(),
            std::io::ErrorKind::NotFound
        );
    }
}
