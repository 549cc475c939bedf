-- dim_agency: one row per reporting agency, identified by its recognised name and region code.
-- Derived from fact_report after every load batch (attributes from the agency's latest report),
-- so it never holds an agency whose reports have all been replaced.
CREATE TABLE IF NOT EXISTS dim_agency (
    agency_key         VARCHAR PRIMARY KEY,  -- md5(name | region_code), also on fact_report
    name               VARCHAR NOT NULL,     -- as recognised, e.g. 洪泽区人民政府
    region_code        VARCHAR,              -- GB/T 2260, NULL while unresolved
    kind               VARCHAR,              -- 人民政府, 办公室, 部门, 乡镇街道, 开发区管委会 …
    level              VARCHAR,              -- national, province, prefecture, county, township, other
    scope              VARCHAR,              -- own, jurisdiction
    region_method      VARCHAR,              -- how region_code was resolved
    region_confidence  DOUBLE,
    first_year         INTEGER,
    last_year          INTEGER,
    reports            INTEGER NOT NULL
);
