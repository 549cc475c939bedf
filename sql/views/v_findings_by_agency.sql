-- v_findings_by_agency: which agencies' reports have the most problems — findings by severity and
-- failed identities over all of an agency's loaded reports.
-- Grain: one row per agency (dim_agency).
--   reports_failing_arithmetic  reports with at least one failed identity (as v_report_arithmetic_failures)
CREATE OR REPLACE VIEW v_findings_by_agency AS
WITH per_report AS (
    SELECT r.agency_key,
           r.report_id,
           count(f."check")                                              AS findings,
           count(*) FILTER (WHERE f.severity = 'error')                  AS errors,
           count(*) FILTER (WHERE f.severity = 'warning')                AS warnings,
           count(*) FILTER (WHERE f.severity = 'info')                   AS infos,
           count(*) FILTER (WHERE f."check" IN ('t3.balance', 't3.outcomes', 't3.applicants', 't4.group')
                               OR starts_with(f."check", 'xyear.'))      AS arithmetic_failures
    FROM fact_report r
    LEFT JOIN fact_finding f USING (report_id)
    WHERE r.agency_key IS NOT NULL
    GROUP BY ALL
)
SELECT a.agency_key,
       a.name                                                         AS agency,
       a.region_code,
       a.level,
       a.scope,
       count(*)::INTEGER                                              AS reports,
       count(*) FILTER (WHERE p.findings > 0)::INTEGER                AS reports_with_findings,
       sum(p.findings)::INTEGER                                       AS findings,
       sum(p.errors)::INTEGER                                         AS errors,
       sum(p.warnings)::INTEGER                                       AS warnings,
       sum(p.infos)::INTEGER                                          AS infos,
       sum(p.arithmetic_failures)::INTEGER                            AS arithmetic_failures,
       count(*) FILTER (WHERE p.arithmetic_failures > 0)::INTEGER     AS reports_failing_arithmetic
FROM dim_agency a
JOIN per_report p USING (agency_key)
GROUP BY ALL;
