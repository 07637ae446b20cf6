//! A sync as a plan: what will go out, what will come in (verified), what is
//! set aside, and the merge previewed in a transaction that is rolled back.

use std::path::{Path, PathBuf};

use serde::Serialize;
use steerco_store::merge::MergeReport;
use steerco_store::Store;

use super::limits::Limits;
use super::marker::{folder_key, folder_marker};
use super::receive::collect;
use super::SyncError;

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
        // The limits as they stand (a first sync would record them; a plan
        // changes nothing, so it computes them without keeping them).
        let limits = Limits::peek(store, dir, &ours, key.as_ref())?;
        let found = collect(store, dir, &ours, key.as_ref(), &limits)?;
        let (incoming, set_aside) = (found.incoming, found.set_aside);
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
