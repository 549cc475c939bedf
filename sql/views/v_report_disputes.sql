-- v_report_disputes: administrative review and litigation over disclosure (table 4) — counts,
-- correction rates and 争议转化率 (how many applications turn into disputes).
-- Grain: one row per report of v_report.
-- Three proceedings: review (行政复议), suit_direct (未经复议直接起诉), suit_after_review (复议后起诉),
-- each with upheld 维持, corrected 纠正, other 其他结果, pending 尚未审结, total 总计 as printed.
--   <proceeding>_decided          total − pending: the cases with a result
--   <proceeding>_correction_rate  corrected / decided (结果纠正 over decided cases)
--   disputes                      review.total + suit_direct.total + suit_after_review.total
--   dispute_rate                  disputes / t3.new 总计 (争议转化率)
-- Blank, dash and unreadable cells are NULL, never zero, and so is anything computed from one;
-- a ratio over zero is NULL. missing_cells counts the table-4 cells that print no number.
CREATE OR REPLACE VIEW v_report_disputes AS
WITH cells AS (
    SELECT report_id,
           max(value) FILTER (WHERE metric = 't4.review.upheld')               AS review_upheld,
           max(value) FILTER (WHERE metric = 't4.review.corrected')            AS review_corrected,
           max(value) FILTER (WHERE metric = 't4.review.other')                AS review_other,
           max(value) FILTER (WHERE metric = 't4.review.pending')              AS review_pending,
           max(value) FILTER (WHERE metric = 't4.review.total')                AS review_total,
           max(value) FILTER (WHERE metric = 't4.suit_direct.upheld')          AS suit_direct_upheld,
           max(value) FILTER (WHERE metric = 't4.suit_direct.corrected')       AS suit_direct_corrected,
           max(value) FILTER (WHERE metric = 't4.suit_direct.other')           AS suit_direct_other,
           max(value) FILTER (WHERE metric = 't4.suit_direct.pending')         AS suit_direct_pending,
           max(value) FILTER (WHERE metric = 't4.suit_direct.total')           AS suit_direct_total,
           max(value) FILTER (WHERE metric = 't4.suit_after_review.upheld')    AS suit_after_review_upheld,
           max(value) FILTER (WHERE metric = 't4.suit_after_review.corrected') AS suit_after_review_corrected,
           max(value) FILTER (WHERE metric = 't4.suit_after_review.other')     AS suit_after_review_other,
           max(value) FILTER (WHERE metric = 't4.suit_after_review.pending')   AS suit_after_review_pending,
           max(value) FILTER (WHERE metric = 't4.suit_after_review.total')     AS suit_after_review_total,
           count(*) FILTER (WHERE state <> 'number')::INTEGER                  AS missing_cells
    FROM v_cell_by_report
    WHERE printed_in = 'table4'
    GROUP BY report_id
),
received AS (
    SELECT report_id, value AS received
    FROM v_cell_by_report
    WHERE printed_in = 'table3' AND metric = 't3.new' AND applicant = 'total'
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
       c.* EXCLUDE (report_id, missing_cells),
       c.review_total - c.review_pending                         AS review_decided,
       c.review_corrected / nullif(c.review_total - c.review_pending, 0) AS review_correction_rate,
       c.suit_direct_total - c.suit_direct_pending               AS suit_direct_decided,
       c.suit_direct_corrected / nullif(c.suit_direct_total - c.suit_direct_pending, 0) AS suit_direct_correction_rate,
       c.suit_after_review_total - c.suit_after_review_pending   AS suit_after_review_decided,
       c.suit_after_review_corrected / nullif(c.suit_after_review_total - c.suit_after_review_pending, 0) AS suit_after_review_correction_rate,
       c.review_total + c.suit_direct_total + c.suit_after_review_total AS disputes,
       (c.review_total + c.suit_direct_total + c.suit_after_review_total) / nullif(n.received, 0) AS dispute_rate,
       coalesce(c.missing_cells, 0)                              AS missing_cells
FROM v_report r
LEFT JOIN cells c USING (report_id)
LEFT JOIN received n USING (report_id);
