-- v_summary_by_prefecture_year: the same statistics per prefecture (地级市/州/盟) and year, the counties and departments in it rolled up.
-- Grain: one row per prefecture × year (NULL prefecture: a province-level agency, a 直辖市 district, or region unresolved).
-- The statistics of v_report_statistics aggregated as v_statistics_rollup describes: each agency's
-- own latest report counted once, jurisdiction summaries left out, blanks not counted as zero,
-- ratios as Σ numerator / Σ denominator over the reports that print both.
CREATE OR REPLACE VIEW v_summary_by_prefecture_year AS
SELECT prefecture_code, prefecture_name, year,
       * EXCLUDE (grouping_set, agency_level, province_code, province_name, prefecture_code, prefecture_name, region_code, region_name, region_level, year)
FROM v_statistics_rollup
WHERE grouping_set = 'prefecture_year';
