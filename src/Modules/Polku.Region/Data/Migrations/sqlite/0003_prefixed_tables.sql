-- Table names prefixed by module (issue 11, ADR 0010): every table of the region module starts with region_.
-- Renaming a table rewrites the foreign keys that point to it (SQLite 3.26+). SQLite cannot rename an index, so each
-- index is dropped and created again under its new name, the same name as on PostgreSQL.
ALTER TABLE counties RENAME TO region_counties;

ALTER TABLE municipalities RENAME TO region_municipalities;

ALTER TABLE units RENAME TO region_units;
DROP INDEX ix_units_municipality;
CREATE INDEX ix_region_units_municipality ON region_units (municipality_code);
DROP INDEX ux_units_code;
CREATE UNIQUE INDEX ux_region_units_code ON region_units (code);

ALTER TABLE services RENAME TO region_services;
DROP INDEX ux_services_code;
CREATE UNIQUE INDEX ux_region_services_code ON region_services (code);

ALTER TABLE service_channels RENAME TO region_service_channels;
DROP INDEX ix_service_channels_municipality;
CREATE INDEX ix_region_service_channels_municipality ON region_service_channels (municipality_code);
DROP INDEX ix_service_channels_service;
CREATE INDEX ix_region_service_channels_service ON region_service_channels (service_id, municipality_code);
DROP INDEX ix_service_channels_unit;
CREATE INDEX ix_region_service_channels_unit ON region_service_channels (unit_id);

ALTER TABLE opening_periods RENAME TO region_opening_periods;
DROP INDEX ix_opening_periods_owner;
CREATE INDEX ix_region_opening_periods_owner ON region_opening_periods (owner_kind, owner_id);

ALTER TABLE opening_exceptions RENAME TO region_opening_exceptions;
DROP INDEX ix_opening_exceptions_owner;
CREATE INDEX ix_region_opening_exceptions_owner ON region_opening_exceptions (owner_kind, owner_id, date);
