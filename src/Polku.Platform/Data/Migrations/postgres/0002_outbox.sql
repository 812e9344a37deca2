-- Outbox (spec 04): everything that leaves Polku, written in the business transaction, delivered by a worker.
CREATE TABLE IF NOT EXISTS outbox_messages (
    id uuid PRIMARY KEY,
    created_utc timestamptz NOT NULL,
    channel varchar(10) NOT NULL,
    recipient varchar(500) NOT NULL,
    subject varchar(300) NULL,
    body text NOT NULL,
    dedupe_key varchar(200) NOT NULL,
    status varchar(10) NOT NULL,
    attempts integer NOT NULL,
    next_attempt_utc timestamptz NOT NULL,
    lease_until_utc timestamptz NULL,
    sent_utc timestamptz NULL,
    last_error varchar(2000) NULL,
    attachment_name varchar(200) NULL,
    attachment_content_type varchar(100) NULL,
    attachment_base64 text NULL
);
-- The same notification is never enqueued twice for one recipient.
CREATE UNIQUE INDEX IF NOT EXISTS ux_outbox_messages_dedupe ON outbox_messages (dedupe_key, channel, recipient);
CREATE INDEX IF NOT EXISTS ix_outbox_messages_due ON outbox_messages (status, next_attempt_utc);
CREATE INDEX IF NOT EXISTS ix_outbox_messages_created ON outbox_messages (created_utc);
