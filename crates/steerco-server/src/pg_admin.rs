//! The admin commands on segments and key records (`admin.rs`) on
//! PostgreSQL: the same rows and the same refusals.

use crate::admin::{KeyRow, SegmentRow};
use crate::db::{now, DbError, Result};
use crate::pg::Pg;

impl Pg {
    async fn workspace_exists(&self, workspace: &str) -> Result<()> {
        let found = self
            .pool
            .get()
            .await?
            .query_opt("SELECT 1 FROM workspace WHERE name = $1", &[&workspace])
            .await?;
        match found {
            Some(_) => Ok(()),
            None => Err(DbError::Refused(format!("no workspace {workspace}"))),
        }
    }

    /// As `admin::segments`.
    pub async fn segments(
        &self,
        workspace: &str,
        replica: Option<&str>,
    ) -> Result<Vec<SegmentRow>> {
        self.workspace_exists(workspace).await?;
        let rows = self
            .pool
            .get()
            .await?
            .query(
                "SELECT s.seq, s.replica, s.rseq, s.size, s.created_at, s.quarantined_at, t.member
                 FROM segment s
                 LEFT JOIN replica_owner o ON o.workspace = s.workspace AND o.replica = s.replica
                 LEFT JOIN token t ON t.id = o.token
                 WHERE s.workspace = $1 AND ($2::TEXT IS NULL OR s.replica = $2) ORDER BY s.seq",
                &[&workspace, &replica],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| SegmentRow {
                seq: r.get::<_, i64>(0) as u64,
                replica: r.get(1),
                segment: r.get::<_, i64>(2) as u64,
                size: r.get::<_, i64>(3) as u64,
                created_at: r.get(4),
                quarantined_at: r.get(5),
                owner: r.get(6),
            })
            .collect())
    }

    /// As `admin::quarantine_segment`.
    pub async fn quarantine_segment(&self, workspace: &str, seq: u64) -> Result<()> {
        self.change_one(
            workspace,
            "UPDATE segment SET quarantined_at = $3
             WHERE workspace = $1 AND seq = $2 AND quarantined_at IS NULL",
            &[&workspace, &(seq as i64), &now()],
            || format!("no segment {seq} in {workspace} that is not quarantined already"),
        )
        .await
    }

    /// As `admin::remove_segment`.
    pub async fn remove_segment(&self, workspace: &str, seq: u64) -> Result<()> {
        self.change_one(
            workspace,
            "DELETE FROM segment WHERE workspace = $1 AND seq = $2",
            &[&workspace, &(seq as i64)],
            || format!("no segment {seq} in {workspace}"),
        )
        .await
    }

    /// As `admin::keys`.
    pub async fn key_rows(&self, workspace: &str) -> Result<Vec<KeyRow>> {
        self.workspace_exists(workspace).await?;
        let rows = self
            .pool
            .get()
            .await?
            .query(
                "SELECT name, length(body), created_at FROM key_record WHERE workspace = $1 ORDER BY name",
                &[&workspace],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| KeyRow {
                name: r.get(0),
                size: r.get::<_, i32>(1) as u64,
                created_at: r.get(2),
            })
            .collect())
    }

    /// As `admin::remove_key`.
    pub async fn remove_key(&self, workspace: &str, name: &str) -> Result<()> {
        self.change_one(
            workspace,
            "DELETE FROM key_record WHERE workspace = $1 AND name = $2",
            &[&workspace, &name],
            || format!("no key record {name} in {workspace}"),
        )
        .await
    }

    /// Run `sql` on a workspace's rows; refused (saying `none`) when it
    /// changed no row.
    async fn change_one(
        &self,
        workspace: &str,
        sql: &str,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
        none: impl FnOnce() -> String,
    ) -> Result<()> {
        self.workspace_exists(workspace).await?;
        let n = self.pool.get().await?.execute(sql, params).await?;
        if n == 0 {
            return Err(DbError::Refused(none()));
        }
        Ok(())
    }
}
