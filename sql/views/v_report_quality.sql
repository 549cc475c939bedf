-- v_report_quality: how well each file was read — whole, or with unreadable cells, failed
-- identities, a missing table, or not at all — and where it came from, so a reader can open it.
-- Grain: one row per file in fact_report (every copy; legacy, not_report and failed included).
--   cells              cells of tables 2–4 and legacy figures read
--   unreadable_cells   of them, those whose state is 'unreadable'
--   identity_failures  findings of t3.balance, t3.outcomes, t3.applicants, t4.group, xyear.*
--   quality            the first that holds: failed (status failed), not_report, identity_failed,
--                      unreadable_cells, partial (a table missing), no_figures (a report with no
--                      cell or figure read, e.g. a pre-2019 report no reader has figures for), whole
--   needs_look         quality is anything but whole and not_report
CREATE OR REPLACE VIEW v_report_quality AS
WITH cells AS (
    SELECT report_id,
           count(*)::INTEGER                                     AS cells,
           count(*) FILTER (WHERE state = 'unreadable')::INTEGER AS unreadable_cells
    FROM (SELECT report_id, state FROM fact_table2
          UNION ALL SELECT report_id, state FROM fact_table3
          UNION ALL SELECT report_id, state FROM fact_table4
          UNION ALL SELECT report_id, state FROM fact_legacy)
    GROUP BY report_id
),
findings AS (
    SELECT report_id,
           count(*) FILTER (WHERE severity = 'error')::INTEGER   AS errors,
           count(*) FILTER (WHERE severity = 'warning')::INTEGER AS warnings,
           count(*) FILTER (WHERE "check" IN ('t3.balance', 't3.outcomes', 't3.applicants', 't4.group')
                               OR starts_with("check", 'xyear.'))::INTEGER AS identity_failures,
           string_agg(DISTINCT "check", ', ' ORDER BY "check") FILTER (WHERE severity = 'error') AS error_checks
    FROM fact_finding
    GROUP BY report_id
),
measured AS (
    SELECT r.report_id, r.source, r.origin, r.format, r.template, r.year, r.agency, r.status, r.run_id,
           g.province_code,
           coalesce(c.cells, 0)             AS cells,
           coalesce(c.unreadable_cells, 0)  AS unreadable_cells,
           coalesce(f.identity_failures, 0) AS identity_failures,
           coalesce(f.errors, 0)            AS errors,
           coalesce(f.warnings, 0)          AS warnings,
           f.error_checks
    FROM fact_report r
    LEFT JOIN dim_region g ON g.code = r.region_code
    LEFT JOIN cells c USING (report_id)
    LEFT JOIN findings f USING (report_id)
)
SELECT *,
       CASE
           WHEN status = 'failed'      THEN 'failed'
           WHEN status = 'not_report'  THEN 'not_report'
           WHEN identity_failures > 0  THEN 'identity_failed'
           WHEN unreadable_cells > 0   THEN 'unreadable_cells'
           WHEN status = 'partial'     THEN 'partial'
           WHEN cells = 0              THEN 'no_figures'
           ELSE 'whole'
       END AS quality,
       quality NOT IN ('whole', 'not_report') AS needs_look
FROM measured;
