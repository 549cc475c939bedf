-- report_copy_cell: the cells the views count for each report held by several files (report_copy),
-- each as the best copy reads it: the chosen copy's own reading, or, where it could not read a cell
-- (unreadable, inferred or not found), the reading of the best-ranked copy that could. Rebuilt with
-- report_copy after every load (pipeline/5-load/copies.ts); read through v_cell_by_report.
-- Grain: one row per chosen copy (report_copy.chosen_id) × printed_in × metric × applicant.
CREATE TABLE IF NOT EXISTS report_copy_cell (
    report_id        VARCHAR NOT NULL,  -- → fact_report: the chosen copy
    printed_in       VARCHAR NOT NULL,  -- table2, table3, table4, legacy
    metric           VARCHAR NOT NULL,  -- → dim_metric (or a legacy.* code)
    applicant        VARCHAR,           -- → dim_applicant; NULL outside table 3
    value            DOUBLE,            -- NULL unless state = 'number'
    state            VARCHAR NOT NULL,  -- number, blank, dash, unreadable
    raw              VARCHAR NOT NULL,
    inferred         BOOLEAN NOT NULL,
    from_report_id   VARCHAR NOT NULL,  -- → fact_report: the copy whose reading this is
    copies_read      INTEGER NOT NULL,  -- how many copies read the cell (number, blank or dash; not inferred)
    copies_agreeing  INTEGER NOT NULL   -- how many of them read it as here (cells_agree)
);
