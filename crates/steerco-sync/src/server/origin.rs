//! Which server workspace, in which database, a workspace's pull cursor
//! belongs to (`sync.server.origin`, `sync.server.generation`).

use steerco_store::{LocalKey, Store};

use super::{Client, ServerError, CURSOR};

const ORIGIN: LocalKey<'static> = LocalKey::SyncServerOrigin;
const GENERATION: LocalKey<'static> = LocalKey::SyncServerGeneration;

/// Which server workspace, in which database, the cursor belongs to: the id
/// and generation the server reports (asked at the start of every sync and
/// join), or for a server too old to say, the address.
pub(super) struct Origin {
    workspace: String,
    generation: String,
    /// The address asked, which older versions stored as the origin.
    url: String,
}

impl Origin {
    pub(super) fn ask(client: &Client) -> Result<Origin, ServerError> {
        let found = client.identity()?;
        // The address that answered (the next one when the first was down).
        let url = client.url();
        Ok(match found {
            Some(id) => Origin {
                workspace: id.workspace,
                generation: id.generation,
                url,
            },
            None => Origin {
                workspace: url.clone(),
                generation: String::new(),
                url,
            },
        })
    }

    /// Record this origin; another workspace or generation (a restore: the
    /// server may have gone back in time) pulls from the start, where
    /// applied segments skip by position (and the resend check, every sync,
    /// pushes what the server lost). The address older versions stored is
    /// the same server: its cursor stays.
    pub(super) fn adopt(&self, store: &Store) -> Result<(), ServerError> {
        let stored = store.local_setting(ORIGIN)?.unwrap_or_default();
        let generation = store.local_setting(GENERATION)?.unwrap_or_default();
        if stored == self.workspace && generation == self.generation {
            return Ok(());
        }
        let upgraded = stored == self.url && generation.is_empty();
        if !upgraded {
            store.set_sync_setting(CURSOR, "0")?;
        }
        store.set_sync_setting(ORIGIN, &self.workspace)?;
        store.set_sync_setting(GENERATION, &self.generation)?;
        Ok(())
    }
}
