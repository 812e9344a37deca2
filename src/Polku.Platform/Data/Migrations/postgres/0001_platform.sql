CREATE TABLE IF NOT EXISTS audit_entries (
    id uuid PRIMARY KEY,
    at_utc timestamptz NOT NULL,
    subject_person_id uuid NOT NULL,
    actor_id uuid NULL,
    actor_name varchar(200) NOT NULL,
    actor_role varchar(40) NOT NULL,
    action varchar(100) NOT NULL,
    access varchar(10) NOT NULL,
    reason varchar(1000) NULL,
    emergency boolean NOT NULL,
    remote_address varchar(64) NULL,
    endpoint varchar(300) NULL
);
CREATE INDEX IF NOT EXISTS ix_audit_entries_subject ON audit_entries (subject_person_id, at_utc);

CREATE TABLE IF NOT EXISTS service_events (
    id uuid PRIMARY KEY,
    at_utc timestamptz NOT NULL,
    type varchar(60) NOT NULL,
    municipality_code varchar(3) NULL,
    unit_id uuid NULL,
    service_code varchar(60) NULL,
    channel varchar(40) NOT NULL,
    digital boolean NOT NULL,
    contact_kind varchar(20) NOT NULL,
    outcome varchar(60) NULL,
    waiting_seconds integer NULL,
    handling_seconds integer NULL,
    resident_key varchar(64) NULL,
    detail varchar(500) NULL
);
CREATE INDEX IF NOT EXISTS ix_service_events_at ON service_events (at_utc);

-- Append-only: the application role can insert but never change or delete these rows.
CREATE OR REPLACE FUNCTION polku_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries;
CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION polku_append_only();
DROP TRIGGER IF EXISTS service_events_append_only ON service_events;
CREATE TRIGGER service_events_append_only BEFORE UPDATE OR DELETE ON service_events
    FOR EACH ROW EXECUTE FUNCTION polku_append_only();
