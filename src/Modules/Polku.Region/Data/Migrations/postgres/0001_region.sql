CREATE TABLE IF NOT EXISTS counties (
    id uuid PRIMARY KEY,
    name_fi varchar(200) NOT NULL,
    name_sv varchar(200) NOT NULL,
    name_en varchar(200) NOT NULL
);
CREATE TABLE IF NOT EXISTS municipalities (
    code varchar(3) PRIMARY KEY,
    name_fi varchar(100) NOT NULL,
    name_sv varchar(100) NOT NULL,
    name_en varchar(100) NOT NULL,
    languages varchar(20) NOT NULL,
    record_system varchar(200) NULL,
    version integer NOT NULL
);
CREATE TABLE IF NOT EXISTS units (
    id uuid PRIMARY KEY,
    code varchar(60) NOT NULL,
    name_fi varchar(200) NOT NULL,
    name_sv varchar(200) NOT NULL,
    name_en varchar(200) NOT NULL,
    kind varchar(30) NOT NULL,
    municipality_code varchar(3) NULL REFERENCES municipalities (code),
    served_municipalities varchar(100) NOT NULL,
    phone varchar(40) NULL,
    address varchar(300) NULL,
    open_on_holidays boolean NOT NULL,
    version integer NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_units_code ON units (code);
CREATE TABLE IF NOT EXISTS services (
    id uuid PRIMARY KEY,
    code varchar(60) NOT NULL,
    name_fi varchar(200) NOT NULL,
    name_sv varchar(200) NOT NULL,
    name_en varchar(200) NOT NULL,
    description_fi varchar(2000) NOT NULL,
    description_sv varchar(2000) NOT NULL,
    description_en varchar(2000) NOT NULL,
    keywords varchar(500) NOT NULL,
    sort_order integer NOT NULL,
    version integer NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_services_code ON services (code);
CREATE TABLE IF NOT EXISTS service_channels (
    id uuid PRIMARY KEY,
    service_id uuid NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    municipality_code varchar(3) NULL REFERENCES municipalities (code),
    kind varchar(30) NOT NULL,
    mode varchar(20) NOT NULL,
    url varchar(500) NULL,
    phone varchar(40) NULL,
    label_fi varchar(200) NULL,
    label_sv varchar(200) NULL,
    label_en varchar(200) NULL,
    unit_id uuid NULL REFERENCES units (id),
    valid_from date NULL,
    valid_to date NULL,
    version integer NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_service_channels_service ON service_channels (service_id, municipality_code);
CREATE TABLE IF NOT EXISTS opening_periods (
    id uuid PRIMARY KEY,
    owner_kind varchar(20) NOT NULL,
    owner_id uuid NOT NULL,
    weekday integer NOT NULL,
    opens time NOT NULL,
    closes time NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_opening_periods_owner ON opening_periods (owner_kind, owner_id);
CREATE TABLE IF NOT EXISTS opening_exceptions (
    id uuid PRIMARY KEY,
    owner_kind varchar(20) NOT NULL,
    owner_id uuid NOT NULL,
    date date NOT NULL,
    closed boolean NOT NULL,
    opens time NULL,
    closes time NULL,
    note varchar(200) NULL
);
CREATE INDEX IF NOT EXISTS ix_opening_exceptions_owner ON opening_exceptions (owner_kind, owner_id, date);
