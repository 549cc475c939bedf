-- v_series_by_agency_year_metric: the headline figures of each agency per year from 2008 to today —
-- requests received, granted, partly granted, denied, reviews, lawsuits, proactive total, fees for
-- requests — from the reports before 2019 and the 2019 and 2021 templates alike, each beside
-- where it comes from and the crosswalk's note on what that source counts (dim_series_crosswalk).
-- Grain: one row per agency (agency_key) × year × metric, from the agency-year's current report.
--   source        legacy_table, legacy_sentence (fact_legacy.found_by), 2019_template, 2021_template
--   value         the sum of the crosswalk's parts; NULL when a part is not a printed number
--                 (blank is not zero). A legacy report gives a row for the figures it prints
--                 (table or sentence); a templated report for every metric its template has.
--   printed_unit  the unit a legacy report printed (件, 条, 元 …): 条 counts items, not requests.
--   evidence      a legacy figure's row label or sentence.
--   (Of a figure summed from several legacy rows, source, printed_unit and evidence are the lowest
--   of its parts', legacy_sentence before legacy_table; today every legacy series is one code.)
-- Templated reports are read through v_report and v_report_statistics, legacy
-- reports through v_legacy_report: the same copy rule picks each agency-year's current report,
-- and the two never share a year (extraction reads every report before 2019 as legacy).
CREATE OR REPLACE VIEW v_series_by_agency_year_metric AS
WITH crosswalk_parts AS (
    SELECT metric, template, label_zh, unit, note, sort_order,
           unnest(string_split(parts, ' + ')) AS part,
           len(string_split(parts, ' + ')) AS part_count
    FROM dim_series_crosswalk
    WHERE parts IS NOT NULL
),
templated_reports AS (
    SELECT * EXCLUDE (loaded_at) FROM v_report WHERE is_current
),
legacy_reports AS (
    SELECT * EXCLUDE (loaded_at) FROM v_legacy_report WHERE is_current
),
-- The v_report_statistics columns the crosswalk sums for the templates, one row per report × column
-- (NULLs kept). Named here rather than unpivoting every statistic: that costs twice the time.
templated_parts AS (
    SELECT report_id, template, part, value
    FROM (SELECT report_id, template, received, granted, partial, denied, review_total, suit_direct_total, suit_after_review_total
          FROM v_report_statistics
          WHERE is_current)
    UNPIVOT INCLUDE NULLS (value FOR part IN (received, granted, partial, denied, review_total, suit_direct_total, suit_after_review_total))
),
-- One row per report × part: a v_report_statistics column of a templated report, a legacy code of a legacy one.
report_parts AS (
    SELECT report_id, part, value,
           template || '_template' AS source,
           NULL::VARCHAR AS printed_unit,
           NULL::VARCHAR AS evidence
    FROM templated_parts
    UNION ALL
    SELECT f.report_id, f.metric, f.value, 'legacy_' || f.found_by, f.unit, f.evidence
    FROM fact_legacy f
    WHERE f.report_id IN (SELECT report_id FROM legacy_reports)
      AND f.metric IN (SELECT part FROM crosswalk_parts WHERE template = 'legacy')
),
reports AS (
    SELECT * FROM templated_reports
    UNION ALL BY NAME
    SELECT * FROM legacy_reports
),
figures AS (
    SELECT p.report_id,
           c.metric,
           CASE WHEN count(p.value) = any_value(c.part_count) THEN sum(p.value) END AS value,
           min(p.source) AS source,
           min(p.printed_unit) AS printed_unit,
           min(p.evidence) AS evidence
    FROM report_parts p
    JOIN reports r USING (report_id)
    JOIN crosswalk_parts c ON c.part = p.part AND c.template = r.template
    GROUP BY p.report_id, c.metric
)
SELECT r.agency_key,
       r.agency,
       r.agency_kind,
       r.agency_level,
       r.agency_scope,
       r.region_code,
       r.region_name,
       r.region_level,
       r.province_code,
       r.province_name,
       r.prefecture_code,
       r.prefecture_name,
       r.year,
       f.metric,
       x.label_zh AS metric_zh,
       x.sort_order AS metric_order,
       f.value,
       x.unit,
       f.source,
       r.template,
       f.printed_unit,
       f.evidence,
       x.note,
       r.report_id,
       r.is_jurisdiction,
       r.in_aggregates
FROM figures f
JOIN reports r USING (report_id)
JOIN dim_series_crosswalk x ON x.metric = f.metric AND x.template = r.template;
