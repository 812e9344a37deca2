-- Attachment content in the database (the default attachment store), so that any node serves any download. A table
-- of its own: listing threads and messages reads message_attachments only, never the bytes.
CREATE TABLE IF NOT EXISTS message_attachment_blobs (
    attachment_id TEXT NOT NULL PRIMARY KEY REFERENCES message_attachments (id) ON DELETE CASCADE,
    content BLOB NOT NULL
);
