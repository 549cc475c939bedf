-- v_quality_by_report: was each templated report read whole, and if not, what is wrong with it — the
-- list to open when a run's quality figure drops.
-- Grain: one row per report that should print the template tables: loaded or partial, template
-- 2019, 2021 or unknown (legacy, not_report and failed files are left out).
--   unreadable_cells   printed cells of tables 2–4 read as neither a number, a blank nor a dash
--   tables_missing     table.missing findings: a table the reader did not find at all
--   identity_failures  the report's own arithmetic failing: t3.balance, t3.outcomes, t3.applicants,
--                      t4.group (cross-year checks are between reports, not counted here)
--   missing_metadata   which of agency, region, year is unknown ('' when none; see meta.missing)
--   read_whole         every cell a number, blank or dash, every identity holding, agency, region
--                      and year known
--   problems           the above in one line, for a status listing
CREATE OR REPLACE VIEW v_quality_by_report AS
WITH cell_counts AS (
    SELECT report_id,
           count(*)::INTEGER                                  AS cells,
           count(*) FILTER (WHERE state = 'unreadable')::INTEGER AS unreadable_cells
    FROM v_cell_by_file
    WHERE printed_in <> 'legacy'
    GROUP BY report_id
),
finding_counts AS (
    SELECT report_id,
           count(*) FILTER (WHERE "check" = 'table.missing')::INTEGER AS tables_missing,
           count(*) FILTER (WHERE "check" IN ('t3.balance', 't3.outcomes', 't3.applicants', 't4.group'))::INTEGER AS identity_failures,
           string_agg(DISTINCT "check", ', ' ORDER BY "check")
               FILTER (WHERE "check" IN ('t3.balance', 't3.outcomes', 't3.applicants', 't4.group')) AS identity_checks
    FROM fact_finding
    GROUP BY report_id
),
judged AS (
    SELECT r.report_id, r.source, r.origin, r.run_id, r.agency, r.region_code, r.year, r.template, r.status,
           coalesce(c.cells, 0)             AS cells,
           coalesce(c.unreadable_cells, 0)  AS unreadable_cells,
           coalesce(f.tables_missing, 0)    AS tables_missing,
           coalesce(f.identity_failures, 0) AS identity_failures,
           f.identity_checks,
           concat_ws(', ', CASE WHEN r.agency IS NULL THEN 'agency' END,
                           CASE WHEN r.region_code IS NULL THEN 'region' END,
                           CASE WHEN r.year IS NULL THEN 'year' END) AS missing_metadata
    FROM fact_report r
    LEFT JOIN cell_counts c USING (report_id)
    LEFT JOIN finding_counts f USING (report_id)
    WHERE r.status IN ('loaded', 'partial') AND r.template IS DISTINCT FROM 'legacy'
)
SELECT *,
       unreadable_cells = 0 AND tables_missing = 0 AND identity_failures = 0 AND missing_metadata = '' AND template IS NOT NULL AS read_whole,
       concat_ws('; ',
           CASE WHEN missing_metadata <> '' THEN 'no ' || missing_metadata END,
           CASE WHEN template IS NULL THEN 'template unknown' END,
           CASE WHEN tables_missing > 0 THEN tables_missing || ' table(s) missing' END,
           CASE WHEN unreadable_cells > 0 THEN unreadable_cells || ' of ' || cells || ' cells unreadable' END,
           CASE WHEN identity_failures > 0 THEN identity_failures || ' identity failure(s): ' || identity_checks END) AS problems
FROM judged;
