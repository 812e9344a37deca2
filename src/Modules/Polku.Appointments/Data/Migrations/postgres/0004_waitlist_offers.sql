-- Waitlist offers: each freed slot offered to a waitlist entry, once per entry and slot (the unique index makes a
-- second node's identical offer fail instead of offering twice), with the outcome.
CREATE TABLE IF NOT EXISTS appointment_waitlist_offers (
    id uuid NOT NULL PRIMARY KEY,
    entry_id uuid NOT NULL,
    slot_id uuid NOT NULL,
    hold_appointment_id uuid NOT NULL,
    offered_utc timestamptz NOT NULL,
    until_utc timestamptz NOT NULL,
    outcome varchar(20) NULL,
    decided_utc timestamptz NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ix_appointment_waitlist_offers_entry_id_slot_id ON appointment_waitlist_offers (entry_id, slot_id);
CREATE INDEX IF NOT EXISTS ix_appointment_waitlist_offers_hold_appointment_id ON appointment_waitlist_offers (hold_appointment_id);
