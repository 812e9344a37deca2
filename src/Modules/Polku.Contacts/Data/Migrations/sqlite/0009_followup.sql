-- Digital follow-up (etäseuranta, issue 14 item 3): a resident's plan from a template (content/follow-up/plans.json)
-- with the queue its alerts go to, and the measurements recorded on it. alert_task_id is the open alert episode's
-- task, set by one conditional UPDATE so simultaneous out-of-limit values start one episode; reminded_through_utc is
-- the last reminded schedule slot, claimed the same way by the reminder job on any node.
CREATE TABLE IF NOT EXISTS contacts_follow_up_plans (
    id TEXT NOT NULL PRIMARY KEY,
    resident_id TEXT NOT NULL,
    template_code TEXT NOT NULL,
    queue_id TEXT NOT NULL REFERENCES contacts_work_queues (id),
    case_id TEXT NULL REFERENCES contacts_cases (id),
    municipality_code TEXT NULL,
    service_code TEXT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    state TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    created_by TEXT NOT NULL,
    ended_utc TEXT NULL,
    ended_by TEXT NULL,
    reminded_through_utc TEXT NULL,
    alert_task_id TEXT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_contacts_follow_up_plans_resident_id ON contacts_follow_up_plans (resident_id);
CREATE INDEX IF NOT EXISTS ix_contacts_follow_up_plans_queue_id ON contacts_follow_up_plans (queue_id);
CREATE INDEX IF NOT EXISTS ix_contacts_follow_up_plans_case_id ON contacts_follow_up_plans (case_id);
CREATE INDEX IF NOT EXISTS ix_contacts_follow_up_plans_state_end_date ON contacts_follow_up_plans (state, end_date);

CREATE TABLE IF NOT EXISTS contacts_follow_up_measurements (
    id TEXT NOT NULL PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES contacts_follow_up_plans (id) ON DELETE CASCADE,
    values_json TEXT NOT NULL,
    measured_utc TEXT NOT NULL,
    recorded_utc TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    note TEXT NULL,
    out_of_limits INTEGER NOT NULL,
    alert_task_id TEXT NULL
);
CREATE INDEX IF NOT EXISTS ix_contacts_follow_up_measurements_plan_id_measured_utc ON contacts_follow_up_measurements (plan_id, measured_utc);
