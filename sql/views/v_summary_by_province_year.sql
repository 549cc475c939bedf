-- v_summary_by_province_year: the same statistics per province (省/自治区/直辖市) and year, every agency in the province rolled up.
-- Grain: one row per province × year (NULL province: region unresolved).
-- The statistics of v_report_statistics aggregated as v_statistics_rollup describes: each agency's
-- own latest report counted once, jurisdiction summaries left out, blanks not counted as zero,
-- ratios as Σ numerator / Σ denominator over the reports that print both.
CREATE OR REPLACE VIEW v_summary_by_province_year AS
SELECT province_code, province_name, year,
       * EXCLUDE (grouping_set, agency_level, province_code, province_name, prefecture_code, prefecture_name, region_code, region_name, region_level, year)
FROM v_statistics_rollup
WHERE grouping_set = 'province_year';
