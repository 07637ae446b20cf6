-- The change log in a compact encoding (#21): the same changes, about a third
-- of the bytes. crates/steerco-store/src/changelog/ writes and reads it; a
-- step in Rust (changelog/convert.rs) moves the old log's rows over and drops
-- `change_v16` in this migration's transaction.
DROP VIEW field_change;
ALTER TABLE change RENAME TO change_v16;
DROP INDEX change_row;

-- Replica ids, author ids, table and field names, each stored once.
CREATE TABLE change_word (
    n INTEGER PRIMARY KEY,
    word TEXT NOT NULL UNIQUE
);

-- One row change: `at` is the stamp's millis * 65536 + counter, `replica`
-- its replica's word; `author` and `tbl` words; `op` 0 insert, 1 update,
-- 2 delete, 3 restore; `row_id` a UUID's 16 bytes or the id's text;
-- `fields` a JSON object of the new values keyed by field words; `prev` the
-- same keys, each the stamp the value replaced as [at, replica word] (or, for
-- a merged text, its list of stamps as text).
CREATE TABLE change_log (
    seq INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    replica INTEGER NOT NULL,
    author INTEGER,
    tbl INTEGER NOT NULL,
    op INTEGER NOT NULL,
    row_id NOT NULL,
    fields TEXT NOT NULL,
    prev TEXT
);
CREATE INDEX change_log_row ON change_log(row_id);

-- The log in its old, readable form, for people looking into the file with
-- sqlite3 (the app reads change_log through changelog/).
CREATE VIEW change AS
SELECT l.seq AS seq,
       printf('%013d-%04x-', l.at >> 16, l.at & 65535) || r.word AS hlc,
       a.word AS author_id,
       t.word AS tbl,
       CASE WHEN typeof(l.row_id) = 'blob' THEN
           lower(substr(hex(l.row_id), 1, 8) || '-' || substr(hex(l.row_id), 9, 4) || '-' ||
                 substr(hex(l.row_id), 13, 4) || '-' || substr(hex(l.row_id), 17, 4) || '-' ||
                 substr(hex(l.row_id), 21))
       ELSE l.row_id END AS row_id,
       CASE l.op WHEN 0 THEN 'insert' WHEN 1 THEN 'update' WHEN 2 THEN 'delete' ELSE 'restore' END AS op,
       (SELECT json_group_object(k.word, j.value)
          FROM json_each(l.fields) AS j JOIN change_word AS k ON k.n = CAST(j.key AS INTEGER)) AS fields,
       CASE WHEN l.prev IS NOT NULL THEN
           (SELECT json_group_object(k.word,
                   CASE WHEN j.type = 'array' THEN
                       printf('%013d-%04x-', json_extract(j.value, '$[0]') >> 16,
                              json_extract(j.value, '$[0]') & 65535) ||
                       (SELECT word FROM change_word WHERE n = json_extract(j.value, '$[1]'))
                   ELSE j.value END)
              FROM json_each(l.prev) AS j JOIN change_word AS k ON k.n = CAST(j.key AS INTEGER))
       END AS prev
FROM change_log AS l
JOIN change_word AS r ON r.n = l.replica
JOIN change_word AS t ON t.n = l.tbl
LEFT JOIN change_word AS a ON a.n = l.author;

-- One row per field, as before.
CREATE VIEW field_change AS
SELECT c.seq, c.hlc, substr(c.hlc, 20) AS replica, c.author_id, c.tbl, c.row_id, c.op,
       j.key AS field, j.value AS value, j.type AS value_type,
       json_extract(c.prev, '$."' || j.key || '"') AS prev_hlc
FROM change AS c, json_each(c.fields) AS j;
