-- Steerco schema 20: the search index's terms, each occurrence a row
-- (term, doc, col, offset), read by search.rs to rank the hits itself: a
-- common word's matches are counted from here in one pass instead of FTS5's
-- bm25 looking up every match's size. A view of the index (fts5vocab), so it
-- holds no data of its own and is never out of date.
CREATE VIRTUAL TABLE search_terms USING fts5vocab(search_index, instance);
