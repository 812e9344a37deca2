-- Table names prefixed by module (issue 11, ADR 0010): every table of the identity module starts with identity_.
-- Renaming a table keeps the foreign keys that point to it; the primary-key, foreign-key and index names are renamed
-- with it, so that every name says which table it belongs to (as on SQLite, where the indexes are recreated).
ALTER TABLE people RENAME TO identity_people;
ALTER TABLE identity_people RENAME CONSTRAINT people_pkey TO identity_people_pkey;
ALTER INDEX ux_people_identity_code RENAME TO ux_identity_people_identity_code;

ALTER TABLE guardianships RENAME TO identity_guardianships;
ALTER TABLE identity_guardianships RENAME CONSTRAINT guardianships_guardian_id_fkey TO identity_guardianships_guardian_id_fkey;
ALTER TABLE identity_guardianships RENAME CONSTRAINT guardianships_pkey TO identity_guardianships_pkey;
ALTER TABLE identity_guardianships RENAME CONSTRAINT guardianships_ward_id_fkey TO identity_guardianships_ward_id_fkey;
ALTER INDEX ix_guardianships_ward_id RENAME TO ix_identity_guardianships_ward_id;

ALTER TABLE staff RENAME TO identity_staff;
ALTER TABLE identity_staff RENAME CONSTRAINT staff_pkey TO identity_staff_pkey;
ALTER INDEX ux_staff_external_subject RENAME TO ux_identity_staff_external_subject;
ALTER INDEX ux_staff_login RENAME TO ux_identity_staff_login;

ALTER TABLE staff_roles RENAME TO identity_staff_roles;
ALTER TABLE identity_staff_roles RENAME CONSTRAINT staff_roles_pkey TO identity_staff_roles_pkey;
ALTER TABLE identity_staff_roles RENAME CONSTRAINT staff_roles_staff_id_fkey TO identity_staff_roles_staff_id_fkey;

ALTER TABLE staff_units RENAME TO identity_staff_units;
ALTER TABLE identity_staff_units RENAME CONSTRAINT staff_units_pkey TO identity_staff_units_pkey;
ALTER TABLE identity_staff_units RENAME CONSTRAINT staff_units_staff_id_fkey TO identity_staff_units_staff_id_fkey;
ALTER INDEX ix_staff_units_unit_id RENAME TO ix_identity_staff_units_unit_id;

ALTER TABLE sessions RENAME TO identity_sessions;
ALTER TABLE identity_sessions RENAME CONSTRAINT sessions_pkey TO identity_sessions_pkey;
ALTER INDEX ix_sessions_expires_utc RENAME TO ix_identity_sessions_expires_utc;
ALTER INDEX ix_sessions_person_id RENAME TO ix_identity_sessions_person_id;

ALTER TABLE test_idp_codes RENAME TO identity_test_idp_codes;
ALTER TABLE identity_test_idp_codes RENAME CONSTRAINT test_idp_codes_pkey TO identity_test_idp_codes_pkey;
ALTER INDEX ix_test_idp_codes_expires_utc RENAME TO ix_identity_test_idp_codes_expires_utc;

ALTER TABLE test_idp_keys RENAME TO identity_test_idp_keys;
ALTER TABLE identity_test_idp_keys RENAME CONSTRAINT test_idp_keys_pkey TO identity_test_idp_keys_pkey;
