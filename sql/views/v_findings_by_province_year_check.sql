-- v_findings_by_province_year_check: which findings are raised most often, and on how many reports.
-- Grain: one row per province × data year × check × severity (province_code NULL: region
-- unresolved; year NULL: no data year recognised).
CREATE OR REPLACE VIEW v_findings_by_province_year_check AS
SELECT g.province_code,
       r.year,
       f."check",
       f.severity,
       count(*)::INTEGER                   AS findings,
       count(DISTINCT f.report_id)::INTEGER AS reports
FROM fact_finding f
JOIN fact_report r USING (report_id)
LEFT JOIN dim_region g ON g.code = r.region_code
GROUP BY ALL;
