-- v_report_applicant_mix: who applied — each applicant type's share of the applications a report
-- received (本年新收, table 3 row t3.new).
-- Grain: one row per report × applicant type (the six printed columns, 自然人 … 其他; not 总计),
-- for the reports of v_report that print table 3.
--   received  the applicant column of t3.new; NULL when blank, dash or unreadable
--   share     received / the report's printed 总计 of t3.new; NULL when either side is not a
--             number or the total is zero. When the report's own columns do not add up to its
--             total (a t3.applicants finding), the shares do not add up to 1 either.
CREATE OR REPLACE VIEW v_report_applicant_mix AS
SELECT r.report_id,
       r.agency,
       r.agency_key,
       r.year,
       r.template,
       r.region_code,
       r.is_current,
       r.is_jurisdiction,
       r.in_aggregates,
       a.code        AS applicant,
       a.label_zh    AS applicant_zh,
       a.sort_order  AS applicant_order,
       c.value       AS received,
       c.state       AS received_state,
       c.value / nullif(t.value, 0) AS share
FROM v_report r
JOIN v_cell_by_report t ON t.report_id = r.report_id AND t.printed_in = 'table3' AND t.metric = 't3.new' AND t.applicant = 'total'
CROSS JOIN dim_applicant a
LEFT JOIN v_cell_by_report c ON c.report_id = r.report_id AND c.printed_in = 'table3' AND c.metric = 't3.new' AND c.applicant = a.code
WHERE a.code <> 'total';
