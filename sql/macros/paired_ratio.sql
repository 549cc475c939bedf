-- paired_ratio(part, whole): an aggregate ratio Σ part / Σ whole over the rows that print both as
-- numbers, so a row with a blank side drops out of that ratio only; NULL when that Σ whole is zero.
-- Used by the roll-up views for every rate and share summed over agencies.
CREATE OR REPLACE MACRO paired_ratio(part, whole) AS
    sum(part) FILTER (WHERE part IS NOT NULL AND whole IS NOT NULL)
    / nullif(sum(whole) FILTER (WHERE part IS NOT NULL AND whole IS NOT NULL), 0);
