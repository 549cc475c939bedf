-- v_series_summary_by_level_year: the headline series per agency level (national, province, prefecture, county, township, other) and year, legacy years included.
-- Grain: one row per agency_level × year (NULL level: not recognised).
-- The headline series of v_series_by_agency_year_metric summed as v_series_rollup describes: each
-- agency's current report counted once, jurisdiction summaries left out, blanks not counted as zero,
-- <metric>_reports beside each sum. What each series counts per template: dim_series_crosswalk.
CREATE OR REPLACE VIEW v_series_summary_by_level_year AS
SELECT agency_level, year,
       * EXCLUDE (grouping_set, agency_level, province_code, province_name, prefecture_code, prefecture_name, region_code, region_name, region_level, year)
FROM v_series_rollup
WHERE grouping_set = 'level_year';
