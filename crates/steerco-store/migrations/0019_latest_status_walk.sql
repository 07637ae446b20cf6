-- Steerco schema 19: the portfolio finds each dimension's latest status and
-- the one before it by walking an initiative's live updates newest first
-- along an index that holds everything the walk reads, so it never looks up
-- the table: per dimension it takes the first update (shown: its rag, date,
-- reason, sample) and the rag of the second (the trend) and passes the rest.
-- The reason is held too: looking up each shown update's reason in the table
-- cost more than the walk saved.
CREATE INDEX status_update_newest ON status_update(
    initiative_id, date DESC, recorded_at DESC, stamp DESC, dimension, rag, sample, reason
) WHERE deleted = 0;
