-- Interop: the reminder job looks for booked appointments without a reminder in the next couple of days, and a
-- professional's calendar feed lists their own appointments by start. Indexes only; the model needs no change.
CREATE INDEX IF NOT EXISTS ix_appointments_reminder_due ON appointments (start_utc) WHERE status = 'Booked' AND reminder_sent_utc IS NULL;
CREATE INDEX IF NOT EXISTS ix_appointments_staff_id_start_utc ON appointments (staff_id, start_utc);
