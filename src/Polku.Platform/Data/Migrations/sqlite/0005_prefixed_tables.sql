-- Table names prefixed by module (issue 11, ADR 0010): every table of the platform module starts with platform_.
-- Renaming a table rewrites the foreign keys that point to it (SQLite 3.26+). SQLite cannot rename an index, so each
-- index is dropped and created again under its new name, the same name as on PostgreSQL.
ALTER TABLE audit_entries RENAME TO platform_audit_entries;
DROP INDEX ix_audit_entries_subject;
CREATE INDEX ix_platform_audit_entries_subject ON platform_audit_entries (subject_person_id, at_utc);

ALTER TABLE service_events RENAME TO platform_service_events;
DROP INDEX ix_service_events_at;
CREATE INDEX ix_platform_service_events_at ON platform_service_events (at_utc);

ALTER TABLE outbox_messages RENAME TO platform_outbox_messages;
DROP INDEX ix_outbox_messages_created;
CREATE INDEX ix_platform_outbox_messages_created ON platform_outbox_messages (created_utc);
DROP INDEX ix_outbox_messages_due;
CREATE INDEX ix_platform_outbox_messages_due ON platform_outbox_messages (status, next_attempt_utc);
DROP INDEX ux_outbox_messages_dedupe;
CREATE UNIQUE INDEX ux_platform_outbox_messages_dedupe ON platform_outbox_messages (dedupe_key, channel, recipient);

ALTER TABLE idempotency_keys RENAME TO platform_idempotency_keys;
DROP INDEX ix_idempotency_keys_created_utc;
CREATE INDEX ix_platform_idempotency_keys_created_utc ON platform_idempotency_keys (created_utc);

ALTER TABLE data_protection_keys RENAME TO platform_data_protection_keys;

-- The append-only triggers follow the renamed tables by themselves, but their names and messages would keep the old
-- table names: created again under the new ones. (sqlite_sequence, the AUTOINCREMENT counter of
-- data_protection_keys, is renamed by SQLite itself.)
DROP TRIGGER audit_entries_no_update;
DROP TRIGGER audit_entries_no_delete;
CREATE TRIGGER platform_audit_entries_no_update BEFORE UPDATE ON platform_audit_entries
BEGIN SELECT RAISE(ABORT, 'platform_audit_entries is append-only'); END;
CREATE TRIGGER platform_audit_entries_no_delete BEFORE DELETE ON platform_audit_entries
BEGIN SELECT RAISE(ABORT, 'platform_audit_entries is append-only'); END;
DROP TRIGGER service_events_no_update;
DROP TRIGGER service_events_no_delete;
CREATE TRIGGER platform_service_events_no_update BEFORE UPDATE ON platform_service_events
BEGIN SELECT RAISE(ABORT, 'platform_service_events is append-only'); END;
CREATE TRIGGER platform_service_events_no_delete BEFORE DELETE ON platform_service_events
BEGIN SELECT RAISE(ABORT, 'platform_service_events is append-only'); END;
