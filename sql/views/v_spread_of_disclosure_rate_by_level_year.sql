-- v_spread_of_disclosure_rate_by_level_year: how 实质公开率 ((granted + partial) / processed)
-- spreads across agencies of one level (省/市/县/乡) in one year — not the pooled rate of
-- v_summary_by_level_year, but the quartiles of the reports' own rates.
-- Grain: one row per area × agency_level × year: area 'country' (every province, province_code
-- NULL) or 'province' (one province_code; NULL there collects the reports whose region is unresolved).
-- Counts in_aggregates reports that print both sides of the rate (a blank or zero processed has no
-- rate and is left out, never counted as 0).
--   level_zh   国家, 省, 市, 县, 乡, 其他 (agency_level national … other)
--   reports    how many rates the quartiles are taken over
--   p25, median, p75  continuous quartiles; min, max the extremes
CREATE OR REPLACE VIEW v_spread_of_disclosure_rate_by_level_year AS
SELECT CASE WHEN grouping(province_code) = 1 THEN 'country' ELSE 'province' END AS area,
       province_code,
       CASE WHEN grouping(province_code) = 0 THEN any_value(province_name) END AS province_name,
       agency_level,
       CASE agency_level
           WHEN 'national'   THEN '国家'
           WHEN 'province'   THEN '省'
           WHEN 'prefecture' THEN '市'
           WHEN 'county'     THEN '县'
           WHEN 'township'   THEN '乡'
           ELSE '其他'
       END                                               AS level_zh,
       year,
       count(*)::INTEGER                                 AS reports,
       min(disclosure_rate)                              AS min,
       quantile_cont(disclosure_rate, 0.25)              AS p25,
       median(disclosure_rate)                           AS median,
       quantile_cont(disclosure_rate, 0.75)              AS p75,
       max(disclosure_rate)                              AS max
FROM v_report_applications
JOIN v_report USING (report_id, year, in_aggregates)
WHERE in_aggregates AND disclosure_rate IS NOT NULL
GROUP BY GROUPING SETS ((agency_level, year), (province_code, agency_level, year));
