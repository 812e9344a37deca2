-- Assessments: content versions seen, answered assessments with their evaluation and routing, routing table versions.
CREATE TABLE IF NOT EXISTS assessment_versions (
    assessment_id TEXT NOT NULL,
    version TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    published INTEGER NOT NULL,
    first_loaded_utc TEXT NOT NULL,
    PRIMARY KEY (assessment_id, version)
);
CREATE TABLE IF NOT EXISTS assessment_responses (
    id TEXT NOT NULL PRIMARY KEY,
    assessment_id TEXT NOT NULL,
    assessment_version TEXT NOT NULL,
    resident_id TEXT NULL,
    answered_by_id TEXT NULL,
    municipality_code TEXT NULL,
    language TEXT NOT NULL,
    state TEXT NOT NULL,
    answers_json TEXT NOT NULL,
    urgency TEXT NULL,
    service_code TEXT NULL,
    outcome_id TEXT NULL,
    scales_json TEXT NULL,
    trace_json TEXT NULL,
    routing_row_id TEXT NULL,
    destination_kind TEXT NULL,
    idempotency_key TEXT NULL,
    task_id TEXT NULL,
    queue_code TEXT NULL,
    created_utc TEXT NOT NULL,
    completed_utc TEXT NULL,
    sent_utc TEXT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_assessment_responses_resident_id_created_utc ON assessment_responses (resident_id, created_utc);
CREATE UNIQUE INDEX IF NOT EXISTS ix_assessment_responses_idempotency_key ON assessment_responses (idempotency_key);
CREATE TABLE IF NOT EXISTS routing_tables (
    id TEXT NOT NULL PRIMARY KEY,
    number INTEGER NOT NULL,
    table_json TEXT NOT NULL,
    saved_by_id TEXT NULL,
    saved_by_name TEXT NULL,
    note TEXT NULL,
    saved_utc TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ix_routing_tables_number ON routing_tables (number);
