-- Steerco schema 1: the portfolio core.
-- Synced tables have a text `id` (UUID) and a `deleted` tombstone flag; rows are
-- never removed, so a late change always finds its row. They are written only by
-- the write path (src/write.rs), which logs every field it sets in `change`.
-- Two columns of every synced table belong to the write path, derived from the log:
--   stamp  the clock stamp of the row's insert (also the tie-break of
--          append-only rows recorded in the same instant);
--   clock  JSON {field: stamp} of fields changed since the insert,
--          so the stamp a change replaces is read from the row, not the log.
PRAGMA application_id = 1398031698; -- 'STER': marks the file as a Steerco workspace

CREATE TABLE workspace (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    time_zone TEXT NOT NULL DEFAULT 'Europe/Copenhagen',
    planned_initiatives INTEGER,
    source TEXT,
    sample INTEGER NOT NULL DEFAULT 0,
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE person (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    email TEXT,
    organisation TEXT,
    sample INTEGER NOT NULL DEFAULT 0,
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE focus_area (
    id TEXT PRIMARY KEY NOT NULL,
    number INTEGER NOT NULL DEFAULT 0,
    track INTEGER,
    name_da TEXT NOT NULL DEFAULT '',
    name_en TEXT,
    name_en_verified INTEGER NOT NULL DEFAULT 0,
    source TEXT,
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE initiative (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL DEFAULT '',
    code_verified INTEGER NOT NULL DEFAULT 1,
    title TEXT,
    title_verified INTEGER NOT NULL DEFAULT 1,
    title_en TEXT,
    title_en_verified INTEGER NOT NULL DEFAULT 0,
    description TEXT,
    focus_area_id TEXT REFERENCES focus_area(id),
    lead TEXT,
    phase TEXT,
    start_date TEXT,
    end_date TEXT,
    source TEXT,
    note TEXT,
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX initiative_code ON initiative(code);

-- Append-only: an update is never edited, a newer one supersedes it.
CREATE TABLE status_update (
    id TEXT PRIMARY KEY NOT NULL,
    initiative_id TEXT NOT NULL REFERENCES initiative(id),
    dimension TEXT NOT NULL,
    rag TEXT NOT NULL,
    reason TEXT,
    date TEXT NOT NULL,
    author_id TEXT REFERENCES person(id),
    recorded_at TEXT NOT NULL,
    sample INTEGER NOT NULL DEFAULT 0,
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX status_update_latest ON status_update(initiative_id, dimension, date, recorded_at, stamp);

CREATE TABLE milestone (
    id TEXT PRIMARY KEY NOT NULL,
    initiative_id TEXT NOT NULL REFERENCES initiative(id),
    title TEXT NOT NULL DEFAULT '',
    planned_date TEXT,
    done_date TEXT,
    sample INTEGER NOT NULL DEFAULT 0,
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX milestone_initiative ON milestone(initiative_id);

-- Append-only history of a milestone's planned date (the first row is the original plan).
CREATE TABLE milestone_plan (
    id TEXT PRIMARY KEY NOT NULL,
    milestone_id TEXT NOT NULL REFERENCES milestone(id),
    planned_date TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    author_id TEXT REFERENCES person(id),
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX milestone_plan_milestone ON milestone_plan(milestone_id);

-- The change log: one row per row-change, its fields as a JSON object
-- {field: new value}, `prev` as {field: stamp of the value it replaced}
-- (absent for inserts). `hlc` is the change's hybrid-logical-clock stamp,
-- whose last 16 characters are the replica id.
CREATE TABLE change (
    seq INTEGER PRIMARY KEY,
    hlc TEXT NOT NULL,
    author_id TEXT,
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL,
    op TEXT NOT NULL,
    fields TEXT NOT NULL,
    prev TEXT
);
-- Row ids are UUIDs, unique across tables: the row id alone finds a row's history.
CREATE INDEX change_row ON change(row_id);

-- The log, one row per field: table, row, field, new value, stamp, replica and
-- the stamp of the value it replaced.
CREATE VIEW field_change AS
SELECT c.seq, c.hlc, substr(c.hlc, 20) AS replica, c.author_id, c.tbl, c.row_id, c.op,
       j.key AS field, j.value AS value, j.type AS value_type,
       json_extract(c.prev, '$."' || j.key || '"') AS prev_hlc
FROM change AS c, json_each(c.fields) AS j;

-- Local-only state: replica id, who I am, clock, settings. Never synced or exported.
CREATE TABLE local_setting (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
