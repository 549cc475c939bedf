-- etl_file: one row per run × source: what happened to every file the run saw, loaded or not.
CREATE TABLE IF NOT EXISTS etl_file (
    run_id       VARCHAR NOT NULL,  -- → etl_run
    location     VARCHAR NOT NULL,  -- the source as given: path or URL
    source       VARCHAR,           -- the file's own name
    sha256       VARCHAR,
    report_id    VARCHAR,           -- → fact_report, when a report row was written or kept
    outcome      VARCHAR NOT NULL,  -- loaded, partial, not_report, failed, unchanged
    stage        VARCHAR,           -- where it failed: fetch, decode, extract, validate
    reason       VARCHAR,           -- why it failed, one line
    duration_ms  INTEGER,           -- decode + extract + validate time
    channel      VARCHAR,           -- the channel it was found under (→ etl_channel); NULL for a source given directly
    found_on     VARCHAR            -- the page linking it: a listing page, or for an attachment its report page
);
