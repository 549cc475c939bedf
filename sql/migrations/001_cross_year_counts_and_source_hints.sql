-- 001: etl_run counts the cross-year findings its reports take part in, apart as well as within its
-- findings_* (runs before this version counted none: NULL); fact_report keeps the hints its source
-- gave (sources.csv agency, year, region), so a report re-read from raw/ is read as its run read it
-- (reports loaded before this version: NULL, hints unknown).
ALTER TABLE etl_run ADD COLUMN IF NOT EXISTS findings_cross_year INTEGER;
ALTER TABLE fact_report ADD COLUMN IF NOT EXISTS source_hints VARCHAR;
