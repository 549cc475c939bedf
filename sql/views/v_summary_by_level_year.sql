-- v_summary_by_level_year: the same statistics per agency level (national, province, prefecture, county, township, other) and year.
-- Grain: one row per agency_level × year (NULL level: not recognised).
-- The statistics of v_report_statistics aggregated as v_statistics_rollup describes: each agency's
-- own latest report counted once, jurisdiction summaries left out, blanks not counted as zero,
-- ratios as Σ numerator / Σ denominator over the reports that print both.
CREATE OR REPLACE VIEW v_summary_by_level_year AS
SELECT agency_level, year,
       * EXCLUDE (grouping_set, agency_level, province_code, province_name, prefecture_code, prefecture_name, region_code, region_name, region_level, year)
FROM v_statistics_rollup
WHERE grouping_set = 'level_year';
