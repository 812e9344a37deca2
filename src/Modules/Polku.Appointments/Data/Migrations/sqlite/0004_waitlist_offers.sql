-- Waitlist offers: each freed slot offered to a waitlist entry, once per entry and slot (the unique index makes a
-- second node's identical offer fail instead of offering twice), with the outcome.
CREATE TABLE IF NOT EXISTS appointment_waitlist_offers (
    id TEXT NOT NULL PRIMARY KEY,
    entry_id TEXT NOT NULL,
    slot_id TEXT NOT NULL,
    hold_appointment_id TEXT NOT NULL,
    offered_utc TEXT NOT NULL,
    until_utc TEXT NOT NULL,
    outcome TEXT NULL,
    decided_utc TEXT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ix_appointment_waitlist_offers_entry_id_slot_id ON appointment_waitlist_offers (entry_id, slot_id);
CREATE INDEX IF NOT EXISTS ix_appointment_waitlist_offers_hold_appointment_id ON appointment_waitlist_offers (hold_appointment_id);
