-- Steerco schema 3: what replicas need to exchange changes.

-- Local: how far each other replica's changes are applied (its changes arrive
-- in its own order, so one stamp per replica makes a merge idempotent).
CREATE TABLE sync_peer (
    replica TEXT PRIMARY KEY NOT NULL,
    last_hlc TEXT NOT NULL,
    last_segment INTEGER NOT NULL DEFAULT 0,
    applied_at TEXT NOT NULL
);

-- Local: changes received that cannot apply yet (a table or field of a newer
-- version, or a row that has not arrived): kept, retried after every merge.
CREATE TABLE pending_change (
    hlc TEXT PRIMARY KEY NOT NULL,
    record TEXT NOT NULL,
    reason TEXT NOT NULL
);

-- Local: concurrent edits of one field; the losing value is kept here so the
-- user can review and reverse the automatic resolution.
CREATE TABLE conflict (
    id TEXT PRIMARY KEY NOT NULL,
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL,
    field TEXT NOT NULL,
    winner_hlc TEXT NOT NULL,
    winner_value TEXT,
    loser_hlc TEXT NOT NULL,
    loser_value TEXT,
    detected_at TEXT NOT NULL,
    resolved INTEGER NOT NULL DEFAULT 0
);
