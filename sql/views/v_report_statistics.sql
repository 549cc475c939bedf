-- v_report_statistics: every statistic of a report in one row — applications and outcomes,
-- applicant mix, review and litigation, proactive disclosure — beside its agency and region.
-- The summaries (v_summary_by_*), rankings and year-over-year views all read from here.
-- Grain: one row per report of v_report (filter on is_current / in_aggregates as needed).
-- Definitions are those of v_report_applications, v_report_applicant_mix (received_<applicant>,
-- received_<applicant>_share), v_report_disputes and v_report_proactive. missing_cells counts the
-- cells of tables 2–4 that print no number (blank, dash or unreadable).
CREATE OR REPLACE VIEW v_report_statistics AS
WITH applicants AS (
    SELECT report_id,
           max(received) FILTER (WHERE applicant = 'natural_person') AS received_natural_person,
           max(received) FILTER (WHERE applicant = 'commercial')     AS received_commercial,
           max(received) FILTER (WHERE applicant = 'research')       AS received_research,
           max(received) FILTER (WHERE applicant = 'social_org')     AS received_social_org,
           max(received) FILTER (WHERE applicant = 'legal_service')  AS received_legal_service,
           max(received) FILTER (WHERE applicant = 'other_org')      AS received_other_org,
           max(share) FILTER (WHERE applicant = 'natural_person')    AS received_natural_person_share,
           max(share) FILTER (WHERE applicant = 'commercial')        AS received_commercial_share,
           max(share) FILTER (WHERE applicant = 'research')          AS received_research_share,
           max(share) FILTER (WHERE applicant = 'social_org')        AS received_social_org_share,
           max(share) FILTER (WHERE applicant = 'legal_service')     AS received_legal_service_share,
           max(share) FILTER (WHERE applicant = 'other_org')         AS received_other_org_share
    FROM v_report_applicant_mix
    GROUP BY report_id
)
SELECT r.report_id,
       r.source,
       r.agency,
       r.agency_key,
       r.agency_kind,
       r.agency_level,
       r.agency_scope,
       r.year,
       r.template,
       r.status,
       r.region_code,
       r.region_name,
       r.region_level,
       r.province_code,
       r.province_name,
       r.prefecture_code,
       r.prefecture_name,
       r.is_current,
       r.is_jurisdiction,
       r.in_aggregates,
       -- applications (table 3, 总计 column)
       a.received,
       a.carried_in,
       a.processed,
       a.carried_out,
       a.granted,
       a.partial,
       a.denied,
       a.unavailable,
       a.rejected,
       a.other,
       a.disclosure_rate,
       a.granted_share,
       a.partial_share,
       a.denied_share,
       a.unavailable_share,
       a.rejected_share,
       a.other_share,
       a.denied_state_secret,
       a.denied_law_prohibited,
       a.denied_security_stability,
       a.denied_third_party,
       a.denied_internal_affairs,
       a.denied_process_info,
       a.denied_enforcement_files,
       a.denied_query_matter,
       -- applicant mix (t3.new by applicant)
       m.* EXCLUDE (report_id),
       -- review and litigation (table 4)
       d.review_total,
       d.review_corrected,
       d.review_pending,
       d.review_correction_rate,
       d.suit_direct_total,
       d.suit_direct_corrected,
       d.suit_direct_pending,
       d.suit_direct_correction_rate,
       d.suit_after_review_total,
       d.suit_after_review_corrected,
       d.suit_after_review_pending,
       d.suit_after_review_correction_rate,
       d.disputes,
       d.dispute_rate,
       -- proactive disclosure (table 2)
       p.* EXCLUDE (report_id, agency, agency_key, year, template, region_code,
                    is_current, is_jurisdiction, in_aggregates, missing_cells),
       a.missing_cells + d.missing_cells + p.missing_cells AS missing_cells
FROM v_report r
JOIN v_report_applications a USING (report_id)
JOIN v_report_disputes d USING (report_id)
JOIN v_report_proactive p USING (report_id)
LEFT JOIN applicants m USING (report_id);
