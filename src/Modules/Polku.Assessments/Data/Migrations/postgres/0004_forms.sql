-- E-forms (issue 14, spec 04 "E-forms"): a submitted form with its answers, the case and task that handle it, and the
-- resident's status timeline (received → in process → waiting for you → completed).
CREATE TABLE IF NOT EXISTS assessment_form_submissions (
    id uuid NOT NULL PRIMARY KEY,
    form_id varchar(80) NOT NULL,
    form_version varchar(40) NOT NULL,
    resident_id uuid NOT NULL,
    submitted_by_id uuid NOT NULL,
    municipality_code varchar(3) NOT NULL,
    language varchar(2) NOT NULL,
    answers_json text NOT NULL,
    service_code varchar(60) NULL,
    status varchar(20) NOT NULL,
    case_id uuid NOT NULL,
    task_id uuid NOT NULL,
    queue_code varchar(60) NOT NULL,
    appointment_id uuid NULL,
    attachment_thread_id uuid NULL,
    outcome varchar(40) NULL,
    submitted_utc timestamptz NOT NULL,
    expected_by_utc timestamptz NOT NULL,
    completed_utc timestamptz NULL,
    version integer NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_assessment_form_submissions_resident_id_submitted_utc ON assessment_form_submissions (resident_id, submitted_utc);
CREATE UNIQUE INDEX IF NOT EXISTS ux_assessment_form_submissions_task_id ON assessment_form_submissions (task_id);
CREATE INDEX IF NOT EXISTS ix_assessment_form_submissions_appointment_id ON assessment_form_submissions (appointment_id);

CREATE TABLE IF NOT EXISTS assessment_form_status_changes (
    id uuid NOT NULL PRIMARY KEY,
    submission_id uuid NOT NULL REFERENCES assessment_form_submissions (id) ON DELETE CASCADE,
    status varchar(20) NOT NULL,
    at_utc timestamptz NOT NULL,
    step integer NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_assessment_form_status_changes_submission_id_step ON assessment_form_status_changes (submission_id, step);
