-- Steerco schema 4: conflicts become workspace data. They are written through
-- the write path and sync like the rest (schema 3 kept them per replica).
-- The old rows are adopted through the write path when the store opens,
-- then the old table is dropped (see conflict::adopt_local_conflicts).
ALTER TABLE conflict RENAME TO conflict_v3;

CREATE TABLE conflict (
    id TEXT PRIMARY KEY NOT NULL,
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL,
    field TEXT NOT NULL,
    winner_hlc TEXT NOT NULL,
    winner_value TEXT,
    loser_hlc TEXT NOT NULL,
    loser_value TEXT,
    resolved INTEGER NOT NULL DEFAULT 0,
    resolution TEXT,
    resolved_by TEXT,
    resolved_at TEXT,
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX conflict_open ON conflict(resolved);
