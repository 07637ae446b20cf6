//! Receiving: other replicas' segments not applied yet, each replica's in its
//! own order; a bad or foreign file is set aside and that replica's later
//! segments wait for a good copy (or for a snapshot that holds it), without
//! holding back anyone else.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use steerco_domain::ReplicaId;
use steerco_store::sync_status::WaitingFor;
use steerco_store::{LocalKey, Store};

use super::compact::catch_up;
use super::error::io;
use super::limits::Limits;
use super::listing::Look;
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
    let limits = Limits::load(store, dir, ws, key)?;
    // Segments, then a snapshot where a replica's next segment is not there
    // (compacted away, lost or damaged), then the segments after it: repeat
    // while something moves some replica forward.
    loop {
        let found = collect(store, dir, ws, key, &limits)?;
        for aside in found.set_aside {
            if !report.set_aside.contains(&aside) {
                report.set_aside.push(aside);
            }
        }
        report.waiting = found.waiting;
        if !found.incoming.is_empty() {
            // All segments and the positions they reach, in one transaction.
            let changes: Vec<_> = found
                .incoming
                .iter()
                .flat_map(|i| i.changes.iter().cloned())
                .collect();
            let positions: Vec<(String, u64)> = found
                .incoming
                .iter()
                .map(|i| (i.replica.clone(), i.seq))
                .collect();
            report.merge_add(store.merge_segments(&changes, &positions)?);
            report.segments_applied += found.incoming.len();
            continue;
        }
        let snapshots = report.snapshots_applied;
        catch_up(
            store,
            ws,
            key,
            &limits,
            (&found.blocked, &found.snapshots),
            report,
        )?;
        if report.snapshots_applied == snapshots {
            record_waiting(store, &report.waiting)?;
            // Parked changes (a stamp too far ahead, a row not here yet) are
            // retried on every sync, also one that brings nothing new (a
            // merge retries them itself).
            if report.segments_applied == 0
                && report.snapshots_applied == 0
                && store.has_pending()?
            {
                report.merge_add(store.retry_pending()?);
            }
            return Ok(());
        }
    }
}

/// `Store::record_waiting`, unless the same replicas wait for the same
/// segments as recorded: it would write what is there (a wait that goes on
/// keeps its time), and a sync with nothing new writes nothing.
fn record_waiting(store: &Store, waiting: &[(String, u64)]) -> Result<(), SyncError> {
    let recorded: Vec<WaitingFor> = store
        .local_setting(LocalKey::SyncWaiting)?
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    let same = recorded.len() == waiting.len()
        && recorded
            .iter()
            .zip(waiting)
            .all(|(w, (replica, seq))| w.replica == *replica && w.segment == *seq);
    if !same {
        store.record_waiting(waiting)?;
    }
    Ok(())
}

/// What the folder holds for this replica now.
#[derive(Debug, Default)]
pub(super) struct Collected {
    /// Verified segments to apply, per replica in order.
    pub incoming: Vec<Incoming>,
    pub set_aside: Vec<(PathBuf, String)>,
    /// Per replica, the next segment, where no good copy of it is there.
    pub blocked: BTreeMap<String, u64>,
    /// Of those, the ones whose later segments are there, waiting for it.
    pub waiting: Vec<(String, u64)>,
    /// Every other replica's snapshot files, with their writer (listed here
    /// so a catch-up does not list the folder again).
    pub snapshots: Vec<(String, PathBuf)>,
}

/// Read and verify the segments not applied yet, per replica in order; stop a
/// replica at a missing or bad segment (later ones wait for it).
pub(super) fn collect(
    store: &Store,
    dir: &Path,
    ws: &str,
    key: Option<&Key>,
    limits: &Limits,
) -> Result<Collected, SyncError> {
    let me = store.replica().to_string();
    // Per replica, its position here and the files numbered after it.
    let mut candidates: BTreeMap<String, (u64, Vec<(u64, PathBuf)>)> = BTreeMap::new();
    let mut snapshots = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(io(dir))?;
    for entry in entries.flatten() {
        let sub = entry.path();
        let Some(name) = sub.file_name().and_then(|n| n.to_str()).map(str::to_string) else {
            continue;
        };
        // Only replica folders; stray files (desktop.ini, .DS_Store) are not ours to read.
        if name == me || ReplicaId::parse(&name).is_none() {
            continue;
        }
        let Some(look) = Look::new(dir, ws, &me, &name, &sub) else {
            continue;
        };
        let applied = store.peer_segment(&name)?;
        let (_, files) = candidates
            .entry(name.clone())
            .or_insert((applied, Vec::new()));
        // Unchanged since a listing that found nothing to apply (listing.rs).
        if let Some(snaps) = look.unchanged(applied) {
            snapshots.extend(snaps.into_iter().map(|p| (name.clone(), p)));
            continue;
        }
        let mut snaps = Vec::new();
        // An entry the listing could not read leaves it in doubt: not kept.
        let mut doubt = false;
        for file in std::fs::read_dir(&sub).map_err(io(&sub))? {
            let Ok(file) = file else {
                doubt = true;
                continue;
            };
            let fname = file.file_name().to_string_lossy().into_owned();
            if fname.ends_with(".snap") {
                snaps.push(file.path());
            }
            if fname.starts_with('.') {
                continue; // temporary files of a writer, hidden OS files
            }
            match claimed_seq(&fname) {
                Some(seq) if seq > applied => files.push((seq, file.path())),
                _ => {} // applied already, or not a segment name
            }
        }
        look.listed(applied, doubt || !files.is_empty(), &snaps);
        snapshots.extend(snaps.into_iter().map(|p| (name.clone(), p)));
    }
    let mut out = Collected {
        snapshots,
        ..Default::default()
    };
    for (replica, (applied, mut files)) in candidates {
        files.sort();
        let mut next = applied + 1;
        let mut i = 0;
        loop {
            // All copies claiming the next number ("x.seg", "x (1).seg"): the first good one wins.
            let copies: Vec<PathBuf> = files[i..]
                .iter()
                .take_while(|(s, _)| *s == next)
                .map(|(_, p)| p.clone())
                .collect();
            i += copies.len();
            let good = pick(&copies, &replica, next, ws, key, limits, &mut out.set_aside)?;
            let Some(good) = good else {
                out.blocked.insert(replica.clone(), next);
                // Waiting, when a later segment of its own is there (a stray
                // or forged file far ahead does not make anyone wait).
                let later = files[i..].iter().take(8).any(|(s, p)| {
                    std::fs::read(p)
                        .ok()
                        .and_then(|b| segment::verify(&b, ws, key).ok())
                        .is_some_and(|(h, _)| h.replica == replica && h.seq == *s)
                });
                if later {
                    out.waiting.push((replica.clone(), next));
                }
                break;
            };
            out.incoming.push(good);
            next += 1;
        }
    }
    Ok(out)
}

/// The first of `copies` that verifies as segment `seq` of `replica`; the
/// others are set aside with the reason.
fn pick(
    copies: &[PathBuf],
    replica: &str,
    seq: u64,
    ws: &str,
    key: Option<&Key>,
    limits: &Limits,
    set_aside: &mut Vec<(PathBuf, String)>,
) -> Result<Option<Incoming>, SyncError> {
    for path in copies {
        // Its writer may have compacted it away since the listing: it is
        // then missing, and a snapshot holds it (see catch_up).
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io(path)(e)),
        };
        let why = match segment::decode(&bytes, ws, key) {
            Ok((h, _)) if h.replica != replica || h.seq != seq || h.format != segment::FORMAT => {
                "its header names another replica or segment".to_string()
            }
            Ok((h, changes)) => match limits.check(&h) {
                Ok(()) => {
                    return Ok(Some(Incoming {
                        replica: replica.to_string(),
                        seq,
                        path: path.clone(),
                        count: changes.len(),
                        changes,
                    }))
                }
                Err(why) => why,
            },
            Err(bad) => bad.to_string(),
        };
        set_aside.push((path.clone(), why));
    }
    Ok(None)
}
