//! Receiving: other replicas' segments not applied yet, each replica's in its
//! own order; a bad or foreign file is set aside and that replica's later
//! segments wait for a good copy.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use steerco_domain::ReplicaId;
use steerco_store::Store;

use super::compact::catch_up;
use super::error::io;
use super::{claimed_seq, Incoming, SyncError, SyncReport};
use crate::crypto::Key;
use crate::segment;

pub(super) fn receive(
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
pub(super) fn collect(
    store: &Store,
    dir: &Path,
    ws: &str,
    key: Option<&Key>,
) -> Result<Collected, SyncError> {
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
