-- Digital follow-up (etäseuranta, issue 14 item 3): a resident's plan from a template (content/follow-up/plans.json)
-- with the queue its alerts go to, and the measurements recorded on it. alert_task_id is the open alert episode's
-- task, set by one conditional UPDATE so simultaneous out-of-limit values start one episode; reminded_through_utc is
-- the last reminded schedule slot, claimed the same way by the reminder job on any node.
CREATE TABLE IF NOT EXISTS contacts_follow_up_plans (
    id uuid NOT NULL PRIMARY KEY,
    resident_id uuid NOT NULL,
    template_code varchar(60) NOT NULL,
    queue_id uuid NOT NULL REFERENCES contacts_work_queues (id),
    case_id uuid NULL REFERENCES contacts_cases (id),
    municipality_code varchar(3) NULL,
    service_code varchar(60) NULL,
    start_date date NOT NULL,
    end_date date NOT NULL,
    state varchar(20) NOT NULL,
    created_utc timestamptz NOT NULL,
    created_by uuid NOT NULL,
    ended_utc timestamptz NULL,
    ended_by uuid NULL,
    reminded_through_utc timestamptz NULL,
    alert_task_id uuid NULL,
    version integer NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_contacts_follow_up_plans_resident_id ON contacts_follow_up_plans (resident_id);
CREATE INDEX IF NOT EXISTS ix_contacts_follow_up_plans_queue_id ON contacts_follow_up_plans (queue_id);
CREATE INDEX IF NOT EXISTS ix_contacts_follow_up_plans_case_id ON contacts_follow_up_plans (case_id);
CREATE INDEX IF NOT EXISTS ix_contacts_follow_up_plans_state_end_date ON contacts_follow_up_plans (state, end_date);

CREATE TABLE IF NOT EXISTS contacts_follow_up_measurements (
    id uuid NOT NULL PRIMARY KEY,
    plan_id uuid NOT NULL REFERENCES contacts_follow_up_plans (id) ON DELETE CASCADE,
    values_json varchar(1000) NOT NULL,
    measured_utc timestamptz NOT NULL,
    recorded_utc timestamptz NOT NULL,
    recorded_by uuid NOT NULL,
    note varchar(500) NULL,
    out_of_limits boolean NOT NULL,
    alert_task_id uuid NULL
);
CREATE INDEX IF NOT EXISTS ix_contacts_follow_up_measurements_plan_id_measured_utc ON contacts_follow_up_measurements (plan_id, measured_utc);
