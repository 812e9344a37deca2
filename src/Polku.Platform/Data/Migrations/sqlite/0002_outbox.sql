-- Outbox (spec 04): everything that leaves Polku, written in the business transaction, delivered by a worker.
CREATE TABLE IF NOT EXISTS outbox_messages (
    id TEXT NOT NULL PRIMARY KEY,
    created_utc TEXT NOT NULL,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NULL,
    body TEXT NOT NULL,
    dedupe_key TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_utc TEXT NOT NULL,
    lease_until_utc TEXT NULL,
    sent_utc TEXT NULL,
    last_error TEXT NULL,
    attachment_name TEXT NULL,
    attachment_content_type TEXT NULL,
    attachment_base64 TEXT NULL
);
-- The same notification is never enqueued twice for one recipient.
CREATE UNIQUE INDEX IF NOT EXISTS ux_outbox_messages_dedupe ON outbox_messages (dedupe_key, channel, recipient);
CREATE INDEX IF NOT EXISTS ix_outbox_messages_due ON outbox_messages (status, next_attempt_utc);
CREATE INDEX IF NOT EXISTS ix_outbox_messages_created ON outbox_messages (created_utc);
