-- Work-queue administration (issue 16): a queue is closed rather than deleted once it has had work, so its history
-- stays; a closed queue (closed_utc set) receives no new work. Existing queues stay open.
ALTER TABLE contacts_work_queues ADD COLUMN IF NOT EXISTS closed_utc timestamptz NULL;
