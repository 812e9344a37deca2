-- Table names prefixed by module (issue 11, ADR 0010): every table of the assessments module starts with assessment_.
-- Renaming a table keeps the foreign keys that point to it; the primary-key, foreign-key and index names are renamed
-- with it, so that every name says which table it belongs to (as on SQLite, where the indexes are recreated).
-- assessment_versions and assessment_responses already have the prefix.
ALTER TABLE routing_tables RENAME TO assessment_routing_tables;
ALTER TABLE assessment_routing_tables RENAME CONSTRAINT routing_tables_pkey TO assessment_routing_tables_pkey;
ALTER INDEX ix_routing_tables_number RENAME TO ix_assessment_routing_tables_number;
