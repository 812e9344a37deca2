-- Control tower (issue 17, spec 05). Rollups of the service-event journal, kept as events arrive and rebuilt from the
-- journal on demand; imported phone and walk-in counts, versioned per import.

-- One row per day ('d') or calendar month ('m', Europe/Helsinki) and combination of what the KPIs split by. An empty
-- string stands for "none" so that the primary key can decide an upsert (NULLs never conflict).
CREATE TABLE IF NOT EXISTS tower_facts (
    grain varchar(1) NOT NULL,
    period date NOT NULL,
    municipality_code varchar(3) NOT NULL,
    service_code varchar(60) NOT NULL,
    unit_id varchar(36) NOT NULL,
    type varchar(60) NOT NULL,
    channel varchar(40) NOT NULL,
    digital boolean NOT NULL,
    contact_kind varchar(20) NOT NULL,
    facet varchar(60) NOT NULL,
    events bigint NOT NULL,
    waiting_sum bigint NOT NULL,
    waiting_n bigint NOT NULL,
    handling_sum bigint NOT NULL,
    handling_n bigint NOT NULL,
    CONSTRAINT tower_facts_pkey PRIMARY KEY (grain, period, municipality_code, service_code, unit_id, type, channel, digital, contact_kind, facet)
);

-- How far the rollups have read the journal; one row. Locked (FOR UPDATE) by the node that catches up.
CREATE TABLE IF NOT EXISTS tower_rollup_state (
    id integer PRIMARY KEY,
    rolled_until_utc timestamptz NOT NULL,
    rebuilt_utc timestamptz NULL,
    recounted_day date NULL,
    events_rolled bigint NOT NULL
);

CREATE TABLE IF NOT EXISTS tower_contact_imports (
    id uuid PRIMARY KEY,
    number integer NOT NULL,
    imported_utc timestamptz NOT NULL,
    imported_by uuid NULL,
    file_name varchar(200) NOT NULL,
    rows integer NOT NULL,
    days integer NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_tower_contact_imports_number ON tower_contact_imports (number);

-- A day's counts are those of the newest import that had the day; earlier versions stay (current = false).
CREATE TABLE IF NOT EXISTS tower_imported_contacts (
    id uuid PRIMARY KEY,
    import_id uuid NOT NULL REFERENCES tower_contact_imports (id) ON DELETE CASCADE,
    day date NOT NULL,
    municipality_code varchar(3) NOT NULL,
    channel varchar(20) NOT NULL,
    kind varchar(20) NOT NULL,
    count integer NOT NULL,
    current boolean NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_tower_imported_contacts_day_current ON tower_imported_contacts (day, current);
CREATE INDEX IF NOT EXISTS ix_tower_imported_contacts_import_id ON tower_imported_contacts (import_id);
