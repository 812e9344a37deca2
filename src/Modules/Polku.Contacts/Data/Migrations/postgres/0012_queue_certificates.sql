-- Certificates gate work queues (issue 16, spec 07): a queue may require a valid certificate of a kind the Training
-- module defines; a membership whose certificate is no longer valid lapses, and the lapse is kept so the desk can say
-- why. Warnings 30 and 7 days before expiry are sent once each: the primary key decides across nodes.
ALTER TABLE contacts_work_queues ADD COLUMN IF NOT EXISTS required_certificate varchar(60) NULL;

CREATE TABLE IF NOT EXISTS contacts_queue_lapses (
    id uuid NOT NULL PRIMARY KEY,
    queue_id uuid NOT NULL REFERENCES contacts_work_queues (id) ON DELETE CASCADE,
    staff_id uuid NOT NULL,
    certificate_kind varchar(60) NOT NULL,
    certificate_expired_utc timestamptz NULL,
    lapsed_utc timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_contacts_queue_lapses_staff_id_lapsed_utc ON contacts_queue_lapses (staff_id, lapsed_utc);
CREATE INDEX IF NOT EXISTS ix_contacts_queue_lapses_queue_id_lapsed_utc ON contacts_queue_lapses (queue_id, lapsed_utc);

CREATE TABLE IF NOT EXISTS contacts_certificate_warnings (
    staff_id uuid NOT NULL,
    certificate_kind varchar(60) NOT NULL,
    expires_utc timestamptz NOT NULL,
    days_ahead integer NOT NULL,
    sent_utc timestamptz NOT NULL,
    PRIMARY KEY (staff_id, certificate_kind, expires_utc, days_ahead)
);
