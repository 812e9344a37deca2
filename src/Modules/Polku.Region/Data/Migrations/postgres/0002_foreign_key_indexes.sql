-- Indexes on the three foreign keys that had none (the EF model has them by convention; the schema test of issue 11
-- found them missing): a municipality's units and service channels, a unit's service channels. Without them, deleting
-- a municipality or a unit also reads the whole referencing table to check that no row still points to it.
CREATE INDEX IF NOT EXISTS ix_units_municipality ON units (municipality_code);
CREATE INDEX IF NOT EXISTS ix_service_channels_municipality ON service_channels (municipality_code);
CREATE INDEX IF NOT EXISTS ix_service_channels_unit ON service_channels (unit_id);
