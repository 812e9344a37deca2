CREATE TABLE IF NOT EXISTS counties (
    id TEXT NOT NULL PRIMARY KEY,
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS municipalities (
    code TEXT NOT NULL PRIMARY KEY,
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    languages TEXT NOT NULL,
    record_system TEXT NULL,
    version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS units (
    id TEXT NOT NULL PRIMARY KEY,
    code TEXT NOT NULL,
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    kind TEXT NOT NULL,
    municipality_code TEXT NULL REFERENCES municipalities (code),
    served_municipalities TEXT NOT NULL,
    phone TEXT NULL,
    address TEXT NULL,
    open_on_holidays INTEGER NOT NULL,
    version INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_units_code ON units (code);
CREATE TABLE IF NOT EXISTS services (
    id TEXT NOT NULL PRIMARY KEY,
    code TEXT NOT NULL,
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description_fi TEXT NOT NULL,
    description_sv TEXT NOT NULL,
    description_en TEXT NOT NULL,
    keywords TEXT NOT NULL,
    sort_order INTEGER NOT NULL,
    version INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_services_code ON services (code);
CREATE TABLE IF NOT EXISTS service_channels (
    id TEXT NOT NULL PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    municipality_code TEXT NULL REFERENCES municipalities (code),
    kind TEXT NOT NULL,
    mode TEXT NOT NULL,
    url TEXT NULL,
    phone TEXT NULL,
    label_fi TEXT NULL,
    label_sv TEXT NULL,
    label_en TEXT NULL,
    unit_id TEXT NULL REFERENCES units (id),
    valid_from TEXT NULL,
    valid_to TEXT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_service_channels_service ON service_channels (service_id, municipality_code);
CREATE TABLE IF NOT EXISTS opening_periods (
    id TEXT NOT NULL PRIMARY KEY,
    owner_kind TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    weekday INTEGER NOT NULL,
    opens TEXT NOT NULL,
    closes TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_opening_periods_owner ON opening_periods (owner_kind, owner_id);
CREATE TABLE IF NOT EXISTS opening_exceptions (
    id TEXT NOT NULL PRIMARY KEY,
    owner_kind TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    date TEXT NOT NULL,
    closed INTEGER NOT NULL,
    opens TEXT NULL,
    closes TEXT NULL,
    note TEXT NULL
);
CREATE INDEX IF NOT EXISTS ix_opening_exceptions_owner ON opening_exceptions (owner_kind, owner_id, date);
