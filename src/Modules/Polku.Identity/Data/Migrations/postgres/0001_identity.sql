CREATE TABLE IF NOT EXISTS people (
    id uuid PRIMARY KEY,
    identity_code varchar(11) NULL,
    first_name varchar(100) NOT NULL,
    last_name varchar(100) NOT NULL,
    home_municipality_code varchar(3) NULL,
    phone varchar(40) NULL,
    email varchar(200) NULL,
    street_address varchar(200) NULL,
    postal_code varchar(10) NULL,
    city varchar(100) NULL,
    protected_address boolean NOT NULL,
    preferred_language varchar(2) NOT NULL,
    security_stamp varchar(64) NOT NULL,
    created_utc timestamptz NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_people_identity_code ON people (identity_code);
CREATE TABLE IF NOT EXISTS guardianships (
    guardian_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    ward_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    PRIMARY KEY (guardian_id, ward_id)
);
CREATE INDEX IF NOT EXISTS ix_guardianships_ward_id ON guardianships (ward_id);
CREATE TABLE IF NOT EXISTS staff (
    id uuid PRIMARY KEY,
    login varchar(100) NOT NULL,
    display_name varchar(200) NOT NULL,
    title varchar(100) NOT NULL,
    email varchar(200) NULL,
    external_subject varchar(200) NULL,
    security_stamp varchar(64) NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_staff_login ON staff (login);
CREATE UNIQUE INDEX IF NOT EXISTS ux_staff_external_subject ON staff (external_subject);
CREATE TABLE IF NOT EXISTS staff_roles (
    staff_id uuid NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    role varchar(40) NOT NULL,
    PRIMARY KEY (staff_id, role)
);
CREATE TABLE IF NOT EXISTS staff_units (
    staff_id uuid NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    unit_id uuid NOT NULL,
    PRIMARY KEY (staff_id, unit_id)
);
CREATE INDEX IF NOT EXISTS ix_staff_units_unit_id ON staff_units (unit_id);
