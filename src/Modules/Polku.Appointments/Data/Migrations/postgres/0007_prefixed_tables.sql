-- Table names prefixed by module (issue 11, ADR 0010): every table of the appointments module starts with appointment_.
-- Renaming a table keeps the foreign keys that point to it; the primary-key, foreign-key and index names are renamed
-- with it, so that every name says which table it belongs to (as on SQLite, where the indexes are recreated).
-- appointments becomes appointment_bookings (one row per appointment: held, booked, cancelled, completed …);
-- appointment_schedules, _slots, _changes, _waitlist, _waitlist_offers and _remote_visits already have the prefix.
ALTER TABLE appointments RENAME TO appointment_bookings;
ALTER TABLE appointment_bookings RENAME CONSTRAINT appointments_pkey TO appointment_bookings_pkey;
ALTER INDEX ix_appointments_reminder_due RENAME TO ix_appointment_bookings_reminder_due;
ALTER INDEX ix_appointments_resident_id_start_utc RENAME TO ix_appointment_bookings_resident_id_start_utc;
ALTER INDEX ix_appointments_slot_id_status RENAME TO ix_appointment_bookings_slot_id_status;
ALTER INDEX ix_appointments_staff_id_start_utc RENAME TO ix_appointment_bookings_staff_id_start_utc;
ALTER INDEX ix_appointments_status_hold_until_utc RENAME TO ix_appointment_bookings_status_hold_until_utc;
ALTER INDEX ix_appointments_unit_id_start_utc RENAME TO ix_appointment_bookings_unit_id_start_utc;
ALTER INDEX ix_appointments_video_room_id RENAME TO ix_appointment_bookings_video_room_id;

ALTER TABLE booking_rights RENAME TO appointment_booking_rights;
ALTER TABLE appointment_booking_rights RENAME CONSTRAINT booking_rights_pkey TO appointment_booking_rights_pkey;
ALTER INDEX ix_booking_rights_resident_id_until_utc RENAME TO ix_appointment_booking_rights_resident_id_until_utc;
ALTER INDEX ix_booking_rights_source_source_id RENAME TO ix_appointment_booking_rights_source_source_id;

ALTER TABLE booking_invitations RENAME TO appointment_booking_invitations;
ALTER TABLE appointment_booking_invitations RENAME CONSTRAINT booking_invitations_pkey TO appointment_booking_invitations_pkey;
ALTER INDEX ix_booking_invitations_task_completed_utc RENAME TO ix_appointment_booking_invitations_task_completed_utc;
ALTER INDEX ix_booking_invitations_task_id RENAME TO ix_appointment_booking_invitations_task_id;

ALTER TABLE calendar_feeds RENAME TO appointment_calendar_feeds;
ALTER TABLE appointment_calendar_feeds RENAME CONSTRAINT calendar_feeds_pkey TO appointment_calendar_feeds_pkey;
ALTER INDEX ix_calendar_feeds_token RENAME TO ix_appointment_calendar_feeds_token;
