-- Chat (issue 13): chat queues are work queues of the channel 'chat'; an identified queue takes only signed-in residents.
-- Sessions carry their own message sequence (last_seq), so event ids are per session and commit in order.
ALTER TABLE contacts_work_queues ADD COLUMN channel TEXT NOT NULL DEFAULT 'work';
ALTER TABLE contacts_work_queues ADD COLUMN identified INTEGER NOT NULL DEFAULT 0;

CREATE TABLE IF NOT EXISTS contacts_chat_staffing (
    staff_id TEXT NOT NULL PRIMARY KEY,
    available INTEGER NOT NULL,
    max_concurrent INTEGER NOT NULL,
    updated_utc TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS contacts_chat_sessions (
    id TEXT NOT NULL PRIMARY KEY,
    token_hash TEXT NOT NULL,
    language TEXT NOT NULL,
    municipality_code TEXT NULL,
    resident_id TEXT NULL,
    state TEXT NOT NULL,
    queue_id TEXT NULL REFERENCES contacts_work_queues (id),
    case_id TEXT NULL REFERENCES contacts_cases (id),
    task_id TEXT NULL,
    assignee_id TEXT NULL,
    assignee_name TEXT NULL,
    needs_identification INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,
    created_utc TEXT NOT NULL,
    queued_utc TEXT NULL,
    started_utc TEXT NULL,
    ended_utc TEXT NULL,
    outcome TEXT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_contacts_chat_sessions_queue_id ON contacts_chat_sessions (queue_id, state);
CREATE INDEX IF NOT EXISTS ix_contacts_chat_sessions_case_id ON contacts_chat_sessions (case_id);
CREATE INDEX IF NOT EXISTS ix_contacts_chat_sessions_resident_id ON contacts_chat_sessions (resident_id);
CREATE INDEX IF NOT EXISTS ix_contacts_chat_sessions_assignee_id ON contacts_chat_sessions (assignee_id, state);
CREATE INDEX IF NOT EXISTS ix_contacts_chat_sessions_task_id ON contacts_chat_sessions (task_id);

CREATE TABLE IF NOT EXISTS contacts_chat_messages (
    id TEXT NOT NULL PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES contacts_chat_sessions (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    sender TEXT NOT NULL,
    sender_id TEXT NULL,
    sender_name TEXT NULL,
    code TEXT NULL,
    body TEXT NOT NULL,
    links TEXT NULL,
    client_key TEXT NULL,
    created_utc TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_contacts_chat_messages_session_seq ON contacts_chat_messages (session_id, seq);
CREATE UNIQUE INDEX IF NOT EXISTS ux_contacts_chat_messages_session_client_key ON contacts_chat_messages (session_id, client_key);

CREATE TABLE IF NOT EXISTS contacts_chat_faq_versions (
    id TEXT NOT NULL PRIMARY KEY,
    version INTEGER NOT NULL,
    content TEXT NOT NULL,
    note TEXT NULL,
    created_utc TEXT NOT NULL,
    created_by TEXT NULL,
    created_by_name TEXT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_contacts_chat_faq_versions_version ON contacts_chat_faq_versions (version);
