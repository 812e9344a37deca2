-- Training of professionals (issue 16, spec 07): certificate kinds, programmes with their audiences, courses in order
-- with prerequisites, course groups with sessions and a capacity counter, enrolments with a waiting list, attendance,
-- the materials bank, discussion, exams with graded attempts, certificates, feedback and the log of automatic messages.

CREATE TABLE IF NOT EXISTS training_certificate_kinds (
    code varchar(40) PRIMARY KEY,
    name_fi varchar(200) NOT NULL,
    name_sv varchar(200) NOT NULL,
    name_en varchar(200) NOT NULL
);

CREATE TABLE IF NOT EXISTS training_programmes (
    id uuid PRIMARY KEY,
    code varchar(40) NOT NULL,
    name_fi varchar(200) NOT NULL,
    name_sv varchar(200) NOT NULL,
    name_en varchar(200) NOT NULL,
    description_fi text NOT NULL,
    description_sv text NOT NULL,
    description_en text NOT NULL,
    published boolean NOT NULL,
    created_utc timestamptz NOT NULL,
    updated_utc timestamptz NOT NULL,
    version integer NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_training_programmes_code ON training_programmes (code);

-- Whom a programme is offered to: organisation, unit (by code) or professional title (nurse, doctor …).
CREATE TABLE IF NOT EXISTS training_programme_audiences (
    programme_id uuid NOT NULL REFERENCES training_programmes (id) ON DELETE CASCADE,
    kind varchar(20) NOT NULL,
    value varchar(100) NOT NULL,
    CONSTRAINT training_programme_audiences_pkey PRIMARY KEY (programme_id, kind, value)
);
CREATE INDEX IF NOT EXISTS ix_training_programme_audiences_kind_value ON training_programme_audiences (kind, value);

CREATE TABLE IF NOT EXISTS training_courses (
    id uuid PRIMARY KEY,
    programme_id uuid NOT NULL REFERENCES training_programmes (id) ON DELETE CASCADE,
    code varchar(40) NOT NULL,
    name_fi varchar(200) NOT NULL,
    name_sv varchar(200) NOT NULL,
    name_en varchar(200) NOT NULL,
    description_fi text NOT NULL,
    description_sv text NOT NULL,
    description_en text NOT NULL,
    position integer NOT NULL,
    certificate_kind varchar(40) NULL REFERENCES training_certificate_kinds (code),
    validity_months integer NULL,
    is_renewal boolean NOT NULL,
    created_utc timestamptz NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_training_courses_code ON training_courses (code);
CREATE INDEX IF NOT EXISTS ix_training_courses_programme_position ON training_courses (programme_id, position);
CREATE INDEX IF NOT EXISTS ix_training_courses_certificate_kind ON training_courses (certificate_kind);

CREATE TABLE IF NOT EXISTS training_course_prerequisites (
    course_id uuid NOT NULL REFERENCES training_courses (id) ON DELETE CASCADE,
    required_course_id uuid NOT NULL REFERENCES training_courses (id) ON DELETE CASCADE,
    CONSTRAINT training_course_prerequisites_pkey PRIMARY KEY (course_id, required_course_id)
);
CREATE INDEX IF NOT EXISTS ix_training_course_prerequisites_required_course_id ON training_course_prerequisites (required_course_id);

-- A group's taken places are a counter that only a conditional UPDATE raises (taken < capacity): the race for the
-- last place is decided by that one statement (ADR 0017). The CHECK is the database's own guard behind it.
CREATE TABLE IF NOT EXISTS training_groups (
    id uuid PRIMARY KEY,
    course_id uuid NOT NULL REFERENCES training_courses (id) ON DELETE CASCADE,
    code varchar(40) NOT NULL,
    place varchar(200) NULL,
    online_url varchar(500) NULL,
    trainer_staff_id uuid NULL,
    capacity integer NOT NULL,
    taken integer NOT NULL,
    waiting_last integer NOT NULL,
    mandatory boolean NOT NULL,
    first_start_utc timestamptz NOT NULL,
    last_end_utc timestamptz NOT NULL,
    created_utc timestamptz NOT NULL,
    CONSTRAINT training_groups_taken_check CHECK (taken >= 0 AND taken <= capacity)
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_training_groups_code ON training_groups (code);
CREATE INDEX IF NOT EXISTS ix_training_groups_course_first_start ON training_groups (course_id, first_start_utc);
CREATE INDEX IF NOT EXISTS ix_training_groups_first_start_utc ON training_groups (first_start_utc);
CREATE INDEX IF NOT EXISTS ix_training_groups_trainer_staff_id ON training_groups (trainer_staff_id);

CREATE TABLE IF NOT EXISTS training_sessions (
    id uuid PRIMARY KEY,
    group_id uuid NOT NULL REFERENCES training_groups (id) ON DELETE CASCADE,
    start_utc timestamptz NOT NULL,
    end_utc timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_training_sessions_group_start ON training_sessions (group_id, start_utc);

-- active_course_id is the course while the enrolment is live and NULL once cancelled: NULLs are distinct in a unique
-- index on both engines, so (staff_id, active_course_id) allows one live enrolment per trainee and course.
CREATE TABLE IF NOT EXISTS training_enrolments (
    id uuid PRIMARY KEY,
    group_id uuid NOT NULL REFERENCES training_groups (id),
    course_id uuid NOT NULL,
    staff_id uuid NOT NULL,
    status varchar(20) NOT NULL,
    waiting_number integer NULL,
    active_course_id uuid NULL,
    created_utc timestamptz NOT NULL,
    enrolled_utc timestamptz NULL,
    cancelled_utc timestamptz NULL,
    completed_utc timestamptz NULL
);
CREATE INDEX IF NOT EXISTS ix_training_enrolments_group_status_waiting ON training_enrolments (group_id, status, waiting_number);
CREATE UNIQUE INDEX IF NOT EXISTS ux_training_enrolments_staff_active_course ON training_enrolments (staff_id, active_course_id);

CREATE TABLE IF NOT EXISTS training_attendance (
    session_id uuid NOT NULL REFERENCES training_sessions (id) ON DELETE CASCADE,
    enrolment_id uuid NOT NULL REFERENCES training_enrolments (id) ON DELETE CASCADE,
    present boolean NOT NULL,
    marked_by uuid NOT NULL,
    marked_utc timestamptz NOT NULL,
    CONSTRAINT training_attendance_pkey PRIMARY KEY (session_id, enrolment_id)
);
CREATE INDEX IF NOT EXISTS ix_training_attendance_enrolment_id ON training_attendance (enrolment_id);

CREATE TABLE IF NOT EXISTS training_materials (
    id uuid PRIMARY KEY,
    kind varchar(20) NOT NULL,
    title_fi varchar(200) NOT NULL,
    title_sv varchar(200) NOT NULL,
    title_en varchar(200) NOT NULL,
    url varchar(500) NOT NULL,
    created_utc timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS training_course_materials (
    course_id uuid NOT NULL REFERENCES training_courses (id) ON DELETE CASCADE,
    material_id uuid NOT NULL REFERENCES training_materials (id) ON DELETE CASCADE,
    position integer NOT NULL,
    CONSTRAINT training_course_materials_pkey PRIMARY KEY (course_id, material_id)
);
CREATE INDEX IF NOT EXISTS ix_training_course_materials_material_id ON training_course_materials (material_id);

CREATE TABLE IF NOT EXISTS training_posts (
    id uuid PRIMARY KEY,
    course_id uuid NOT NULL REFERENCES training_courses (id) ON DELETE CASCADE,
    group_id uuid NULL REFERENCES training_groups (id) ON DELETE CASCADE,
    author_staff_id uuid NOT NULL,
    author_name varchar(200) NOT NULL,
    text varchar(4000) NOT NULL,
    created_utc timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_training_posts_course_group_created ON training_posts (course_id, group_id, created_utc);
CREATE INDEX IF NOT EXISTS ix_training_posts_group_id ON training_posts (group_id);

CREATE TABLE IF NOT EXISTS training_exams (
    id uuid PRIMARY KEY,
    course_id uuid NOT NULL REFERENCES training_courses (id) ON DELETE CASCADE,
    pass_percent integer NOT NULL,
    max_attempts integer NULL,
    retake_wait_hours integer NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_training_exams_course_id ON training_exams (course_id);

CREATE TABLE IF NOT EXISTS training_exam_questions (
    id uuid PRIMARY KEY,
    exam_id uuid NOT NULL REFERENCES training_exams (id) ON DELETE CASCADE,
    position integer NOT NULL,
    text_fi text NOT NULL,
    text_sv text NOT NULL,
    text_en text NOT NULL,
    choices_json text NOT NULL,
    correct varchar(100) NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_training_exam_questions_exam_position ON training_exam_questions (exam_id, position);

-- (exam_id, staff_id, number) is unique: two submissions of the same attempt cannot both count.
CREATE TABLE IF NOT EXISTS training_exam_attempts (
    id uuid PRIMARY KEY,
    exam_id uuid NOT NULL REFERENCES training_exams (id) ON DELETE CASCADE,
    staff_id uuid NOT NULL,
    number integer NOT NULL,
    submitted_utc timestamptz NOT NULL,
    score integer NOT NULL,
    max_score integer NOT NULL,
    passed boolean NOT NULL,
    answers_json text NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_training_exam_attempts_exam_staff_number ON training_exam_attempts (exam_id, staff_id, number);

CREATE TABLE IF NOT EXISTS training_certificates (
    id uuid PRIMARY KEY,
    staff_id uuid NOT NULL,
    holder_name varchar(200) NOT NULL,
    kind varchar(40) NOT NULL REFERENCES training_certificate_kinds (code),
    course_id uuid NOT NULL REFERENCES training_courses (id),
    attempt_id uuid NULL,
    issued_utc timestamptz NOT NULL,
    expires_utc timestamptz NULL,
    verification_code varchar(20) NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_training_certificates_verification_code ON training_certificates (verification_code);
CREATE INDEX IF NOT EXISTS ix_training_certificates_staff_kind_issued ON training_certificates (staff_id, kind, issued_utc);
CREATE INDEX IF NOT EXISTS ix_training_certificates_expires_utc ON training_certificates (expires_utc);
CREATE INDEX IF NOT EXISTS ix_training_certificates_kind ON training_certificates (kind);
CREATE INDEX IF NOT EXISTS ix_training_certificates_course_id ON training_certificates (course_id);

CREATE TABLE IF NOT EXISTS training_feedback (
    id uuid PRIMARY KEY,
    course_id uuid NOT NULL REFERENCES training_courses (id) ON DELETE CASCADE,
    staff_id uuid NOT NULL,
    score integer NOT NULL,
    text varchar(4000) NULL,
    created_utc timestamptz NOT NULL,
    CONSTRAINT training_feedback_score_check CHECK (score BETWEEN 1 AND 5)
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_training_feedback_course_staff ON training_feedback (course_id, staff_id);

-- Every automatic message by its key; the primary key makes each one once only across nodes.
CREATE TABLE IF NOT EXISTS training_message_log (
    message_key varchar(200) PRIMARY KEY,
    staff_id uuid NOT NULL,
    sent_utc timestamptz NOT NULL
);
