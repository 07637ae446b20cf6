//! Published reports (schema 15): publishing a chair's report (the annual
//! status report, the deliverables overview, a highlight report) keeps the
//! files it was rendered to as a record that never changes, while the live
//! report moves on with the data. A `published_report` row and a
//! `published_file` row per format, both append-only, so no member can edit
//! or remove what was published; the bytes go to the blob store beside the
//! workspace (`blobs.rs`) and sync like papers (`attachment::blob_refs`
//! names them), so any member fetches them byte for byte.
//!
//! Rendering is not the store's business: steerco-reports renders and calls
//! [`Store::publish_report`] with the files.

use std::path::Path;

use chrono::SecondsFormat;
use serde::Serialize;

use crate::blobs::{damaged, BlobHash, Received};
use crate::error::Result;
use crate::refusal::{Entity, Refusal, Vocabulary};
use crate::{new_id, RowChange, Store};

/// The reports that can be published (the SQL schema checks the same list).
pub const KINDS: &[&str] = &["status", "deliverables", "highlight"];
/// The formats a published report holds.
pub const FORMATS: &[&str] = &["pdf", "docx", "md"];

/// A report to publish, rendered.
#[derive(Debug, Clone)]
pub struct Publication {
    /// One of [`KINDS`].
    pub kind: String,
    /// What it covers: `2026`, `2026-H1`, `8.1 2026-03`.
    pub period: String,
    pub title: String,
    pub files: Vec<RenderedFile>,
}

/// One format of a report to publish.
#[derive(Debug, Clone)]
pub struct RenderedFile {
    /// One of [`FORMATS`].
    pub format: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// One file of a published report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct PublishedFileView {
    pub format: String,
    pub file_name: String,
    pub size: i64,
    /// SHA-256 of the content, hex.
    pub hash: String,
    /// The bytes are on this computer (else a sync brings them).
    pub available: bool,
}

/// A published report as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct PublishedReportView {
    pub id: String,
    /// status, deliverables or highlight.
    pub kind: String,
    pub period: String,
    pub title: String,
    /// Who published it, by name (None when not known here).
    pub published_by: Option<String>,
    /// RFC 3339, UTC.
    pub published_at: String,
    /// Its files: pdf, docx, md.
    pub files: Vec<PublishedFileView>,
}

impl Store {
    /// Keep `p`'s files as a published report, credited to this
    /// installation's person; its id. The bytes are stored first, then the
    /// rows are one write: a failure in between leaves only blobs no row
    /// names, which `collect_blobs` removes after its grace period.
    pub fn publish_report(&mut self, p: Publication) -> Result<String> {
        let id = new_id();
        let mut rows = vec![RowChange::insert("published_report", id.clone())
            .set("kind", p.kind)
            .set("period", p.period)
            .set("title", p.title)
            .set("published_by", self.me().map(str::to_string))
            .set(
                "published_at",
                self.now().to_rfc3339_opts(SecondsFormat::Millis, true),
            )];
        let blobs = self.blobs();
        for f in p.files {
            let hash = BlobHash::of(&f.bytes);
            // Through `receive`, which writes under a temporary name and
            // renames once the bytes hash to the name: never half a file.
            let stored = blobs.receive(&hash, u64::MAX, |out| out.write_all(&f.bytes))?;
            if stored != Received::Stored {
                return Err(damaged(&f.file_name).into());
            }
            rows.push(
                RowChange::insert("published_file", new_id())
                    .set("report_id", id.clone())
                    .set("format", f.format)
                    .set("blob_hash", hash.as_str())
                    .set("size", i64::try_from(f.bytes.len()).unwrap_or(i64::MAX))
                    .set("file_name", f.file_name),
            );
        }
        self.write(rows)?;
        Ok(id)
    }

    /// A published report by id or unique id prefix (6+ characters).
    pub fn find_published(&self, key: &str) -> Result<String> {
        self.find_by_id(
            "published_report",
            "deleted = 0",
            Entity::PublishedReport,
            key,
        )
    }

    /// Every published report, the latest first.
    pub fn published_reports(&self) -> Result<Vec<PublishedReportView>> {
        let ids: Vec<String> = self
            .conn()
            .prepare_cached(
                "SELECT id FROM published_report WHERE deleted = 0
                 ORDER BY published_at DESC, stamp DESC, id",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.iter().map(|id| self.published_report(id)).collect()
    }

    /// One published report (id or unique prefix) with its files.
    pub fn published_report(&self, key: &str) -> Result<PublishedReportView> {
        let id = self.find_published(key)?;
        let mut view = self.conn().query_row(
            "SELECT r.id, r.kind, r.period, r.title, p.name, r.published_at
             FROM published_report r LEFT JOIN person p ON p.id = r.published_by
             WHERE r.id = ?1",
            [&id],
            |r| {
                Ok(PublishedReportView {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    period: r.get(2)?,
                    title: r.get(3)?,
                    published_by: r.get(4)?,
                    published_at: r.get(5)?,
                    files: Vec::new(),
                })
            },
        )?;
        let blobs = self.blobs();
        view.files = self
            .conn()
            .prepare_cached(
                "SELECT format, file_name, size, blob_hash FROM published_file
                 WHERE report_id = ?1 AND deleted = 0
                 ORDER BY CASE format WHEN 'pdf' THEN 0 WHEN 'docx' THEN 1 ELSE 2 END,
                          stamp, id",
            )?
            .query_map([&id], |r| {
                let hash: String = r.get(3)?;
                Ok(PublishedFileView {
                    format: r.get(0)?,
                    file_name: r.get(1)?,
                    size: r.get(2)?,
                    available: BlobHash::parse(&hash).is_some_and(|h| blobs.has(&h)),
                    hash,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(view)
    }

    /// The file of `format` of a published report, and its blob's hash (the
    /// app looks before it asks where to save it).
    pub fn published_file(&self, key: &str, format: &str) -> Result<(PublishedFileView, BlobHash)> {
        let report = self.published_report(key)?;
        let held: Vec<&str> = report.files.iter().map(|f| f.format.as_str()).collect();
        let Some(file) = report.files.iter().find(|f| f.format == format) else {
            return Err(Refusal::not_one_of(format, Vocabulary::Format, &held).into());
        };
        // A malformed hash (from another replica) names no blob.
        let hash = BlobHash::parse(&file.hash).ok_or_else(|| damaged(&file.file_name))?;
        Ok((file.clone(), hash))
    }

    /// The bytes of a published report's file, checked against their hash;
    /// refused while they have not arrived on this computer.
    pub fn published_bytes(&self, key: &str, format: &str) -> Result<(PublishedFileView, Vec<u8>)> {
        let (file, hash) = self.published_file(key, format)?;
        let bytes = self.blobs().read(&hash, &file.file_name)?;
        Ok((file, bytes))
    }

    /// Write a published report's file to `dest` (through a temporary file,
    /// checked against its hash: damaged or absent content leaves `dest` as
    /// it was).
    pub fn save_published(
        &self,
        key: &str,
        format: &str,
        dest: &Path,
    ) -> Result<PublishedFileView> {
        let (file, hash) = self.published_file(key, format)?;
        self.blobs().copy_out(&hash, &file.file_name, dest)?;
        Ok(file)
    }
}
