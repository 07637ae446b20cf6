//! Workspace ids and the database's generation (`identity.rs`) on
//! PostgreSQL: the same answers. PostgreSQL migration 2 made the ids of
//! existing workspaces, gives new ones theirs, and made the generation.

use crate::db::{now, DbError, Result};
use crate::identity::{new_id, GenerationVerb, Identity};
use crate::pg::Pg;

impl Pg {
    /// As `identity::identity`.
    pub async fn identity(&self, workspace: &str) -> Result<Option<Identity>> {
        let row = self
            .pool
            .get()
            .await?
            .query_opt(
                "SELECT w.id, g.generation,
                        (SELECT COALESCE(MAX(seq), 0) FROM segment WHERE workspace = w.name)
                 FROM workspace w, server_generation g WHERE w.name = $1",
                &[&workspace],
            )
            .await?;
        Ok(row.map(|r| Identity {
            workspace: r.get(0),
            generation: r.get(1),
            latest: r.get::<_, i64>(2) as u64,
        }))
    }

    pub async fn generation(&self) -> Result<String> {
        let row = self
            .pool
            .get()
            .await?
            .query_one("SELECT generation FROM server_generation", &[])
            .await?;
        Ok(row.get(0))
    }

    /// As `identity::renew_generation`.
    pub async fn renew_generation(&self) -> Result<String> {
        let generation = new_id()?;
        let n = self
            .pool
            .get()
            .await?
            .execute(
                "UPDATE server_generation SET generation = $1, made_at = $2",
                &[&generation, &now()],
            )
            .await?;
        if n != 1 {
            return Err(DbError::Refused(
                "the database has no generation to renew".into(),
            ));
        }
        Ok(generation)
    }

    /// As `identity::administer`.
    pub async fn administer_generation(&self, verb: GenerationVerb) -> Result<String> {
        match verb {
            GenerationVerb::Show => self.generation().await,
            GenerationVerb::Renew => self.renew_generation().await,
        }
    }
}
