-- Feedback (issue 14, spec 05): one answer (or skip) per transaction, with service, stage, channel and municipality —
-- no person id and no identity code. Extra questions per service, set by the coordinator.
CREATE TABLE IF NOT EXISTS contacts_feedback (
    id TEXT NOT NULL PRIMARY KEY,
    kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    service_code TEXT NULL,
    stage TEXT NOT NULL,
    channel TEXT NOT NULL,
    municipality_code TEXT NULL,
    unit_id TEXT NULL,
    language TEXT NOT NULL,
    score INTEGER NULL,
    skipped INTEGER NOT NULL,
    text TEXT NULL,
    answers TEXT NULL,
    created_utc TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_contacts_feedback_kind_subject_id ON contacts_feedback (kind, subject_id);
CREATE INDEX IF NOT EXISTS ix_contacts_feedback_service_code_created_utc ON contacts_feedback (service_code, created_utc);

CREATE TABLE IF NOT EXISTS contacts_feedback_questions (
    id TEXT NOT NULL PRIMARY KEY,
    service_code TEXT NOT NULL,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    text_fi TEXT NOT NULL,
    text_sv TEXT NOT NULL,
    text_en TEXT NOT NULL,
    active INTEGER NOT NULL,
    created_utc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_contacts_feedback_questions_service_code_position ON contacts_feedback_questions (service_code, position);
