//! `migrate-to`: copy an SQLite server's rows into an empty PostgreSQL
//! database, in one transaction, keeping each segment's server number so
//! the clients' cursors stay valid, and the blob files under --data into
//! the blob tables (a server on PostgreSQL needs no file: `pg_blobs.rs`).

use std::path::Path;

use rusqlite::Connection;
use tokio_postgres::types::ToSql;

use crate::db::{self, DbError, Result};
use crate::pg::Pg;

/// The tables in an order their references allow, their columns, and each
/// column's kind (Text, Integer, Bytes): a NULL must reach PostgreSQL with
/// its column's type.
const TABLES: &[(&str, &str, &str)] = &[
    ("workspace", "id, name, marker, created_at", "TTTI"),
    ("admin_token", "id, hash, created_at, revoked_at", "TTII"),
    (
        "token",
        "id, workspace, member, hash, created_at, revoked_at",
        "TTTTII",
    ),
    (
        "replica_owner",
        "workspace, replica, token, created_at",
        "TTTI",
    ),
    ("key_record", "workspace, name, body, created_at", "TTBI"),
    (
        "segment",
        "seq, workspace, replica, rseq, digest, size, bytes, created_at, quarantined_at",
        "ITTITIBII",
    ),
];

/// Copy the rows of the SQLite database in `data` into the database at
/// `url` (migrated first), which must hold no workspace. Answers each
/// table's name and rows, counted again in PostgreSQL before the commit.
pub async fn migrate_to(data: &Path, url: &str) -> Result<Vec<(&'static str, i64)>> {
    if !data.join(db::FILE).exists() {
        return Err(DbError::Refused(format!(
            "no SQLite database in {}",
            data.display()
        )));
    }
    let conn = db::open(data)?;
    // One snapshot of the file, should a server still be writing to it.
    let snapshot = conn.unchecked_transaction()?;
    let pg = Pg::connect(url).await?;
    let mut client = pg.pool.get().await?;
    let tx = client.transaction().await?;
    // No other migrate-to nor server adds workspaces meanwhile.
    tx.batch_execute("LOCK TABLE workspace IN EXCLUSIVE MODE")
        .await?;
    let held: i64 = tx
        .query_one("SELECT count(*) FROM workspace", &[])
        .await?
        .get(0);
    if held > 0 {
        return Err(DbError::Refused(format!(
            "the PostgreSQL database already holds {held} workspace(s); migrate-to fills only an empty one"
        )));
    }
    let mut counts = Vec::new();
    for &(table, columns, kinds) in TABLES {
        let copied = copy(&snapshot, &tx, table, columns, kinds).await?;
        let there: i64 = tx
            .query_one(&format!("SELECT count(*) FROM {table}"), &[])
            .await?
            .get(0);
        if there != copied {
            return Err(DbError::Refused(format!(
                "{table}: {copied} row(s) read but {there} in PostgreSQL; nothing was committed"
            )));
        }
        counts.push((table, copied));
    }
    counts.push(("blob", copy_blobs(data, &tx).await?));
    // The same history under the same numbers: the members' cursors stay
    // valid, so the generation they saw stays too.
    tx.execute(
        "UPDATE server_generation SET generation = $1",
        &[&crate::identity::generation(&snapshot)?],
    )
    .await?;
    // New pushes are numbered after the copied ones.
    tx.batch_execute(
        "SELECT setval(pg_get_serial_sequence('segment', 'seq'),
                       COALESCE((SELECT max(seq) FROM segment), 1),
                       (SELECT max(seq) FROM segment) IS NOT NULL)",
    )
    .await?;
    tx.commit().await?;
    Ok(counts)
}

/// Copy the blob files, counted again in PostgreSQL, each blob's chunks
/// adding up to its size: how many.
async fn copy_blobs(data: &Path, tx: &tokio_postgres::Transaction<'_>) -> Result<i64> {
    let copied = crate::pg_blobs::copy_files(tx, &data.join(crate::blob_store::FOLDER)).await?;
    let row = tx
        .query_one(
            "SELECT count(*),
                    count(*) FILTER (WHERE size <> (SELECT COALESCE(sum(length(c.bytes)), 0)
                                                    FROM blob_chunk c WHERE c.upload = b.upload))
             FROM blob b",
            &[],
        )
        .await?;
    let (there, uneven): (i64, i64) = (row.get(0), row.get(1));
    if there != copied || uneven != 0 {
        return Err(DbError::Refused(format!(
            "blob: {copied} file(s) read but {there} in PostgreSQL, {uneven} of another size; nothing was committed"
        )));
    }
    Ok(copied)
}

/// Copy one table row by row (segments can be many: not all in memory).
async fn copy(
    from: &Connection,
    to: &tokio_postgres::Transaction<'_>,
    table: &str,
    columns: &str,
    kinds: &str,
) -> Result<i64> {
    let marks: Vec<String> = (1..=kinds.len()).map(|i| format!("${i}")).collect();
    let insert = to
        .prepare(&format!(
            "INSERT INTO {table} ({columns}) VALUES ({})",
            marks.join(", ")
        ))
        .await?;
    let mut select = from.prepare(&format!("SELECT {columns} FROM {table} ORDER BY rowid"))?;
    let mut rows = select.query([])?;
    let mut n = 0;
    while let Some(row) = rows.next()? {
        let cells = kinds
            .bytes()
            .enumerate()
            .map(|(i, kind)| cell(row, i, kind))
            .collect::<Result<Vec<_>>>()?;
        let params: Vec<&(dyn ToSql + Sync)> = cells.iter().map(|c| c.as_ref()).collect();
        to.execute(&insert, &params).await?;
        n += 1;
    }
    Ok(n)
}

fn cell(row: &rusqlite::Row, i: usize, kind: u8) -> Result<Box<dyn ToSql + Sync>> {
    Ok(match kind {
        b'T' => Box::new(row.get::<_, Option<String>>(i)?),
        b'I' => Box::new(row.get::<_, Option<i64>>(i)?),
        _ => Box::new(row.get::<_, Option<Vec<u8>>>(i)?),
    })
}
