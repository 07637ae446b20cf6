//! Pushes are stored by one writer thread with group commit: while one
//! commit waits for the disk, the pushes that arrive queue up, and the next
//! commit stores all of them in one transaction, one fsync. A push is
//! answered only after the commit holding it is on disk (`synchronous=FULL`),
//! so an answered segment survives a crash or a power cut; under load many
//! pushes share the wait for the disk instead of queueing behind one
//! another's. The queue is bounded: when it is full a push is refused at
//! once (503 with Retry-After) instead of holding its body in memory.

use std::sync::mpsc;

use rusqlite::Connection;
use tokio::sync::oneshot;

use crate::db;

/// The most pushes in one commit (bounds the time one commit takes).
const MAX_BATCH: usize = 256;

/// Why a push was not stored (besides a database error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Nobody set the workspace's marker yet.
    NoMarker,
    /// The segment names another Steerco workspace than the marker.
    WrongWorkspace,
    /// Another token owns the replica the segment names.
    ReplicaTaken,
}

pub type Outcome = db::Result<Result<db::Stored, Refusal>>;

/// One push to store.
pub struct Push {
    pub workspace: String,
    /// The Steerco workspace id the segment's header names.
    pub header_workspace: String,
    pub replica: String,
    /// The id of the token that pushes.
    pub token: String,
    pub rseq: u64,
    pub bytes: axum::body::Bytes,
}

/// A push and where its outcome goes.
pub type Queued = (Push, oneshot::Sender<Outcome>);

/// Start the writer on `conn`; pushes go in through the returned sender,
/// at most `queue` waiting. The thread ends when every sender is gone.
pub fn spawn(conn: Connection, queue: usize) -> mpsc::SyncSender<Queued> {
    let (tx, rx) = mpsc::sync_channel::<Queued>(queue.max(1));
    std::thread::Builder::new()
        .name("steerco-writer".into())
        .spawn(move || {
            while let Ok(first) = rx.recv() {
                let mut batch = vec![first];
                while batch.len() < MAX_BATCH {
                    match rx.try_recv() {
                        Ok(more) => batch.push(more),
                        Err(_) => break,
                    }
                }
                commit(&conn, batch);
            }
        })
        .expect("the writer thread starts");
    tx
}

/// Store a batch in one transaction and answer each push after the commit.
fn commit(conn: &Connection, batch: Vec<Queued>) {
    let mut outcomes: Vec<Outcome> = Vec::with_capacity(batch.len());
    // IMMEDIATE: wait (busy timeout) for another writer (an admin command)
    // instead of failing when a read would have to become a write.
    let immediate = rusqlite::TransactionBehavior::Immediate;
    let committed = rusqlite::Transaction::new_unchecked(conn, immediate).and_then(|tx| {
        for (p, _) in &batch {
            outcomes.push(store(&tx, p));
        }
        tx.commit()
    });
    if let Err(e) = committed {
        // Nothing of the batch is stored: every push gets the error.
        let why = e.to_string();
        for (_, reply) in batch {
            let _ = reply.send(Err(db::DbError::Refused(format!(
                "the commit failed: {why}"
            ))));
        }
        return;
    }
    for ((_, reply), outcome) in batch.into_iter().zip(outcomes) {
        let _ = reply.send(outcome);
    }
}

/// The Steerco workspace id a stored marker names.
pub(crate) fn marker_workspace(marker: &str) -> Option<String> {
    serde_json::from_str::<serde_json::Value>(marker)
        .ok()
        .and_then(|m| {
            m.get("workspace")
                .and_then(|w| w.as_str())
                .map(str::to_string)
        })
}

fn store(conn: &Connection, p: &Push) -> Outcome {
    let Some(marker) = db::marker(conn, &p.workspace)? else {
        return Ok(Err(Refusal::NoMarker));
    };
    if marker_workspace(&marker).as_deref() != Some(p.header_workspace.as_str()) {
        return Ok(Err(Refusal::WrongWorkspace));
    }
    if !crate::admin::bind_replica(conn, &p.workspace, &p.replica, &p.token)? {
        return Ok(Err(Refusal::ReplicaTaken));
    }
    db::store_segment(conn, &p.workspace, &p.replica, p.rseq, &p.bytes).map(Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn push(n: u64) -> (Queued, oneshot::Receiver<Outcome>) {
        let (reply, rx) = oneshot::channel();
        let p = Push {
            workspace: "acme".into(),
            header_workspace: "WS".into(),
            replica: "00000000000000aa".into(),
            token: "t1".into(),
            rseq: n,
            bytes: axum::body::Bytes::from(vec![n as u8]),
        };
        ((p, reply), rx)
    }

    #[test]
    fn a_full_queue_refuses_at_once_and_the_queued_pushes_are_stored() {
        let dir = tempfile::tempdir().unwrap();
        let conn = db::open(dir.path()).unwrap();
        db::create_workspace(&conn, "acme").unwrap();
        db::set_marker(&conn, "acme", r#"{"workspace":"WS"}"#).unwrap();
        // Another writer holds the database: the writer's first commit waits.
        let blocker = db::reopen(&conn, false).unwrap();
        blocker.execute_batch("BEGIN IMMEDIATE").unwrap();
        let tx = spawn(db::reopen(&conn, false).unwrap(), 2);
        let mut replies = Vec::new();
        let (p, rx) = push(1);
        tx.try_send(p).map_err(|_| ()).unwrap();
        replies.push(rx);
        std::thread::sleep(std::time::Duration::from_millis(300));
        for n in 2..=3 {
            let (p, rx) = push(n);
            tx.try_send(p).map_err(|_| ()).unwrap();
            replies.push(rx);
        }
        let (p, _) = push(4);
        assert!(matches!(tx.try_send(p), Err(mpsc::TrySendError::Full(_))));
        blocker.execute_batch("ROLLBACK").unwrap();
        for rx in replies {
            let stored = rx.blocking_recv().unwrap().unwrap();
            assert!(
                matches!(stored, Ok(db::Stored::New(_))),
                "{:?}",
                stored.is_ok()
            );
        }
    }
}
