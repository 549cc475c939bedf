-- v_report_arithmetic_failures: the reports whose numbers contradict each other — within the
-- report (t3.balance, t3.outcomes, t3.applicants, t4.group) or with the agency's report of the
-- year before (xyear.carry, xyear.in_force) — and which identities fail how often.
-- Grain: one row per report with at least one failed identity. The failures themselves, with
-- expected and actual values, are in fact_finding.
CREATE OR REPLACE VIEW v_report_arithmetic_failures AS
SELECT r.report_id,
       r.source,
       r.agency,
       r.agency_key,
       r.year,
       r.template,
       count(*)::INTEGER                                                  AS failures,
       string_agg(DISTINCT f."check", ', ' ORDER BY f."check")            AS checks,
       count(*) FILTER (WHERE f."check" = 't3.balance')::INTEGER          AS t3_balance,
       count(*) FILTER (WHERE f."check" = 't3.outcomes')::INTEGER         AS t3_outcomes,
       count(*) FILTER (WHERE f."check" = 't3.applicants')::INTEGER       AS t3_applicants,
       count(*) FILTER (WHERE f."check" = 't4.group')::INTEGER            AS t4_group,
       count(*) FILTER (WHERE f."check" = 'xyear.carry')::INTEGER         AS xyear_carry,
       count(*) FILTER (WHERE f."check" = 'xyear.in_force')::INTEGER      AS xyear_in_force
FROM fact_report r
JOIN fact_finding f USING (report_id)
WHERE f."check" IN ('t3.balance', 't3.outcomes', 't3.applicants', 't4.group', 'xyear.carry', 'xyear.in_force')
GROUP BY ALL;
