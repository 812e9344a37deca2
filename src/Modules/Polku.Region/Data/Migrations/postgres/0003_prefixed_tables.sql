-- Table names prefixed by module (issue 11, ADR 0010): every table of the region module starts with region_.
-- Renaming a table keeps the foreign keys that point to it; the primary-key, foreign-key and index names are renamed
-- with it, so that every name says which table it belongs to (as on SQLite, where the indexes are recreated).
ALTER TABLE counties RENAME TO region_counties;
ALTER TABLE region_counties RENAME CONSTRAINT counties_pkey TO region_counties_pkey;

ALTER TABLE municipalities RENAME TO region_municipalities;
ALTER TABLE region_municipalities RENAME CONSTRAINT municipalities_pkey TO region_municipalities_pkey;

ALTER TABLE units RENAME TO region_units;
ALTER TABLE region_units RENAME CONSTRAINT units_municipality_code_fkey TO region_units_municipality_code_fkey;
ALTER TABLE region_units RENAME CONSTRAINT units_pkey TO region_units_pkey;
ALTER INDEX ix_units_municipality RENAME TO ix_region_units_municipality;
ALTER INDEX ux_units_code RENAME TO ux_region_units_code;

ALTER TABLE services RENAME TO region_services;
ALTER TABLE region_services RENAME CONSTRAINT services_pkey TO region_services_pkey;
ALTER INDEX ux_services_code RENAME TO ux_region_services_code;

ALTER TABLE service_channels RENAME TO region_service_channels;
ALTER TABLE region_service_channels RENAME CONSTRAINT service_channels_municipality_code_fkey TO region_service_channels_municipality_code_fkey;
ALTER TABLE region_service_channels RENAME CONSTRAINT service_channels_pkey TO region_service_channels_pkey;
ALTER TABLE region_service_channels RENAME CONSTRAINT service_channels_service_id_fkey TO region_service_channels_service_id_fkey;
ALTER TABLE region_service_channels RENAME CONSTRAINT service_channels_unit_id_fkey TO region_service_channels_unit_id_fkey;
ALTER INDEX ix_service_channels_municipality RENAME TO ix_region_service_channels_municipality;
ALTER INDEX ix_service_channels_service RENAME TO ix_region_service_channels_service;
ALTER INDEX ix_service_channels_unit RENAME TO ix_region_service_channels_unit;

ALTER TABLE opening_periods RENAME TO region_opening_periods;
ALTER TABLE region_opening_periods RENAME CONSTRAINT opening_periods_pkey TO region_opening_periods_pkey;
ALTER INDEX ix_opening_periods_owner RENAME TO ix_region_opening_periods_owner;

ALTER TABLE opening_exceptions RENAME TO region_opening_exceptions;
ALTER TABLE region_opening_exceptions RENAME CONSTRAINT opening_exceptions_pkey TO region_opening_exceptions_pkey;
ALTER INDEX ix_opening_exceptions_owner RENAME TO ix_region_opening_exceptions_owner;
