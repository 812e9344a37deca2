-- Appointments: schedules, materialised slots (capacity enforced by conditional update), appointments and their
-- history, booking rights, the waitlist and professionals' calendar feeds.
CREATE TABLE IF NOT EXISTS appointment_schedules (
    id TEXT NOT NULL PRIMARY KEY,
    unit_id TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    staff_id TEXT NULL,
    resource TEXT NULL,
    service_code TEXT NOT NULL,
    mode TEXT NOT NULL,
    pattern TEXT NOT NULL,
    slot_minutes INTEGER NOT NULL,
    buffer_before_minutes INTEGER NOT NULL,
    buffer_after_minutes INTEGER NOT NULL,
    capacity INTEGER NOT NULL,
    min_notice_minutes INTEGER NOT NULL,
    horizon_days INTEGER NOT NULL,
    cancel_notice_hours INTEGER NOT NULL,
    open_booking INTEGER NOT NULL,
    open_on_holidays INTEGER NOT NULL,
    exceptions TEXT NOT NULL,
    served_municipalities TEXT NOT NULL,
    active INTEGER NOT NULL,
    materialized_through TEXT NULL,
    created_utc TEXT NOT NULL,
    updated_utc TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_appointment_schedules_unit_id_service_code ON appointment_schedules (unit_id, service_code);
CREATE TABLE IF NOT EXISTS appointment_slots (
    id TEXT NOT NULL PRIMARY KEY,
    schedule_id TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    staff_id TEXT NULL,
    service_code TEXT NOT NULL,
    mode TEXT NOT NULL,
    served_municipalities TEXT NOT NULL,
    start_utc TEXT NOT NULL,
    end_utc TEXT NOT NULL,
    closes_utc TEXT NOT NULL,
    capacity INTEGER NOT NULL,
    taken INTEGER NOT NULL,
    open_booking INTEGER NOT NULL,
    blocked INTEGER NOT NULL,
    block_reason TEXT NULL,
    version INTEGER NOT NULL,
    CONSTRAINT ck_appointment_slots_taken CHECK (taken >= 0 AND taken <= capacity)
);
CREATE UNIQUE INDEX IF NOT EXISTS ix_appointment_slots_schedule_id_start_utc ON appointment_slots (schedule_id, start_utc);
CREATE INDEX IF NOT EXISTS ix_appointment_slots_service_code_start_utc ON appointment_slots (service_code, start_utc);
CREATE INDEX IF NOT EXISTS ix_appointment_slots_unit_id_start_utc ON appointment_slots (unit_id, start_utc);
CREATE TABLE IF NOT EXISTS appointments (
    id TEXT NOT NULL PRIMARY KEY,
    slot_id TEXT NOT NULL,
    resident_id TEXT NOT NULL,
    schedule_id TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    staff_id TEXT NULL,
    service_code TEXT NOT NULL,
    mode TEXT NOT NULL,
    start_utc TEXT NOT NULL,
    end_utc TEXT NOT NULL,
    status TEXT NOT NULL,
    hold_until_utc TEXT NULL,
    booked_by_kind TEXT NOT NULL,
    booked_by_id TEXT NULL,
    channel TEXT NOT NULL,
    booking_right_id TEXT NULL,
    override_reason TEXT NULL,
    idempotency_key TEXT NULL,
    cancelled_by_kind TEXT NULL,
    cancelled_by_id TEXT NULL,
    cancel_reason TEXT NULL,
    rescheduled_from_id TEXT NULL,
    outcome TEXT NULL,
    video_room_id TEXT NULL,
    waiting_note TEXT NULL,
    language TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    booked_utc TEXT NULL,
    checked_in_utc TEXT NULL,
    started_utc TEXT NULL,
    completed_utc TEXT NULL,
    cancelled_utc TEXT NULL,
    reminder_sent_utc TEXT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_appointments_resident_id_start_utc ON appointments (resident_id, start_utc);
CREATE INDEX IF NOT EXISTS ix_appointments_slot_id_status ON appointments (slot_id, status);
CREATE INDEX IF NOT EXISTS ix_appointments_unit_id_start_utc ON appointments (unit_id, start_utc);
CREATE INDEX IF NOT EXISTS ix_appointments_status_hold_until_utc ON appointments (status, hold_until_utc);
CREATE UNIQUE INDEX IF NOT EXISTS ix_appointments_resident_id_idempotency_key ON appointments (resident_id, idempotency_key);
CREATE TABLE IF NOT EXISTS appointment_changes (
    id TEXT NOT NULL PRIMARY KEY,
    appointment_id TEXT NOT NULL,
    at_utc TEXT NOT NULL,
    kind TEXT NOT NULL,
    by_kind TEXT NOT NULL,
    by_id TEXT NULL,
    detail TEXT NULL
);
CREATE INDEX IF NOT EXISTS ix_appointment_changes_appointment_id_at_utc ON appointment_changes (appointment_id, at_utc);
CREATE TABLE IF NOT EXISTS booking_rights (
    id TEXT NOT NULL PRIMARY KEY,
    resident_id TEXT NOT NULL,
    service_code TEXT NOT NULL,
    municipality_code TEXT NULL,
    unit_id TEXT NULL,
    source TEXT NOT NULL,
    source_id TEXT NULL,
    urgency TEXT NULL,
    from_utc TEXT NOT NULL,
    until_utc TEXT NOT NULL,
    granted_by_id TEXT NULL,
    task_id TEXT NULL,
    used_by_appointment_id TEXT NULL,
    created_utc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_booking_rights_resident_id_until_utc ON booking_rights (resident_id, until_utc);
CREATE UNIQUE INDEX IF NOT EXISTS ix_booking_rights_source_source_id ON booking_rights (source, source_id);
CREATE TABLE IF NOT EXISTS appointment_waitlist (
    id TEXT NOT NULL PRIMARY KEY,
    resident_id TEXT NOT NULL,
    appointment_id TEXT NOT NULL,
    schedule_id TEXT NOT NULL,
    state TEXT NOT NULL,
    offered_slot_id TEXT NULL,
    offer_until_utc TEXT NULL,
    created_utc TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_appointment_waitlist_schedule_id_state_created_utc ON appointment_waitlist (schedule_id, state, created_utc);
CREATE INDEX IF NOT EXISTS ix_appointment_waitlist_appointment_id ON appointment_waitlist (appointment_id);
CREATE TABLE IF NOT EXISTS calendar_feeds (
    staff_id TEXT NOT NULL PRIMARY KEY,
    token TEXT NOT NULL,
    created_utc TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ix_calendar_feeds_token ON calendar_feeds (token);
