-- Steerco schema 9: the tasks of one committee's board (the follow-up item of
-- every meeting lists them) without a scan of every outcome.
CREATE INDEX outcome_board ON outcome(board_committee_id, kind);
