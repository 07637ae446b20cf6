//! The server's PostgreSQL schema: numbered migrations, embedded and
//! checksummed like the client's, applied in one transaction under an
//! advisory lock (two servers starting together migrate once).

use crate::db::{now, sha256_hex, DbError, Result};

/// The schema, one migration a step: numbered by position, applied once
/// each, and checksummed; never edit one that was released (a database
/// that applied another text under the same number is refused).
pub const MIGRATIONS: &[&str] = &[
    // 1: what `db.rs` holds after its migration 1, and the key records.
    "CREATE TABLE workspace (
         name TEXT PRIMARY KEY,
         marker TEXT,
         created_at BIGINT NOT NULL
     );
     CREATE TABLE token (
         id TEXT PRIMARY KEY,
         workspace TEXT NOT NULL REFERENCES workspace(name),
         member TEXT NOT NULL,
         hash TEXT NOT NULL UNIQUE,
         created_at BIGINT NOT NULL,
         revoked_at BIGINT
     );
     CREATE TABLE admin_token (
         id TEXT PRIMARY KEY,
         hash TEXT NOT NULL UNIQUE,
         created_at BIGINT NOT NULL,
         revoked_at BIGINT
     );
     CREATE TABLE segment (
         seq BIGSERIAL PRIMARY KEY,
         workspace TEXT NOT NULL REFERENCES workspace(name),
         replica TEXT NOT NULL,
         rseq BIGINT NOT NULL,
         digest TEXT NOT NULL,
         size BIGINT NOT NULL,
         bytes BYTEA NOT NULL,
         created_at BIGINT NOT NULL,
         quarantined_at BIGINT,
         UNIQUE (workspace, replica, rseq)
     );
     CREATE INDEX segment_order ON segment (workspace, seq);
     CREATE TABLE replica_owner (
         workspace TEXT NOT NULL REFERENCES workspace(name),
         replica TEXT NOT NULL,
         token TEXT NOT NULL,
         created_at BIGINT NOT NULL,
         PRIMARY KEY (workspace, replica)
     );
     CREATE TABLE key_record (
         workspace TEXT NOT NULL REFERENCES workspace(name),
         name TEXT NOT NULL,
         body BYTEA NOT NULL,
         created_at BIGINT NOT NULL,
         PRIMARY KEY (workspace, name)
     );",
    // 2 (#20): every workspace's id, the same for every server on this
    // database (a client checks it is talking to the workspace it knows),
    // and the database's generation, made anew by each restore
    // (`generation renew`): another one tells a client the server may have
    // gone back in time. gen_random_uuid() is built in since PostgreSQL 13.
    "ALTER TABLE workspace ADD COLUMN id TEXT NOT NULL DEFAULT gen_random_uuid()::TEXT;
     ALTER TABLE workspace ADD CONSTRAINT workspace_id_unique UNIQUE (id);
     CREATE TABLE server_generation (
         one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
         generation TEXT NOT NULL,
         made_at BIGINT NOT NULL
     );
     INSERT INTO server_generation (generation, made_at)
         VALUES (gen_random_uuid()::TEXT, extract(epoch FROM now())::BIGINT);",
    // 3 (#20): blobs in the database, so every server on it serves the
    // same ones and a dump holds them (`pg_blobs.rs`). An upload writes
    // its chunks under a number of its own and names them in `blob` last,
    // in one transaction: the primary key keeps the first blob of a name.
    // Sealed bytes do not compress: stored as they are (EXTERNAL).
    "CREATE SEQUENCE blob_upload;
     CREATE TABLE blob (
         workspace TEXT NOT NULL REFERENCES workspace(name),
         name TEXT COLLATE \"C\" NOT NULL,
         upload BIGINT NOT NULL UNIQUE,
         size BIGINT NOT NULL CHECK (size >= 0),
         created_at BIGINT NOT NULL,
         PRIMARY KEY (workspace, name)
     );
     CREATE TABLE blob_chunk (
         upload BIGINT NOT NULL REFERENCES blob(upload) DEFERRABLE INITIALLY DEFERRED,
         n INTEGER NOT NULL CHECK (n >= 0),
         bytes BYTEA NOT NULL,
         PRIMARY KEY (upload, n)
     );
     ALTER TABLE blob_chunk ALTER COLUMN bytes SET STORAGE EXTERNAL;",
];

/// The advisory lock key of migrating ("Steerco" in ASCII; any constant of our own).
const MIGRATION_LOCK: i64 = 0x0053_7465_6572_636f;

/// Apply the migrations `migrations` not yet applied, after checking the
/// applied ones' checksums; one transaction, under a lock, so two servers
/// starting together migrate once.
pub async fn migrate(client: &mut tokio_postgres::Client, migrations: &[&str]) -> Result<()> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS steerco_migration (
             version INTEGER PRIMARY KEY,
             checksum TEXT NOT NULL,
             applied_at BIGINT NOT NULL
         )",
    )
    .await?;
    let applied = tx
        .query(
            "SELECT version, checksum FROM steerco_migration ORDER BY version",
            &[],
        )
        .await?;
    for row in &applied {
        let (version, checksum): (i32, String) = (row.get(0), row.get(1));
        let Some(sql) = migrations.get((version as usize).wrapping_sub(1)) else {
            return Err(DbError::Refused(format!(
                "the database has migration {version}, newer than this server knows"
            )));
        };
        if sha256_hex(sql.as_bytes()) != checksum {
            return Err(DbError::Refused(format!(
                "migration {version} applied to the database differs from this server's (checksum)"
            )));
        }
    }
    for (i, sql) in migrations.iter().enumerate().skip(applied.len()) {
        tx.batch_execute(sql).await?;
        tx.execute(
            "INSERT INTO steerco_migration (version, checksum, applied_at) VALUES ($1, $2, $3)",
            &[&(i as i32 + 1), &sha256_hex(sql.as_bytes()), &now()],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
