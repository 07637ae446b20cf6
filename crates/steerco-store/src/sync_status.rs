//! What the Sync view shows: the folder or server, how this replica's sync
//! stands (what is not sent, each peer's position, what waits, open
//! conflicts), the last outcome; and the sync bookkeeping other crates keep
//! in local settings. Merging itself is in `crate::merge`.

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use steerco_domain::Hlc;

use crate::conflict::Conflict;
use crate::error::Result;
use crate::refusal::Refusal;
use crate::{LocalKey, Store};

/// The outcome of one sync, as the app shows it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct SyncOutcome {
    pub sent: usize,
    pub received: usize,
    pub conflicts: usize,
    pub waiting: usize,
    /// "file: reason" for each file set aside.
    pub set_aside: Vec<String>,
    /// "replica: minutes ahead" for each replica whose clock is wrong.
    pub clocks_ahead: Vec<String>,
    pub at: String,
    /// Where the app keeps the passphrase that worked: `keyring` (the OS
    /// keyring), `memory` (no keyring: until the app quits) or `none`.
    #[serde(default)]
    pub passphrase_kept: String,
    /// Papers (attachments' bytes) sent and received.
    #[serde(default)]
    pub papers_sent: usize,
    #[serde(default)]
    pub papers_received: usize,
    /// Papers wanted here that have not arrived yet.
    #[serde(default)]
    pub papers_waiting: usize,
    /// Papers of other committees not fetched, by this member's choice.
    #[serde(default)]
    pub papers_not_fetched: usize,
    /// "file: what went wrong" per paper not moved.
    #[serde(default)]
    pub papers_problems: Vec<String>,
}

/// The sync panel: where, how it went, what waits. (The app adds the state
/// of its background sync: steerco-app-core's `SyncView`.)
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SyncPanel {
    pub folder: Option<String>,
    /// The workspace's addresses on a sync server (`BASE/NAME` each, the
    /// instances of one deployment in the order tried), when it syncs through
    /// one instead of a folder; empty when it does not.
    pub servers: Vec<String>,
    pub status: SyncStatus,
    pub last: Option<SyncOutcome>,
    pub conflicts: Vec<Conflict>,
    /// Syncs fetch only the papers of this person's committees (and those
    /// they added), not every paper: `sync.papers` is `mine`.
    pub papers_mine: bool,
}

impl Store {
    /// The sync panel's data: the folder, status, last outcome, open conflicts.
    pub fn sync_view(&self) -> Result<SyncPanel> {
        Ok(SyncPanel {
            folder: self.local_setting(LocalKey::SyncFolder)?,
            servers: self.sync_servers()?,
            status: self.sync_status()?,
            last: self
                .local_setting(LocalKey::SyncLastOutcome)?
                .and_then(|s| serde_json::from_str(&s).ok()),
            conflicts: self
                .conflicts()?
                .into_iter()
                .filter(|c| !c.resolved)
                .collect(),
            papers_mine: self.local_setting(LocalKey::SyncPapers)?.as_deref() == Some("mine"),
        })
    }

    /// The addresses of the sync server this workspace syncs through, in the
    /// order tried (empty: none). Kept one a line in one setting, so the
    /// single address of an older version reads as a list of one.
    pub fn sync_servers(&self) -> Result<Vec<String>> {
        Ok(self
            .local_setting(LocalKey::SyncServerUrl)?
            .unwrap_or_default()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect())
    }

    /// Sync through the server at these addresses from now on (none: not
    /// any more).
    pub fn set_sync_servers(&self, urls: &[String]) -> Result<()> {
        self.set_sync_setting(LocalKey::SyncServerUrl, &urls.join("\n"))
    }

    pub fn record_sync_outcome(&self, outcome: &SyncOutcome) -> Result<()> {
        self.set_local(LocalKey::SyncLastOutcome, &serde_json::to_string(outcome)?)
    }
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PeerStatus {
    pub replica: String,
    /// Wall time of the newest change applied from this replica (RFC 3339).
    pub last_change_at: String,
    pub applied_at: String,
    pub last_segment: i64,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SyncStatus {
    pub replica: String,
    /// This replica's changes not yet sent.
    pub unsent: i64,
    pub peers: Vec<PeerStatus>,
    pub pending: i64,
    /// What waits and why, oldest first (the first `WAITING_SHOWN`): a
    /// newer version's change, a row not here yet, a stamp far ahead, a
    /// change refused.
    pub waiting: Vec<crate::merge::Waiting>,
    pub open_conflicts: i64,
    /// Members whose later change files wait for a missing one (a folder).
    pub waiting_for: Vec<WaitingFor>,
    /// The files the last folder sync set aside ("file: reason").
    pub set_aside: Vec<String>,
    /// What the folder's files are protected against: `authenticated`
    /// (encrypted: forgery and accidents), `checksum` (not encrypted:
    /// accidents only, anyone who can write the folder can forge), or empty
    /// (not known yet).
    pub integrity: String,
}

/// "Waiting for change file 12 from Anne since ...".
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
pub struct WaitingFor {
    pub replica: String,
    /// The member's name, when a change of theirs says who made it.
    pub person: Option<String>,
    /// The missing segment (change file) number.
    #[ts(type = "number")]
    pub segment: u64,
    /// Since when (RFC 3339) this replica has been waiting for it.
    pub since: String,
}

/// How many waiting changes the status lists (`pending` counts them all).
pub const WAITING_SHOWN: usize = 100;

impl Store {
    pub fn sync_status(&self) -> Result<SyncStatus> {
        let sent: i64 = self
            .local_setting(LocalKey::SyncSentSeq)?
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let count =
            |sql: &str| -> Result<i64> { Ok(self.conn().query_row(sql, [], |r| r.get(0))?) };
        let mut words = crate::changelog::Words::default();
        let unsent = match words.find(self.conn(), &self.replica().to_string())? {
            Some(me) => crate::changelog::count_after(self.conn(), sent, me)?,
            None => 0,
        };
        let mut stmt = self.conn().prepare(
            "SELECT replica, last_hlc, applied_at, last_segment FROM sync_peer ORDER BY replica",
        )?;
        let peers = stmt
            .query_map([], |r| {
                let hlc: String = r.get(1)?;
                Ok(PeerStatus {
                    replica: r.get(0)?,
                    last_change_at: Hlc::parse(&hlc)
                        .ok()
                        .and_then(|h| chrono::DateTime::from_timestamp_millis(h.millis))
                        .map(|t| t.to_rfc3339())
                        .unwrap_or_default(),
                    applied_at: r.get(2)?,
                    last_segment: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(SyncStatus {
            replica: self.replica().to_string(),
            unsent,
            peers,
            pending: count("SELECT count(*) FROM pending_change")?,
            waiting: self.waiting_changes(WAITING_SHOWN)?,
            open_conflicts: count("SELECT count(*) FROM conflict WHERE resolved = 0")?,
            waiting_for: self.waiting_for()?,
            set_aside: self
                .local_setting(LocalKey::SyncSetAside)?
                .and_then(|s| serde_json::from_str(&s).ok())
                .unwrap_or_default(),
            integrity: self
                .local_setting(LocalKey::SyncIntegrity)?
                .unwrap_or_default(),
        })
    }

    fn waiting_for(&self) -> Result<Vec<WaitingFor>> {
        let mut out: Vec<WaitingFor> = self
            .local_setting(LocalKey::SyncWaiting)?
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();
        let mut words = crate::changelog::Words::default();
        for w in &mut out {
            // The person of the newest change of that replica that names one.
            let author = match words.find(self.conn(), &w.replica)? {
                Some(replica) => crate::changelog::newest_author(self.conn(), replica)?,
                None => None,
            };
            w.person = match author {
                Some(a) => {
                    let id = words.word(self.conn(), a)?.to_string();
                    self.conn()
                        .query_row("SELECT name FROM person WHERE id = ?1", [id], |r| r.get(0))
                        .optional()?
                        .filter(|n: &String| !n.is_empty())
                }
                None => None,
            };
        }
        Ok(out)
    }

    /// Record which replicas wait for which missing segment: a wait that
    /// goes on keeps the time it began.
    pub fn record_waiting(&self, waiting: &[(String, u64)]) -> Result<()> {
        let before: Vec<WaitingFor> = self
            .local_setting(LocalKey::SyncWaiting)?
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();
        let now = self.now().to_rfc3339();
        let after: Vec<WaitingFor> = waiting
            .iter()
            .map(|(replica, segment)| WaitingFor {
                replica: replica.clone(),
                person: None,
                segment: *segment,
                since: before
                    .iter()
                    .find(|w| w.replica == *replica && w.segment == *segment)
                    .map_or_else(|| now.clone(), |w| w.since.clone()),
            })
            .collect();
        self.set_sync_setting(LocalKey::SyncWaiting, &serde_json::to_string(&after)?)
    }
}

impl Store {
    /// Sync bookkeeping in local settings (keys start with `sync.`).
    pub fn set_sync_setting(&self, key: LocalKey<'_>, value: &str) -> Result<()> {
        if !key.is_sync() {
            let key = key.name();
            return Err(Refusal::bad_change(format!("{key:?} is not a sync setting")).into());
        }
        self.set_local(key, value)
    }
}
