-- Steerco schema 7: a backlog of proposed topics per committee. A topic is
-- scheduled by putting it on a meeting's agenda (meeting_id set).
CREATE TABLE topic (
    id TEXT PRIMARY KEY NOT NULL,
    committee_id TEXT NOT NULL REFERENCES committee(id),
    title TEXT NOT NULL,
    note TEXT,
    proposed_by TEXT REFERENCES person(id),
    recorded_at TEXT NOT NULL,
    meeting_id TEXT REFERENCES meeting(id),
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX topic_committee ON topic(committee_id);
