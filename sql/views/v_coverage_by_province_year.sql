-- v_coverage_by_province_year: what the warehouse holds — how many files of each template and
-- format it read, per province and data year; legacy (pre-2019) beside the templated reports.
-- Grain: one row per province × year × template × format, over every file in fact_report (every
-- copy, not only the current one: this counts what was read, not what the aggregates use).
--   template  2019, 2021, legacy, or 'none' for a file that is not a report or failed
--   province_code NULL: region unresolved; year NULL: no data year recognised
CREATE OR REPLACE VIEW v_coverage_by_province_year AS
SELECT g.province_code,
       prov.name                                                AS province_name,
       r.year,
       coalesce(r.template, 'none')                             AS template,
       r.format,
       count(*)::INTEGER                                        AS reports,
       count(*) FILTER (WHERE r.status = 'loaded')::INTEGER     AS loaded,
       count(*) FILTER (WHERE r.status = 'partial')::INTEGER    AS partial
FROM fact_report r
LEFT JOIN dim_region g ON g.code = r.region_code
LEFT JOIN dim_region prov ON prov.code = g.province_code
GROUP BY ALL;
