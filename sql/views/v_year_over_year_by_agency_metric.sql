-- v_year_over_year_by_agency_metric: every metric of an agency's report beside the same metric in
-- its report of the year before, with the change.
-- Grain: one row per agency (agency_key) × year × metric × applicant, for the latest report of each
-- agency-year (jurisdiction summaries included, as their agency's own report).
--   kind      'printed': a table cell (metric = its code, applicant set for table 3);
--             'statistic': a column of v_report_statistics (metric = its name, e.g. disclosure_rate)
--   previous_value  the same metric and applicant in the agency's year − 1 report; NULL when there
--             is no such report, or it does not print that metric (2019 and 2021 template codes
--             differ: t2.rules.made has no 2021 counterpart and is not matched to t2.rules.issued)
--   change = value − previous_value; change_ratio = change / |previous_value| (NULL over zero).
-- Blanks are NULL on either side, and so is their change.
CREATE OR REPLACE VIEW v_year_over_year_by_agency_metric AS
WITH current_reports AS (
    SELECT report_id, agency_key, agency, agency_scope, year, template
    FROM v_report
    WHERE is_current
),
metrics AS (
    SELECT report_id, 'printed' AS kind, metric, applicant, value FROM v_cell_by_report WHERE printed_in <> 'legacy'
    UNION ALL
    SELECT report_id, 'statistic', statistic, NULL, value FROM v_report_statistics_long WHERE is_current
)
SELECT c.agency_key,
       c.agency,
       c.agency_scope,
       c.year,
       c.template,
       m.kind,
       m.metric,
       m.applicant,
       m.value,
       p.value                                           AS previous_value,
       m.value - p.value                                 AS change,
       (m.value - p.value) / nullif(abs(p.value), 0)     AS change_ratio,
       prev.template                                     AS previous_template,
       c.report_id,
       prev.report_id                                    AS previous_report_id
FROM current_reports c
JOIN metrics m ON m.report_id = c.report_id
LEFT JOIN current_reports prev ON prev.agency_key = c.agency_key AND prev.year = c.year - 1
LEFT JOIN metrics p ON p.report_id = prev.report_id AND p.kind = m.kind AND p.metric = m.metric
                   AND p.applicant IS NOT DISTINCT FROM m.applicant;
