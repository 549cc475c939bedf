-- v_legacy_report: the reports before 2019 (template legacy), placed and flagged as v_report places
-- and flags the templated ones, so the series from 2008 to today count them alike.
-- Grain: one row per report whose template is legacy; its figures are in fact_legacy.
--   is_current, is_jurisdiction, in_aggregates, the region roll-up and copies, cells_confirmed,
--   cells_disputed: exactly as in v_report (copies of one report count once, from their chosen
--   copy, report_copy; between different reports of an agency-year the latest loaded is current;
--   全市/全区 summaries stay out of sums).
CREATE OR REPLACE VIEW v_legacy_report AS
SELECT * FROM placed_reports(['legacy']);
