-- v_summary_by_agency_year: each agency's statistics per year, from its latest report of that year,
-- with the same statistic columns as the other v_summary_by_* views.
-- Grain: one row per agency (agency_key) × year.
-- Jurisdiction summaries (全市/全区, agency_scope = 'jurisdiction') are listed too, as the agency's
-- own report; do not add them to the other rows of the same area, which they already contain.
CREATE OR REPLACE VIEW v_summary_by_agency_year AS
SELECT agency_key,
       agency,
       agency_level,
       agency_scope,
       region_code,
       region_name,
       year,
       template,
       * EXCLUDE (report_id, source, agency_key, agency, agency_kind, agency_level, agency_scope, year, template,
                  status, region_code, region_name, region_level, province_code, province_name,
                  prefecture_code, prefecture_name, is_current, is_jurisdiction, in_aggregates)
FROM v_report_statistics
WHERE is_current;
