-- Appointments: schedules, materialised slots (capacity enforced by conditional update), appointments and their
-- history, booking rights, the waitlist and professionals' calendar feeds.
CREATE TABLE IF NOT EXISTS appointment_schedules (
    id uuid NOT NULL PRIMARY KEY,
    unit_id uuid NOT NULL,
    unit_code varchar(40) NOT NULL,
    staff_id uuid NULL,
    resource varchar(100) NULL,
    service_code varchar(60) NOT NULL,
    mode varchar(20) NOT NULL,
    pattern varchar(1000) NOT NULL,
    slot_minutes integer NOT NULL,
    buffer_before_minutes integer NOT NULL,
    buffer_after_minutes integer NOT NULL,
    capacity integer NOT NULL,
    min_notice_minutes integer NOT NULL,
    horizon_days integer NOT NULL,
    cancel_notice_hours integer NOT NULL,
    open_booking boolean NOT NULL,
    open_on_holidays boolean NOT NULL,
    exceptions varchar(4000) NOT NULL,
    served_municipalities varchar(200) NOT NULL,
    active boolean NOT NULL,
    materialized_through date NULL,
    created_utc timestamptz NOT NULL,
    updated_utc timestamptz NOT NULL,
    version integer NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_appointment_schedules_unit_id_service_code ON appointment_schedules (unit_id, service_code);
CREATE TABLE IF NOT EXISTS appointment_slots (
    id uuid NOT NULL PRIMARY KEY,
    schedule_id uuid NOT NULL,
    unit_id uuid NOT NULL,
    staff_id uuid NULL,
    service_code varchar(60) NOT NULL,
    mode varchar(20) NOT NULL,
    served_municipalities varchar(200) NOT NULL,
    start_utc timestamptz NOT NULL,
    end_utc timestamptz NOT NULL,
    closes_utc timestamptz NOT NULL,
    capacity integer NOT NULL,
    taken integer NOT NULL,
    open_booking boolean NOT NULL,
    blocked boolean NOT NULL,
    block_reason varchar(300) NULL,
    version integer NOT NULL,
    CONSTRAINT ck_appointment_slots_taken CHECK (taken >= 0 AND taken <= capacity)
);
CREATE UNIQUE INDEX IF NOT EXISTS ix_appointment_slots_schedule_id_start_utc ON appointment_slots (schedule_id, start_utc);
CREATE INDEX IF NOT EXISTS ix_appointment_slots_service_code_start_utc ON appointment_slots (service_code, start_utc);
CREATE INDEX IF NOT EXISTS ix_appointment_slots_unit_id_start_utc ON appointment_slots (unit_id, start_utc);
CREATE TABLE IF NOT EXISTS appointments (
    id uuid NOT NULL PRIMARY KEY,
    slot_id uuid NOT NULL,
    resident_id uuid NOT NULL,
    schedule_id uuid NOT NULL,
    unit_id uuid NOT NULL,
    staff_id uuid NULL,
    service_code varchar(60) NOT NULL,
    mode varchar(20) NOT NULL,
    start_utc timestamptz NOT NULL,
    end_utc timestamptz NOT NULL,
    status varchar(20) NOT NULL,
    hold_until_utc timestamptz NULL,
    booked_by_kind varchar(20) NOT NULL,
    booked_by_id uuid NULL,
    channel varchar(30) NOT NULL,
    booking_right_id uuid NULL,
    override_reason varchar(500) NULL,
    idempotency_key varchar(80) NULL,
    cancelled_by_kind varchar(20) NULL,
    cancelled_by_id uuid NULL,
    cancel_reason varchar(500) NULL,
    rescheduled_from_id uuid NULL,
    outcome varchar(1000) NULL,
    video_room_id varchar(100) NULL,
    waiting_note varchar(300) NULL,
    language varchar(2) NOT NULL,
    created_utc timestamptz NOT NULL,
    booked_utc timestamptz NULL,
    checked_in_utc timestamptz NULL,
    started_utc timestamptz NULL,
    completed_utc timestamptz NULL,
    cancelled_utc timestamptz NULL,
    reminder_sent_utc timestamptz NULL,
    version integer NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_appointments_resident_id_start_utc ON appointments (resident_id, start_utc);
CREATE INDEX IF NOT EXISTS ix_appointments_slot_id_status ON appointments (slot_id, status);
CREATE INDEX IF NOT EXISTS ix_appointments_unit_id_start_utc ON appointments (unit_id, start_utc);
CREATE INDEX IF NOT EXISTS ix_appointments_status_hold_until_utc ON appointments (status, hold_until_utc);
CREATE UNIQUE INDEX IF NOT EXISTS ix_appointments_resident_id_idempotency_key ON appointments (resident_id, idempotency_key);
CREATE TABLE IF NOT EXISTS appointment_changes (
    id uuid NOT NULL PRIMARY KEY,
    appointment_id uuid NOT NULL,
    at_utc timestamptz NOT NULL,
    kind varchar(40) NOT NULL,
    by_kind varchar(20) NOT NULL,
    by_id uuid NULL,
    detail varchar(1000) NULL
);
CREATE INDEX IF NOT EXISTS ix_appointment_changes_appointment_id_at_utc ON appointment_changes (appointment_id, at_utc);
CREATE TABLE IF NOT EXISTS booking_rights (
    id uuid NOT NULL PRIMARY KEY,
    resident_id uuid NOT NULL,
    service_code varchar(60) NOT NULL,
    municipality_code varchar(3) NULL,
    unit_id uuid NULL,
    source varchar(20) NOT NULL,
    source_id uuid NULL,
    urgency varchar(2) NULL,
    from_utc timestamptz NOT NULL,
    until_utc timestamptz NOT NULL,
    granted_by_id uuid NULL,
    task_id uuid NULL,
    used_by_appointment_id uuid NULL,
    created_utc timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_booking_rights_resident_id_until_utc ON booking_rights (resident_id, until_utc);
CREATE UNIQUE INDEX IF NOT EXISTS ix_booking_rights_source_source_id ON booking_rights (source, source_id);
CREATE TABLE IF NOT EXISTS appointment_waitlist (
    id uuid NOT NULL PRIMARY KEY,
    resident_id uuid NOT NULL,
    appointment_id uuid NOT NULL,
    schedule_id uuid NOT NULL,
    state varchar(20) NOT NULL,
    offered_slot_id uuid NULL,
    offer_until_utc timestamptz NULL,
    created_utc timestamptz NOT NULL,
    version integer NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_appointment_waitlist_schedule_id_state_created_utc ON appointment_waitlist (schedule_id, state, created_utc);
CREATE INDEX IF NOT EXISTS ix_appointment_waitlist_appointment_id ON appointment_waitlist (appointment_id);
CREATE TABLE IF NOT EXISTS calendar_feeds (
    staff_id uuid NOT NULL PRIMARY KEY,
    token varchar(64) NOT NULL,
    created_utc timestamptz NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ix_calendar_feeds_token ON calendar_feeds (token);
