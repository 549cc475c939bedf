-- dim_region: one row per GB/T 2260 region (province, prefecture, county).
-- Filled by load/regions.ts replaceRegions() from the regions stage's table.
CREATE TABLE IF NOT EXISTS dim_region (
    code             VARCHAR PRIMARY KEY,  -- 6-digit GB/T 2260 code
    name             VARCHAR NOT NULL,
    level            VARCHAR NOT NULL,     -- province, prefecture, county
    parent_code      VARCHAR,
    province_code    VARCHAR,
    prefecture_code  VARCHAR,
    path             VARCHAR               -- names from the province down, e.g. 江苏省/淮安市/洪泽区
);
