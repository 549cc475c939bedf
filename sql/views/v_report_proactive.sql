-- v_report_proactive: proactive disclosure (table 2, 主动公开) — rules and normative documents,
-- licensing / penalty / coercion decisions, fees and procurement — for both templates side by side.
-- Grain: one row per report of v_report.
-- Columns are the metric codes without `t2.` (t2.rules.made → rules_made). Each template keeps its
-- own columns and the other template's are NULL: 2019 counts documents made / published / in total
-- (rules_made …), 2021 counts issued / repealed / in force (rules_issued …); there is no mapping
-- between them. Codes both templates print (licensing_, penalty_, coercion_decisions) share a column.
-- Money is in 万元: procurement_amount (2019), fees_amount (2021).
-- Blank, dash and unreadable cells are NULL; missing_cells counts them.
CREATE OR REPLACE VIEW v_report_proactive AS
WITH cells AS (
    SELECT report_id,
           -- 2019 template
           max(value) FILTER (WHERE metric = 't2.rules.made')                    AS rules_made,
           max(value) FILTER (WHERE metric = 't2.rules.published')               AS rules_published,
           max(value) FILTER (WHERE metric = 't2.rules.total')                   AS rules_total,
           max(value) FILTER (WHERE metric = 't2.normative.made')                AS normative_made,
           max(value) FILTER (WHERE metric = 't2.normative.published')           AS normative_published,
           max(value) FILTER (WHERE metric = 't2.normative.total')               AS normative_total,
           max(value) FILTER (WHERE metric = 't2.licensing.prev_items')          AS licensing_prev_items,
           max(value) FILTER (WHERE metric = 't2.licensing.change')              AS licensing_change,
           max(value) FILTER (WHERE metric = 't2.other_services.prev_items')     AS other_services_prev_items,
           max(value) FILTER (WHERE metric = 't2.other_services.change')         AS other_services_change,
           max(value) FILTER (WHERE metric = 't2.other_services.decisions')      AS other_services_decisions,
           max(value) FILTER (WHERE metric = 't2.penalty.prev_items')            AS penalty_prev_items,
           max(value) FILTER (WHERE metric = 't2.penalty.change')                AS penalty_change,
           max(value) FILTER (WHERE metric = 't2.coercion.prev_items')           AS coercion_prev_items,
           max(value) FILTER (WHERE metric = 't2.coercion.change')               AS coercion_change,
           max(value) FILTER (WHERE metric = 't2.fees.prev_items')               AS fees_prev_items,
           max(value) FILTER (WHERE metric = 't2.fees.change')                   AS fees_change,
           max(value) FILTER (WHERE metric = 't2.procurement.items')             AS procurement_items,
           max(value) FILTER (WHERE metric = 't2.procurement.amount')            AS procurement_amount,
           -- 2021 template
           max(value) FILTER (WHERE metric = 't2.rules.issued')                  AS rules_issued,
           max(value) FILTER (WHERE metric = 't2.rules.repealed')                AS rules_repealed,
           max(value) FILTER (WHERE metric = 't2.rules.in_force')                AS rules_in_force,
           max(value) FILTER (WHERE metric = 't2.normative.issued')              AS normative_issued,
           max(value) FILTER (WHERE metric = 't2.normative.repealed')            AS normative_repealed,
           max(value) FILTER (WHERE metric = 't2.normative.in_force')            AS normative_in_force,
           max(value) FILTER (WHERE metric = 't2.fees.amount')                   AS fees_amount,
           -- both templates
           max(value) FILTER (WHERE metric = 't2.licensing.decisions')           AS licensing_decisions,
           max(value) FILTER (WHERE metric = 't2.penalty.decisions')             AS penalty_decisions,
           max(value) FILTER (WHERE metric = 't2.coercion.decisions')            AS coercion_decisions,
           count(*) FILTER (WHERE state <> 'number')::INTEGER                    AS missing_cells
    FROM v_cell_by_report
    WHERE printed_in = 'table2'
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
       c.* EXCLUDE (report_id, missing_cells),
       coalesce(c.missing_cells, 0) AS missing_cells
FROM v_report r
LEFT JOIN cells c USING (report_id);
