-- dim_region: one row per administrative division: GB/T 2260 provinces, prefectures and counties,
-- and the statistics bureau's townships. Filled by load/regions.ts refreshRegions() from the regions stage's table.
CREATE TABLE IF NOT EXISTS dim_region (
    code             VARCHAR PRIMARY KEY,  -- 6-digit GB/T 2260 code; 9 digits for a township
    name             VARCHAR NOT NULL,
    level            VARCHAR NOT NULL,     -- province, prefecture, county, township
    parent_code      VARCHAR,
    province_code    VARCHAR,
    prefecture_code  VARCHAR,
    path             VARCHAR               -- names from the province down, e.g. 江苏省/淮安市/洪泽区
);
