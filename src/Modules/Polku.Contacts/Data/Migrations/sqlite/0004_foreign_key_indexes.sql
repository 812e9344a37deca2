-- Indexes on the two foreign keys that had none (the EF model has them by convention; the schema test of issue 11
-- found them missing): a case's call-back requests, a queue's threads. Without them, deleting a case or a queue also
-- reads the whole referencing table to check that no row still points to it.
CREATE INDEX IF NOT EXISTS ix_callback_requests_case ON callback_requests (case_id);
CREATE INDEX IF NOT EXISTS ix_message_threads_queue ON message_threads (queue_id);
