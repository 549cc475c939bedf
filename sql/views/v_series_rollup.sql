-- v_series_rollup: the headline series of v_series_by_agency_year_metric summed over agencies, for
-- every grouping the series summaries offer at once, legacy years included. A building block: query
-- v_series_summary_by_year, _level_year, _province_year, _prefecture_year or _region_year.
-- Grain: one row per grouping_set × group: 'year', 'level_year' (agency_level, year),
-- 'province_year', 'prefecture_year', 'region_year' (the report's own region), as v_statistics_rollup.
-- Counts as v_statistics_rollup does: in_aggregates reports only (each agency-year's current
-- report; 全市/全区 summaries left out), printed numbers only (a blank is not a zero).
--   reports, reports_legacy, reports_2019_template, reports_2021_template
--                     reports giving the series: every templated report, a legacy report when it
--                     prints at least one of the figures
--   <metric>          the sum; <metric>_reports how many reports it adds up (a legacy year's sum
--                     covers only the reports that print the figure: compare years with these)
-- Each metric's meaning per template, and what changed in 2019: dim_series_crosswalk.
CREATE OR REPLACE VIEW v_series_rollup AS
SELECT rollup_grouping_set(grouping(agency_level, province_code, prefecture_code, region_code)) AS grouping_set,
       agency_level,
       province_code,
       any_value(province_name)   AS province_name,
       prefecture_code,
       any_value(prefecture_name) AS prefecture_name,
       region_code,
       any_value(region_name)     AS region_name,
       any_value(region_level)    AS region_level,
       year,
       count(DISTINCT report_id)::INTEGER                                      AS reports,
       count(DISTINCT report_id) FILTER (WHERE template = 'legacy')::INTEGER AS reports_legacy,
       count(DISTINCT report_id) FILTER (WHERE template = '2019')::INTEGER   AS reports_2019_template,
       count(DISTINCT report_id) FILTER (WHERE template = '2021')::INTEGER   AS reports_2021_template,
       sum(value) FILTER (WHERE metric = 'received')                 AS received,
       count(value) FILTER (WHERE metric = 'received')::INTEGER        AS received_reports,
       sum(value) FILTER (WHERE metric = 'granted')                  AS granted,
       count(value) FILTER (WHERE metric = 'granted')::INTEGER         AS granted_reports,
       sum(value) FILTER (WHERE metric = 'partial')                  AS partial,
       count(value) FILTER (WHERE metric = 'partial')::INTEGER         AS partial_reports,
       sum(value) FILTER (WHERE metric = 'denied')                   AS denied,
       count(value) FILTER (WHERE metric = 'denied')::INTEGER          AS denied_reports,
       sum(value) FILTER (WHERE metric = 'review_total')             AS review_total,
       count(value) FILTER (WHERE metric = 'review_total')::INTEGER    AS review_total_reports,
       sum(value) FILTER (WHERE metric = 'suit_total')               AS suit_total,
       count(value) FILTER (WHERE metric = 'suit_total')::INTEGER      AS suit_total_reports,
       sum(value) FILTER (WHERE metric = 'proactive_total')          AS proactive_total,
       count(value) FILTER (WHERE metric = 'proactive_total')::INTEGER AS proactive_total_reports,
       sum(value) FILTER (WHERE metric = 'request_fees')             AS request_fees,
       count(value) FILTER (WHERE metric = 'request_fees')::INTEGER    AS request_fees_reports
FROM v_series_by_agency_year_metric
WHERE in_aggregates
GROUP BY GROUPING SETS ((year), (agency_level, year), (province_code, year), (prefecture_code, year), (region_code, year));
