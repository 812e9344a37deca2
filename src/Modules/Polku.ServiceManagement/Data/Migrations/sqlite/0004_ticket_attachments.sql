-- Ticket attachments (issue 15): files uploaded with a ticket or with a comment, checked by the platform's upload rules
-- (type from the content, safe name, size). The bytes are in the row so that every node serves every file; the lists
-- read the other columns only. entry_id is the history line (the opening or a comment) the file came with; a file on
-- an internal comment is internal (visible_to_reporter 0).
CREATE TABLE IF NOT EXISTS sm_ticket_attachments (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES sm_tickets (id) ON DELETE CASCADE,
    entry_id TEXT NULL REFERENCES sm_ticket_entries (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    content BLOB NOT NULL,
    uploaded_by_staff_id TEXT NULL,
    uploaded_by_name TEXT NOT NULL,
    uploaded_utc TEXT NOT NULL,
    visible_to_reporter INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_sm_ticket_attachments_ticket_id_uploaded ON sm_ticket_attachments (ticket_id, uploaded_utc);
CREATE INDEX IF NOT EXISTS ix_sm_ticket_attachments_entry_id ON sm_ticket_attachments (entry_id);

-- The language the reporter last wrote to the desk in (fi, sv, en), for the e-mails the desk's answers send them; staff
-- have no language of their own. Null (Finnish) for tickets the desk or monitoring opened.
ALTER TABLE sm_tickets ADD COLUMN reporter_language TEXT NULL;
