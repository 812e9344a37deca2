-- The control tower's feedback views (issue 17 item 5) read a period of all services: a range on created_utc.
CREATE INDEX IF NOT EXISTS ix_contacts_feedback_created_utc ON contacts_feedback (created_utc);
