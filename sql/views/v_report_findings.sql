-- v_report_findings: how much is wrong with each loaded file — its findings by severity and how many
-- of them are failed identities (the report's own arithmetic, or across years).
-- Grain: one row per report in fact_report (every file: legacy, not_report and failed included).
--   arithmetic_failures  findings of t3.balance, t3.outcomes, t3.applicants, t4.group, xyear.carry,
--                        xyear.in_force (see report-format.md, 勾稽关系)
CREATE OR REPLACE VIEW v_report_findings AS
SELECT r.report_id,
       r.source,
       r.agency,
       r.agency_key,
       r.year,
       r.template,
       r.status,
       count(f."check")::INTEGER                                     AS findings,
       count(*) FILTER (WHERE f.severity = 'error')::INTEGER         AS errors,
       count(*) FILTER (WHERE f.severity = 'warning')::INTEGER       AS warnings,
       count(*) FILTER (WHERE f.severity = 'info')::INTEGER          AS infos,
       count(*) FILTER (WHERE f."check" IN ('t3.balance', 't3.outcomes', 't3.applicants', 't4.group')
                           OR starts_with(f."check", 'xyear.'))::INTEGER AS arithmetic_failures
FROM fact_report r
LEFT JOIN fact_finding f USING (report_id)
GROUP BY ALL;
