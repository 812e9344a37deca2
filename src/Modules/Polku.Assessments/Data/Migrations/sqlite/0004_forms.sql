-- E-forms (issue 14, spec 04 "E-forms"): a submitted form with its answers, the case and task that handle it, and the
-- resident's status timeline (received → in process → waiting for you → completed).
CREATE TABLE IF NOT EXISTS assessment_form_submissions (
    id TEXT NOT NULL PRIMARY KEY,
    form_id TEXT NOT NULL,
    form_version TEXT NOT NULL,
    resident_id TEXT NOT NULL,
    submitted_by_id TEXT NOT NULL,
    municipality_code TEXT NOT NULL,
    language TEXT NOT NULL,
    answers_json TEXT NOT NULL,
    service_code TEXT NULL,
    status TEXT NOT NULL,
    case_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    queue_code TEXT NOT NULL,
    appointment_id TEXT NULL,
    attachment_thread_id TEXT NULL,
    outcome TEXT NULL,
    submitted_utc TEXT NOT NULL,
    expected_by_utc TEXT NOT NULL,
    completed_utc TEXT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_assessment_form_submissions_resident_id_submitted_utc ON assessment_form_submissions (resident_id, submitted_utc);
CREATE UNIQUE INDEX IF NOT EXISTS ux_assessment_form_submissions_task_id ON assessment_form_submissions (task_id);
CREATE INDEX IF NOT EXISTS ix_assessment_form_submissions_appointment_id ON assessment_form_submissions (appointment_id);

CREATE TABLE IF NOT EXISTS assessment_form_status_changes (
    id TEXT NOT NULL PRIMARY KEY,
    submission_id TEXT NOT NULL REFERENCES assessment_form_submissions (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    at_utc TEXT NOT NULL,
    step INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_assessment_form_status_changes_submission_id_step ON assessment_form_status_changes (submission_id, step);
