-- Table names prefixed by module (issue 11, ADR 0010): every table of the platform module starts with platform_.
-- Renaming a table keeps the foreign keys that point to it; the primary-key, foreign-key and index names are renamed
-- with it, so that every name says which table it belongs to (as on SQLite, where the indexes are recreated).
ALTER TABLE audit_entries RENAME TO platform_audit_entries;
ALTER TABLE platform_audit_entries RENAME CONSTRAINT audit_entries_pkey TO platform_audit_entries_pkey;
ALTER INDEX ix_audit_entries_subject RENAME TO ix_platform_audit_entries_subject;

ALTER TABLE service_events RENAME TO platform_service_events;
ALTER TABLE platform_service_events RENAME CONSTRAINT service_events_pkey TO platform_service_events_pkey;
ALTER INDEX ix_service_events_at RENAME TO ix_platform_service_events_at;

ALTER TABLE outbox_messages RENAME TO platform_outbox_messages;
ALTER TABLE platform_outbox_messages RENAME CONSTRAINT outbox_messages_pkey TO platform_outbox_messages_pkey;
ALTER INDEX ix_outbox_messages_created RENAME TO ix_platform_outbox_messages_created;
ALTER INDEX ix_outbox_messages_due RENAME TO ix_platform_outbox_messages_due;
ALTER INDEX ux_outbox_messages_dedupe RENAME TO ux_platform_outbox_messages_dedupe;

ALTER TABLE idempotency_keys RENAME TO platform_idempotency_keys;
ALTER TABLE platform_idempotency_keys RENAME CONSTRAINT idempotency_keys_pkey TO platform_idempotency_keys_pkey;
ALTER INDEX ix_idempotency_keys_created_utc RENAME TO ix_platform_idempotency_keys_created_utc;

ALTER TABLE data_protection_keys RENAME TO platform_data_protection_keys;
ALTER TABLE platform_data_protection_keys RENAME CONSTRAINT data_protection_keys_pkey TO platform_data_protection_keys_pkey;

-- The identity column's sequence and the append-only triggers carry the table's name too (polku_append_only reports
-- TG_TABLE_NAME, the new name, by itself).
ALTER SEQUENCE data_protection_keys_id_seq RENAME TO platform_data_protection_keys_id_seq;
ALTER TRIGGER audit_entries_append_only ON platform_audit_entries RENAME TO platform_audit_entries_append_only;
ALTER TRIGGER service_events_append_only ON platform_service_events RENAME TO platform_service_events_append_only;
