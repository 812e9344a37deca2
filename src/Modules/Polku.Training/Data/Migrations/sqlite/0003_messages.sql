-- Message texts and group messages (issue 16, part 6): a county's own texts of the automatic messages per language
-- (empty = the default text), and the messages a coordinator or trainer sent to a group's participants.

CREATE TABLE IF NOT EXISTS training_message_texts (
    text_key TEXT NOT NULL,
    language TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_by_name TEXT NOT NULL,
    updated_utc TEXT NOT NULL,
    version INTEGER NOT NULL,
    CONSTRAINT training_message_texts_pkey PRIMARY KEY (text_key, language)
);

-- form_key is the sending form's one-time key: the same form posted twice finds its message and sends nothing more.
CREATE TABLE IF NOT EXISTS training_group_messages (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL REFERENCES training_groups (id) ON DELETE CASCADE,
    sender_id TEXT NOT NULL,
    sender_name TEXT NOT NULL,
    audience TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    sent_utc TEXT NOT NULL,
    recipient_count INTEGER NOT NULL,
    without_email_count INTEGER NOT NULL,
    form_key TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_training_group_messages_form_key ON training_group_messages (form_key);
CREATE INDEX IF NOT EXISTS ix_training_group_messages_group_sent ON training_group_messages (group_id, sent_utc);
