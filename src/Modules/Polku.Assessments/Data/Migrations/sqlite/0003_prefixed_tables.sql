-- Table names prefixed by module (issue 11, ADR 0010): every table of the assessments module starts with assessment_.
-- Renaming a table rewrites the foreign keys that point to it (SQLite 3.26+). SQLite cannot rename an index, so each
-- index is dropped and created again under its new name, the same name as on PostgreSQL.
-- assessment_versions and assessment_responses already have the prefix.
ALTER TABLE routing_tables RENAME TO assessment_routing_tables;
DROP INDEX ix_routing_tables_number;
CREATE UNIQUE INDEX ix_assessment_routing_tables_number ON assessment_routing_tables (number);
