-- fact_table2: one row per printed cell of table 2 (主动公开政府信息情况): grain report × metric.
-- Every cell the report prints gets a row, zeros, blanks and dashes included; value is set only
-- when state = 'number'.
-- Money (t2.procurement.amount, t2.fees.amount) is in 万元.
CREATE TABLE IF NOT EXISTS fact_table2 (
    report_id  VARCHAR NOT NULL,  -- → fact_report
    metric     VARCHAR NOT NULL,  -- → dim_metric
    value      DOUBLE,            -- the number; NULL unless state = 'number'
    state      VARCHAR NOT NULL,  -- number, blank, dash, unreadable
    raw        VARCHAR NOT NULL,  -- the cell's text as printed
    inferred   BOOLEAN NOT NULL,  -- filled from an identity, named by a cell.inferred finding
    page       INTEGER,
    x          DOUBLE,
    y          DOUBLE
);
