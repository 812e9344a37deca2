-- Ticket search keeps each ticket's tsvector in a stored generated column (B9, bench/README.md). With 0002's expression
-- index, a search whose word is neither rare nor very common (in about 0.3-3 % of the tickets) is planned as a
-- backward scan of ix_sm_tickets_opened (newest first, stop at the page) that computes to_tsvector for every row it
-- passes: at 1 % that is several thousand rows at about 30 µs each, 90 ms for one page. Stored, the vector is computed
-- once when a ticket is written and the scan only matches it (about 1 µs a row); the GIN index moves to the column.
-- Adding the column rewrites sm_tickets once (about a minute per million tickets, the table locked meanwhile).
-- SQLite needs no change: its FTS5 table already holds the tokens and the list only intersects row ids.
ALTER TABLE sm_tickets ADD COLUMN IF NOT EXISTS search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', number || ' ' || title || ' ' || description)) STORED;
CREATE INDEX IF NOT EXISTS ix_sm_tickets_search_vector ON sm_tickets USING gin (search_vector);
DROP INDEX IF EXISTS ix_sm_tickets_search;
