-- v_quality_overall: how much of the warehouse is clean — of all templated reports it holds, how
-- many were read whole and how many have each kind of problem (the columns of v_quality_by_run).
-- Grain: one row, the whole warehouse.
CREATE OR REPLACE VIEW v_quality_overall AS
SELECT count(*)::INTEGER                                           AS reports,
       count(*) FILTER (WHERE read_whole)::INTEGER                 AS read_whole,
       round(100.0 * count(*) FILTER (WHERE read_whole) / nullif(count(*), 0), 1) AS read_whole_pct,
       count(*) FILTER (WHERE unreadable_cells > 0)::INTEGER       AS with_unreadable_cells,
       count(*) FILTER (WHERE tables_missing > 0)::INTEGER         AS with_tables_missing,
       count(*) FILTER (WHERE identity_failures > 0)::INTEGER      AS with_identity_failures,
       count(*) FILTER (WHERE missing_metadata <> '')::INTEGER     AS with_missing_metadata
FROM v_quality_by_report;
