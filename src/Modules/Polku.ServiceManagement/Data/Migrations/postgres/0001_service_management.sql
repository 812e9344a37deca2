-- Service management of the county's digital services (issue 15, spec 06): the service catalogue, monitoring
-- (probes, outages, events), tickets (incidents, service requests, problems, changes) with their SLA clocks,
-- disruption notices, knowledge articles and the frozen monthly service-level reports.

-- The catalogue. Targets and sanctions are small JSON documents owned by the service (read and written whole).
CREATE TABLE IF NOT EXISTS sm_services (
    id varchar(60) PRIMARY KEY,
    name_fi varchar(200) NOT NULL,
    name_sv varchar(200) NOT NULL,
    name_en varchar(200) NOT NULL,
    owner varchar(200) NOT NULL,
    supplier varchar(200) NOT NULL,
    tier varchar(1) NOT NULL,
    calendar varchar(10) NOT NULL,
    availability_target double precision NOT NULL,
    max_unplanned_outages integer NOT NULL,
    lifecycle varchar(20) NOT NULL,
    external boolean NOT NULL,
    health_url varchar(400) NULL,
    probe_interval_seconds integer NOT NULL,
    probe_timeout_seconds integer NOT NULL,
    failures_to_open integer NOT NULL,
    targets_json text NOT NULL,
    sanctions_json text NOT NULL,
    updated_utc timestamptz NOT NULL
);

-- Seed 002's urgency x impact table as data (16 rows).
CREATE TABLE IF NOT EXISTS sm_priority_matrix (
    impact varchar(20) NOT NULL,
    urgency varchar(20) NOT NULL,
    priority varchar(2) NOT NULL,
    CONSTRAINT sm_priority_matrix_pkey PRIMARY KEY (impact, urgency)
);

-- Running numbers per ticket kind (INC-000001 …); taken with UPDATE … RETURNING.
CREATE TABLE IF NOT EXISTS sm_counters (
    kind varchar(10) PRIMARY KEY,
    last bigint NOT NULL
);

CREATE TABLE IF NOT EXISTS sm_tickets (
    id uuid PRIMARY KEY,
    number varchar(20) NOT NULL,
    kind varchar(10) NOT NULL,
    service_id varchar(60) NOT NULL REFERENCES sm_services (id),
    category varchar(60) NOT NULL,
    title varchar(200) NOT NULL,
    description text NOT NULL,
    reporter_name varchar(200) NOT NULL,
    reporter_email varchar(200) NULL,
    reporter_staff_id uuid NULL,
    assignee_group varchar(20) NOT NULL,
    assignee_staff_id uuid NULL,
    status varchar(30) NOT NULL,
    impact varchar(20) NOT NULL,
    urgency varchar(20) NOT NULL,
    matrix_priority varchar(2) NOT NULL,
    priority varchar(2) NOT NULL,
    priority_set_by uuid NULL,
    priority_reason text NULL,
    opened_utc timestamptz NOT NULL,
    responded_utc timestamptz NULL,
    resolved_utc timestamptz NULL,
    closed_utc timestamptz NULL,
    response_due_utc timestamptz NULL,
    resolution_due_utc timestamptz NULL,
    response_warned boolean NOT NULL,
    response_breached boolean NOT NULL,
    resolution_warned boolean NOT NULL,
    resolution_breached boolean NOT NULL,
    major_state varchar(20) NULL,
    parent_id uuid NULL,
    problem_id uuid NULL,
    outage_id uuid NULL,
    known_error boolean NOT NULL,
    workaround text NULL,
    communication_plan text NULL,
    rca_root_cause text NULL,
    rca_corrective text NULL,
    rca_prevention text NULL,
    change_type varchar(20) NULL,
    change_approval varchar(20) NULL,
    window_start_utc timestamptz NULL,
    window_end_utc timestamptz NULL,
    updated_utc timestamptz NOT NULL,
    version integer NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_sm_tickets_number ON sm_tickets (number);
CREATE INDEX IF NOT EXISTS ix_sm_tickets_kind_status_opened ON sm_tickets (kind, status, opened_utc);
CREATE INDEX IF NOT EXISTS ix_sm_tickets_service_opened ON sm_tickets (service_id, opened_utc);
CREATE INDEX IF NOT EXISTS ix_sm_tickets_opened ON sm_tickets (opened_utc);
CREATE INDEX IF NOT EXISTS ix_sm_tickets_parent_id ON sm_tickets (parent_id);
CREATE INDEX IF NOT EXISTS ix_sm_tickets_problem_id ON sm_tickets (problem_id);

-- Periods in which a ticket's SLA clock stood still (waiting for the reporter or a third party).
CREATE TABLE IF NOT EXISTS sm_ticket_pauses (
    id uuid PRIMARY KEY,
    ticket_id uuid NOT NULL REFERENCES sm_tickets (id) ON DELETE CASCADE,
    reason varchar(30) NOT NULL,
    start_utc timestamptz NOT NULL,
    end_utc timestamptz NULL
);
CREATE INDEX IF NOT EXISTS ix_sm_ticket_pauses_ticket_id ON sm_ticket_pauses (ticket_id);

-- Status history, comments (internal or visible to the reporter) and a major incident's timeline of updates.
CREATE TABLE IF NOT EXISTS sm_ticket_entries (
    id uuid PRIMARY KEY,
    ticket_id uuid NOT NULL REFERENCES sm_tickets (id) ON DELETE CASCADE,
    at_utc timestamptz NOT NULL,
    actor_staff_id uuid NULL,
    actor_name varchar(200) NOT NULL,
    kind varchar(30) NOT NULL,
    visibility varchar(20) NOT NULL,
    old_value varchar(200) NULL,
    new_value varchar(200) NULL,
    text text NULL
);
CREATE INDEX IF NOT EXISTS ix_sm_ticket_entries_ticket_id_at ON sm_ticket_entries (ticket_id, at_utc);

-- Monitoring: one schedule row per probed service; the node whose conditional UPDATE takes the lease probes it.
CREATE TABLE IF NOT EXISTS sm_probe_schedule (
    service_id varchar(60) PRIMARY KEY REFERENCES sm_services (id) ON DELETE CASCADE,
    next_due_utc timestamptz NOT NULL,
    leased_until_utc timestamptz NULL,
    consecutive_failures integer NOT NULL,
    last_ok_utc timestamptz NULL,
    last_failure_utc timestamptz NULL,
    open_outage_id uuid NULL
);

CREATE TABLE IF NOT EXISTS sm_probe_results (
    id uuid PRIMARY KEY,
    service_id varchar(60) NOT NULL REFERENCES sm_services (id) ON DELETE CASCADE,
    at_utc timestamptz NOT NULL,
    ok boolean NOT NULL,
    status_code integer NULL,
    duration_ms integer NOT NULL,
    error varchar(400) NULL
);
CREATE INDEX IF NOT EXISTS ix_sm_probe_results_service_at ON sm_probe_results (service_id, at_utc);

-- Outages as recorded (probe or by hand); availability merges near ones and splits them at month ends when computing.
CREATE TABLE IF NOT EXISTS sm_outages (
    id uuid PRIMARY KEY,
    service_id varchar(60) NOT NULL REFERENCES sm_services (id) ON DELETE CASCADE,
    start_utc timestamptz NOT NULL,
    end_utc timestamptz NULL,
    source varchar(20) NOT NULL,
    excluded_reason varchar(20) NULL,
    exclusion_note text NULL,
    incident_id uuid NULL,
    recorded_by uuid NULL,
    created_utc timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_sm_outages_service_start ON sm_outages (service_id, start_utc);

CREATE TABLE IF NOT EXISTS sm_events (
    id uuid PRIMARY KEY,
    service_id varchar(60) NULL,
    at_utc timestamptz NOT NULL,
    kind varchar(40) NOT NULL,
    severity varchar(10) NOT NULL,
    message text NOT NULL,
    outage_id uuid NULL,
    incident_id uuid NULL
);
CREATE INDEX IF NOT EXISTS ix_sm_events_at ON sm_events (at_utc);

-- Disruption notices (current and planned) for residents' front page and the public status page.
CREATE TABLE IF NOT EXISTS sm_notices (
    id uuid PRIMARY KEY,
    service_id varchar(60) NULL,
    kind varchar(20) NOT NULL,
    state varchar(20) NOT NULL,
    title_fi varchar(200) NOT NULL,
    title_sv varchar(200) NOT NULL,
    title_en varchar(200) NOT NULL,
    body_fi text NOT NULL,
    body_sv text NOT NULL,
    body_en text NOT NULL,
    starts_utc timestamptz NOT NULL,
    ends_utc timestamptz NULL,
    incident_id uuid NULL,
    change_id uuid NULL,
    created_utc timestamptz NOT NULL,
    published_utc timestamptz NULL,
    updated_utc timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_sm_notices_state_starts ON sm_notices (state, starts_utc);

CREATE TABLE IF NOT EXISTS sm_kb_articles (
    id uuid PRIMARY KEY,
    number varchar(20) NOT NULL,
    service_id varchar(60) NULL,
    title_fi varchar(200) NOT NULL,
    title_sv varchar(200) NOT NULL,
    title_en varchar(200) NOT NULL,
    body_fi text NOT NULL,
    body_sv text NOT NULL,
    body_en text NOT NULL,
    created_by uuid NULL,
    updated_utc timestamptz NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_sm_kb_articles_number ON sm_kb_articles (number);

CREATE TABLE IF NOT EXISTS sm_kb_links (
    article_id uuid NOT NULL REFERENCES sm_kb_articles (id) ON DELETE CASCADE,
    ticket_id uuid NOT NULL REFERENCES sm_tickets (id) ON DELETE CASCADE,
    CONSTRAINT sm_kb_links_pkey PRIMARY KEY (article_id, ticket_id)
);
CREATE INDEX IF NOT EXISTS ix_sm_kb_links_ticket_id ON sm_kb_links (ticket_id);

-- Monthly service-level reports: a closed month is frozen (content and its SHA-256); a correction is a new version.
CREATE TABLE IF NOT EXISTS sm_reports (
    id uuid PRIMARY KEY,
    service_id varchar(60) NOT NULL REFERENCES sm_services (id),
    year integer NOT NULL,
    month integer NOT NULL,
    version integer NOT NULL,
    created_utc timestamptz NOT NULL,
    created_by uuid NULL,
    content_json text NOT NULL,
    content_hash varchar(64) NOT NULL,
    previous_hash varchar(64) NULL,
    correction_reason text NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_sm_reports_service_month_version ON sm_reports (service_id, year, month, version);
