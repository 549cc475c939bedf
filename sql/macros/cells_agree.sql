-- cells_agree(state_a, value_a, state_b, value_b): whether two readings of one cell say the same:
-- the same number, or no number in both (a blank and a dash both print none). Used to compare the
-- copies of a report cell by cell.
CREATE OR REPLACE MACRO cells_agree(state_a, value_a, state_b, value_b) AS
    CASE WHEN state_a = 'number' AND state_b = 'number' THEN abs(value_a - value_b) <= 1e-9
         ELSE (state_a = 'number') = (state_b = 'number') END;
