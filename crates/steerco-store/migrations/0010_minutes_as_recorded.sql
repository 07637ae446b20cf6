-- Steerco schema 10: the minutes as recorded, apart from the tasks they start.
-- An action's owner and due date as decided in the meeting; the task's own
-- owner_id and due_date move on (reassigned, postponed) without touching the
-- minutes. Rows recorded before this version have none: their owner and due
-- date were never changed (no version before this one could), so the task's
-- values are the decided ones until a first reassignment fills these in.
ALTER TABLE outcome ADD COLUMN decided_owner_id TEXT REFERENCES person(id);
ALTER TABLE outcome ADD COLUMN decided_due_date TEXT;

-- The minutes an approval covers, as canonical JSON, kept with the approval's
-- event (append-only: concurrent approvals never make a conflict of it). The
-- meeting's minutes_hash is "v2:" and the SHA-256 of this text.
ALTER TABLE meeting_event ADD COLUMN minutes TEXT;
