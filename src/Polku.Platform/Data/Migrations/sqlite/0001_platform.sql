CREATE TABLE IF NOT EXISTS audit_entries (
    id TEXT NOT NULL PRIMARY KEY,
    at_utc TEXT NOT NULL,
    subject_person_id TEXT NOT NULL,
    actor_id TEXT NULL,
    actor_name TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    action TEXT NOT NULL,
    access TEXT NOT NULL,
    reason TEXT NULL,
    emergency INTEGER NOT NULL,
    remote_address TEXT NULL,
    endpoint TEXT NULL
);
CREATE INDEX IF NOT EXISTS ix_audit_entries_subject ON audit_entries (subject_person_id, at_utc);
CREATE TRIGGER IF NOT EXISTS audit_entries_no_update BEFORE UPDATE ON audit_entries
BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_entries_no_delete BEFORE DELETE ON audit_entries
BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END;

CREATE TABLE IF NOT EXISTS service_events (
    id TEXT NOT NULL PRIMARY KEY,
    at_utc TEXT NOT NULL,
    type TEXT NOT NULL,
    municipality_code TEXT NULL,
    unit_id TEXT NULL,
    service_code TEXT NULL,
    channel TEXT NOT NULL,
    digital INTEGER NOT NULL,
    contact_kind TEXT NOT NULL,
    outcome TEXT NULL,
    waiting_seconds INTEGER NULL,
    handling_seconds INTEGER NULL,
    resident_key TEXT NULL,
    detail TEXT NULL
);
CREATE INDEX IF NOT EXISTS ix_service_events_at ON service_events (at_utc);
CREATE TRIGGER IF NOT EXISTS service_events_no_update BEFORE UPDATE ON service_events
BEGIN SELECT RAISE(ABORT, 'service_events is append-only'); END;
CREATE TRIGGER IF NOT EXISTS service_events_no_delete BEFORE DELETE ON service_events
BEGIN SELECT RAISE(ABORT, 'service_events is append-only'); END;
