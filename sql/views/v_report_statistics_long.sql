-- v_report_statistics_long: v_report_statistics unpivoted, one statistic per row, for ranking,
-- comparing and charting any statistic without naming its column.
-- Grain: one row per report × statistic (every statistic column of v_report_statistics, NULLs
-- included: a blank stays NULL here too).
CREATE OR REPLACE VIEW v_report_statistics_long AS
FROM v_report_statistics
UNPIVOT INCLUDE NULLS (value FOR statistic IN (COLUMNS(* EXCLUDE (
    report_id, source, agency, agency_key, agency_kind, agency_level, agency_scope, year, template, status,
    region_code, region_name, region_level, province_code, province_name, prefecture_code, prefecture_name,
    is_current, is_jurisdiction, in_aggregates))));
