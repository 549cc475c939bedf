-- v_cell_by_report: the cells the views count. A report read from one file: its cells as printed. A
-- report held by several files (report_copy): under its chosen copy, each cell as the best copy
-- reads it — the chosen copy's own reading, or, where it could not read a cell (unreadable,
-- inferred or not found), the reading of the best-ranked copy that could — and how many copies
-- read it alike, a confidence signal. The other copies keep their own cells, under their own id.
-- Grain: one row per report × printed_in × metric × applicant (NULL outside table 3).
--   from_report_id   the file whose reading this is (report_id unless another copy filled it)
--   copies_read      how many copies read the cell (number, blank or dash; not inferred)
--   copies_agreeing  how many of them read it as here (cells_agree); ≥ 2: confirmed by another copy;
--                    copies_read > copies_agreeing: disputed (a copies.disagree finding says by whom)
CREATE OR REPLACE VIEW v_cell_by_report AS
WITH copied AS (
    SELECT k.chosen_id AS report_id,
           k.copy_rank,
           c.report_id AS from_report_id,
           c.printed_in, c.metric, c.applicant, c.value, c.state, c.raw, c.inferred,
           c.state <> 'unreadable' AND NOT c.inferred AS is_read
    FROM report_copy k
    JOIN v_cell_by_file c ON c.report_id = k.report_id
),
ranked AS (
    SELECT *,
           row_number() OVER best AS pick,
           first_value(state) OVER best AS picked_state,
           first_value(value) OVER best AS picked_value
    FROM copied
    WINDOW best AS (PARTITION BY report_id, printed_in, metric, applicant
                    ORDER BY is_read DESC, state <> 'unreadable' DESC, copy_rank)
),
counted AS (
    SELECT *,
           count(*) FILTER (WHERE is_read) OVER cell AS copies_read,
           count(*) FILTER (WHERE is_read AND cells_agree(state, value, picked_state, picked_value)) OVER cell AS copies_agreeing
    FROM ranked
    WINDOW cell AS (PARTITION BY report_id, printed_in, metric, applicant)
)
SELECT c.report_id, c.printed_in, c.metric, c.applicant, c.value, c.state, c.raw, c.inferred,
       c.report_id AS from_report_id,
       (c.state <> 'unreadable' AND NOT c.inferred)::INTEGER AS copies_read,
       (c.state <> 'unreadable' AND NOT c.inferred)::INTEGER AS copies_agreeing
FROM v_cell_by_file c
WHERE c.report_id NOT IN (SELECT chosen_id FROM report_copy)
UNION ALL
SELECT report_id, printed_in, metric, applicant, value, state, raw, inferred,
       from_report_id, copies_read::INTEGER, copies_agreeing::INTEGER
FROM counted
WHERE pick = 1;
