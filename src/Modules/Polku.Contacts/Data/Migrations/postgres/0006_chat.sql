-- Chat (issue 13): chat queues are work queues of the channel 'chat'; an identified queue takes only signed-in residents.
-- Sessions carry their own message sequence (last_seq), so event ids are per session and commit in order.
ALTER TABLE contacts_work_queues ADD COLUMN channel varchar(20) NOT NULL DEFAULT 'work';
ALTER TABLE contacts_work_queues ADD COLUMN identified boolean NOT NULL DEFAULT false;

CREATE TABLE IF NOT EXISTS contacts_chat_staffing (
    staff_id uuid NOT NULL PRIMARY KEY,
    available boolean NOT NULL,
    max_concurrent integer NOT NULL,
    updated_utc timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS contacts_chat_sessions (
    id uuid NOT NULL PRIMARY KEY,
    token_hash varchar(64) NOT NULL,
    language varchar(2) NOT NULL,
    municipality_code varchar(3) NULL,
    resident_id uuid NULL,
    state varchar(20) NOT NULL,
    queue_id uuid NULL REFERENCES contacts_work_queues (id),
    case_id uuid NULL REFERENCES contacts_cases (id),
    task_id uuid NULL,
    assignee_id uuid NULL,
    assignee_name varchar(200) NULL,
    needs_identification boolean NOT NULL,
    last_seq integer NOT NULL,
    created_utc timestamptz NOT NULL,
    queued_utc timestamptz NULL,
    started_utc timestamptz NULL,
    ended_utc timestamptz NULL,
    outcome varchar(60) NULL,
    version integer NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_contacts_chat_sessions_queue_id ON contacts_chat_sessions (queue_id, state);
CREATE INDEX IF NOT EXISTS ix_contacts_chat_sessions_case_id ON contacts_chat_sessions (case_id);
CREATE INDEX IF NOT EXISTS ix_contacts_chat_sessions_resident_id ON contacts_chat_sessions (resident_id);
CREATE INDEX IF NOT EXISTS ix_contacts_chat_sessions_assignee_id ON contacts_chat_sessions (assignee_id, state);
CREATE INDEX IF NOT EXISTS ix_contacts_chat_sessions_task_id ON contacts_chat_sessions (task_id);

CREATE TABLE IF NOT EXISTS contacts_chat_messages (
    id uuid NOT NULL PRIMARY KEY,
    session_id uuid NOT NULL REFERENCES contacts_chat_sessions (id) ON DELETE CASCADE,
    seq integer NOT NULL,
    sender varchar(20) NOT NULL,
    sender_id uuid NULL,
    sender_name varchar(200) NULL,
    code varchar(80) NULL,
    body varchar(4000) NOT NULL,
    links varchar(4000) NULL,
    client_key varchar(64) NULL,
    created_utc timestamptz NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_contacts_chat_messages_session_seq ON contacts_chat_messages (session_id, seq);
CREATE UNIQUE INDEX IF NOT EXISTS ux_contacts_chat_messages_session_client_key ON contacts_chat_messages (session_id, client_key);

CREATE TABLE IF NOT EXISTS contacts_chat_faq_versions (
    id uuid NOT NULL PRIMARY KEY,
    version integer NOT NULL,
    content text NOT NULL,
    note varchar(500) NULL,
    created_utc timestamptz NOT NULL,
    created_by uuid NULL,
    created_by_name varchar(200) NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_contacts_chat_faq_versions_version ON contacts_chat_faq_versions (version);
