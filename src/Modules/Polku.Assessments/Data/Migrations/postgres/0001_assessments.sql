-- Assessments: content versions seen, answered assessments with their evaluation and routing, routing table versions.
CREATE TABLE IF NOT EXISTS assessment_versions (
    assessment_id varchar(80) NOT NULL,
    version varchar(40) NOT NULL,
    content_hash varchar(64) NOT NULL,
    published boolean NOT NULL,
    first_loaded_utc timestamptz NOT NULL,
    PRIMARY KEY (assessment_id, version)
);
CREATE TABLE IF NOT EXISTS assessment_responses (
    id uuid NOT NULL PRIMARY KEY,
    assessment_id varchar(80) NOT NULL,
    assessment_version varchar(40) NOT NULL,
    resident_id uuid NULL,
    answered_by_id uuid NULL,
    municipality_code varchar(3) NULL,
    language varchar(2) NOT NULL,
    state varchar(20) NOT NULL,
    answers_json text NOT NULL,
    urgency varchar(2) NULL,
    service_code varchar(60) NULL,
    outcome_id varchar(80) NULL,
    scales_json text NULL,
    trace_json text NULL,
    routing_row_id varchar(80) NULL,
    destination_kind varchar(30) NULL,
    idempotency_key varchar(80) NULL,
    task_id uuid NULL,
    queue_code varchar(60) NULL,
    created_utc timestamptz NOT NULL,
    completed_utc timestamptz NULL,
    sent_utc timestamptz NULL,
    version integer NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_assessment_responses_resident_id_created_utc ON assessment_responses (resident_id, created_utc);
CREATE UNIQUE INDEX IF NOT EXISTS ix_assessment_responses_idempotency_key ON assessment_responses (idempotency_key);
CREATE TABLE IF NOT EXISTS routing_tables (
    id uuid NOT NULL PRIMARY KEY,
    number integer NOT NULL,
    table_json text NOT NULL,
    saved_by_id uuid NULL,
    saved_by_name varchar(200) NULL,
    note varchar(1000) NULL,
    saved_utc timestamptz NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ix_routing_tables_number ON routing_tables (number);
