-- fact_finding: one row per data-quality finding about one report (failed identities, missing tables,
-- unknown units, decode problems, the stage that failed). Findings never block a load.
CREATE TABLE IF NOT EXISTS fact_finding (
    report_id   VARCHAR NOT NULL,  -- → fact_report
    finding_no  INTEGER NOT NULL,  -- order within the report, for stable exports
    "check"     VARCHAR NOT NULL,  -- t3.balance, t4.group, table.missing, unit.unknown, extract.failed …
    severity    VARCHAR NOT NULL,  -- error, warning, info
    subject     VARCHAR NOT NULL,  -- a column, a row, a metric, the file
    expected    VARCHAR,
    actual      VARCHAR,
    message     VARCHAR NOT NULL,
    stage       VARCHAR,           -- fetch, decode, extract, validate, load
    page        INTEGER
);
