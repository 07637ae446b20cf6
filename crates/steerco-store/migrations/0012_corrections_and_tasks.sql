-- Steerco schema 12: correcting the record, and tasks of their own.
--
-- A cancelled meeting is kept (its agenda, attendance and invitation stay
-- readable) and shown as cancelled; a flag beside the state, so the state
-- machine's CHECK stays as it was and a cancel merges like any other field.
ALTER TABLE meeting ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0;

-- A task of its own is an action that no meeting recorded: the outcome table
-- gets an optional meeting and agenda item (a rebuild, as SQLite cannot drop
-- NOT NULL) and a description. Rowids are kept: the search index is keyed by
-- them (outcome rowid * 2).
CREATE TABLE outcome_new (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT REFERENCES meeting(id),
    agenda_item_id TEXT REFERENCES agenda_item(id),
    kind TEXT NOT NULL CHECK (kind IN ('note', 'decision', 'action')),
    text TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    decision_status TEXT
        CHECK (decision_status IN ('proposed', 'adopted', 'rejected', 'superseded')),
    supersedes_id TEXT REFERENCES outcome(id),
    initiative_id TEXT REFERENCES initiative(id),
    owner_id TEXT REFERENCES person(id),
    due_date TEXT,
    task_state TEXT CHECK (task_state IN ('todo', 'doing', 'blocked', 'done')),
    board_committee_id TEXT REFERENCES committee(id),
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    decided_owner_id TEXT REFERENCES person(id),
    decided_due_date TEXT,
    description TEXT
);
INSERT INTO outcome_new (rowid, id, meeting_id, agenda_item_id, kind, text, recorded_at,
        decision_status, supersedes_id, initiative_id, owner_id, due_date, task_state,
        board_committee_id, stamp, clock, deleted, decided_owner_id, decided_due_date)
    SELECT rowid, id, meeting_id, agenda_item_id, kind, text, recorded_at,
        decision_status, supersedes_id, initiative_id, owner_id, due_date, task_state,
        board_committee_id, stamp, clock, deleted, decided_owner_id, decided_due_date
    FROM outcome;
DROP TABLE outcome;
ALTER TABLE outcome_new RENAME TO outcome;
CREATE INDEX outcome_meeting ON outcome(meeting_id, agenda_item_id);
CREATE INDEX outcome_task ON outcome(kind, task_state, due_date);
CREATE INDEX outcome_board ON outcome(board_committee_id, kind);
CREATE TRIGGER outcome_search_insert AFTER INSERT ON outcome WHEN new.deleted = 0 BEGIN
    INSERT INTO search_index (rowid, body, kind, row_id, meeting_id)
        VALUES (new.rowid * 2, new.text, new.kind, new.id, new.meeting_id);
END;
CREATE TRIGGER outcome_search_update AFTER UPDATE OF text, deleted ON outcome BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 2;
    INSERT INTO search_index (rowid, body, kind, row_id, meeting_id)
        SELECT new.rowid * 2, new.text, new.kind, new.id, new.meeting_id WHERE new.deleted = 0;
END;

-- A task's comment thread: append-only, so concurrent comments are a union.
CREATE TABLE task_comment (
    id TEXT PRIMARY KEY NOT NULL,
    task_id TEXT NOT NULL REFERENCES outcome(id),
    text TEXT NOT NULL,
    author_id TEXT REFERENCES person(id),
    recorded_at TEXT NOT NULL,
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX task_comment_task ON task_comment(task_id, recorded_at);
