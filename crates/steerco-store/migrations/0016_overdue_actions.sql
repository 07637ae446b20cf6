-- Steerco schema 16: the dashboard's overdue actions without a scan of every
-- outcome. Open actions with a due date, by due date, holding every column
-- the list reads (kind and deleted too: SQLite reads a column its query names
-- from the table unless the index holds it), so the overdue list is one walk
-- along this index, with no look-up of each row and no sort; done, deleted
-- and undated actions are not in it.
CREATE INDEX outcome_open_by_due ON outcome(
    due_date, id, task_state, text, owner_id, meeting_id, initiative_id,
    board_committee_id, description, kind, deleted
) WHERE kind = 'action' AND deleted = 0 AND task_state != 'done' AND due_date IS NOT NULL;
