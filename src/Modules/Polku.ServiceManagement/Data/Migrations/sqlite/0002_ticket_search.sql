-- Full-text search of tickets (issue 15: fast at a million tickets). SQLite: an FTS5 index over the tickets' number,
-- title and description (external content: the text is read from sm_tickets), kept by triggers.
CREATE VIRTUAL TABLE IF NOT EXISTS sm_tickets_fts USING fts5(number, title, description, content = 'sm_tickets', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 0');

CREATE TRIGGER IF NOT EXISTS sm_tickets_fts_insert AFTER INSERT ON sm_tickets BEGIN
    INSERT INTO sm_tickets_fts (rowid, number, title, description) VALUES (new.rowid, new.number, new.title, new.description);
END;

CREATE TRIGGER IF NOT EXISTS sm_tickets_fts_delete AFTER DELETE ON sm_tickets BEGIN
    INSERT INTO sm_tickets_fts (sm_tickets_fts, rowid, number, title, description) VALUES ('delete', old.rowid, old.number, old.title, old.description);
END;

CREATE TRIGGER IF NOT EXISTS sm_tickets_fts_update AFTER UPDATE OF number, title, description ON sm_tickets BEGIN
    INSERT INTO sm_tickets_fts (sm_tickets_fts, rowid, number, title, description) VALUES ('delete', old.rowid, old.number, old.title, old.description);
    INSERT INTO sm_tickets_fts (rowid, number, title, description) VALUES (new.rowid, new.number, new.title, new.description);
END;
