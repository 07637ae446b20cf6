//! Blobs on PostgreSQL (`blobs.rs` serves them; migration 3 made the
//! tables): every server on the database serves the same ones and a dump
//! holds them, no file under `--data` needed. A blob is its `blob` row
//! (name, size, the number of the upload that stored it) and its bytes in
//! `blob_chunk` rows of `CHUNK` bytes numbered from 0, so neither an upload
//! nor a download holds a whole blob in memory.
//!
//! An upload writes its chunks, then its `blob` row, in one transaction: an
//! upload cut off rolls back and leaves nothing, and the primary key keeps
//! the first blob of a name whichever server stored it. A workspace's space
//! is checked before the body is read (as on SQLite) and again before the
//! commit, under a transaction-scoped advisory lock on the workspace:
//! uploads through other servers finish meanwhile and no server's memory
//! knows of them.

use std::io::Read;
use std::path::Path;

use tokio_postgres::Transaction;

use crate::blobs::Incoming;
use crate::db::{now, DbError, Result};
use crate::error::{ApiError, ApiResult};
use crate::pg::Pg;

/// Bytes of a blob per `blob_chunk` row (its last one may hold fewer).
const CHUNK: usize = 1024 * 1024;

const HELD: &str = "SELECT COALESCE(sum(size), 0)::BIGINT FROM blob WHERE workspace = $1";
const NEXT_UPLOAD: &str = "SELECT nextval('blob_upload')";
const INSERT_CHUNK: &str = "INSERT INTO blob_chunk (upload, n, bytes) VALUES ($1, $2, $3)";
const INSERT_BLOB: &str = "INSERT INTO blob (workspace, name, upload, size, created_at)
                           VALUES ($1, $2, $3, $4, $5)";

/// What an upload came to.
pub(crate) enum Upload {
    Stored,
    /// A blob of that name was stored first (kept): its size.
    Held(u64),
    /// The workspace's blobs would pass the space it has.
    Full,
}

fn internal(e: impl Into<DbError>) -> ApiError {
    ApiError::internal(e.into())
}

impl Pg {
    /// The workspace's blobs by name after `after`: (name, size), at most `limit`.
    pub(crate) async fn blob_list(
        &self,
        workspace: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<(String, u64)>> {
        let rows = self
            .pool
            .get()
            .await?
            .query(
                // Names are hex digits, and "C" ordering (the column's) is
                // the files' byte order: both backends list alike.
                "SELECT name, size FROM blob WHERE workspace = $1 AND name > $2
                 ORDER BY name LIMIT $3",
                &[&workspace, &after.unwrap_or(""), &(limit as i64)],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), r.get::<_, i64>(1) as u64))
            .collect())
    }

    /// A blob's size and the number of its upload (naming its chunks),
    /// None when the workspace holds none of that name.
    pub(crate) async fn blob(&self, workspace: &str, name: &str) -> Result<Option<(u64, i64)>> {
        let row = self
            .pool
            .get()
            .await?
            .query_opt(
                "SELECT size, upload FROM blob WHERE workspace = $1 AND name = $2",
                &[&workspace, &name],
            )
            .await?;
        Ok(row.map(|r| (r.get::<_, i64>(0) as u64, r.get(1))))
    }

    /// The bytes of the workspace's blobs.
    pub(crate) async fn blobs_held(&self, workspace: &str) -> Result<u64> {
        let row = self
            .pool
            .get()
            .await?
            .query_one(HELD, &[&workspace])
            .await?;
        Ok(row.get::<_, i64>(0) as u64)
    }

    /// Chunk `n` of an upload's bytes, None past its last. Each chunk on a
    /// connection of its own from the pool: a slow download holds none.
    pub(crate) async fn blob_chunk(&self, upload: i64, n: i32) -> Result<Option<Vec<u8>>> {
        let row = self
            .pool
            .get()
            .await?
            .query_opt(
                "SELECT bytes FROM blob_chunk WHERE upload = $1 AND n = $2",
                &[&upload, &n],
            )
            .await?;
        Ok(row.map(|r| r.get(0)))
    }

    /// Store the body as the blob `name` of `workspace` in one transaction,
    /// committed only when the body arrived whole, the name is new and the
    /// workspace's blobs stay within `cap`. An upload holds a connection
    /// until it ends: when half the pool is so held, 503 at once.
    pub(crate) async fn put_blob(
        &self,
        workspace: &str,
        name: &str,
        cap: Option<u64>,
        body: &mut Incoming<'_>,
    ) -> ApiResult<Upload> {
        let busy = |_| ApiError::busy("the server has as many uploads under way as it takes");
        let _place = self.uploads.try_acquire().map_err(busy)?;
        let mut client = self.pool.get().await.map_err(internal)?;
        // Dropped uncommitted (an error, the connection gone): rolled back.
        let tx = client.transaction().await.map_err(internal)?;
        let upload = next_upload(&tx).await.map_err(internal)?;
        let insert = tx.prepare(INSERT_CHUNK).await.map_err(internal)?;
        let mut chunk = Vec::with_capacity(CHUNK);
        let mut n = 0i32;
        let mut size = 0u64;
        while let Some(piece) = body.next().await? {
            size += piece.len() as u64;
            let mut rest = &piece[..];
            while !rest.is_empty() {
                let take = rest.len().min(CHUNK - chunk.len());
                chunk.extend_from_slice(&rest[..take]);
                rest = &rest[take..];
                if chunk.len() == CHUNK {
                    tx.execute(&insert, &[&upload, &n, &chunk])
                        .await
                        .map_err(internal)?;
                    chunk.clear();
                    n += 1;
                }
            }
        }
        if !chunk.is_empty() {
            tx.execute(&insert, &[&upload, &n, &chunk])
                .await
                .map_err(internal)?;
        }
        // One workspace's uploads finish one at a time from here (a key of
        // their own: the workspace hashed with seed 1, pushes' with 0), so
        // the sum below counts every other one committed.
        tx.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended($1, 1))",
            &[&workspace],
        )
        .await
        .map_err(internal)?;
        let added = tx
            .execute(
                &format!("{INSERT_BLOB} ON CONFLICT DO NOTHING"),
                &[&workspace, &name, &upload, &(size as i64), &now()],
            )
            .await
            .map_err(internal)?;
        if added == 0 {
            let held = tx
                .query_one(
                    "SELECT size FROM blob WHERE workspace = $1 AND name = $2",
                    &[&workspace, &name],
                )
                .await
                .map_err(internal)?;
            return Ok(Upload::Held(held.get::<_, i64>(0) as u64));
        }
        if let Some(cap) = cap {
            let held = tx.query_one(HELD, &[&workspace]).await.map_err(internal)?;
            if held.get::<_, i64>(0) as u64 > cap {
                return Ok(Upload::Full);
            }
        }
        tx.commit().await.map_err(internal)?;
        Ok(Upload::Stored)
    }
}

async fn next_upload(tx: &Transaction<'_>) -> Result<i64> {
    Ok(tx.query_one(NEXT_UPLOAD, &[]).await?.get(0))
}

/// Copy the blob files under `root` (`blob_store.rs`'s layout) into the
/// tables, in the caller's transaction (`migrate_to.rs`): how many. Each
/// file is read a chunk at a time.
pub(crate) async fn copy_files(tx: &Transaction<'_>, root: &Path) -> Result<i64> {
    let unreadable = |path: &Path, e: std::io::Error| {
        DbError::Refused(format!("cannot read the blob {}: {e}", path.display()))
    };
    let blobs = crate::blob_store::all(root).map_err(|e| unreadable(root, e))?;
    let insert = tx.prepare(INSERT_CHUNK).await?;
    let mut copied = 0;
    for (workspace, name, path) in blobs {
        let upload = next_upload(tx).await?;
        let mut file = std::fs::File::open(&path).map_err(|e| unreadable(&path, e))?;
        let (mut n, mut size) = (0i32, 0i64);
        loop {
            let mut chunk = Vec::with_capacity(CHUNK);
            (&mut file)
                .take(CHUNK as u64)
                .read_to_end(&mut chunk)
                .map_err(|e| unreadable(&path, e))?;
            if chunk.is_empty() {
                break;
            }
            tx.execute(&insert, &[&upload, &n, &chunk]).await?;
            size += chunk.len() as i64;
            n += 1;
        }
        tx.execute(INSERT_BLOB, &[&workspace, &name, &upload, &size, &now()])
            .await?;
        copied += 1;
    }
    Ok(copied)
}
