-- fact_table3: one row per printed cell of table 3 (收到和处理政府信息公开申请情况): grain report × metric × applicant.
-- Every cell the report prints gets a row, zeros, blanks and dashes included; value is set only
-- when state = 'number'.
CREATE TABLE IF NOT EXISTS fact_table3 (
    report_id  VARCHAR NOT NULL,  -- → fact_report
    metric     VARCHAR NOT NULL,  -- → dim_metric
    applicant  VARCHAR NOT NULL,  -- → dim_applicant
    value      DOUBLE,            -- the number; NULL unless state = 'number'
    state      VARCHAR NOT NULL,  -- number, blank, dash, unreadable
    raw        VARCHAR NOT NULL,  -- the cell's text as printed
    inferred   BOOLEAN NOT NULL,  -- filled from an identity, named by a cell.inferred finding
    page       INTEGER,
    x          DOUBLE,
    y          DOUBLE
);
