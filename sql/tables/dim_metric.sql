-- dim_metric: one row per metric code of any template (t2.rules.made, t3.denied.process_info, t4.review.total …)
-- and of the pre-2019 statistics tables (legacy.requests.total, legacy.requests.total.cumulative …).
-- Refilled from pipeline/catalogue.ts allMetrics() every time the warehouse is opened for writing,
-- so the catalogue stays the one source of truth.
CREATE TABLE IF NOT EXISTS dim_metric (
    code        VARCHAR PRIMARY KEY,  -- stable metric code, as in report-format.md
    table_no    VARCHAR NOT NULL,     -- t2, t3, t4, legacy
    block       VARCHAR NOT NULL,     -- printed block (第二十条第（一）项) or table-3/4 block
    label_zh    VARCHAR NOT NULL,
    label_en    VARCHAR NOT NULL,
    unit        VARCHAR NOT NULL,     -- count, signed_count, wan_yuan (万元)
    templates   VARCHAR NOT NULL,     -- templates that print it: 2019, 2021, 2019,2021 or legacy
    sort_order  INTEGER NOT NULL      -- catalogue order, for stable exports
);
