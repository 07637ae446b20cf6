-- Old history, compressed (#21): the oldest changes of change_log move, 512
-- consecutive seqs at a time, into one zlib-compressed block
-- (crates/steerco-store/src/changelog/cold.rs writes and reads them; the
-- newest 2,048 changes always stay in change_log). Every change stays in the
-- log: the app reads both. The views `change` and `field_change` show the
-- changes still in change_log.

-- `data` the block's changes column by column, compressed; `writers` the
-- block's distinct [author, replica, newest at] as JSON, author null for
-- changes that name none (read without decompressing: who wrote from which
-- replica, which blocks hold a replica's changes, its newest stamp).
CREATE TABLE change_block (
    first_seq INTEGER PRIMARY KEY,
    last_seq INTEGER NOT NULL,
    count INTEGER NOT NULL,
    writers TEXT NOT NULL,
    data BLOB NOT NULL
);

-- Which blocks hold changes of a row, by a 32-bit hash of the row's id.
CREATE TABLE change_block_row (
    row_hash INTEGER NOT NULL,
    block INTEGER NOT NULL,
    PRIMARY KEY (row_hash, block)
) WITHOUT ROWID;
