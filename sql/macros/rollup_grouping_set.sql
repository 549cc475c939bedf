-- rollup_grouping_set(mask): the name of a roll-up row's grouping set, given
-- grouping(agency_level, province_code, prefecture_code, region_code) (a bit set per key the row
-- does not group by, agency_level the highest). The roll-up views group by these keys one at a time
-- besides year, so the first key grouped names the set; none grouped is 'year'. grouping() itself
-- cannot sit in a macro body (DuckDB binds it at CREATE, outside any GROUP BY), hence the mask.
-- Used by v_statistics_rollup and v_series_rollup, so their grouping_set values are written once.
CREATE OR REPLACE MACRO rollup_grouping_set(mask) AS
    CASE WHEN mask & 8 = 0 THEN 'level_year'
         WHEN mask & 4 = 0 THEN 'province_year'
         WHEN mask & 2 = 0 THEN 'prefecture_year'
         WHEN mask & 1 = 0 THEN 'region_year'
         ELSE 'year' END;
