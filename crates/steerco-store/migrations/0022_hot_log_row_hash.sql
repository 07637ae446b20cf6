-- Steerco schema 22 (#21): the uncompressed change log finds a row's changes
-- by the same 32-bit hash of its id that `change_block_row` uses, instead of
-- by the id itself (up to 16 bytes): an index entry of a few bytes makes
-- every logged change (written or merged) cheaper to index. Readers compare
-- the id too, so a collision only costs reading one more change.
-- changelog/mod.rs computes the hash (FNV-1a of the id's text); this
-- migration's step in Rust fills it for the changes already logged.
DROP INDEX change_log_row;
ALTER TABLE change_log ADD COLUMN row_hash INTEGER;
CREATE INDEX change_log_row_hash ON change_log(row_hash);
