-- placed_reports(templates): the reports of the given templates, placed and flagged as the views
-- count them; v_report (2019, 2021) and v_legacy_report (legacy) are this, so the copy rule, the
-- current-report rule and the region roll-up are written once.
-- Grain: one row per report whose template is in `templates`. The columns and flags are those
-- v_report documents: is_current (copies of one report count once, from their chosen copy in
-- report_copy; between different reports of one agency-year the latest loaded), is_jurisdiction,
-- in_aggregates, the region roll-up to province and prefecture, copies, cells_confirmed,
-- cells_disputed.
CREATE OR REPLACE MACRO placed_reports(templates) AS TABLE
WITH copies AS (
    SELECT r.*,
           coalesce(k.copies, 1)         AS copies,
           coalesce(k.cells_confirmed, 0) AS cells_confirmed,
           coalesce(k.cells_disputed, 0)  AS cells_disputed,
           row_number() OVER (PARTITION BY r.agency_key, r.year
                              ORDER BY coalesce(k.copy_rank, 1) = 1 DESC, r.loaded_at DESC, r.report_id DESC) AS copy_no
    FROM fact_report r
    LEFT JOIN report_copy k USING (report_id)
    WHERE list_contains(templates, r.template)
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
