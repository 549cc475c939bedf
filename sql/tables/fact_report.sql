-- fact_report: one row per ingested file, tables or not (pre-2019, not a report, unreadable, failed).
-- Identity: re-ingesting the same file (same source + sha256, or the same origin) replaces the row
-- and every fact row hanging off its report_id, in one transaction.
CREATE TABLE IF NOT EXISTS fact_report (
    report_id          VARCHAR PRIMARY KEY,  -- first 16 hex of sha256(origin): stable across runs
    source             VARCHAR NOT NULL,     -- the file's own name (basename / last URL segment)
    origin             VARCHAR NOT NULL,     -- absolute path or URL it was read from
    sha256             VARCHAR NOT NULL,     -- of the raw bytes; empty when they were never read
    bytes              BIGINT NOT NULL,
    format             VARCHAR NOT NULL,     -- pdf, html, docx, doc, ole (Office 97–2003, not Word), text, zip, empty, binary
    encoding           VARCHAR NOT NULL,     -- encoding the bytes were decoded from; empty for binary formats
    template           VARCHAR,              -- 2019, 2021, legacy; NULL when not a report
    year               INTEGER,              -- data year (statistics period), not publication year
    agency             VARCHAR,
    agency_key         VARCHAR,              -- → dim_agency; NULL when no agency was recognised
    region_code        VARCHAR,              -- → dim_region
    published          DATE,
    title              VARCHAR,
    status             VARCHAR NOT NULL,     -- loaded, partial, not_report, failed
    extractor_version  VARCHAR NOT NULL,     -- pipeline/version.ts at extraction; incremental runs compare it
    loaded_at          TIMESTAMP NOT NULL,
    run_id             VARCHAR NOT NULL,     -- → etl_run
    agency_kind        VARCHAR,
    agency_level       VARCHAR,
    agency_scope       VARCHAR,
    region_method      VARCHAR,
    region_confidence  DOUBLE,
    -- Columns added by migrations, each at the end in migration order, so a migrated warehouse's
    -- columns are in the same order as a new one's (rows are loaded by position).
    source_hints       VARCHAR               -- JSON of the hints its source gave ({} none): a re-read from raw/ uses them; NULL before schema 1
);
