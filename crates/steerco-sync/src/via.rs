//! A workspace syncs through a folder or through a server, never both: each
//! replica numbers its segments once, and peers apply a replica's segments in
//! that order. Segments sent to a folder never reach the server's peers (and
//! the other way round), so after a switch those peers would wait forever for
//! a segment they cannot get. Moving to the other kind means joining from it
//! into a new file.

use steerco_store::{LocalKey, Store};

use crate::folder::SyncError;

/// The local setting that records the kind after the first exchange.
const VIA: LocalKey<'static> = LocalKey::SyncVia;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Folder,
    Server,
}

impl Via {
    pub fn name(self) -> &'static str {
        match self {
            Via::Folder => "folder",
            Via::Server => "server",
        }
    }
}

/// The kind this workspace has synced through, if any. Workspaces that
/// synced before the setting existed are recognised by their bookkeeping.
pub fn used(store: &Store) -> Result<Option<Via>, SyncError> {
    match store.local_setting(VIA)?.as_deref() {
        Some("folder") => return Ok(Some(Via::Folder)),
        Some("server") => return Ok(Some(Via::Server)),
        _ => {}
    }
    if store
        .local_setting(LocalKey::SyncServerOrigin)?
        .is_some_and(|s| !s.is_empty())
    {
        return Ok(Some(Via::Server));
    }
    let sent = store
        .local_setting(LocalKey::SyncSegment)?
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(0);
    let received = store
        .sync_status()?
        .peers
        .iter()
        .any(|p| p.last_segment > 0);
    Ok((sent > 0 || received).then_some(Via::Folder))
}

/// Refuse a sync through `wanted` when the workspace uses the other kind.
pub fn check(store: &Store, wanted: Via) -> Result<(), SyncError> {
    match used(store)? {
        Some(used) if used != wanted => Err(SyncError::OtherKind {
            used: used.name(),
            wanted: wanted.name(),
        }),
        _ => Ok(()),
    }
}

/// Record the kind after an exchange that worked (idempotent).
pub fn record(store: &Store, via: Via) -> Result<(), SyncError> {
    if store.local_setting(VIA)?.as_deref() != Some(via.name()) {
        store.set_sync_setting(VIA, via.name())?;
    }
    Ok(())
}
