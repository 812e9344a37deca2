-- Training of professionals (issue 16, spec 07): certificate kinds, programmes with their audiences, courses in order
-- with prerequisites, course groups with sessions and a capacity counter, enrolments with a waiting list, attendance,
-- the materials bank, discussion, exams with graded attempts, certificates, feedback and the log of automatic messages.

CREATE TABLE IF NOT EXISTS training_certificate_kinds (
    code TEXT PRIMARY KEY,
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS training_programmes (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description_fi TEXT NOT NULL,
    description_sv TEXT NOT NULL,
    description_en TEXT NOT NULL,
    published INTEGER NOT NULL,
    created_utc TEXT NOT NULL,
    updated_utc TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_training_programmes_code ON training_programmes (code);

-- Whom a programme is offered to: organisation, unit (by code) or professional title (nurse, doctor …).
CREATE TABLE IF NOT EXISTS training_programme_audiences (
    programme_id TEXT NOT NULL REFERENCES training_programmes (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    CONSTRAINT training_programme_audiences_pkey PRIMARY KEY (programme_id, kind, value)
);
CREATE INDEX IF NOT EXISTS ix_training_programme_audiences_kind_value ON training_programme_audiences (kind, value);

CREATE TABLE IF NOT EXISTS training_courses (
    id TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES training_programmes (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description_fi TEXT NOT NULL,
    description_sv TEXT NOT NULL,
    description_en TEXT NOT NULL,
    position INTEGER NOT NULL,
    certificate_kind TEXT NULL REFERENCES training_certificate_kinds (code),
    validity_months INTEGER NULL,
    is_renewal INTEGER NOT NULL,
    created_utc TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_training_courses_code ON training_courses (code);
CREATE INDEX IF NOT EXISTS ix_training_courses_programme_position ON training_courses (programme_id, position);
CREATE INDEX IF NOT EXISTS ix_training_courses_certificate_kind ON training_courses (certificate_kind);

CREATE TABLE IF NOT EXISTS training_course_prerequisites (
    course_id TEXT NOT NULL REFERENCES training_courses (id) ON DELETE CASCADE,
    required_course_id TEXT NOT NULL REFERENCES training_courses (id) ON DELETE CASCADE,
    CONSTRAINT training_course_prerequisites_pkey PRIMARY KEY (course_id, required_course_id)
);
CREATE INDEX IF NOT EXISTS ix_training_course_prerequisites_required_course_id ON training_course_prerequisites (required_course_id);

-- A group's taken places are a counter that only a conditional UPDATE raises (taken < capacity): the race for the
-- last place is decided by that one statement (ADR 0017). The CHECK is the database's own guard behind it.
CREATE TABLE IF NOT EXISTS training_groups (
    id TEXT PRIMARY KEY,
    course_id TEXT NOT NULL REFERENCES training_courses (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    place TEXT NULL,
    online_url TEXT NULL,
    trainer_staff_id TEXT NULL,
    capacity INTEGER NOT NULL,
    taken INTEGER NOT NULL,
    waiting_last INTEGER NOT NULL,
    mandatory INTEGER NOT NULL,
    first_start_utc TEXT NOT NULL,
    last_end_utc TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    CONSTRAINT training_groups_taken_check CHECK (taken >= 0 AND taken <= capacity)
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_training_groups_code ON training_groups (code);
CREATE INDEX IF NOT EXISTS ix_training_groups_course_first_start ON training_groups (course_id, first_start_utc);
CREATE INDEX IF NOT EXISTS ix_training_groups_first_start_utc ON training_groups (first_start_utc);
CREATE INDEX IF NOT EXISTS ix_training_groups_trainer_staff_id ON training_groups (trainer_staff_id);

CREATE TABLE IF NOT EXISTS training_sessions (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL REFERENCES training_groups (id) ON DELETE CASCADE,
    start_utc TEXT NOT NULL,
    end_utc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_training_sessions_group_start ON training_sessions (group_id, start_utc);

-- active_course_id is the course while the enrolment is live and NULL once cancelled: NULLs are distinct in a unique
-- index on both engines, so (staff_id, active_course_id) allows one live enrolment per trainee and course.
CREATE TABLE IF NOT EXISTS training_enrolments (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL REFERENCES training_groups (id),
    course_id TEXT NOT NULL,
    staff_id TEXT NOT NULL,
    status TEXT NOT NULL,
    waiting_number INTEGER NULL,
    active_course_id TEXT NULL,
    created_utc TEXT NOT NULL,
    enrolled_utc TEXT NULL,
    cancelled_utc TEXT NULL,
    completed_utc TEXT NULL
);
CREATE INDEX IF NOT EXISTS ix_training_enrolments_group_status_waiting ON training_enrolments (group_id, status, waiting_number);
CREATE UNIQUE INDEX IF NOT EXISTS ux_training_enrolments_staff_active_course ON training_enrolments (staff_id, active_course_id);

CREATE TABLE IF NOT EXISTS training_attendance (
    session_id TEXT NOT NULL REFERENCES training_sessions (id) ON DELETE CASCADE,
    enrolment_id TEXT NOT NULL REFERENCES training_enrolments (id) ON DELETE CASCADE,
    present INTEGER NOT NULL,
    marked_by TEXT NOT NULL,
    marked_utc TEXT NOT NULL,
    CONSTRAINT training_attendance_pkey PRIMARY KEY (session_id, enrolment_id)
);
CREATE INDEX IF NOT EXISTS ix_training_attendance_enrolment_id ON training_attendance (enrolment_id);

CREATE TABLE IF NOT EXISTS training_materials (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    title_fi TEXT NOT NULL,
    title_sv TEXT NOT NULL,
    title_en TEXT NOT NULL,
    url TEXT NOT NULL,
    created_utc TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS training_course_materials (
    course_id TEXT NOT NULL REFERENCES training_courses (id) ON DELETE CASCADE,
    material_id TEXT NOT NULL REFERENCES training_materials (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    CONSTRAINT training_course_materials_pkey PRIMARY KEY (course_id, material_id)
);
CREATE INDEX IF NOT EXISTS ix_training_course_materials_material_id ON training_course_materials (material_id);

CREATE TABLE IF NOT EXISTS training_posts (
    id TEXT PRIMARY KEY,
    course_id TEXT NOT NULL REFERENCES training_courses (id) ON DELETE CASCADE,
    group_id TEXT NULL REFERENCES training_groups (id) ON DELETE CASCADE,
    author_staff_id TEXT NOT NULL,
    author_name TEXT NOT NULL,
    text TEXT NOT NULL,
    created_utc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_training_posts_course_group_created ON training_posts (course_id, group_id, created_utc);
CREATE INDEX IF NOT EXISTS ix_training_posts_group_id ON training_posts (group_id);

CREATE TABLE IF NOT EXISTS training_exams (
    id TEXT PRIMARY KEY,
    course_id TEXT NOT NULL REFERENCES training_courses (id) ON DELETE CASCADE,
    pass_percent INTEGER NOT NULL,
    max_attempts INTEGER NULL,
    retake_wait_hours INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_training_exams_course_id ON training_exams (course_id);

CREATE TABLE IF NOT EXISTS training_exam_questions (
    id TEXT PRIMARY KEY,
    exam_id TEXT NOT NULL REFERENCES training_exams (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text_fi TEXT NOT NULL,
    text_sv TEXT NOT NULL,
    text_en TEXT NOT NULL,
    choices_json TEXT NOT NULL,
    correct TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_training_exam_questions_exam_position ON training_exam_questions (exam_id, position);

-- (exam_id, staff_id, number) is unique: two submissions of the same attempt cannot both count.
CREATE TABLE IF NOT EXISTS training_exam_attempts (
    id TEXT PRIMARY KEY,
    exam_id TEXT NOT NULL REFERENCES training_exams (id) ON DELETE CASCADE,
    staff_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    submitted_utc TEXT NOT NULL,
    score INTEGER NOT NULL,
    max_score INTEGER NOT NULL,
    passed INTEGER NOT NULL,
    answers_json TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_training_exam_attempts_exam_staff_number ON training_exam_attempts (exam_id, staff_id, number);

CREATE TABLE IF NOT EXISTS training_certificates (
    id TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL,
    holder_name TEXT NOT NULL,
    kind TEXT NOT NULL REFERENCES training_certificate_kinds (code),
    course_id TEXT NOT NULL REFERENCES training_courses (id),
    attempt_id TEXT NULL,
    issued_utc TEXT NOT NULL,
    expires_utc TEXT NULL,
    verification_code TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_training_certificates_verification_code ON training_certificates (verification_code);
CREATE INDEX IF NOT EXISTS ix_training_certificates_staff_kind_issued ON training_certificates (staff_id, kind, issued_utc);
CREATE INDEX IF NOT EXISTS ix_training_certificates_expires_utc ON training_certificates (expires_utc);
CREATE INDEX IF NOT EXISTS ix_training_certificates_kind ON training_certificates (kind);
CREATE INDEX IF NOT EXISTS ix_training_certificates_course_id ON training_certificates (course_id);

CREATE TABLE IF NOT EXISTS training_feedback (
    id TEXT PRIMARY KEY,
    course_id TEXT NOT NULL REFERENCES training_courses (id) ON DELETE CASCADE,
    staff_id TEXT NOT NULL,
    score INTEGER NOT NULL,
    text TEXT NULL,
    created_utc TEXT NOT NULL,
    CONSTRAINT training_feedback_score_check CHECK (score BETWEEN 1 AND 5)
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_training_feedback_course_staff ON training_feedback (course_id, staff_id);

-- Every automatic message by its key; the primary key makes each one once only across nodes.
CREATE TABLE IF NOT EXISTS training_message_log (
    message_key TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL,
    sent_utc TEXT NOT NULL
);
