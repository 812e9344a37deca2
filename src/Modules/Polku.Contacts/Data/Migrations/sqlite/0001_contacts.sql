-- Contacts: work queues, cases, tasks and their history, reply templates, secure messages, call-backs.
CREATE TABLE IF NOT EXISTS work_queues (
    id TEXT NOT NULL PRIMARY KEY,
    code TEXT NOT NULL,
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    unit_id TEXT NULL,
    municipality_code TEXT NULL,
    service_code TEXT NULL,
    hours_unit_id TEXT NULL,
    target_p1_minutes INTEGER NOT NULL,
    target_p2_minutes INTEGER NOT NULL,
    target_p3_minutes INTEGER NOT NULL,
    target_p4_minutes INTEGER NOT NULL,
    version INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_work_queues_code ON work_queues (code);
CREATE TABLE IF NOT EXISTS queue_members (
    queue_id TEXT NOT NULL REFERENCES work_queues (id) ON DELETE CASCADE,
    staff_id TEXT NOT NULL,
    PRIMARY KEY (queue_id, staff_id)
);
CREATE INDEX IF NOT EXISTS ix_queue_members_staff ON queue_members (staff_id);
CREATE TABLE IF NOT EXISTS cases (
    id TEXT NOT NULL PRIMARY KEY,
    resident_id TEXT NOT NULL,
    municipality_code TEXT NULL,
    service_code TEXT NULL,
    title TEXT NOT NULL,
    state TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    closed_utc TEXT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_cases_resident ON cases (resident_id);
CREATE TABLE IF NOT EXISTS work_tasks (
    id TEXT NOT NULL PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    queue_id TEXT NOT NULL REFERENCES work_queues (id),
    type TEXT NOT NULL,
    urgency TEXT NOT NULL,
    state TEXT NOT NULL,
    title TEXT NOT NULL,
    source_id TEXT NULL,
    assignee_id TEXT NULL,
    created_utc TEXT NOT NULL,
    due_utc TEXT NOT NULL,
    claimed_utc TEXT NULL,
    completed_utc TEXT NULL,
    outcome TEXT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_work_tasks_queue ON work_tasks (queue_id, state, due_utc);
CREATE INDEX IF NOT EXISTS ix_work_tasks_assignee ON work_tasks (assignee_id);
CREATE INDEX IF NOT EXISTS ix_work_tasks_case ON work_tasks (case_id);
CREATE TABLE IF NOT EXISTS task_events (
    id TEXT NOT NULL PRIMARY KEY,
    task_id TEXT NOT NULL REFERENCES work_tasks (id) ON DELETE CASCADE,
    at_utc TEXT NOT NULL,
    actor_id TEXT NULL,
    action TEXT NOT NULL,
    from_queue_id TEXT NULL,
    to_queue_id TEXT NULL,
    assignee_id TEXT NULL,
    note TEXT NULL
);
CREATE INDEX IF NOT EXISTS ix_task_events_task ON task_events (task_id, at_utc);
CREATE TABLE IF NOT EXISTS reply_templates (
    id TEXT NOT NULL PRIMARY KEY,
    unit_id TEXT NULL,
    code TEXT NOT NULL,
    title_fi TEXT NOT NULL,
    title_sv TEXT NOT NULL,
    title_en TEXT NOT NULL,
    body_fi TEXT NOT NULL,
    body_sv TEXT NOT NULL,
    body_en TEXT NOT NULL,
    instruction_url TEXT NULL,
    instruction_title TEXT NULL,
    version INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_reply_templates_code ON reply_templates (unit_id, code);
CREATE TABLE IF NOT EXISTS message_threads (
    id TEXT NOT NULL PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    resident_id TEXT NOT NULL,
    queue_id TEXT NOT NULL REFERENCES work_queues (id),
    subject TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    last_message_utc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_message_threads_resident ON message_threads (resident_id);
CREATE INDEX IF NOT EXISTS ix_message_threads_case ON message_threads (case_id);
CREATE TABLE IF NOT EXISTS messages (
    id TEXT NOT NULL PRIMARY KEY,
    thread_id TEXT NOT NULL REFERENCES message_threads (id) ON DELETE CASCADE,
    sender_kind TEXT NOT NULL,
    sender_id TEXT NOT NULL,
    sender_name TEXT NOT NULL,
    body TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    read_utc TEXT NULL
);
CREATE INDEX IF NOT EXISTS ix_messages_thread ON messages (thread_id, created_utc);
CREATE TABLE IF NOT EXISTS message_attachments (
    id TEXT NOT NULL PRIMARY KEY,
    message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    storage_key TEXT NOT NULL,
    created_utc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_message_attachments_message ON message_attachments (message_id);
CREATE TABLE IF NOT EXISTS callback_requests (
    id TEXT NOT NULL PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    resident_id TEXT NOT NULL,
    municipality_code TEXT NOT NULL,
    service_code TEXT NOT NULL,
    phone TEXT NOT NULL,
    window_from_utc TEXT NOT NULL,
    window_to_utc TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    result TEXT NULL,
    result_note TEXT NULL,
    called_utc TEXT NULL,
    called_by TEXT NULL
);
CREATE INDEX IF NOT EXISTS ix_callback_requests_resident ON callback_requests (resident_id);
