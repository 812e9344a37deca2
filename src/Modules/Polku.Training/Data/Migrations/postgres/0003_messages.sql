-- Message texts and group messages (issue 16, part 6): a county's own texts of the automatic messages per language
-- (empty = the default text), and the messages a coordinator or trainer sent to a group's participants.

CREATE TABLE IF NOT EXISTS training_message_texts (
    text_key varchar(40) NOT NULL,
    language varchar(2) NOT NULL,
    subject varchar(200) NOT NULL,
    body varchar(4000) NOT NULL,
    updated_by uuid NOT NULL,
    updated_by_name varchar(200) NOT NULL,
    updated_utc timestamptz NOT NULL,
    version integer NOT NULL,
    CONSTRAINT training_message_texts_pkey PRIMARY KEY (text_key, language)
);

-- form_key is the sending form's one-time key: the same form posted twice finds its message and sends nothing more.
CREATE TABLE IF NOT EXISTS training_group_messages (
    id uuid PRIMARY KEY,
    group_id uuid NOT NULL REFERENCES training_groups (id) ON DELETE CASCADE,
    sender_id uuid NOT NULL,
    sender_name varchar(200) NOT NULL,
    audience varchar(20) NOT NULL,
    subject varchar(200) NOT NULL,
    body varchar(4000) NOT NULL,
    sent_utc timestamptz NOT NULL,
    recipient_count integer NOT NULL,
    without_email_count integer NOT NULL,
    form_key uuid NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_training_group_messages_form_key ON training_group_messages (form_key);
CREATE INDEX IF NOT EXISTS ix_training_group_messages_group_sent ON training_group_messages (group_id, sent_utc);
