-- v_statistics_rollup: the statistics of v_report_statistics summed over agencies, for every
-- grouping the summaries offer at once. A building block: query v_summary_by_year,
-- v_summary_by_level_year, v_summary_by_province_year, v_summary_by_prefecture_year or
-- v_summary_by_region_year, which pick one grouping each.
-- Grain: one row per grouping_set × group: 'year' (year), 'level_year' (agency_level, year),
-- 'province_year' (province_code, year), 'prefecture_year' (prefecture_code, year),
-- 'region_year' (region_code, year: the report's own region, often a county).
-- Counts each agency's own report once: only in_aggregates reports (the latest copy per agency and
-- year; 全市/全区 jurisdiction summaries left out, their numbers are already in their agencies').
-- A NULL group key (e.g. province_code) collects the reports whose region is unresolved or has no
-- such level (a 直辖市 district has no prefecture).
-- Sums add printed numbers only: a blank is not a zero. A ratio is Σ numerator / Σ denominator over
-- the reports that print both as numbers (so a report with a blank side drops out of that ratio
-- only), NULL when that denominator is zero (sql/macros/paired_ratio.sql). missing_cells sums
-- the cells that print no number.
CREATE OR REPLACE VIEW v_statistics_rollup AS
SELECT CASE
           WHEN grouping(agency_level) = 0    THEN 'level_year'
           WHEN grouping(province_code) = 0   THEN 'province_year'
           WHEN grouping(prefecture_code) = 0 THEN 'prefecture_year'
           WHEN grouping(region_code) = 0     THEN 'region_year'
           ELSE 'year'
       END AS grouping_set,
       agency_level,
       province_code,
       any_value(province_name)   AS province_name,
       prefecture_code,
       any_value(prefecture_name) AS prefecture_name,
       region_code,
       any_value(region_name)     AS region_name,
       any_value(region_level)    AS region_level,
       year,
       count(*)::INTEGER                                AS reports,
       count(*) FILTER (WHERE template = '2019')::INTEGER AS reports_2019_template,
       count(*) FILTER (WHERE template = '2021')::INTEGER AS reports_2021_template,
       -- applications (table 3, 总计 column)
       sum(received) AS received,
       sum(carried_in) AS carried_in,
       sum(processed) AS processed,
       sum(carried_out) AS carried_out,
       sum(granted) AS granted,
       sum(partial) AS partial,
       sum(denied) AS denied,
       sum(unavailable) AS unavailable,
       sum(rejected) AS rejected,
       sum(other) AS other,
       paired_ratio(granted + partial, processed) AS disclosure_rate,
       paired_ratio(granted, processed) AS granted_share,
       paired_ratio(partial, processed) AS partial_share,
       paired_ratio(denied, processed) AS denied_share,
       paired_ratio(unavailable, processed) AS unavailable_share,
       paired_ratio(rejected, processed) AS rejected_share,
       paired_ratio(other, processed) AS other_share,
       sum(denied_state_secret) AS denied_state_secret,
       sum(denied_law_prohibited) AS denied_law_prohibited,
       sum(denied_security_stability) AS denied_security_stability,
       sum(denied_third_party) AS denied_third_party,
       sum(denied_internal_affairs) AS denied_internal_affairs,
       sum(denied_process_info) AS denied_process_info,
       sum(denied_enforcement_files) AS denied_enforcement_files,
       sum(denied_query_matter) AS denied_query_matter,
       -- applicant mix (t3.new by applicant)
       sum(received_natural_person) AS received_natural_person,
       sum(received_commercial) AS received_commercial,
       sum(received_research) AS received_research,
       sum(received_social_org) AS received_social_org,
       sum(received_legal_service) AS received_legal_service,
       sum(received_other_org) AS received_other_org,
       paired_ratio(received_natural_person, received) AS received_natural_person_share,
       paired_ratio(received_commercial, received) AS received_commercial_share,
       paired_ratio(received_research, received) AS received_research_share,
       paired_ratio(received_social_org, received) AS received_social_org_share,
       paired_ratio(received_legal_service, received) AS received_legal_service_share,
       paired_ratio(received_other_org, received) AS received_other_org_share,
       -- review and litigation (table 4)
       sum(review_total) AS review_total,
       sum(review_corrected) AS review_corrected,
       sum(review_pending) AS review_pending,
       paired_ratio(review_corrected, review_total - review_pending) AS review_correction_rate,
       sum(suit_direct_total) AS suit_direct_total,
       sum(suit_direct_corrected) AS suit_direct_corrected,
       sum(suit_direct_pending) AS suit_direct_pending,
       paired_ratio(suit_direct_corrected, suit_direct_total - suit_direct_pending) AS suit_direct_correction_rate,
       sum(suit_after_review_total) AS suit_after_review_total,
       sum(suit_after_review_corrected) AS suit_after_review_corrected,
       sum(suit_after_review_pending) AS suit_after_review_pending,
       paired_ratio(suit_after_review_corrected, suit_after_review_total - suit_after_review_pending) AS suit_after_review_correction_rate,
       sum(disputes) AS disputes,
       paired_ratio(disputes, received) AS dispute_rate,
       -- proactive disclosure (table 2); each template's own columns, summed over the reports that print them
       sum(rules_made) AS rules_made,
       sum(rules_published) AS rules_published,
       sum(rules_total) AS rules_total,
       sum(normative_made) AS normative_made,
       sum(normative_published) AS normative_published,
       sum(normative_total) AS normative_total,
       sum(licensing_prev_items) AS licensing_prev_items,
       sum(licensing_change) AS licensing_change,
       sum(other_services_prev_items) AS other_services_prev_items,
       sum(other_services_change) AS other_services_change,
       sum(other_services_decisions) AS other_services_decisions,
       sum(penalty_prev_items) AS penalty_prev_items,
       sum(penalty_change) AS penalty_change,
       sum(coercion_prev_items) AS coercion_prev_items,
       sum(coercion_change) AS coercion_change,
       sum(fees_prev_items) AS fees_prev_items,
       sum(fees_change) AS fees_change,
       sum(procurement_items) AS procurement_items,
       sum(procurement_amount) AS procurement_amount,
       sum(rules_issued) AS rules_issued,
       sum(rules_repealed) AS rules_repealed,
       sum(rules_in_force) AS rules_in_force,
       sum(normative_issued) AS normative_issued,
       sum(normative_repealed) AS normative_repealed,
       sum(normative_in_force) AS normative_in_force,
       sum(fees_amount) AS fees_amount,
       sum(licensing_decisions) AS licensing_decisions,
       sum(penalty_decisions) AS penalty_decisions,
       sum(coercion_decisions) AS coercion_decisions,
       sum(missing_cells)::INTEGER AS missing_cells
FROM v_report_statistics
WHERE in_aggregates
GROUP BY GROUPING SETS ((year), (agency_level, year), (province_code, year), (prefecture_code, year), (region_code, year));
