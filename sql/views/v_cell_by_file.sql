-- v_cell_by_file: every cell every file prints, of tables 2, 3 and 4 and the pre-2019 figures, in
-- one shape, so copies of a report can be compared cell by cell. As stored: one file's reading.
-- Grain: one row per file (report_id) × metric × applicant (NULL outside table 3).
--   printed_in  table2, table3, table4 or legacy (the fact table it comes from)
--   inferred    filled from an identity rather than read (always false for legacy figures)
CREATE OR REPLACE VIEW v_cell_by_file AS
SELECT 'table2' AS printed_in, report_id, metric, NULL::VARCHAR AS applicant, value, state, raw, inferred FROM fact_table2
UNION ALL
SELECT 'table3', report_id, metric, applicant, value, state, raw, inferred FROM fact_table3
UNION ALL
SELECT 'table4', report_id, metric, NULL, value, state, raw, inferred FROM fact_table4
UNION ALL
SELECT 'legacy', report_id, metric, NULL, value, state, raw, false FROM fact_legacy;
