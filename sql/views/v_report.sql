-- v_report: which reports print the template tables, where their agency sits, and which of them
-- the cross-agency aggregates count. Every other v_report_* view starts from here.
-- Grain: one row per report whose template is 2019 or 2021 (legacy, not_report and failed files
-- have no tables and are left out; see v_report_findings for those).
--   is_current       the report the views count for its (agency_key, year). Copies of one report
--                    (report_copy: an HTML page, its PDF, a crawler's dump) count once, from their
--                    chosen copy; between different reports of one agency-year (a draft and its
--                    final version) the latest loaded is current. Ties on loaded_at (two reports in
--                    one run) go to the higher report_id, arbitrary but stable.
--   copies           how many files hold this report (1: read once); cells_confirmed and
--                    cells_disputed: its counted cells another copy read alike / otherwise (report_copy)
--   is_jurisdiction  a summary for a whole area (全市/全区 各级行政机关), agency_scope = 'jurisdiction'.
--   in_aggregates    is_current and not is_jurisdiction: counted once in sums across agencies.
-- Region roll-up: the report's region (often a county) up to its province and prefecture via
-- dim_region. A prefecture's own row has no prefecture_code there, so it stands for itself.
CREATE OR REPLACE VIEW v_report AS
SELECT * FROM placed_reports(['2019', '2021']);
