-- Steerco schema 15: published reports.
--
-- Publishing a chair's report keeps the files it was rendered to as a record
-- that never changes, while the live report moves on with the data. Both
-- tables are append-only (the write path and the merge refuse updates and
-- deletes); the files' bytes live in the blob store beside the workspace
-- (blobs.rs) and sync like papers, a row names them by SHA-256.

CREATE TABLE published_report (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('status', 'deliverables', 'highlight')),
    -- What the report covers: '2026', '2026-H1', or an initiative's code and
    -- a period ('8.1 2026-03') as they were when it was published.
    period TEXT NOT NULL,
    title TEXT NOT NULL,
    published_by TEXT REFERENCES person(id),
    published_at TEXT NOT NULL,
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX published_report_when ON published_report(published_at);

CREATE TABLE published_file (
    id TEXT PRIMARY KEY NOT NULL,
    report_id TEXT NOT NULL REFERENCES published_report(id),
    format TEXT NOT NULL CHECK (format IN ('pdf', 'docx', 'md')),
    blob_hash TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size >= 0),
    file_name TEXT NOT NULL,
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX published_file_report ON published_file(report_id, format);
CREATE INDEX published_file_blob ON published_file(blob_hash);
