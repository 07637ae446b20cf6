-- Steerco schema 6: attendance, and full-text search over the minutes.

-- Who was invited, present or sent apologies; the id comes from
-- (meeting, person), so two replicas recording one person address one row.
CREATE TABLE attendance (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meeting(id),
    person_id TEXT NOT NULL REFERENCES person(id),
    status TEXT NOT NULL CHECK (status IN ('invited', 'present', 'apologies')),
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX attendance_meeting ON attendance(meeting_id);

-- Local, derived: a full-text index of outcomes (notes, decisions, actions)
-- and agenda item titles, kept by triggers (it is not synced data; every
-- replica builds its own). Rule for letters: case is ignored, accents are
-- not: æ, ø and å are letters of their own (unicode61 without diacritic
-- removal), so "sa" does not find "så". Rowids: outcome rowid * 2, agenda
-- item rowid * 2 + 1.
CREATE VIRTUAL TABLE search_index USING fts5(
    body, kind UNINDEXED, row_id UNINDEXED, meeting_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 0'
);

INSERT INTO search_index (rowid, body, kind, row_id, meeting_id)
    SELECT rowid * 2, text, kind, id, meeting_id FROM outcome WHERE deleted = 0;
INSERT INTO search_index (rowid, body, kind, row_id, meeting_id)
    SELECT rowid * 2 + 1, title, 'agenda', id, meeting_id FROM agenda_item WHERE deleted = 0;

CREATE TRIGGER outcome_search_insert AFTER INSERT ON outcome WHEN new.deleted = 0 BEGIN
    INSERT INTO search_index (rowid, body, kind, row_id, meeting_id)
        VALUES (new.rowid * 2, new.text, new.kind, new.id, new.meeting_id);
END;
CREATE TRIGGER outcome_search_update AFTER UPDATE OF text, deleted ON outcome BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 2;
    INSERT INTO search_index (rowid, body, kind, row_id, meeting_id)
        SELECT new.rowid * 2, new.text, new.kind, new.id, new.meeting_id WHERE new.deleted = 0;
END;
CREATE TRIGGER agenda_search_insert AFTER INSERT ON agenda_item WHEN new.deleted = 0 BEGIN
    INSERT INTO search_index (rowid, body, kind, row_id, meeting_id)
        VALUES (new.rowid * 2 + 1, new.title, 'agenda', new.id, new.meeting_id);
END;
CREATE TRIGGER agenda_search_update AFTER UPDATE OF title, deleted ON agenda_item BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 2 + 1;
    INSERT INTO search_index (rowid, body, kind, row_id, meeting_id)
        SELECT new.rowid * 2 + 1, new.title, 'agenda', new.id, new.meeting_id
        WHERE new.deleted = 0;
END;
