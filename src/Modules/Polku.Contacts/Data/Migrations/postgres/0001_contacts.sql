-- Contacts: work queues, cases, tasks and their history, reply templates, secure messages, call-backs.
CREATE TABLE IF NOT EXISTS work_queues (
    id uuid NOT NULL PRIMARY KEY,
    code varchar(60) NOT NULL,
    name_fi varchar(200) NOT NULL,
    name_sv varchar(200) NOT NULL,
    name_en varchar(200) NOT NULL,
    unit_id uuid NULL,
    municipality_code varchar(3) NULL,
    service_code varchar(60) NULL,
    hours_unit_id uuid NULL,
    target_p1_minutes integer NOT NULL,
    target_p2_minutes integer NOT NULL,
    target_p3_minutes integer NOT NULL,
    target_p4_minutes integer NOT NULL,
    version integer NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_work_queues_code ON work_queues (code);
CREATE TABLE IF NOT EXISTS queue_members (
    queue_id uuid NOT NULL REFERENCES work_queues (id) ON DELETE CASCADE,
    staff_id uuid NOT NULL,
    PRIMARY KEY (queue_id, staff_id)
);
CREATE INDEX IF NOT EXISTS ix_queue_members_staff ON queue_members (staff_id);
CREATE TABLE IF NOT EXISTS cases (
    id uuid NOT NULL PRIMARY KEY,
    resident_id uuid NOT NULL,
    municipality_code varchar(3) NULL,
    service_code varchar(60) NULL,
    title varchar(200) NOT NULL,
    state varchar(20) NOT NULL,
    created_utc timestamptz NOT NULL,
    closed_utc timestamptz NULL,
    version integer NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_cases_resident ON cases (resident_id);
CREATE TABLE IF NOT EXISTS work_tasks (
    id uuid NOT NULL PRIMARY KEY,
    case_id uuid NOT NULL REFERENCES cases (id),
    queue_id uuid NOT NULL REFERENCES work_queues (id),
    type varchar(30) NOT NULL,
    urgency varchar(2) NOT NULL,
    state varchar(30) NOT NULL,
    title varchar(200) NOT NULL,
    source_id uuid NULL,
    assignee_id uuid NULL,
    created_utc timestamptz NOT NULL,
    due_utc timestamptz NOT NULL,
    claimed_utc timestamptz NULL,
    completed_utc timestamptz NULL,
    outcome varchar(60) NULL,
    version integer NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_work_tasks_queue ON work_tasks (queue_id, state, due_utc);
CREATE INDEX IF NOT EXISTS ix_work_tasks_assignee ON work_tasks (assignee_id);
CREATE INDEX IF NOT EXISTS ix_work_tasks_case ON work_tasks (case_id);
CREATE TABLE IF NOT EXISTS task_events (
    id uuid NOT NULL PRIMARY KEY,
    task_id uuid NOT NULL REFERENCES work_tasks (id) ON DELETE CASCADE,
    at_utc timestamptz NOT NULL,
    actor_id uuid NULL,
    action varchar(30) NOT NULL,
    from_queue_id uuid NULL,
    to_queue_id uuid NULL,
    assignee_id uuid NULL,
    note varchar(1000) NULL
);
CREATE INDEX IF NOT EXISTS ix_task_events_task ON task_events (task_id, at_utc);
CREATE TABLE IF NOT EXISTS reply_templates (
    id uuid NOT NULL PRIMARY KEY,
    unit_id uuid NULL,
    code varchar(60) NOT NULL,
    title_fi varchar(200) NOT NULL,
    title_sv varchar(200) NOT NULL,
    title_en varchar(200) NOT NULL,
    body_fi varchar(4000) NOT NULL,
    body_sv varchar(4000) NOT NULL,
    body_en varchar(4000) NOT NULL,
    instruction_url varchar(500) NULL,
    instruction_title varchar(200) NULL,
    version integer NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_reply_templates_code ON reply_templates (unit_id, code);
CREATE TABLE IF NOT EXISTS message_threads (
    id uuid NOT NULL PRIMARY KEY,
    case_id uuid NOT NULL REFERENCES cases (id),
    resident_id uuid NOT NULL,
    queue_id uuid NOT NULL REFERENCES work_queues (id),
    subject varchar(200) NOT NULL,
    created_utc timestamptz NOT NULL,
    last_message_utc timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_message_threads_resident ON message_threads (resident_id);
CREATE INDEX IF NOT EXISTS ix_message_threads_case ON message_threads (case_id);
CREATE TABLE IF NOT EXISTS messages (
    id uuid NOT NULL PRIMARY KEY,
    thread_id uuid NOT NULL REFERENCES message_threads (id) ON DELETE CASCADE,
    sender_kind varchar(20) NOT NULL,
    sender_id uuid NOT NULL,
    sender_name varchar(200) NOT NULL,
    body varchar(10000) NOT NULL,
    created_utc timestamptz NOT NULL,
    read_utc timestamptz NULL
);
CREATE INDEX IF NOT EXISTS ix_messages_thread ON messages (thread_id, created_utc);
CREATE TABLE IF NOT EXISTS message_attachments (
    id uuid NOT NULL PRIMARY KEY,
    message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    file_name varchar(200) NOT NULL,
    content_type varchar(100) NOT NULL,
    size_bytes bigint NOT NULL,
    storage_key varchar(200) NOT NULL,
    created_utc timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_message_attachments_message ON message_attachments (message_id);
CREATE TABLE IF NOT EXISTS callback_requests (
    id uuid NOT NULL PRIMARY KEY,
    case_id uuid NOT NULL REFERENCES cases (id),
    resident_id uuid NOT NULL,
    municipality_code varchar(3) NOT NULL,
    service_code varchar(60) NOT NULL,
    phone varchar(40) NOT NULL,
    window_from_utc timestamptz NOT NULL,
    window_to_utc timestamptz NOT NULL,
    created_utc timestamptz NOT NULL,
    result varchar(40) NULL,
    result_note varchar(1000) NULL,
    called_utc timestamptz NULL,
    called_by uuid NULL
);
CREATE INDEX IF NOT EXISTS ix_callback_requests_resident ON callback_requests (resident_id);
