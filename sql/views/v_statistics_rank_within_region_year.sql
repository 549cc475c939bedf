-- v_statistics_rank_within_region_year: how each agency ranks among the agencies of its province
-- and of its prefecture in a year, on every statistic (1 = highest value; ties share a rank).
-- Grain: one row per within_level (province, prefecture) × region × year × statistic × agency.
-- Ranks the reports aggregates count (in_aggregates: latest copy, no jurisdiction summaries) whose
-- statistic is a number: a blank is not ranked as zero, it is not ranked. `ranked` says among how
-- many. Agencies of every level in the region are ranked together; filter on agency_level to
-- compare peers.
CREATE OR REPLACE VIEW v_statistics_rank_within_region_year AS
WITH candidates AS (
    SELECT 'province' AS within_level, province_code AS within_code, province_name AS within_name, *
    FROM v_report_statistics_long
    WHERE in_aggregates AND value IS NOT NULL AND province_code IS NOT NULL
    UNION ALL
    SELECT 'prefecture', prefecture_code, prefecture_name, *
    FROM v_report_statistics_long
    WHERE in_aggregates AND value IS NOT NULL AND prefecture_code IS NOT NULL
)
SELECT within_level,
       within_code,
       within_name,
       year,
       statistic,
       rank() OVER (PARTITION BY within_level, within_code, year, statistic ORDER BY value DESC)::INTEGER AS rank,
       count(*) OVER (PARTITION BY within_level, within_code, year, statistic)::INTEGER AS ranked,
       value,
       agency_key,
       agency,
       agency_level,
       region_code,
       report_id
FROM candidates;
