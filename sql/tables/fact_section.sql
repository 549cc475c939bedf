-- fact_section: one row per recognised section of a report (1 总体情况 … 6 其他需要报告的事项),
-- with its full text, so analysts can search what agencies wrote about problems, fees and the rest.
CREATE TABLE IF NOT EXISTS fact_section (
    report_id   VARCHAR NOT NULL,  -- → fact_report
    section_no  INTEGER NOT NULL,  -- 1–6
    title       VARCHAR NOT NULL,  -- heading as printed
    text        VARCHAR NOT NULL
);
