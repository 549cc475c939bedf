-- etl_run: one row per completed ingest run. A run publishes the warehouse only when it has finished,
-- so a killed run leaves no row here (its log says what happened).
CREATE TABLE IF NOT EXISTS etl_run (
    run_id             VARCHAR PRIMARY KEY,
    started_at         TIMESTAMP NOT NULL,
    finished_at        TIMESTAMP NOT NULL,
    status             VARCHAR NOT NULL,  -- ok, sources_failed
    extractor_version  VARCHAR NOT NULL,
    forced             BOOLEAN NOT NULL,  -- --force: everything re-extracted
    files_seen         INTEGER NOT NULL,  -- sources after expanding folders and lists
    files_fetched      INTEGER NOT NULL,  -- read or downloaded with new content
    files_unchanged    INTEGER NOT NULL,  -- same bytes and extractor version already loaded
    files_extracted    INTEGER NOT NULL,  -- decoded and extracted this run
    files_failed       INTEGER NOT NULL,  -- failed at fetch, decode, extract or validate
    findings_error     INTEGER NOT NULL,  -- findings of the reports loaded this run, by severity, cross-year ones included
    findings_warning   INTEGER NOT NULL,
    findings_info      INTEGER NOT NULL,
    cells_loaded       BIGINT NOT NULL,
    -- Columns added by migrations, each at the end in migration order, so a migrated warehouse's
    -- columns are in the same order as a new one's (rows are loaded by position).
    findings_cross_year INTEGER           -- of findings_*, the xyear.* ones on a pair of reports one of which this run loaded; NULL before schema 1
);
