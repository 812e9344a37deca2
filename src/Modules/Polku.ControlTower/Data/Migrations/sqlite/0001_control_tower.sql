-- Control tower (issue 17, spec 05). Rollups of the service-event journal, kept as events arrive and rebuilt from the
-- journal on demand; imported phone and walk-in counts, versioned per import.

-- One row per day ('d') or calendar month ('m', Europe/Helsinki) and combination of what the KPIs split by. An empty
-- string stands for "none" so that the primary key can decide an upsert (NULLs never conflict).
CREATE TABLE IF NOT EXISTS tower_facts (
    grain TEXT NOT NULL,
    period TEXT NOT NULL,
    municipality_code TEXT NOT NULL,
    service_code TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    type TEXT NOT NULL,
    channel TEXT NOT NULL,
    digital INTEGER NOT NULL,
    contact_kind TEXT NOT NULL,
    facet TEXT NOT NULL,
    events INTEGER NOT NULL,
    waiting_sum INTEGER NOT NULL,
    waiting_n INTEGER NOT NULL,
    handling_sum INTEGER NOT NULL,
    handling_n INTEGER NOT NULL,
    CONSTRAINT tower_facts_pkey PRIMARY KEY (grain, period, municipality_code, service_code, unit_id, type, channel, digital, contact_kind, facet)
);

-- How far the rollups have read the journal; one row. Locked (FOR UPDATE) by the node that catches up.
CREATE TABLE IF NOT EXISTS tower_rollup_state (
    id INTEGER PRIMARY KEY,
    rolled_until_utc TEXT NOT NULL,
    rebuilt_utc TEXT NULL,
    recounted_day TEXT NULL,
    events_rolled INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS tower_contact_imports (
    id TEXT PRIMARY KEY,
    number INTEGER NOT NULL,
    imported_utc TEXT NOT NULL,
    imported_by TEXT NULL,
    file_name TEXT NOT NULL,
    rows INTEGER NOT NULL,
    days INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_tower_contact_imports_number ON tower_contact_imports (number);

-- A day's counts are those of the newest import that had the day; earlier versions stay (current = false).
CREATE TABLE IF NOT EXISTS tower_imported_contacts (
    id TEXT PRIMARY KEY,
    import_id TEXT NOT NULL REFERENCES tower_contact_imports (id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    municipality_code TEXT NOT NULL,
    channel TEXT NOT NULL,
    kind TEXT NOT NULL,
    count INTEGER NOT NULL,
    current INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_tower_imported_contacts_day_current ON tower_imported_contacts (day, current);
CREATE INDEX IF NOT EXISTS ix_tower_imported_contacts_import_id ON tower_imported_contacts (import_id);
