-- v_report_applications: how many disclosure applications a report received and processed, how
-- they ended (予以公开, 部分公开, 不予公开 by reason, 无法提供, 不予处理, 其他), its 实质公开率,
-- and the carry-over in and out. All from the 总计 column of table 3.
-- Grain: one row per report of v_report (its flags say whether aggregates count it).
--   received      t3.new          本年新收
--   carried_in    t3.carried_in   上年结转
--   processed     t3.total        本年度办理结果 总计
--   carried_out   t3.carried_out  结转下年度继续办理
--   denied, unavailable, rejected: Σ of their numbered rows; other: the single 其他处理 row when
--   printed as one (2019, some 2021 reports), else Σ other.*.
--   disclosure_rate = (granted + partial) / processed (实质公开率); *_share = outcome / processed.
-- Blank, dash and unreadable cells are NULL, never zero: a sum adds only the printed numbers,
-- a ratio with a NULL or zero side is NULL, and missing_cells counts the table-3 cells
-- (every applicant column) that print no number.
CREATE OR REPLACE VIEW v_report_applications AS
WITH total_column AS (
    SELECT report_id,
           max(value) FILTER (WHERE metric = 't3.new')                            AS received,
           max(value) FILTER (WHERE metric = 't3.carried_in')                     AS carried_in,
           max(value) FILTER (WHERE metric = 't3.total')                          AS processed,
           max(value) FILTER (WHERE metric = 't3.carried_out')                    AS carried_out,
           max(value) FILTER (WHERE metric = 't3.granted')                        AS granted,
           max(value) FILTER (WHERE metric = 't3.partial')                        AS partial,
           sum(value) FILTER (WHERE starts_with(metric, 't3.denied.'))            AS denied,
           max(value) FILTER (WHERE metric = 't3.denied.state_secret')            AS denied_state_secret,
           max(value) FILTER (WHERE metric = 't3.denied.law_prohibited')          AS denied_law_prohibited,
           max(value) FILTER (WHERE metric = 't3.denied.security_stability')      AS denied_security_stability,
           max(value) FILTER (WHERE metric = 't3.denied.third_party')             AS denied_third_party,
           max(value) FILTER (WHERE metric = 't3.denied.internal_affairs')        AS denied_internal_affairs,
           max(value) FILTER (WHERE metric = 't3.denied.process_info')            AS denied_process_info,
           max(value) FILTER (WHERE metric = 't3.denied.enforcement_files')       AS denied_enforcement_files,
           max(value) FILTER (WHERE metric = 't3.denied.query_matter')            AS denied_query_matter,
           sum(value) FILTER (WHERE starts_with(metric, 't3.unavailable.'))       AS unavailable,
           max(value) FILTER (WHERE metric = 't3.unavailable.not_held')           AS unavailable_not_held,
           max(value) FILTER (WHERE metric = 't3.unavailable.needs_creation')     AS unavailable_needs_creation,
           max(value) FILTER (WHERE metric = 't3.unavailable.unclear')            AS unavailable_unclear,
           sum(value) FILTER (WHERE starts_with(metric, 't3.rejected.'))          AS rejected,
           max(value) FILTER (WHERE metric = 't3.rejected.petition')              AS rejected_petition,
           max(value) FILTER (WHERE metric = 't3.rejected.duplicate')             AS rejected_duplicate,
           max(value) FILTER (WHERE metric = 't3.rejected.publication')           AS rejected_publication,
           max(value) FILTER (WHERE metric = 't3.rejected.excessive')             AS rejected_excessive,
           max(value) FILTER (WHERE metric = 't3.rejected.confirmation')          AS rejected_confirmation,
           coalesce(max(value) FILTER (WHERE metric = 't3.other'),
                    sum(value) FILTER (WHERE starts_with(metric, 't3.other.')))   AS other,
           max(value) FILTER (WHERE metric = 't3.other.no_correction')            AS other_no_correction,
           max(value) FILTER (WHERE metric = 't3.other.unpaid_fee')               AS other_unpaid_fee,
           max(value) FILTER (WHERE metric = 't3.other.other')                    AS other_other
    FROM v_cell_by_report
    WHERE printed_in = 'table3' AND applicant = 'total'
    GROUP BY report_id
),
missing AS (
    SELECT report_id, count(*) FILTER (WHERE state <> 'number')::INTEGER AS missing_cells
    FROM v_cell_by_report
    WHERE printed_in = 'table3'
    GROUP BY report_id
)
SELECT r.report_id,
       r.agency,
       r.agency_key,
       r.year,
       r.template,
       r.region_code,
       r.is_current,
       r.is_jurisdiction,
       r.in_aggregates,
       t.* EXCLUDE (report_id),
       (t.granted + t.partial) / nullif(t.processed, 0) AS disclosure_rate,
       t.granted / nullif(t.processed, 0)                      AS granted_share,
       t.partial / nullif(t.processed, 0)                      AS partial_share,
       t.denied / nullif(t.processed, 0)                       AS denied_share,
       t.denied_state_secret / nullif(t.processed, 0)          AS denied_state_secret_share,
       t.denied_law_prohibited / nullif(t.processed, 0)        AS denied_law_prohibited_share,
       t.denied_security_stability / nullif(t.processed, 0)    AS denied_security_stability_share,
       t.denied_third_party / nullif(t.processed, 0)           AS denied_third_party_share,
       t.denied_internal_affairs / nullif(t.processed, 0)      AS denied_internal_affairs_share,
       t.denied_process_info / nullif(t.processed, 0)          AS denied_process_info_share,
       t.denied_enforcement_files / nullif(t.processed, 0)     AS denied_enforcement_files_share,
       t.denied_query_matter / nullif(t.processed, 0)          AS denied_query_matter_share,
       t.unavailable / nullif(t.processed, 0)                  AS unavailable_share,
       t.rejected / nullif(t.processed, 0)                     AS rejected_share,
       t.other / nullif(t.processed, 0)                        AS other_share,
       coalesce(m.missing_cells, 0)                            AS missing_cells
FROM v_report r
LEFT JOIN total_column t USING (report_id)
LEFT JOIN missing m USING (report_id);
