-- Table names prefixed by module (issue 11, ADR 0010): every table of the appointments module starts with appointment_.
-- Renaming a table rewrites the foreign keys that point to it (SQLite 3.26+). SQLite cannot rename an index, so each
-- index is dropped and created again under its new name, the same name as on PostgreSQL.
-- appointments becomes appointment_bookings (one row per appointment: held, booked, cancelled, completed …);
-- appointment_schedules, _slots, _changes, _waitlist, _waitlist_offers and _remote_visits already have the prefix.
ALTER TABLE appointments RENAME TO appointment_bookings;
DROP INDEX ix_appointments_reminder_due;
CREATE INDEX ix_appointment_bookings_reminder_due ON appointment_bookings (start_utc) WHERE status = 'Booked' AND reminder_sent_utc IS NULL;
DROP INDEX ix_appointments_resident_id_start_utc;
CREATE INDEX ix_appointment_bookings_resident_id_start_utc ON appointment_bookings (resident_id, start_utc);
DROP INDEX ix_appointments_slot_id_status;
CREATE INDEX ix_appointment_bookings_slot_id_status ON appointment_bookings (slot_id, status);
DROP INDEX ix_appointments_staff_id_start_utc;
CREATE INDEX ix_appointment_bookings_staff_id_start_utc ON appointment_bookings (staff_id, start_utc);
DROP INDEX ix_appointments_status_hold_until_utc;
CREATE INDEX ix_appointment_bookings_status_hold_until_utc ON appointment_bookings (status, hold_until_utc);
DROP INDEX ix_appointments_unit_id_start_utc;
CREATE INDEX ix_appointment_bookings_unit_id_start_utc ON appointment_bookings (unit_id, start_utc);
DROP INDEX ix_appointments_video_room_id;
CREATE INDEX ix_appointment_bookings_video_room_id ON appointment_bookings (video_room_id);

ALTER TABLE booking_rights RENAME TO appointment_booking_rights;
DROP INDEX ix_booking_rights_resident_id_until_utc;
CREATE INDEX ix_appointment_booking_rights_resident_id_until_utc ON appointment_booking_rights (resident_id, until_utc);
DROP INDEX ix_booking_rights_source_source_id;
CREATE UNIQUE INDEX ix_appointment_booking_rights_source_source_id ON appointment_booking_rights (source, source_id);

ALTER TABLE booking_invitations RENAME TO appointment_booking_invitations;
DROP INDEX ix_booking_invitations_task_completed_utc;
CREATE INDEX ix_appointment_booking_invitations_task_completed_utc ON appointment_booking_invitations (task_completed_utc);
DROP INDEX ix_booking_invitations_task_id;
CREATE UNIQUE INDEX ix_appointment_booking_invitations_task_id ON appointment_booking_invitations (task_id);

ALTER TABLE calendar_feeds RENAME TO appointment_calendar_feeds;
DROP INDEX ix_calendar_feeds_token;
CREATE UNIQUE INDEX ix_appointment_calendar_feeds_token ON appointment_calendar_feeds (token);
