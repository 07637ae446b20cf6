-- Steerco schema 18: the dashboard counts its overdue actions (it shows only
-- the first few) along a narrow index of open actions by due date that holds
-- only what the count reads and checks, instead of walking the wide one of
-- migration 16, whose pages also hold every action's text and description.
CREATE INDEX outcome_open_due_narrow ON outcome(
    due_date, meeting_id, board_committee_id, task_state, kind, deleted
) WHERE kind = 'action' AND deleted = 0 AND task_state != 'done' AND due_date IS NOT NULL;
