-- v_quality_by_run: how much of what each run saw is clean — of the templated reports among the
-- files a run saw (extracted or unchanged), how many were read whole and how many have each kind
-- of problem, judged on the reports as the warehouse now holds them.
-- Grain: one row per run in etl_run. The whole warehouse in one row: v_quality_overall.
--   reports                     templated reports among the run's files (see v_quality_by_report)
--   extracted                   of them, decoded and extracted by this run (not unchanged)
--   read_whole                  every cell a number, blank or dash, every identity holding,
--                               agency, region and year known
--   with_unreadable_cells / with_tables_missing / with_identity_failures / with_missing_metadata
--                               reports with at least one of that problem (a report may have several)
CREATE OR REPLACE VIEW v_quality_by_run AS
SELECT r.run_id,
       r.started_at,
       count(q.report_id)::INTEGER                                           AS reports,
       count(q.report_id) FILTER (WHERE e.outcome <> 'unchanged')::INTEGER   AS extracted,
       count(q.report_id) FILTER (WHERE q.read_whole)::INTEGER               AS read_whole,
       round(100.0 * count(q.report_id) FILTER (WHERE q.read_whole) / nullif(count(q.report_id), 0), 1) AS read_whole_pct,
       count(q.report_id) FILTER (WHERE q.unreadable_cells > 0)::INTEGER     AS with_unreadable_cells,
       count(q.report_id) FILTER (WHERE q.tables_missing > 0)::INTEGER       AS with_tables_missing,
       count(q.report_id) FILTER (WHERE q.identity_failures > 0)::INTEGER    AS with_identity_failures,
       count(q.report_id) FILTER (WHERE q.missing_metadata <> '')::INTEGER   AS with_missing_metadata
FROM etl_run r
LEFT JOIN etl_file e ON e.run_id = r.run_id
LEFT JOIN v_quality_by_report q ON q.report_id = e.report_id
GROUP BY r.run_id, r.started_at;
