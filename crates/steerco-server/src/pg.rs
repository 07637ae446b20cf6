//! The server's tables in PostgreSQL (`--database-env VAR`), beside the
//! SQLite file of `db.rs`: the same rows and the same answers, through a
//! pool of connections so that several server processes can share one
//! database. Blobs are rows too (`pg_blobs.rs`).
//!
//! Server order per workspace: a push takes a transaction-scoped advisory
//! lock on its workspace before it draws its number from the sequence, so
//! the pushes of one workspace commit in the order of their numbers and a
//! page never shows a number while a lower one is still uncommitted (a
//! cursor never skips one). See ARCHITECTURE.md.

use std::collections::HashMap;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use tokio_postgres::Transaction;

use crate::db::{self, now, random_hex, sha256_hex, DbError, Result, SetMarker, Stored};
use crate::keys::Put;
use crate::pg_schema;
use crate::writer::{Outcome, Push, Refusal};

impl From<tokio_postgres::Error> for DbError {
    fn from(e: tokio_postgres::Error) -> Self {
        match e.as_db_error() {
            Some(d) => DbError::Pg(format!("{} ({})", d.message(), d.code().code())),
            None => DbError::Pg(with_causes(&e)),
        }
    }
}

impl From<deadpool_postgres::PoolError> for DbError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        DbError::Pg(with_causes(&e))
    }
}

/// An error with the errors under it: "error performing TLS handshake"
/// alone does not say that the certificate's issuer is unknown.
pub(crate) fn with_causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let more = c.to_string();
        if !text.contains(&more) {
            text = format!("{text}: {more}");
        }
        cause = c.source();
    }
    text
}

/// Connections in the pool.
const POOL: usize = 16;

/// A pool of connections to a migrated database.
#[derive(Clone)]
pub struct Pg {
    pub(crate) pool: Pool,
    /// Uploads of blobs under way, each holding a connection for its
    /// transaction: at most half the pool, so the other requests still get one.
    pub(crate) uploads: std::sync::Arc<tokio::sync::Semaphore>,
}

impl Pg {
    /// Connect to `url` (postgres://...) and migrate.
    pub async fn connect(url: &str) -> Result<Pg> {
        let target = crate::pg_tls::target(url)?;
        let manager = Manager::from_config(
            target.config,
            target.tls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(std::time::Duration::from_secs(30)))
            .build()
            .map_err(|e| DbError::Pg(e.to_string()))?;
        let mut client = pool.get().await?;
        pg_schema::migrate(&mut client, pg_schema::MIGRATIONS).await?;
        drop(client);
        Ok(Pg {
            pool,
            uploads: std::sync::Arc::new(tokio::sync::Semaphore::new(POOL / 2)),
        })
    }

    /// A round trip to the database (for /health).
    pub async fn check(&self) -> Result<()> {
        self.pool.get().await?.execute("SELECT 1", &[]).await?;
        Ok(())
    }

    pub async fn create_workspace(&self, name: &str) -> Result<()> {
        if !db::valid_name(name) {
            return Err(DbError::Refused(format!(
                "{name:?} is not a workspace name (1-64 of A-Z a-z 0-9 . _ -)"
            )));
        }
        let n = self
            .pool
            .get()
            .await?
            .execute(
                "INSERT INTO workspace (name, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                &[&name, &now()],
            )
            .await?;
        if n == 0 {
            return Err(DbError::Refused(format!(
                "the workspace {name} exists already"
            )));
        }
        Ok(())
    }

    /// A new token for `member` in `workspace`: (id, token); only its hash is kept.
    pub async fn create_token(&self, workspace: &str, member: &str) -> Result<(String, String)> {
        let client = self.pool.get().await?;
        let exists = client
            .query_opt("SELECT 1 FROM workspace WHERE name = $1", &[&workspace])
            .await?;
        if exists.is_none() {
            return Err(DbError::Refused(format!(
                "no workspace {workspace} (create it first)"
            )));
        }
        if member.trim().is_empty() {
            return Err(DbError::Refused(
                "the member's name may not be empty".into(),
            ));
        }
        let token = format!("stc_{}", random_hex(32)?);
        let id = random_hex(6)?;
        client
            .execute(
                "INSERT INTO token (id, workspace, member, hash, created_at) VALUES ($1, $2, $3, $4, $5)",
                &[&id, &workspace, &member.trim(), &sha256_hex(token.as_bytes()), &now()],
            )
            .await?;
        Ok((id, token))
    }

    /// A new administrator's token: (id, token).
    pub async fn create_admin_token(&self) -> Result<(String, String)> {
        let token = format!("stca_{}", random_hex(32)?);
        let id = random_hex(6)?;
        self.pool
            .get()
            .await?
            .execute(
                "INSERT INTO admin_token (id, hash, created_at) VALUES ($1, $2, $3)",
                &[&id, &sha256_hex(token.as_bytes()), &now()],
            )
            .await?;
        Ok((id, token))
    }

    /// Revoke a member's tokens in a workspace, or one token by id: how many.
    pub async fn revoke(
        &self,
        workspace: Option<&str>,
        member: Option<&str>,
        id: Option<&str>,
    ) -> Result<u64> {
        let client = self.pool.get().await?;
        let n = match (workspace, member, id) {
            (_, _, Some(id)) => {
                client
                    .execute(
                        "UPDATE token SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
                        &[&id, &now()],
                    )
                    .await?
                    + client
                        .execute(
                            "UPDATE admin_token SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
                            &[&id, &now()],
                        )
                        .await?
            }
            (Some(ws), Some(member), None) => client
                .execute(
                    "UPDATE token SET revoked_at = $3 WHERE workspace = $1 AND member = $2 AND revoked_at IS NULL",
                    &[&ws, &member, &now()],
                )
                .await?,
            _ => {
                return Err(DbError::Refused(
                    "give --id ID, or --workspace NAME and --member PERSON".into(),
                ))
            }
        };
        if n == 0 {
            return Err(DbError::Refused("no such active token".into()));
        }
        Ok(n)
    }

    /// The id of `token` if it is a live token of `workspace`.
    pub async fn authorised(&self, workspace: &str, token: &str) -> Result<Option<String>> {
        let row = self
            .pool
            .get()
            .await?
            .query_opt(
                "SELECT id FROM token WHERE hash = $1 AND workspace = $2 AND revoked_at IS NULL",
                &[&sha256_hex(token.as_bytes()), &workspace],
            )
            .await?;
        Ok(row.map(|r| r.get(0)))
    }

    pub async fn is_admin(&self, token: &str) -> Result<bool> {
        let row = self
            .pool
            .get()
            .await?
            .query_opt(
                "SELECT 1 FROM admin_token WHERE hash = $1 AND revoked_at IS NULL",
                &[&sha256_hex(token.as_bytes())],
            )
            .await?;
        Ok(row.is_some())
    }

    pub async fn marker(&self, workspace: &str) -> Result<Option<String>> {
        let row = self
            .pool
            .get()
            .await?
            .query_opt(
                "SELECT marker FROM workspace WHERE name = $1",
                &[&workspace],
            )
            .await?;
        Ok(row.and_then(|r| r.get(0)))
    }

    /// The first marker is kept (set only where none is, in one statement).
    pub async fn set_marker(&self, workspace: &str, marker: &str) -> Result<SetMarker> {
        let client = self.pool.get().await?;
        let n = client
            .execute(
                "UPDATE workspace SET marker = $2 WHERE name = $1 AND marker IS NULL",
                &[&workspace, &marker],
            )
            .await?;
        if n == 1 {
            return Ok(SetMarker::Created);
        }
        let row = client
            .query_opt(
                "SELECT marker FROM workspace WHERE name = $1",
                &[&workspace],
            )
            .await?;
        Ok(match row.and_then(|r| r.get::<_, Option<String>>(0)) {
            Some(m) if m == marker => SetMarker::Same,
            _ => SetMarker::Different,
        })
    }

    /// Store a push in its own transaction, under its workspace's lock.
    pub async fn push(&self, p: &Push) -> Outcome {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        tx.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
            &[&p.workspace],
        )
        .await?;
        let marker: Option<String> = tx
            .query_opt(
                "SELECT marker FROM workspace WHERE name = $1",
                &[&p.workspace],
            )
            .await?
            .and_then(|r| r.get(0));
        let Some(marker) = marker else {
            return Ok(Err(Refusal::NoMarker));
        };
        if crate::writer::marker_workspace(&marker).as_deref() != Some(p.header_workspace.as_str())
        {
            return Ok(Err(Refusal::WrongWorkspace));
        }
        match binding(&tx, &p.workspace, &p.replica, &p.token).await? {
            Binding::Free => {
                tx.execute(
                    "INSERT INTO replica_owner (workspace, replica, token, created_at) VALUES ($1, $2, $3, $4)",
                    &[&p.workspace, &p.replica, &p.token, &now()],
                )
                .await?;
            }
            Binding::Successor => {
                tx.execute(
                    "UPDATE replica_owner SET token = $3 WHERE workspace = $1 AND replica = $2",
                    &[&p.workspace, &p.replica, &p.token],
                )
                .await?;
            }
            Binding::Owner => {}
            Binding::Other => return Ok(Err(Refusal::ReplicaTaken)),
        }
        let digest = sha256_hex(&p.bytes);
        let rseq = p.rseq as i64;
        // The UNIQUE (workspace, replica, rseq) decides: one content per number.
        let inserted = tx
            .query_opt(
                "INSERT INTO segment (workspace, replica, rseq, digest, size, bytes, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (workspace, replica, rseq) DO NOTHING RETURNING seq",
                &[
                    &p.workspace,
                    &p.replica,
                    &rseq,
                    &digest,
                    &(p.bytes.len() as i64),
                    &&p.bytes[..],
                    &now(),
                ],
            )
            .await?;
        let stored = match inserted {
            Some(row) => Stored::New(row.get::<_, i64>(0) as u64),
            None => {
                let row = tx
                    .query_one(
                        "SELECT seq, digest FROM segment WHERE workspace = $1 AND replica = $2 AND rseq = $3",
                        &[&p.workspace, &p.replica, &rseq],
                    )
                    .await?;
                if row.get::<_, String>(1) == digest {
                    Stored::Again(row.get::<_, i64>(0) as u64)
                } else {
                    Stored::Conflict
                }
            }
        };
        if let Stored::New(seq) = stored {
            crate::pg_events::notify(&tx, &p.workspace, seq).await?;
        }
        tx.commit().await?;
        Ok(Ok(stored))
    }

    /// As `db::page_index`.
    #[allow(clippy::type_complexity)]
    pub async fn page_index(
        &self,
        workspace: &str,
        after: u64,
        limit: usize,
        max_bytes: usize,
    ) -> Result<(Vec<(u64, String, u64)>, bool)> {
        let rows = self
            .pool
            .get()
            .await?
            .query(
                "SELECT seq, replica, rseq, size FROM segment
                 WHERE workspace = $1 AND seq > $2 AND quarantined_at IS NULL ORDER BY seq LIMIT $3",
                &[&workspace, &(after as i64), &(limit as i64 + 1)],
            )
            .await?;
        let mut out = Vec::new();
        let mut total = 0usize;
        for r in rows {
            let size = r.get::<_, i64>(3) as usize;
            if out.len() == limit || (!out.is_empty() && total + size > max_bytes) {
                return Ok((out, true));
            }
            total += size;
            out.push((
                r.get::<_, i64>(0) as u64,
                r.get(1),
                r.get::<_, i64>(2) as u64,
            ));
        }
        Ok((out, false))
    }

    /// The bytes of the segments `seqs`, by number.
    pub async fn segment_bytes(&self, seqs: &[u64]) -> Result<HashMap<u64, Vec<u8>>> {
        let seqs: Vec<i64> = seqs.iter().map(|s| *s as i64).collect();
        let rows = self
            .pool
            .get()
            .await?
            .query(
                "SELECT seq, bytes FROM segment WHERE seq = ANY($1)",
                &[&seqs],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| (r.get::<_, i64>(0) as u64, r.get(1)))
            .collect())
    }

    pub async fn latest(&self, workspace: &str) -> Result<u64> {
        let row = self
            .pool
            .get()
            .await?
            .query_one(
                "SELECT COALESCE(MAX(seq), 0) FROM segment WHERE workspace = $1",
                &[&workspace],
            )
            .await?;
        Ok(row.get::<_, i64>(0) as u64)
    }

    /// As `db::last_segment`, None when `token` may not push as `replica`.
    pub async fn replica_last(
        &self,
        workspace: &str,
        replica: &str,
        token: &str,
    ) -> Result<Option<u64>> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        if matches!(
            binding(&tx, workspace, replica, token).await?,
            Binding::Other
        ) {
            return Ok(None);
        }
        let row = tx
            .query_one(
                "SELECT COALESCE(MAX(rseq), 0) FROM segment WHERE workspace = $1 AND replica = $2",
                &[&workspace, &replica],
            )
            .await?;
        Ok(Some(row.get::<_, i64>(0) as u64))
    }

    /// (segments, bytes) stored, for /metrics.
    pub async fn totals(&self) -> Result<(u64, u64)> {
        let row = self
            .pool
            .get()
            .await?
            .query_one(
                "SELECT COUNT(*), COALESCE(SUM(size), 0)::BIGINT FROM segment",
                &[],
            )
            .await?;
        Ok((row.get::<_, i64>(0) as u64, row.get::<_, i64>(1) as u64))
    }

    pub async fn keys(&self, workspace: &str) -> Result<Vec<(String, Vec<u8>)>> {
        let rows = self
            .pool
            .get()
            .await?
            .query(
                "SELECT name, body FROM key_record WHERE workspace = $1 ORDER BY name",
                &[&workspace],
            )
            .await?;
        Ok(rows.into_iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// As `keys::put`.
    pub(crate) async fn put_key(
        &self,
        workspace: &str,
        name: &str,
        body: &[u8],
        max_records: i64,
    ) -> Result<Put> {
        let client = self.pool.get().await?;
        let count: i64 = client
            .query_one(
                "SELECT count(*) FROM key_record WHERE workspace = $1",
                &[&workspace],
            )
            .await?
            .get(0);
        let stored = client
            .query_opt(
                "SELECT body FROM key_record WHERE workspace = $1 AND name = $2",
                &[&workspace, &name],
            )
            .await?;
        if let Some(row) = stored {
            return Ok(same(row.get(0), body));
        }
        if count >= max_records {
            return Ok(Put::Full);
        }
        let n = client
            .execute(
                "INSERT INTO key_record (workspace, name, body, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT DO NOTHING",
                &[&workspace, &name, &body, &now()],
            )
            .await?;
        if n == 1 {
            return Ok(Put::Created);
        }
        // Another request stored one under this name meanwhile.
        let row = client
            .query_one(
                "SELECT body FROM key_record WHERE workspace = $1 AND name = $2",
                &[&workspace, &name],
            )
            .await?;
        Ok(same(row.get(0), body))
    }
}

fn same(stored: Vec<u8>, body: &[u8]) -> Put {
    if stored == body {
        Put::Same
    } else {
        Put::Different
    }
}

/// As `admin::binding`.
enum Binding {
    Free,
    Owner,
    Successor,
    Other,
}

async fn binding(
    tx: &Transaction<'_>,
    workspace: &str,
    replica: &str,
    token: &str,
) -> Result<Binding> {
    let owner = tx
        .query_opt(
            "SELECT o.token, t.member, t.revoked_at IS NOT NULL FROM replica_owner o
             LEFT JOIN token t ON t.id = o.token
             WHERE o.workspace = $1 AND o.replica = $2",
            &[&workspace, &replica],
        )
        .await?;
    let Some(owner) = owner else {
        return Ok(Binding::Free);
    };
    let (owner, owner_member, revoked): (String, Option<String>, Option<bool>) =
        (owner.get(0), owner.get(1), owner.get(2));
    if owner == token {
        return Ok(Binding::Owner);
    }
    if revoked == Some(true) {
        let member: Option<String> = tx
            .query_opt("SELECT member FROM token WHERE id = $1", &[&token])
            .await?
            .map(|r| r.get(0));
        if member.is_some() && member == owner_member {
            return Ok(Binding::Successor);
        }
    }
    Ok(Binding::Other)
}
