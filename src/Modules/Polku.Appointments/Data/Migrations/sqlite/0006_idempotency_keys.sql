-- Idempotency keys moved to the platform's idempotency_keys (issue 10): one helper for every module, which also
-- refuses a key reused for a different request.
DROP INDEX IF EXISTS ix_appointments_resident_id_idempotency_key;
ALTER TABLE appointments DROP COLUMN idempotency_key;
