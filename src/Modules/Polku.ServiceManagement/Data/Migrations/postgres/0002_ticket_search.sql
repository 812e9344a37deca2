-- Full-text search of tickets (issue 15: fast at a million tickets). PostgreSQL: a GIN index on the same expression the
-- search query uses, with the 'simple' configuration (Finnish, Swedish and English text alike; prefixes match words'
-- inflected forms).
CREATE INDEX IF NOT EXISTS ix_sm_tickets_search ON sm_tickets USING gin (to_tsvector('simple', number || ' ' || title || ' ' || description));
