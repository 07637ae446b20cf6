//! Where the server keeps its rows: the SQLite file (`db.rs`, pushes
//! through the group-commit writer, reads on their own connections) or
//! PostgreSQL (`pg.rs`, a pool). The handlers call the functions here,
//! which answer the same for both.

use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::mpsc::{SyncSender, TrySendError};
use std::sync::Mutex;

use rusqlite::Connection;

use crate::error::{ApiError, ApiResult};
use crate::keys::Put;
use crate::pg::Pg;
use crate::writer::{self, Push, Refusal};
use crate::{db, page, Shared};

pub(crate) enum Backend {
    Sqlite(Sqlite),
    Postgres(Pg),
}

pub(crate) struct Sqlite {
    /// For the rare writes besides pushes (marker, key records).
    pub(crate) db: Mutex<Connection>,
    pub(crate) readers: Vec<Mutex<Connection>>,
    pub(crate) next_reader: AtomicUsize,
    /// The group-commit writer of pushes.
    pub(crate) pushes: SyncSender<writer::Queued>,
}

impl Backend {
    fn sqlite(&self) -> db::Result<&Sqlite> {
        match self {
            Backend::Sqlite(s) => Ok(s),
            Backend::Postgres(_) => Err(db::DbError::Refused("not an SQLite database".into())),
        }
    }
}

/// Run a database call off the async workers.
pub(crate) async fn with_db<T: Send + 'static>(
    state: &Shared,
    f: impl FnOnce(&Connection) -> db::Result<T> + Send + 'static,
) -> ApiResult<T> {
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        let s = state.backend.sqlite()?;
        let conn = s.db.lock().unwrap_or_else(|p| p.into_inner());
        f(&conn)
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)
}

/// Run a read-only database call on one of the read connections.
pub(crate) async fn with_read<T: Send + 'static>(
    state: &Shared,
    f: impl FnOnce(&Connection) -> db::Result<T> + Send + 'static,
) -> ApiResult<T> {
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        let s = state.backend.sqlite()?;
        let i = s.next_reader.fetch_add(1, Relaxed) % s.readers.len();
        let conn = s.readers[i].lock().unwrap_or_else(|p| p.into_inner());
        f(&conn)
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)
}

/// A PostgreSQL call's result as the handlers take it.
fn pg<T>(r: db::Result<T>) -> ApiResult<T> {
    r.map_err(ApiError::internal)
}

/// A round trip to the database.
pub(crate) async fn check(state: &Shared) -> ApiResult<()> {
    match &state.backend {
        Backend::Sqlite(_) => {
            with_read(state, |c| {
                Ok(c.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?)
            })
            .await?;
            Ok(())
        }
        Backend::Postgres(p) => pg(p.check().await),
    }
}

pub(crate) async fn authorised(
    state: &Shared,
    name: String,
    token: String,
) -> ApiResult<Option<String>> {
    match &state.backend {
        Backend::Sqlite(_) => with_read(state, move |c| db::authorised(c, &name, &token)).await,
        Backend::Postgres(p) => pg(p.authorised(&name, &token).await),
    }
}

pub(crate) async fn is_admin(state: &Shared, token: String) -> ApiResult<bool> {
    match &state.backend {
        Backend::Sqlite(_) => with_read(state, move |c| crate::admin::is_admin(c, &token)).await,
        Backend::Postgres(p) => pg(p.is_admin(&token).await),
    }
}

pub(crate) async fn totals(state: &Shared) -> ApiResult<(u64, u64)> {
    match &state.backend {
        Backend::Sqlite(_) => with_read(state, db::totals).await,
        Backend::Postgres(p) => pg(p.totals().await),
    }
}

pub(crate) async fn marker(state: &Shared, name: String) -> ApiResult<Option<String>> {
    match &state.backend {
        Backend::Sqlite(_) => with_read(state, move |c| db::marker(c, &name)).await,
        Backend::Postgres(p) => pg(p.marker(&name).await),
    }
}

pub(crate) async fn set_marker(
    state: &Shared,
    name: String,
    marker: String,
) -> ApiResult<db::SetMarker> {
    match &state.backend {
        Backend::Sqlite(_) => with_db(state, move |c| db::set_marker(c, &name, &marker)).await,
        Backend::Postgres(p) => pg(p.set_marker(&name, &marker).await),
    }
}

/// Store a push: through the writer's queue (SQLite; a full queue is
/// refused at once) or in its own transaction (PostgreSQL).
pub(crate) async fn push(state: &Shared, push: Push) -> ApiResult<Result<db::Stored, Refusal>> {
    let s = match &state.backend {
        Backend::Sqlite(s) => s,
        Backend::Postgres(p) => return pg(p.push(&push).await),
    };
    let (reply_tx, reply_rx) = tokio::sync::oneshot::channel();
    s.pushes.try_send((push, reply_tx)).map_err(|e| match e {
        TrySendError::Full(_) => {
            ApiError::busy("the server has as many pushes waiting as it holds")
        }
        TrySendError::Disconnected(_) => ApiError::internal("the writer has stopped"),
    })?;
    reply_rx
        .await
        .map_err(|_| ApiError::internal("the writer has stopped"))?
        .map_err(ApiError::internal)
}

/// A page of segments (`page.rs`): the body and how many segments.
pub(crate) async fn page(
    state: &Shared,
    name: String,
    after: u64,
    limit: usize,
    max_bytes: usize,
) -> ApiResult<(Vec<u8>, usize)> {
    match &state.backend {
        Backend::Sqlite(_) => {
            let shared = state.clone();
            with_read(state, move |c| {
                page::build(c, &shared.pages, &name, after, limit, max_bytes)
            })
            .await
        }
        Backend::Postgres(p) => {
            let (index, more) = pg(p.page_index(&name, after, limit, max_bytes).await)?;
            let mut fetched = pg(p.segment_bytes(&page::uncached(&state.pages, &index)).await)?;
            pg(page::assemble(&state.pages, after, &index, more, |seq| {
                fetched
                    .remove(&seq)
                    .ok_or_else(|| db::DbError::Refused(format!("segment {seq} is gone")))
            }))
        }
    }
}

pub(crate) async fn latest(state: &Shared, name: String) -> ApiResult<u64> {
    match &state.backend {
        Backend::Sqlite(_) => with_read(state, move |c| db::latest(c, &name)).await,
        Backend::Postgres(p) => pg(p.latest(&name).await),
    }
}

/// The replica's last segment number, None when `token` may not push as it.
pub(crate) async fn replica_last(
    state: &Shared,
    name: String,
    replica: String,
    token: String,
) -> ApiResult<Option<u64>> {
    match &state.backend {
        Backend::Sqlite(_) => {
            with_read(state, move |c| {
                if !crate::admin::may_push_as(c, &name, &replica, &token)? {
                    return Ok(None);
                }
                db::last_segment(c, &name, &replica).map(Some)
            })
            .await
        }
        Backend::Postgres(p) => pg(p.replica_last(&name, &replica, &token).await),
    }
}

pub(crate) async fn keys(state: &Shared, name: String) -> ApiResult<Vec<(String, Vec<u8>)>> {
    match &state.backend {
        Backend::Sqlite(_) => with_read(state, move |c| crate::keys::list(c, &name)).await,
        Backend::Postgres(p) => pg(p.keys(&name).await),
    }
}

pub(crate) async fn put_key(
    state: &Shared,
    name: String,
    key: String,
    body: Vec<u8>,
) -> ApiResult<Put> {
    match &state.backend {
        Backend::Sqlite(_) => {
            with_db(state, move |c| crate::keys::put(c, &name, &key, &body)).await
        }
        Backend::Postgres(p) => pg(p
            .put_key(&name, &key, &body, crate::keys::MAX_RECORDS)
            .await),
    }
}

/// The workspace's id, the generation and its newest server sequence.
pub(crate) async fn identity(
    state: &Shared,
    name: String,
) -> ApiResult<Option<crate::identity::Identity>> {
    match &state.backend {
        Backend::Sqlite(_) => with_read(state, move |c| crate::identity::identity(c, &name)).await,
        Backend::Postgres(p) => pg(p.identity(&name).await),
    }
}
