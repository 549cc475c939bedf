-- v_cell_by_report: the cells the views count. A report read from one file: its cells as printed. A
-- report held by several files (report_copy): under its chosen copy, each cell as the best copy
-- reads it (report_copy_cell), with how many copies read it alike, a confidence signal. The other
-- copies keep their own cells, under their own id.
-- Grain: one row per report × printed_in × metric × applicant (NULL outside table 3).
--   from_report_id   the file whose reading this is (report_id unless another copy filled it)
--   copies_read      how many copies read the cell (number, blank or dash; not inferred)
--   copies_agreeing  how many of them read it as here (cells_agree); ≥ 2: confirmed by another copy;
--                    copies_read > copies_agreeing: disputed (a copies.disagree finding says by whom)
CREATE OR REPLACE VIEW v_cell_by_report AS
SELECT c.report_id, c.printed_in, c.metric, c.applicant, c.value, c.state, c.raw, c.inferred,
       c.report_id AS from_report_id,
       (c.state <> 'unreadable' AND NOT c.inferred)::INTEGER AS copies_read,
       (c.state <> 'unreadable' AND NOT c.inferred)::INTEGER AS copies_agreeing
FROM v_cell_by_file c
WHERE c.report_id NOT IN (SELECT chosen_id FROM report_copy)
UNION ALL
SELECT report_id, printed_in, metric, applicant, value, state, raw, inferred, from_report_id, copies_read, copies_agreeing
FROM report_copy_cell;
