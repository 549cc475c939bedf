-- dim_applicant: one row per table-3 applicant column, in printed order (自然人 … 总计).
-- Refilled from pipeline/catalogue.ts APPLICANTS whenever the warehouse is opened for writing.
CREATE TABLE IF NOT EXISTS dim_applicant (
    code        VARCHAR PRIMARY KEY,  -- natural_person, commercial, research, social_org, legal_service, other_org, total
    label_zh    VARCHAR NOT NULL,
    label_en    VARCHAR NOT NULL,
    sort_order  INTEGER NOT NULL
);
