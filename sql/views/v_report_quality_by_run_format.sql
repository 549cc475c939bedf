-- v_report_quality_by_run_format: how much of each run was read clean — the files a run read
-- (not those it found unchanged), per format, by their quality class of v_report_quality.
-- Grain: one row per run × format × quality. A file re-read by a later run shows its quality as
-- it stands now (the warehouse keeps the latest reading only).
--   format   as sniffed (pdf, html, docx, text …); 'unknown' when the run kept no report row
CREATE OR REPLACE VIEW v_report_quality_by_run_format AS
SELECT e.run_id,
       run.started_at,
       coalesce(q.format, 'unknown')                                  AS format,
       coalesce(q.quality, CASE WHEN e.outcome = 'failed' THEN 'failed' ELSE e.outcome END) AS quality,
       count(*)::INTEGER                                              AS reports
FROM etl_file e
JOIN etl_run run USING (run_id)
LEFT JOIN v_report_quality q USING (report_id)
WHERE e.outcome <> 'unchanged'
GROUP BY ALL;
