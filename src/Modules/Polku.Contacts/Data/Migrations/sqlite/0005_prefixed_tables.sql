-- Table names prefixed by module (issue 11, ADR 0010): every table of the contacts module starts with contacts_.
-- Renaming a table rewrites the foreign keys that point to it (SQLite 3.26+). SQLite cannot rename an index, so each
-- index is dropped and created again under its new name, the same name as on PostgreSQL.
ALTER TABLE work_queues RENAME TO contacts_work_queues;
DROP INDEX ux_work_queues_code;
CREATE UNIQUE INDEX ux_contacts_work_queues_code ON contacts_work_queues (code);

ALTER TABLE queue_members RENAME TO contacts_queue_members;
DROP INDEX ix_queue_members_staff;
CREATE INDEX ix_contacts_queue_members_staff ON contacts_queue_members (staff_id);

ALTER TABLE cases RENAME TO contacts_cases;
DROP INDEX ix_cases_resident;
CREATE INDEX ix_contacts_cases_resident ON contacts_cases (resident_id);

ALTER TABLE work_tasks RENAME TO contacts_work_tasks;
DROP INDEX ix_work_tasks_assignee;
CREATE INDEX ix_contacts_work_tasks_assignee ON contacts_work_tasks (assignee_id);
DROP INDEX ix_work_tasks_case;
CREATE INDEX ix_contacts_work_tasks_case ON contacts_work_tasks (case_id);
DROP INDEX ix_work_tasks_queue;
CREATE INDEX ix_contacts_work_tasks_queue ON contacts_work_tasks (queue_id, state, due_utc);

ALTER TABLE task_events RENAME TO contacts_task_events;
DROP INDEX ix_task_events_task;
CREATE INDEX ix_contacts_task_events_task ON contacts_task_events (task_id, at_utc);

ALTER TABLE reply_templates RENAME TO contacts_reply_templates;
DROP INDEX ux_reply_templates_code;
CREATE UNIQUE INDEX ux_contacts_reply_templates_code ON contacts_reply_templates (unit_id, code);

ALTER TABLE message_threads RENAME TO contacts_message_threads;
DROP INDEX ix_message_threads_case;
CREATE INDEX ix_contacts_message_threads_case ON contacts_message_threads (case_id);
DROP INDEX ix_message_threads_queue;
CREATE INDEX ix_contacts_message_threads_queue ON contacts_message_threads (queue_id);
DROP INDEX ix_message_threads_resident;
CREATE INDEX ix_contacts_message_threads_resident ON contacts_message_threads (resident_id);

ALTER TABLE messages RENAME TO contacts_messages;
DROP INDEX ix_messages_thread;
CREATE INDEX ix_contacts_messages_thread ON contacts_messages (thread_id, created_utc);

ALTER TABLE message_attachments RENAME TO contacts_message_attachments;
DROP INDEX ix_message_attachments_message;
CREATE INDEX ix_contacts_message_attachments_message ON contacts_message_attachments (message_id);

ALTER TABLE message_attachment_blobs RENAME TO contacts_message_attachment_blobs;

ALTER TABLE callback_requests RENAME TO contacts_callback_requests;
DROP INDEX ix_callback_requests_case;
CREATE INDEX ix_contacts_callback_requests_case ON contacts_callback_requests (case_id);
DROP INDEX ix_callback_requests_resident;
CREATE INDEX ix_contacts_callback_requests_resident ON contacts_callback_requests (resident_id);
