//! This replica's own sub-folder, checked on every sync: which of the files
//! there verify as its own (the next segment is numbered from those and the
//! recorded counter, never from a bare file name), which do not (named and
//! set aside: someone else put or changed them), and whether everything it
//! sent is still there to read (else a fresh snapshot replaces what is lost).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use steerco_store::{LocalKey, Store};

use super::{claimed_seq, SyncError};
use crate::crypto::Key;
use crate::segment;

/// A segment number further than this beyond the recorded counter is never
/// taken as this replica's (no replica writes a million segments between two
/// syncs; a far-off number is someone else's doing).
pub(crate) const MAX_JUMP: u64 = 1_000_000;

#[derive(Debug, Default)]
pub(super) struct Own {
    /// The number of the last segment this replica wrote (counter and verified files).
    pub last: u64,
    /// Every segment up to `last` can still be read by the others.
    pub whole: bool,
    /// Files in the folder that are not this replica's, with the reason.
    pub foreign: Vec<(PathBuf, String)>,
}

/// The recorded counter of this replica's segments.
pub(super) fn recorded_segment(store: &Store) -> Result<u64, SyncError> {
    Ok(store
        .local_setting(LocalKey::SyncSegment)?
        .and_then(|s| s.parse().ok())
        .unwrap_or(0))
}

pub(super) fn check_own(
    store: &Store,
    dir: &Path,
    ws: &str,
    key: Option<&Key>,
) -> Result<Own, SyncError> {
    let me = store.replica().to_string();
    let recorded = recorded_segment(store)?;
    let mut own = Own {
        last: recorded,
        ..Default::default()
    };
    let mut present = BTreeSet::new();
    let mut snapshot = 0;
    for f in std::fs::read_dir(dir.join(&me))
        .into_iter()
        .flatten()
        .flatten()
    {
        let name = f.file_name().to_string_lossy().into_owned();
        let path = f.path();
        let (claimed, format) = match claimed_seq(&name) {
            Some(seq) => (Some(seq), segment::FORMAT),
            None if name.ends_with(".snap") => (None, segment::SNAPSHOT),
            None => continue,
        };
        if claimed.is_some_and(|s| s > recorded.saturating_add(MAX_JUMP)) {
            own.foreign.push((
                path,
                format!(
                    "numbered far beyond this replica's last segment ({recorded}); not its own"
                ),
            ));
            continue;
        }
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(_) => continue, // gone since the listing (a rename of ours)
        };
        let why = match segment::verify(&bytes, ws, key) {
            Err(bad) => bad.to_string(),
            Ok((h, _)) if h.replica != me || h.format != format => {
                "its header names another replica or kind of file".into()
            }
            Ok((h, _)) if claimed.is_some_and(|s| s != h.seq) => {
                format!(
                    "named as segment {} but it is segment {}",
                    claimed.unwrap_or(0),
                    h.seq
                )
            }
            // An old-format file can only be one written before the upgrade.
            Ok((h, _)) if !h.authenticated() && h.seq > recorded => {
                "in the old segment format beyond this replica's counter; not its own".into()
            }
            Ok((h, _)) => {
                if claimed.is_some() {
                    present.insert(h.seq);
                    // A crash after the rename but before the counter was
                    // recorded leaves a verified file with the next number.
                    own.last = own.last.max(h.seq);
                } else {
                    snapshot = snapshot.max(h.seq);
                }
                continue;
            }
        };
        own.foreign.push((path, why));
    }
    own.whole = (snapshot + 1..=own.last).all(|s| present.contains(&s));
    Ok(own)
}
