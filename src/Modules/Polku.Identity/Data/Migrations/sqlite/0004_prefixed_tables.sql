-- Table names prefixed by module (issue 11, ADR 0010): every table of the identity module starts with identity_.
-- Renaming a table rewrites the foreign keys that point to it (SQLite 3.26+). SQLite cannot rename an index, so each
-- index is dropped and created again under its new name, the same name as on PostgreSQL.
ALTER TABLE people RENAME TO identity_people;
DROP INDEX ux_people_identity_code;
CREATE UNIQUE INDEX ux_identity_people_identity_code ON identity_people (identity_code);

ALTER TABLE guardianships RENAME TO identity_guardianships;
DROP INDEX ix_guardianships_ward_id;
CREATE INDEX ix_identity_guardianships_ward_id ON identity_guardianships (ward_id);

ALTER TABLE staff RENAME TO identity_staff;
DROP INDEX ux_staff_external_subject;
CREATE UNIQUE INDEX ux_identity_staff_external_subject ON identity_staff (external_subject);
DROP INDEX ux_staff_login;
CREATE UNIQUE INDEX ux_identity_staff_login ON identity_staff (login);

ALTER TABLE staff_roles RENAME TO identity_staff_roles;

ALTER TABLE staff_units RENAME TO identity_staff_units;
DROP INDEX ix_staff_units_unit_id;
CREATE INDEX ix_identity_staff_units_unit_id ON identity_staff_units (unit_id);

ALTER TABLE sessions RENAME TO identity_sessions;
DROP INDEX ix_sessions_expires_utc;
CREATE INDEX ix_identity_sessions_expires_utc ON identity_sessions (expires_utc);
DROP INDEX ix_sessions_person_id;
CREATE INDEX ix_identity_sessions_person_id ON identity_sessions (person_id);

ALTER TABLE test_idp_codes RENAME TO identity_test_idp_codes;
DROP INDEX ix_test_idp_codes_expires_utc;
CREATE INDEX ix_identity_test_idp_codes_expires_utc ON identity_test_idp_codes (expires_utc);

ALTER TABLE test_idp_keys RENAME TO identity_test_idp_keys;
