-- Steerco schema 23: the search index follows every column it copies. The
-- update triggers of migrations 6 and 12 fired on the text (title) and the
-- tombstone only, so a change of an outcome's kind or of a row's meeting
-- alone left the index with the old one (a hit shown as a note after it
-- became a decision, or under its old meeting); whether it did depended on
-- whether a later edit of the text came in the same statement (a merge
-- writes a row's updates together, row_cache.rs).
DROP TRIGGER outcome_search_update;
CREATE TRIGGER outcome_search_update AFTER UPDATE OF text, deleted, kind, meeting_id ON outcome BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 2;
    INSERT INTO search_index (rowid, body, kind, row_id, meeting_id)
        SELECT new.rowid * 2, new.text, new.kind, new.id, new.meeting_id WHERE new.deleted = 0;
END;
DROP TRIGGER agenda_search_update;
CREATE TRIGGER agenda_search_update AFTER UPDATE OF title, deleted, meeting_id ON agenda_item BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 2 + 1;
    INSERT INTO search_index (rowid, body, kind, row_id, meeting_id)
        SELECT new.rowid * 2 + 1, new.title, 'agenda', new.id, new.meeting_id
        WHERE new.deleted = 0;
END;

-- What the old triggers left behind: entries with another kind or meeting
-- than their row's are indexed again.
DELETE FROM search_index WHERE rowid IN (
    SELECT o.rowid * 2 FROM outcome o JOIN search_index s ON s.rowid = o.rowid * 2
    WHERE o.deleted = 0 AND (s.kind IS NOT o.kind OR s.meeting_id IS NOT o.meeting_id));
INSERT INTO search_index (rowid, body, kind, row_id, meeting_id)
    SELECT o.rowid * 2, o.text, o.kind, o.id, o.meeting_id FROM outcome o
    WHERE o.deleted = 0 AND NOT EXISTS (SELECT 1 FROM search_index s WHERE s.rowid = o.rowid * 2);
DELETE FROM search_index WHERE rowid IN (
    SELECT a.rowid * 2 + 1 FROM agenda_item a JOIN search_index s ON s.rowid = a.rowid * 2 + 1
    WHERE a.deleted = 0 AND s.meeting_id IS NOT a.meeting_id);
INSERT INTO search_index (rowid, body, kind, row_id, meeting_id)
    SELECT a.rowid * 2 + 1, a.title, 'agenda', a.id, a.meeting_id FROM agenda_item a
    WHERE a.deleted = 0 AND NOT EXISTS (SELECT 1 FROM search_index s WHERE s.rowid = a.rowid * 2 + 1);
