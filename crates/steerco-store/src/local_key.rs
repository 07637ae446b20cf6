//! The keys of `local_setting`: state of this replica alone (its id, its
//! clock, who this installation is, sync bookkeeping), never exported or
//! synced. Every key is named here once; the stored strings are a file
//! format (existing workspaces hold them), so they never change.

use std::borrow::Cow;

use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;

/// One key of `local_setting`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalKey<'a> {
    /// This replica's id, chosen when the file is created (`replica_id`).
    ReplicaId,
    /// The last stamp of the hybrid logical clock, so local stamps never go
    /// backwards (`hlc`).
    Hlc,
    /// The person (id) this installation is in this workspace (`me`).
    Me,
    /// The installation identity `Me` was chosen for (`me_for`).
    MeFor,
    /// A meeting's v1 approval as converted on this replica
    /// (`minutes.v1.<meeting>`, see ops/minutes.rs).
    MinutesV1 { meeting: &'a str },
    /// The shared folder chosen in the Sync view (`sync.folder`).
    SyncFolder,
    /// The last sync's outcome as JSON (`sync.last_outcome`).
    SyncLastOutcome,
    /// The last change (`change.seq`) sent (`sync.sent_seq`).
    SyncSentSeq,
    /// The number of the last segment written (`sync.segment`).
    SyncSegment,
    /// Whether the workspace syncs through a folder or a server (`sync.via`).
    SyncVia,
    /// The addresses of the sync server, one a line (`sync.server.url`).
    SyncServerUrl,
    /// A segment written ahead and not yet stored by the server
    /// (`sync.server.pending`).
    SyncServerPending,
    /// Which of this replica's logged changes each segment pushed to the
    /// server held, as JSON, so segments a server lost (a restore from an
    /// older backup) can be encoded again (`sync.server.sent`).
    SyncServerSent,
    /// The server sequence pulled up to (`sync.server.cursor`).
    SyncServerCursor,
    /// The server workspace the cursor belongs to: the id the server
    /// reports for it (the address, for servers that report none)
    /// (`sync.server.origin`).
    SyncServerOrigin,
    /// The generation of the server's database the cursor belongs to: a
    /// restore makes a new one (`sync.server.generation`).
    SyncServerGeneration,
    /// Per replica, how far files without an authenticated header (the old
    /// segment format) or sealed in an earlier key epoch are accepted, as
    /// JSON (`sync.limits`, see steerco-sync's folder/limits.rs).
    SyncLimits,
    /// Per replica, the missing segment its later ones wait for and since
    /// when, as JSON (`sync.waiting`).
    SyncWaiting,
    /// The files the last folder sync set aside, as JSON (`sync.set_aside`).
    SyncSetAside,
    /// What the folder's files are protected against: `authenticated`
    /// (encrypted) or `checksum` (accidents only) (`sync.integrity`).
    SyncIntegrity,
    /// Which papers a sync fetches: `all` (the default) or `mine`, those of
    /// the committees this person sits on (`sync.papers`).
    SyncPapers,
    /// This replica's own files in the folder that verified, with what the
    /// file system said of each then, as JSON (`sync.own_files`, see
    /// steerco-sync's folder/own.rs).
    SyncOwnFiles,
    /// A person's reminder settings on this computer, as JSON
    /// (`reminders.settings.<person>`, see steerco-app-core's reminders.rs).
    ReminderSettings { person: &'a str },
    /// The reminders shown to a person today, as JSON, so a restart the same
    /// day shows none again (`reminders.sent.<person>`).
    RemindersSent { person: &'a str },
}

impl LocalKey<'_> {
    /// The key as stored.
    pub fn name(&self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            LocalKey::ReplicaId => "replica_id",
            LocalKey::Hlc => "hlc",
            LocalKey::Me => "me",
            LocalKey::MeFor => "me_for",
            LocalKey::MinutesV1 { meeting } => return Cow::Owned(format!("minutes.v1.{meeting}")),
            LocalKey::SyncFolder => "sync.folder",
            LocalKey::SyncLastOutcome => "sync.last_outcome",
            LocalKey::SyncSentSeq => "sync.sent_seq",
            LocalKey::SyncSegment => "sync.segment",
            LocalKey::SyncVia => "sync.via",
            LocalKey::SyncServerUrl => "sync.server.url",
            LocalKey::SyncServerPending => "sync.server.pending",
            LocalKey::SyncServerSent => "sync.server.sent",
            LocalKey::SyncServerCursor => "sync.server.cursor",
            LocalKey::SyncServerOrigin => "sync.server.origin",
            LocalKey::SyncServerGeneration => "sync.server.generation",
            LocalKey::SyncLimits => "sync.limits",
            LocalKey::SyncWaiting => "sync.waiting",
            LocalKey::SyncSetAside => "sync.set_aside",
            LocalKey::SyncIntegrity => "sync.integrity",
            LocalKey::SyncPapers => "sync.papers",
            LocalKey::SyncOwnFiles => "sync.own_files",
            LocalKey::ReminderSettings { person } => {
                return Cow::Owned(format!("reminders.settings.{person}"))
            }
            LocalKey::RemindersSent { person } => {
                return Cow::Owned(format!("reminders.sent.{person}"))
            }
        })
    }

    /// Sync bookkeeping (the keys other crates may set, through
    /// `Store::set_sync_setting`).
    pub fn is_sync(&self) -> bool {
        self.name().starts_with("sync.")
    }

    /// The app's reminders (the keys other crates may set, through
    /// `Store::set_reminder_setting`).
    pub fn is_reminder(&self) -> bool {
        self.name().starts_with("reminders.")
    }
}

impl crate::Store {
    /// This installation's reminder settings and what it has shown (keys
    /// start with `reminders.`); nothing else is set this way.
    pub fn set_reminder_setting(&self, key: LocalKey<'_>, value: &str) -> Result<()> {
        if !key.is_reminder() {
            let key = key.name();
            return Err(
                crate::Refusal::bad_change(format!("{key:?} is not a reminder setting")).into(),
            );
        }
        self.set_local(key, value)
    }
}

/// Read `key` on `conn` (a transaction derefs to one).
pub(crate) fn get(conn: &Connection, key: LocalKey<'_>) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM local_setting WHERE key = ?1")?
        .query_row([key.name()], |r| r.get(0))
        .optional()?)
}

/// Set `key` on `conn` (a transaction derefs to one).
pub(crate) fn put(conn: &Connection, key: LocalKey<'_>, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO local_setting (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )?
    .execute([&*key.name(), value])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::LocalKey;

    /// Existing workspaces hold these strings: a key that changed would be
    /// a setting lost (a replica forgetting what it sent, a new identity).
    #[test]
    fn stored_names_never_change() {
        let keys = [
            (LocalKey::ReplicaId, "replica_id", false),
            (LocalKey::Hlc, "hlc", false),
            (LocalKey::Me, "me", false),
            (LocalKey::MeFor, "me_for", false),
            (
                LocalKey::MinutesV1 { meeting: "m-1" },
                "minutes.v1.m-1",
                false,
            ),
            (LocalKey::SyncFolder, "sync.folder", true),
            (LocalKey::SyncLastOutcome, "sync.last_outcome", true),
            (LocalKey::SyncSentSeq, "sync.sent_seq", true),
            (LocalKey::SyncSegment, "sync.segment", true),
            (LocalKey::SyncVia, "sync.via", true),
            (LocalKey::SyncServerUrl, "sync.server.url", true),
            (LocalKey::SyncServerPending, "sync.server.pending", true),
            (LocalKey::SyncServerSent, "sync.server.sent", true),
            (LocalKey::SyncServerCursor, "sync.server.cursor", true),
            (LocalKey::SyncServerOrigin, "sync.server.origin", true),
            (
                LocalKey::SyncServerGeneration,
                "sync.server.generation",
                true,
            ),
            (LocalKey::SyncLimits, "sync.limits", true),
            (LocalKey::SyncWaiting, "sync.waiting", true),
            (LocalKey::SyncSetAside, "sync.set_aside", true),
            (LocalKey::SyncIntegrity, "sync.integrity", true),
            (LocalKey::SyncPapers, "sync.papers", true),
            (
                LocalKey::ReminderSettings { person: "p-1" },
                "reminders.settings.p-1",
                false,
            ),
            (
                LocalKey::RemindersSent { person: "p-1" },
                "reminders.sent.p-1",
                false,
            ),
        ];
        for (key, name, sync) in keys {
            assert_eq!(key.name(), name);
            assert_eq!(key.is_sync(), sync, "{name}");
            assert_eq!(key.is_reminder(), name.starts_with("reminders."), "{name}");
        }
    }
}
