-- v_summary_by_region_year: the same statistics per region as resolved for each report (a county, a prefecture, a province) and year, without rolling up.
-- Grain: one row per region × year (NULL region: unresolved).
-- The statistics of v_report_statistics aggregated as v_statistics_rollup describes: each agency's
-- own latest report counted once, jurisdiction summaries left out, blanks not counted as zero,
-- ratios as Σ numerator / Σ denominator over the reports that print both.
CREATE OR REPLACE VIEW v_summary_by_region_year AS
SELECT region_code, region_name, region_level, year,
       * EXCLUDE (grouping_set, agency_level, province_code, province_name, prefecture_code, prefecture_name, region_code, region_name, region_level, year)
FROM v_statistics_rollup
WHERE grouping_set = 'region_year';
