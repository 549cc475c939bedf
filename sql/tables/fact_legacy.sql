-- fact_legacy: one row per figure of a pre-2019 report (政府信息公开情况统计表 row, or a sentence of
-- its sections where there is no table): grain report × legacy metric. Codes as in
-- report-format.md ("Reports before 2019"), `legacy.*`; a 累计 column is `<code>.cumulative`.
-- value is set only when state = 'number'; fees are converted to 万元.
CREATE TABLE IF NOT EXISTS fact_legacy (
    report_id  VARCHAR NOT NULL,  -- → fact_report (template = legacy)
    metric     VARCHAR NOT NULL,  -- legacy.* code
    value      DOUBLE,            -- the number in the metric's unit; NULL unless state = 'number'
    state      VARCHAR NOT NULL,  -- number, blank, dash, unreadable
    raw        VARCHAR NOT NULL,  -- the cell's (or the sentence's) number as printed
    unit       VARCHAR,           -- the unit as printed (条, 件, 元, 万元); NULL when none is printed
    found_by   VARCHAR NOT NULL,  -- table or sentence
    evidence   VARCHAR NOT NULL,  -- the row label as printed, or the whole sentence
    page       INTEGER
);
