-- etl_schema_version: one row per schema version the warehouse has reached, by migrations
-- (sql/migrations/NNN_name.sql) or by being created at that version. Answers which nianbao may open
-- it: its version is max(version); a warehouse without rows here is version 0, the schema released
-- before versions were kept. A nianbao whose highest migration is below it refuses the file.
CREATE TABLE IF NOT EXISTS etl_schema_version (
    version     INTEGER PRIMARY KEY,
    reached_by  VARCHAR NOT NULL,    -- the migration files applied for it, or 'created' for a new warehouse
    reached_at  TIMESTAMP NOT NULL
);
