-- dim_series_crosswalk: how the headline figures of the reports before 2019 (legacy) line up with
-- the 2019 and 2021 templates, and what changed between them; the v_series_* views read it.
-- Grain: one row per series (metric) × template (legacy, 2019, 2021).
-- Refilled from pipeline/core/crosswalk.ts every time the warehouse is opened for writing.
CREATE TABLE IF NOT EXISTS dim_series_crosswalk (
    metric      VARCHAR NOT NULL,   -- the series: received, granted, partial, denied, review_total, suit_total, proactive_total, request_fees
    template    VARCHAR NOT NULL,   -- legacy, 2019, 2021
    parts       VARCHAR,            -- what the figure is summed from, joined by ' + ': legacy codes (fact_legacy.metric) for legacy, v_report_statistics columns for 2019/2021; NULL: no counterpart
    printed_as  VARCHAR NOT NULL,   -- the label the template prints it under
    label_zh    VARCHAR NOT NULL,   -- the series' own name
    label_en    VARCHAR NOT NULL,
    unit        VARCHAR NOT NULL,   -- count, wan_yuan (万元)
    note        VARCHAR NOT NULL,   -- what this template counts, set against the others; why nothing, when parts is NULL
    sort_order  INTEGER NOT NULL,   -- the series' order in the summaries
    PRIMARY KEY (metric, template)
);
