-- Steerco schema 2: budget and actual spend per initiative and year (DKK).
-- The row id is derived from (initiative, year), so two replicas that enter
-- the same year's budget address the same row instead of creating two.
CREATE TABLE initiative_year (
    id TEXT PRIMARY KEY NOT NULL,
    initiative_id TEXT NOT NULL REFERENCES initiative(id),
    year INTEGER NOT NULL,
    budget INTEGER,
    actual INTEGER,
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX initiative_year_initiative ON initiative_year(initiative_id, year);
