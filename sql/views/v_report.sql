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
WITH copies AS (
    SELECT r.*,
           coalesce(k.copies, 1)         AS copies,
           coalesce(k.cells_confirmed, 0) AS cells_confirmed,
           coalesce(k.cells_disputed, 0)  AS cells_disputed,
           row_number() OVER (PARTITION BY r.agency_key, r.year
                              ORDER BY coalesce(k.copy_rank, 1) = 1 DESC, r.loaded_at DESC, r.report_id DESC) AS copy_no
    FROM fact_report r
    LEFT JOIN report_copy k USING (report_id)
    WHERE r.template IN ('2019', '2021')
),
placed AS (
    SELECT c.*,
           g.name  AS region_name,
           g.level AS region_level,
           g.province_code,
           coalesce(g.prefecture_code, CASE WHEN g.level = 'prefecture' THEN g.code END) AS prefecture_code,
           c.agency_key IS NOT NULL AND c.year IS NOT NULL AND c.copy_no = 1 AS is_current,
           coalesce(c.agency_scope = 'jurisdiction', false) AS is_jurisdiction
    FROM copies c
    LEFT JOIN dim_region g ON g.code = c.region_code
)
SELECT p.report_id,
       p.source,
       p.agency,
       p.agency_key,
       p.agency_kind,
       p.agency_level,
       p.agency_scope,
       p.year,
       p.template,
       p.status,
       p.region_code,
       p.region_name,
       p.region_level,
       p.province_code,
       prov.name AS province_name,
       p.prefecture_code,
       pref.name AS prefecture_name,
       p.loaded_at,
       p.is_current,
       p.is_jurisdiction,
       p.is_current AND NOT p.is_jurisdiction AS in_aggregates,
       p.copies,
       p.cells_confirmed,
       p.cells_disputed
FROM placed p
LEFT JOIN dim_region prov ON prov.code = p.province_code
LEFT JOIN dim_region pref ON pref.code = p.prefecture_code;
