-- Steerco schema 13: papers attached to agenda items.
--
-- The rows are synced like any other; the bytes are not in the change log:
-- they live in a content-addressed blob store beside the workspace file
-- (blobs.rs), named by the SHA-256 of the content a version records.

CREATE TABLE attachment (
    id TEXT PRIMARY KEY NOT NULL,
    agenda_item_id TEXT NOT NULL REFERENCES agenda_item(id),
    title TEXT NOT NULL,
    author_id TEXT REFERENCES person(id),
    recorded_at TEXT NOT NULL,
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX attachment_item ON attachment(agenda_item_id);

-- Every version of an attachment, kept: a replace adds one, the highest
-- number is in force. Append-only, so concurrent replaces are a union.
CREATE TABLE attachment_version (
    id TEXT PRIMARY KEY NOT NULL,
    attachment_id TEXT NOT NULL REFERENCES attachment(id),
    version INTEGER NOT NULL CHECK (version >= 1),
    blob_hash TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size >= 0),
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    -- A file that could run (by its name or its first bytes): offered for
    -- saving only, never opened.
    executable INTEGER NOT NULL DEFAULT 0,
    author_id TEXT REFERENCES person(id),
    recorded_at TEXT NOT NULL,
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX attachment_version_of ON attachment_version(attachment_id, version);
CREATE INDEX attachment_version_blob ON attachment_version(blob_hash);

-- The largest file an attachment may hold, in bytes; NULL: 100 MiB.
ALTER TABLE workspace ADD COLUMN attachment_limit INTEGER;
