-- Idempotency keys moved to the platform's idempotency_keys, scoped to the caller (issue 10): a key here was
-- global, so another client sending the same key got the first person's response id.
DROP INDEX IF EXISTS ix_assessment_responses_idempotency_key;
ALTER TABLE assessment_responses DROP COLUMN idempotency_key;
