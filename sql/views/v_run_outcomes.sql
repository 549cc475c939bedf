-- v_run_outcomes: what each ingest run did — files seen, loaded, unchanged, failed — and how long
-- it took. The counts of etl_run beside the outcomes of its files in etl_file.
-- Grain: one row per run (etl_run).
--   loaded, partial, not_report, failed, unchanged  files of the run by etl_file.outcome
--   seconds  finished_at − started_at
CREATE OR REPLACE VIEW v_run_outcomes AS
SELECT run.run_id,
       run.started_at,
       run.finished_at,
       epoch(run.finished_at - run.started_at)                         AS seconds,
       run.status,
       run.extractor_version,
       run.forced,
       run.files_seen,
       count(e.outcome) FILTER (WHERE e.outcome = 'loaded')::INTEGER     AS loaded,
       count(e.outcome) FILTER (WHERE e.outcome = 'partial')::INTEGER    AS partial,
       count(e.outcome) FILTER (WHERE e.outcome = 'not_report')::INTEGER AS not_report,
       count(e.outcome) FILTER (WHERE e.outcome = 'failed')::INTEGER     AS failed,
       count(e.outcome) FILTER (WHERE e.outcome = 'unchanged')::INTEGER  AS unchanged,
       run.findings_error,
       run.findings_warning,
       run.findings_info,
       run.cells_loaded
FROM etl_run run
LEFT JOIN etl_file e USING (run_id)
GROUP BY ALL;
