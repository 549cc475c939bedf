-- v_read_whole_by_format_province_year: which formats read clean — of the templated reports, how
-- many were read whole and how many have each kind of problem, as v_quality_by_report judges them,
-- per format, province and data year (v_quality_by_run gives the same per run).
-- Grain: one row per format × province × data year (province_code NULL: region unresolved; year
-- NULL: no data year recognised). Counts add up across rows; a report may have several problems.
CREATE OR REPLACE VIEW v_read_whole_by_format_province_year AS
SELECT r.format,
       g.province_code,
       q.year,
       count(*)::INTEGER                                          AS reports,
       count(*) FILTER (WHERE q.read_whole)::INTEGER              AS read_whole,
       count(*) FILTER (WHERE q.unreadable_cells > 0)::INTEGER    AS with_unreadable_cells,
       count(*) FILTER (WHERE q.tables_missing > 0)::INTEGER      AS with_tables_missing,
       count(*) FILTER (WHERE q.identity_failures > 0)::INTEGER   AS with_identity_failures,
       count(*) FILTER (WHERE q.missing_metadata <> '')::INTEGER  AS with_missing_metadata
FROM v_quality_by_report q
JOIN fact_report r USING (report_id)
LEFT JOIN dim_region g ON g.code = q.region_code
GROUP BY ALL;
