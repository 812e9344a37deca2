CREATE TABLE IF NOT EXISTS people (
    id TEXT NOT NULL PRIMARY KEY,
    identity_code TEXT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    home_municipality_code TEXT NULL,
    phone TEXT NULL,
    email TEXT NULL,
    street_address TEXT NULL,
    postal_code TEXT NULL,
    city TEXT NULL,
    protected_address INTEGER NOT NULL,
    preferred_language TEXT NOT NULL,
    security_stamp TEXT NOT NULL,
    created_utc TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_people_identity_code ON people (identity_code);
CREATE TABLE IF NOT EXISTS guardianships (
    guardian_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    ward_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    PRIMARY KEY (guardian_id, ward_id)
);
CREATE INDEX IF NOT EXISTS ix_guardianships_ward_id ON guardianships (ward_id);
CREATE TABLE IF NOT EXISTS staff (
    id TEXT NOT NULL PRIMARY KEY,
    login TEXT NOT NULL,
    display_name TEXT NOT NULL,
    title TEXT NOT NULL,
    email TEXT NULL,
    external_subject TEXT NULL,
    security_stamp TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_staff_login ON staff (login);
CREATE UNIQUE INDEX IF NOT EXISTS ux_staff_external_subject ON staff (external_subject);
CREATE TABLE IF NOT EXISTS staff_roles (
    staff_id TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (staff_id, role)
);
CREATE TABLE IF NOT EXISTS staff_units (
    staff_id TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    unit_id TEXT NOT NULL,
    PRIMARY KEY (staff_id, unit_id)
);
CREATE INDEX IF NOT EXISTS ix_staff_units_unit_id ON staff_units (unit_id);
