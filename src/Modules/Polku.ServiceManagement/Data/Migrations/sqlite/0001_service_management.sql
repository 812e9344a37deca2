-- Service management of the county's digital services (issue 15, spec 06): the service catalogue, monitoring
-- (probes, outages, events), tickets (incidents, service requests, problems, changes) with their SLA clocks,
-- disruption notices, knowledge articles and the frozen monthly service-level reports.

-- The catalogue. Targets and sanctions are small JSON documents owned by the service (read and written whole).
CREATE TABLE IF NOT EXISTS sm_services (
    id TEXT PRIMARY KEY,
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    owner TEXT NOT NULL,
    supplier TEXT NOT NULL,
    tier TEXT NOT NULL,
    calendar TEXT NOT NULL,
    availability_target REAL NOT NULL,
    max_unplanned_outages INTEGER NOT NULL,
    lifecycle TEXT NOT NULL,
    external INTEGER NOT NULL,
    health_url TEXT NULL,
    probe_interval_seconds INTEGER NOT NULL,
    probe_timeout_seconds INTEGER NOT NULL,
    failures_to_open INTEGER NOT NULL,
    targets_json TEXT NOT NULL,
    sanctions_json TEXT NOT NULL,
    updated_utc TEXT NOT NULL
);

-- Seed 002's urgency x impact table as data (16 rows).
CREATE TABLE IF NOT EXISTS sm_priority_matrix (
    impact TEXT NOT NULL,
    urgency TEXT NOT NULL,
    priority TEXT NOT NULL,
    CONSTRAINT sm_priority_matrix_pkey PRIMARY KEY (impact, urgency)
);

-- Running numbers per ticket kind (INC-000001 …); taken with UPDATE … RETURNING.
CREATE TABLE IF NOT EXISTS sm_counters (
    kind TEXT PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS sm_tickets (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL,
    kind TEXT NOT NULL,
    service_id TEXT NOT NULL REFERENCES sm_services (id),
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    reporter_name TEXT NOT NULL,
    reporter_email TEXT NULL,
    reporter_staff_id TEXT NULL,
    assignee_group TEXT NOT NULL,
    assignee_staff_id TEXT NULL,
    status TEXT NOT NULL,
    impact TEXT NOT NULL,
    urgency TEXT NOT NULL,
    matrix_priority TEXT NOT NULL,
    priority TEXT NOT NULL,
    priority_set_by TEXT NULL,
    priority_reason TEXT NULL,
    opened_utc TEXT NOT NULL,
    responded_utc TEXT NULL,
    resolved_utc TEXT NULL,
    closed_utc TEXT NULL,
    response_due_utc TEXT NULL,
    resolution_due_utc TEXT NULL,
    response_warned INTEGER NOT NULL,
    response_breached INTEGER NOT NULL,
    resolution_warned INTEGER NOT NULL,
    resolution_breached INTEGER NOT NULL,
    major_state TEXT NULL,
    parent_id TEXT NULL,
    problem_id TEXT NULL,
    outage_id TEXT NULL,
    known_error INTEGER NOT NULL,
    workaround TEXT NULL,
    communication_plan TEXT NULL,
    rca_root_cause TEXT NULL,
    rca_corrective TEXT NULL,
    rca_prevention TEXT NULL,
    change_type TEXT NULL,
    change_approval TEXT NULL,
    window_start_utc TEXT NULL,
    window_end_utc TEXT NULL,
    updated_utc TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_sm_tickets_number ON sm_tickets (number);
CREATE INDEX IF NOT EXISTS ix_sm_tickets_kind_status_opened ON sm_tickets (kind, status, opened_utc);
CREATE INDEX IF NOT EXISTS ix_sm_tickets_service_opened ON sm_tickets (service_id, opened_utc);
CREATE INDEX IF NOT EXISTS ix_sm_tickets_opened ON sm_tickets (opened_utc);
CREATE INDEX IF NOT EXISTS ix_sm_tickets_parent_id ON sm_tickets (parent_id);
CREATE INDEX IF NOT EXISTS ix_sm_tickets_problem_id ON sm_tickets (problem_id);

-- Periods in which a ticket's SLA clock stood still (waiting for the reporter or a third party).
CREATE TABLE IF NOT EXISTS sm_ticket_pauses (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES sm_tickets (id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    start_utc TEXT NOT NULL,
    end_utc TEXT NULL
);
CREATE INDEX IF NOT EXISTS ix_sm_ticket_pauses_ticket_id ON sm_ticket_pauses (ticket_id);

-- Status history, comments (internal or visible to the reporter) and a major incident's timeline of updates.
CREATE TABLE IF NOT EXISTS sm_ticket_entries (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES sm_tickets (id) ON DELETE CASCADE,
    at_utc TEXT NOT NULL,
    actor_staff_id TEXT NULL,
    actor_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    visibility TEXT NOT NULL,
    old_value TEXT NULL,
    new_value TEXT NULL,
    text TEXT NULL
);
CREATE INDEX IF NOT EXISTS ix_sm_ticket_entries_ticket_id_at ON sm_ticket_entries (ticket_id, at_utc);

-- Monitoring: one schedule row per probed service; the node whose conditional UPDATE takes the lease probes it.
CREATE TABLE IF NOT EXISTS sm_probe_schedule (
    service_id TEXT PRIMARY KEY REFERENCES sm_services (id) ON DELETE CASCADE,
    next_due_utc TEXT NOT NULL,
    leased_until_utc TEXT NULL,
    consecutive_failures INTEGER NOT NULL,
    last_ok_utc TEXT NULL,
    last_failure_utc TEXT NULL,
    open_outage_id TEXT NULL
);

CREATE TABLE IF NOT EXISTS sm_probe_results (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES sm_services (id) ON DELETE CASCADE,
    at_utc TEXT NOT NULL,
    ok INTEGER NOT NULL,
    status_code INTEGER NULL,
    duration_ms INTEGER NOT NULL,
    error TEXT NULL
);
CREATE INDEX IF NOT EXISTS ix_sm_probe_results_service_at ON sm_probe_results (service_id, at_utc);

-- Outages as recorded (probe or by hand); availability merges near ones and splits them at month ends when computing.
CREATE TABLE IF NOT EXISTS sm_outages (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES sm_services (id) ON DELETE CASCADE,
    start_utc TEXT NOT NULL,
    end_utc TEXT NULL,
    source TEXT NOT NULL,
    excluded_reason TEXT NULL,
    exclusion_note TEXT NULL,
    incident_id TEXT NULL,
    recorded_by TEXT NULL,
    created_utc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_sm_outages_service_start ON sm_outages (service_id, start_utc);

CREATE TABLE IF NOT EXISTS sm_events (
    id TEXT PRIMARY KEY,
    service_id TEXT NULL,
    at_utc TEXT NOT NULL,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    outage_id TEXT NULL,
    incident_id TEXT NULL
);
CREATE INDEX IF NOT EXISTS ix_sm_events_at ON sm_events (at_utc);

-- Disruption notices (current and planned) for residents' front page and the public status page.
CREATE TABLE IF NOT EXISTS sm_notices (
    id TEXT PRIMARY KEY,
    service_id TEXT NULL,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    title_fi TEXT NOT NULL,
    title_sv TEXT NOT NULL,
    title_en TEXT NOT NULL,
    body_fi TEXT NOT NULL,
    body_sv TEXT NOT NULL,
    body_en TEXT NOT NULL,
    starts_utc TEXT NOT NULL,
    ends_utc TEXT NULL,
    incident_id TEXT NULL,
    change_id TEXT NULL,
    created_utc TEXT NOT NULL,
    published_utc TEXT NULL,
    updated_utc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_sm_notices_state_starts ON sm_notices (state, starts_utc);

CREATE TABLE IF NOT EXISTS sm_kb_articles (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL,
    service_id TEXT NULL,
    title_fi TEXT NOT NULL,
    title_sv TEXT NOT NULL,
    title_en TEXT NOT NULL,
    body_fi TEXT NOT NULL,
    body_sv TEXT NOT NULL,
    body_en TEXT NOT NULL,
    created_by TEXT NULL,
    updated_utc TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_sm_kb_articles_number ON sm_kb_articles (number);

CREATE TABLE IF NOT EXISTS sm_kb_links (
    article_id TEXT NOT NULL REFERENCES sm_kb_articles (id) ON DELETE CASCADE,
    ticket_id TEXT NOT NULL REFERENCES sm_tickets (id) ON DELETE CASCADE,
    CONSTRAINT sm_kb_links_pkey PRIMARY KEY (article_id, ticket_id)
);
CREATE INDEX IF NOT EXISTS ix_sm_kb_links_ticket_id ON sm_kb_links (ticket_id);

-- Monthly service-level reports: a closed month is frozen (content and its SHA-256); a correction is a new version.
CREATE TABLE IF NOT EXISTS sm_reports (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES sm_services (id),
    year INTEGER NOT NULL,
    month INTEGER NOT NULL,
    version INTEGER NOT NULL,
    created_utc TEXT NOT NULL,
    created_by TEXT NULL,
    content_json TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    previous_hash TEXT NULL,
    correction_reason TEXT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_sm_reports_service_month_version ON sm_reports (service_id, year, month, version);
