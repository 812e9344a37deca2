-- Feedback (issue 14, spec 05): one answer (or skip) per transaction, with service, stage, channel and municipality —
-- no person id and no identity code. Extra questions per service, set by the coordinator.
CREATE TABLE IF NOT EXISTS contacts_feedback (
    id uuid NOT NULL PRIMARY KEY,
    kind varchar(30) NOT NULL,
    subject_id uuid NOT NULL,
    service_code varchar(60) NULL,
    stage varchar(30) NOT NULL,
    channel varchar(30) NOT NULL,
    municipality_code varchar(3) NULL,
    unit_id uuid NULL,
    language varchar(2) NOT NULL,
    score integer NULL,
    skipped boolean NOT NULL,
    text varchar(2000) NULL,
    answers varchar(4000) NULL,
    created_utc timestamptz NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_contacts_feedback_kind_subject_id ON contacts_feedback (kind, subject_id);
CREATE INDEX IF NOT EXISTS ix_contacts_feedback_service_code_created_utc ON contacts_feedback (service_code, created_utc);

CREATE TABLE IF NOT EXISTS contacts_feedback_questions (
    id uuid NOT NULL PRIMARY KEY,
    service_code varchar(60) NOT NULL,
    position integer NOT NULL,
    kind varchar(20) NOT NULL,
    text_fi varchar(300) NOT NULL,
    text_sv varchar(300) NOT NULL,
    text_en varchar(300) NOT NULL,
    active boolean NOT NULL,
    created_utc timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_contacts_feedback_questions_service_code_position ON contacts_feedback_questions (service_code, position);
