//! Each sync run in the log of the program that runs it (the app, the CLI;
//! see steerco-app-core's logs.rs): its kind, what it moved (counts), how long
//! it took, and a failure's code. A run that moved nothing is logged at debug
//! (the app syncs every minute); never a folder, an address or content.

use std::time::Instant;

use crate::SyncReport;

/// Log one run of `kind` ("folder", "server") that began at `started`.
pub(crate) fn run(kind: &'static str, started: Instant, outcome: Result<&SyncReport, &str>) {
    let ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    match outcome {
        Ok(r) => {
            let moved = r.sent
                + r.segments_applied
                + r.snapshots_applied
                + r.merge.conflicts
                + r.set_aside.len()
                + r.resent
                > 0
                || r.lost.is_some();
            macro_rules! line {
                ($level:ident) => {
                    tracing::$level!(
                        kind,
                        ms,
                        sent = r.sent,
                        files_written = r.segments_written,
                        files_applied = r.segments_applied,
                        snapshots_applied = r.snapshots_applied,
                        applied = r.merge.applied,
                        waiting = r.merge.pending,
                        conflicts = r.merge.conflicts,
                        set_aside = r.set_aside.len(),
                        resent = r.resent,
                        lost = r.lost.is_some(),
                        "sync"
                    )
                };
            }
            if moved {
                line!(info);
            } else {
                line!(debug);
            }
        }
        Err(code) => tracing::warn!(kind, ms, code, "sync failed"),
    }
}

/// After a sync, old history into compressed blocks (`Store::compact_history`):
/// the sync has sent and merged, so what moves is what neither needs often.
/// A failure (another process holding the file) is logged and retried next
/// time; the sync itself succeeded.
pub(crate) fn compact(store: &steerco_store::Store) {
    match store.compact_history() {
        Ok(0) => {}
        Ok(moved) => tracing::debug!(moved, "history compressed"),
        Err(e) => tracing::warn!(code = e.code(), "history not compressed"),
    }
}
