//! What every join does, whatever it joins from: a new local file, filled
//! by an import, recorded as syncing through that kind; a join that fails
//! anywhere leaves no file behind.

use std::path::Path;

use steerco_store::{ProgressFn, Store, StoreError};

use crate::folder::{SyncError, SyncReport};
use crate::via::{self, Via};

/// Create a workspace at `path` and `import` into it (with `progress` told
/// how the merge goes); it must end up holding a workspace.
pub(crate) fn join_into<E: From<StoreError> + From<SyncError>>(
    path: &Path,
    clock: Box<dyn steerco_domain::Clock>,
    progress: Option<ProgressFn>,
    kind: Via,
    import: impl FnOnce(&mut Store, &mut SyncReport) -> Result<(), E>,
) -> Result<(Store, SyncReport), E> {
    let mut store = Store::create_for_join(path, clock)?;
    store.set_progress(progress);
    let mut report = SyncReport::default();
    let joined = import(&mut store, &mut report).and_then(|_| {
        store.workspace()?;
        via::record(&store, kind)?;
        Ok(())
    });
    store.set_progress(None);
    if let Err(e) = joined {
        drop(store);
        steerco_store::remove_db_files(path);
        return Err(e);
    }
    Ok((store, report))
}
