//! Pushes are stored by one writer thread with group commit: while one
//! commit waits for the disk, the pushes that arrive queue up, and the next
//! commit stores all of them in one transaction, one fsync. A push is
//! answered only after the commit holding it is on disk (`synchronous=FULL`),
//! so an answered segment survives a crash or a power cut; under load many
//! pushes share the wait for the disk instead of queueing behind one
//! another's.

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
}

pub type Outcome = db::Result<Result<db::Stored, Refusal>>;

/// One push to store.
pub struct Push {
    pub workspace: String,
    /// The Steerco workspace id the segment's header names.
    pub header_workspace: String,
    pub replica: String,
    pub rseq: u64,
    pub bytes: axum::body::Bytes,
    pub reply: oneshot::Sender<Outcome>,
}

/// Start the writer on `conn`; pushes go in through the returned sender.
/// The thread ends when every sender is gone.
pub fn spawn(conn: Connection) -> mpsc::Sender<Push> {
    let (tx, rx) = mpsc::channel::<Push>();
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
fn commit(conn: &Connection, batch: Vec<Push>) {
    let mut outcomes: Vec<Outcome> = Vec::with_capacity(batch.len());
    let committed = conn.unchecked_transaction().and_then(|tx| {
        for p in &batch {
            outcomes.push(store(&tx, p));
        }
        tx.commit()
    });
    if let Err(e) = committed {
        // Nothing of the batch is stored: every push gets the error.
        let why = e.to_string();
        for p in batch {
            let _ = p.reply.send(Err(db::DbError::Refused(format!(
                "the commit failed: {why}"
            ))));
        }
        return;
    }
    for (p, outcome) in batch.into_iter().zip(outcomes) {
        let _ = p.reply.send(outcome);
    }
}

fn store(conn: &Connection, p: &Push) -> Outcome {
    let Some(marker) = db::marker(conn, &p.workspace)? else {
        return Ok(Err(Refusal::NoMarker));
    };
    let named = serde_json::from_str::<serde_json::Value>(&marker)
        .ok()
        .and_then(|m| {
            m.get("workspace")
                .and_then(|w| w.as_str())
                .map(str::to_string)
        });
    if named.as_deref() != Some(p.header_workspace.as_str()) {
        return Ok(Err(Refusal::WrongWorkspace));
    }
    db::store_segment(conn, &p.workspace, &p.replica, p.rseq, &p.bytes).map(Ok)
}
