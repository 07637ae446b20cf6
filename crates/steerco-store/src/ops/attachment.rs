//! Papers on agenda items (schema 13): an `attachment` row per paper and an
//! append-only `attachment_version` per file it held, so a replace keeps
//! every earlier version. The rows go through the one write path and sync;
//! the bytes go to the blob store beside the workspace (`blobs.rs`), named by
//! their SHA-256, so a sync can move them apart from the text changes.
//!
//! Papers belong to the agenda and the record of the meeting: they change
//! while the agenda or the minutes can (draft to closed), and never once the
//! minutes are approved or the meeting is cancelled. A paper of a closed
//! (confidential) item is marked closed, following its item as that changes,
//! so a sync can keep its bytes where closed items go.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, SystemTime};

use chrono::SecondsFormat;
use serde::Serialize;

use crate::blobs::{BlobHash, Blobs};
use crate::error::{Result, StoreError};
use crate::ops::file_kind;
use crate::refusal::{Entity, MinutesPart, Refusal};
use crate::{new_id, RowChange, Store};

/// The largest attachment a workspace takes unless it says otherwise.
pub const DEFAULT_LIMIT: u64 = 100 * MIB;
const MIB: u64 = 1024 * 1024;
/// What `set_attachment_limit` accepts, in MiB.
const LIMIT_MIB: std::ops::RangeInclusive<i64> = 1..=4096;

/// How long a blob no version names is kept (a write in flight in another
/// process has stored its blob and not yet committed its row).
pub const BLOB_GRACE: Duration = Duration::from_secs(30 * 24 * 60 * 60);

/// One version of a paper, as the list and a get show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct AttachmentVersion {
    pub id: String,
    /// 1 for the first file; a replace adds the next.
    pub version: i64,
    pub file_name: String,
    pub size: i64,
    pub media_type: String,
    /// SHA-256 of the content, hex.
    pub hash: String,
    /// The file could run: offer it for saving only, never open it.
    pub executable: bool,
    pub added_by: Option<String>,
    /// RFC 3339, UTC.
    pub added_at: String,
    /// The content is on this computer.
    pub available: bool,
}

/// A paper on an agenda item, its latest version and every version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct AttachmentView {
    pub id: String,
    pub item_id: String,
    pub item_title: String,
    /// The item's place on the agenda, from 1.
    pub item_number: i64,
    /// On a closed (confidential) item: follows the closed items' rules.
    pub closed: bool,
    pub title: String,
    /// The latest version's size in bytes.
    pub size: i64,
    /// How many versions there are.
    pub versions: i64,
    pub latest: AttachmentVersion,
    /// Every version, oldest first.
    pub history: Vec<AttachmentVersion>,
}

/// A blob some version names: whether a paper of a closed item does, and
/// what a sync needs to move it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobRef {
    pub hash: String,
    pub closed: bool,
    /// The size the versions record (a sync checks the bytes against it).
    pub size: u64,
    /// A file name a version gives it, for messages.
    pub file_name: String,
    /// A paper of a committee this installation's person sits on, or one
    /// this person added: what "only my committees' papers" fetches.
    pub mine: bool,
}

/// What a collection of unreferenced blobs removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Collected {
    pub files: usize,
    pub bytes: u64,
}

impl Store {
    /// The blob store beside this workspace.
    pub fn blobs(&self) -> Blobs {
        Blobs::beside(self.path())
    }

    /// The largest file an attachment may hold, in bytes.
    pub fn attachment_limit(&self) -> Result<u64> {
        let limit: Option<i64> = self.conn().query_row(
            "SELECT attachment_limit FROM workspace WHERE deleted = 0 LIMIT 1",
            [],
            |r| r.get(0),
        )?;
        Ok(limit
            .and_then(|l| u64::try_from(l).ok())
            .filter(|l| *l > 0)
            .unwrap_or(DEFAULT_LIMIT))
    }

    /// Set the workspace's attachment limit (synced: every member refuses
    /// the same files).
    pub fn set_attachment_limit(&mut self, mib: i64) -> Result<()> {
        if !LIMIT_MIB.contains(&mib) {
            return Err(Refusal::AttachmentLimitOutOfRange.into());
        }
        let id = self.workspace()?.id;
        self.write(vec![
            RowChange::update("workspace", id).set("attachment_limit", mib * MIB as i64)
        ])?;
        Ok(())
    }

    /// A live attachment of a live agenda item by id or unique id prefix.
    pub fn find_attachment(&self, key: &str) -> Result<String> {
        self.find_by_id(
            "attachment",
            "deleted = 0 AND agenda_item_id IN (SELECT id FROM agenda_item WHERE deleted = 0)",
            Entity::Attachment,
            key,
        )
    }

    pub(crate) fn attachment_meeting(&self, id: &str) -> Result<String> {
        Ok(self.conn().query_row(
            "SELECT i.meeting_id FROM attachment a JOIN agenda_item i ON i.id = a.agenda_item_id
             WHERE a.id = ?1",
            [id],
            |r| r.get(0),
        )?)
    }

    /// Papers change while the agenda or the minutes can: refused once the
    /// minutes are approved (they are the record) or the meeting cancelled.
    pub(crate) fn check_papers(&self, meeting: &str) -> Result<()> {
        if self.meeting_cancelled(meeting)? {
            return Err(Refusal::MeetingCancelled.into());
        }
        let state = self.meeting_state(meeting)?;
        if state.allows(MinutesPart::Agenda) || state.allows(MinutesPart::Minutes) {
            Ok(())
        } else {
            Err(Refusal::MinutesApproved {
                what: MinutesPart::Agenda,
            }
            .into())
        }
    }

    /// Store `file` in the blob store, checked against the limit first.
    fn store_file(&self, file: &Path) -> Result<(String, crate::blobs::Stored)> {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".into());
        let stored = self
            .blobs()
            .put_file(file, &name, self.attachment_limit()?)?;
        // Stored and not yet named by a row: a crash here leaves an orphan
        // blob, which `collect_blobs` removes after the grace period.
        crate::failpoint("attachment_blob_stored");
        Ok((name, stored))
    }

    fn version_row(
        &self,
        attachment: &str,
        version: i64,
        name: &str,
        stored: &crate::blobs::Stored,
    ) -> RowChange {
        RowChange::insert("attachment_version", new_id())
            .set("attachment_id", attachment.to_string())
            .set("version", version)
            .set("blob_hash", stored.hash.as_str())
            .set("size", i64::try_from(stored.size).unwrap_or(i64::MAX))
            .set("file_name", name)
            .set("media_type", file_kind::media_type(name, &stored.head))
            .set("executable", file_kind::could_run(name, &stored.head))
            .set("author_id", self.me().map(str::to_string))
            .set("recorded_at", self.stamp_now())
    }

    fn stamp_now(&self) -> String {
        self.now().to_rfc3339_opts(SecondsFormat::Millis, true)
    }

    /// Attach `file` to an agenda item (id or unique prefix), titled `title`
    /// or by its file name; its id. A file over the workspace's limit is
    /// refused before anything is written.
    pub fn add_attachment(
        &mut self,
        item: &str,
        file: &Path,
        title: Option<&str>,
    ) -> Result<String> {
        let item = self.find_agenda_item_by_id(item)?;
        self.check_papers(&self.item_meeting(&item)?)?;
        let (name, stored) = self.store_file(file)?;
        let title = title
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .unwrap_or(&name)
            .to_string();
        let id = new_id();
        let version = self.version_row(&id, 1, &name, &stored);
        self.write(vec![
            RowChange::insert("attachment", id.clone())
                .set("agenda_item_id", item)
                .set("title", title)
                .set("author_id", self.me().map(str::to_string))
                .set("recorded_at", self.stamp_now()),
            version,
        ])?;
        Ok(id)
    }

    /// A new version of a paper from `file`; the earlier ones are kept. Its
    /// version number.
    pub fn replace_attachment(&mut self, key: &str, file: &Path) -> Result<i64> {
        let id = self.find_attachment(key)?;
        self.check_papers(&self.attachment_meeting(&id)?)?;
        let (name, stored) = self.store_file(file)?;
        let last: Option<i64> = self.conn().query_row(
            "SELECT max(version) FROM attachment_version WHERE attachment_id = ?1",
            [&id],
            |r| r.get(0),
        )?;
        let version = last.unwrap_or(0) + 1;
        let row = self.version_row(&id, version, &name, &stored);
        self.write(vec![row])?;
        Ok(version)
    }

    /// Delete a paper (a tombstone: its versions and blobs stay, so an undo,
    /// `restore(Restorable::Attachment, ..)`, brings it back whole). Its id.
    pub fn delete_attachment(&mut self, key: &str) -> Result<String> {
        let id = self.find_attachment(key)?;
        self.check_papers(&self.attachment_meeting(&id)?)?;
        self.write(vec![RowChange::delete("attachment", id.clone())])?;
        Ok(id)
    }

    /// Every version of attachment `id`, oldest first. Two replicas that
    /// replaced a paper at once both wrote the same number: the later stamp
    /// counts as the later version.
    fn attachment_versions(&self, id: &str, blobs: &Blobs) -> Result<Vec<AttachmentVersion>> {
        let rows: Vec<AttachmentVersion> = self
            .conn()
            .prepare_cached(
                "SELECT v.id, v.version, v.file_name, v.size, v.media_type, v.blob_hash,
                        v.executable, p.name, v.recorded_at
                 FROM attachment_version v LEFT JOIN person p ON p.id = v.author_id
                 WHERE v.attachment_id = ?1 AND v.deleted = 0
                 ORDER BY v.version, v.stamp, v.id",
            )?
            .query_map([id], |r| {
                Ok(AttachmentVersion {
                    id: r.get(0)?,
                    version: r.get(1)?,
                    file_name: r.get(2)?,
                    size: r.get(3)?,
                    media_type: r.get(4)?,
                    hash: r.get(5)?,
                    executable: r.get(6)?,
                    added_by: r.get(7)?,
                    added_at: r.get(8)?,
                    available: false,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .map(|mut v| {
                // The name is checked again here: the flag in a row may come
                // from another replica.
                v.executable |= file_kind::name_could_run(&v.file_name);
                v.available = BlobHash::parse(&v.hash).is_some_and(|h| blobs.has(&h));
                v
            })
            .collect())
    }

    /// The papers of a meeting's live agenda items, in agenda order.
    pub fn attachments(&self, meeting: &str) -> Result<Vec<AttachmentView>> {
        let meeting = self.find_meeting(meeting)?;
        let numbers: HashMap<String, i64> = self
            .conn()
            .prepare_cached(
                "SELECT id FROM agenda_item WHERE meeting_id = ?1 AND deleted = 0
                 ORDER BY position, id",
            )?
            .query_map([&meeting], |r| r.get::<_, String>(0))?
            .enumerate()
            .map(|(i, id)| id.map(|id| (id, i as i64 + 1)))
            .collect::<rusqlite::Result<_>>()?;
        type Row = (String, String, String, String, bool);
        let rows: Vec<Row> = self
            .conn()
            .prepare_cached(
                "SELECT a.id, a.title, i.id, i.title, i.closed
                 FROM attachment a JOIN agenda_item i ON i.id = a.agenda_item_id
                 WHERE i.meeting_id = ?1 AND i.deleted = 0 AND a.deleted = 0
                 ORDER BY i.position, i.id, a.recorded_at, a.stamp, a.id",
            )?
            .query_map([&meeting], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let blobs = self.blobs();
        let mut out = Vec::with_capacity(rows.len());
        for (id, title, item_id, item_title, closed) in rows {
            let history = self.attachment_versions(&id, &blobs)?;
            // A paper whose first version has not arrived has nothing to show.
            let Some(latest) = history.last().cloned() else {
                continue;
            };
            out.push(AttachmentView {
                item_number: numbers.get(&item_id).copied().unwrap_or(0),
                id,
                item_id,
                item_title,
                closed,
                title,
                size: latest.size,
                versions: history.len() as i64,
                latest,
                history,
            });
        }
        Ok(out)
    }

    /// A version of a paper (the latest when `version` is None).
    fn pick_version(&self, key: &str, version: Option<i64>) -> Result<AttachmentVersion> {
        let id = self.find_attachment(key)?;
        let history = self.attachment_versions(&id, &self.blobs())?;
        let latest = history.last().map_or(0, |v| v.version);
        let found = match version {
            None => history.last(),
            Some(n) => history.iter().rev().find(|v| v.version == n),
        };
        match (found, version) {
            (Some(v), _) => Ok(v.clone()),
            (None, Some(n)) => Err(Refusal::NoSuchVersion { version: n, latest }.into()),
            (None, None) => Err(StoreError::NotFound {
                kind: Entity::Attachment,
                key: key.to_string(),
            }),
        }
    }

    fn version_hash(v: &AttachmentVersion) -> Result<BlobHash> {
        // A malformed hash (from another replica) names no blob.
        BlobHash::parse(&v.hash).ok_or_else(|| crate::blobs::damaged(&v.file_name).into())
    }

    /// A version's bytes (the latest when `version` is None), checked
    /// against its hash: damaged content is refused, never returned.
    pub fn attachment_bytes(
        &self,
        key: &str,
        version: Option<i64>,
    ) -> Result<(AttachmentVersion, Vec<u8>)> {
        let v = self.pick_version(key, version)?;
        let bytes = self.blobs().read(&Self::version_hash(&v)?, &v.file_name)?;
        Ok((v, bytes))
    }

    /// Write a version's bytes to `dest` (through a temporary file, checked
    /// against its hash: damaged content leaves `dest` as it was).
    pub fn save_attachment(
        &self,
        key: &str,
        version: Option<i64>,
        dest: &Path,
    ) -> Result<AttachmentVersion> {
        let v = self.pick_version(key, version)?;
        self.blobs()
            .copy_out(&Self::version_hash(&v)?, &v.file_name, dest)?;
        Ok(v)
    }

    /// Every blob a version names (of live, deleted and restorable papers
    /// alike), and whether a paper of a closed item names it. A version
    /// whose paper or item is not here counts as closed: the safe side.
    /// Published reports' files (ops/published.rs) are named too, so the
    /// papers step moves them: never closed, and every member's.
    pub fn blob_refs(&self) -> Result<Vec<BlobRef>> {
        let me = self.me().unwrap_or("");
        // Cached: every sync asks, also one with nothing new.
        let mut stmt = self.conn().prepare_cached(
            "SELECT hash, max(closed), max(size), min(file_name), max(mine) FROM (
                SELECT v.blob_hash AS hash, coalesce(i.closed, 1) AS closed, v.size AS size,
                       v.file_name AS file_name,
                       (v.author_id = ?1 OR EXISTS (
                        SELECT 1 FROM meeting m JOIN committee_member cm
                          ON cm.committee_id = m.committee_id AND cm.deleted = 0
                        WHERE m.id = i.meeting_id AND cm.person_id = ?1)) AS mine
                FROM attachment_version v
                LEFT JOIN attachment a ON a.id = v.attachment_id
                LEFT JOIN agenda_item i ON i.id = a.agenda_item_id
                UNION ALL
                SELECT blob_hash, 0, size, file_name, 1 FROM published_file)
             GROUP BY hash ORDER BY hash",
        )?;
        let rows = stmt.query_map([me], |r| {
            Ok(BlobRef {
                hash: r.get(0)?,
                closed: r.get(1)?,
                size: u64::try_from(r.get::<_, i64>(2)?).unwrap_or(0),
                file_name: r.get(3)?,
                mine: r.get::<_, Option<bool>>(4)?.unwrap_or(false),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Remove blob files no version names, last written more than `grace`
    /// ago (and temporary files of interrupted writes as old). Versions are
    /// never removed, so a blob a paper, its undo or its tombstone may need
    /// is never among them: these are the orphans of adds that failed after
    /// storing their blob. The grace keeps a blob another process stored
    /// and has not yet named in its commit.
    pub fn collect_blobs(&self, grace: Duration) -> Result<Collected> {
        let named: std::collections::HashSet<String> =
            self.blob_refs()?.into_iter().map(|r| r.hash).collect();
        let now = SystemTime::now();
        let mut collected = Collected::default();
        for file in self.blobs().files()? {
            if file
                .hash
                .as_ref()
                .is_some_and(|h| named.contains(h.as_str()))
            {
                continue;
            }
            // A time in the future (a clock moved back) is not old.
            let old = now
                .duration_since(file.modified)
                .is_ok_and(|age| age >= grace);
            if old {
                std::fs::remove_file(&file.path)?;
                collected.files += 1;
                collected.bytes += file.size;
            }
        }
        Ok(collected)
    }
}
