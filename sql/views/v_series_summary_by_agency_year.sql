-- v_series_summary_by_agency_year: each agency's headline series per year from 2008 to today, one
-- column per series, with the same series columns as the other v_series_summary_by_* views.
-- Grain: one row per agency (agency_key) × year, from the agency-year's current report.
-- template: the report's (legacy, 2019, 2021); sources: where its figures come from
-- (legacy_table, legacy_sentence, 2019_template, 2021_template). A series the report does not
-- give is NULL. Jurisdiction summaries (全市/全区) are listed too, flagged by agency_scope; do not
-- add them to the other rows of the same area, which they already contain.
CREATE OR REPLACE VIEW v_series_summary_by_agency_year AS
SELECT agency_key,
       any_value(agency)       AS agency,
       any_value(agency_level) AS agency_level,
       any_value(agency_scope) AS agency_scope,
       any_value(region_code)  AS region_code,
       any_value(region_name)  AS region_name,
       year,
       any_value(template)     AS template,
       string_agg(DISTINCT source, ', ' ORDER BY source) AS sources,
       any_value(value) FILTER (WHERE metric = 'received')        AS received,
       any_value(value) FILTER (WHERE metric = 'granted')         AS granted,
       any_value(value) FILTER (WHERE metric = 'partial')         AS partial,
       any_value(value) FILTER (WHERE metric = 'denied')          AS denied,
       any_value(value) FILTER (WHERE metric = 'review_total')    AS review_total,
       any_value(value) FILTER (WHERE metric = 'suit_total')      AS suit_total,
       any_value(value) FILTER (WHERE metric = 'proactive_total') AS proactive_total,
       any_value(value) FILTER (WHERE metric = 'request_fees')    AS request_fees
FROM v_series_by_agency_year_metric
GROUP BY agency_key, year;
