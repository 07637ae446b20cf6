//! Sending: this replica's changes not sent yet, as new segment files in its
//! own sub-folder (a number is never reused, even after a crash).

use std::path::Path;

use steerco_store::{LocalKey, Store};

use super::error::io;
use super::own::recorded_segment;
use super::{write_atomic, SyncError, SyncReport};
use crate::crypto::Key;
use crate::segment;

/// Changes per segment file.
const SEGMENT_CHANGES: usize = 20_000;

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

/// Send as new segments numbered after `floor` (the last of this replica's
/// files that verified as its own, see own.rs) and the recorded counter.
pub(super) fn send(
    store: &mut Store,
    dir: &Path,
    ws: &str,
    key: Option<&Key>,
    floor: u64,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let replica = store.replica().to_string();
    loop {
        let sent_seq: i64 = store
            .local_setting(LocalKey::SyncSentSeq)?
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let changes = store.local_changes_after(sent_seq, SEGMENT_CHANGES)?;
        let Some(last) = changes.last().map(|(seq, _)| *seq) else {
            return Ok(());
        };
        // Never reuse a number: a crash after the rename but before the
        // counter was recorded leaves a verified file with the next number
        // already (in `floor`). Numbers stay within what the store's
        // positions hold (i64).
        let segment = recorded_segment(store)?
            .max(floor)
            .checked_add(1)
            .filter(|s| *s < i64::MAX as u64)
            .ok_or_else(|| {
                let own = dir.join(&replica);
                io(&own)(std::io::Error::other(
                    "this replica's segment numbers are used up",
                ))
            })?;
        let records: Vec<_> = changes.into_iter().map(|(_, c)| c).collect();
        let bytes = segment::encode(ws, &replica, segment, &records, key)?;
        write_atomic(
            &dir.join(&replica).join(format!("{segment:010}.seg")),
            &bytes,
        )?;
        store.set_sync_setting(LocalKey::SyncSegment, &segment.to_string())?;
        store.set_sync_setting(LocalKey::SyncSentSeq, &last.to_string())?;
        report.sent += records.len();
        report.segments_written += 1;
    }
}
