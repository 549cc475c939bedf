-- report_copy: which files hold the same report, and which of them the views count. Two files are
-- copies of one report when they name the same agency (agency_key and scope) and year and their
-- tables agree wherever both read a cell, or, where their tables share too few read cells to tell,
-- their prose is near-identical (pipeline/5-load/copies.ts). Rebuilt over the whole warehouse after
-- every load, so a later copy that reads better takes over the choice.
-- Grain: one row per file that has at least one copy; a report read from one file has no row here.
CREATE TABLE IF NOT EXISTS report_copy (
    report_id        VARCHAR PRIMARY KEY,  -- → fact_report: this copy
    chosen_id        VARCHAR NOT NULL,     -- → fact_report: the copy the views count (copy_rank 1)
    copies           INTEGER NOT NULL,     -- how many files hold this report
    copy_rank        INTEGER NOT NULL,     -- 1 = chosen: most cells read, fewest findings, most faithful format, latest loaded
    cells_read       INTEGER NOT NULL,     -- its printed cells read as a number, blank or dash (not inferred)
    findings         INTEGER NOT NULL,     -- its own findings (copies.* and xyear.* left out: they follow from the choice)
    format_rank      INTEGER NOT NULL,     -- 1 HTML or Word tables, 2 PDF, 3 text, 4 anything else
    matched_by       VARCHAR,              -- how it was found a copy of the chosen one: tables or text; NULL on the chosen
    cells_confirmed  INTEGER NOT NULL,     -- the report's counted cells that another copy read alike (the same on every copy)
    cells_disputed   INTEGER NOT NULL      -- the report's counted cells some copy reads otherwise: its copies.disagree findings
);
